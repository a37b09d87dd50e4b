"""No secret from an address reaches a log: every route with a token or a code in its path
is requested through runserver's own request handler, and the log it writes is read."""

import io
import logging
import re
import secrets
import socket
import threading
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from plein.core.logging import RedactTokens, is_secret_parameter, redact, routes

pytestmark = pytest.mark.django_db

# Route parameters that are no secret: a theme's slug, a development mail's file name and
# the admin's object addresses. A new non-numeric parameter must be added here or be
# named token/code (and so be redacted): this list is the decision, written down.
PUBLIC_PARAMETERS = {"slug", "mail_id", "object_id", "content_type_id"}

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

# The addresses issue 14 found in the logs, by name: each must be among the redacted ones.
FOUND_IN_ISSUE_14: list[tuple[str, dict[str, object]]] = [
    ("gatherings:calendar_feed", {"token": "CalendarFeedSecret123"}),
    ("circles:invitation", {"token": "CircleInvitationSecret123"}),
    ("circles:link", {"token": "CircleJoinLinkSecret123"}),
    ("insights:survey_answer_link", {"token": "PulseAnswerSecret123"}),
    ("goals:check_in_link", {"pk": 7, "token": "GoalCheckInSecret123"}),
    ("circles:note_by_link", {"pk": 7, "token": "CircleNoteSecret123"}),
    ("gatherings:door_scan", {"pk": 7, "code": "DoorCodeSecret123"}),
]


def secret_routes() -> list[str]:
    return [
        route
        for route in routes()
        if any(is_secret_parameter(m["name"]) for m in PARAMETER.finditer(route))
    ]


def fill(route: str, secret: str) -> str:
    def value(match: re.Match[str]) -> str:
        if is_secret_parameter(match["name"]):
            return secret
        return "7" if match["converter"] == "int" else "x"

    return "/" + PARAMETER.sub(value, route)


@pytest.fixture
def server_log() -> Iterator[io.StringIO]:
    """What the console handler (the one settings.LOGGING gives django.server,
    django.request and gunicorn.access) writes, for the length of the test."""
    handler = next(
        h
        for h in logging.getLogger("django.server").handlers
        if isinstance(h, logging.StreamHandler)
    )
    assert any(isinstance(f, RedactTokens) for f in handler.filters)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


@pytest.fixture
def runserver() -> Iterator[WSGIServer]:
    # runserver's own server and request handler, but served in this thread (so that the
    # request sees the test's database) over a socket pair instead of a port.
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler, bind_and_activate=False)
    server.server_name, server.server_port = "127.0.0.1", 8000
    server.setup_environ()
    server.set_app(WSGIHandler())
    # As Django's test client does: a request's end must not close the test's database
    # connection (on PostgreSQL the test's open transaction would go with it).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield server
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        server.server_close()


def request(server: WSGIServer, path: str) -> bytes:
    ours, theirs = socket.socketpair()
    received: list[bytes] = []

    def drain() -> None:
        while chunk := ours.recv(65536):
            received.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    ours.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    try:
        WSGIRequestHandler(theirs, ("127.0.0.1", 54321), server)
    finally:
        theirs.close()
        reader.join(timeout=10)
        ours.close()
    return b"".join(received)


def test_every_route_parameter_is_either_a_secret_or_known_to_be_public():
    def walk(patterns: list[URLPattern | URLResolver]) -> Iterator[str]:
        for entry in patterns:
            yield from entry.pattern.regex.groupindex
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns)

    unclassified = {
        name
        for name in walk(get_resolver().url_patterns)
        if not is_secret_parameter(name)
        and not name.endswith("pk")
        and name not in PUBLIC_PARAMETERS | {"app_label", "url"}  # the admin's regex routes
    }
    assert not unclassified, f"secret or not? {unclassified}"


def test_the_routes_issue_14_found_are_redacted():
    redacted = secret_routes()
    for name, kwargs in FOUND_IN_ISSUE_14:
        path = reverse(name, kwargs=kwargs)
        assert any(re.fullmatch(PARAMETER.sub("[^/]+", route), path[1:]) for route in redacted)
        line = redact(f'"GET {path} HTTP/1.1" 200 512')
        assert "Secret123" not in line, line
        assert "[redacted]" in line


def test_runserver_and_error_logs_never_show_a_token_from_any_route(runserver, server_log):
    tokens = []
    for route in secret_routes():
        token = secrets.token_urlsafe(16)
        tokens.append(token)
        path = fill(route, token)
        response = request(runserver, path)
        assert response.startswith(b"HTTP/1.1 "), (path, response[:200])
        # Without its last slash (answered by a redirect), and as where to go after logging
        # in, plain and percent-encoded, as login_required and a login form send it.
        request(runserver, path.rstrip("/"))
        request(runserver, "/login/?next=" + path)
        request(runserver, "/login/?next=" + quote(path, safe=""))
    log = server_log.getvalue()
    assert log.count('"GET ') >= 4 * len(tokens)  # every request made a line
    assert "Not Found: " in log  # and the 404s went through django.request too
    for token in tokens:
        assert token not in log, token
    assert "[redacted]" in log


def test_a_token_or_code_in_a_query_string_is_redacted(runserver, server_log):
    request(runserver, "/login/?token=QueryToken12345&code=QueryCode12345&next=/")
    log = server_log.getvalue()
    assert "QueryToken12345" not in log and "QueryCode12345" not in log
    assert "?token=[redacted]&code=[redacted]&next=/" in log


def test_public_addresses_stay_readable():
    for line in [
        '"GET /gatherings/7/in/done/ HTTP/1.1" 200 512',
        '"GET /circles/7/invite/link/ HTTP/1.1" 200 512',
        '"GET /themes/jeugdzorg/ HTTP/1.1" 200 512',
    ]:
        assert redact(line) == line


def test_a_gunicorn_access_line_with_a_token_in_its_referer_is_redacted():
    # gunicorn logs its access line with a dict of atoms as the arguments.
    atoms = {
        "h": "192.0.2.1",
        "r": "GET /gatherings/calendar/FeedToken12345.ics HTTP/1.1",
        "s": "200",
        "f": "https://plein.example/circles/invitation/InviteToken12345/",
    }
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(r)s" %(s)s "%(f)s"', (atoms,), None
    )
    RedactTokens().filter(record)
    message = record.getMessage()
    assert "FeedToken12345" not in message and "InviteToken12345" not in message
    assert "/gatherings/calendar/[redacted].ics" in message
