"""The door: asking for a login mail (link + code) with only an e-mail address."""

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from plein.core.testing import CommittingClient, code_in, last_mail_to, link_path_in
from plein.members.models import LoginRequest, Member

pytestmark = pytest.mark.django_db


def ask(client: Client, email: str, **extra: str):
    return client.post(reverse("members:login"), {"email": email, **extra})


def test_it_mails_a_link_and_a_code(client, personas):
    response = ask(client, "Fatima@Hengelo.example ")
    assert response.status_code == 302
    assert response["Location"] == reverse("members:login_code")
    message = last_mail_to("fatima@hengelo.example")
    assert link_path_in(message).startswith("/login/link/")
    assert len(code_in(message)) == 6
    assert code_in(message) in message.subject
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    assert link_path_in(message) in str(html)


def test_the_answer_for_an_unknown_address_looks_the_same(client, personas):
    known = ask(client, "fatima@hengelo.example")
    known_page = client.get(known["Location"])
    other = CommittingClient()
    unknown = ask(other, "nobody@elsewhere.example")
    unknown_page = other.get(unknown["Location"])
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert known_page.status_code == unknown_page.status_code == 200
    strip = lambda page, email: page.content.decode().replace(email, "EMAIL")  # noqa: E731
    known_html = strip(known_page, "fatima@hengelo.example")
    unknown_html = strip(unknown_page, "nobody@elsewhere.example")
    # Only the CSRF token differs between the two pages.
    assert (
        known_html.split("csrfmiddlewaretoken")[0] == unknown_html.split("csrfmiddlewaretoken")[0]
    )
    assert len(mail.outbox) == 2


def test_an_unknown_address_gets_a_way_in_by_mail(client, personas):
    ask(client, "newcomer@wierden.example")
    message = last_mail_to("newcomer@wierden.example")
    assert len(code_in(message)) == 6
    assert not Member.objects.filter(email="newcomer@wierden.example").exists()


@override_settings(PLEIN_SIGNUP="request")
def test_with_signup_by_request_the_mail_links_to_the_request_form(client, personas):
    response = ask(client, "newcomer@wierden.example")
    assert response["Location"] == reverse("members:login_code")
    message = last_mail_to("newcomer@wierden.example")
    assert reverse("members:request_access") in message.body
    assert not LoginRequest.objects.filter(email="newcomer@wierden.example").exists()


def test_a_malformed_address_gets_a_clear_message_and_keeps_what_was_typed(client, db):
    response = ask(client, "fatima at hengelo")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="fatima at hengelo"' in html
    assert 'aria-invalid="true"' in html
    assert len(mail.outbox) == 0


def live_requests() -> int:
    return LoginRequest.objects.filter(used_at__isnull=True, expires_at__gt=timezone.now()).count()


def log_in_with_link(client: Client, message: mail.EmailMessage):
    client.get(link_path_in(message))
    return client.post(reverse("members:login_link_confirm"))


def test_asking_again_keeps_the_earlier_mail(client, personas):
    ask(client, "fatima@hengelo.example")
    first = last_mail_to("fatima@hengelo.example")
    ask(CommittingClient(REMOTE_ADDR="203.0.113.9"), "fatima@hengelo.example")  # a stranger
    ask(client, "fatima@hengelo.example")
    assert live_requests() == 3
    response = log_in_with_link(client, first)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == personas.member.pk


def test_an_address_has_at_most_three_live_mails(client, personas):
    ask(client, "fatima@hengelo.example")
    oldest = last_mail_to("fatima@hengelo.example")
    for _ in range(3):
        ask(client, "fatima@hengelo.example")
    assert live_requests() == 3
    assert log_in_with_link(client, oldest).status_code == 400
    assert "_auth_user_id" not in client.session


def test_logging_in_retires_the_addresses_other_mails(client, personas):
    ask(client, "fatima@hengelo.example")
    first = last_mail_to("fatima@hengelo.example")
    ask(client, "fatima@hengelo.example")
    assert log_in_with_link(client, last_mail_to("fatima@hengelo.example")).status_code == 302
    assert live_requests() == 0
    other = CommittingClient()
    assert log_in_with_link(other, first).status_code == 400
    assert "_auth_user_id" not in other.session
    # Retired, not used: `used_at` still tells which mail logged the member in.
    assert LoginRequest.objects.filter(used_at__isnull=False).count() == 1


LIMITS = {
    "login-request-ip-address": (100, 900),
    "login-request-address": (100, 900),
    "login-request-ip": (100, 900),
    "login-code-ip": (100, 900),
    "password-login-ip": (100, 900),
}


