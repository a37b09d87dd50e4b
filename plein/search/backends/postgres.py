"""PostgreSQL: a tsvector column on the documents (title weight A and body weight B in
the 'dutch' configuration, facet words as they are, FACET_MARK before them) with a GIN
index, filled by the index code right after each write."""

from collections.abc import Sequence
from typing import Any

from django.db import connection

from plein.search.backends import CANDIDATES, Audience, Counts, Filters, Hit, Order
from plein.search.models import SearchDocument
from plein.search.text import Query
from plein.search.text import words as index_words

DOCUMENTS = SearchDocument._meta.db_table
# ts_rank normalisation 1: divide by 1 + log(length), so long threads do not win on size.
RANK_NORMALISATION = 1
# Facet words are indexed with this before them: plein.search.text.words never keeps it,
# so no typed word can match one, and no weights are needed to keep them apart.
FACET_MARK = "_"
# "Latest" walks the newest documents backwards until it has a page, at most this many;
# older matches come from the GIN index.
LATEST_WINDOW = 5_000
# Relevance ranks the matches among the newest RECENT_WINDOW documents (at most
# CANDIDATES); when fewer than ENOUGH are there, the newest CANDIDATES matches of all.
RECENT_WINDOW = 20_000
ENOUGH = 100
# Scores are rounded so a page boundary compares equal when computed again.
SCORE_DIGITS = 6


def tsquery_sql(query: Query) -> tuple[str, list[Any]]:
    """A tsquery with OR between the words, stemmed by PostgreSQL itself. The words are
    letters and digits only (see plein.search.text), so none can be a tsquery operator."""
    parts: list[str] = []
    params: list[Any] = []
    terms = list(query.words)
    if query.prefix:
        terms.append(f"{query.prefix}:*")
    if terms:
        # No weights (":AB"): the GIN index cannot check them, so every row it finds would
        # be read and checked again. No typed word can match a facet word anyway (they
        # start with FACET_MARK).
        parts.append("to_tsquery('dutch', %s)")
        params.append(" | ".join(terms))
    if query.unstemmed_prefix:
        # 'simple' leaves it unstemmed (see Query.unstemmed_prefix).
        parts.append("to_tsquery('simple', %s)")
        params.append(f"{query.unstemmed_prefix}:*")
    return "(" + " || ".join(parts) + ")", params


def facets_sql(filters: Filters, audience: Audience) -> tuple[str, list[Any]]:
    """Our own facet words (letters and digits), quoted as tsquery lexemes as they are."""
    groups, excluded = filters.facet_groups(audience)
    clauses = [
        "(" + " | ".join(f"'{FACET_MARK}{word}'" for word in group) + ")" for group in groups
    ]
    clauses += [f"!'{FACET_MARK}{word}'" for word in excluded]
    circles = audience.circle_exception()
    if circles is not None:
        only, allowed = circles
        barred = f"'{FACET_MARK}{only}'"
        if allowed:
            barred += " & !(" + " | ".join(f"'{FACET_MARK}{word}'" for word in allowed) + ")"
        clauses.append(f"!({barred})")
    if not clauses:
        return "", []
    return "%s::tsquery", [" & ".join(clauses)]


