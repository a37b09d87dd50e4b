"""What the search index holds for each kind of thing: a source per model, turning objects
into unsaved SearchDocuments. A source also says which documents its objects own, so
reindexing an object replaces exactly those (a question owns its answers and comments).

Bump INDEX_VERSION whenever what a builder writes changes: `migrate` then rebuilds."""

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, F, Model, Q, QuerySet
from django.utils import timezone

from plein.circles.models import Circle
from plein.gatherings.models import Gathering
from plein.library.models import Resource
from plein.members.models import Member
from plein.posts.models import Carnival, Post, Reply
from plein.search.models import SearchDocument
from plein.themes.models import Theme

# 3: PostgreSQL splits as Python; 4: NFC; 5: facet words "_t3" on PostgreSQL; 6: circles
# (facets "c3", "xcircle") and the kinds gathering and circle
# 7: ideas, stories and blog posts (their replies are comments)
# 8: blog carnivals (question, introduction, roundup)
INDEX_VERSION = 8
# A thread's answers can go on for pages; the first 50,000 characters say what it is about.
BODY_INDEX_MAX = 50_000

Kind = SearchDocument.Kind


def _helped_quality(helped_count: int) -> float:
    """Each doubling of "this helped me" marks lifts the rank a little, without end but
    without letting one popular answer drown every better match."""
    return 0.25 * math.log2(1 + helped_count)


def theme_suffix(theme_name: str) -> str:
    """Appended to the body of questions and resources: "jeugdzorg" finds the things of
    that theme. Snippets leave it out again (plein.search.queries)."""
    return f"\n\n{theme_name}"


def circle_only(circle_access: str | None) -> bool:
    """Whether content in a circle with this access is for the circle's members only (the
    rule of plein.circles.models.readable_circle_q, as the index stores it)."""
    return circle_access is not None and circle_access != Circle.Access.OPEN


@dataclass(frozen=True)
class Source:
    model: type[Model]
    kinds: tuple[str, ...]
    # Unsaved documents for the findable objects among these primary keys.
    build: Callable[[list[int]], list[SearchDocument]]
    # How to find the documents these objects own, where not by their own ids (a
    # question's answers and comments have ids of their own).
    find_owned: Callable[[list[int]], "QuerySet[SearchDocument]"] | None = None

    def owned(self, ids: list[int]) -> "QuerySet[SearchDocument]":
        """The documents these objects own now (to be replaced), found objects or not."""
        if self.find_owned is not None:
            return self.find_owned(ids)
        return SearchDocument.objects.filter(kind__in=self.kinds, object_id__in=ids)


# --- Questions with their answers and comments ------------------------------------------


POST_KINDS = (Kind.QUESTION, Kind.IDEA, Kind.STORY, Kind.BLOG)


def _post_text(post: Post) -> str:
    """What a post says: an idea's problem, idea, needs and lessons; a story's parts (its
    body is built from them); a question's or blog post's text."""
    if post.kind == Post.Kind.IDEA:
        return "\n\n".join(
            part for part in (post.problem, post.body, post.needs, post.lessons) if part
        )
    return post.body


