"""Planning, editing, cancelling, RSVPs and the waiting list, follow-ups and calendar
feeds: the actions and every bad input they refuse."""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone

from plein.circles.models import Circle, Membership
from plein.core.errors import NotAllowed
from plein.core.privacy import PrivacyBlocked, PrivacyWarning
from plein.gatherings import actions
from plein.gatherings.actions import InvalidField, RsvpClosed
from plein.gatherings.models import CalendarFeed, CheckIn, FollowUp, Gathering, Rsvp
from plein.gatherings.tests.helpers import (  # noqa: F401 (fixtures by their names)
    client_fixture,
    english_fixture,
    make_circle,
    move_to_past,
    new_member,
    personas_fixture,
    plan,
    start_now,
    tomorrow_at,
)
from plein.notify.models import Notification

pytestmark = pytest.mark.django_db

GOING = Rsvp.Status.GOING
MAYBE = Rsvp.Status.MAYBE
NOT_GOING = Rsvp.Status.NOT_GOING
WAITLISTED = Rsvp.Status.WAITLISTED


def notified(member, kind):
    return list(Notification.objects.filter(recipient=member, kind=kind))


# --- Planning --------------------------------------------------------------------------------


def test_a_community_manager_plans_a_gathering(personas):
    gathering = plan(personas.community_manager, personas.prevention, capacity=20)
    assert gathering.pk and gathering.organiser == personas.community_manager
    assert gathering.capacity == 20 and gathering.sequence == 0
    assert "<strong>vroege signalen</strong>" in gathering.description_html


def test_a_member_plans_an_open_gathering_but_not_one_in_a_circle_they_do_not_host(personas):
    assert plan(personas.member, personas.youth_care).circle is None
    circle = make_circle(personas.colleague, members=(personas.member,))
    with pytest.raises(NotAllowed):
        plan(personas.member, personas.youth_care, circle=circle)
    assert plan(personas.colleague, personas.youth_care, circle=circle).circle == circle
    assert plan(personas.community_manager, personas.youth_care, circle=circle).circle == circle


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "   "}, "title"),
        ({"starts_at": tomorrow_at(14), "ends_at": tomorrow_at(13)}, "ends_at"),
        ({"starts_at": tomorrow_at(14), "ends_at": tomorrow_at(14)}, "ends_at"),
        ({"starts_at": tomorrow_at(14, days=-1), "ends_at": tomorrow_at(16, days=-1)}, "starts_at"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": -5}, "capacity"),
        ({"location": "", "online_url": ""}, "location"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"starts_at": tomorrow_at(14), "ends_at": tomorrow_at(14, days=30)}, "ends_at"),
    ],
)
def test_bad_input_is_refused_with_a_message_at_its_field(personas, fields, field):
    with pytest.raises(InvalidField) as raised:
        plan(personas.community_manager, personas.prevention, **fields)
    assert raised.value.field == field and raised.value.message
    assert not Gathering.objects.exists()


def test_messages_say_what_is_wrong(personas):
    cm, theme = personas.community_manager, personas.prevention
    with pytest.raises(InvalidField, match="ends before it starts"):
        plan(cm, theme, starts_at=tomorrow_at(14), ends_at=tomorrow_at(12))
    with pytest.raises(InvalidField, match="in the past"):
        plan(cm, theme, starts_at=tomorrow_at(9, days=-3), ends_at=tomorrow_at(10, days=-3))
    with pytest.raises(InvalidField, match="1 or more"):
        plan(cm, theme, capacity=0)
    with pytest.raises(InvalidField, match="place, an online link"):
        plan(cm, theme, location="")


def test_an_online_gathering_needs_no_place(personas):
    gathering = plan(
        personas.community_manager, personas.prevention, location="", online_url="meet.example/x"
    )
    assert gathering.online_url == "https://meet.example/x"


def test_the_privacy_guard_reads_title_description_and_place(personas):
    with pytest.raises(PrivacyBlocked):
        plan(personas.member, personas.prevention, description="Cliënt BSN 111222333")
    with pytest.raises(PrivacyWarning):
        plan(personas.member, personas.prevention, location="Bel 06-12345678")
    plan(personas.member, personas.prevention, location="Bel 06-12345678", confirmed_privacy=True)


def test_a_double_submit_plans_once(personas):
    first = plan(personas.member, personas.prevention, submit_key="k1")
    again = plan(personas.member, personas.prevention, submit_key="k1")
    assert first.pk == again.pk and Gathering.objects.count() == 1


