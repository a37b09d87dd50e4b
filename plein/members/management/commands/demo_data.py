from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from plein.members.demo import load_demo_community
from plein.members.models import Member


class Command(BaseCommand):
    help = (
        "Load the demo community: Twente's municipalities, care providers and schools, "
        "12 themes and about 70 members. Safe to run again: it only adds what is missing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only load when there are no members yet (what `make run` uses).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Member.objects.exists():
            if options["verbosity"] >= 1:
                self.stdout.write("There are members already; the demo community was not loaded.")
            return
        summary = load_demo_community(stdout=self.stdout if options["verbosity"] >= 2 else None)
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo community ready: {summary.organisations} organisations, "
                f"{summary.themes} themes, {summary.members} members "
                f"({summary.members_created} new)."
            )
        )
        self.stdout.write(f"Community manager: {summary.community_manager_email}")
        self.stdout.write(f"Demo member:       {summary.demo_member_email}")
