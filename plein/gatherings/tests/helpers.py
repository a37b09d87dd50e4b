"""Gatherings built through the real actions, and fixtures that make the tests read
Plein's English texts (the message ids) whatever the default language. Test modules
import the fixture functions (`client_fixture`, `personas_fixture`); pytest knows them as
`client` and `personas`."""

import datetime

from django.utils import timezone

from plein.circles.models import Circle, Membership
from plein.core.testing import (  # noqa: F401 (fixtures, re-exported for the test modules)
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.gatherings import actions
from plein.gatherings.models import Gathering
from plein.members import actions as member_actions
from plein.members.models import Member
from plein.themes.models import Theme


def tomorrow_at(hour: int, minute: int = 0, *, days: int = 1) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def plan(
    organiser: Member,
    theme: Theme,
    *,
    title: str = "Vroegsignalering op de basisschool",
    days: int = 2,
    hours: int = 2,
    **fields: object,
) -> Gathering:
    starts = tomorrow_at(14, days=days)
    values: dict = {
        "title": title,
        "description": "Een middag over **vroege signalen**.",
        "theme": theme,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=hours),
        "location": "Stadhuis Hengelo, zaal 2",
        "online_url": "",
        "capacity": None,
        **fields,
    }
    return actions.plan_gathering(organiser, **values)


def move_to_past(gathering: Gathering, *, days_ago: int = 2) -> Gathering:
    """Shift a planned gathering into the past (the actions refuse to plan one there)."""
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    Gathering.objects.filter(pk=gathering.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    gathering.refresh_from_db()
    return gathering


def start_now(gathering: Gathering) -> Gathering:
    """Make a gathering under way: started an hour ago, ending in an hour."""
    now = timezone.now()
    Gathering.objects.filter(pk=gathering.pk).update(
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1)
    )
    gathering.refresh_from_db()
    return gathering


def make_circle(
    host: Member, *, access: str = Circle.Access.CLOSED, members: tuple[Member, ...] = ()
) -> Circle:
    """A circle with `host` as host. Written directly: the circles' actions are another
    helper's work, and these tests are about gatherings."""
    circle = Circle.objects.create(
        name="Preventie op school", access=access, learning_goal="Een aanpak voor juni"
    )
    Membership.objects.create(circle=circle, member=host, role=Membership.Role.HOST)
    for member in members:
        Membership.objects.create(circle=circle, member=member)
    return circle


def new_member(email: str, name: str = "") -> Member:
    member = member_actions.create_member(email, name=name or email.split("@")[0].title())
    Member.objects.filter(pk=member.pk).update(preferred_language="en")
    member.preferred_language = "en"
    return member
