from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from plein.circles.demo import load_demo_circles
from plein.gatherings.demo import load_demo_gatherings
from plein.goals.demo import load_demo_goals
from plein.insights.demo import appoint_demo_programme_lead, load_demo_activity
from plein.insights.pulse.demo import load_demo_pulses
from plein.library.demo import load_demo_resources
from plein.members.demo import load_demo_community
from plein.members.models import Member
from plein.posts.demo import load_demo_questions
from plein.posts.demo_carnivals import load_demo_carnivals
from plein.posts.demo_ideas import load_demo_ideas
from plein.posts.demo_stories import load_demo_stories
from plein.showcase.demo import load_demo_showcase


class Command(BaseCommand):
    help = (
        "Load the demo community: Twente's municipalities, care providers and schools, "
        "12 themes, about 70 members, about 150 questions with answers and about 80 library "
        "resources, three dozen circles and past and upcoming gatherings. Safe to run again: "
        "it only adds what is missing."
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
        progress = self.stdout if options["verbosity"] >= 2 else None
        summary = load_demo_community(stdout=progress)
        questions = load_demo_questions(stdout=progress)
        resources = load_demo_resources(stdout=progress)
        # Gatherings after circles: some of them are held in the demo circles.
        circles = load_demo_circles(stdout=progress)
        gatherings = load_demo_gatherings(stdout=progress)
        # Broedplaats: ideas first (stories may tell an idea's journey), goals after the
        # circles they may be shared with.
        ideas = load_demo_ideas(stdout=progress)
        stories = load_demo_stories(stdout=progress)
        carnivals = load_demo_carnivals(stdout=progress)
        goals = load_demo_goals(stdout=progress)
        # The shop window features what the demo has by now.
        showcase = load_demo_showcase(stdout=progress)
        # Insights last: the activity log is rebuilt from everything above, a year of
        # visits is added and rolled up; the pulses target members by that activity.
        activity = load_demo_activity(stdout=progress)
        pulses = load_demo_pulses()
        programme_lead = appoint_demo_programme_lead()
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo community ready: {summary.organisations} organisations, "
                f"{summary.themes} themes, {summary.members} members "
                f"({summary.members_created} new)."
            )
        )
        self.stdout.write(
            f"Demo questions: {questions.questions} in {questions.themes} themes "
            f"({questions.questions_created} new), {questions.answers} answers, "
            f"{questions.comments} comments, {questions.helped} helped marks "
            f"({questions.minutes_saved // 60} hours saved), "
            f"{questions.waiting} waiting for an answer."
        )
        self.stdout.write(
            f"Demo library: {resources.resources} resources ({resources.resources_created} new, "
            f"{resources.files} files), {resources.reused} reuse marks "
            f"({resources.minutes_saved // 60} hours saved)."
        )
        self.stdout.write(f"Demo circles: {circles} new; demo gatherings: {gatherings} new.")
        self.stdout.write(
            f"Demo ideas: {ideas} new; stories and blog posts: {stories} new; "
            f"blog carnivals: {carnivals} new; "
            f"learning goals: {goals} new; shop window: {showcase} new."
        )
        self.stdout.write(f"Insights: {activity} activity events; pulse surveys: {pulses} new.")
        self.stdout.write(f"Community manager: {summary.community_manager_email}")
        self.stdout.write(f"Demo member:       {summary.demo_member_email}")
        if programme_lead is not None:
            self.stdout.write(
                f"Programme lead:    {programme_lead.email} "
                f"(manages {programme_lead.organisation}: sees the insights)"
            )
