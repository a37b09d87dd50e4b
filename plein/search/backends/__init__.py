"""One search interface, a backend per database: SQLite FTS5 (the embedded default) and
PostgreSQL full-text search. Chosen by the connection in use, at call time."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from plein.search.models import SearchDocument
from plein.search.text import Query

# Ranking is the costly part of a search, so at most this many matches are ranked: the
# most recently indexed ones. Below it, every match is ranked; above it (a query of only
# common words on a large site), the best of the newest matches win. This keeps a search
# within milliseconds whether there are ten thousand questions or a million.
CANDIDATES = 2000


@dataclass(frozen=True)
class Audience:
    """Who is searching, as far as the index can tell. Mirrors PostQuerySet.visible_to so
    the filter runs inside the search query (and LIMIT counts only visible rows); the
    results are checked against visible_to itself afterwards."""

    member_id: int
    # Community managers moderate hidden posts, so they find them.
    sees_hidden: bool


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
        *,
        kind: str,
        audience: Audience,
        limit: int,
        exclude_id: int | None = None,
    ) -> list[int]:
        """Object ids of the best `limit` visible matches, answered ones first."""


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


def visibility_sql(audience: Audience, *, kind: str) -> tuple[str, list[Any]]:
    """The WHERE clause (on documents aliased `d`) that keeps what the audience may see.

    Authors still see their own hidden posts; the index stores no authors, so that is
    answered by the posts table (a small lookup on its author index)."""
    from plein.posts.models import Post

    clauses = ["d.kind = %s"]
    params: list[Any] = [kind]
    if not audience.sees_hidden:
        own_hidden = (
            f"SELECT p.id FROM {Post._meta.db_table} p "  # noqa: S608 (table names are constants; values go as parameters)
            "WHERE p.author_id = %s AND p.hidden_at IS NOT NULL"
        )
        clauses.append(f"(d.is_hidden = %s OR d.object_id IN ({own_hidden}))")
        params += [False, audience.member_id]
    return " AND ".join(clauses), params


def chunks(ids: Sequence[int], size: int = 500) -> list[Sequence[int]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]
