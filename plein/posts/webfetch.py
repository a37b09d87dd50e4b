"""Fetching one external web page safely, for blog carnival entries (Webmentions and
addresses registered by members).

Anyone on the internet can make Plein fetch an address by sending a Webmention, so the
fetch is the classic server-side request forgery target. The rules, each enforced here:

- only http and https, no user name or password in the address;
- the host name is resolved once; if ANY address it resolves to is private, loopback,
  link-local, multicast, reserved, unspecified, shared (100.64/10), in 0/8, or an IPv6
  form of those (IPv4-mapped, 6to4), the fetch is refused before connecting. Loopback is
  allowed only with settings.PLEIN_WEBMENTION_ALLOW_LOOPBACK (the tests' blog on
  127.0.0.1); private and link-local never;
- the connection goes to the address that was checked (pinned), not to a second lookup,
  so DNS rebinding cannot swap it in between; https still verifies the certificate
  against the host name;
- redirects are followed by hand, each hop checked again, at most
  PLEIN_WEBMENTION_MAX_REDIRECTS, loops refused;
- one deadline (PLEIN_WEBMENTION_TIMEOUT_SECONDS) for everything: all hops, headers and
  body. Every read gets the time that is left, and a watchdog closes the socket at the
  deadline, so a server that drips a byte a second is cut off;
- at most PLEIN_WEBMENTION_MAX_BYTES of body; only HTML (and plain text).

Every failure raises FetchRefused with a translated sentence the submitter and the host
can act on. The result is plain text only: no HTML from the page is ever kept.
"""

import concurrent.futures
import contextlib
import http.client
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import SplitResult, quote, urldefrag, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.http.request import validate_host
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plein.core.errors import PleinError

logger = logging.getLogger("plein.posts")

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = HTML_TYPES | {"text/plain"}
TITLE_MAX = 300
EXCERPT_MAX = 300
AUTHOR_MAX = 200
CHUNK = 64 * 1024
SHOWN_URL_MAX = 120
PRINTABLE_ASCII = "".join(chr(code) for code in range(33, 127))
# Addresses that the ipaddress properties do not all call private, yet are not the
# public internet: carrier-grade NAT (shared) space and "this network".
EXTRA_REFUSED = (ipaddress.ip_network("100.64.0.0/10"), ipaddress.ip_network("0.0.0.0/8"))

NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchRefused(PleinError):
    """The page could not or may not be fetched; the message says why. `gone` when the
    server said for certain that the page is not there (404, 410), not merely failed."""

    def __init__(self, message: str, *, gone: bool = False) -> None:
        super().__init__(message)
        self.gone = gone


@dataclass(frozen=True)
class FetchedPage:
    final_url: str
    title: str = ""
    excerpt: str = ""
    author_name: str = ""
    links: frozenset[str] = field(default_factory=frozenset)


def shown_url(url: str) -> str:
    # In a message, enough of the address to recognise it: the reason must fit the
    # entry's `failure` (300 characters) whatever the address's length.
    return url if len(url) <= SHOWN_URL_MAX else url[: SHOWN_URL_MAX - 1] + "…"


def _default_port(parts: SplitResult) -> int | None:
    # http and https count as one site, so their default ports count as one too.
    try:
        port = parts.port
    except ValueError:
        return -1
    return None if port in (None, 80, 443) else port


def on_this_site(url: str, *, same_server: bool = False) -> bool:
    """Whether `url` is on Plein's own host name (BASE_URL's or an ALLOWED_HOSTS entry),
    scheme-insensitive. With same_server, the port must match BASE_URL's as well: a blog
    on another port of the same machine (the tests' blog on 127.0.0.1) is not this site."""
    parts, base = urlsplit(url), urlsplit(settings.BASE_URL)
    host = (parts.hostname or "").lower()
    own = host == (base.hostname or "").lower() or validate_host(
        host, [allowed for allowed in settings.ALLOWED_HOSTS if allowed != "*"]
    )
    if not own or not same_server:
        return own
    return _default_port(parts) == _default_port(base)


def normalise_url(url: str) -> str:
    """The form in which two addresses of the same page compare equal: http and https
    alike, host lower-case, default port dropped, trailing slash and fragment ignored."""
    try:
        parts = urlsplit(urldefrag(url.strip())[0])
    except ValueError:  # not an address at all: equal to nothing else
        return url
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = parts.path.rstrip("/")
    return urlunsplit(("http", netloc, path, parts.query, ""))


