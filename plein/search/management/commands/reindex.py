import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from plein.search.documents import SOURCES
from plein.search.index import reindex


class Command(BaseCommand):
    help = (
        "Rebuild the search index (questions with their answers and comments, the library, "
        "people and themes) in batches: search keeps working meanwhile."
    )

    def add_arguments(self, parser: CommandParser | ArgumentParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Objects per transaction.")

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        # An estimate for the progress line; things added meanwhile are indexed too.
        total = sum(source.model._default_manager.count() for source in SOURCES.values())
        # Rewriting one line only makes sense on a terminal; logs get the summary.
        live = verbosity >= 1 and self.stdout.isatty()
        started = time.monotonic()
        done = 0
        for done in reindex(batch_size=max(1, options["batch_size"])):
            if live:
                self.stdout.write(f"\rIndexing: {done} of {total}", ending="")
                self.stdout.flush()
        if live:
            self.stdout.write("")
        if verbosity >= 1:
            seconds = time.monotonic() - started
            self.stdout.write(
                self.style.SUCCESS(f"Search index rebuilt: {done} objects in {seconds:.1f} s.")
            )
