"""Strangers cannot keep a member out of the door (issue 14, point 4): asking for mails for
someone else's address from many IP addresses, and typing wrong codes for it, neither
rate-limits the member's own request nor uses up the mail they get."""

import pytest
from django.core import mail
from django.urls import reverse

from plein.core.testing import CommittingClient, code_in, last_mail_to, link_path_in
from plein.members.models import LoginRequest

pytestmark = pytest.mark.django_db

MEMBERS_IP = "192.0.2.10"


def stranger(n: int) -> CommittingClient:
    return CommittingClient(REMOTE_ADDR=f"203.0.113.{n}")


def ask(client: CommittingClient, email: str) -> int:
    return client.post(reverse("members:login"), {"email": email}).status_code


def a_code_never_sent_to(email: str) -> str:
    sent = {code_in(message) for message in mail.outbox if email in message.to}
    return next(code for code in (f"{n:06d}" for n in range(1_000_000)) if code not in sent)


def type_wrong_codes(clients: list[CommittingClient], email: str) -> None:
    wrong = a_code_never_sent_to(email)
    for client in clients:
        for _ in range(5):
            response = client.post(reverse("members:login_code"), {"email": email, "code": wrong})
            assert response.status_code == 400
            assert "_auth_user_id" not in client.session


def lockout_attack(email: str) -> list[CommittingClient]:
    """The attack from the issue: five login requests for the address from five IP
    addresses, then wrong codes, from the browsers that asked and from one that did not."""
    strangers = [stranger(n) for n in range(1, 6)]
    for client in strangers:
        assert ask(client, email) == 302
    type_wrong_codes([*strangers, stranger(99)], email)
    return strangers


def members_browser(personas, *, known_device: bool) -> CommittingClient:
    """The member's own browser; with `known_device` it has come in through the door before
    (and logged out since), so it holds the device cookie."""
    browser = CommittingClient(REMOTE_ADDR=MEMBERS_IP)
    if known_device:
        assert ask(browser, personas.member.email) == 302
        code = code_in(last_mail_to(personas.member.email))
        browser.post(reverse("members:login_code"), {"email": personas.member.email, "code": code})
        assert int(browser.session["_auth_user_id"]) == personas.member.pk
        browser.post(reverse("members:logout"))
        assert "_auth_user_id" not in browser.session
    return browser


@pytest.mark.parametrize("known_device", [False, True], ids=["new-browser", "known-browser"])
@pytest.mark.parametrize("way_in", ["code", "link"])
def test_strangers_cannot_keep_the_member_out(personas, known_device, way_in):
    email = personas.member.email
    browser = members_browser(personas, known_device=known_device)
    strangers = lockout_attack(email)

    # Five requests from five addresses used to make this one answer 429.
    assert ask(browser, email) == 302
    members_mail = last_mail_to(email)
    # The attack goes on while the member reads their mail: more wrong codes, and one more
    # request (which used to void the member's mail).
    type_wrong_codes([*strangers, stranger(99)], email)
    assert ask(strangers[0], email) == 302

    if way_in == "code":
        response = browser.post(
            reverse("members:login_code"), {"email": email, "code": code_in(members_mail)}
        )
    else:
        browser.get(link_path_in(members_mail))
        response = browser.post(reverse("members:login_link_confirm"))
    assert response.status_code == 302
    assert int(browser.session["_auth_user_id"]) == personas.member.pk


def test_a_browser_the_member_used_before_outlasts_a_stream_of_strangers(personas, settings):
    # More strangers' requests than an address has live mails (three), up to the cap that
    # bounds the mail strangers can cause an address: the known browser's mail stays live,
    # and the known browser passes the cap.
    settings.PLEIN_RATE_LIMITS = {**settings.PLEIN_RATE_LIMITS, "login-request-address": (6, 900)}
    email = personas.member.email
    browser = members_browser(personas, known_device=True)  # its request counts: 1
    assert ask(browser, email) == 302
    members_mail = last_mail_to(email)
    for n in range(1, 6):
        assert ask(stranger(n), email) == 302
    assert ask(stranger(6), email) == 429
    assert ask(browser, email) == 302
    browser.post(reverse("members:login_code"), {"email": email, "code": code_in(members_mail)})
    assert int(browser.session["_auth_user_id"]) == personas.member.pk


def test_wrong_codes_from_strangers_leave_the_members_mail_untouched(personas):
    email = personas.member.email
    browser = CommittingClient(REMOTE_ADDR=MEMBERS_IP)
    ask(browser, email)
    members_mail = last_mail_to(email)
    members_request = LoginRequest.objects.get()
    type_wrong_codes([stranger(n) for n in range(1, 6)], email)
    members_request.refresh_from_db()
    assert members_request.failed_attempts == 0
    assert members_request.used_at is None
    browser.post(reverse("members:login_code"), {"email": email, "code": code_in(members_mail)})
    assert int(browser.session["_auth_user_id"]) == personas.member.pk
