"""Community managers invite people by address; one click on the mail and they are in."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from plein.core.testing import CommittingClient, last_mail_to, link_path_in
from plein.members.models import Invitation, Member

pytestmark = pytest.mark.django_db


def send_invites(client, personas, addresses: str, **extra):
    client.force_login(personas.community_manager)
    return client.post(
        reverse("members:invite_members"),
        {"addresses": addresses, "organisation": personas.hengelo.pk, "message": "", **extra},
    )


def test_it_requires_a_community_manager(client, personas):
    client.force_login(personas.member)
    assert client.get(reverse("members:invite_members")).status_code == 403
    response = client.post(reverse("members:invite_members"), {"addresses": "x@y.example"})
    assert response.status_code == 403
    assert len(mail.outbox) == 0


def test_it_sends_the_login_page_to_visitors(client, db):
    response = client.get(reverse("members:invite_members"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:login"))


def test_it_invites_a_pasted_list_and_reports_what_it_did(client, personas):
    response = send_invites(
        client,
        personas,
        "Piet Pieters <piet@borne.example>; kees@borne.example\nnot-an-address, fatima@hengelo.example",
        message="Welkom bij ons leernetwerk!",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "piet@borne.example" in html and "not-an-address" in html
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "kees@borne.example",
        "piet@borne.example",
    ]
    message = last_mail_to("piet@borne.example")
    assert "Marieke Jansen" in message.subject
    assert "Welkom bij ons leernetwerk!" in message.body
    assert not [m for m in mail.outbox if "fatima@hengelo.example" in m.to]


def test_nothing_valid_keeps_the_text_and_says_why(client, personas):
    response = send_invites(client, personas, "nobody, at all")
    assert response.status_code == 400
    assert "nobody, at all" in response.content.decode()


def test_following_the_invite_logs_in_at_once_and_asks_only_a_name(client, personas):
    send_invites(client, personas, "piet@borne.example")
    path = link_path_in(last_mail_to("piet@borne.example"))
    newcomer = CommittingClient()
    response = newcomer.get(path)
    assert response["Location"] == reverse("members:invite_confirm")
    page = newcomer.get(response["Location"])
    assert "Marieke Jansen" in page.content.decode()
    assert path.split("/")[-2] not in page.content.decode()
    response = newcomer.post(reverse("members:invite_confirm"))
    assert response["Location"] == reverse("members:welcome")
    member = Member.objects.get(email="piet@borne.example")
    assert member.organisation == personas.hengelo
    welcome = newcomer.get(reverse("members:welcome")).content.decode()
    assert f'<option value="{personas.hengelo.pk}" selected>' in welcome
    newcomer.post(
        reverse("members:welcome"), {"name": "Piet Pieters", "organisation": personas.hengelo.pk}
    )
    member.refresh_from_db()
    assert member.name == "Piet Pieters"


def test_an_invite_works_once(client, personas):
    send_invites(client, personas, "piet@borne.example")
    path = link_path_in(last_mail_to("piet@borne.example"))
    first = CommittingClient()
    first.get(path)
    first.post(reverse("members:invite_confirm"))
    second = CommittingClient()
    second.get(path)
    response = second.post(reverse("members:invite_confirm"))
    assert response.status_code == 400
    assert "_auth_user_id" not in second.session


def test_an_expired_invite_says_so(client, personas):
    send_invites(client, personas, "piet@borne.example")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    newcomer = CommittingClient()
    newcomer.get(link_path_in(last_mail_to("piet@borne.example")))
    response = newcomer.get(reverse("members:invite_confirm"))
    assert response.status_code == 400
    assert not Member.objects.filter(email="piet@borne.example").exists()


def test_a_tampered_invite_is_refused_without_error_page(client, db):
    client.get("/invite/this-is-not-a-real-token/")
    response = client.post(reverse("members:invite_confirm"))
    assert response.status_code == 400
    assert reverse("members:login") in response.content.decode()


def test_an_invite_also_works_for_someone_who_already_has_an_account(client, personas):
    send_invites(client, personas, "piet@borne.example")
    path = link_path_in(last_mail_to("piet@borne.example"))
    from plein.members.actions import create_member

    existing = create_member("piet@borne.example", name="Piet Pieters")
    newcomer = CommittingClient()
    newcomer.get(path)
    response = newcomer.post(reverse("members:invite_confirm"))
    assert response["Location"] == reverse("core:home")
    assert int(newcomer.session["_auth_user_id"]) == existing.pk


def test_inviting_again_replaces_the_earlier_invite(client, personas):
    send_invites(client, personas, "piet@borne.example")
    first = link_path_in(last_mail_to("piet@borne.example"))
    send_invites(client, personas, "piet@borne.example")
    newcomer = CommittingClient()
    newcomer.get(first)
    assert newcomer.post(reverse("members:invite_confirm")).status_code == 400
