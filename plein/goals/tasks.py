"""The two-weekly check-in reminder: "what did you learn, what is next?" in one line.

`send_checkin_reminders` is the sweep, for both kinds of learning goal: every active
personal goal whose check-in is due gets one mail to its member, with a signed link to
the one-line check-in form; every circle whose goal is not reached and whose progress
note is due gets one mail to each of its active hosts, with a signed link to the
progress-note form (plein.circles). Once per period: the row's `reminded_for` is set to
the `next_checkin_at` it was mailed for, by a conditional UPDATE before the mail is sent,
so two sweeps at the same moment mail once. A check-in (or progress note) moves
`next_checkin_at` on, which opens the next period. Inactive members get nothing, nor
members who turned these mails off in their notification settings (kind goal_checkin).

Who runs the sweep: as for the gathering reminders (plein.gatherings.tasks), the worker's
minute jobs with PLEIN_TASKS=database, or inline after a request, at most once per
INLINE_SWEEP_SECONDS per process."""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from plein.circles.models import Circle, Membership
from plein.core.mail import absolute_url, send_templated_mail
from plein.goals.models import LearningGoal
from plein.members.models import Member
from plein.notify.models import Delivery, Notification
from plein.notify.queries import settings_for

logger = logging.getLogger("plein.goals")

SWEEP_BATCH = 500
INLINE_SWEEP_SECONDS = 300
INLINE_SWEEP_KEY = "plein:goals:checkin-sweep"


def _not_reminded() -> Q:
    return Q(reminded_for__isnull=True) | ~Q(reminded_for=F("next_checkin_at"))


def _due_goals() -> Any:
    return (
        LearningGoal.objects.active()
        .filter(_not_reminded(), next_checkin_at__lte=timezone.now(), member__is_active=True)
        .select_related("member")
        .order_by("next_checkin_at", "pk")
    )


def _due_circles() -> Any:
    return Circle.objects.filter(
        _not_reminded(), goal_reached_at__isnull=True, next_checkin_at__lte=timezone.now()
    ).order_by("next_checkin_at", "pk")


def _mail_goal(goal: LearningGoal) -> int:
    from plein.goals.actions import checkin_token

    link = reverse("goals:check_in_link", kwargs={"pk": goal.pk, "token": checkin_token(goal)})
    return _send("goals/email/checkin_reminder", goal.member, link, goal, goal=goal)


def _send(template: str, member: Member, link: str, page: Any, **context: Any) -> int:
    """A reminder to `member` with the signed `link`, and `page` (the goal's or the
    circle's) as `goal_url`, in the member's language; none when they turned these off
    in their notification settings. Returns how many mails went out."""
    if settings_for(member).delivery_for(Notification.Kind.GOAL_CHECKIN) == Delivery.OFF:
        return 0
    send_templated_mail(
        template,
        to=member.email,
        context={
            "member": member,
            "link": absolute_url(link),
            "goal_url": absolute_url(page.get_absolute_url()),
            **context,
        },
        language=member.preferred_language,
    )
    return 1


def _mail_circle_hosts(circle: Circle) -> int:
    """One mail to each active host, each with a link signed for that host."""
    from plein.goals.actions import CIRCLE, signed_checkin

    hosts = Member.objects.filter(
        circle_memberships__circle=circle,
        circle_memberships__role=Membership.Role.HOST,
        is_active=True,
    ).order_by("pk")
    sent = 0
    for host in hosts:
        token = signed_checkin(CIRCLE, circle.pk, host.pk)
        link = reverse("circles:note_by_link", kwargs={"pk": circle.pk, "token": token})
        try:
            sent += _send("goals/email/circle_checkin_reminder", host, link, circle, circle=circle)
        except Exception:  # one failed mail must not stop the other hosts'
            logger.exception("progress-note reminder for circle %s failed", circle.pk)
    return sent


def _sweep(due: Any, mail: Callable[[Any], int]) -> int:
    """Claim each due row for its period, then mail; returns how many mails went out."""
    sent = 0
    for row in list(due[:SWEEP_BATCH]):
        with transaction.atomic():
            claimed = (
                type(row)
                .objects.filter(_not_reminded(), pk=row.pk, next_checkin_at=row.next_checkin_at)
                .update(reminded_for=row.next_checkin_at)
            )
        if not claimed:
            continue
        try:
            sent += mail(row)
        except Exception:  # one failed mail must not stop the others
            logger.exception("check-in reminder for %s %s failed", type(row).__name__, row.pk)
    return sent


@task()
def send_checkin_reminders() -> int:
    """Mail every member whose active goal is due a check-in, and the hosts of every
    circle whose progress note is due, once per period. Returns how many mails were sent."""
    return _sweep(_due_goals(), _mail_goal) + _sweep(_due_circles(), _mail_circle_hosts)


def sweep_inline(**_kwargs: Any) -> bool:
    """After a request (Django's request_finished signal): run the sweep when no worker
    does (PLEIN_TASKS=inline), at most once per INLINE_SWEEP_SECONDS. Never inside an
    open transaction. Returns whether it ran."""
    if settings.PLEIN_TASKS == "database" or connection.in_atomic_block:
        return False
    if not cache.add(INLINE_SWEEP_KEY, 1, timeout=INLINE_SWEEP_SECONDS):
        return False
    try:
        send_checkin_reminders.enqueue()
    except Exception:  # a failed sweep must never break the request that triggered it
        logger.exception("inline check-in reminder sweep failed")
    return True
