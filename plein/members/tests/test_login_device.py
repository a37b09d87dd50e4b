"""The device cookie: every way in through the door marks the browser, and a marked browser
passes its address's rate limits at the door (not the per-IP one)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from plein.core.testing import CommittingClient, code_in, last_mail_to, link_path_in
from plein.members import actions
from plein.members.device import COOKIE_NAME

pytestmark = pytest.mark.django_db

LIMITS = {
    "login-request-ip-address": (1, 900),
    "login-request-address": (1, 900),
    "login-request-ip": (100, 900),
    "login-code-ip": (100, 900),
    "password-login-ip": (100, 900),
}


def ask(client: CommittingClient, email: str) -> int:
    return client.post(reverse("members:login"), {"email": email}).status_code


def log_in_by_code(client: CommittingClient, email: str) -> None:
    ask(client, email)
    code = code_in(last_mail_to(email))
    client.post(reverse("members:login_code"), {"email": email, "code": code})
    assert "_auth_user_id" in client.session
    client.post(reverse("members:logout"))


def test_logging_in_by_code_marks_the_browser(client, personas):
    ask(client, personas.member.email)
    code = code_in(last_mail_to(personas.member.email))
    response = client.post(
        reverse("members:login_code"), {"email": personas.member.email, "code": code}
    )
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 60 * 60 * 24 * 365
    assert cookie["secure"]  # tests run with DEBUG off, as production does
    # It identifies the address without showing it.
    assert "fatima" not in cookie.value
    assert "hengelo" not in cookie.value


def test_logging_in_by_link_marks_the_browser(client, personas):
    ask(client, personas.member.email)
    client.get(link_path_in(last_mail_to(personas.member.email)))
    response = client.post(reverse("members:login_link_confirm"))
    assert COOKIE_NAME in response.cookies


def test_accepting_an_invitation_marks_the_browser(
    client, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_members(
            personas.community_manager, addresses="lotte@borne.example", organisation=None
        )
    client.get(link_path_in(last_mail_to("lotte@borne.example")))
    response = client.post(reverse("members:invite_confirm"))
    assert response.status_code == 302
    assert COOKIE_NAME in response.cookies


@override_settings(PLEIN_RATE_LIMITS=LIMITS)
def test_a_marked_browser_passes_its_addresses_limits(personas):
    browser = CommittingClient()
    log_in_by_code(browser, personas.member.email)
    for _ in range(3):
        assert ask(browser, personas.member.email) == 302
    # Without the cookie the same browser is held back at once.
    browser.cookies.pop(COOKIE_NAME)
    assert ask(browser, personas.member.email) == 429


@override_settings(PLEIN_RATE_LIMITS=LIMITS)
def test_a_cookie_passes_only_for_its_own_address(personas):
    browser = CommittingClient()
    log_in_by_code(browser, personas.member.email)
    assert ask(browser, personas.colleague.email) == 302
    assert ask(browser, personas.colleague.email) == 429


@override_settings(PLEIN_RATE_LIMITS=LIMITS)
def test_a_tampered_cookie_passes_nothing(personas):
    browser = CommittingClient()
    log_in_by_code(browser, personas.member.email)
    value = browser.cookies[COOKIE_NAME].value
    browser.cookies[COOKIE_NAME] = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    assert ask(browser, personas.member.email) == 429


@override_settings(PLEIN_RATE_LIMITS={**LIMITS, "login-request-ip": (2, 900)})
def test_a_marked_browser_still_meets_the_limit_per_ip(personas):
    browser = CommittingClient()
    log_in_by_code(browser, personas.member.email)
    assert ask(browser, personas.member.email) == 302
    assert ask(browser, personas.member.email) == 429
