"""Reads for the circle pages. Each makes a fixed number of queries, whatever the number of
circles, members, questions, resources or gatherings."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from plein.circles.models import Circle, JoinRequest, Membership, ProgressNote, member_circle_ids
from plein.core.pagination import Page, keyset_page
from plein.gatherings.models import Gathering
from plein.goals.models import LearningGoal
from plein.library.models import Resource
from plein.members.models import Member
from plein.posts.models import Post

CIRCLES_PAGE_SIZE = 30
MY_CIRCLES_MAX = 50
MEMBERS_SHOWN = 60
NOTES_SHOWN = 5
QUESTIONS_SHOWN = 10
RESOURCES_SHOWN = 10
UPCOMING_SHOWN = 5
PAST_SHOWN = 3
GOALS_SHOWN = 20
REQUESTS_SHOWN = 50


def my_memberships(member: Member, *, limit: int = MY_CIRCLES_MAX) -> list[Membership]:
    """The member's circles (one query), hosted ones first, then by name."""
    return list(
        Membership.objects.filter(member=member)
        .select_related("circle")
        .order_by("role", "circle__name", "circle_id")[:limit]
    )


def circles_to_discover(viewer: Member, *, cursor: str = "") -> Page:
    """Open and closed circles the viewer is not in, by name (keyset pages, one query).
    Secret circles are never listed to discover, not even to community managers (who may
    open their pages to moderate)."""
    circles = (
        Circle.objects.visible_to(viewer)
        .exclude(access=Circle.Access.SECRET)
        .exclude(pk__in=member_circle_ids(viewer))
        .select_related("theme")
    )
    return keyset_page(circles, ("name", "id"), cursor, CIRCLES_PAGE_SIZE)


def visible_circle(viewer: Member, pk: int) -> Circle | None:
    return Circle.objects.visible_to(viewer).select_related("theme").filter(pk=pk).first()


@dataclass
class CircleSpace:
    circle: Circle
    membership: Membership | None
    can_read: bool
    hosts: list[Member] = field(default_factory=list)
    members: list[Membership] = field(default_factory=list)
    notes: list[ProgressNote] = field(default_factory=list)
    questions: list[Post] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    upcoming: list[Gathering] = field(default_factory=list)
    past: list[Gathering] = field(default_factory=list)
    # Personal learning goals members chose to share with this circle.
    goals: list[LearningGoal] = field(default_factory=list)
    pending_request: JoinRequest | None = None
    pending_count: int = 0

    @property
    def is_host(self) -> bool:
        return self.membership is not None and self.membership.is_host


def reads_content(circle: Circle, viewer: Member, membership: Membership | None) -> bool:
    """Whether `viewer` (with their `membership`, if any) reads the circle's content: its
    members, anyone for an open circle, and community managers (who moderate)."""
    return membership is not None or circle.is_open or viewer.is_community_manager


def can_read_content(circle: Circle, viewer: Member) -> bool:
    membership = Membership.objects.filter(circle=circle, member=viewer).first()
    return reads_content(circle, viewer, membership)


def circle_space(circle: Circle, viewer: Member) -> CircleSpace:
    """Everything on a circle's page that `viewer` may see. A member (or anyone, for an
    open circle; a community manager for every circle) gets the content: 10 queries, 11
    for a host. An outsider of a closed circle gets its hosts and their own request: 3."""
    membership = Membership.objects.filter(circle=circle, member=viewer).first()
    can_read = reads_content(circle, viewer, membership)
    space = CircleSpace(circle=circle, membership=membership, can_read=can_read)
    if not can_read:
        space.hosts = [
            m.member
            for m in Membership.objects.filter(circle=circle, role=Membership.Role.HOST)
            .select_related("member__organisation")
            .order_by("joined_at", "id")[:10]
        ]
        space.pending_request = _pending(circle, viewer)
        return space
    space.members = list(
        Membership.objects.filter(circle=circle)
        .select_related("member__organisation")
        .order_by("role", "member__name", "member_id")[:MEMBERS_SHOWN]
    )
    space.hosts = [m.member for m in space.members if m.is_host]
    space.notes = list(
        ProgressNote.objects.filter(circle=circle).select_related("author__organisation")[
            :NOTES_SHOWN
        ]
    )
    space.questions = list(
        Post.objects.visible_to(viewer)
        .questions()
        .filter(circle=circle)
        .select_related("theme", "author__organisation")
        .order_by("-created_at", "-id")[:QUESTIONS_SHOWN]
    )
    space.resources = list(
        Resource.objects.visible_to(viewer)
        .filter(circle=circle)
        .select_related("theme", "author__organisation")
        .defer("description", "description_html")
        .order_by("-created_at", "-id")[:RESOURCES_SHOWN]
    )
    gatherings = Gathering.objects.visible_to(viewer).filter(circle=circle)
    space.upcoming = list(gatherings.upcoming()[:UPCOMING_SHOWN])
    space.past = list(gatherings.past()[:PAST_SHOWN])
    space.goals = list(
        LearningGoal.objects.visible_to(viewer)
        .active()
        .filter(circle=circle)
        .select_related("member__organisation")
        .order_by("due", "id")[:GOALS_SHOWN]
    )
    if membership is None:
        space.pending_request = _pending(circle, viewer) if not circle.is_open else None
    elif membership.is_host:
        space.pending_count = pending_requests(circle).count()
    return space


def _pending(circle: Circle, member: Member) -> JoinRequest | None:
    return JoinRequest.objects.filter(
        circle=circle, member=member, status=JoinRequest.Status.PENDING
    ).first()


def pending_requests(circle: Circle) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(circle=circle, status=JoinRequest.Status.PENDING)


def requests_for_hosts(circle: Circle) -> list[JoinRequest]:
    """Waiting requests, oldest first, with who asked (one query, bounded)."""
    return list(
        pending_requests(circle)
        .select_related("member__organisation")
        .order_by("created_at", "id")[:REQUESTS_SHOWN]
    )