def test_an_inactive_member_plans_nothing(personas):
    personas.member.is_active = False
    with pytest.raises(NotAllowed):
        plan(personas.member, personas.prevention)


# --- RSVP and the waiting list ---------------------------------------------------------------


def test_going_takes_a_seat_until_full_then_the_waiting_list(personas):
    gathering = plan(personas.community_manager, personas.prevention, capacity=2)
    first = actions.rsvp(personas.member, gathering, GOING)
    second = actions.rsvp(personas.colleague, gathering, GOING)
    third = actions.rsvp(personas.other_org_member, gathering, GOING)
    assert not first.waitlisted and not second.waitlisted
    assert third.waitlisted and third.position == 1 and third.rsvp.status == WAITLISTED
    gathering.refresh_from_db()
    assert (gathering.going_count, gathering.waitlist_count, gathering.seats_left) == (2, 1, 0)


def test_going_again_keeps_ones_seat_or_place_in_line(personas):
    gathering = plan(personas.community_manager, personas.prevention, capacity=1)
    actions.rsvp(personas.member, gathering, GOING)
    actions.rsvp(personas.colleague, gathering, GOING)
    again = actions.rsvp(personas.colleague, gathering, GOING, listed=False)
    assert again.waitlisted and again.position == 1 and again.rsvp.listed is False
    assert not actions.rsvp(personas.member, gathering, GOING).waitlisted
    gathering.refresh_from_db()
    assert (gathering.going_count, gathering.waitlist_count) == (1, 1)


def test_leaving_a_seat_moves_the_first_waiting_member_up_and_tells_them(personas):
    gathering = plan(personas.community_manager, personas.prevention, capacity=1)
    actions.rsvp(personas.member, gathering, GOING)
    actions.rsvp(personas.colleague, gathering, GOING)  # first in line
    actions.rsvp(personas.other_org_member, gathering, GOING)  # second in line
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.rsvp(personas.member, gathering, NOT_GOING)
    statuses = dict(Rsvp.objects.values_list("member__email", "status"))
    assert statuses == {
        personas.member.email: NOT_GOING,
        personas.colleague.email: GOING,
        personas.other_org_member.email: WAITLISTED,
    }
    assert len(notified(personas.colleague, Notification.Kind.GATHERING_SEAT)) == 1
    assert not notified(personas.other_org_member, Notification.Kind.GATHERING_SEAT)
    gathering.refresh_from_db()
    assert (gathering.going_count, gathering.waitlist_count) == (1, 1)
    # "maybe" frees a seat too.
    actions.rsvp(personas.colleague, gathering, MAYBE)
    assert Rsvp.objects.get(member=personas.other_org_member).status == GOING


def test_a_waiting_member_who_lost_access_is_skipped(personas):
    circle = make_circle(
        personas.community_manager,
        members=(personas.member, personas.colleague, personas.other_org_member),
    )
    gathering = plan(personas.community_manager, personas.prevention, capacity=1, circle=circle)
    actions.rsvp(personas.member, gathering, GOING)
    actions.rsvp(personas.colleague, gathering, GOING)
    actions.rsvp(personas.other_org_member, gathering, GOING)
    Membership.objects.filter(circle=circle, member=personas.colleague).delete()
    actions.rsvp(personas.member, gathering, NOT_GOING)
    assert Rsvp.objects.get(member=personas.other_org_member).status == GOING
    assert Rsvp.objects.get(member=personas.colleague).status == WAITLISTED
    assert not notified(personas.colleague, Notification.Kind.GATHERING_SEAT)


def test_leaving_the_waiting_list_counts(personas):
    gathering = plan(personas.community_manager, personas.prevention, capacity=1)
    actions.rsvp(personas.member, gathering, GOING)
    actions.rsvp(personas.colleague, gathering, GOING)
    actions.rsvp(personas.colleague, gathering, NOT_GOING)
    gathering.refresh_from_db()
    assert (gathering.going_count, gathering.waitlist_count) == (1, 0)


def test_no_limit_means_everyone_goes(personas):
    gathering = plan(personas.community_manager, personas.prevention)
    for member in (personas.member, personas.colleague, personas.other_org_member):
        assert not actions.rsvp(member, gathering, GOING).waitlisted
    gathering.refresh_from_db()
    assert gathering.going_count == 3 and gathering.seats_left is None


def test_rsvp_to_a_cancelled_gathering_is_refused(personas):
    gathering = plan(personas.community_manager, personas.prevention)
    actions.cancel_gathering(personas.community_manager, gathering)
    with pytest.raises(RsvpClosed, match="cancelled"):
        actions.rsvp(personas.member, gathering, GOING)


