"""Reads about learning goals: my goals page, a goal page with its learning log and
suggestions, and the start page's "your learning goals"."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from plein.gatherings.models import Gathering
from plein.goals.models import GoalCheckIn, LearningGoal
from plein.library.models import Resource
from plein.members.models import Member
from plein.posts.models import Post
from plein.search.backends import Filters, get_backend
from plein.search.models import SearchDocument
from plein.search.people import Expert, people_for_topic
from plein.search.queries import audience_of
from plein.search.text import parse_query

SUGGESTIONS_EACH = 3
# The learning log shown with each goal on my goals page; the goal page shows it all.
LOG_ON_LIST = 5
LOG_ON_PAGE = 100
START_GOALS = 3
Kind = SearchDocument.Kind


def visible_goal(viewer: Member, pk: int) -> LearningGoal | None:
    """One query: the goal, with its member and circle, if `viewer` may read it."""
    return (
        LearningGoal.objects.visible_to(viewer)
        .select_related("member", "circle")
        .filter(pk=pk)
        .first()
    )


def my_goals(member: Member) -> list[LearningGoal]:
    """The member's goals, active first (soonest due first), then completed ones (latest
    first), each with its latest check-ins as `log`. Two queries, whatever the numbers."""
    goals = list(
        LearningGoal.objects.filter(member=member)
        .select_related("circle")
        .order_by("status", "due", "-completed_at", "-id")  # "active" < "completed"
    )
    _attach_log(goals, LOG_ON_LIST)
    return goals


def learning_log(goal: LearningGoal) -> list[GoalCheckIn]:
    return list(goal.checkins.all()[:LOG_ON_PAGE])


def _attach_log(goals: list[LearningGoal], size: int) -> None:
    """Each goal's latest `size` check-ins as `goal.log`, in one query for all goals."""
    if not goals:
        return
    by_goal: dict[int, list[GoalCheckIn]] = {goal.pk: [] for goal in goals}
    # A window would cut per goal in SQL; with the few goals a member has, cutting in
    # Python keeps the query simple and portable (and the list bounded per goal).
    for entry in GoalCheckIn.objects.filter(goal__in=goals).order_by(
        "goal_id", "-created_at", "-id"
    ):
        kept = by_goal[entry.goal_id]
        if len(kept) < size:
            kept.append(entry)
    for goal in goals:
        goal.log = by_goal[goal.pk]  # type: ignore[attr-defined]


def goals_for_start(member: Member) -> list[LearningGoal]:
    """The start page's "your learning goals": up to START_GOALS active goals, the ones
    due a check-in first, each with what its latest check-in learned as `latest_learned`
    (or None), and the first with the questions that match it as `matches` (the others
    with none: the goal page has them all). One query for the goals, whatever the number
    of goals or check-ins; two more for the matches when something matches (one when
    nothing does)."""
    latest = GoalCheckIn.objects.filter(goal=OuterRef("pk")).order_by("-created_at", "-id")
    goals: list[LearningGoal] = list(
        LearningGoal.objects.active()
        .filter(member=member)
        .select_related("circle")
        .annotate(latest_learned=Subquery(latest.values("learned")[:1]))
        .order_by("next_checkin_at", "id")[:START_GOALS]
    )
    for number, goal in enumerate(goals):
        goal.matches = _start_matches(member, goal.text) if number == 0 else []  # type: ignore[attr-defined]
    return goals


def _start_matches(member: Member, text: str) -> list[Post]:
    """Questions that match a goal, for the start page. Circle content is left out here
    (finding it costs the member's circles, a query the start page cannot spare); the
    goal page suggests it too, as far as the member may read it."""
    query = parse_query(text)
    audience = audience_of(member, circles=False)
    if audience is None or not query:
        return []
    questions = Post.objects.visible_to(member).select_related("theme")
    return _found(member, query, audience, Kind.QUESTION, questions, SUGGESTIONS_EACH)


@dataclass
class Suggestions:
    questions: list[Post] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    gatherings: list[Gathering] = field(default_factory=list)
    people: list[Expert] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.questions or self.resources or self.gatherings or self.people)


def _found(
    viewer: Member, query: Any, audience: Any, kind: str, queryset: QuerySet, size: int
) -> list:
    """The best `size` matches of one kind, loaded through the model's visible_to: two
    queries (one when nothing matches)."""
    hits = get_backend().search(query, Filters(kinds=(kind,)), audience, limit=size)
    if not hits:
        return []
    ids = [hit.object_id for hit in hits]
    loaded = queryset.in_bulk(ids)
    return [loaded[pk] for pk in ids if pk in loaded]


def suggestions_for(viewer: Member, text: str) -> Suggestions:
    """Questions, resources, upcoming gatherings and people that match a learning goal's
    text (a member's goal or a circle's), as far as `viewer` may see them: a closed
    circle's content only for whoever may read it. SUGGESTIONS_EACH of each. A fixed number
    of queries (at most 15: the audience, two per kind, seven for people)."""
    query = parse_query(text)
    audience = audience_of(viewer)
    if audience is None or not query:
        return Suggestions()
    now = timezone.now()
    gatherings = _found(
        viewer,
        query,
        audience,
        Kind.GATHERING,
        Gathering.objects.visible_to(viewer).select_related("theme"),
        SUGGESTIONS_EACH * 4,
    )
    upcoming = [g for g in gatherings if g.ends_at >= now and g.cancelled_at is None]
    upcoming.sort(key=lambda g: g.starts_at)
    return Suggestions(
        questions=_found(
            viewer,
            query,
            audience,
            Kind.QUESTION,
            Post.objects.visible_to(viewer).select_related("theme"),
            SUGGESTIONS_EACH,
        ),
        resources=_found(
            viewer,
            query,
            audience,
            Kind.RESOURCE,
            Resource.objects.visible_to(viewer).select_related("theme"),
            SUGGESTIONS_EACH,
        ),
        gatherings=upcoming[:SUGGESTIONS_EACH],
        people=people_for_topic(viewer, text, size=SUGGESTIONS_EACH).experts,
    )
