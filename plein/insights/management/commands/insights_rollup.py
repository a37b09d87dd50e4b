"""`plein insights-rollup [--rebuild]`: bring the insights aggregates up to date now.

`plein worker` does this every PLEIN_INSIGHTS_ROLLUP_MINUTES by itself; run this after
importing data, or with `--rebuild` to recompute every month from the first event (for
example after changing how a figure is computed, or to catch up past months after
members were deactivated)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from plein.insights.rollup import rebuild, roll_up


class Command(BaseCommand):
    help = "Roll the activity log up into the monthly figures the insights pages show."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Recompute every month and every member's figures, not only what is new.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = rebuild() if options["rebuild"] else roll_up()
        if summary.skipped:
            self.stdout.write("insights-rollup: another rollup is running; nothing done")
            return
        months = (
            f"{summary.months[0]:%Y-%m} to {summary.months[-1]:%Y-%m}" if summary.months else "none"
        )
        self.stdout.write(
            f"insights-rollup{' (rebuild)' if summary.rebuilt else ''}: "
            f"{summary.events} new event(s), {summary.members} member(s) updated, "
            f"{summary.page_views} page view(s) flushed, {len(summary.months)} month(s) "
            f"recomputed ({months}), {summary.rows} row(s) written in {summary.seconds:.2f} s"
        )
