"""In development every mail lands in var/mail/ and in the mailbox at /dev/mail/."""

import pytest

from plein.core.mail import send_templated_mail
from plein.core.testing import CommittingClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> CommittingClient:
    # The mailbox answers only on the developer's own machine (see test_dev_mail.py).
    return CommittingClient(HTTP_HOST="127.0.0.1:8000")


@pytest.fixture
def mailbox(tmp_path, settings):
    settings.EMAIL_BACKEND = "plein.core.mail.MailboxBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    settings.DEBUG = True
    return tmp_path


def test_each_mail_becomes_a_file_and_shows_in_the_mailbox(client, mailbox):
    send_templated_mail(
        "members/email/login",
        to="fatima@hengelo.example",
        context={
            "member": None,
            "code": "123456",
            "link": "http://127.0.0.1:8000/login/link/abc/",
            "minutes": 10,
        },
    )
    files = list(mailbox.glob("*.eml"))
    assert len(files) == 1
    assert b"123456" in files[0].read_bytes()
    listing = client.get("/dev/mail/").content.decode()
    assert "123456" in listing  # the subject carries the code
    detail = client.get(f"/dev/mail/{files[0].stem}/").content.decode()
    assert 'href="http://127.0.0.1:8000/login/link/abc/"' in detail


def test_the_mailbox_does_not_exist_in_production(client, mailbox, settings):
    settings.DEBUG = False
    assert client.get("/dev/mail/").status_code == 404


def test_a_missing_mail_is_a_404(client, mailbox):
    assert client.get("/dev/mail/does-not-exist/").status_code == 404
    assert client.get("/dev/mail/..%2Fsecret/").status_code == 404
