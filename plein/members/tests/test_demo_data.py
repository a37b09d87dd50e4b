from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from plein.core.testing import Personas
from plein.members import actions
from plein.members.demo import (
    COMMUNITY_MANAGER_EMAIL,
    DEMO_MEMBER_EMAIL,
    JOINED_WITHIN_DAYS,
    SEEN_WITHIN_DAYS,
    THEMES,
    demo_people,
    load_demo_community,
)
from plein.members.models import Member, Organisation
from plein.themes.models import Theme

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, object]:
    """Everything the demo writes, to compare before and after a second run."""
    return {
        "organisations": list(Organisation.objects.values_list("name", "kind")),
        "themes": list(Theme.objects.values_list("slug", "name", "description", "order")),
        "members": list(
            Member.objects.order_by("email").values_list(
                "email",
                "name",
                "organisation__name",
                "job_title",
                "bio",
                "ask_me_about",
                "preferred_language",
                "date_joined",
                "last_seen",
                "is_staff",
            )
        ),
        "expertise": sorted(Member.expertise.through.objects.values_list("member_id", "theme_id")),
        "groups": sorted(Member.groups.through.objects.values_list("member_id", "group_id")),
    }


def test_it_loads_the_twente_community() -> None:
    summary = load_demo_community()

    assert Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).count() == 14
    assert Organisation.objects.filter(name="Gemeente Hof van Twente").exists()
    assert Organisation.objects.filter(kind=Organisation.Kind.CARE_PROVIDER).count() >= 5
    assert Organisation.objects.filter(kind=Organisation.Kind.EDUCATION).count() >= 3
    assert list(Theme.objects.values_list("slug", flat=True)) == [
        "jeugdzorg",
        "ondersteuning-thuis",
        "werk-en-participatie",
        "preventie",
        "onderwijs-en-zorg",
        "wijkteams",
        "inkoop",
        "clientparticipatie",
        "informatie-en-privacy",
        "beschermd-wonen",
        "mantelzorg",
        "innovatie",
    ]
    assert all(theme.description for theme in Theme.objects.all())
    assert Member.objects.count() >= 60
    assert summary.members == Member.objects.count() == summary.members_created


def test_there_is_exactly_one_community_manager_with_the_fixed_address() -> None:
    load_demo_community()

    managers = [member for member in Member.objects.all() if member.is_community_manager]

    assert [manager.email for manager in managers] == [COMMUNITY_MANAGER_EMAIL]


def test_the_demo_member_is_a_youth_worker_in_hengelo() -> None:
    load_demo_community()

    member = Member.objects.get(email=DEMO_MEMBER_EMAIL)

    assert member.name == "Sanne de Vries"
    assert member.organisation is not None
    assert member.organisation.name == "Gemeente Hengelo"
    assert member.job_title == "Jeugdconsulent"
    assert set(member.expertise.values_list("slug", flat=True)) == {"jeugdzorg", "preventie"}
    assert not member.is_community_manager


def test_every_member_has_an_organisation_expertise_and_a_fake_address() -> None:
    load_demo_community()

    members = Member.objects.prefetch_related("expertise")
    for member in members:
        assert member.organisation_id is not None, member.email
        assert member.expertise.all(), member.email
        assert member.email.endswith(".example"), member.email
        assert member.name and member.job_title and member.bio, member.email
    assert {member.preferred_language for member in members} == {"nl", "en"}


def test_members_joined_over_eighteen_months_and_were_seen_recently() -> None:
    load_demo_community()
    now = timezone.now()

    for member in Member.objects.all():
        assert member.last_seen is not None
        assert now - timedelta(days=JOINED_WITHIN_DAYS + 1) <= member.date_joined
        assert member.date_joined <= member.last_seen <= now
        assert now - member.last_seen <= timedelta(days=SEEN_WITHIN_DAYS)
    joined = Member.objects.values_list("date_joined", flat=True)
    assert max(joined) - min(joined) > timedelta(days=365)


def test_the_demo_is_the_same_on_every_run() -> None:
    people = demo_people()

    assert people == demo_people()
    assert len({person.email for person in people}) == len(people)
    assert len(THEMES) == 12


def test_loading_twice_changes_nothing() -> None:
    load_demo_community()
    before = snapshot()

    summary = load_demo_community()

    assert snapshot() == before
    assert (summary.organisations_created, summary.themes_created, summary.members_created) == (
        0,
        0,
        0,
    )


def test_the_command_prints_where_to_log_in() -> None:
    out = StringIO()

    call_command("demo_data", stdout=out)

    assert COMMUNITY_MANAGER_EMAIL in out.getvalue()
    assert DEMO_MEMBER_EMAIL in out.getvalue()
    assert Member.objects.count() >= 60


def test_if_empty_loads_into_an_empty_database() -> None:
    call_command("demo_data", "--if-empty", stdout=StringIO())

    assert Member.objects.count() >= 60


def test_if_empty_skips_when_there_are_members() -> None:
    actions.create_member("early.bird@example.org", name="Early Bird")
    out = StringIO()

    call_command("demo_data", "--if-empty", stdout=out)

    assert Member.objects.count() == 1
    assert Theme.objects.count() == 0
    assert "not loaded" in out.getvalue()


def test_without_if_empty_it_joins_an_existing_community(personas: Personas) -> None:
    members_before = Member.objects.count()

    call_command("demo_data", stdout=StringIO())

    # The personas' organisations and themes are reused, not duplicated; a theme the demo
    # shares is brought in line with the demo's text.
    assert Organisation.objects.filter(name="Gemeente Hengelo").count() == 1
    assert Theme.objects.count() == 12
    assert Theme.objects.get(slug="jeugdzorg").description == THEMES[0].description
    assert Member.objects.count() >= members_before + 60
    assert Member.objects.get(email=COMMUNITY_MANAGER_EMAIL).is_community_manager
    assert personas.member.expertise.get().slug == "jeugdzorg"


def test_an_existing_address_is_made_community_manager() -> None:
    actions.create_member(COMMUNITY_MANAGER_EMAIL, name="Someone Else")

    load_demo_community()

    manager = Member.objects.get(email=COMMUNITY_MANAGER_EMAIL)
    assert manager.is_community_manager
    assert manager.name == "Someone Else"  # otherwise left as it was