def test_rsvp_to_a_past_or_started_gathering_is_refused(personas):
    past = move_to_past(plan(personas.community_manager, personas.prevention))
    with pytest.raises(RsvpClosed, match="started or is over"):
        actions.rsvp(personas.member, past, GOING)
    running = start_now(plan(personas.community_manager, personas.prevention))
    with pytest.raises(RsvpClosed):
        actions.rsvp(personas.member, running, MAYBE)
    assert not Rsvp.objects.exists()


def test_rsvp_to_a_gathering_one_may_not_see_is_refused(personas):
    circle = make_circle(personas.colleague)
    gathering = plan(personas.colleague, personas.prevention, circle=circle)
    with pytest.raises(NotAllowed):
        actions.rsvp(personas.member, gathering, GOING)
    assert not Rsvp.objects.exists()


def test_an_unknown_status_is_refused(personas):
    gathering = plan(personas.community_manager, personas.prevention)
    with pytest.raises(InvalidField):
        actions.rsvp(personas.member, gathering, WAITLISTED)


def test_a_full_gathering_tells_the_member_their_place(personas):
    gathering = plan(personas.community_manager, personas.prevention, capacity=1)
    actions.rsvp(personas.member, gathering, GOING)
    assert actions.rsvp(personas.colleague, gathering, GOING).position == 1
    assert actions.rsvp(personas.other_org_member, gathering, GOING).position == 2


# --- Editing and cancelling ------------------------------------------------------------------


def test_editing_time_or_place_raises_the_sequence_and_tells_who_signed_up(personas):
    cm = personas.community_manager
    gathering = plan(cm, personas.prevention)
    actions.rsvp(personas.member, gathering, GOING)
    actions.rsvp(personas.colleague, gathering, MAYBE)
    actions.rsvp(personas.other_org_member, gathering, NOT_GOING)
    new_start = gathering.starts_at + datetime.timedelta(hours=1)
    actions.edit_gathering(
        cm,
        gathering,
        title=gathering.title,
        description=gathering.description,
        theme=gathering.theme,
        starts_at=new_start,
        ends_at=new_start + datetime.timedelta(hours=2),
        location="Bibliotheek Hengelo",
    )
    assert gathering.sequence == 1 and gathering.location == "Bibliotheek Hengelo"
    [changed] = notified(personas.member, Notification.Kind.GATHERING_CHANGED)
    assert "New time" in changed.message and "Bibliotheek Hengelo" in changed.message
    assert notified(personas.colleague, Notification.Kind.GATHERING_CHANGED)
    assert not notified(personas.other_org_member, Notification.Kind.GATHERING_CHANGED)


def test_editing_only_the_description_tells_nobody(personas):
    cm = personas.community_manager
    gathering = plan(cm, personas.prevention)
    actions.rsvp(personas.member, gathering, GOING)
    actions.edit_gathering(
        cm,
        gathering,
        title="Nieuwe titel",
        description="Anders",
        theme=gathering.theme,
        starts_at=gathering.starts_at,
        ends_at=gathering.ends_at,
        location=gathering.location,
    )
    assert gathering.sequence == 1 and gathering.title == "Nieuwe titel"
    assert not notified(personas.member, Notification.Kind.GATHERING_CHANGED)


def _edit(member, gathering, **changes):
    values = {
        "title": gathering.title,
        "description": gathering.description,
        "theme": gathering.theme,
        "starts_at": gathering.starts_at,
        "ends_at": gathering.ends_at,
        "location": gathering.location,
        "online_url": gathering.online_url,
        "capacity": gathering.capacity,
        **changes,
    }
    return actions.edit_gathering(member, gathering, **values)


def test_more_seats_move_the_waiting_list_up(personas):
    cm = personas.community_manager
    gathering = plan(cm, personas.prevention, capacity=1)
    for member in (personas.member, personas.colleague, personas.other_org_member):
        actions.rsvp(member, gathering, GOING)
    _edit(cm, gathering, capacity=2)
    assert Rsvp.objects.get(member=personas.colleague).status == GOING
    assert Rsvp.objects.get(member=personas.other_org_member).status == WAITLISTED
    assert notified(personas.colleague, Notification.Kind.GATHERING_SEAT)
    _edit(cm, gathering, capacity=None)
    assert gathering.going_count == 3 and gathering.waitlist_count == 0


