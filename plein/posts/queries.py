"""Reads that span models. Every function makes a fixed number of queries, whatever the
number of questions, answers, comments or helped marks."""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from plein.circles.models import Circle, Membership
from plein.core.pagination import Page, keyset_page
from plein.members.models import Member
from plein.notify.models import Notification
from plein.posts.models import Helped, HelperScore, Post, Reply
from plein.themes.models import Theme

QUESTIONS_PAGE_SIZE = 20


def question_list_page(
    viewer: Member,
    *,
    theme: Theme | None = None,
    status: str = "",
    mine: bool = False,
    cursor: str = "",
    size: int = QUESTIONS_PAGE_SIZE,
) -> Page:
    posts = (
        Post.objects.visible_to(viewer).questions().select_related("theme", "author__organisation")
    )
    if theme is not None:
        posts = posts.filter(theme=theme)
    if status:
        posts = posts.filter(status=status)
    if mine:
        posts = posts.filter(author=viewer)
    return keyset_page(posts, ("created_at", "id"), cursor, size, descending=True)


def visible_question(viewer: "Member | AnonymousUser", pk: int) -> Post | None:
    return (
        Post.objects.visible_to(viewer)
        .questions()
        # The circle for its badge ("only its members can read this").
        .select_related("theme", "author__organisation", "circle")
        .filter(pk=pk)
        .first()
    )


@dataclass
class Thread:
    post: Post
    answers: list[Reply]
    helped_by_viewer: set[int] = field(default_factory=set)


def thread_for(post: Post, viewer: Member) -> Thread:
    """The answers of a question with their comments: helped by the asker first, then most
    helped, then newest. Three queries: answers, comments, the viewer's helped marks."""
    replies = Reply.objects.visible_to(viewer).select_related("author__organisation")
    answers: list[Reply] = list(
        replies.filter(post=post, parent__isnull=True)
        .order_by("-helped_asker", "-helped_count", "-created_at")
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=Reply.objects.visible_to(viewer)
                .select_related("author__organisation")
                .order_by("created_at"),
                to_attr="visible_comments",
            )
        )
    )
    helped = set(
        Helped.objects.filter(member=viewer, reply__post=post).values_list("reply_id", flat=True)
    )
    return Thread(post=post, answers=answers, helped_by_viewer=helped)


def _experts(post: Post, *, exclude: list[int]) -> QuerySet[Member, Member]:
    """Members who list the question's theme as expertise and may read it (a question in a
    closed or secret circle is only for that circle's members), annotated with how often
    their named answers in that theme helped someone in the past year."""
    since = timezone.now() - timedelta(days=365)
    theme = post.theme
    members = Member.objects.listed()
    if (
        post.circle_id is not None
        and not Circle.objects.filter(pk=post.circle_id, access=Circle.Access.OPEN).exists()
    ):
        members = members.filter(
            pk__in=Membership.objects.filter(circle_id=post.circle_id).values("member_id")
        )
    return (
        members.filter(expertise=theme)
        .exclude(pk__in=exclude)
        .annotate(
            helped_here=Count(
                "replies__helped_marks",
                filter=Q(
                    replies__post__theme=theme,
                    replies__is_anonymous=False,
                    replies__deleted_at__isnull=True,
                    replies__helped_marks__created_at__gte=since,
                ),
            )
        )
    )


def people_who_could_help(post: Post, viewer: Member, *, limit: int = 5) -> list[Member]:
    """Members who know the question's theme and have not answered it yet, most helpful
    there first."""
    answered = Reply.objects.filter(post=post, author=OuterRef("pk"), deleted_at__isnull=True)
    # On an anonymous question a fixed top five would betray the asker by leaving exactly
    # them out; picking five of the top ten (the same five on every visit) hides the gap.
    wanted = limit * 2 if post.is_anonymous else limit
    candidates = list(
        _experts(post, exclude=[post.author_id, viewer.pk])
        .exclude(Exists(answered))
        .select_related("organisation")
        .order_by("-helped_here", F("last_seen").desc(nulls_last=True), "id")[:wanted]  # type: ignore[misc]
    )
    if len(candidates) <= limit:
        return candidates
    chosen = set(random.Random(post.pk).sample(range(len(candidates)), limit))  # noqa: S311 (not a secret)
    return [member for index, member in enumerate(candidates) if index in chosen]


