"""Searches as the pages use them. Every search filters by the searcher's rights inside
the SQL (so LIMIT counts only what they may see), then loads the things found through
their model's visible_to, the one visibility rule (DESIGN.md rule 3)."""

import difflib
import math
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.utils.safestring import SafeString

from plein.circles.models import Circle, Membership
from plein.core.pagination import decode_cursor, encode_cursor
from plein.gatherings.models import Gathering
from plein.library.models import Resource
from plein.members.models import Member
from plein.posts.models import Carnival, Post, Reply
from plein.search.backends import Audience, Counts, Filters, Hit, Order, get_backend
from plein.search.documents import POST_KINDS, theme_suffix
from plein.search.models import SearchDocument, SearchWord
from plein.search.snippets import highlight, snippet
from plein.search.text import Query, parse_query, stem, stemmed
from plein.themes.models import Theme

# Suggestions while typing are a short list; the cap keeps a crafted request cheap.
MAX_LIMIT = 50
RESULTS_PAGE_SIZE = 20
Kind = SearchDocument.Kind


def similar_questions(
    viewer: Member | AnonymousUser, text: str, *, limit: int = 5, exclude_id: int | None = None
) -> list[Post]:
    """Up to `limit` questions the viewer may see that resemble `text` (a title being
    typed, perhaps with its body): the best matches, answered and helpful ones lifted.
    Any word may match; more words, and words in the title, rank higher; the last word
    also matches as the start of a longer word. On a large site only the newest matches
    are ranked (backends.CANDIDATES). Three queries (the searcher's circles, the search,
    the questions), whatever the number of questions; none for empty text or a visitor.
    Never raises on what was typed."""
    query = parse_query(text)
    limit = min(limit, MAX_LIMIT)
    audience = audience_of(viewer) if query and limit >= 1 else None
    if audience is None:
        return []
    filters = Filters(
        kinds=(Kind.QUESTION,),
        exclude=(Kind.QUESTION, exclude_id) if exclude_id is not None else None,
    )
    hits = get_backend().search(query, filters, audience, limit=limit)
    if not hits:
        return []
    ids = [hit.object_id for hit in hits]
    # No .questions() here: the search already kept to questions, and on SQLite (without
    # ANALYZE statistics) a kind filter makes the planner scan the kind index rather than
    # look up these few primary keys.
    posts = Post.objects.visible_to(viewer).select_related("theme").in_bulk(ids)
    return [posts[pk] for pk in ids if pk in posts]


def audience_of(viewer: Member | AnonymousUser, *, circles: bool = True) -> Audience | None:
    """None for whoever may find nothing at all (as in the visible_to rules). Without
    `circles` no circle content is found (and its query is spared: people are never in
    circles' closed content)."""
    if not isinstance(viewer, Member) or not viewer.is_active:
        return None
    if viewer.is_community_manager:
        return Audience(member_id=viewer.pk, sees_hidden=True, circle_ids=None)
    if not circles:
        return Audience(member_id=viewer.pk, sees_hidden=False)
    # One query: the closed and secret circles whose content this member may find.
    circle_ids = Membership.objects.filter(member=viewer).exclude(circle__access=Circle.Access.OPEN)
    return Audience(
        member_id=viewer.pk,
        sees_hidden=False,
        circle_ids=tuple(circle_ids.values_list("circle_id", flat=True)),
    )


# --- The search page ------------------------------------------------------------------


@dataclass
class Result:
    kind: str
    object: Any
    title: SafeString
    snippet: SafeString
    created_at: datetime


@dataclass
class SearchPage:
    query: Query
    results: list[Result]
    counts: Counts
    next_cursor: str | None = None
    # For a search that finds nothing: another spelling that finds something, and themes
    # whose names are close to the words searched for.
    suggestion: str = ""
    related_themes: list[Theme] = field(default_factory=list)


class BadCursor(ValueError):
    """A page link that was cut off or tampered with."""


def search_page(
    viewer: Member,
    text: str,
    *,
    kind: str = "",
    theme: Theme | None = None,
    organisation_id: int | None = None,
    since: datetime | None = None,
    order: Order = "relevance",
    cursor: str = "",
    size: int = RESULTS_PAGE_SIZE,
) -> SearchPage:
    """One page of results over everything the viewer may see. Queries: one count, one
    search, then one per kind of thing on the page; and on a page without results a few
    to suggest another spelling. Raises BadCursor for a page link that was tampered with."""
    query = parse_query(text)
    audience = audience_of(viewer) if query else None
    if audience is None:
        return SearchPage(query=query, results=[], counts=Counts())
    after = decode_page_cursor(cursor) if cursor else None
    backend = get_backend()
    filters = Filters(
        kinds=(kind,) if kind else (),
        theme_ids=(theme.pk,) if theme else (),
        organisation_ids=(organisation_id,) if organisation_id else (),
        since=since,
    )
    # The counts are per kind, for the tabs: counted without the kind filter.
    counts = backend.count(query, replace(filters, kinds=()), audience)
    if kind == Kind.MEMBER:
        # The People tab ranks with the people finder (plein.search.people) instead.
        return SearchPage(query=query, results=[], counts=counts)
    hits = backend.search(query, filters, audience, order=order, after=after, limit=size + 1)
    next_cursor = None
    if len(hits) > size:
        hits = hits[:size]
        next_cursor = encode_cursor([repr(hits[-1].score), hits[-1].id])
    page = SearchPage(
        query=query,
        results=_results(viewer, hits, query),
        counts=counts,
        next_cursor=next_cursor,
    )
    if not page.results and not cursor:
        page.suggestion = spelling_suggestion(query, filters, audience)
        page.related_themes = related_themes(query)
    return page