@override_settings(PLEIN_RATE_LIMITS={**LIMITS, "login-request-ip-address": (3, 900)})
def test_requests_are_rate_limited_per_ip_and_address(client, personas):
    for _ in range(3):
        assert ask(client, "fatima@hengelo.example").status_code == 302
    response = ask(client, "fatima@hengelo.example")
    assert response.status_code == 429
    assert 'value="fatima@hengelo.example"' in response.content.decode()
    assert len(mail.outbox) == 3
    # Another IP address asking for the same address is not held back by this one.
    assert (
        ask(CommittingClient(REMOTE_ADDR="192.0.2.7"), "fatima@hengelo.example").status_code == 302
    )


@override_settings(PLEIN_RATE_LIMITS={**LIMITS, "login-request-address": (3, 900)})
def test_strangers_can_cause_an_address_only_so_much_mail(client, personas):
    for n in range(3):
        stranger = CommittingClient(REMOTE_ADDR=f"203.0.113.{n}")
        assert ask(stranger, "fatima@hengelo.example").status_code == 302
    response = ask(client, "fatima@hengelo.example")
    assert response.status_code == 429
    assert 'value="fatima@hengelo.example"' in response.content.decode()
    assert len(mail.outbox) == 3


@override_settings(
    PLEIN_RATE_LIMITS={
        "login-request-ip-address": (100, 900),
        "login-request-address": (100, 900),
        "login-request-ip": (2, 900),
        "login-code-ip": (100, 900),
        "password-login-ip": (100, 900),
    }
)
def test_requests_are_rate_limited_per_ip(client, personas):
    ask(client, "a@x.example")
    ask(client, "b@x.example")
    response = ask(
        client,
        "c@x.example",
    )
    assert response.status_code == 429
    assert len(mail.outbox) == 2


def test_it_remembers_where_the_visitor_wanted_to_go(client, personas):
    page = client.get(reverse("members:directory"))
    assert page.status_code == 302
    login_url = page["Location"]
    assert login_url.startswith(reverse("members:login"))
    form = client.get(login_url)
    assert 'name="next" value="/members/"' in form.content.decode()
    ask(client, "fatima@hengelo.example", next="/members/")
    client.get(link_path_in(last_mail_to("fatima@hengelo.example")))
    response = client.post(reverse("members:login_link_confirm"))
    assert response["Location"] == "/members/"


def test_it_ignores_a_destination_on_another_site(client, personas):
    ask(client, "fatima@hengelo.example", next="https://evil.example/")
    code = code_in(last_mail_to("fatima@hengelo.example"))
    response = client.post(
        reverse("members:login_code"), {"email": "fatima@hengelo.example", "code": code}
    )
    assert response["Location"] == reverse("core:home")


def test_a_logged_in_member_is_sent_on(client, personas):
    client.force_login(personas.member)
    response = client.get(reverse("members:login") + "?next=/themes/")
    assert response["Location"] == "/themes/"


def test_a_newcomer_gets_the_mail_in_the_language_they_were_reading(client, db):
    client.post(reverse("members:set_language"), {"language": "en", "next": "/"})
    ask(client, "newcomer@wierden.example")
    english = last_mail_to("newcomer@wierden.example")
    client.post(reverse("members:set_language"), {"language": "nl", "next": "/"})
    ask(client, "nieuw@wierden.example")
    dutch = last_mail_to("nieuw@wierden.example")
    assert "Your code to join" not in dutch.subject  # translated
    assert "Your code to join" in english.subject


def test_old_login_requests_are_cleaned_up(client, personas):
    from datetime import timedelta

    ask(client, "fatima@hengelo.example")
    LoginRequest.objects.update(expires_at=timezone.now() - timedelta(days=2))
    ask(client, "anouk@almelo.example")
    assert list(LoginRequest.objects.values_list("email", flat=True)) == ["anouk@almelo.example"]


@pytest.mark.parametrize(("behind_proxy", "limited"), [(False, True), (True, False)])
def test_forwarded_addresses_count_only_behind_a_proxy(
    client, personas, settings, behind_proxy, limited
):
    settings.PLEIN_BEHIND_PROXY = behind_proxy
    settings.PLEIN_RATE_LIMITS = {**settings.PLEIN_RATE_LIMITS, "login-request-ip": (1, 900)}
    ask(client, "a@x.example")
    response = client.post(
        reverse("members:login"),
        {"email": "b@x.example"},
        headers={"x-forwarded-for": "203.0.113.9, 10.0.0.1"},
    )
    assert (response.status_code == 429) is limited
