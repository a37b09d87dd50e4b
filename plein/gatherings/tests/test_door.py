"""The door's codes and actions: rotating and printed codes, when the door is open, who
keeps it, and checking in (once, counted, following the theme)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from plein.circles.models import Circle, Membership
from plein.core.errors import NotAllowed
from plein.core.testing import (  # noqa: F401 (fixtures by their names; test_door_pages imports them from here)
    Personas,
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.gatherings import door
from plein.gatherings.models import CheckIn, Gathering, Rsvp
from plein.members import actions as member_actions
from plein.members.models import Member

pytestmark = pytest.mark.django_db


def make_gathering(
    personas: Personas,
    *,
    starts_in: timedelta = timedelta(minutes=30),
    hours: float = 2,
    circle: Circle | None = None,
    organiser: Member | None = None,
    **fields: object,
) -> Gathering:
    """A gathering around now. Made directly: planning one through the actions refuses
    the past, and the door is tested on both sides of the clock."""
    starts_at = timezone.now() + starts_in
    values: dict = {"title": "Preventie in Hengelo", "location": "Het Rozendaal, Hengelo"}
    return Gathering.objects.create(
        theme=personas.prevention,
        circle=circle,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        organiser=organiser or personas.colleague,
        **{**values, **fields},
    )


def make_circle(personas: Personas, access: str, *, host: Member, members: list[Member]) -> Circle:
    circle = Circle.objects.create(
        name="Preventie op school", access=access, learning_goal="Een aanpak voor juni"
    )
    Membership.objects.create(circle=circle, member=host, role=Membership.Role.HOST)
    for member in members:
        Membership.objects.create(circle=circle, member=member)
    return circle


@pytest.fixture
def gathering(personas: Personas) -> Gathering:
    return make_gathering(personas)


# 12:00:30 UTC on a fixed day, half a minute into a 3-minute window.
NOON = datetime(2030, 3, 14, 12, 0, 30, tzinfo=UTC)


# --- Rotating codes ----------------------------------------------------------------------


def test_the_code_is_short_url_safe_and_stable_within_a_window(gathering):
    code = door.current_door_code(gathering, NOON)
    assert len(code) == 10
    assert code.isalnum() and code == code.lower()
    assert door.current_door_code(gathering, NOON + timedelta(minutes=2)) == code


def test_the_secret_is_made_once_on_first_use(gathering):
    assert gathering.door_secret == ""
    code = door.current_door_code(gathering, NOON)
    secret = Gathering.objects.get(pk=gathering.pk).door_secret
    assert len(secret) == 64
    # Another screen that loaded the gathering before the secret existed agrees.
    stale = Gathering.objects.get(pk=gathering.pk)
    stale.door_secret = ""
    assert door.current_door_code(stale, NOON) == code
    assert Gathering.objects.get(pk=gathering.pk).door_secret == secret


def test_codes_rotate_every_window(gathering):
    first = door.current_door_code(gathering, NOON)
    second = door.current_door_code(gathering, NOON + timedelta(minutes=3))
    third = door.current_door_code(gathering, NOON + timedelta(minutes=6))
    assert len({first, second, third}) == 3


def test_codes_differ_per_gathering(personas, gathering):
    other = make_gathering(personas)
    assert door.current_door_code(gathering, NOON) != door.current_door_code(other, NOON)


def test_the_current_code_is_valid(gathering):
    code = door.current_door_code(gathering, NOON)
    assert door.door_code_is_valid(gathering, code, NOON)
    assert door.door_code_is_valid(gathering, code.upper(), NOON), "typed in capitals"


@override_settings(PLEIN_DOOR_CODE_MINUTES=3, PLEIN_DOOR_CODE_GRACE_MINUTES=10)
def test_an_old_code_works_for_the_grace_period_after_its_window(gathering):
    code = door.current_door_code(gathering, NOON)
    window_end = datetime(2030, 3, 14, 12, 3, tzinfo=UTC)
    assert door.door_code_is_valid(gathering, code, window_end + timedelta(minutes=9, seconds=59))
    assert not door.door_code_is_valid(gathering, code, window_end + timedelta(minutes=10))


def test_a_code_from_the_future_is_not_valid(gathering):
    later = door.current_door_code(gathering, NOON + timedelta(minutes=3))
    assert not door.door_code_is_valid(gathering, later, NOON)


@pytest.mark.parametrize("forged", ["", "aaaaaaaaaa", "done", "x" * 200, "ÄÖÜ", "../../etc"])
def test_forged_codes_are_not_valid(gathering, forged):
    door.current_door_code(gathering, NOON)
    assert not door.door_code_is_valid(gathering, forged, NOON)
    with pytest.raises(door.DoorCodeInvalid):
        door.open_door(gathering, forged, NOON)


def test_no_code_is_valid_before_a_door_was_ever_opened(gathering):
    assert not door.door_code_is_valid(gathering, "aaaaaaaaaa", NOON)


def test_renewing_the_secret_voids_every_code_shown(personas, gathering):
    code = door.current_door_code(gathering, NOON)
    door.renew_door_secret(personas.colleague, gathering)
    assert not door.door_code_is_valid(gathering, code, NOON)
    fresh = Gathering.objects.get(pk=gathering.pk)
    assert not door.door_code_is_valid(fresh, code, NOON)
    assert door.door_code_is_valid(fresh, door.current_door_code(fresh, NOON), NOON)


def test_the_secret_of_another_gathering_does_not_open_this_door(personas, gathering):
    other = make_gathering(personas)
    code = door.current_door_code(other, NOON)
    door.current_door_code(gathering, NOON)
    assert not door.door_code_is_valid(gathering, code, NOON)


# --- When the door is open -----------------------------------------------------------------


def test_the_door_opens_two_hours_before_the_start(personas):
    gathering = make_gathering(personas, starts_in=timedelta(hours=3))
    code = door.current_door_code(gathering)
    with pytest.raises(door.DoorClosed, match="two hours before"):
        door.open_door(gathering, code)
    an_hour_later = timezone.now() + timedelta(hours=1, minutes=1)
    door_pass = door.open_door(
        gathering, door.current_door_code(gathering, an_hour_later), an_hour_later
    )
    assert door_pass.gathering_id == gathering.pk
    assert not door_pass.printed


@override_settings(PLEIN_DOOR_CODE_GRACE_MINUTES=10)
def test_the_door_closes_after_the_end_and_the_grace_period(personas):
    gathering = make_gathering(personas, starts_in=timedelta(hours=-2), hours=1.9)
    door.open_door(gathering, door.current_door_code(gathering))
    over = make_gathering(personas, starts_in=timedelta(hours=-2), hours=1.8)
    with pytest.raises(door.DoorClosed, match="over"):
        door.open_door(over, door.current_door_code(over))


def test_a_cancelled_gathering_has_no_door(personas):
    gathering = make_gathering(personas, cancelled_at=timezone.now())
    with pytest.raises(door.GatheringCancelled):
        door.open_door(gathering, door.current_door_code(gathering))


# --- Printed codes -----------------------------------------------------------------------


def test_a_printed_code_is_made_once_and_works_until_revoked(personas, gathering):
    code = door.print_door_code(personas.colleague, gathering)
    assert len(code) == 16
    assert door.print_door_code(personas.colleague, gathering) == code
    fresh = Gathering.objects.get(pk=gathering.pk)
    assert door.open_door(fresh, code).printed
    assert door.open_door(fresh, code, timezone.now() + timedelta(hours=1)).printed

    door.revoke_printed_code(personas.colleague, fresh)
    fresh = Gathering.objects.get(pk=gathering.pk)
    assert fresh.printed_code == ""
    with pytest.raises(door.DoorCodeInvalid):
        door.open_door(fresh, code)
    assert door.print_door_code(personas.colleague, fresh) != code, "a new print, a new code"


def test_renewing_the_secret_leaves_the_printed_code_alone(personas, gathering):
    code = door.print_door_code(personas.colleague, gathering)
    door.renew_door_secret(personas.colleague, gathering)
    assert door.open_door(Gathering.objects.get(pk=gathering.pk), code).printed


# --- Who keeps the door --------------------------------------------------------------------


def test_organiser_community_managers_and_circle_hosts_keep_the_door(personas):
    circle = make_circle(
        personas, Circle.Access.CLOSED, host=personas.other_org_member, members=[personas.member]
    )
    gathering = make_gathering(personas, circle=circle)
    assert door.is_door_host(personas.colleague, gathering)  # organiser
    assert door.is_door_host(personas.community_manager, gathering)
    assert door.is_door_host(personas.other_org_member, gathering)  # hosts the circle
    assert not door.is_door_host(personas.member, gathering)  # only a member of it
    assert not door.is_door_host(None, gathering)


@pytest.mark.parametrize("action", ["print_door_code", "revoke_printed_code", "renew_door_secret"])
def test_only_hosts_may_change_the_codes(personas, gathering, action):
    with pytest.raises(NotAllowed):
        getattr(door, action)(personas.member, gathering)
    assert Gathering.objects.get(pk=gathering.pk).door_secret == ""


# --- Checking in -------------------------------------------------------------------------


def test_check_in_is_recorded_once_and_counted(personas, gathering):
    first = door.check_in(gathering, personas.member, method=CheckIn.Method.MEMBER)
    again = door.check_in(gathering, personas.member, method=CheckIn.Method.PRINTED)
    assert again.pk == first.pk
    assert again.method == CheckIn.Method.MEMBER
    assert Gathering.objects.get(pk=gathering.pk).checkin_count == 1
    door.check_in(gathering, personas.other_org_member, method=CheckIn.Method.MEMBER)
    assert Gathering.objects.get(pk=gathering.pk).checkin_count == 2


def test_checking_in_follows_the_theme(personas, gathering):
    door.check_in(gathering, personas.member, method=CheckIn.Method.MEMBER)
    assert personas.prevention in personas.member.followed_themes.all()


def test_a_host_checking_someone_in_does_not_change_what_they_follow(personas, gathering):
    door.check_in(gathering, personas.member, method=CheckIn.Method.HOST)
    assert not personas.member.followed_themes.exists()


def test_checking_in_leaves_rsvps_and_seats_alone(personas):
    gathering = make_gathering(personas, capacity=1, going_count=1, waitlist_count=1)
    door.check_in(gathering, personas.member, method=CheckIn.Method.MEMBER)
    assert not Rsvp.objects.exists()
    fresh = Gathering.objects.get(pk=gathering.pk)
    assert (fresh.going_count, fresh.waitlist_count, fresh.checkin_count) == (1, 1, 1)


def test_no_check_in_at_a_cancelled_gathering(personas):
    gathering = make_gathering(personas, cancelled_at=timezone.now())
    with pytest.raises(door.GatheringCancelled):
        door.check_in(gathering, personas.member, method=CheckIn.Method.MEMBER)
    assert not CheckIn.objects.exists()


def test_an_outsider_cannot_check_in_at_a_closed_circles_gathering(personas):
    circle = make_circle(personas, Circle.Access.CLOSED, host=personas.colleague, members=[])
    gathering = make_gathering(personas, circle=circle)
    with pytest.raises(door.NotForYou) as error:
        door.check_in(gathering, personas.member, method=CheckIn.Method.MEMBER)
    assert circle.name not in error.value.message
    assert gathering.title not in error.value.message
    assert not CheckIn.objects.exists()


def test_the_method_says_how_someone_came_in(personas, gathering):
    scanned = door.DoorPass(gathering.pk, timezone.now(), printed=False)
    assert door.method_for(personas.member, scanned) == CheckIn.Method.MEMBER
    printed = door.DoorPass(gathering.pk, timezone.now(), printed=True)
    assert door.method_for(personas.member, printed) == CheckIn.Method.PRINTED
    newcomer = member_actions.create_member("nieuw@borne.example", name="Nieuw")
    assert door.method_for(newcomer, printed) == CheckIn.Method.NEWCOMER


def test_the_door_invite_is_made_once_and_expires_after_the_gathering(personas, gathering):
    door.admit_at_door(gathering, "nieuw@borne.example", ip="127.0.0.1")
    door.admit_at_door(gathering, "ander@borne.example", ip="127.0.0.1")
    fresh = Gathering.objects.select_related("door_invite").get(pk=gathering.pk)
    invite = fresh.door_invite
    assert invite is not None
    assert invite.label == gathering.title
    assert invite.created_by == personas.colleague
    assert gathering.ends_at < invite.expires_at < gathering.ends_at + timedelta(hours=1)
    assert invite.uses == 0, "used when the code is typed, not when the mail is sent"
