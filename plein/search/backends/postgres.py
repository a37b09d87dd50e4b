"""PostgreSQL: a tsvector column on the documents (title weight A and body weight B in
the 'dutch' configuration, facet words weight D, unstemmed) with a GIN index, filled by
the index code right after each write."""

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
        # Weights A and B: never a facet word.
        parts.append("to_tsquery('dutch', %s)")
        params.append(
            " | ".join(f"{term}AB" if term.endswith(":*") else f"{term}:AB" for term in terms)
        )
    if query.unstemmed_prefix:
        # 'simple' leaves it unstemmed (see Query.unstemmed_prefix).
        parts.append("to_tsquery('simple', %s)")
        params.append(f"{query.unstemmed_prefix}:*AB")
    return "(" + " || ".join(parts) + ")", params


def facets_sql(filters: Filters, audience: Audience) -> tuple[str, list[Any]]:
    groups, excluded = filters.facet_groups(audience)
    clauses = ["(" + " | ".join(f"{word}:D" for word in group) + ")" for group in groups]
    clauses += [f"!{word}:D" for word in excluded]
    if not clauses:
        return "", []
    return "to_tsquery('simple', %s)", [" & ".join(clauses)]


class PostgresBackend:
    def write(self, documents: Sequence[SearchDocument]) -> None:
        if not documents:
            return
        # PostgreSQL gets the words as Python splits them (plein.search.text.words), so
        # both databases see the same words: its own parser keeps web and e-mail
        # addresses, paths and "word.Word" whole, and a search for a word in them would
        # find nothing. The facet words get positions: weights live on positions, and
        # without them a typed word (weights A and B) would match a facet word.
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {DOCUMENTS} SET search_vector = "  # noqa: S608 (table names are constants; values go as parameters)
                "setweight(to_tsvector('dutch', %s), 'A') || "
                "setweight(to_tsvector('dutch', %s), 'B') || "
                "setweight(to_tsvector('simple', %s), 'D') "
                "WHERE id = %s",
                [
                    (
                        " ".join(index_words(document.title)),
                        " ".join(index_words(document.body)),
                        " ".join(document.facets),
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
            if after is not None:
                match += " AND d.id < %s"
                params.append(after[1])
            sql = (
                f"SELECT {columns}, 0 FROM {DOCUMENTS} d "  # noqa: S608 (table names are constants; values go as parameters)
                f"WHERE {match} ORDER BY d.id DESC LIMIT %s"
            )
            return self._hits(sql, [*params, limit])
        words, word_params = tsquery_sql(query)
        # The inner query picks the newest matching rows (through the GIN index for rare
        # words, walking the primary key backwards for common ones); only those are ranked.
        candidates = (
            f"SELECT {columns}, d.quality, d.search_vector FROM {DOCUMENTS} d "  # noqa: S608
            f"WHERE {match} ORDER BY d.id DESC LIMIT %s"
        )
        ranked = (
            "SELECT c.id, c.kind, c.object_id, c.title, c.body, c.created_at, "  # noqa: S608
            f"round((ts_rank(c.search_vector, {words}, {RANK_NORMALISATION}) * c.quality)"
            f"::numeric, {SCORE_DIGITS}) AS score FROM ({candidates}) c"
        )
        beyond, beyond_params = "", []
        if after is not None:
            beyond = " WHERE r.score < %s OR (r.score = %s AND r.id < %s)"
            beyond_params = [after[0], after[0], after[1]]
        sql = f"SELECT * FROM ({ranked}) r{beyond} ORDER BY r.score DESC, r.id DESC LIMIT %s"  # noqa: S608
        return self._hits(sql, [*word_params, *params, CANDIDATES, *beyond_params, limit])

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