def fetch_page(url: str) -> FetchedPage:
    """Fetch `url` under the rules above and return its title, excerpt, author and links."""
    deadline = time.monotonic() + settings.PLEIN_WEBMENTION_TIMEOUT_SECONDS
    # Exact addresses, not normalised ones: http to https, or /post to /post/, is the
    # most common redirect of all and no loop.
    seen: set[str] = set()
    current = url
    for _hop in range(settings.PLEIN_WEBMENTION_MAX_REDIRECTS + 1):
        seen.add(current)
        status, location, page = _fetch_once(current, deadline)
        if page is not None:
            return page
        if not location:
            raise FetchRefused(
                _("The page %(url)s answered with a redirect (%(status)d) but said not where to.")
                % {"url": shown_url(current), "status": status}
            )
        try:
            following = urldefrag(urljoin(current, location))[0]
        except ValueError as error:
            raise FetchRefused(
                _("The page %(url)s redirects to an invalid address.") % {"url": shown_url(current)}
            ) from error
        if following in seen:
            raise FetchRefused(
                _("The page %(url)s redirects in a loop.") % {"url": shown_url(url)},
            )
        current = following
    raise FetchRefused(
        _("The page %(url)s redirects more than %(count)d times.")
        % {"url": shown_url(url), "count": settings.PLEIN_WEBMENTION_MAX_REDIRECTS}
    )


# --- One hop -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str
    ips: tuple[str, ...]


def _fetch_once(url: str, deadline: float) -> tuple[int, str, FetchedPage | None]:
    """Fetch one hop: (status, Location, None) for a redirect, (200, "", page) for a page."""
    target = _check_url(url, deadline)
    remaining = _time_left(deadline, url)
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target.host, target.port, ips=target.ips, timeout=remaining)
    # The watchdog shuts the socket at the deadline, whatever the server drips: each read
    # also has its own timeout, but a header line can be sent a byte at a time.
    watchdog = threading.Timer(remaining, connection.shut)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request(
            "GET",
            target.path,
            headers={
                "User-Agent": f"Plein-Webmention (+{settings.BASE_URL}/)",
                "Accept": "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5",
            },
        )
        response = connection.getresponse()
        if response.status in REDIRECT_STATUSES:
            return response.status, response.getheader("Location", ""), None
        _check_response(url, response)
        body = _read_body(url, response, connection, deadline)
        return response.status, "", _parse(url, response, body)
    except FetchRefused:
        raise
    except TimeoutError as error:
        raise _timed_out(url) from error
    except ssl.SSLCertVerificationError as error:
        raise FetchRefused(
            _("The secure connection to %(host)s failed: its certificate is not valid.")
            % {"host": target.host}
        ) from error
    except ConnectionRefusedError as error:
        raise FetchRefused(
            _("The server %(host)s refused the connection.") % {"host": target.host}
        ) from error
    except (OSError, http.client.HTTPException, ValueError) as error:
        if connection.cut_off or time.monotonic() >= deadline:
            raise _timed_out(url) from error
        raise FetchRefused(
            _("The page %(url)s could not be fetched: the connection failed.")
            % {"url": shown_url(url)}
        ) from error
    finally:
        watchdog.cancel()
        connection.close()


