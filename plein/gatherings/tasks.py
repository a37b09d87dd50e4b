"""Background work for gatherings: reminders before a gathering starts.

`send_due_reminders` is the sweep: it finds gatherings that start within
PLEIN_REMINDER_HOURS and have members still to remind, and enqueues `send_reminders` for
each. Both are safe to run any number of times, also at the same moment in two processes:
each member is reminded once (Rsvp.reminded_at, set by a conditional UPDATE before the
notification is written, in one transaction).

Who runs the sweep:
- with PLEIN_TASKS=database, `plein worker` enqueues it every minute and runs the queue;
- inline (the default, `make run`): after a request has been answered, at most once per
  INLINE_SWEEP_SECONDS per process (throttled through the cache, shared between
  processes when REDIS_URL is set). A community with no visitors for a day gets its
  reminders late, which is the price of running without a worker; production runs one."""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from plein.gatherings.models import Gathering, Rsvp
from plein.notify.actions import notify
from plein.notify.models import Notification

logger = logging.getLogger("plein.gatherings")

REMINDED = (Rsvp.Status.GOING, Rsvp.Status.MAYBE)
INLINE_SWEEP_SECONDS = 300
INLINE_SWEEP_KEY = "plein:gatherings:reminder-sweep"


def _due_gatherings() -> Any:
    now = timezone.now()
    window = now + datetime.timedelta(hours=settings.PLEIN_REMINDER_HOURS)
    to_remind = Rsvp.objects.filter(
        gathering=OuterRef("pk"), status__in=REMINDED, reminded_at__isnull=True
    )
    return Gathering.objects.filter(
        Exists(to_remind),
        cancelled_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=window,
    ).order_by("starts_at", "pk")


@task()
def send_due_reminders() -> int:
    """Enqueue the reminders of every gathering that is due; returns how many."""
    ids = list(_due_gatherings().values_list("pk", flat=True)[:500])
    for gathering_id in ids:
        send_reminders.enqueue(gathering_id)
    return len(ids)


@task()
def send_reminders(gathering_id: int) -> int:
    """Remind the going and maybe-going members of one gathering, each once, if it is
    still on, still ahead, and they may still see it. Returns how many were reminded."""
    from plein.gatherings.actions import may_see

    gathering = Gathering.objects.filter(pk=gathering_id).first()
    now = timezone.now()
    if gathering is None or gathering.is_cancelled or gathering.starts_at <= now:
        return 0
    reminded = 0
    pending = (
        Rsvp.objects.filter(gathering=gathering, status__in=REMINDED, reminded_at__isnull=True)
        .select_related("member")
        .order_by("pk")
    )
    for entry in pending:
        member = entry.member
        if not member.is_active or not may_see(member, gathering.pk):
            continue
        with transaction.atomic():
            claimed = Rsvp.objects.filter(pk=entry.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                notify(member, Notification.Kind.GATHERING_REMINDER, gathering=gathering)
                reminded += 1
    Gathering.objects.filter(pk=gathering.pk).update(reminders_sent_at=now)
    return reminded


def sweep_inline(**_kwargs: Any) -> bool:
    """After a request (Django's request_finished signal): run the reminder sweep when no
    worker does (PLEIN_TASKS=inline), at most once per INLINE_SWEEP_SECONDS. Never inside
    an open transaction: the sweep writes and notifies in its own, and a test's
    transaction is not the place for it either. Returns whether it ran."""
    if settings.PLEIN_TASKS == "database" or connection.in_atomic_block:
        return False
    if not cache.add(INLINE_SWEEP_KEY, 1, timeout=INLINE_SWEEP_SECONDS):
        return False
    try:
        send_due_reminders.enqueue()
    except Exception:  # a failed sweep must never break the request that triggered it
        logger.exception("inline reminder sweep failed")
    return True
