"""The development mailbox holds every login code and link: it answers only to a browser
on the machine itself, and only in debug mode."""

from typing import Any

import pytest

from plein.core.testing import CommittingClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(tmp_path, settings):
    settings.EMAIL_FILE_PATH = tmp_path
    settings.DEBUG = True
    (tmp_path / "20250101-120000-login.eml").write_bytes(
        b"Subject: Je inlogcode 123456\r\nTo: fatima@hengelo.example\r\n\r\nCode: 123456\r\n"
    )
    return tmp_path


def get(path: str, *, address: str, host: str, forwarded_for: str = ""):
    meta: dict[str, Any] = {"REMOTE_ADDR": address, "HTTP_HOST": host}
    if forwarded_for:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return CommittingClient().generic("GET", path, **meta)


@pytest.mark.parametrize(
    ("address", "host"),
    [("127.0.0.1", "127.0.0.1:8000"), ("127.0.0.1", "localhost:8000"), ("::1", "[::1]:8000")],
)
def test_the_developer_reads_the_mailbox_on_their_own_machine(mailbox, address, host):
    for path in ["/dev/mail/", "/dev/mail/20250101-120000-login/"]:
        response = get(path, address=address, host=host)
        assert response.status_code == 200
        assert "123456" in response.content.decode()


@pytest.mark.parametrize("address", ["192.168.1.20", "10.0.0.5", "2001:db8::1", ""])
def test_another_machine_gets_a_404_even_in_debug_mode(mailbox, address):
    # runserver 0.0.0.0:8000 on a laptop in a café: the laptop answers the whole network.
    for path in ["/dev/mail/", "/dev/mail/20250101-120000-login/"]:
        assert get(path, address=address, host="127.0.0.1:8000").status_code == 404


def test_a_request_through_a_proxy_gets_a_404(mailbox, settings):
    # A reverse proxy on the same machine connects from 127.0.0.1; the Host header it
    # passes on, or the X-Forwarded-For it adds, gives the visitor away.
    settings.ALLOWED_HOSTS = ["plein.example", "127.0.0.1"]
    assert get("/dev/mail/", address="127.0.0.1", host="plein.example").status_code == 404
    forwarded = get("/dev/mail/", address="127.0.0.1", host="127.0.0.1", forwarded_for="192.0.2.7")
    assert forwarded.status_code == 404


def test_the_mailbox_does_not_exist_outside_debug_mode(mailbox, settings):
    settings.DEBUG = False
    assert get("/dev/mail/", address="127.0.0.1", host="127.0.0.1:8000").status_code == 404


def test_the_footer_links_the_mailbox_only_where_it_opens(mailbox):
    own = get("/login/", address="127.0.0.1", host="127.0.0.1:8000").content.decode()
    other = get("/login/", address="192.0.2.7", host="127.0.0.1:8000").content.decode()
    assert 'href="/dev/mail/"' in own
    assert 'href="/dev/mail/"' not in other
