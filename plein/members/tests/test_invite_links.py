"""Shareable invite links: an expiry, a maximum number of uses, and a code to prove the address."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.core.testing import CommittingClient, code_in, last_mail_to
from plein.members import actions
from plein.members.models import InviteLink, Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def invite_link(personas) -> InviteLink:
    return actions.create_invite_link(
        personas.community_manager, organisation=personas.almelo, valid_days=7, max_uses=2
    )


def join(email: str, invite_link: InviteLink) -> CommittingClient:
    newcomer = CommittingClient()
    newcomer.get(invite_link.get_absolute_url())
    response = newcomer.post(reverse("members:join_confirm"), {"email": email})
    assert response["Location"] == reverse("members:login_code"), response.content.decode()
    code = code_in(last_mail_to(email))
    newcomer.post(reverse("members:login_code"), {"email": email, "code": code})
    return newcomer


def test_a_manager_makes_a_link_on_the_invite_page(client, personas):
    client.force_login(personas.community_manager)
    response = client.post(
        reverse("members:invite_members"),
        {"label": "Nieuwsbrief juni", "organisation": "", "valid_days": 14, "max_uses": 40},
        follow=True,
    )
    link = InviteLink.objects.get()
    assert link.max_uses == 40
    assert link.get_absolute_url() in response.content.decode()


def test_bad_link_settings_keep_the_form_and_explain(client, personas):
    client.force_login(personas.community_manager)
    response = client.post(
        reverse("members:invite_members"),
        {"label": "Nieuwsbrief", "organisation": "", "valid_days": 0, "max_uses": "veel"},
    )
    assert response.status_code == 400
    assert 'value="Nieuwsbrief"' in response.content.decode()
    assert not InviteLink.objects.exists()


def test_a_newcomer_joins_with_the_links_organisation(invite_link, personas):
    newcomer = join("noor@almelo.example", invite_link)
    member = Member.objects.get(email="noor@almelo.example")
    assert member.organisation == personas.almelo
    assert int(newcomer.session["_auth_user_id"]) == member.pk
    invite_link.refresh_from_db()
    assert invite_link.uses == 1


def test_the_link_stops_after_its_maximum_uses(invite_link):
    join("a@almelo.example", invite_link)
    join("b@almelo.example", invite_link)
    third = CommittingClient()
    third.get(invite_link.get_absolute_url())
    response = third.get(reverse("members:join_confirm"))
    assert response.status_code == 400


def test_an_expired_link_says_so(invite_link):
    InviteLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    newcomer = CommittingClient()
    newcomer.get(invite_link.get_absolute_url())
    response = newcomer.post(reverse("members:join_confirm"), {"email": "x@almelo.example"})
    assert response.status_code == 400
    assert not Member.objects.filter(email="x@almelo.example").exists()


def test_a_revoked_link_stops_working(client, personas, invite_link):
    client.force_login(personas.community_manager)
    client.post(reverse("members:revoke_invite_link", kwargs={"pk": invite_link.pk}))
    newcomer = CommittingClient()
    newcomer.get(invite_link.get_absolute_url())
    assert newcomer.get(reverse("members:join_confirm")).status_code == 400


def test_members_cannot_revoke_links(client, personas, invite_link):
    client.force_login(personas.member)
    response = client.post(reverse("members:revoke_invite_link", kwargs={"pk": invite_link.pk}))
    assert response.status_code == 403
    invite_link.refresh_from_db()
    assert invite_link.revoked_at is None


def test_an_existing_member_following_the_link_just_logs_in(invite_link, personas):
    newcomer = join("fatima@hengelo.example", invite_link)
    assert int(newcomer.session["_auth_user_id"]) == personas.member.pk
    invite_link.refresh_from_db()
    assert invite_link.uses == 0
    personas.member.refresh_from_db()
    assert personas.member.organisation == personas.hengelo


def test_a_tampered_link_gets_a_clear_page(client, db):
    client.get("/join/not-a-real-token-at-all/")
    response = client.get(reverse("members:join_confirm"))
    assert response.status_code == 400
