"""Issue 14.1: a community manager could take over any account, the superuser's included,
by changing its e-mail address in the admin and logging in with that address. Now nobody
changes an address in the admin; a community manager changes only what their work needs
(suspending, the organisation), through actions that write the member's history."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.urls import reverse

from plein.core.testing import (  # noqa: F401 (fixtures, known by their names)
    CommittingClient,
    Personas,
    client_fixture,
    code_in,
    english_fixture,
    last_mail_to,
    personas_fixture,
)
from plein.members.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db) -> Member:
    return Member.objects.create_superuser(
        "root@plein.example", name="Beheerder", preferred_language="en"
    )


def change_url(member: Member) -> str:
    return reverse("admin:members_member_change", args=[member.pk])


def everything_changed(member: Member, organisation_pk: int) -> dict[str, str]:
    """A change form POST that tries every field, the address, name and password included."""
    return {
        "email": "attacker@evil.example",
        "name": "Overgenomen",
        "password": "pbkdf2_sha256$1$salt$hash",
        "job_title": "Anders",
        "preferred_language": "en",
        "bio": "Nieuw",
        "organisation": str(organisation_pk),
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
    }


@pytest.mark.parametrize("target", ["superuser", "member", "community_manager_self"])
def test_a_community_managers_form_has_no_editable_address_name_or_password_and_a_post_changes_nothing(
    client, personas: Personas, superuser: Member, target: str
) -> None:
    member = {
        "superuser": superuser,
        "member": personas.member,
        "community_manager_self": personas.community_manager,
    }[target]
    before: dict = dict(Member.objects.values().get(pk=member.pk))
    client.force_login(personas.community_manager)
    form = client.get(change_url(member)).content.decode()
    for field in ["email", "name", "password", "is_superuser", "is_staff", "groups", "bio"]:
        assert f'name="{field}"' not in form, field
    client.post(change_url(member), everything_changed(member, personas.almelo.pk))
    after: dict = dict(Member.objects.values().get(pk=member.pk))
    for field in ["email", "name", "password", "is_superuser", "is_staff", "job_title", "bio"]:
        assert after[field] == before[field], field


def test_the_takeover_from_the_issue_no_longer_works(
    client, personas: Personas, superuser: Member
) -> None:
    client.force_login(personas.community_manager)
    client.post(change_url(superuser), everything_changed(superuser, personas.almelo.pk))
    superuser.refresh_from_db()
    assert superuser.email == "root@plein.example"

    attacker = CommittingClient()
    attacker.post(reverse("members:login"), {"email": "attacker@evil.example"})
    attacker.post(
        reverse("members:login_code"),
        {"email": "attacker@evil.example", "code": code_in(last_mail_to("attacker@evil.example"))},
    )
    assert int(attacker.session["_auth_user_id"]) != superuser.pk


def test_a_superusers_admin_form_does_not_change_an_address_either(
    client, personas: Personas, superuser: Member
) -> None:
    client.force_login(superuser)
    member = personas.member
    form = client.get(change_url(member)).content.decode()
    assert 'name="email"' not in form and 'name="name"' in form
    data = everything_changed(member, personas.hengelo.pk)
    data.pop("is_superuser")
    response = client.post(change_url(member), {**data, "name": "Fatima el Amrani-Bakker"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "fatima@hengelo.example"
    assert member.name == "Fatima el Amrani-Bakker"  # a superuser still corrects a name


def test_a_community_manager_suspends_and_moves_a_member_and_each_is_recorded_once(
    client, personas: Personas
) -> None:
    manager, member = personas.community_manager, personas.member
    client.force_login(manager)
    response = client.post(
        change_url(member), {"organisation": str(personas.almelo.pk), "is_active": ""}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.organisation == personas.almelo and not member.is_active

    entries = LogEntry.objects.filter(object_id=str(member.pk)).order_by("pk")
    assert [(entry.user_id, entry.get_change_message()) for entry in entries] == [
        (manager.pk, "Changed organisation."),
        (manager.pk, "Changed active."),
    ]
    history = client.get(reverse("admin:members_member_history", args=[member.pk]))
    assert "Changed active." in history.content.decode()

    # Suspended: the door treats the address as unknown, so no login mail opens it.
    mail.outbox.clear()
    door = CommittingClient()
    door.post(reverse("members:login"), {"email": member.email})
    door.post(
        reverse("members:login_code"),
        {"email": member.email, "code": code_in(last_mail_to(member.email))},
    )
    assert door.session.get("_auth_user_id") != str(member.pk)


def test_a_community_manager_cannot_suspend_a_superuser_or_a_fellow_manager(
    client, personas: Personas, superuser: Member
) -> None:
    fellow = Member.objects.get(pk=personas.colleague.pk)
    from plein.members.actions import make_community_manager

    make_community_manager(fellow)
    client.force_login(personas.community_manager)
    for target in [superuser, fellow, personas.community_manager]:
        form = client.get(change_url(target)).content.decode()
        assert 'name="is_active"' not in form
        client.post(change_url(target), {"organisation": "", "is_active": ""})
        target.refresh_from_db()
        assert target.is_active


def test_nobody_adds_or_deletes_members_in_the_admin(
    client, personas: Personas, superuser: Member
) -> None:
    # The delete confirmation would list everything a member wrote, anonymous posts too.
    for who in [superuser, personas.community_manager]:
        client.force_login(who)
        assert client.get(reverse("admin:members_member_add")).status_code == 403
        delete = reverse("admin:members_member_delete", args=[personas.member.pk])
        assert client.get(delete).status_code == 403


# --- Issue 14.5: "last seen" to the minute told who is online now ----------------------------


def test_last_seen_is_not_shown_filtered_or_sorted_for_community_managers(
    client, personas: Personas
) -> None:
    from django.utils import timezone

    Member.objects.filter(pk=personas.member.pk).update(last_seen=timezone.now())
    client.force_login(personas.community_manager)
    changelist = reverse("admin:members_member_changelist")
    page = client.get(changelist).content.decode()
    assert "last seen" not in page.lower()
    assert client.get(changelist + "?last_seen__gte=2000-01-01").status_code == 400
    assert client.get(changelist + "?last_login__isnull=False").status_code == 400
    form = client.get(change_url(personas.member)).content.decode()
    assert "last seen" not in form.lower() and "last login" not in form.lower()


def test_a_superuser_sees_the_day_of_last_seen_only_and_cannot_sort_by_it(
    client, personas: Personas, superuser: Member
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    seen = datetime(2026, 12, 1, 14, 37, tzinfo=ZoneInfo("Europe/Amsterdam"))
    Member.objects.filter(pk=personas.member.pk).update(last_seen=seen)
    client.force_login(superuser)
    changelist = reverse("admin:members_member_changelist")
    page = client.get(changelist).content.decode()
    assert "Dec. 1, 2026" in page and "14:37" not in page and "2:37" not in page
    unsorted = client.get(changelist).context["cl"]
    column = unsorted.list_display.index("last_seen_day")
    for order in [str(column), f"-{column}"]:
        sorted_page = client.get(f"{changelist}?o={order}")
        assert list(sorted_page.context["cl"].result_list) == list(unsorted.result_list)
    form = client.get(change_url(personas.member)).content.decode()
    assert "2026-12-01" in form and "14:37" not in form
