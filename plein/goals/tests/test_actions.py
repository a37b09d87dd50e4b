"""Setting, adjusting, completing and checking in, and every bad input: a date in the
past, a vague goal, a circle the member is not in, a check-in on someone else's goal."""

import datetime

import pytest
from django.utils import timezone

from plein.circles.models import Circle
from plein.circles.tests.helpers import circle_with, start
from plein.core.errors import NotAllowed
from plein.core.privacy import PrivacyBlocked, PrivacyWarning
from plein.goals import actions
from plein.goals.actions import InvalidField
from plein.goals.models import CHECKIN_EVERY, GoalCheckIn, LearningGoal
from plein.goals.tests.helpers import GOAL_TEXT, in_days, set_goal

pytestmark = pytest.mark.django_db


def test_a_goal_is_set_with_a_check_in_two_weeks_ahead(personas):
    before = timezone.now()
    goal = actions.set_goal(personas.member, text="  " + GOAL_TEXT + " ", due=in_days(60))
    assert goal.text == GOAL_TEXT and goal.status == LearningGoal.Status.ACTIVE
    assert goal.circle is None
    assert before + CHECKIN_EVERY <= goal.next_checkin_at <= timezone.now() + CHECKIN_EVERY


def test_a_date_in_the_past_is_refused_clearly(personas):
    with pytest.raises(InvalidField) as caught:
        actions.set_goal(personas.member, text=GOAL_TEXT, due=in_days(-1))
    assert caught.value.field == "due" and "passed" in caught.value.message
    with pytest.raises(InvalidField):
        actions.set_goal(personas.member, text=GOAL_TEXT, due=None)
    assert actions.set_goal(personas.member, text=GOAL_TEXT, due=in_days(0))  # today is fine
    assert LearningGoal.objects.count() == 1


@pytest.mark.parametrize("text", ["", "   ", "learning", "more about youth"])
def test_a_vague_goal_gets_a_gentle_nudge(personas, text):
    with pytest.raises(InvalidField) as caught:
        actions.set_goal(personas.member, text=text, due=in_days(30))
    assert caught.value.field == "text"
    assert not LearningGoal.objects.exists()


def test_a_too_long_goal_is_refused(personas):
    with pytest.raises(InvalidField):
        actions.set_goal(personas.member, text="word " * 100, due=in_days(30))


def test_a_goal_can_be_shared_only_with_a_circle_of_ones_own(personas):
    mine = circle_with(personas)  # Fatima hosts, Joost is in it
    goal = set_goal(personas.colleague, circle=mine)
    assert goal.circle == mine
    foreign = start(personas.other_org_member, Circle.Access.OPEN, name="Open elders")
    with pytest.raises(InvalidField) as caught:
        set_goal(personas.member, circle=foreign)
    assert caught.value.field == "circle"


def test_the_privacy_guard_checks_the_goal(personas):
    with pytest.raises(PrivacyBlocked):
        set_goal(personas.member, text="Learn about the family with BSN 111222333 and more")
    with pytest.raises(PrivacyWarning):
        set_goal(personas.member, text="Learn from piet.jansen@gmail.com how signals work")
    goal = actions.set_goal(
        personas.member,
        text="Learn from piet.jansen@gmail.com how signals work",
        due=in_days(30),
        confirmed_privacy=True,
    )
    assert goal.pk


def test_a_check_in_is_logged_and_moves_the_next_one_on(personas):
    goal = set_goal(personas.member)
    entry = actions.check_in(
        personas.member, goal, learned=" Almelo uses one contact ", next="Call"
    )
    goal.refresh_from_db()
    assert entry.learned == "Almelo uses one contact" and entry.next == "Call"
    assert goal.last_checkin_at == entry.created_at
    assert goal.next_checkin_at == entry.created_at + CHECKIN_EVERY


def test_a_check_in_needs_what_was_learned(personas):
    goal = set_goal(personas.member)
    with pytest.raises(InvalidField) as caught:
        actions.check_in(personas.member, goal, learned="   ", next="something")
    assert caught.value.field == "learned"
    assert not GoalCheckIn.objects.exists()


def test_a_check_in_on_someone_elses_goal_is_not_allowed(personas):
    circle = circle_with(personas)
    goal = set_goal(personas.member, circle=circle)
    for other in (personas.colleague, personas.community_manager, personas.other_org_member):
        with pytest.raises(NotAllowed) as caught:
            actions.check_in(other, goal, learned="I learned something here")
        assert "someone else's" in caught.value.message
    assert not GoalCheckIn.objects.exists()


def test_only_the_owner_adjusts_completes_or_reopens(personas):
    goal = set_goal(personas.member)
    with pytest.raises(NotAllowed):
        actions.adjust_goal(personas.colleague, goal, text=GOAL_TEXT + " too", due=in_days(9))
    with pytest.raises(NotAllowed):
        actions.complete_goal(personas.community_manager, goal)
    actions.complete_goal(personas.member, goal)
    with pytest.raises(NotAllowed):
        actions.reopen_goal(personas.colleague, goal)


def test_adjusting_keeps_the_learning_log(personas):
    goal = set_goal(personas.member)
    actions.check_in(personas.member, goal, learned="First lesson")
    actions.adjust_goal(
        personas.member,
        goal,
        text="Learn how schools and teams share early signals",
        due=in_days(120),
    )
    goal.refresh_from_db()
    assert goal.text.startswith("Learn how schools") and goal.adjusted_at is not None
    assert list(goal.checkins.values_list("learned", flat=True)) == ["First lesson"]


def test_adjusting_keeps_a_due_date_that_has_passed_but_refuses_a_new_past_one(personas):
    goal = set_goal(personas.member)
    LearningGoal.objects.filter(pk=goal.pk).update(due=in_days(-10))
    goal.refresh_from_db()
    actions.adjust_goal(personas.member, goal, text=GOAL_TEXT + " well", due=goal.due)
    with pytest.raises(InvalidField):
        actions.adjust_goal(personas.member, goal, text=GOAL_TEXT, due=in_days(-3))


def test_completing_and_reopening(personas):
    goal = set_goal(personas.member)
    actions.complete_goal(personas.member, goal)
    assert goal.status == "completed" and goal.completed_at is not None
    with pytest.raises(NotAllowed):
        actions.check_in(personas.member, goal, learned="Too late for this")
    actions.reopen_goal(personas.member, goal)
    goal.refresh_from_db()
    assert goal.is_active and goal.completed_at is None
    assert goal.next_checkin_at > timezone.now() + CHECKIN_EVERY - datetime.timedelta(minutes=1)


def test_an_inactive_member_sets_nothing(personas):
    personas.member.is_active = False
    with pytest.raises(NotAllowed):
        set_goal(personas.member)
