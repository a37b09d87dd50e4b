"""A small real blog on 127.0.0.1 for tests of Webmentions and registered addresses.

Plein fetches external pages over real sockets (plein.posts.webfetch), so the tests run
a real HTTP server: a ThreadingHTTPServer on a free port, in a daemon thread, started
per test by the `blog_server` fixture and stopped after it. Register what each address
answers, then use `blog_server.url(path)` as the source address.

Plein refuses loopback addresses unless settings.PLEIN_WEBMENTION_ALLOW_LOOPBACK is
true; a test (or browser journey) that wants Plein to fetch from this blog sets it:

    from plein.posts.tests.blog_server import blog_server_fixture  # noqa: F401

    def test_it(blog_server, settings):
        settings.PLEIN_WEBMENTION_ALLOW_LOOPBACK = True
        source = blog_server.post("/my-post/", links_to="https://plein.example/carnivals/1/")
        ...

Routes:
- `page(path, body, status=200, content_type=..., headers=...)`: a fixed answer;
- `post(path, links_to=..., title=..., ...)`: a blog post with h-entry microformats that
  links to `links_to` (or to nothing), returning its absolute address;
- `redirect(path, location, status=302)`;
- `route(path, handler)`: anything else; `handler(request)` gets the
  BaseHTTPRequestHandler and writes the answer itself (huge, slow, lying pages);
- `requests`: the paths asked for, in order (to check that nothing was fetched).

`tls_blog_server` is the same blog over https, with a self-signed certificate for the
name `localhost`.
"""

import contextlib
import html
import shutil
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

Handler = Callable[[BaseHTTPRequestHandler], None]


class BlogServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[str] = []
        self.headers: list[dict[str, str]] = []
        blog = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                blog.requests.append(self.path)
                blog.headers.append(dict(self.headers.items()))
                handler = blog.routes.get(self.path.split("?")[0])
                if handler is None:
                    blog._answer(self, 404, b"not found", "text/plain")
                    return
                # Plein hanging up (too large, too slow) is what such a test wants.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    handler(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        self.server.daemon_threads = True
        # A handler still writing when Plein hung up is not an error worth printing.
        self.server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self.port = self.server.server_address[1]
        self.scheme = "http"
        # A short poll interval: stopping the server after each test waits for one poll.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def use_tls(self, certificate: Path, key: Path) -> None:
        """Answer over https with this certificate (before start())."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.scheme = "https"

    def start(self) -> "BlogServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str, *, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    @staticmethod
    def _answer(
        request: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        request.send_response(status)
        if content_type:
            request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(body)

    def route(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def page(
        self,
        path: str,
        body: str | bytes,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> str:
        data = body.encode() if isinstance(body, str) else body
        return self.route(
            path, lambda request: self._answer(request, status, data, content_type, headers)
        )

    def redirect(self, path: str, location: str, *, status: int = 302) -> str:
        return self.route(
            path,
            lambda request: self._answer(request, status, b"", "", {"Location": location}),
        )

    def post(
        self,
        path: str,
        *,
        links_to: str = "",
        title: str = "Is social learning learnable?",
        summary: str = "Yes, if you make it small and safe.",
        author: str = "Sanne de Vries",
    ) -> str:
        """A blog post marked up with h-entry and an h-card author (as IndieWeb blogs
        write them) that links to `links_to`."""
        link = (
            f'<p>Written for <a href="{html.escape(links_to)}">the blog carnival</a>.</p>'
            if links_to
            else "<p>No carnival mentioned here.</p>"
        )
        body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | My blog</title></head>
<body><article class="h-entry">
<h1 class="p-name">{html.escape(title)}</h1>
<a class="p-author h-card" href="/about/"><span class="p-name">{html.escape(author)}</span></a>
<p class="p-summary">{html.escape(summary)}</p>
<div class="e-content"><p>The long story.</p>{link}</div>
</article></body></html>"""
        return self.page(path, body)


@pytest.fixture(name="blog_server")
def blog_server_fixture() -> Iterator[BlogServer]:
    server = BlogServer().start()
    try:
        yield server
    finally:
        server.stop()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for the name `localhost` (not for 127.0.0.1), made with the openssl
    command; the test is skipped where there is none."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    certificate, key = folder / "localhost.pem", folder / "localhost-key.pem"
    subprocess.run(
        [
            *(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", str(key), "-out", str(certificate), "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost"),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


@pytest.fixture(name="tls_blog_server")
def tls_blog_server_fixture(tmp_path: Path) -> Iterator[tuple[BlogServer, Path]]:
    """The blog over https, with a self-signed certificate for `localhost`; yields the
    server and the certificate (to trust it: SSL_CERT_FILE=certificate)."""
    certificate, key = self_signed_certificate(tmp_path)
    server = BlogServer()
    server.use_tls(certificate, key)
    server.start()
    try:
        yield server, certificate
    finally:
        server.stop()