def _check_url(url: str, deadline: float) -> _Target:
    """Refuse addresses Plein must not fetch; resolve the host and pick the address to
    connect to."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(
            _("The address %(url)s is not a web address (http or https).") % {"url": shown_url(url)}
        )
    if parts.username is not None or parts.password is not None:
        raise FetchRefused(
            _("The address %(url)s contains a user name or password.") % {"url": shown_url(url)}
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchRefused(
            _("The address %(url)s has an invalid port.") % {"url": shown_url(url)}
        ) from error
    host = parts.hostname
    # The lookup counts against the deadline too: a name server that never answers
    # would otherwise hold the check for the resolver's own timeouts (half a minute).
    lookup = _resolver().submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = lookup.result(timeout=_time_left(deadline, url))
    except concurrent.futures.TimeoutError as error:
        raise _timed_out(url) from error
    except (OSError, UnicodeError, ValueError) as error:  # gaierror is an OSError
        raise FetchRefused(_("The host name %(host)s was not found.") % {"host": host}) from error
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise FetchRefused(_("The host name %(host)s was not found.") % {"host": host})
    allow_loopback = settings.PLEIN_WEBMENTION_ALLOW_LOOPBACK
    for address in addresses:
        if is_refused_address(address, allow_loopback=allow_loopback):
            raise FetchRefused(
                _(
                    "The address %(url)s points to a private or local network; Plein only "
                    "fetches pages on the public internet."
                )
                % {"url": shown_url(url)}
            )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    # Letters beyond ASCII (and spaces or control characters) travel percent-encoded.
    path = quote(path, safe=PRINTABLE_ASCII)
    # Every address was checked; they are tried in the resolver's order, as a browser would.
    ips = tuple(dict.fromkeys(str(address) for address in addresses))
    return _Target(parts.scheme, host, port, path, ips)


def is_refused_address(address: IPAddress, *, allow_loopback: bool = False) -> bool:
    """Whether `address` is anything but the public internet (loopback only when allowed)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in NAT64:
            # Through a NAT64 gateway 64:ff9b::a00:1 reaches 10.0.0.1.
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_refused_address(embedded, allow_loopback=allow_loopback)
    if address.is_loopback:
        return not allow_loopback
    if isinstance(address, ipaddress.IPv4Address) and any(
        address in network for network in EXTRA_REFUSED
    ):
        return True
    return (
        address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


class _PinnedMixin:
    """Connect to the address that was checked, not to a fresh lookup of the name."""

    host: str
    port: int
    timeout: float | None
    pinned_ips: tuple[str, ...]
    pinned_sock: socket.socket | None = None
    cut_off = False

    def _open(self) -> socket.socket:
        error: OSError = ConnectionRefusedError()
        for ip in self.pinned_ips:
            try:
                sock = socket.create_connection((ip, self.port), self.timeout)
            except TimeoutError:
                raise  # the time is up for all of them
            except OSError as failed:  # refused, or unreachable (IPv6 without a route)
                error = failed
                continue
            self.pinned_sock = sock
            return sock
        raise error

    def shut(self) -> None:
        # Called by the watchdog thread: wake up any blocked read (it then sees EOF).
        self.cut_off = True
        sock = self.pinned_sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def settimeout(self, seconds: float) -> None:
        if self.pinned_sock is not None:
            self.pinned_sock.settimeout(seconds)


class _PinnedHTTPConnection(_PinnedMixin, http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, ips: tuple[str, ...], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.pinned_ips = ips

    def connect(self) -> None:
        self.sock = self._open()


class _PinnedHTTPSConnection(_PinnedMixin, http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, ips: tuple[str, ...], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.pinned_ips = ips

    def connect(self) -> None:
        raw = self._open()
        # The certificate is checked against the name in the address, not the pinned IP.
        wrapped = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]
        self.pinned_sock = wrapped
        self.sock = wrapped


def _time_left(deadline: float, url: str) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _timed_out(url)
    return remaining


_lookups: concurrent.futures.ThreadPoolExecutor | None = None
_lookups_lock = threading.Lock()


def _resolver() -> concurrent.futures.ThreadPoolExecutor:
    # A few threads shared by all fetches; a hung lookup keeps one busy until the
    # resolver gives up, but never holds the fetch that asked for it.
    global _lookups
    with _lookups_lock:
        if _lookups is None:
            _lookups = concurrent.futures.ThreadPoolExecutor(
                max_workers=4, thread_name_prefix="plein-webfetch-dns"
            )
        return _lookups


def _timed_out(url: str) -> FetchRefused:
    seconds = settings.PLEIN_WEBMENTION_TIMEOUT_SECONDS
    return FetchRefused(
        ngettext(
            "The page %(url)s did not answer within %(seconds)s second.",
            "The page %(url)s did not answer within %(seconds)s seconds.",
            1 if seconds == 1 else 2,
        )
        % {"url": shown_url(url), "seconds": f"{seconds:g}"}
    )


def _too_large(url: str) -> FetchRefused:
    return FetchRefused(
        _("The page %(url)s is larger than %(size)s kB; Plein reads at most that much.")
        % {"url": shown_url(url), "size": settings.PLEIN_WEBMENTION_MAX_BYTES // 1000}
    )


def _check_response(url: str, response: http.client.HTTPResponse) -> None:
    if response.status == 410:
        raise FetchRefused(
            _("The page %(url)s is gone (410).") % {"url": shown_url(url)}, gone=True
        )
    if not 200 <= response.status < 300:
        raise FetchRefused(
            _("The page %(url)s answered %(status)d instead of showing the post.")
            % {"url": shown_url(url), "status": response.status},
            gone=response.status == 404,
        )
    if not response.getheader("Content-Type"):
        raise FetchRefused(
            _("The page %(url)s did not say what it contains.") % {"url": shown_url(url)}
        )
    content_type = response.headers.get_content_type()
    if content_type not in TEXT_TYPES:
        raise FetchRefused(
            _("The address %(url)s is not a web page but %(type)s.")
            % {"url": shown_url(url), "type": content_type}
        )
    length = response.getheader("Content-Length", "")
    if length.strip().isdigit() and int(length) > settings.PLEIN_WEBMENTION_MAX_BYTES:
        raise _too_large(url)


def _read_body(
    url: str, response: http.client.HTTPResponse, connection: _PinnedMixin, deadline: float
) -> bytes:
    limit = settings.PLEIN_WEBMENTION_MAX_BYTES
    chunks: list[bytes] = []
    total = 0
    while True:
        connection.settimeout(_time_left(deadline, url))
        # read1: at most one read from the socket, so the deadline is checked between
        # every few bytes a slow server sends, not only after a full buffer.
        chunk = response.read1(CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise _too_large(url)
        chunks.append(chunk)
    if connection.cut_off:
        # The watchdog closed the socket: what came is not the whole page.
        raise _timed_out(url)
    return b"".join(chunks)


# --- Reading the page ----------------------------------------------------------------

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
PLAIN_LINK = re.compile(r"https?://[^\s<>\"']+")
SPACE = re.compile(r"\s+")


def _decode(response: http.client.HTTPResponse, body: bytes) -> str:
    charset = response.headers.get_content_charset()
    if not charset:
        # Browsers look for <meta charset> in the first 1024 bytes only.
        match = META_CHARSET.search(body[:1024])
        charset = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return body.decode(charset, errors="replace")
    except (LookupError, ValueError):  # an unknown charset, or no text encoding at all
        return body.decode("utf-8", errors="replace")


def _parse(url: str, response: http.client.HTTPResponse, body: bytes) -> FetchedPage:
    text = _decode(response, body)
    if response.headers.get_content_type() == "text/plain":
        links = frozenset(urldefrag(link.rstrip(".,;:!?)"))[0] for link in PLAIN_LINK.findall(text))
        return FetchedPage(final_url=url, excerpt=_shorten(text, EXCERPT_MAX), links=links)
    reader = _PageReader()
    try:
        reader.feed(text)
        reader.close()
    except Exception:  # a broken page yields what was read before the break
        logger.info("unreadable HTML at %s", url, exc_info=True)
    return reader.page(url)


def _collapse(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def _shorten(text: str, limit: int) -> str:
    text = _collapse(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + "…"


BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt"}
    | {"figcaption", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li"}
    | {"main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"}
)
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr", "param", "keygen"}
)
SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "svg"})
LINK_TAGS = frozenset({"a", "link", "area"})
MICROFORMAT_CLASSES = frozenset(
    {"h-entry", "p-name", "p-summary", "e-content", "p-author", "u-author", "h-card"}
)
NO_CLASSES: frozenset[str] = frozenset()
CAPTURE_MAX = 5_000


class _PageReader(HTMLParser):
    """Collects the text of the few parts Plein shows (title, excerpt, author) and the
    page's links. Microformats (h-entry, h-card) first, then meta tags, then plain HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # The open elements: (tag, the classes Plein looks for, captures started there).
        # Counters over the stack keep every event O(1), so a page of 100,000 nested
        # elements costs no more than a flat one.
        self.stack: list[tuple[str, frozenset[str], tuple[str, ...]]] = []
        self.open_tags: Counter[str] = Counter()
        self.open_classes: Counter[str] = Counter()
        self.active: Counter[str] = Counter()
        self.skipping = 0
        self.buffers: dict[str, list[str]] = {}
        self.lengths: Counter[str] = Counter()
        self.finished: set[str] = set()
        self.meta: dict[str, str] = {}
        self.hrefs: list[str] = []
        self.base_href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = NO_CLASSES
        if attrs:
            values = {name: value or "" for name, value in attrs}
            classes = frozenset(values.get("class", "").split()) & MICROFORMAT_CLASSES
            if tag in LINK_TAGS and values.get("href"):
                self.hrefs.append(values["href"].strip())
            elif tag == "base" and values.get("href") and not self.base_href:
                self.base_href = values["href"].strip()
            elif tag == "meta":
                name = (values.get("name") or values.get("property") or "").lower()
                if name and values.get("content") and name not in self.meta:
                    self.meta[name] = values["content"]
        if tag in BLOCK_TAGS:
            self._add_text(" ")
        if tag in VOID_TAGS:
            return
        keys = self._captures_for(tag, classes) if classes or tag in ("title", "p") else ()
        self.stack.append((tag, classes, keys))
        self.open_tags[tag] += 1
        if classes:
            self.open_classes.update(classes)
        if keys:
            self.active.update(keys)
        if tag in SKIPPED_TAGS:
            self.skipping += 1

    def _captures_for(self, tag: str, classes: frozenset[str]) -> tuple[str, ...]:
        wanted: list[str] = []
        in_author = self.open_classes["p-author"] > 0 or self.open_classes["u-author"] > 0
        in_entry = self.open_classes["h-entry"] > 0
        if tag == "title" and not self.open_tags["svg"]:
            wanted.append("title")
        if tag == "p":
            wanted.append("first_p")
        if "p-author" in classes:
            wanted.append("author")
        if "p-name" in classes:
            if in_author or "p-author" in classes:
                wanted.append("author_name")
            elif in_entry or "h-entry" in classes:
                wanted.append("entry_name")
        if in_entry and not in_author:
            if "p-summary" in classes:
                wanted.append("summary")
            if "e-content" in classes:
                wanted.append("content")
        return tuple(key for key in wanted if key not in self.finished and not self.active[key])

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self._add_text(" ")
        if not self.open_tags[tag]:
            return
        # Close the element and everything left open inside it (HTML forgives that).
        while self.stack:
            element_tag, classes, keys = self.stack.pop()
            self.open_tags[element_tag] -= 1
            if classes:
                self.open_classes.subtract(classes)
            if keys:
                self.active.subtract(keys)
            if element_tag in SKIPPED_TAGS:
                self.skipping -= 1
            for key in keys:
                if _collapse("".join(self.buffers.get(key, []))):
                    self.finished.add(key)
                else:
                    self.buffers.pop(key, None)
                    self.lengths[key] = 0
            if element_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._add_text(data)

    def _add_text(self, text: str) -> None:
        for key, count in self.active.items():
            # Enough for a title or an excerpt; the rest of a long post is not kept.
            if count > 0 and self.lengths[key] < CAPTURE_MAX:
                self.buffers.setdefault(key, []).append(text)
                self.lengths[key] += len(text)

    def text(self, key: str) -> str:
        return _collapse("".join(self.buffers.get(key, [])))

    def page(self, url: str) -> FetchedPage:
        try:
            base = urljoin(url, self.base_href) if self.base_href else url
        except ValueError:
            base = url
        links = set()
        for href in self.hrefs:
            try:
                absolute = urldefrag(urljoin(base, href))[0]
            except ValueError:  # a broken link is no link
                continue
            if absolute.startswith(("http://", "https://")):
                links.add(absolute)
        title = (
            self.text("entry_name")
            or _collapse(self.meta.get("og:title", ""))
            or self.text("title")
        )
        excerpt = (
            self.text("summary")
            or self.text("content")
            or _collapse(self.meta.get("description", ""))
            or _collapse(self.meta.get("og:description", ""))
            or self.text("first_p")
        )
        author = (
            self.text("author_name")
            or self.text("author")
            or _collapse(self.meta.get("author", ""))
        )
        return FetchedPage(
            final_url=url,
            title=_shorten(title, TITLE_MAX),
            excerpt=_shorten(excerpt, EXCERPT_MAX),
            author_name=_shorten(author, AUTHOR_MAX),
            links=frozenset(links),
        )
