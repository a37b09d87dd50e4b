"""Reads about ideas: the board by stage, one idea with its people and timeline, and the
ideas of a theme. Everything goes through Post.objects.visible_to, and every list is
bounded, so a page costs the same number of queries however many ideas there are."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from plein.core.pagination import Page, keyset_page
from plein.members.models import Member
from plein.posts.models import IdeaParticipant, IdeaUpdate, Post, PostQuerySet
from plein.themes.models import Theme

Stage = Post.Stage

# The board shows this many ideas per stage; "all ideas in this stage" pages on from there.
COLUMN_SIZE = 8
STAGE_PAGE_SIZE = 24
JOINERS_SHOWN = 100
STORIES_SHOWN = 10
UPDATES_SHOWN = 100


def _ideas(viewer: "Member | AnonymousUser") -> PostQuerySet:
    return (
        Post.objects.visible_to(viewer)
        .ideas()
        .select_related("theme", "author__organisation", "circle")
        .defer("body_html", "sections")
    )


def visible_idea(viewer: "Member | AnonymousUser", pk: int) -> Post | None:
    return (
        Post.objects.visible_to(viewer)
        .ideas()
        .select_related("theme", "author__organisation", "circle")
        .filter(pk=pk)
        .first()
    )


@dataclass
class Column:
    stage: str
    label: str
    ideas: list[Post]
    count: int

    @property
    def has_more(self) -> bool:
        return self.count > len(self.ideas)


@dataclass
class Board:
    columns: list[Column]
    total: int


def idea_board(viewer: "Member | AnonymousUser", *, theme: Theme | None = None) -> Board:
    """One column per stage, newest move first, at most COLUMN_SIZE ideas each, with the
    number of ideas in every stage: two queries, whatever the number of ideas."""
    ideas = _ideas(viewer)
    if theme is not None:
        ideas = ideas.filter(theme=theme)
    counts = dict(
        ideas.order_by().values_list("stage").annotate(n=Count("id")).values_list("stage", "n")
    )
    per_stage: dict[str, list[Post]] = {stage: [] for stage in Stage.values}
    if counts:
        # The first COLUMN_SIZE of every stage in one query (a window per stage).
        rank = Window(
            RowNumber(),
            partition_by=[F("stage")],
            order_by=[F("stage_changed_at").desc(), F("id").desc()],
        )
        rows = ideas.annotate(rank=rank).filter(rank__lte=COLUMN_SIZE)
        for idea in rows.order_by("-stage_changed_at", "-id"):
            per_stage.setdefault(idea.stage, []).append(idea)
    columns = [
        Column(stage.value, str(stage.label), per_stage[stage.value], counts.get(stage.value, 0))
        for stage in Stage
    ]
    return Board(columns, sum(counts.values()))


def stage_page(
    viewer: "Member | AnonymousUser", stage: str, *, theme: Theme | None = None, cursor: str = ""
) -> Page:
    """All ideas in one stage, a page at a time (the board's "more" link)."""
    ideas = _ideas(viewer).filter(stage=stage)
    if theme is not None:
        ideas = ideas.filter(theme=theme)
    # The board's order: the latest move first (every idea has a stage_changed_at).
    return keyset_page(ideas, ("stage_changed_at", "id"), cursor, STAGE_PAGE_SIZE, descending=True)


def ideas_for_theme(theme: Theme, viewer: "Member | AnonymousUser", limit: int = 5) -> list[Post]:
    """The ideas of a theme for its page: the ones that moved most recently, stopped ones
    (with their lessons) included. One query."""
    return list(_ideas(viewer).filter(theme=theme).order_by("-last_activity_at", "-id")[:limit])


@dataclass
class IdeaPage:
    idea: Post
    joiners: list[IdeaParticipant]
    updates: list[IdeaUpdate]
    viewer_joined: IdeaParticipant | None = None
    more_joiners: int = field(default=0)
    # Stories told about the idea that the viewer may read, newest first.
    stories: list[Post] = field(default_factory=list)


def idea_page(idea: Post, viewer: Member) -> IdeaPage:
    """The people who are in (with what they bring), the timeline and the stories told
    about it: four queries."""
    joiners = list(
        IdeaParticipant.objects.filter(idea=idea, member__is_active=True)
        .select_related("member__organisation")
        .order_by("created_at", "id")[:JOINERS_SHOWN]
    )
    mine = next((j for j in joiners if j.member_id == viewer.pk), None)
    if mine is None and len(joiners) == JOINERS_SHOWN:
        mine = IdeaParticipant.objects.filter(idea=idea, member=viewer).first()
    updates = list(
        IdeaUpdate.objects.filter(idea=idea)
        .select_related("author__organisation")
        .order_by("-created_at", "-id")[:UPDATES_SHOWN]
    )
    updates.reverse()
    stories = list(
        Post.objects.visible_to(viewer)
        .stories()
        .filter(idea=idea)
        .select_related("theme", "author__organisation")
        .order_by("-created_at", "-id")[:STORIES_SHOWN]
    )
    return IdeaPage(
        idea,
        joiners,
        updates,
        viewer_joined=mine,
        more_joiners=max(0, idea.joiner_count - len(joiners)),
        stories=stories,
    )
