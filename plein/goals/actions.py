"""Every write about personal learning goals: setting, adjusting, completing and reopening
a goal, and checking in. Views, the mail link and the demo data all come through here.

Only the goal's own member may change it or check in on it; for anyone else the actions
raise NotAllowed with a clear message (a circle member reads a shared goal, no more)."""

import datetime
import re

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.circles.models import Circle, Membership
from plein.core.errors import InvalidField, NotAllowed, PleinError
from plein.core.privacy import guard
from plein.goals.models import CHECKIN_EVERY, GoalCheckIn, LearningGoal
from plein.insights.events import record
from plein.insights.models import Event
from plein.members.models import Member

TEXT_MAX = 300
LINE_MAX = 300
# Fewer words than this rarely say what and how: "leren", "meer over jeugdzorg".
MIN_WORDS = 4
TOKEN_SALT = "plein.goals.checkin"  # noqa: S105 (a signing salt, not a secret)
TOKEN_MAX_AGE = datetime.timedelta(days=30)


class BadCheckInLink(PleinError):
    """A check-in link that was cut off, forged or has expired."""


# --- Helpers -----------------------------------------------------------------------------


def _require_member(member: Member) -> None:
    if not member.is_active:
        raise NotAllowed(_("Log in to take part."))


def _require_owner(member: Member, goal: LearningGoal, message: str) -> None:
    _require_member(member)
    if goal.member_id != member.pk:
        raise NotAllowed(message)


def _clean_text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise InvalidField("text", _("Write down what you want to learn."))
    if len(text) > TEXT_MAX:
        raise InvalidField(
            "text", _("Keep your goal under %(max)d characters.") % {"max": TEXT_MAX}
        )
    if len(re.findall(r"\w+", text)) < MIN_WORDS:
        raise InvalidField(
            "text",
            _(
                "Make it a little more specific, so you will know when you got there: what "
                "do you want to learn, and about what? For example: learn how other "
                "municipalities organise early signals."
            ),
        )
    return text


def _check_due(
    due: datetime.date | None, *, unchanged: datetime.date | None = None
) -> datetime.date:
    if due is None:
        raise InvalidField("due", _("Choose a date by which you want to have learned this."))
    # A date already on the goal may lie in the past (the goal was due); a new one not.
    if due != unchanged and due < timezone.localdate():
        raise InvalidField("due", _("This date has passed. Choose today or a date in the future."))
    return due


def _check_circle(member: Member, circle: Circle | None) -> Circle | None:
    if circle is not None and not Membership.objects.filter(circle=circle, member=member).exists():
        raise InvalidField(
            "circle", _("You can only share a goal with a circle you are a member of.")
        )
    return circle


def _clean_line(value: str, field: str) -> str:
    value = " ".join(value.split())
    if len(value) > LINE_MAX:
        raise InvalidField(
            field, _("Keep it to one line, under %(max)d characters.") % {"max": LINE_MAX}
        )
    return value


# --- Goals -------------------------------------------------------------------------------


def set_goal(
    member: Member,
    *,
    text: str,
    due: datetime.date | None,
    circle: Circle | None = None,
    confirmed_privacy: bool = False,
) -> LearningGoal:
    _require_member(member)
    text = _clean_text(text)
    due = _check_due(due)
    circle = _check_circle(member, circle)
    guard(text, confirmed=confirmed_privacy)
    now = timezone.now()
    return LearningGoal.objects.create(
        member=member,
        text=text,
        due=due,
        circle=circle,
        created_at=now,
        next_checkin_at=now + CHECKIN_EVERY,
    )


def adjust_goal(
    member: Member,
    goal: LearningGoal,
    *,
    text: str,
    due: datetime.date | None,
    circle: Circle | None = None,
    confirmed_privacy: bool = False,
) -> LearningGoal:
    """Change what, by when or with whom; the learning log stays as it is."""
    _require_owner(member, goal, _("Only the member whose goal this is can change it."))
    text = _clean_text(text)
    due = _check_due(due, unchanged=goal.due)
    if circle is not None and circle.pk != goal.circle_id:
        circle = _check_circle(member, circle)
    guard(text, confirmed=confirmed_privacy)
    goal.text, goal.due, goal.circle = text, due, circle
    goal.adjusted_at = timezone.now()
    goal.save(update_fields=["text", "due", "circle", "adjusted_at"])
    return goal


