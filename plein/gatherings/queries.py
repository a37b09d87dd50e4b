"""Reads for the gathering pages, the theme page, the start page and the calendar feeds.
Every read goes through Gathering.objects.visible_to(viewer), and each function makes a
fixed number of queries, whatever the number of gatherings, RSVPs or notes."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from plein.core.pagination import Page, decode_cursor, keyset_page
from plein.gatherings.models import FollowUp, Gathering, GatheringQuerySet, Rsvp
from plein.library.models import Resource
from plein.members.models import Member
from plein.posts.models import Post
from plein.themes.models import Theme

GATHERINGS_PAGE_SIZE = 20
# The personal feed carries what is coming and what happened lately, not all history.
FEED_PAST_DAYS = 180
FEED_MAX = 500
FOLLOWUP_ITEMS_MAX = 50


def _my_status(viewer: Member) -> Subquery:
    return Subquery(
        Rsvp.objects.filter(gathering=OuterRef("pk"), member=viewer).values("status")[:1]
    )


def _listed(viewer: Member) -> GatheringQuerySet:
    return (
        Gathering.objects.visible_to(viewer)
        .select_related("theme", "circle")
        .defer("description", "description_html", "door_secret", "printed_code")
        .annotate(my_status=_my_status(viewer))
    )


def _valid_cursor(cursor: str) -> str:
    """A cursor whose first value is not a date would make the database choke: ignore it."""
    if not cursor:
        return ""
    values = decode_cursor(cursor, 2)
    if values is None or not isinstance(values[0], str) or not isinstance(values[1], int):
        return ""
    try:
        return cursor if parse_datetime(values[0]) is not None else ""
    except ValueError:
        return ""


def gathering_list_page(
    viewer: Member,
    *,
    past: bool = False,
    theme: Theme | None = None,
    cursor: str = "",
    size: int = GATHERINGS_PAGE_SIZE,
) -> Page:
    """Upcoming (soonest first) or past (latest first) gatherings: one query."""
    gatherings = _listed(viewer)
    gatherings = gatherings.past() if past else gatherings.upcoming()
    if theme is not None:
        gatherings = gatherings.filter(theme=theme)
    return keyset_page(
        gatherings, ("starts_at", "id"), _valid_cursor(cursor), size, descending=past
    )


def upcoming_for(member: Member, limit: int = 3) -> list[Gathering]:
    """For the start page: the member's own upcoming gatherings first (going, maybe,
    waiting), then others on themes they follow, then the rest, soonest first. One query."""
    followed = member.followed_themes.values("pk")
    gatherings = (
        _listed(member)
        .upcoming()
        # Cancelled ones only for members who had signed up, so they see the news.
        .filter(Q(cancelled_at__isnull=True) | Q(my_status__isnull=False))
        .annotate(
            rank=Case(
                When(my_status__in=["going", "maybe", "waitlisted"], then=Value(0)),
                When(theme__in=followed, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .filter(Q(my_status__isnull=True) | ~Q(my_status=Rsvp.Status.NOT_GOING))
        .order_by("rank", "starts_at", "id")
    )
    return list(gatherings[:limit])


def for_theme(viewer: Member, theme: Theme, *, limit: int = 3) -> tuple[list, list]:
    """Upcoming and recent gatherings on a theme page: two queries."""
    upcoming = list(_listed(viewer).upcoming().filter(theme=theme)[:limit])
    past = list(_listed(viewer).past().filter(theme=theme)[:limit])
    return upcoming, past


def visible_gathering(viewer: Member, pk: int) -> Gathering | None:
    """One gathering with its theme, circle and organiser, if the viewer may see it."""
    return (
        Gathering.objects.visible_to(viewer)
        .select_related("theme", "circle", "organiser__organisation")
        .filter(pk=pk)
        .first()
    )


@dataclass
class Attendees:
    named: list[Member] = field(default_factory=list)
    # Going, but chose not to be on the list: counted, never named.
    unlisted: int = 0
    maybe: int = 0


@dataclass
class Detail:
    my_rsvp: Rsvp | None
    waitlist_position: int | None
    attendees: Attendees
    notes: list[FollowUp]
    questions: list[Post]
    resources: list[Resource]


def detail_for(viewer: Member, gathering: Gathering) -> Detail:
    """What the gathering page shows besides the gathering: the viewer's RSVP, the
    attendees, and after the start the follow-up (notes, questions, resources). Three
    queries before the start, six after."""
    rsvps = list(
        Rsvp.objects.filter(gathering=gathering, status__in=[Rsvp.Status.GOING, Rsvp.Status.MAYBE])
        .select_related("member__organisation")
        .order_by("member__name", "member_id")
        | Rsvp.objects.filter(gathering=gathering, member=viewer).select_related(
            "member__organisation"
        )
    )
    mine = next((r for r in rsvps if r.member_id == viewer.pk), None)
    attendees = Attendees()
    for entry in rsvps:
        if entry.status == Rsvp.Status.MAYBE:
            attendees.maybe += 1
        elif entry.status == Rsvp.Status.GOING:
            if entry.listed:
                attendees.named.append(entry.member)
            else:
                attendees.unlisted += 1
    position = None
    if mine is not None and mine.status == Rsvp.Status.WAITLISTED:
        from plein.gatherings.actions import waitlist_position

        position = waitlist_position(mine)
    notes: list[FollowUp] = []
    questions: list[Post] = []
    resources: list[Resource] = []
    if gathering.has_started and not gathering.is_cancelled:
        notes = list(
            FollowUp.objects.filter(gathering=gathering)
            .select_related("author__organisation")
            .order_by("created_at", "id")[:FOLLOWUP_ITEMS_MAX]
        )
        questions = list(
            Post.objects.visible_to(viewer)
            .filter(gathering=gathering)
            .defer("body", "body_html")
            .order_by("-created_at", "-id")[:FOLLOWUP_ITEMS_MAX]
        )
        resources = list(
            Resource.objects.visible_to(viewer)
            .filter(gathering=gathering)
            .defer("description", "description_html")
            .order_by("-created_at", "-id")[:FOLLOWUP_ITEMS_MAX]
        )
    return Detail(mine, position, attendees, notes, questions, resources)


def feed_gatherings(member: Member, *, now: datetime.datetime | None = None) -> list[Gathering]:
    """The personal calendar feed: gatherings the member may see right now and is going
    to, maybe going to or waiting for, from the last half year on. One query."""
    now = now or timezone.now()
    return list(
        Gathering.objects.visible_to(member)
        .filter(
            rsvps__member=member,
            rsvps__status__in=[
                Rsvp.Status.GOING,
                Rsvp.Status.MAYBE,
                Rsvp.Status.WAITLISTED,
            ],
            ends_at__gte=now - datetime.timedelta(days=FEED_PAST_DAYS),
        )
        .select_related("theme")
        .order_by("starts_at", "id")[:FEED_MAX]
    )
