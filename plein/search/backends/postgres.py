"""PostgreSQL: a tsvector column on the documents (title weight A, body weight B, the
'dutch' configuration) with a GIN index, filled by the index code right after each write."""

from collections.abc import Sequence
from typing import Any

from django.db import connection

from plein.search.backends import CANDIDATES, Audience, visibility_sql
from plein.search.models import SearchDocument
from plein.search.text import Query

# ts_rank normalisation 1: divide by 1 + log(length), so long threads do not win on size.
RANK_NORMALISATION = 1


def tsquery_sql(query: Query) -> tuple[str, list[Any]]:
    """A tsquery with OR between the words, stemmed by PostgreSQL itself. The words are
    letters and digits only (see plein.search.text), so none can be a tsquery operator."""
    parts: list[str] = []
    params: list[Any] = []
    terms = list(query.words)
    if query.prefix:
        terms.append(f"{query.prefix}:*")
    if terms:
        parts.append("to_tsquery('dutch', %s)")
        params.append(" | ".join(terms))
    if query.unstemmed_prefix:
        # 'simple' leaves it unstemmed (see Query.unstemmed_prefix).
        parts.append("to_tsquery('simple', %s)")
        params.append(f"{query.unstemmed_prefix}:*")
    return " || ".join(parts), params


class PostgresBackend:
    def write(self, documents: Sequence[SearchDocument]) -> None:
        if not documents:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {SearchDocument._meta.db_table} SET search_vector = "  # noqa: S608
                "setweight(to_tsvector('dutch', title), 'A') || "
                "setweight(to_tsvector('dutch', body), 'B') "
                "WHERE id = ANY(%s)",
                [[document.pk for document in documents]],
            )

    def delete(self, ids: Sequence[int]) -> None:
        pass  # the vector lives in the document's own row

    def finish_rebuild(self) -> None:
        # Every write leaves a dead row version (insert, then the vector): reclaim them
        # after a rebuild, when not inside a transaction (as in tests), and refresh the
        # word statistics the planner uses to choose between the GIN index and a scan.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} {SearchDocument._meta.db_table}")

    def search(
        self,
        query: Query,
        *,
        kind: str,
        audience: Audience,
        limit: int,
        exclude_id: int | None = None,
    ) -> list[int]:
        tsquery, query_params = tsquery_sql(query)
        visible, params = visibility_sql(audience, kind=kind)
        if exclude_id is not None:
            visible += " AND d.object_id <> %s"
            params.append(exclude_id)
        # The inner query picks the newest matching rows (through the GIN index for rare
        # words, walking the primary key backwards for common ones); only those are ranked.
        sql = (
            "SELECT c.object_id FROM ("  # noqa: S608 (table names are constants; values go as parameters)
            "SELECT d.id, d.object_id, d.answered, d.search_vector, query.q "
            f"FROM {SearchDocument._meta.db_table} d, (SELECT {tsquery} AS q) query "
            f"WHERE d.search_vector @@ query.q AND {visible} "
            "ORDER BY d.id DESC LIMIT %s"
            ") c "
            "ORDER BY c.answered DESC, "
            f"ts_rank(c.search_vector, c.q, {RANK_NORMALISATION}) DESC, c.id DESC "
            "LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*query_params, *params, CANDIDATES, limit])
            return [row[0] for row in cursor.fetchall()]
