"""The safe fetcher against a real HTTP server on 127.0.0.1: what it reads from a page,
and every way a page can be refused (private addresses, redirects, size, time, type)."""

import ipaddress
import socket
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from plein.core.testing import english_fixture  # noqa: F401 (a fixture, known by its name)
from plein.posts.tests.blog_server import (  # noqa: F401 (fixtures)
    BlogServer,
    blog_server_fixture,
    tls_blog_server_fixture,
)
from plein.posts.webfetch import FetchRefused, fetch_page, is_refused_address, normalise_url

MB = 1_000_000


@pytest.fixture(autouse=True)
def _loopback_allowed(settings, english: None) -> Iterator[None]:
    settings.PLEIN_WEBMENTION_ALLOW_LOOPBACK = True
    settings.BASE_URL = "https://plein.example"
    yield


def refused(url: str) -> str:
    with pytest.raises(FetchRefused) as caught:
        fetch_page(url)
    return caught.value.message


# --- What is read -----------------------------------------------------------------------


def test_it_reads_title_excerpt_author_and_links_from_microformats(blog_server):
    url = blog_server.post(
        "/post/", links_to="https://plein.example/carnivals/7/", author="Sanne de Vries"
    )
    page = fetch_page(url)
    assert page.final_url == url
    assert page.title == "Is social learning learnable?"
    assert page.excerpt == "Yes, if you make it small and safe."
    assert page.author_name == "Sanne de Vries"
    assert "https://plein.example/carnivals/7/" in page.links
    assert blog_server.url("/about/") in page.links


def test_it_sends_who_it_is_and_what_it_wants(blog_server):
    fetch_page(blog_server.post("/post/"))
    headers = blog_server.headers[0]
    assert headers["User-Agent"] == "Plein-Webmention (+https://plein.example/)"
    assert "text/html" in headers["Accept"]


def test_without_microformats_it_falls_back_to_meta_tags(blog_server):
    url = blog_server.page(
        "/meta/",
        """<html><head><title>Plain title</title>
        <meta property="og:title" content="Open Graph title">
        <meta name="description" content="What the post says, in short.">
        <meta name="author" content="Kees">
        </head><body><p>First paragraph.</p></body></html>""",
    )
    page = fetch_page(url)
    assert (page.title, page.excerpt, page.author_name) == (
        "Open Graph title",
        "What the post says, in short.",
        "Kees",
    )


def test_without_meta_tags_it_uses_the_title_and_first_paragraph(blog_server):
    url = blog_server.page(
        "/plain/",
        """<html><head><title>  Just a
        title </title><style>p { color: red }</style></head><body><nav></nav>
        <p></p><p>The <b>first</b>   real paragraph.</p><p>Second.</p>
        <script>alert("no")</script></body></html>""",
    )
    page = fetch_page(url)
    assert page.title == "Just a title"
    assert page.excerpt == "The first real paragraph."
    assert page.author_name == ""


def test_the_excerpt_is_plain_text_and_short(blog_server):
    long = "word " * 200
    url = blog_server.page(
        "/long/",
        f'<div class="h-entry"><div class="e-content"><p><img src=x onerror=alert(1)>'
        f"&lt;script&gt; {long}</p></div></div>",
    )
    page = fetch_page(url)
    assert len(page.excerpt) <= 300
    assert page.excerpt.startswith("<script> word word")  # text, escaped when shown
    assert page.excerpt.endswith("…")
    assert "onerror" not in page.excerpt


def test_a_deeply_nested_page_is_read_in_linear_time(blog_server):
    depth = 100_000
    url = blog_server.page(
        "/nested/",
        '<div class="h-entry"><p class="p-name">Deep</p>'
        + "<i>" * depth
        + '<a href="/end/">end</a>'
        + "</i>" * depth,
    )
    started = time.monotonic()
    page = fetch_page(url)
    assert time.monotonic() - started < 15  # quadratic would take minutes; linear, about 1 s
    assert page.title == "Deep"
    assert blog_server.url("/end/") in page.links


def test_broken_links_and_bases_are_skipped(blog_server):
    url = blog_server.page(
        "/broken/", '<base href="http://[broken"><a href="http://[x/">x</a><a href="/ok/">ok</a>'
    )
    assert fetch_page(url).links == {blog_server.url("/ok/")}


