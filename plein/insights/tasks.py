"""The insights rollup as background work: the task, and when to run it.

`plein worker` calls `maybe_roll_up` every minute; without a worker (PLEIN_TASKS=inline)
`roll_up_after_request` runs after requests, and the task runs inline when enqueued. The
rollup itself is in `plein.insights.rollup`, which knows nothing of tasks: this module
imports it, never the other way round."""

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from plein.insights.rollup import last_rolled_at, roll_up

logger = logging.getLogger("plein.insights")

# Set when maybe_roll_up enqueues, so a slow rollup is not queued again every minute.
ENQUEUED_KEY = "plein:insights:rollup-enqueued"
AFTER_REQUEST_KEY = "plein:insights:rollup-after-request"
AFTER_REQUEST_SECONDS = 300


@task()
def roll_up_task() -> dict[str, Any]:
    """Bring the insights aggregates up to date; returns what it did (JSON, for the task
    result)."""
    return roll_up().as_dict()


def maybe_roll_up() -> bool:
    """Enqueue a rollup when the last one is older than PLEIN_INSIGHTS_ROLLUP_MINUTES;
    returns whether it did. Called every minute by `plein worker`."""
    minutes = settings.PLEIN_INSIGHTS_ROLLUP_MINUTES
    rolled = last_rolled_at()
    if rolled is not None and timezone.now() - rolled < timedelta(minutes=minutes):
        return False
    if not cache.add(ENQUEUED_KEY, 1, timeout=minutes * 60):
        return False
    try:
        roll_up_task.enqueue()
    except Exception:  # a failed rollup must never stop the caller; the next minute retries
        logger.exception("insights rollup failed")
        cache.delete(ENQUEUED_KEY)
    return True


def roll_up_after_request(**_kwargs: Any) -> bool:
    """For Django's request_finished signal when no worker runs (PLEIN_TASKS=inline): the
    stale-check of maybe_roll_up, then the rollup in this process. Without REDIS_URL the
    page views are counted in this process's memory, so only a rollup here sees them.
    Never inside an open transaction. Returns whether it rolled up."""
    from django.db import connection

    if settings.PLEIN_TASKS == "database" or connection.in_atomic_block:
        return False
    # The cache answers most requests, so a page pays a query for this at most once
    # every few minutes.
    if not cache.add(AFTER_REQUEST_KEY, 1, timeout=AFTER_REQUEST_SECONDS):
        return False
    try:
        return maybe_roll_up()
    except Exception:  # the request is done; a failed rollup must not turn it into an error
        logger.exception("insights rollup after a request failed")
        return False
