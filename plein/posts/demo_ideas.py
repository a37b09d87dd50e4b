"""Demo ideas: ten ideas of the Twente demo community in every stage (idea, exploring,
trying, scaling, and stopped with lessons learned), with people who said "I'm in" and what
they bring, and an update at each stage. The demo member (Sanne) posted the idea of the
README's story, "one contact person per family", which is being tried out.

Everything goes through the real actions with a fixed random seed; only the dates are moved
into the past afterwards, so the timelines read like months of work. The notifications the
actions make are settled (mailed and read) before the commit, and the load runs with the
dummy mail backend, so no demo mail goes out (as plein.circles.demo does).

The Dutch texts are in plein/demo/content/ideas.toml.

Loading twice adds nothing: ideas are recognised by title. Needs the demo community
(plein.members.demo.load_demo_community)."""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.test import override_settings
from django.utils import timezone

from plein.demo import content
from plein.members.demo import DEMO_MEMBER_EMAIL, Writer, demo_cast
from plein.members.models import Member
from plein.notify.models import Notification
from plein.posts import ideas
from plein.posts.models import IdeaUpdate, Post
from plein.themes.models import Theme

SEED = 2016
DUMMY_MAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
KEY_PREFIX = "demo-idea-"

Stage = Post.Stage


@dataclass(frozen=True)
class DemoIdea:
    title: str
    theme: str
    problem: str
    idea: str
    needs: str
    # One update per stage it went through, in order: (stage, text).
    updates: tuple[tuple[str, str], ...] = ()
    lessons: str = ""  # for a stopped idea
    brings: tuple[str, ...] = ()  # one line per joiner: what they bring
    days_ago: int = 30  # when it was posted
    by_demo_member: bool = False


IDEAS = content.records("ideas", "ideas", DemoIdea)


def load_demo_ideas(*, stdout: Writer | None = None) -> int:
    """Add the demo ideas that are missing; returns how many were created."""
    with override_settings(EMAIL_BACKEND=DUMMY_MAIL_BACKEND), transaction.atomic():
        cast = demo_cast()
        if len(cast.members) < 10:
            _progress(stdout, "Ideas: skipped (load the demo community first)")
            return 0
        existing = set(
            Post.objects.ideas()
            .filter(title__in=[spec.title for spec in IDEAS])
            .values_list("title", flat=True)
        )
        last_notification = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
        rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
        persons = [
            p for p in cast.people if not p.community_manager and p.email != DEMO_MEMBER_EMAIL
        ]
        people = [cast.members[p.email] for p in persons]
        demo_member = cast.members.get(DEMO_MEMBER_EMAIL)
        created = 0
        for spec in IDEAS:
            # Draw for every idea, new or not, so the same idea gets the same people.
            by_theme = [cast.members[p.email] for p in persons if spec.theme in p.themes]
            author = (
                demo_member
                if spec.by_demo_member and demo_member is not None
                else rng.choice(by_theme or people)
            )
            joiners = rng.sample([m for m in people if m != author], len(spec.brings))
            theme = cast.themes.get(spec.theme)
            if spec.title in existing or theme is None:
                continue
            _load(spec, author, theme, list(zip(joiners, spec.brings, strict=True)))
            created += 1
        _settle(last_notification)
        _progress(stdout, f"Ideas: {len(IDEAS)} ({created} new)")
        return created


def _load(spec: DemoIdea, author: Member, theme: Theme, joiners: list[tuple[Member, str]]) -> None:
    idea = ideas.post_idea(
        author,
        theme=theme,
        title=spec.title,
        problem=spec.problem,
        idea=spec.idea,
        needs=spec.needs,
        confirmed_privacy=True,
        submit_key=f"{KEY_PREFIX}{IDEAS.index(spec)}",
    )
    now = timezone.now()
    posted = now - timedelta(days=spec.days_ago)
    # Joiners arrive in the first part of the idea's life, updates are spread after them.
    for member, brings in joiners:
        ideas.join_idea(member, idea, brings=brings, confirmed_privacy=True)
    entries = []
    for stage, body in spec.updates:
        lessons = spec.lessons if stage == Stage.STOPPED else ""
        entries.append(
            ideas.update_idea(
                author, idea, stage=stage, body=body, lessons=lessons, confirmed_privacy=True
            )
        )
    step = timedelta(days=spec.days_ago) / (len(entries) + 1)
    for n, entry in enumerate(entries, start=1):
        IdeaUpdate.objects.filter(pk=entry.pk).update(created_at=posted + step * n)
    last_move = posted + step * len(entries)
    Post.objects.filter(pk=idea.pk).update(
        created_at=posted, stage_changed_at=last_move, last_activity_at=last_move
    )
    idea.participants.update(created_at=posted + step / 2)


def _settle(last_notification: int) -> None:
    """The notifications the load made ("someone joined", "news from an idea") count as
    mailed and read before the commit, so no demo mail goes out, now or from notify-tick."""
    now = timezone.now()
    Notification.objects.filter(pk__gt=last_notification).update(
        mail=Notification.Mail.SENT, mailed_at=now, read_at=now
    )


def _progress(stdout: Writer | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")
