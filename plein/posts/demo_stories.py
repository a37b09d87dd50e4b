"""Demo stories and blog posts: a handful of Dutch process stories (what we set out to do,
what we tried, what went wrong, what we learned, what is next), one of them anonymous,
with comments and "this helped me" marks, and a few blog posts with comments.

Everything goes through the actions of plein.posts.stories with `confirmed_privacy=False`,
so a text that looks like client data makes the load fail. The writers are drawn from
the demo community (plein.members.demo.demo_cast) by a seeded random generator, by theme
where possible, so the demo is the same on every machine. Posts are backdated a little,
so the list does not look written in one second.

Loading twice adds nothing: every post has a stable submit_key (demo-story-<n>,
demo-blog-<n>) and a post whose key exists is left alone. The notifications the load
makes are settled (mailed and read) before the commit and the load runs with the dummy
mail backend, so nobody is mailed (as plein.circles.demo does).

The Dutch texts are in plein/demo/content/stories.toml: demo data, not interface
strings, so they are not translated."""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from plein.demo import content
from plein.demo.loading import DUMMY_MAIL_BACKEND, last_notification, progress, settle
from plein.members.demo import DEMO_MEMBER_EMAIL, Person, Writer, demo_cast
from plein.members.models import Member
from plein.posts import stories
from plein.posts.models import Helped, Post, Reply
from plein.themes.models import Theme

SEED = 2026
STORY_KEY, BLOG_KEY = "demo-story-", "demo-blog-"


@dataclass(frozen=True)
class DemoStory:
    theme: str
    title: str
    set_out: str
    tried: str
    went_wrong: str
    learned: str
    next: str
    days_ago: int
    anonymous: bool = False
    comments: tuple[str, ...] = ()
    helped: tuple[int, ...] = ()  # minutes saved per "this helped me"; 0: did not say
    author_comment: str = ""  # the writer answers under their own story


@dataclass(frozen=True)
class DemoBlog:
    theme: str
    title: str
    body: str
    days_ago: int
    comments: tuple[str, ...] = ()


STORIES = content.records("stories", "stories", DemoStory)

BLOGS = content.records("stories", "blogs", DemoBlog)


def load_demo_stories(*, stdout: Writer | None = None) -> int:
    """Add the demo stories and blog posts that are missing; returns how many were made."""
    with override_settings(EMAIL_BACKEND=DUMMY_MAIL_BACKEND), transaction.atomic():
        cast = demo_cast()
        if len(cast.members) < 10:
            progress(stdout, "Stories: skipped (load the demo community first)")
            return 0
        existing = set(
            Post.objects.filter(
                submit_key__startswith="demo-", kind__in=(Post.Kind.STORY, Post.Kind.BLOG)
            ).values_list("submit_key", flat=True)
        )
        after = last_notification()
        rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
        people = [p for p in cast.people if not p.community_manager]
        created = 0
        for n, spec in enumerate(STORIES, start=1):
            writer, others = _cast(spec.theme, people, rng, len(spec.comments) + len(spec.helped))
            key = f"{STORY_KEY}{n}"
            if key in existing or spec.theme not in cast.themes:
                continue
            _load_story(spec, key, cast.themes[spec.theme], cast.members, writer, others)
            created += 1
        for n, blog in enumerate(BLOGS, start=1):
            writer, others = _cast(blog.theme, people, rng, len(blog.comments))
            key = f"{BLOG_KEY}{n}"
            if key in existing or blog.theme not in cast.themes:
                continue
            post = stories.write_blog_post(
                cast.members[writer.email],
                theme=cast.themes[blog.theme],
                title=blog.title,
                body=blog.body,
                submit_key=key,
            )
            _comments(post, blog.comments, [cast.members[p.email] for p in others], key)
            _backdate(post, blog.days_ago)
            created += 1
        settle(after)
        progress(stdout, f"Stories and blog posts: {len(STORIES) + len(BLOGS)} ({created} new)")
        return created


def _cast(
    theme: str, people: list[Person], rng: random.Random, extra: int
) -> tuple[Person, list[Person]]:
    """A writer who works on the theme (anyone if nobody does) and `extra` other people.
    Drawn for every post, new or not, so the same post always gets the same people."""
    by_theme = [p for p in people if theme in p.themes and p.email != DEMO_MEMBER_EMAIL]
    writer = rng.choice(by_theme or people)
    others = rng.sample([p for p in people if p.email != writer.email], extra)
    return writer, others


def _load_story(
    spec: DemoStory,
    key: str,
    theme: Theme,
    members: dict[str, Member],
    writer: Person,
    others: list[Person],
) -> None:
    author = members[writer.email]
    story = stories.write_story(
        author,
        theme=theme,
        title=spec.title,
        sections={
            "set_out": spec.set_out,
            "tried": spec.tried,
            "went_wrong": spec.went_wrong,
            "learned": spec.learned,
            "next": spec.next,
        },
        anonymous=spec.anonymous,
        submit_key=key,
    )
    readers = [members[p.email] for p in others]
    _comments(story, spec.comments, readers, key)
    if spec.author_comment:
        stories.comment_on(author, story, spec.author_comment, submit_key=f"{key}-author")
    for reader, minutes in zip(readers[len(spec.comments) :], spec.helped, strict=False):
        stories.mark_story_helped(reader, story, minutes=minutes or None)
    _backdate(story, spec.days_ago)


def _comments(post: Post, texts: tuple[str, ...], readers: list[Member], key: str) -> None:
    for i, (reader, body) in enumerate(zip(readers, texts, strict=False)):
        stories.comment_on(reader, post, body, submit_key=f"{key}-c{i}")


def _backdate(post: Post, days_ago: int) -> None:
    """Posted `days_ago` days ago; comments and helped marks in the days after."""
    at = timezone.now() - timedelta(days=days_ago)
    Post.objects.filter(pk=post.pk).update(created_at=at, last_activity_at=at + timedelta(days=1))
    for i, reply in enumerate(Reply.objects.filter(post=post).order_by("pk")):
        Reply.objects.filter(pk=reply.pk).update(created_at=at + timedelta(hours=5 + 7 * i))
    Helped.objects.filter(post=post).update(created_at=at + timedelta(days=1))
