"""Reads for the shop window: what a viewer may see of it, and the community manager's page.

Each function runs a fixed number of queries, whatever the number of rows."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from plein.core.authors import Persona, author_for
from plein.members.models import Member
from plein.posts.models import Post, Reply
from plein.showcase.models import Feature, Suggestion
from plein.themes.models import Theme

EXCERPT_WORDS = 30

_RELATED = (
    "post__theme",
    "post__author__organisation",
    "reply__post__theme",
    "reply__author__organisation",
    "member__organisation",
    "theme",
)


@dataclass(frozen=True)
class Target:
    """What a feature or suggestion points at, as a viewer may see it."""

    kind: str  # "question", "idea", "story", "blog", "answer" or "member"
    title: str
    url: str
    who: Persona | None  # its author (author_for); None: not shown (a member is the member)
    excerpt: str  # empty for visitors: they see the title and the why only
    organisation: str = ""


@dataclass(frozen=True)
class ShopItem:
    feature: Feature
    target: Target
    why: str


def target_for(
    obj: Feature | Suggestion, viewer: "Member | AnonymousUser", *, public: bool = False
) -> Target:
    """The target of a feature or suggestion (loaded with _RELATED), rendered for `viewer`.
    `public`: for a visitor, without content or author."""
    if obj.post is not None:
        post = obj.post
        return Target(
            kind=post.kind,
            title=post.title,
            url=post.get_absolute_url(),
            who=None if public else author_for(post, viewer),
            excerpt="" if public else _excerpt(post.body_html),
        )
    if obj.reply is not None:
        reply = obj.reply
        return Target(
            kind="answer",
            title=reply.post.title,
            url=reply.get_absolute_url(),
            who=None if public else author_for(reply, viewer),
            excerpt="" if public else _excerpt(reply.body_html),
        )
    member = obj.member
    assert member is not None
    return Target(
        kind="member",
        title=member.name,
        url=member.get_absolute_url(),
        who=None,
        excerpt="" if public else member.job_title,
        organisation=member.organisation.name if member.organisation else "",
    )


def _excerpt(html: str) -> str:
    return Truncator(strip_tags(html)).words(EXCERPT_WORDS)


def _visible_features(viewer: "Member | AnonymousUser") -> QuerySet[Feature]:
    """Current features whose target `viewer` may see. Members: through the targets'
    visibility rules (a post in a closed circle they cannot read is left out). Visitors:
    posts and answers outside circles, not hidden or deleted; no member features (profiles
    are for members: a member joined the community, not the public web)."""
    current = Feature.objects.filter(ended_at__isnull=True)
    if isinstance(viewer, Member) and viewer.is_active:
        posts = Post.objects.visible_to(viewer).filter(hidden_at__isnull=True)
        replies = Reply.objects.visible_to(viewer).filter(
            hidden_at__isnull=True, post__hidden_at__isnull=True
        )
        return current.filter(
            Q(post__isnull=False, post__in=posts.values("pk"))
            | Q(reply__isnull=False) & Exists(replies.filter(pk=OuterRef("reply_id")))
            | Q(member__isnull=False, member__is_active=True)
        )
    public = {"circle__isnull": True, "hidden_at__isnull": True, "deleted_at__isnull": True}
    return current.filter(
        Q(post__isnull=False, **{f"post__{key}": value for key, value in public.items()})
        | Q(
            reply__isnull=False,
            reply__hidden_at__isnull=True,
            reply__deleted_at__isnull=True,
            **{f"reply__post__{key}": value for key, value in public.items()},
        )
    )


def shop_window(
    viewer: "Member | AnonymousUser", theme: Theme | None = None, limit: int = 4
) -> list[ShopItem]:
    """The newest bright spots `viewer` may see: all of them (the home and start pages) or
    those of one theme (its page). One query (plus, for a community manager not yet
    checked in this request, the two permission queries of is_community_manager)."""
    features = _visible_features(viewer)
    if theme is not None:
        features = features.filter(theme=theme)
    public = not (isinstance(viewer, Member) and viewer.is_active)
    rows = features.select_related(*_RELATED).order_by("-created_at", "-pk")[:limit]
    return [ShopItem(f, target_for(f, viewer, public=public), f.why) for f in rows]


@dataclass(frozen=True)
class SuggestionRow:
    suggestion: Suggestion
    target: Target


def pending_suggestions(manager: Member, *, now: datetime.datetime | None = None) -> list:
    """Suggestions still waiting from this week and the last (a sweep early on Monday
    finds last week's), newest first. One query."""
    from plein.showcase.actions import week_of

    week = week_of(now or timezone.now())
    rows = (
        Suggestion.objects.filter(
            status=Suggestion.Status.PENDING, week__gte=week - datetime.timedelta(days=7)
        )
        # Gone since the sweep (deleted or hidden): nothing left to decide.
        .exclude(post__deleted_at__isnull=False)
        .exclude(post__hidden_at__isnull=False)
        .exclude(reply__deleted_at__isnull=False)
        .exclude(reply__post__deleted_at__isnull=False)
        .exclude(member__is_active=False)
        .select_related(*_RELATED[:-1])
        .order_by("-week", "reason", "-pk")[:100]
    )
    return [SuggestionRow(s, target_for(s, manager)) for s in rows]


def current_features(manager: Member) -> list[ShopItem]:
    """Everything in the shop window now, for the manager's page. One query."""
    rows = (
        Feature.objects.filter(ended_at__isnull=True)
        .select_related(*_RELATED, "featured_by")
        .order_by("-created_at", "-pk")[:200]
    )
    return [ShopItem(f, target_for(f, manager), f.why) for f in rows]
