"""The one-click link: safe against mail scanners, used once, never left in the URL."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.core.testing import CommittingClient, code_in, last_mail_to, link_path_in
from plein.members.models import LoginRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(client, personas) -> str:
    client.post(reverse("members:login"), {"email": "fatima@hengelo.example"})
    return link_path_in(last_mail_to("fatima@hengelo.example"))


def test_a_get_consumes_nothing_and_leaves_no_token_in_the_url(client, link):
    scanner = CommittingClient()
    for _ in range(3):
        response = scanner.get(link)
        assert response.status_code == 302
        assert response["Location"] == reverse("members:login_link_confirm")
        page = scanner.get(response["Location"])
        assert page.status_code == 200
        assert link.split("/")[-2] not in page.content.decode()
    assert LoginRequest.objects.get().used_at is None
    assert "_auth_user_id" not in scanner.session


def test_continue_logs_in_once(client, personas, link):
    client.get(link)
    response = client.post(reverse("members:login_link_confirm"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert int(client.session["_auth_user_id"]) == personas.member.pk
    assert response.cookies["django_language"].value == "nl"

    again = CommittingClient()
    again.get(link)
    refused = again.post(reverse("members:login_link_confirm"))
    assert refused.status_code == 400
    assert "_auth_user_id" not in again.session
    assert 'name="email"' in refused.content.decode()  # a way to ask for a new one


def test_an_expired_link_is_refused(client, link):
    LoginRequest.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.get(link)
    response = client.post(reverse("members:login_link_confirm"))
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_tampered_link_is_refused(client, link):
    client.get(link[:-5] + "XXXX/")
    response = client.post(reverse("members:login_link_confirm"))
    assert response.status_code == 400


def test_continue_without_a_link_explains_what_to_do(client, db):
    response = client.get(reverse("members:login_link_confirm"))
    assert response.status_code == 400
    assert 'name="email"' in response.content.decode()


def test_using_the_code_voids_the_link(client, personas, link):
    code = code_in(last_mail_to("fatima@hengelo.example"))
    client.post(reverse("members:login_code"), {"email": "fatima@hengelo.example", "code": code})
    assert "_auth_user_id" in client.session
    other = CommittingClient()
    other.get(link)
    assert other.post(reverse("members:login_link_confirm")).status_code == 400
    assert "_auth_user_id" not in other.session


def test_the_link_works_in_another_browser_than_the_one_that_asked(personas, link):
    other = CommittingClient(REMOTE_ADDR="192.0.2.44")
    other.get(link)
    assert other.post(reverse("members:login_link_confirm")).status_code == 302
    assert int(other.session["_auth_user_id"]) == personas.member.pk


def test_the_member_arrives_in_their_own_language(client, personas, link):
    personas.member.preferred_language = "en"
    personas.member.save(update_fields=["preferred_language"])
    client.get(link)
    response = client.post(reverse("members:login_link_confirm"), follow=True)
    assert response.content.decode().count('lang="en"') >= 1
    assert client.cookies["django_language"].value == "en"