def test_links_are_absolute_follow_the_base_and_drop_fragments(blog_server):
    url = blog_server.page(
        "/links/",
        """<html><head><base href="https://blog.example/2026/">
        <link rel="stylesheet" href="/style.css"></head><body>
        <a href="post.html#comments">a</a><a href="mailto:x@example.org">m</a>
        <map><area href="https://plein.example/carnivals/3/#entries"></map></body></html>""",
    )
    assert fetch_page(url).links == {
        "https://blog.example/style.css",
        "https://blog.example/2026/post.html",
        "https://plein.example/carnivals/3/",
    }


@pytest.mark.parametrize(
    ("body", "content_type", "title"),
    [
        (
            "<title>Café in Enschede</title>".encode("latin-1"),
            "text/html; charset=iso-8859-1",
            "Café in Enschede",
        ),
        (
            '<meta charset="windows-1252"><title>Één “quote”</title>'.encode("cp1252"),
            "text/html",
            "Één “quote”",
        ),
    ],
    ids=["header", "meta-tag"],
)
def test_the_charset_comes_from_the_header_or_a_meta_tag(blog_server, body, content_type, title):
    url = blog_server.page("/charset/", body, content_type=content_type)
    assert fetch_page(url).title == title


def test_a_bad_byte_or_unknown_charset_is_replaced_not_fatal(blog_server):
    url = blog_server.page(
        "/bad/", b"<title>Bad \xff byte</title>", content_type="text/html; charset=nonsense"
    )
    assert fetch_page(url).title == "Bad \ufffd byte"


def test_xhtml_and_plain_text_are_read(blog_server):
    xhtml = blog_server.page(
        "/x/", "<html><title>XHTML</title></html>", content_type="application/xhtml+xml"
    )
    text = blog_server.page(
        "/t/",
        "My post for https://plein.example/carnivals/3/. More text.",
        content_type="text/plain; charset=utf-8",
    )
    assert fetch_page(xhtml).title == "XHTML"
    assert fetch_page(text).links == {"https://plein.example/carnivals/3/"}


# --- Refused addresses --------------------------------------------------------------------


def test_loopback_is_refused_by_default(blog_server, settings):
    settings.PLEIN_WEBMENTION_ALLOW_LOOPBACK = False
    url = blog_server.post("/post/")
    assert "private or local network" in refused(url)
    assert "private or local network" in refused(f"http://[::1]:{blog_server.port}/post/")
    assert "private or local network" in refused(f"http://localhost:{blog_server.port}/post/")
    for disguised in ["2130706433", "0x7f.1", "[::ffff:127.0.0.1]", "127.1"]:
        assert "private or local network" in refused(f"http://{disguised}:{blog_server.port}/post/")
    assert blog_server.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.1.1:8080/",
        "http://172.16.0.1/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[2002:a00:1::]/",  # 6to4 around 10.0.0.1
        "http://[::]/",
        "http://[64:ff9b::a00:1]/",  # NAT64 around 10.0.0.1
    ],
)
def test_private_and_link_local_addresses_are_refused_even_with_loopback_allowed(url):
    started = time.monotonic()
    assert "private or local network" in refused(url)
    assert time.monotonic() - started < 1  # refused before any connection attempt


def test_a_name_that_resolves_to_any_private_address_is_refused(monkeypatch):
    def resolve(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    assert "private or local network" in refused("http://rebind.example/post/")


def test_a_name_server_that_never_answers_is_cut_off_at_the_deadline(monkeypatch, settings):
    settings.PLEIN_WEBMENTION_TIMEOUT_SECONDS = 0.5

    def hang(host, port, *args, **kwargs):
        time.sleep(2)
        raise socket.gaierror("too late")

    monkeypatch.setattr(socket, "getaddrinfo", hang)
    started = time.monotonic()
    assert "did not answer within 0.5 seconds" in refused("http://slow-dns.example/")
    assert time.monotonic() - started < 1.5


def test_it_connects_to_the_address_it_checked(blog_server, monkeypatch):
    # DNS rebinding: the name is looked up once and that address is used, so a second
    # lookup (which here would say 10.0.0.5) never happens.
    url = blog_server.post("/post/")
    lookups: list[str] = []
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host != "blog.example":
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        answer = "127.0.0.1" if len(lookups) == 1 else "10.0.0.5"
        return real(answer, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    page = fetch_page(url.replace("127.0.0.1", "blog.example"))
    assert page.title == "Is social learning learnable?"
    assert lookups == ["blog.example"]


def test_the_public_internet_is_allowed():
    assert not is_refused_address(ipaddress.ip_address("93.184.216.34"))
    assert not is_refused_address(ipaddress.ip_address("2a00:1450:4001:80b::200e"))
    assert is_refused_address(ipaddress.ip_address("127.0.0.1"))
    assert not is_refused_address(ipaddress.ip_address("127.0.0.1"), allow_loopback=True)
    assert is_refused_address(ipaddress.ip_address("10.0.0.1"), allow_loopback=True)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://blog.example/post", "not a web address"),
        ("javascript:alert(1)", "not a web address"),
        ("file:///etc/passwd", "not a web address"),
        ("http:///no-host", "not a web address"),
        ("http://user:secret@blog.example/", "user name or password"),
        ("http://blog.example:99999/", "invalid port"),
        ("http://no-such-host.invalid/", "was not found"),
    ],
)
def test_bad_addresses_are_refused_with_a_reason(url, message):
    assert message in refused(url)


