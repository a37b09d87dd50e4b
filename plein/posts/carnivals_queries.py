"""Reads for blog carnivals: the list, one carnival with its entries (a keyset page), the
submitter's own entries that are not (yet) published, the host's moderation queue, and
the running carnivals shown on the blog, story and theme pages. Carnivals go through
Carnival.objects.visible_to, entries through CarnivalEntry.objects.visible_to (which
follows each Plein post's own rule)."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from plein.core.markdown import plain_text_excerpt
from plein.core.pagination import Page, keyset_page
from plein.members.models import Member
from plein.posts.models import Carnival, CarnivalEntry, Post
from plein.themes.models import Theme

ENTRIES_PAGE_SIZE = 100
# Carnivals are a few a year: the list reads the newest this many at once.
LIST_MAX = 200
QUEUE_MAX = 200
EXCERPT_LENGTH = 300

Viewer = Member | AnonymousUser


@dataclass
class CarnivalList:
    running: list[Carnival] = field(default_factory=list)
    upcoming: list[Carnival] = field(default_factory=list)
    finished: list[Carnival] = field(default_factory=list)


def carnival_list(viewer: Viewer) -> CarnivalList:
    """Running, upcoming and finished carnivals with their hosts (one query). The counts
    shown are the carnivals' own counters, not COUNTs."""
    listed = CarnivalList()
    carnivals = (
        Carnival.objects.visible_to(viewer)
        .select_related("host")
        .order_by("-ends_on", "-id")[:LIST_MAX]
    )
    for carnival in carnivals:
        if carnival.roundup_at is not None or carnival.has_ended:
            listed.finished.append(carnival)
        elif carnival.is_upcoming:
            listed.upcoming.append(carnival)
        else:
            listed.running.append(carnival)
    listed.upcoming.reverse()  # the soonest first
    return listed


def visible_carnival(viewer: Viewer, pk: int) -> Carnival | None:
    """One carnival the viewer may see, with its host and theme (one query)."""
    return (
        Carnival.objects.visible_to(viewer)
        .filter(pk=pk)
        .select_related("host__organisation", "theme")
        .first()
    )


def entries_page(
    carnival: Carnival, viewer: Viewer, *, cursor: str = "", size: int = ENTRIES_PAGE_SIZE
) -> Page:
    """Published entries the viewer may see, in the order they were published, with each
    Plein post and its author and theme (one query). Render Plein authors with
    author_for(entry.post, viewer)."""
    entries = (
        CarnivalEntry.objects.visible_to(viewer)
        .filter(carnival=carnival)
        .select_related("post__author__organisation", "post__theme")
    )
    page = keyset_page(entries, ("published_at", "id"), cursor, size)
    for entry in page.items:
        # What the page shows: a Plein post's own title and text, else what the check found.
        if entry.post is not None:
            entry.shown_title = entry.post.title
            # A story is excerpted from what was learned, not from its first heading.
            text = (entry.post.sections or {}).get("learned") or entry.post.body
            entry.shown_excerpt = plain_text_excerpt(text, EXCERPT_LENGTH)
        else:
            entry.shown_title = entry.title or entry.source_url
            entry.shown_excerpt = entry.excerpt
    return page


def own_entries(carnival: Carnival, viewer: Viewer) -> list[CarnivalEntry]:
    """The viewer's own entries that are not on the page: being checked, waiting for the
    host, failed (with the reason) or rejected (one query; none for a visitor)."""
    if not isinstance(viewer, Member):
        return []
    return list(
        CarnivalEntry.objects.filter(carnival=carnival, submitted_by=viewer)
        .select_related("post")
        .exclude(status=CarnivalEntry.Status.PUBLISHED)
        .order_by("created_at", "id")[:QUEUE_MAX]
    )


def moderation_queue(carnival: Carnival) -> tuple[list[CarnivalEntry], list[CarnivalEntry]]:
    """Entries waiting for the host's approval, oldest first, and those whose check
    failed (shown read-only, with the reason): one query."""
    rows = CarnivalEntry.objects.filter(
        carnival=carnival,
        status__in=[CarnivalEntry.Status.MODERATION, CarnivalEntry.Status.FAILED],
    ).order_by("created_at", "id")[: QUEUE_MAX * 2]
    waiting: list[CarnivalEntry] = []
    failed: list[CarnivalEntry] = []
    for entry in rows:
        (waiting if entry.status == CarnivalEntry.Status.MODERATION else failed).append(entry)
    return waiting, failed


def entry_of(carnival: Carnival, pk: int) -> CarnivalEntry | None:
    """One entry of this carnival, whatever its status (the action checks who may touch it)."""
    entry = CarnivalEntry.objects.filter(carnival=carnival, pk=pk).first()
    if entry is not None:
        entry.carnival = carnival
    return entry


def running_carnivals(
    viewer: Viewer, *, theme: Theme | None = None, limit: int = 3
) -> QuerySet[Carnival]:
    """Carnivals taking entries now (not upcoming, not rounded up), soonest end first, for
    the blog, story and theme pages: one query."""
    today = timezone.localdate()
    carnivals = Carnival.objects.visible_to(viewer).filter(
        roundup_at__isnull=True,
        starts_on__lte=today,
        ends_on__gte=today,
    )
    if theme is not None:
        carnivals = carnivals.filter(theme=theme)
    return carnivals.order_by("ends_on", "id")[:limit]


def carnivals_of(post: Post) -> list[CarnivalEntry]:
    """The published entries of a Plein post, with their carnivals, for the "part of the
    blog carnival" line on its page (one query). Carnivals are public, so the post's
    readers may see them."""
    return list(
        CarnivalEntry.objects.filter(
            post=post,
            status=CarnivalEntry.Status.PUBLISHED,
            carnival__deleted_at__isnull=True,
        )
        .select_related("carnival")
        .order_by("published_at", "id")
    )
