"""SQLite: an FTS5 table beside the documents, holding their title and body as Dutch
stems (SQLite has no Dutch stemmer, so Python stems at index and at query time) and their
facet words in a third column."""

from collections.abc import Sequence
from datetime import UTC
from typing import Any

from django.db import connection
from django.utils.dateparse import parse_datetime

from plein.search.backends import (
    CANDIDATES,
    Audience,
    Counts,
    Filters,
    Hit,
    Order,
    chunks,
)
from plein.search.models import SearchDocument
from plein.search.text import Query, stem, stemmed

FTS_TABLE = "search_document_fts"
DOCUMENTS = SearchDocument._meta.db_table
# Score weights (see _score): a word in the title counts four times one in the body;
# facet words are filters, not relevance.
TITLE_WEIGHT = 4.0
BODY_WEIGHT = 1.0
# Scores are rounded so a page boundary compares equal when computed again.
SCORE_DIGITS = 12


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


def full_expression(query: Query, filters: Filters, audience: Audience) -> str:
    """The words in title or body, and the facets (our own words, never typed ones)."""
    groups, excluded = filters.facet_groups(audience)
    expression = "({{title body}} : ({})){}".format(
        match_expression(query),
        "".join(f" AND facets : ({' OR '.join(group)})" for group in groups),
    )
    for word in excluded:
        expression = f"({expression}) NOT facets : {word}"
    circles = audience.circle_exception()
    if circles is not None:
        only, allowed = circles
        barred = f"facets : {only}"
        if allowed:
            barred = f"({barred} NOT facets : ({' OR '.join(allowed)}))"
        expression = f"({expression}) NOT {barred}"
    return expression


class SqliteBackend:
    def write(self, documents: Sequence[SearchDocument]) -> None:
        if not documents:
            return
        # A stale row may hold the same rowid (e.g. after a test flush): replace it.
        self.delete([document.pk for document in documents])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body, facets) "  # noqa: S608 (table names are constants; values go as parameters)
                "VALUES (%s, %s, %s, %s)",
                [(d.pk, stemmed(d.title), stemmed(d.body), " ".join(d.facets)) for d in documents],
            )

    def delete(self, ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            for chunk in chunks(ids):
                placeholders = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", chunk)  # noqa: S608

    def finish_rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM {DOCUMENTS})"  # noqa: S608
            )
            # Merge the index segments that many small inserts leave behind.
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")  # noqa: S608

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
        expression = full_expression(query, filters, audience)
        conditions, params = filters.row_conditions()
        columns = "d.id, d.kind, d.object_id, d.title, d.body, d.created_at"
        if order == "latest":
            # FTS5 walks matches by rowid, newest first, and stops at the LIMIT.
            if after is not None:
                conditions += " AND f.rowid < %s"
                params.append(after[1])
            sql = (
                f"SELECT {columns}, 0 FROM {FTS_TABLE} f "  # noqa: S608 (table names are constants; values go as parameters)
                f"JOIN {DOCUMENTS} d ON d.id = f.rowid "
                f"WHERE {FTS_TABLE} MATCH %s{conditions} ORDER BY f.rowid DESC LIMIT %s"
            )
            return self._hits(sql, [expression, *params, limit])
        # Only the newest CANDIDATES visible matches are ranked. FTS5 finds them without
        # ranking (it walks its doclists newest first and stops at the LIMIT); each is then
        # scored on its own stemmed text (_score). Not with FTS5's bm25(): it weighs each
        # word by the number of documents holding it in the whole index, which it counts on
        # every search by reading the whole doclist of every phrase in the match, facet
        # words included ("xhidden", "kquestion": hundreds of thousands of documents on a
        # large site), whatever the LIMIT. A score that depends on the document alone also
        # keeps a page link valid while new documents arrive.
        score, score_params = _score(query)
        ranked = (
            f"SELECT {columns}, {score} AS score FROM (SELECT rowid AS id FROM {FTS_TABLE} "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s) c "
            f"JOIN {FTS_TABLE} f ON f.rowid = c.id JOIN {DOCUMENTS} d ON d.id = c.id "
            f"WHERE 1 = 1{conditions}"
        )
        beyond, beyond_params = "", []
        if after is not None:
            beyond = " WHERE score < %s OR (score = %s AND id < %s)"
            beyond_params = [after[0], after[0], after[1]]
        sql = f"SELECT * FROM ({ranked}){beyond} ORDER BY score DESC, id DESC LIMIT %s"  # noqa: S608
        return self._hits(
            sql, [*score_params, expression, CANDIDATES, *params, *beyond_params, limit]
        )

    def count(self, query: Query, filters: Filters, audience: Audience) -> Counts:
        expression = full_expression(query, filters, audience)
        conditions, params = filters.row_conditions()
        sql = (
            f"SELECT kind, count(*) FROM (SELECT d.kind FROM {FTS_TABLE} f "  # noqa: S608
            f"JOIN {DOCUMENTS} d ON d.id = f.rowid "
            f"WHERE {FTS_TABLE} MATCH %s{conditions} LIMIT %s) GROUP BY kind"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, *params, CANDIDATES + 1])
            by_kind = dict(cursor.fetchall())
        return Counts(by_kind=by_kind, capped=sum(by_kind.values()) > CANDIDATES)

    def _hits(self, sql: str, params: list[Any]) -> list[Hit]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [
            Hit(
                id=row[0],
                kind=row[1],
                object_id=row[2],
                title=row[3],
                body=row[4],
                created_at=_datetime(row[5]),
                score=float(row[6]),
            )
            for row in rows
        ]


def _score(query: Query) -> tuple[str, list[Any]]:
    """SQL for the score of one candidate row (f, d), from its own text alone, close to
    PostgreSQL's ts_rank: per query word TITLE_WEIGHT when the title holds it and
    BODY_WEIGHT when the body does, summed, divided by 1 + ln(the length of the
    document), times its quality. The stored text is stems with one space between them;
    LN() is SQLite's, or Django's where SQLite was built without math functions."""
    terms = [(term, False) for term in query.stems]
    if query.prefix:
        terms.append((stem(query.prefix), True))
    if query.unstemmed_prefix:
        terms.append((query.unstemmed_prefix, True))
    parts, params = [], []
    for term, prefix in terms:
        for column, weight in (("f.title", TITLE_WEIGHT), ("f.body", BODY_WEIGHT)):
            # A whole stem (" term "), or the start of one for the word being typed.
            if prefix:
                parts.append(f"{weight} * (instr(' ' || {column}, ' ' || %s) > 0)")
            else:
                parts.append(f"{weight} * (instr(' ' || {column} || ' ', ' ' || %s || ' ') > 0)")
            params.append(term)
    # A stem and its space are about seven characters: roughly the length in words.
    length = "(length(f.title) + length(f.body)) / 7.0"
    score = f"round(d.quality * ({' + '.join(parts)}) / (1 + ln(1 + {length})), {SCORE_DIGITS})"
    return score, params


def _datetime(value: Any) -> Any:
    # Raw cursors on SQLite return text; Django's converters are not applied.
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is not None and parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed
    return value
