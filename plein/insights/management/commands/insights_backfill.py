"""`plein insights-backfill`: rebuild the activity log from the content tables (see
plein.insights.backfill), for an installation that existed before the log."""

import time
from argparse import ArgumentParser
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date

from plein.insights.backfill import rebuild_activity_log_by_kind


def _since(value: str) -> datetime:
    day = parse_date(value)
    if day is None:
        raise CommandError(f"--since takes a date like 2025-01-31, not {value!r}.")
    return datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())


class Command(BaseCommand):
    help = (
        "Rebuild the activity log from questions, answers, helped reports, resources, "
        "circles, ideas, gatherings and goals, at their own dates. Logins and visits are "
        "kept. Run `plein insights-rollup --rebuild` afterwards."
    )

    def add_arguments(self, parser: CommandParser | ArgumentParser) -> None:
        parser.add_argument(
            "--since",
            metavar="YYYY-MM-DD",
            help="Only rebuild what happened from this day on (local time).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        since = _since(options["since"]) if options["since"] else None
        started = time.monotonic()
        counts = rebuild_activity_log_by_kind(since=since)
        seconds = time.monotonic() - started
        if options["verbosity"] < 1:
            return
        for kind, count in counts.items():
            self.stdout.write(f"{kind:>16}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Activity log rebuilt: {sum(counts.values())} events in {seconds:.1f} s."
            )
        )
        self.stdout.write(
            "The dashboards read the rollup: run `plein insights-rollup --rebuild` now."
        )