def test_fewer_seats_than_going_is_refused(personas):
    cm = personas.community_manager
    gathering = plan(cm, personas.prevention, capacity=3)
    actions.rsvp(personas.member, gathering, GOING)
    actions.rsvp(personas.colleague, gathering, GOING)
    with pytest.raises(InvalidField, match="already going"):
        _edit(cm, gathering, capacity=1)


def test_only_organiser_hosts_and_community_managers_edit_and_cancel(personas):
    circle = make_circle(personas.colleague, members=(personas.member,))
    gathering = plan(personas.colleague, personas.prevention, circle=circle)
    with pytest.raises(NotAllowed):
        _edit(personas.member, gathering, title="Overgenomen")
    with pytest.raises(NotAllowed):
        actions.cancel_gathering(personas.member, gathering)
    # Another host of the circle may.
    Membership.objects.filter(member=personas.member).update(role=Membership.Role.HOST)
    _edit(personas.member, gathering, title="Door de tweede host")
    _edit(personas.community_manager, gathering, title="Door de communitymanager")


def test_moving_a_gathering_into_the_past_is_refused(personas):
    gathering = plan(personas.community_manager, personas.prevention)
    with pytest.raises(InvalidField, match="in the past"):
        _edit(
            personas.community_manager,
            gathering,
            starts_at=tomorrow_at(10, days=-2),
            ends_at=tomorrow_at(12, days=-2),
        )


def test_cancelling_tells_everyone_who_signed_up_once_and_raises_the_sequence(personas):
    cm = personas.community_manager
    gathering = plan(cm, personas.prevention, capacity=1)
    actions.rsvp(personas.member, gathering, GOING)
    actions.rsvp(personas.colleague, gathering, GOING)  # waiting
    actions.rsvp(personas.other_org_member, gathering, NOT_GOING)
    actions.cancel_gathering(cm, gathering, reason="De spreker is ziek")
    actions.cancel_gathering(cm, gathering)  # twice: nothing more happens
    assert gathering.is_cancelled and gathering.sequence == 1
    [news] = notified(personas.member, Notification.Kind.GATHERING_CHANGED)
    assert news.message == "De spreker is ziek"
    assert notified(personas.colleague, Notification.Kind.GATHERING_CHANGED)
    assert not notified(personas.other_org_member, Notification.Kind.GATHERING_CHANGED)
    with pytest.raises(NotAllowed):
        _edit(cm, gathering, title="Toch")


def test_a_gathering_that_is_over_cannot_be_cancelled(personas):
    gathering = move_to_past(plan(personas.community_manager, personas.prevention))
    with pytest.raises(NotAllowed):
        actions.cancel_gathering(personas.community_manager, gathering)


def test_changes_are_not_told_to_members_who_lost_access(personas):
    circle = make_circle(personas.community_manager, members=(personas.member,))
    gathering = plan(personas.community_manager, personas.prevention, circle=circle)
    actions.rsvp(personas.member, gathering, GOING)
    Membership.objects.filter(circle=circle, member=personas.member).delete()
    actions.cancel_gathering(personas.community_manager, gathering)
    assert not notified(personas.member, Notification.Kind.GATHERING_CHANGED)


# --- Follow-up ---------------------------------------------------------------------------------


def test_the_first_follow_up_tells_attendees_once(personas):
    cm = personas.community_manager
    gathering = plan(cm, personas.prevention)
    actions.rsvp(personas.member, gathering, GOING)
    actions.rsvp(personas.colleague, gathering, MAYBE)
    start_now(gathering)
    CheckIn.objects.create(gathering=gathering, member=personas.other_org_member, method="host")
    note = actions.add_followup(cm, gathering, body="We spraken af: **signalenkaart**.")
    assert isinstance(note, FollowUp) and "<strong>" in note.body_html
    actions.add_followup(personas.member, gathering, body="Dank, tot de volgende keer.")
    kind = Notification.Kind.GATHERING_FOLLOWUP
    assert len(notified(personas.member, kind)) == 1
    assert len(notified(personas.other_org_member, kind)) == 1  # checked in
    assert not notified(personas.colleague, kind)  # maybe, not there
    assert not notified(cm, kind)  # wrote it
    gathering.refresh_from_db()
    assert gathering.followup_notified_at is not None
    assert actions.notify_followup_once(gathering.pk) == 0


def test_notify_followup_once_serves_questions_and_resources_too(personas):
    gathering = plan(personas.community_manager, personas.prevention)
    actions.rsvp(personas.member, gathering, GOING)
    start_now(gathering)
    assert actions.notify_followup_once(gathering.pk, exclude_member_id=personas.colleague.pk) == 1
    assert actions.notify_followup_once(gathering.pk) == 0