def build_post_documents(post_ids: list[int]) -> list[SearchDocument]:
    """A post's document (question, idea, story, blog post) holds its text and its
    visible replies (so a question is found by what its answers say); each visible reply
    also has its own: answers and comments under a question, comments elsewhere."""
    posts = list(
        Post.objects.filter(pk__in=post_ids, kind__in=POST_KINDS, deleted_at__isnull=True)
        .annotate(
            author_organisation=F("author__organisation_id"),
            theme_name=F("theme__name"),
            circle_access=F("circle__access"),
        )
        .only(
            "kind",
            "problem",
            "needs",
            "lessons",
            "theme_id",
            "circle_id",
            "is_anonymous",
            "status",
            "hidden_at",
            "created_at",
            "title",
            "body",
            "helped_count",
        )
    )
    if not posts:
        return []
    replies = (
        Reply.objects.filter(post__in=posts, deleted_at__isnull=True)
        # A comment under a deleted answer is gone with it.
        .filter(Q(parent__isnull=True) | Q(parent__deleted_at__isnull=True))
        .annotate(
            author_organisation=F("author__organisation_id"),
            parent_hidden=ExpressionWrapper(
                Q(parent__hidden_at__isnull=False), output_field=BooleanField()
            ),
        )
        .only(
            "post_id",
            "parent_id",
            "is_anonymous",
            "body",
            "created_at",
            "hidden_at",
            "helped_count",
            "helped_asker",
        )
        .order_by("post_id", "created_at", "pk")
    )
    # Annotated replies (author_organisation, parent_hidden): Any keeps mypy out of the way.
    by_post: dict[int, list[Any]] = {}
    for reply in replies.iterator(chunk_size=2000):
        by_post.setdefault(reply.post_id, []).append(reply)

    documents = []
    for post in posts:
        thread = by_post.get(post.pk, [])
        visible = [reply for reply in thread if reply.hidden_at is None and not reply.parent_hidden]
        is_question = post.kind == Post.Kind.QUESTION
        has_answer = is_question and any(reply.parent_id is None for reply in visible)
        helped = is_question and post.status == Post.Status.ANSWERED
        documents.append(
            SearchDocument(
                kind=post.kind,
                object_id=post.pk,
                theme_id=post.theme_id,
                organisation_id=None if post.is_anonymous else post.author_organisation,
                circle_id=post.circle_id,
                circle_only=circle_only(post.circle_access),
                is_hidden=post.hidden_at is not None,
                answered=has_answer or helped,
                quality=1 + 0.3 * has_answer + 0.4 * helped + _helped_quality(post.helped_count),
                created_at=post.created_at,
                title=post.title,
                # The theme's name too: "jeugdzorg" finds the questions of that theme.
                body="\n\n".join([_post_text(post), *(r.body for r in visible)])[:BODY_INDEX_MAX]
                + theme_suffix(post.theme_name),
            )
        )
        for reply in thread:
            is_answer = is_question and reply.parent_id is None
            documents.append(
                SearchDocument(
                    kind=Kind.ANSWER if is_answer else Kind.COMMENT,
                    object_id=reply.pk,
                    theme_id=post.theme_id,
                    organisation_id=None if reply.is_anonymous else reply.author_organisation,
                    circle_id=post.circle_id,
                    circle_only=circle_only(post.circle_access),
                    is_hidden=post.hidden_at is not None
                    or reply.hidden_at is not None
                    or reply.parent_hidden,
                    answered=reply.helped_asker,
                    quality=1 + 0.4 * reply.helped_asker + _helped_quality(reply.helped_count),
                    created_at=reply.created_at,
                    # Shown as "Answer to <question>"; not indexed as the reply's own title,
                    # or every answer would rank on its question's words.
                    title="",
                    body=reply.body[:BODY_INDEX_MAX],
                )
            )
    return documents


def owned_by_posts(post_ids: list[int]) -> "QuerySet[SearchDocument]":
    reply_ids = Reply.objects.filter(post_id__in=post_ids).values("pk")
    return SearchDocument.objects.filter(
        Q(kind__in=POST_KINDS, object_id__in=post_ids)
        | Q(kind__in=[Kind.ANSWER, Kind.COMMENT], object_id__in=reply_ids)
    )


# --- Library, people, themes --------------------------------------------------------------


def build_resource_documents(ids: list[int]) -> list[SearchDocument]:
    resources = (
        Resource.objects.filter(pk__in=ids, deleted_at__isnull=True)
        .select_related("theme", "circle")
        .prefetch_related("tags")
    )
    return [
        SearchDocument(
            kind=Kind.RESOURCE,
            object_id=resource.pk,
            theme_id=resource.theme_id,
            organisation_id=resource.organisation_id,
            circle_id=resource.circle_id,
            circle_only=circle_only(resource.circle.access if resource.circle else None),
            is_hidden=resource.hidden_at is not None,
            quality=1 + _helped_quality(resource.helped_count),
            created_at=resource.created_at,
            title=resource.title,
            body="\n".join(
                [
                    resource.description,
                    " ".join(tag.name for tag in resource.tags.all()),
                    resource.file_name,
                ]
            )[:BODY_INDEX_MAX]
            + theme_suffix(resource.theme.name),
        )
        for resource in resources
    ]