# Document and member ids are 64-bit; a larger number would not even reach the query.
MAX_ID = 2**63 - 1


def decode_page_cursor(cursor: str) -> tuple[float, int]:
    """The (score, id) keyset of a page link of the search or the people finder. Raises
    BadCursor unless it is one we could have made: a finite score, a positive whole id
    (JSON's true is an int to Python, and PostgreSQL refuses to compare it to an id)."""
    values = decode_cursor(cursor, 2)
    if values is None or not isinstance(values[0], str) or type(values[1]) is not int:
        raise BadCursor(cursor)
    try:
        score = float(values[0])
    except ValueError as error:
        raise BadCursor(cursor) from error
    if not math.isfinite(score) or not 0 < values[1] <= MAX_ID:
        raise BadCursor(cursor)
    return score, values[1]


def _results(viewer: Member, hits: list[Hit], query: Query) -> list[Result]:
    """The things behind the hits, loaded through their visibility rules (one query per
    kind on the page), in the order of the hits."""
    wanted: dict[str, list[int]] = {}
    for hit in hits:
        wanted.setdefault(_model_of(hit.kind), []).append(hit.object_id)
    loaded: dict[str, dict[int, Model]] = {
        kind: _visible(kind, viewer).in_bulk(ids) for kind, ids in wanted.items()
    }
    results = []
    for hit in hits:
        found = loaded[_model_of(hit.kind)].get(hit.object_id)
        if found is None:
            continue  # the index is a moment behind a change
        title = hit.title
        if hit.kind in (Kind.ANSWER, Kind.COMMENT):
            title = found.post.title  # type: ignore[attr-defined]
        results.append(
            Result(
                kind=hit.kind,
                object=found,
                title=highlight(title, query),
                snippet=snippet(_snippet_source(hit, found), query),
                created_at=hit.created_at,
            )
        )
    return results


def _snippet_source(hit: Hit, found: Any) -> str:
    """The text a snippet is cut from: the indexed body without what was only added for
    finding (a theme's name), and for people what they wrote about themselves (their
    job, organisation and topics are shown beside it anyway)."""
    if hit.kind == Kind.MEMBER:
        return str(found.bio)
    if hit.kind in (*POST_KINDS, Kind.RESOURCE, Kind.GATHERING):
        return hit.body.removesuffix(theme_suffix(found.theme.name))
    return hit.body


def _model_of(kind: str) -> str:
    """Answers and comments are both replies: loaded in one query."""
    return Kind.ANSWER if kind == Kind.COMMENT else kind


def _visible(kind: str, viewer: Member) -> Any:
    if kind in POST_KINDS:
        return Post.objects.visible_to(viewer).select_related("theme", "author__organisation")
    if kind == Kind.ANSWER:
        return Reply.objects.visible_to(viewer).select_related(
            "post__theme", "post__author", "author__organisation"
        )
    if kind == Kind.RESOURCE:
        return Resource.objects.visible_to(viewer).select_related("theme", "author__organisation")
    if kind == Kind.MEMBER:
        return Member.objects.listed().filter(in_people_finder=True).select_related("organisation")
    if kind == Kind.GATHERING:
        return Gathering.objects.visible_to(viewer).select_related("theme")
    if kind == Kind.CIRCLE:
        return Circle.objects.visible_to(viewer).select_related("theme")
    if kind == Kind.CARNIVAL:
        return Carnival.objects.visible_to(viewer).select_related("host")
    return Theme.objects.all()


# --- When nothing is found ------------------------------------------------------------

# How close a word must be to count as another spelling (difflib's ratio).
SUGGESTION_CUTOFF = 0.75
SUGGESTION_CANDIDATES = 2000


def spelling_suggestion(query: Query, filters: Filters, audience: Audience) -> str:
    """Another spelling of the searched words that finds something for this searcher, or
    "". Words come from titles and theme names; one query per unknown word (at most four)
    and one per other spelling, to check it finds something the searcher may see."""
    typed = [*query.words, *([query.prefix] if query.prefix else [])]
    backend = get_backend()
    changed = False
    suggested = []
    for word in typed[:4]:
        better = _closest_word(word)
        # Each other spelling must find something on its own (as a whole word: it is not
        # being typed any more): one from hidden content must not ride along with one
        # that finds visible content.
        if better and better != word and backend.count(Query((better,)), filters, audience).total:
            changed = True
            suggested.append(better)
        else:
            suggested.append(word)
    return " ".join(suggested) if changed else ""


def _closest_word(word: str) -> str | None:
    if SearchWord.objects.filter(word=word).exists():
        return word
    # Typos rarely hit the first two letters; words starting with them are an index
    # range, bounded so a huge vocabulary costs the same.
    candidates = list(
        SearchWord.objects.filter(word__startswith=word[:2]).values_list("word", flat=True)[
            :SUGGESTION_CANDIDATES
        ]
    )
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=SUGGESTION_CUTOFF)
    return close[0] if close else None


def related_themes(query: Query, *, limit: int = 3) -> list[Theme]:
    """Themes whose name or description share a word stem (or its start) with the search.
    The themes of a community are a short list, so they are compared in Python."""
    stems = {stem(word) for word in query.words}
    if query.prefix:
        stems.add(stem(query.prefix))
    scored = []
    for theme in Theme.objects.all():
        theme_stems = set(stemmed(f"{theme.name} {theme.description}").split())
        score = sum(
            1
            for wanted in stems
            for present in theme_stems
            if present.startswith(wanted[:5]) or wanted.startswith(present[:5])
        )
        if score:
            scored.append((score, theme))
    scored.sort(key=lambda pair: (-pair[0], pair[1].order, pair[1].name))
    return [theme for _score, theme in scored[:limit]]
