"""SQLite: an FTS5 table beside the documents, holding their title and body as Dutch
stems (SQLite has no Dutch stemmer, so Python stems at index and at query time)."""

from collections.abc import Sequence

from django.db import connection

from plein.search.backends import CANDIDATES, Audience, chunks, visibility_sql
from plein.search.models import SearchDocument
from plein.search.text import Query, stem, stemmed

FTS_TABLE = "search_document_fts"
# bm25() weights per FTS column: a word in the title counts four times one in the body.
TITLE_WEIGHT = 4.0
BODY_WEIGHT = 1.0


def match_expression(query: Query) -> str:
    """An FTS5 query with OR between the words. Every term is a double-quoted string of
    letters and digits only (see plein.search.text), so nothing typed can be read as an
    FTS5 operator, column filter or syntax error."""
    terms = [f'"{term}"' for term in query.stems]
    if query.prefix:
        terms.append(f'"{stem(query.prefix)}"*')
    if query.unstemmed_prefix:
        terms.append(f'"{query.unstemmed_prefix}"*')
    return " OR ".join(terms)


class SqliteBackend:
    def write(self, documents: Sequence[SearchDocument]) -> None:
        if not documents:
            return
        # A stale row may hold the same rowid (e.g. after a test flush): replace it.
        self.delete([document.pk for document in documents])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608 (table names are constants; values go as parameters)
                [(d.pk, stemmed(d.title), stemmed(d.body)) for d in documents],
            )

    def delete(self, ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            for chunk in chunks(ids):
                placeholders = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", chunk)  # noqa: S608

    def finish_rebuild(self) -> None:
        table = SearchDocument._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM {table})")  # noqa: S608
            # Merge the index segments that many small inserts leave behind.
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")  # noqa: S608

    def search(
        self,
        query: Query,
        *,
        kind: str,
        audience: Audience,
        limit: int,
        exclude_id: int | None = None,
    ) -> list[int]:
        visible, params = visibility_sql(audience, kind=kind)
        if exclude_id is not None:
            visible += " AND d.object_id <> %s"
            params.append(exclude_id)
        # Only the newest CANDIDATES matches are ranked: FTS5 walks matches newest first
        # and stops at the LIMIT, so finding the lowest rowid to rank costs little, and
        # the main query then reads only the rowids from there up.
        newest = (
            f"SELECT coalesce(min(rowid), 0) FROM (SELECT rowid FROM {FTS_TABLE} "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s)"
        )
        sql = (
            f"SELECT d.object_id FROM {FTS_TABLE} f "  # noqa: S608 (table names are constants; values go as parameters)
            f"JOIN {SearchDocument._meta.db_table} d ON d.id = f.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND f.rowid >= ({newest}) AND {visible} "
            f"ORDER BY d.answered DESC, bm25({FTS_TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT}), "
            "d.id DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            expression = match_expression(query)
            cursor.execute(sql, [expression, expression, CANDIDATES, *params, limit])
            return [row[0] for row in cursor.fetchall()]
