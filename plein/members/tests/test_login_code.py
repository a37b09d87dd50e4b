"""The 6-digit code: works once, within 10 minutes, five wrong tries and it is gone."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from plein.core.testing import CommittingClient, code_in, last_mail_to, link_path_in
from plein.members.models import LoginRequest, Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def code(client, personas) -> str:
    client.post(reverse("members:login"), {"email": "fatima@hengelo.example"})
    return code_in(last_mail_to("fatima@hengelo.example"))


def enter(client, code: str, email: str = "fatima@hengelo.example"):
    return client.post(reverse("members:login_code"), {"email": email, "code": code})


def says(response, message: str) -> bool:
    # The page speaks the site's language, Dutch.
    with translation.override("nl"):
        return translation.gettext(message) in response.content.decode()


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_the_page_asks_only_for_the_code_after_a_request(client, code):
    html = client.get(reverse("members:login_code")).content.decode()
    assert 'type="hidden" name="email" value="fatima@hengelo.example"' in html
    assert 'autocomplete="one-time-code"' in html


def test_the_right_code_logs_in(client, personas, code):
    response = enter(client, f"{code[:3]} {code[3:]}")  # spaces as people type them
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == personas.member.pk
    # The right code's check was counted before comparing, and given back: it did not fail.
    assert LoginRequest.objects.get().failed_attempts == 0
    assert enter(client, code).status_code == 400  # once only


def test_a_wrong_code_says_so_and_keeps_the_form(client, code):
    response = enter(client, wrong(code))
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert LoginRequest.objects.get().failed_attempts == 1


def test_five_wrong_codes_spend_the_code_but_not_the_link(client, personas, code):
    for _ in range(4):
        assert says(
            enter(client, wrong(code)), "That code is not right. Check the mail and try again."
        )
    response = enter(client, wrong(code))
    assert response.status_code == 400
    assert says(
        response,
        "That code was wrong too many times. Use the link in the mail, or ask for a new mail.",
    )
    assert LoginRequest.objects.get().failed_attempts == 5
    assert enter(client, code).status_code == 400
    assert "_auth_user_id" not in client.session
    # Whoever typed the codes, the mail's link still opens the door for whoever has it.
    client.get(link_path_in(last_mail_to("fatima@hengelo.example")))
    assert client.post(reverse("members:login_link_confirm")).status_code == 302
    assert int(client.session["_auth_user_id"]) == personas.member.pk


def test_the_code_works_only_in_the_browser_that_asked(client, personas, code):
    other = CommittingClient()
    response = enter(other, code)
    assert response.status_code == 400
    assert says(
        response,
        "This code has expired or has already been used, or the mail was asked for in "
        "another browser. Use the link in the mail, or ask for a new one.",
    )
    assert LoginRequest.objects.get().failed_attempts == 0
    assert enter(client, code).status_code == 302


def test_the_code_of_an_earlier_live_mail_works_too(client, personas, code):
    client.post(reverse("members:login"), {"email": "fatima@hengelo.example"})
    assert enter(client, code).status_code == 302
    assert int(client.session["_auth_user_id"]) == personas.member.pk


def test_an_expired_code_is_refused(client, code):
    LoginRequest.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert enter(client, code).status_code == 400


def test_a_code_that_is_not_six_digits_gets_a_clear_message(client, code):
    response = enter(client, "12ab")
    assert response.status_code == 400
    assert 'value="12ab"' in response.content.decode()
    assert LoginRequest.objects.get().failed_attempts == 0


def test_a_code_for_an_address_without_request_is_refused(client, code):
    assert enter(client, code, email="anouk@almelo.example").status_code == 400


@override_settings(
    PLEIN_RATE_LIMITS={
        "login-request-ip-address": (100, 900),
        "login-request-address": (100, 900),
        "login-request-ip": (100, 900),
        "login-code-ip": (3, 900),
        "password-login-ip": (100, 900),
    }
)
def test_code_attempts_are_rate_limited_per_ip(client, code):
    for _ in range(3):
        enter(client, wrong(code))
    response = enter(client, code)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_newcomer_gets_an_account_and_is_asked_only_their_name(client, db):
    client.post(reverse("members:login"), {"email": "new@wierden.example"})
    response = enter(client, code_in(last_mail_to("new@wierden.example")), "new@wierden.example")
    assert response["Location"] == reverse("members:welcome")
    member = Member.objects.get(email="new@wierden.example")
    assert not member.has_usable_password()
    welcome = client.post(reverse("members:welcome"), {"name": "Noor Smit", "organisation": ""})
    assert welcome["Location"] == reverse("core:home")
    member.refresh_from_db()
    assert member.name == "Noor Smit"