def test_a_closed_port_is_a_refused_connection(blog_server):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    assert "refused the connection" in refused(f"http://127.0.0.1:{port}/")


# --- https ---------------------------------------------------------------------------


def test_https_verifies_the_certificate_against_the_host_name(tls_blog_server, monkeypatch):
    server, certificate = tls_blog_server
    server.post("/post/")
    untrusted = refused(server.url("/post/", host="localhost"))
    assert "certificate is not valid" in untrusted
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))
    assert fetch_page(server.url("/post/", host="localhost")).title == (
        "Is social learning learnable?"
    )
    # Pinned to 127.0.0.1, yet checked against the name: the name must be on the certificate.
    assert "certificate is not valid" in refused(server.url("/post/"))


# --- Redirects ------------------------------------------------------------------------


def test_redirects_are_followed_and_the_final_address_kept(blog_server):
    final = blog_server.post("/2026/post/")
    blog_server.redirect("/p/1", "/short")
    blog_server.redirect("/short", final, status=301)
    page = fetch_page(blog_server.url("/p/1"))
    assert page.final_url == final
    assert page.title == "Is social learning learnable?"


def test_relative_links_resolve_against_the_final_address(blog_server):
    blog_server.page("/2026/post/", '<a href="next/">next</a>')
    blog_server.redirect("/old", "/2026/post/", status=308)
    assert fetch_page(blog_server.url("/old")).links == {blog_server.url("/2026/post/next/")}


def test_a_redirect_to_the_same_address_with_a_slash_is_no_loop(blog_server):
    blog_server.post("/post/")
    blog_server.redirect("/post", "/post/", status=301)
    assert fetch_page(blog_server.url("/post")).final_url == blog_server.url("/post/")


def test_an_address_with_letters_beyond_ascii_is_fetched(blog_server):
    blog_server.post("/caf%C3%A9/")
    assert fetch_page(blog_server.url("/café/")).title == "Is social learning learnable?"


def test_a_redirect_loop_is_refused(blog_server):
    blog_server.redirect("/a", "/b")
    blog_server.redirect("/b", "/a")
    assert "redirects in a loop" in refused(blog_server.url("/a"))
    assert blog_server.requests == ["/a", "/b"]


def test_too_many_redirects_are_refused(blog_server, settings):
    settings.PLEIN_WEBMENTION_MAX_REDIRECTS = 3
    for hop in range(10):
        blog_server.redirect(f"/hop/{hop}", f"/hop/{hop + 1}")
    assert "redirects more than 3 times" in refused(blog_server.url("/hop/0"))
    assert len(blog_server.requests) == 4


@pytest.mark.parametrize(
    "location", ["http://10.1.2.3/", "http://169.254.169.254/latest/meta-data/"]
)
def test_a_redirect_to_a_private_address_is_refused_without_connecting(blog_server, location):
    blog_server.redirect("/jump", location)
    started = time.monotonic()
    assert "private or local network" in refused(blog_server.url("/jump"))
    assert time.monotonic() - started < 1


def test_a_redirect_without_location_is_refused(blog_server):
    blog_server.page("/nowhere", "", status=302)
    assert "said not where to" in refused(blog_server.url("/nowhere"))


# --- Status and type ------------------------------------------------------------------


