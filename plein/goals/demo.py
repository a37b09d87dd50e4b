"""Demo learning goals: the demo member's goal from the story in issue 6 ("Leren hoe
andere gemeenten vroegsignalering organiseren, vóór maart") with a learning log over the
past weeks, shared with a circle she is in, and goals of several other demo members,
private or shared, some with check-ins, one completed. Written through the real actions
with a fixed seed; only the timestamps are moved into the past afterwards, so the log
looks lived in. Nothing is mailed (the check-in reminders are mailed by the sweep, and
every demo goal's next check-in lies ahead or was just done).

Loading twice adds nothing: a member's goal is recognised by its text. Needs the demo
community (plein.members.demo.load_demo_community); uses demo circles when loaded. The
Dutch texts are in plein/demo/content/goals.toml."""

import datetime
import random

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from plein.circles.models import Circle, Membership
from plein.demo import content
from plein.demo.loading import DUMMY_MAIL_BACKEND, progress
from plein.goals import actions
from plein.goals.models import CHECKIN_EVERY, GoalCheckIn, LearningGoal
from plein.members.demo import DEMO_MEMBER_EMAIL, Writer, demo_cast
from plein.members.models import Member

SEED = 2026

DEMO_GOAL = "Leren hoe andere gemeenten vroegsignalering organiseren, vóór maart"
DEMO_CHECKINS: tuple[tuple[str, str], ...] = content.get(
    "goals", "demo_checkins", tuple[tuple[str, str], ...]
)

# Goals of other demo members: text, months until due, check-ins, completed.
OTHER_GOALS: tuple[tuple[str, int, tuple[str, ...], bool], ...] = content.get(
    "goals", "other_goals", tuple[tuple[str, int, tuple[str, ...], bool], ...]
)


def _next_march(today: datetime.date) -> datetime.date:
    march = datetime.date(today.year, 3, 1)
    return (
        march if march > today + datetime.timedelta(days=30) else march.replace(year=today.year + 1)
    )


def load_demo_goals(*, stdout: Writer | None = None) -> int:
    """Add the demo goals that are missing; returns how many were created."""
    with override_settings(EMAIL_BACKEND=DUMMY_MAIL_BACKEND), transaction.atomic():
        cast = demo_cast()
        demo_member = cast.members.get(DEMO_MEMBER_EMAIL)
        if demo_member is None or len(cast.members) < 10:
            progress(stdout, "Learning goals: skipped (load the demo community first)")
            return 0
        rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
        people = sorted(
            (cast.members[p.email] for p in cast.people if not p.community_manager),
            key=lambda m: m.email,
        )
        others = [m for m in people if m.pk != demo_member.pk]
        chosen = rng.sample(others, min(len(others), len(OTHER_GOALS)))
        today = timezone.localdate()
        created = 0
        circle = _a_circle_of(demo_member)
        if _load(
            demo_member,
            DEMO_GOAL,
            _next_march(today),
            DEMO_CHECKINS,
            weeks_ago=8,
            circle=circle,
        ):
            created += 1
        for index, (member, (text, months, lines, completed)) in enumerate(
            zip(chosen, OTHER_GOALS, strict=False)
        ):
            # Every other goal is shared with a circle of its member, if they are in one.
            shared = _a_circle_of(member) if index % 2 == 0 else None
            due = today + datetime.timedelta(days=30 * months)
            checkins = tuple((line, "") for line in lines)
            if _load(
                member,
                text,
                due,
                checkins,
                weeks_ago=2 + 2 * len(lines) + rng.randint(0, 2),
                circle=shared,
                completed=completed,
            ):
                created += 1
        progress(stdout, f"Learning goals: {created} new")
        return created


def _a_circle_of(member: Member) -> Circle | None:
    membership = (
        Membership.objects.filter(member=member)
        .select_related("circle")
        .order_by("circle__name", "circle_id")
        .first()
    )
    return membership.circle if membership else None


def _load(
    member: Member,
    text: str,
    due: datetime.date,
    checkins: tuple[tuple[str, str], ...],
    *,
    weeks_ago: int,
    circle: Circle | None,
    completed: bool = False,
) -> bool:
    if LearningGoal.objects.filter(member=member, text=text).exists():
        return False
    goal = actions.set_goal(member, text=text, due=due, circle=circle, confirmed_privacy=True)
    for learned, next_step in checkins:
        actions.check_in(member, goal, learned=learned, next=next_step, confirmed_privacy=True)
    # Move the story into the past: set weeks ago, a check-in every two weeks since.
    now = timezone.now()
    started = now - datetime.timedelta(weeks=weeks_ago)
    LearningGoal.objects.filter(pk=goal.pk).update(created_at=started)
    entries = list(GoalCheckIn.objects.filter(goal=goal).order_by("created_at", "pk"))
    for number, entry in enumerate(entries, start=1):
        entry.created_at = min(now, started + number * CHECKIN_EVERY)
        entry.save(update_fields=["created_at"])
    if entries:
        last = entries[-1].created_at
        LearningGoal.objects.filter(pk=goal.pk).update(
            last_checkin_at=last,
            next_checkin_at=max(last + CHECKIN_EVERY, now + datetime.timedelta(days=1)),
        )
    else:
        LearningGoal.objects.filter(pk=goal.pk).update(
            next_checkin_at=now + datetime.timedelta(days=3)
        )
    if completed:
        actions.complete_goal(member, goal)
    return True