def people_to_route_to(post: Post, *, limit: int) -> list[Member]:
    """A handful of experts who have not been asked about this question yet: recently
    helpful ones first, then whoever was seen most recently."""
    already_asked = Notification.objects.filter(
        recipient=OuterRef("pk"), post=post, kind=Notification.Kind.HELP_REQUEST
    )
    return list(
        _experts(post, exclude=[post.author_id])
        .exclude(Exists(already_asked))
        .order_by("-helped_here", F("last_seen").desc(nulls_last=True), "id")[:limit]  # type: ignore[misc]
    )


def new_in_followed_themes(member: Member, *, limit: int = 5) -> list[Post]:
    """The newest questions, ideas, stories and blog posts in the themes the member
    follows, not their own, that they may see. One query (the themes as a subquery)."""
    return list(
        Post.objects.visible_to(member)
        .filter(theme__in=member.followed_themes.values("pk"))
        .exclude(author=member)
        .select_related("theme")
        .order_by("-created_at", "-id")[:limit]
    )


def waiting_for(member: Member, *, theme: Theme | None = None, limit: int = 5) -> list[Post]:
    """Open questions without an answer in the member's themes, longest waiting first."""
    posts = (
        Post.objects.visible_to(member)
        .questions()
        .filter(status=Post.Status.OPEN, answer_count=0)
        .exclude(author=member)
    )
    if theme is not None:
        posts = posts.filter(theme=theme)
    else:
        posts = posts.filter(theme__in=member.expertise.all())
    return list(posts.select_related("theme").order_by("created_at", "id")[:limit])


def waiting_too_long(viewer: Member, *, limit: int = 10) -> list[Post]:
    """The community manager's waiting list: open questions nobody answered within
    PLEIN_ROUTE_AFTER_HOURS, longest waiting first."""
    cutoff = timezone.now() - timedelta(hours=settings.PLEIN_ROUTE_AFTER_HOURS)
    return list(
        Post.objects.visible_to(viewer)
        .questions()
        .filter(status=Post.Status.OPEN, answer_count=0, created_at__lt=cutoff)
        .select_related("theme")
        .order_by("created_at", "id")[:limit]
    )


@dataclass
class HelperStats:
    answers: int
    helped: int
    minutes_saved: int


def helped_with(member: Member, viewer: Member, *, limit: int = 8) -> list[Reply]:
    """The member's named answers that helped someone, most helped first, among what the
    viewer may see. Their anonymous replies never show: they would name the asker."""
    return list(
        Reply.objects.visible_to(viewer)
        .filter(author=member, is_anonymous=False, parent__isnull=True, helped_count__gt=0)
        .select_related("post__theme")
        .order_by("-helped_count", "-created_at", "-pk")[:limit]
    )


def helper_themes(member: Member, *, limit: int = 5) -> list[HelperScore]:
    """The themes in which the member's contributions helped most (the people finder's
    counters)."""
    return list(
        HelperScore.objects.filter(member=member, helped_count__gt=0)
        .select_related("theme")
        .order_by("-helped_count", "theme__order")[:limit]
    )


def helper_stats(member: Member) -> HelperStats:
    """What a member's (named) answers did for others, for their profile."""
    totals = Reply.objects.filter(
        author=member, is_anonymous=False, deleted_at__isnull=True, parent__isnull=True
    ).aggregate(answers=Count("id"), helped=Sum("helped_count"), minutes=Sum("minutes_saved"))
    return HelperStats(
        answers=totals["answers"] or 0,
        helped=totals["helped"] or 0,
        minutes_saved=totals["minutes"] or 0,
    )
