"""One search interface, a backend per database: SQLite FTS5 (the embedded default) and
PostgreSQL full-text search. Chosen by the connection in use, at call time.

Both backends put every filter and the searcher's rights into the full-text match
(facet words, see plein.search.models), so what they walk is what the searcher may see."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from plein.search.models import CIRCLE_ONLY_FACET, HIDDEN_FACET, SearchDocument
from plein.search.text import Query

# Ranking is the costly part of a search, so at most this many matches are ranked: the
# most recently active ones. Below it, every match is ranked; above it (a query of only
# common words on a large site), the best of the newest matches win. This keeps a search
# within milliseconds whether there are ten thousand documents or a million. Counts stop
# here too ("2000+").
CANDIDATES = 2000

Order = Literal["relevance", "latest"]


@dataclass(frozen=True)
class Audience:
    """Who is searching, as far as the index can tell. Mirrors the visible_to rules so the
    filter runs inside the search query; the results are loaded through visible_to
    itself afterwards. Hidden content is found by community managers only (its author
    still sees it on their own pages)."""

    member_id: int
    sees_hidden: bool
    # Circle content: None for who reads every circle (community managers), else the
    # closed and secret circles the searcher belongs to.
    circle_ids: tuple[int, ...] | None = ()

    def circle_exception(self) -> tuple[str, list[str]] | None:
        """What keeps circle content out of this searcher's matches: documents marked
        CIRCLE_ONLY_FACET must not match unless they carry one of the listed circle words.
        None: nothing is kept out."""
        if self.circle_ids is None:
            return None
        return CIRCLE_ONLY_FACET, [f"c{pk}" for pk in self.circle_ids]


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()
    theme_ids: tuple[int, ...] = ()
    organisation_ids: tuple[int, ...] = ()
    since: datetime | None = None
    # One document left out (the question being edited, when looking for similar ones).
    exclude: tuple[str, int] | None = None

    def facet_groups(self, audience: Audience) -> tuple[list[list[str]], list[str]]:
        """Facet words as (groups that must each match at least one word, words that must
        not match)."""
        groups = [
            [f"k{kind}" for kind in self.kinds],
            [f"t{pk}" for pk in self.theme_ids],
            [f"o{pk}" for pk in self.organisation_ids],
            _months_since(self.since) if self.since else [],
        ]
        excluded = [] if audience.sees_hidden else [HIDDEN_FACET]
        return [group for group in groups if group], excluded

    def row_conditions(self) -> tuple[str, list[Any]]:
        """What the facets cannot say exactly, as SQL on the document row `d`."""
        sql = ""
        params: list[Any] = []
        if self.since is not None:
            sql += " AND d.created_at >= %s"
            params.append(self.since)
        if self.exclude is not None:
            sql += " AND NOT (d.kind = %s AND d.object_id = %s)"
            params += list(self.exclude)
        return sql, params


@dataclass(frozen=True)
class Hit:
    id: int
    kind: str
    object_id: int
    title: str
    body: str
    created_at: datetime
    score: float


@dataclass
class Counts:
    by_kind: dict[str, int] = field(default_factory=dict)
    # True when counting stopped at CANDIDATES: the figures are lower bounds.
    capped: bool = False

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


class SearchBackend(Protocol):
    def write(self, documents: Sequence[SearchDocument]) -> None:
        """Add these freshly saved documents to the full-text structure."""

    def delete(self, ids: Sequence[int]) -> None:
        """Forget these documents (called before their rows are deleted)."""

    def finish_rebuild(self) -> None:
        """Tidy up after a whole reindex."""

    def search(
        self,
        query: Query,
        filters: Filters,
        audience: Audience,
        *,
        order: Order = "relevance",
        after: tuple[float, int] | None = None,
        limit: int,
    ) -> list[Hit]:
        """The best (or latest) `limit` visible matches, after the keyset `after`
        (score and document id of the last hit of the page before)."""

    def count(self, query: Query, filters: Filters, audience: Audience) -> Counts:
        """Visible matches per kind, counting at most CANDIDATES + 1."""


def get_backend() -> SearchBackend:
    if connection.vendor == "sqlite":
        from plein.search.backends.sqlite import SqliteBackend

        return SqliteBackend()
    if connection.vendor == "postgresql":
        from plein.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    raise ImproperlyConfigured(
        f"Plein's search supports SQLite and PostgreSQL, not {connection.vendor}."
    )


def chunks(ids: Sequence[int], size: int = 500) -> list[Sequence[int]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def _months_since(since: datetime) -> list[str]:
    """Month facets (UTC, as SearchDocument.facets) from `since` up to this month; the
    exact bound is applied beside the match."""
    from django.utils import timezone

    now = timezone.now()
    year, month = since.year, since.month
    months = []
    while (year, month) <= (now.year, now.month):
        months.append(f"m{year:04d}{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
