"""Demo blog carnivals: a finished one, "Is sociaal leren te leren?", with blog posts by
demo members, two posts on (made-up) blogs elsewhere and the community manager's roundup;
and a running one, started ten days ago and open for two more weeks, with three posts on
Plein, the demo's anonymous process story, two external posts on its page and one
waiting in the moderation queue.

Plein's own posts and entries go through the actions (plein.posts.stories and
plein.posts.carnivals) with `confirmed_privacy=False`, so a text that looks like client
data makes the load fail. Two things cannot go through them, on purpose:

- External entries are created directly as already-checked entries: the demo is loaded
  offline, and the made-up blog domains do not exist to be fetched.
- The finished carnival is opened with a period ending today, its entries join, and then
  its last day is moved into the past, so its roundup can be written (the actions never
  open a carnival in the past).

Loading twice adds nothing: a carnival whose question exists is left alone. The
notifications the load makes are settled and the load runs with the dummy mail backend,
so nobody is mailed. The Dutch texts are in
plein/demo/content/carnivals.toml: demo data, not interface strings."""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from plein.demo import content
from plein.demo.loading import DUMMY_MAIL_BACKEND, last_notification, progress, settle
from plein.members.demo import COMMUNITY_MANAGER_EMAIL, Writer, demo_cast
from plein.members.models import Member
from plein.posts import carnivals, stories
from plein.posts.demo_stories import STORY_KEY, _backdate, _cast
from plein.posts.models import Carnival, CarnivalEntry, Post
from plein.themes.models import Theme

SEED = 2027
KEY = "demo-carnival-"


@dataclass(frozen=True)
class DemoPost:
    title: str
    body: str
    days_ago: int


@dataclass(frozen=True)
class DemoExternal:
    url: str
    title: str
    excerpt: str
    author_name: str
    days_ago: int
    waiting: bool = False  # still in the host's moderation queue


@dataclass(frozen=True)
class DemoCarnival:
    title: str
    intro: str
    theme: str
    started_days_ago: int
    ends_in_days: int  # negative: it finished that many days ago
    posts: tuple[DemoPost, ...]
    externals: tuple[DemoExternal, ...]
    roundup: str = ""
    # The demo's anonymous process story (plein.posts.demo_stories) joins: it shows that
    # an entry keeps its author hidden.
    anonymous_story: bool = False


FINISHED: DemoCarnival = content.get("carnivals", "finished", DemoCarnival)

RUNNING: DemoCarnival = content.get("carnivals", "running", DemoCarnival)

CARNIVALS = (FINISHED, RUNNING)


def load_demo_carnivals(*, stdout: Writer | None = None) -> int:
    """Add the demo carnivals that are missing; returns how many were made."""
    with override_settings(EMAIL_BACKEND=DUMMY_MAIL_BACKEND), transaction.atomic():
        cast = demo_cast()
        host = cast.members.get(COMMUNITY_MANAGER_EMAIL)
        if host is None or len(cast.members) < 10:
            progress(stdout, "Blog carnivals: skipped (load the demo community first)")
            return 0
        after = last_notification()
        existing = set(
            Carnival.objects.filter(deleted_at__isnull=True).values_list("title", flat=True)
        )
        rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
        people = [p for p in cast.people if not p.community_manager]
        created = 0
        for n, spec in enumerate(CARNIVALS, start=1):
            writers = [
                cast.members[_cast(spec.theme, people, rng, 0)[0].email] for _post in spec.posts
            ]
            if spec.title in existing:
                continue
            _load_carnival(spec, f"{KEY}{n}", host, cast.themes.get(spec.theme), writers)
            created += 1
        settle(after)
        progress(stdout, f"Blog carnivals: {len(CARNIVALS)} ({created} new)")
        return created


def _load_carnival(
    spec: DemoCarnival, key: str, host: Member, theme: Theme | None, writers: list[Member]
) -> Carnival:
    today = timezone.localdate()
    finished = spec.ends_in_days < 0
    carnival = carnivals.open_carnival(
        host,
        title=spec.title,
        intro=spec.intro,
        theme=theme,
        starts_on=today - timedelta(days=spec.started_days_ago),
        # A finished carnival runs until today while its entries join (see the module).
        ends_on=today if finished else today + timedelta(days=spec.ends_in_days),
    )
    Carnival.objects.filter(pk=carnival.pk).update(
        created_at=timezone.now() - timedelta(days=spec.started_days_ago + 2)
    )
    for i, (post_spec, writer) in enumerate(zip(spec.posts, writers, strict=True), start=1):
        post = stories.write_blog_post(
            writer,
            theme=theme or Theme.objects.order_by("order").first(),  # type: ignore[arg-type]
            title=post_spec.title,
            body=post_spec.body,
            submit_key=f"{key}-{i}",
        )
        entry = carnivals.enter_post(writer, carnival, post)
        _backdate(post, post_spec.days_ago)
        _published(entry, post_spec.days_ago)
    for external in spec.externals:
        at = timezone.now() - timedelta(days=external.days_ago)
        CarnivalEntry.objects.create(
            carnival=carnival,
            via=CarnivalEntry.Via.WEBMENTION,
            source_url=external.url,
            source_host=external.url.split("/")[2],
            status=CarnivalEntry.Status.MODERATION
            if external.waiting
            else CarnivalEntry.Status.PUBLISHED,
            title=external.title,
            excerpt=external.excerpt,
            author_name=external.author_name,
            created_at=at,
            checked_at=at + timedelta(minutes=2),
            published_at=None if external.waiting else at + timedelta(hours=3),
            check_count=1,
        )
    if spec.anonymous_story:
        _enter_anonymous_story(carnival)
    carnival.refresh_counts()
    if finished:
        Carnival.objects.filter(pk=carnival.pk).update(
            ends_on=today + timedelta(days=spec.ends_in_days)
        )
        carnival.refresh_from_db()
        carnival = carnivals.write_roundup(host, carnival, text=spec.roundup)
    return carnival


def _enter_anonymous_story(carnival: Carnival) -> None:
    story = (
        Post.objects.filter(
            kind=Post.Kind.STORY,
            is_anonymous=True,
            submit_key__startswith=STORY_KEY,
            circle__isnull=True,
            deleted_at__isnull=True,
        )
        .select_related("author")
        .order_by("pk")
        .first()
    )
    if story is not None:
        entry = carnivals.enter_post(story.author, carnival, story)
        _published(entry, 5)


def _published(entry: CarnivalEntry, days_ago: int) -> None:
    at = timezone.now() - timedelta(days=days_ago)
    CarnivalEntry.objects.filter(pk=entry.pk).update(created_at=at, published_at=at)
