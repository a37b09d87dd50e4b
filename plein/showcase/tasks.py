"""The weekly shop window sweep as a background task.

`suggest_candidates` is idempotent per week (see plein.showcase.actions), so it may run
often; `maybe_suggest_candidates` enqueues it at most once per SWEEP_SECONDS per cache
(shared between processes when REDIS_URL is set), so suggestions found during the week
show up within the hour. `plein worker` calls it every minute."""

import logging

from django.core.cache import cache
from django_tasks import task

logger = logging.getLogger("plein.showcase")

SWEEP_SECONDS = 3600
SWEEP_KEY = "plein:showcase:suggestion-sweep"


@task()
def suggest_candidates() -> int:
    """Find this week's candidates for the shop window; returns how many are new."""
    from plein.showcase.actions import suggest_candidates as sweep

    return sweep()


def maybe_suggest_candidates() -> bool:
    """Enqueue the sweep unless it ran within SWEEP_SECONDS; returns whether it did."""
    if not cache.add(SWEEP_KEY, 1, timeout=SWEEP_SECONDS):
        return False
    try:
        suggest_candidates.enqueue()
    except Exception:  # a failed sweep must never stop the caller; the next hour retries
        logger.exception("shop window suggestion sweep failed")
        cache.delete(SWEEP_KEY)
    return True
