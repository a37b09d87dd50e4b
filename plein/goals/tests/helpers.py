import datetime

from django.utils import timezone

from plein.circles.models import Circle
from plein.goals import actions
from plein.goals.models import LearningGoal
from plein.members.models import Member

GOAL_TEXT = "Learn how other municipalities organise early signals"


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def set_goal(
    member: Member, text: str = GOAL_TEXT, *, circle: Circle | None = None
) -> LearningGoal:
    return actions.set_goal(member, text=text, due=in_days(90), circle=circle)


def make_due(goal: LearningGoal) -> LearningGoal:
    """Move the goal's check-in into the past, as if two weeks had gone by."""
    goal.next_checkin_at = timezone.now() - datetime.timedelta(minutes=1)
    goal.save(update_fields=["next_checkin_at"])
    return goal