def build_member_documents(ids: list[int]) -> list[SearchDocument]:
    """Members who may be found: listed, and not hidden from the people finder."""
    members = (
        Member.objects.listed()
        .filter(pk__in=ids, in_people_finder=True)
        .select_related("organisation")
        .prefetch_related("expertise")
    )
    return [
        SearchDocument(
            kind=Kind.MEMBER,
            object_id=member.pk,
            organisation_id=member.organisation_id,
            created_at=member.date_joined,
            title=member.name,
            body="\n".join(
                [
                    member.job_title,
                    member.organisation.name if member.organisation else "",
                    member.ask_me_about,
                    " ".join(theme.name for theme in member.expertise.all()),
                    member.bio,
                ]
            ),
        )
        for member in members
    ]


def build_theme_documents(ids: list[int]) -> list[SearchDocument]:
    now = timezone.now()
    return [
        SearchDocument(
            kind=Kind.THEME,
            object_id=theme.pk,
            theme_id=theme.pk,
            # Themes are where a search without results can lead: a little ahead of a
            # question that merely mentions the word.
            quality=1.5,
            # Themes have no date of their own; periods and "latest" barely apply to them.
            created_at=now,
            title=theme.name,
            body=theme.description,
        )
        for theme in Theme.objects.filter(pk__in=ids)
    ]


def build_gathering_documents(ids: list[int]) -> list[SearchDocument]:
    """Gatherings, found by title, description, place and theme. Cancelled ones too (they
    say so on their page): someone looking for the date should learn it was cancelled."""
    gatherings = Gathering.objects.filter(pk__in=ids).select_related("theme", "circle")
    return [
        SearchDocument(
            kind=Kind.GATHERING,
            object_id=gathering.pk,
            theme_id=gathering.theme_id,
            circle_id=gathering.circle_id,
            circle_only=circle_only(gathering.circle.access if gathering.circle else None),
            quality=1.2,
            created_at=gathering.created_at,
            title=gathering.title,
            body="\n".join([gathering.description, gathering.location])[:BODY_INDEX_MAX]
            + theme_suffix(gathering.theme.name),
        )
        for gathering in gatherings
    ]


def build_circle_documents(ids: list[int]) -> list[SearchDocument]:
    """Circles by name, description and learning goal. A secret circle is found by its
    members only; open and closed ones by every member (their content stays closed)."""
    return [
        SearchDocument(
            kind=Kind.CIRCLE,
            object_id=circle.pk,
            theme_id=circle.theme_id,
            circle_id=circle.pk,
            circle_only=circle.access == Circle.Access.SECRET,
            quality=1.2,
            created_at=circle.created_at,
            title=circle.name,
            body="\n".join([circle.learning_goal, circle.description]),
        )
        for circle in Circle.objects.filter(pk__in=ids)
    ]


def build_carnival_documents(ids: list[int]) -> list[SearchDocument]:
    """Blog carnivals by question, introduction and roundup (public pages, so never
    circle-only); deleted ones are left out, which removes them from the index. Entries
    are found as the posts they are."""
    carnivals = Carnival.objects.filter(pk__in=ids, deleted_at__isnull=True)
    return [
        SearchDocument(
            kind=Kind.CARNIVAL,
            object_id=carnival.pk,
            theme_id=carnival.theme_id,
            quality=1.2,
            created_at=carnival.created_at,
            title=carnival.title,
            body="\n\n".join(filter(None, [carnival.intro, carnival.roundup]))[:BODY_INDEX_MAX],
        )
        for carnival in carnivals
    ]


SOURCES = {
    "posts": Source(
        Post,
        (Kind.QUESTION, Kind.ANSWER, Kind.COMMENT, Kind.IDEA, Kind.STORY, Kind.BLOG),
        build_post_documents,
        owned_by_posts,
    ),
    "resources": Source(Resource, (Kind.RESOURCE,), build_resource_documents),
    "members": Source(Member, (Kind.MEMBER,), build_member_documents),
    "themes": Source(Theme, (Kind.THEME,), build_theme_documents),
    "gatherings": Source(Gathering, (Kind.GATHERING,), build_gathering_documents),
    "circles": Source(Circle, (Kind.CIRCLE,), build_circle_documents),
    "carnivals": Source(Carnival, (Kind.CARNIVAL,), build_carnival_documents),
}
# A source's first kind is its model's own document (the others belong to it).
SOURCE_OF_KIND = {source.kinds[0]: source for source in SOURCES.values()}