class PostgresBackend:
    def write(self, documents: Sequence[SearchDocument]) -> None:
        if not documents:
            return
        # PostgreSQL gets the words as Python splits them (plein.search.text.words), so
        # both databases see the same words: its own parser keeps web and e-mail
        # addresses, paths and "word.Word" whole, and a search for a word in them would
        # find nothing. The facet words go in as they are, FACET_MARK before them.
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {DOCUMENTS} SET search_vector = "  # noqa: S608 (table names are constants; values go as parameters)
                "setweight(to_tsvector('dutch', %s), 'A') || "
                "setweight(to_tsvector('dutch', %s), 'B') || "
                "array_to_tsvector(%s::text[]) "
                "WHERE id = %s",
                [
                    (
                        " ".join(index_words(document.title)),
                        " ".join(index_words(document.body)),
                        [FACET_MARK + word for word in document.facets],
                        document.pk,
                    )
                    for document in documents
                ],
            )

    def delete(self, ids: Sequence[int]) -> None:
        pass  # the vector lives in the document's own row

    def finish_rebuild(self) -> None:
        # Every write leaves a dead row version (insert, then the vector): reclaim them
        # after a rebuild, when not inside a transaction (as in tests), and refresh the
        # word statistics the planner uses to choose between the GIN index and a scan.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} {DOCUMENTS}")

    def _match(self, query: Query, filters: Filters, audience: Audience) -> tuple[str, list[Any]]:
        words, params = tsquery_sql(query)
        facets, facet_params = facets_sql(filters, audience)
        match = f"d.search_vector @@ ({words}{' && ' + facets if facets else ''})"
        conditions, condition_params = filters.row_conditions()
        return match + conditions, [*params, *facet_params, *condition_params]

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
        match, params = self._match(query, filters, audience)
        columns = "d.id, d.kind, d.object_id, d.title, d.body, d.created_at"
        if order == "latest":
            # Walking the primary key backwards finds a page at once when the words are
            # common, but reads the whole table when they are rare, and the planner
            # cannot tell which (the last word is a prefix: its estimate is a guess). So
            # only the newest LATEST_WINDOW documents are walked; older matches come from
            # the GIN index ("+ 0" keeps the planner off the walk). PostgreSQL starts the
            # second part only when the first found less than a page.
            before, before_params = "", []
            if after is not None:
                before, before_params = "WHERE id < %s", [after[1]]
            recent = f"(SELECT * FROM {DOCUMENTS} {before} ORDER BY id DESC LIMIT %s)"  # noqa: S608 (table names are constants; values go as parameters)
            floor = (
                f"(SELECT coalesce(min(id), 0) FROM (SELECT id FROM {DOCUMENTS} {before} "  # noqa: S608
                "ORDER BY id DESC LIMIT %s) w)"
            )
            sql = (
                f"(SELECT {columns}, 0 FROM {recent} d WHERE {match} "  # noqa: S608
                "ORDER BY d.id DESC LIMIT %s) UNION ALL "
                f"(SELECT {columns}, 0 FROM {DOCUMENTS} d WHERE {match} AND d.id < {floor} "
                "ORDER BY d.id + 0 DESC LIMIT %s) LIMIT %s"
            )
            return self._hits(
                sql,
                [
                    *before_params,
                    LATEST_WINDOW,
                    *params,
                    limit,
                    *params,
                    *before_params,
                    LATEST_WINDOW,
                    limit,
                    limit,
                ],
            )
        words, word_params = tsquery_sql(query)
        # Only the newest matches are ranked: those among the newest RECENT_WINDOW
        # documents, found by walking the primary key backwards (at most CANDIDATES). When
        # fewer than ENOUGH are there the words are rare, and the newest CANDIDATES matches
        # of all come from the GIN index instead ("+ 0" keeps the planner off the walk).
        # The CASE runs that search only then (as a branch of a UNION it would be planned
        # in parallel, and start its workers even when it finds nothing).
        candidates = (
            "WITH recent AS MATERIALIZED (SELECT d.id FROM "  # noqa: S608
            f"(SELECT * FROM {DOCUMENTS} ORDER BY id DESC LIMIT %s) d "
            f"WHERE {match} ORDER BY d.id DESC LIMIT %s), "
            f"candidates AS (SELECT * FROM {DOCUMENTS} WHERE id = ANY("
            "CASE WHEN (SELECT count(*) FROM recent) >= %s THEN ARRAY(SELECT id FROM recent) "
            f"ELSE ARRAY(SELECT d.id FROM {DOCUMENTS} d WHERE {match} "
            "ORDER BY d.id + 0 DESC LIMIT %s) END)) "
        )
        candidate_params = [RECENT_WINDOW, *params, CANDIDATES, ENOUGH, *params, CANDIDATES]
        ranked = (
            "SELECT c.id, c.kind, c.object_id, c.title, c.body, c.created_at, "  # noqa: S608
            f"round((ts_rank(c.search_vector, {words}, {RANK_NORMALISATION}) * c.quality)"
            f"::numeric, {SCORE_DIGITS}) AS score FROM candidates c"
        )
        beyond, beyond_params = "", []
        if after is not None:
            beyond = " WHERE r.score < %s OR (r.score = %s AND r.id < %s)"
            beyond_params = [after[0], after[0], after[1]]
        sql = (
            f"{candidates}SELECT * FROM ({ranked}) r{beyond} "  # noqa: S608
            "ORDER BY r.score DESC, r.id DESC LIMIT %s"
        )
        return self._hits(sql, [*candidate_params, *word_params, *beyond_params, limit])

    def count(self, query: Query, filters: Filters, audience: Audience) -> Counts:
        match, params = self._match(query, filters, audience)
        sql = (
            f"SELECT kind, count(*) FROM (SELECT d.kind FROM {DOCUMENTS} d "  # noqa: S608
            f"WHERE {match} LIMIT %s) m GROUP BY kind"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, CANDIDATES + 1])
            by_kind = dict(cursor.fetchall())
        return Counts(by_kind=by_kind, capped=sum(by_kind.values()) > CANDIDATES)

    def _hits(self, sql: str, params: list[Any]) -> list[Hit]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [
            Hit(row[0], row[1], row[2], row[3], row[4], row[5], score=float(row[6])) for row in rows
        ]
