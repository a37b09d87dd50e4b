"""`plein worker`: the background worker for PLEIN_TASKS=database (run it next to the web
server in production, e.g. as a systemd service). It

- runs queued tasks (django-tasks-db's worker loop: the same options as `db_worker`,
  e.g. `--batch` to run what is queued and stop);
- every minute enqueues the reminder sweep (plein.gatherings.tasks.send_due_reminders)
  and does notify-tick's work (waiting questions routed on, throttled thread mails and
  daily summaries), so with a worker no cron line is needed for notify-tick.

The minute jobs run in a thread of their own, with their own database connection, so a
long task never delays a reminder sweep. Both jobs are safe when several workers run."""

import logging
import threading
from typing import Any

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

logger = logging.getLogger("plein.gatherings")

EVERY_SECONDS = 60


def run_minute_jobs() -> None:
    """Enqueue the reminder sweep and do notify-tick's work, once."""
    from plein.gatherings.tasks import send_due_reminders
    from plein.goals.tasks import send_checkin_reminders
    from plein.insights.tasks import maybe_roll_up
    from plein.notify.delivery import tick
    from plein.posts.actions import route_waiting_questions
    from plein.showcase.tasks import maybe_suggest_candidates

    close_old_connections()
    try:
        send_due_reminders.enqueue()
        send_checkin_reminders.enqueue()
        maybe_suggest_candidates()
        maybe_roll_up()
        route_waiting_questions()
        tick()
    except Exception:  # keep the worker alive; the next minute tries again
        logger.exception("the worker's minute jobs failed")
    finally:
        close_old_connections()


def _every_minute(stop: threading.Event) -> None:
    while not stop.wait(EVERY_SECONDS):
        run_minute_jobs()


class Command(DbWorkerCommand):
    help = (
        "Run background tasks (PLEIN_TASKS=database) and, every minute, the reminder sweep "
        "and notify-tick's work."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Right away on start, then every minute (in batch mode: once, before the batch, so
        # what it enqueues is run by that batch).
        run_minute_jobs()
        stop = threading.Event()
        if not options.get("batch"):
            threading.Thread(
                target=_every_minute, args=(stop,), name="plein-minute-jobs", daemon=True
            ).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