def test_a_question_or_resource_from_the_gathering_starts_the_follow_up_once_it_began(personas):
    from plein.library.actions import share_link
    from plein.posts.actions import ask_question

    gathering = plan(personas.community_manager, personas.prevention)
    actions.rsvp(personas.member, gathering, GOING)
    actions.rsvp(personas.colleague, gathering, GOING)
    kind = Notification.Kind.GATHERING_FOLLOWUP
    # Before the start a question is preparation: nobody is told.
    ask_question(
        personas.colleague,
        theme=personas.prevention,
        title="Wat nemen we mee naar de bijeenkomst?",
        body="",
        gathering=gathering,
        confirmed_privacy=True,
    )
    assert not notified(personas.member, kind)
    start_now(gathering)
    share_link(
        personas.colleague,
        theme=personas.prevention,
        title="De dia's van vanmiddag",
        url="https://example.org/dias",
        gathering=gathering,
        confirmed_privacy=True,
    )
    ask_question(
        personas.colleague,
        theme=personas.prevention,
        title="Wie wil de signalenkaart testen?",
        body="",
        gathering=gathering,
        confirmed_privacy=True,
    )
    assert len(notified(personas.member, kind)) == 1
    assert not notified(personas.colleague, kind)  # who posted it


def test_a_story_told_after_the_gathering_starts_its_follow_up_too(personas):
    from plein.posts.stories import write_story

    gathering = plan(personas.community_manager, personas.prevention)
    actions.rsvp(personas.member, gathering, GOING)
    actions.rsvp(personas.colleague, gathering, GOING)
    start_now(gathering)
    write_story(
        personas.colleague,
        theme=personas.prevention,
        title="Wat we op de bijeenkomst leerden",
        sections={"learned": "Samen kijken werkt beter dan alleen."},
        gathering=gathering,
        confirmed_privacy=True,
    )
    assert len(notified(personas.member, Notification.Kind.GATHERING_FOLLOWUP)) == 1
    assert not notified(personas.colleague, Notification.Kind.GATHERING_FOLLOWUP)


def test_follow_up_is_refused_before_the_start_for_outsiders_and_when_cancelled(personas):
    cm = personas.community_manager
    gathering = plan(cm, personas.prevention)
    with pytest.raises(NotAllowed, match="started"):
        actions.add_followup(cm, gathering, body="Te vroeg")
    start_now(gathering)
    with pytest.raises(NotAllowed, match="were there"):
        actions.add_followup(personas.member, gathering, body="Ik was er niet")
    with pytest.raises(InvalidField):
        actions.add_followup(cm, gathering, body="   ")
    with pytest.raises(PrivacyBlocked):
        actions.add_followup(cm, gathering, body="BSN 111222333")
    cancelled = plan(cm, personas.prevention)
    actions.cancel_gathering(cm, cancelled)
    start_now(cancelled)
    with pytest.raises(NotAllowed, match="cancelled"):
        actions.add_followup(cm, cancelled, body="Notitie")
    assert not FollowUp.objects.exists()


# --- Calendar feeds ----------------------------------------------------------------------------


def test_a_feed_is_made_once_renewed_and_revoked(personas):
    feed = actions.calendar_feed_for(personas.member)
    assert actions.calendar_feed_for(personas.member).token == feed.token
    renewed = actions.renew_calendar_feed(personas.member)
    assert renewed.token != feed.token and len(renewed.token) >= 40
    actions.revoke_calendar_feed(personas.member)
    assert not CalendarFeed.objects.exists()


def test_times_are_stored_in_utc_and_mean_amsterdam(personas):
    gathering = plan(personas.community_manager, personas.prevention)
    local = timezone.localtime(gathering.starts_at)
    assert str(local.tzinfo) == "Europe/Amsterdam" and local.hour == 14


def test_open_circle_gatherings_are_for_everyone(personas):
    circle = make_circle(personas.colleague, access=Circle.Access.OPEN)
    gathering = plan(personas.colleague, personas.prevention, circle=circle)
    assert not actions.rsvp(personas.member, gathering, GOING).waitlisted


def test_new_members_can_sign_up(personas):
    newcomer = new_member("nieuw@enschede.example")
    gathering = plan(personas.community_manager, personas.prevention)
    assert actions.rsvp(newcomer, gathering, GOING).rsvp.status == GOING