def complete_goal(member: Member, goal: LearningGoal) -> LearningGoal:
    _require_owner(member, goal, _("Only the member whose goal this is can complete it."))
    if goal.is_active:
        goal.status = LearningGoal.Status.COMPLETED
        goal.completed_at = timezone.now()
        goal.save(update_fields=["status", "completed_at"])
    return goal


def reopen_goal(member: Member, goal: LearningGoal) -> LearningGoal:
    _require_owner(member, goal, _("Only the member whose goal this is can reopen it."))
    if not goal.is_active:
        now = timezone.now()
        goal.status = LearningGoal.Status.ACTIVE
        goal.completed_at = None
        goal.next_checkin_at = now + CHECKIN_EVERY
        goal.save(update_fields=["status", "completed_at", "next_checkin_at"])
    return goal


def check_in(
    member: Member,
    goal: LearningGoal,
    *,
    learned: str,
    next: str = "",  # the member's word: what is next
    confirmed_privacy: bool = False,
) -> GoalCheckIn:
    """One line on what the member learned (and what is next) in the goal's learning log."""
    _require_owner(
        member,
        goal,
        _("This is someone else's learning goal: only they can check in on it."),
    )
    if not goal.is_active:
        raise NotAllowed(_("This goal is completed. Reopen it to check in again."))
    learned = _clean_line(learned, "learned")
    if not learned:
        raise InvalidField("learned", _("Write one line about what you learned."))
    next = _clean_line(next, "next")
    guard(learned, next, confirmed=confirmed_privacy)
    now = timezone.now()
    with transaction.atomic():
        entry = GoalCheckIn.objects.create(goal=goal, learned=learned, next=next, created_at=now)
        goal.last_checkin_at = now
        goal.next_checkin_at = now + CHECKIN_EVERY
        goal.save(update_fields=["last_checkin_at", "next_checkin_at"])
        # Goals are private: the log only says that someone checked in, nothing about what.
        record(Event.Kind.GOAL_CHECKIN, member, at=now)
    return entry


# --- The check-in link in the reminder mail -----------------------------------------------
#
# One signed link for both kinds of goal: a member's own goal ("goal": the check-in form)
# and a circle's goal ("circle": the progress-note form, for a host). The token names the
# kind, the goal or circle and the member it was mailed to, so a forwarded mail opens
# nothing for anyone else; it expires after TOKEN_MAX_AGE.

GOAL = "goal"
CIRCLE = "circle"


def checkin_token(goal: LearningGoal) -> str:
    return signed_checkin(GOAL, goal.pk, goal.member_id)


def signed_checkin(kind: str, pk: int, member_id: int) -> str:
    return signing.dumps({"k": kind, "g": pk, "m": member_id}, salt=TOKEN_SALT, compress=True)


def read_checkin(token: str, member: Member, *, kind: str, pk: int) -> None:
    """Check a check-in link for `kind` number `pk`, opened by the logged-in `member`.
    Raises BadCheckInLink for a cut-off, forged, expired or mismatched link, NotAllowed
    for a link mailed to someone else. Whether the member may still check in (owns the
    goal, still hosts the circle) is for the caller to check."""
    if kind == CIRCLE:
        invalid = _("This link is not valid. Open the circle to write a progress note.")
        expired = _("This link has expired. Open the circle to write a progress note.")
    else:
        invalid = _("This check-in link is not valid. Open your goal to check in.")
        expired = _("This check-in link has expired. Open your goal to check in.")
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise BadCheckInLink(expired) from error
    except signing.BadSignature as error:
        raise BadCheckInLink(invalid) from error
    # Links mailed before circles shared the mechanism carry no kind: a personal goal's.
    if not isinstance(data, dict) or data.get("k", GOAL) != kind or data.get("g") != pk:
        raise BadCheckInLink(invalid)
    if data.get("m") != member.pk:
        raise NotAllowed(
            _("This link was mailed to someone else. Are you logged in as the right person?")
            if kind == CIRCLE
            else _(
                "This check-in link is for someone else's learning goal. Are you logged in "
                "as the right person?"
            )
        )


def goal_for_token(token: str, member: Member, pk: int) -> LearningGoal:
    """The goal behind a check-in link, for the logged-in `member` (see read_checkin)."""
    read_checkin(token, member, kind=GOAL, pk=pk)
    goal = LearningGoal.objects.filter(pk=pk).first()
    if goal is None:
        raise BadCheckInLink(_("This learning goal no longer exists."))
    if goal.member_id != member.pk:
        raise NotAllowed(
            _(
                "This check-in link is for someone else's learning goal. Are you logged in "
                "as the right person?"
            )
        )
    return goal