def test_not_found_and_gone_are_refused(blog_server):
    assert "answered 404" in refused(blog_server.url("/missing/"))
    blog_server.page("/gone/", "gone", status=410)
    assert "is gone (410)" in refused(blog_server.url("/gone/"))
    blog_server.page("/error/", "oops", status=500)
    assert "answered 500" in refused(blog_server.url("/error/"))


def test_anything_but_a_web_page_is_refused(blog_server):
    url = blog_server.page("/image.png", b"\x89PNG", content_type="image/png")
    assert "not a web page but image/png" in refused(url)
    url = blog_server.page("/untyped", b"<title>x</title>", content_type="")
    assert "did not say what it contains" in refused(url)


# --- Size and time --------------------------------------------------------------------


def _streamed(size: int, *, content_length: int | None = None):
    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        if content_length is not None:
            request.send_header("Content-Length", str(content_length))
        else:
            request.send_header("Connection", "close")
        request.end_headers()
        request.wfile.write(b"<title>Huge</title>")
        chunk = b"<p>" + b"x" * 65_000 + b"</p>"
        for _ in range(size // len(chunk)):
            request.wfile.write(chunk)

    return handler


def test_a_page_saying_it_is_too_large_is_refused_before_reading(blog_server):
    url = blog_server.route("/huge-declared", _streamed(5 * MB, content_length=5 * MB))
    started = time.monotonic()
    assert "larger than 1000 kB" in refused(url)
    assert time.monotonic() - started < 1


def test_a_streamed_page_that_grows_too_large_is_cut_off(blog_server):
    url = blog_server.route("/huge-streamed", _streamed(5 * MB))
    assert "larger than 1000 kB" in refused(url)


def test_a_lying_content_length_reads_no_more_than_it_said(blog_server):
    # It says 2 kB and sends 5 MB: Plein reads the 2 kB it was promised, and stops.
    url = blog_server.route("/liar", _streamed(5 * MB, content_length=2_000))
    started = time.monotonic()
    assert fetch_page(url).title == "Huge"
    assert time.monotonic() - started < 2


def test_the_size_limit_is_the_setting(blog_server, settings):
    settings.PLEIN_WEBMENTION_MAX_BYTES = 1_000
    url = blog_server.page("/middle", "<p>" + "y" * 2_000 + "</p>")
    assert "larger than 1 kB" in refused(url)


def _dripping(request: BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.send_header("Content-Length", "1000")
    request.end_headers()
    for _ in range(1000):
        request.wfile.write(b"x")
        request.wfile.flush()
        time.sleep(0.2)


def _slow_headers(request: BaseHTTPRequestHandler) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"y" * 100:
        request.wfile.write(bytes([byte]))
        request.wfile.flush()
        time.sleep(0.1)


@pytest.mark.parametrize("handler", [_dripping, _slow_headers])
def test_a_page_dripping_slowly_is_cut_off_at_the_deadline(blog_server, settings, handler):
    settings.PLEIN_WEBMENTION_TIMEOUT_SECONDS = 1
    url = blog_server.route("/slow", handler)
    started = time.monotonic()
    assert "did not answer within 1 second." in refused(url)
    assert time.monotonic() - started < 2


def test_the_deadline_covers_all_redirect_hops(blog_server, settings):
    settings.PLEIN_WEBMENTION_TIMEOUT_SECONDS = 1

    def slow_redirect(request: BaseHTTPRequestHandler) -> None:
        time.sleep(0.4)
        BlogServer._answer(
            request, 302, b"", "", {"Location": "/r2" if "r1" in request.path else "/r3"}
        )

    blog_server.route("/r1", slow_redirect)
    blog_server.route("/r2", slow_redirect)
    blog_server.route("/r3", slow_redirect)
    started = time.monotonic()
    assert "did not answer within" in refused(blog_server.url("/r1"))
    assert time.monotonic() - started < 1.8


# --- Comparing addresses --------------------------------------------------------------


def test_normalised_addresses_ignore_scheme_case_default_port_slash_and_fragment():
    same = {
        normalise_url(url)
        for url in [
            "https://Plein.Example/carnivals/3/",
            "http://plein.example/carnivals/3",
            "https://plein.example:443/carnivals/3/#entries",
            "http://plein.example:80/carnivals/3/",
        ]
    }
    assert len(same) == 1
    assert normalise_url("https://plein.example:8443/carnivals/3/") not in same
    assert normalise_url("https://plein.example/carnivals/30/") not in same
