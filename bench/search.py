"""Search at scale (issue 4, item 8): N generated documents of Dutch text, written straight
into the search index, then the latency of the backend's searches and counts for two
audiences, with and without facet filters. Prints figures; asserts nothing. Offline.

Runs on a throwaway database: a temporary SQLite file, or, when DATABASE_URL names a
PostgreSQL server, a test database created beside the one it names and dropped after
(never the named database itself).

    .venv/bin/python bench/search.py [--documents 1000000] [--repeat 5] [--hidden-share 0.5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/search.py

--keep leaves the database (its name or file is printed) to look at query plans; --reuse
measures it again without building (for SQLite, PLEIN_TEST_SQLITE_NAME=<that file>). On
PostgreSQL a run without --reuse replaces a database left by --keep.

The text: the 50,000 most frequent Dutch words of wordfreq, drawn with their real
frequencies (a Zipf distribution: "de", "het", "een" everywhere, "jaar" and "mensen" in
one document of ten), mixed with the domain's own words (Zipf over their rank too, so
"wachtlijst" and "jeugdzorg" are common and "respijtzorg" is not). Documents as the index
builders make them (plein.search.documents): questions (whose body holds their visible
answers and comments), answers and comments as documents of their own, library resources,
members and themes; 12 themes and 30 organisations of Zipf-like sizes; 1% hidden by
moderation, and, as a stand-in for closed circles (not built yet), a share of whole threads
and resources hidden as well, so the ordinary member really sees little.

The build skips the actions and the Post rows: SearchDocument rows go in with bulk_create
and the full-text structure is filled by the backend's own write() (the real indexing code:
SQLite stems in Python, PostgreSQL makes the tsvector in SQL), 5,000 documents per
transaction; then the backend's finish_rebuild(), as `plein reindex` ends.

Measured, with warm caches (each call runs once untimed first), per query `--repeat` times:
the backend's search() by relevance and by date, its count(), and "page": what search_page()
asks the backend (count without a kind filter, then search for 21 hits). search_page()
itself then loads the things found through their visible_to (Post, Reply, Resource rows,
which this benchmark does not create): one primary-key query per kind on the page, whatever
the size of the index, measured by bench/pages.py. "similar" is the backend part of
similar_questions(): questions only, 5 hits. Queries are parsed as the search box does
(plein.search.text.parse_query), so the last word of every query also matches as the start
of a longer word.
"""

import argparse
import itertools
import math
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

# The domain's own words, most common first (their weights fall with the rank).
DOMAIN = [
    "wachtlijst",
    "gemeente",
    "jeugdzorg",
    "wachtlijsten",
    "ouders",
    "wijkteam",
    "samenwerking",
    "mantelzorg",
    "school",
    "regio",
    "zorgaanbieder",
    "inkoop",
    "indicatie",
    "budget",
    "huisarts",
    "privacy",
    "Wmo",
    "gemeenten",
    "contract",
    "vrijwilligers",
    "mantelzorgers",
    "wijkteams",
    "jeugdzorgaanbieder",
    "dagbesteding",
    "armoede",
    "eenzaamheid",
    "keukentafelgesprek",
    "schuldhulpverlening",
    "participatiewet",
    "beschermd wonen",
    "jongerenwerk",
    "aanbesteding",
    "keukentafelgesprekken",
    "vroegsignalering",
    "respijtzorg",
]
TITLE_PATTERNS = [
    "Hoe gaan jullie om met {a} in de {b}?",
    "Ervaring met {a} en {b}",
    "{A} bij {b}: wie heeft tips?",
    "Wie heeft een goede aanpak voor {a}?",
    "Samenwerking tussen {a} en {b}",
    "Vraag over {a}",
    "{A}: hoe regelen jullie dat?",
    "{A} en {b} in onze {c}",
]
RESOURCE_PATTERNS = [
    "Handreiking {a}",
    "Model {a} voor {b}",
    "Convenant {a} en {b}",
    "Notitie {a}",
    "Checklist {a} bij {b}",
    "Factsheet {a}",
]
THEMES = [
    "Jeugdzorg",
    "Wmo",
    "Armoede en schulden",
    "Participatie",
    "Mantelzorg",
    "Wonen",
    "Onderwijs",
    "Gezondheid",
    "Ouderen",
    "Veiligheid",
    "Inkoop",
    "Preventie",
]
PLACES = [
    "Amsterdam",
    "Rotterdam",
    "Utrecht",
    "Eindhoven",
    "Groningen",
    "Tilburg",
    "Almere",
    "Breda",
    "Nijmegen",
    "Apeldoorn",
    "Haarlem",
    "Enschede",
    "Arnhem",
    "Zwolle",
    "Leiden",
    "Maastricht",
    "Dordrecht",
    "Zoetermeer",
    "Deventer",
    "Delft",
    "Wierden",
    "Hengelo",
    "Emmen",
    "Venlo",
]
OTHER_ORGANISATIONS = [
    "GGD Twente",
    "VNG",
    "Jeugdbescherming Noord",
    "Zorgkantoor Oost",
    "MEE Nederland",
    "Movisie",
]
JOB_TITLES = [
    "beleidsadviseur",
    "consulent",
    "wijkcoach",
    "contractmanager",
    "teamleider",
    "jeugdconsulent",
    "projectleider",
    "inkoopadviseur",
    "kwaliteitsmedewerker",
]
FIRST_NAMES = """
    Anna Bram Carla Daan Eva Femke Gert Hanneke Ingrid Jeroen Karin Lotte Marieke Niels Olga
    Pieter Rianne Sander Tessa Wouter Yara Mohamed Fatima Sanne Ruud
""".split()  # noqa: SIM905 (reads as the list it is)
LAST_NAMES = [
    name.strip()
    for name in """
    de Vries|Jansen|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos
    |Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Yilmaz|El Amrani|Kok|Schouten
""".split("|")  # noqa: SIM905
]

VOCABULARY_SIZE = 50_000
# Share of all words drawn from DOMAIN; the rest comes from wordfreq's Dutch list.
DOMAIN_SHARE = 0.02
YEARS = 5
BATCH = 5000
PAGE_SIZE = 21  # search_page asks one more than it shows, to know there is a next page
SIMILAR_LIMIT = 5
FILTER_THEME_RANK = 2  # filters use the third-largest theme ...
FILTER_ORGANISATION_RANK = 4  # ... and the fifth-largest organisation
TEST_DATABASE = "test_plein_bench_search"
OPERATIONS = ["page", "relevance", "latest", "count", "similar"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="times each search runs")
    parser.add_argument(
        "--hidden-share",
        type=float,
        default=0.5,
        help="share of threads and resources hidden from ordinary members (closed circles)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="leave the database for inspection (EXPLAIN)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database left by --keep (SQLite: PLEIN_TEST_SQLITE_NAME=its file)",
    )
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="plein-bench-search-")
    os.environ.setdefault("PLEIN_VAR_DIR", scratch)
    os.environ.setdefault("PLEIN_TEST_SQLITE_NAME", os.path.join(scratch, "search.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plein.settings")
    os.environ.setdefault("PLEIN_DEBUG", "false")
    os.environ.setdefault("PLEIN_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "postgresql":
        # Never the database DATABASE_URL names, nor the test database of a test run
        # beside it: one of our own.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = TEST_DATABASE
    if args.reuse:
        # `migrate` rebuilds the index when the builders are newer than it, from the posts
        # behind it: none here, so every generated document would go.
        from django.apps import apps
        from django.db.models.signals import post_migrate

        post_migrate.disconnect(
            sender=apps.get_app_config("search"), dispatch_uid="search_index_current"
        )
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False, keepdb=args.reuse
    )
    try:
        run(args.documents, args.repeat, args.hidden_share, reuse=args.reuse)
    finally:
        kept = str(connection.settings_dict["NAME"])
        if args.keep:
            print(f"database kept: {kept}")
            connection.close()
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        if not (args.keep and kept.startswith(scratch)):
            shutil.rmtree(scratch, ignore_errors=True)


# --- Text ----------------------------------------------------------------------------


class Corpus:
    """Words with their frequencies, and text drawn from them."""

    def __init__(self, rng: random.Random) -> None:
        from wordfreq import top_n_list, zipf_frequency

        from plein.search.text import STOP_WORDS

        self.rng = rng
        self.general = [word for word in top_n_list("nl", VOCABULARY_SIZE) if word.isalpha()]
        general_weights = [10 ** zipf_frequency(word, "nl") for word in self.general]
        domain_weights = [1 / (rank + 1) for rank in range(len(DOMAIN))]
        general_total, domain_total = sum(general_weights), sum(domain_weights)
        self.words = self.general + DOMAIN
        self.cumulative = list(
            itertools.accumulate(
                [w * (1 - DOMAIN_SHARE) / general_total for w in general_weights]
                + [w * DOMAIN_SHARE / domain_total for w in domain_weights]
            )
        )
        content = [
            (word, weight)
            for word, weight in zip(self.general, general_weights, strict=True)
            if word not in STOP_WORDS and len(word) > 2
        ]
        self.content_words = [word for word, _weight in content]
        self.content_cumulative = list(itertools.accumulate(weight for _word, weight in content))
        self.domain_cumulative = list(itertools.accumulate(domain_weights))

    def sentence(self) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=self.rng.randint(5, 18))
        return " ".join(words).capitalize() + "."

    def text(self, least: int, most: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(least, most)))

    def content_word(self) -> str:
        return self.rng.choices(self.content_words, cum_weights=self.content_cumulative)[0]

    def domain_word(self) -> str:
        return self.rng.choices(DOMAIN, cum_weights=self.domain_cumulative)[0]

    def topic_word(self) -> str:
        return self.domain_word() if self.rng.random() < 0.6 else self.content_word()

    def title(self, patterns: list[str]) -> str:
        a, b, c = self.domain_word(), self.topic_word(), self.content_word()
        return self.rng.choice(patterns).format(a=a, A=a.capitalize(), b=b, c=c)


def zipf_choice(rng: random.Random, items: list[Any], exponent: float) -> Iterator[Any]:
    cumulative = list(
        itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(len(items)))
    )
    while True:
        yield rng.choices(items, cum_weights=cumulative)[0]


# --- Build ---------------------------------------------------------------------------


@dataclass
class Build:
    documents: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    hidden: int = 0
    generate: float = 0.0
    insert: float = 0.0
    write: float = 0.0
    finish: float = 0.0


def generate(
    total: int, hidden_share: float, themes: list[Any], organisations: list[Any]
) -> Iterator[Any]:
    """SearchDocuments as the builders in plein.search.documents make them, oldest first
    (a document's id marks its activity, as after `plein reindex`)."""
    from django.utils import timezone

    from plein.search.documents import _helped_quality
    from plein.search.models import SearchDocument

    kind = SearchDocument.Kind
    rng = random.Random(20)  # noqa: S311 (repeatable data, not a secret)
    corpus = Corpus(rng)
    theme_of = zipf_choice(rng, themes, 0.7)
    organisation_of = zipf_choice(rng, organisations, 0.8)
    now = timezone.now()
    start = now - timedelta(days=365 * YEARS)
    object_ids = dict.fromkeys(kind.values, 0)

    def new_id(of: str) -> int:
        object_ids[of] += 1
        return object_ids[of]

    for theme in themes:
        yield SearchDocument(
            kind=kind.THEME,
            object_id=theme.pk,
            theme_id=theme.pk,
            quality=1.5,
            created_at=now,
            title=theme.name,
            body=theme.description,
        )
    made = len(themes)
    while made < total:
        moment = start + (now - start) * (made / total)
        dice = rng.random()
        closed = rng.random() < hidden_share
        if dice < 0.1:
            organisation = next(organisation_of)
            yield SearchDocument(
                kind=kind.MEMBER,
                object_id=new_id(kind.MEMBER),
                organisation_id=organisation.pk,
                created_at=moment,
                title=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                body="\n".join(
                    [
                        rng.choice(JOB_TITLES),
                        organisation.name,
                        f"{corpus.domain_word()}, {corpus.domain_word()}",
                        next(theme_of).name,
                        corpus.text(0, 2),
                    ]
                ),
            )
            made += 1
            continue
        theme = next(theme_of)
        if dice < 0.16:
            title = corpus.title(RESOURCE_PATTERNS)
            yield SearchDocument(
                kind=kind.RESOURCE,
                object_id=new_id(kind.RESOURCE),
                theme_id=theme.pk,
                organisation_id=next(organisation_of).pk,
                is_hidden=closed or rng.random() < 0.01,
                quality=1 + _helped_quality(rng.choice([0, 0, 0, 1, 2, 5])),
                created_at=moment,
                title=title,
                body="\n".join(
                    [
                        corpus.text(1, 3),
                        f"{corpus.domain_word()} {corpus.domain_word()}",
                        title.lower().replace(" ", "-") + ".pdf",
                        theme.name,
                    ]
                ),
            )
            made += 1
            continue
        # A question with its answers and comments.
        hidden = closed or rng.random() < 0.01
        replies = [
            (kind.ANSWER, corpus.text(1, 5)) for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4]))
        ] + [(kind.COMMENT, corpus.text(1, 2)) for _ in range(rng.choice([0, 0, 1, 1, 2, 3]))]
        reply_hidden = [rng.random() < 0.01 for _ in replies]
        has_answer = any(
            of == kind.ANSWER and not gone
            for (of, _), gone in zip(replies, reply_hidden, strict=True)
        )
        helped = has_answer and rng.random() < 0.3
        body = corpus.text(1, 5)
        visible = [text for (_, text), gone in zip(replies, reply_hidden, strict=True) if not gone]
        yield SearchDocument(
            kind=kind.QUESTION,
            object_id=new_id(kind.QUESTION),
            theme_id=theme.pk,
            organisation_id=None if rng.random() < 0.1 else next(organisation_of).pk,
            is_hidden=hidden,
            answered=has_answer or helped,
            quality=1
            + 0.3 * has_answer
            + 0.4 * helped
            + _helped_quality(rng.choice([0, 0, 0, 1, 3])),
            created_at=moment,
            title=corpus.title(TITLE_PATTERNS),
            body="\n\n".join([body, *visible]) + f"\n\n{theme.name}",
        )
        made += 1
        for (of, text), gone in zip(replies, reply_hidden, strict=True):
            if made >= total:
                break
            helped_asker = of == kind.ANSWER and helped and rng.random() < 0.5
            yield SearchDocument(
                kind=of,
                object_id=new_id(of),
                theme_id=theme.pk,
                organisation_id=next(organisation_of).pk,
                is_hidden=hidden or gone,
                answered=helped_asker,
                quality=1 + 0.4 * helped_asker + _helped_quality(rng.choice([0, 0, 1, 2])),
                created_at=moment + timedelta(hours=rng.randint(1, 200)),
                title="",
                body=text,
            )
            made += 1


def setup() -> tuple[list[Any], list[Any]]:
    from plein.members.models import Organisation
    from plein.themes.models import Theme

    themes = Theme.objects.bulk_create(
        Theme(name=name, slug=f"bench-{n}", description=f"Alles over {name.lower()}.", order=n)
        for n, name in enumerate(THEMES)
    )
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Gemeente {place}") for place in PLACES]
        + [Organisation(name=name) for name in OTHER_ORGANISATIONS]
    )
    return themes, organisations


def build(total: int, hidden_share: float) -> Build:
    from django.db import transaction

    from plein.search.backends import get_backend
    from plein.search.documents import INDEX_VERSION
    from plein.search.models import IndexVersion, SearchDocument

    themes, organisations = setup()
    backend = get_backend()
    report = Build()
    documents = generate(total, hidden_share, themes, organisations)
    started = time.perf_counter()
    while True:
        clock = time.perf_counter()
        batch = list(itertools.islice(documents, BATCH))
        report.generate += time.perf_counter() - clock
        if not batch:
            break
        with transaction.atomic():
            clock = time.perf_counter()
            created = SearchDocument.objects.bulk_create(batch)
            report.insert += time.perf_counter() - clock
            clock = time.perf_counter()
            backend.write(created)
            report.write += time.perf_counter() - clock
        report.documents += len(batch)
        for document in batch:
            report.by_kind[document.kind] = report.by_kind.get(document.kind, 0) + 1
            report.hidden += document.is_hidden
        if report.documents % 100_000 < BATCH:
            elapsed = time.perf_counter() - started
            print(
                f"  {report.documents:>9,} documents, {elapsed:6.0f} s, "
                f"{report.documents / elapsed:,.0f}/s, load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
    clock = time.perf_counter()
    backend.finish_rebuild()
    report.finish = time.perf_counter() - clock
    # As `plein reindex` ends: else a later `migrate` (as --reuse runs) would rebuild the
    # index from the (absent) posts and remove every generated document.
    IndexVersion.objects.update_or_create(pk=1, defaults={"version": INDEX_VERSION})
    return report


# --- Size ----------------------------------------------------------------------------


def sizes() -> list[tuple[str, int]]:
    from django.db import DatabaseError, connection

    from plein.search.backends.sqlite import FTS_TABLE
    from plein.search.models import SearchDocument

    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            path = connection.settings_dict["NAME"]
            rows = [("database file", os.path.getsize(path))]
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table]
            )
            indexes = {name for (name,) in cursor.fetchall()}
            try:
                cursor.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")
                pages = dict(cursor.fetchall())
            except DatabaseError:  # dbstat is a compile-time option of SQLite
                cursor.execute("PRAGMA page_count")
                page_count = cursor.fetchone()[0]
                cursor.execute("PRAGMA page_size")
                return [("database (page_count * page_size)", page_count * cursor.fetchone()[0])]
            rows.append((f"{table} (rows)", pages.get(table, 0)))
            rows.append(
                (
                    f"{table} (its {len(indexes)} b-tree indexes)",
                    sum(pages.get(name, 0) for name in indexes),
                )
            )
            fts = {name: size for name, size in pages.items() if name.startswith(f"{FTS_TABLE}_")}
            rows.append((f"{FTS_TABLE} (all shadow tables)", sum(fts.values())))
            rows += [(f"  {name}", size) for name, size in sorted(fts.items())]
            return rows
        cursor.execute(
            "SELECT pg_database_size(current_database()), pg_relation_size(c.oid), "
            "pg_total_relation_size(c.oid), coalesce(pg_total_relation_size(c.reltoastrelid), 0), "
            "pg_indexes_size(c.oid) FROM pg_class c WHERE c.relname = %s",
            [table],
        )
        database, heap, total, toast, indexes = cursor.fetchone()
        cursor.execute("SELECT pg_relation_size('search_document_vector')")
        gin = cursor.fetchone()[0]
        return [
            ("database", database),
            (f"{table} total (pg_total_relation_size)", total),
            (f"{table} heap (pg_relation_size)", heap),
            (f"{table} TOAST (long titles, bodies, vectors)", toast),
            (f"{table} all indexes", indexes),
            ("  search_document_vector (GIN)", gin),
            ("  b-tree indexes (pkey, kind+object_id, theme, organisation)", indexes - gin),
        ]


# --- Queries -------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchQuery:
    group: str
    text: str


def queries() -> list[BenchQuery]:
    """Typed as in the search box. "common": the most frequent Dutch words that are not
    stop words, and the common domain words; "rare": words of rank 20,000 to 45,000
    (a few dozen documents each) and one that occurs nowhere; "unfinished": the last word
    cut off while typing."""
    from wordfreq import top_n_list

    from plein.search.text import STOP_WORDS

    general = [word for word in top_n_list("nl", VOCABULARY_SIZE) if word.isalpha()]
    top = [word for word in general if word not in STOP_WORDS and len(word) > 2][:6]
    rng = random.Random(8)  # noqa: S311
    rare = [
        word
        for word in rng.sample(general[20_000:45_000], 400)
        if word not in STOP_WORDS and len(word) >= 6
    ][:6]
    t1, t2, t3, t4, t5, t6 = top
    r1, r2, r3, r4, r5, r6 = rare
    groups = {
        "common, 1 word": [t1, t2, t3, "jeugdzorg", "gemeente", "wachtlijst"],
        "common, 2 words": [
            f"{t1} {t2}",
            f"{t3} {t4}",
            "wachtlijst jeugdzorg",
            f"jeugdzorg {t1}",
            "gemeente school",
        ],
        "common, 3 words": [
            f"{t1} {t2} {t3}",
            f"{t4} {t5} {t6}",
            "wachtlijsten jeugdzorg gemeente",
            f"{t2} {t5} jeugdzorg",
            "mantelzorgers wijkteam ouders",
        ],
        "rare, 1-3 words": [
            r1,
            r2,
            f"{r3} {r4}",
            f"{r5} jeugdzorg",
            f"{t1} {t2} {r6}",
            "xylofoonstemmer",
        ],
        "unfinished, 1-3 words": [
            t2[:3],
            "jeu",
            "wachtl",
            "gemeen",
            f"{t1} {t3[:4]}",
            "wachtlijst jeugdz",
            f"jeugdzorg gemeente {t4[:3]}",
            r1[:5],
        ],
    }
    return [BenchQuery(group, text) for group, texts in groups.items() for text in texts]


def matches(text: str) -> int:
    """All documents matching, for whoever sees everything, without a cap."""
    from django.db import connection

    from plein.search.backends import Audience, Filters
    from plein.search.models import SearchDocument
    from plein.search.text import parse_query

    query = parse_query(text)
    if not query:
        return 0
    everyone = Audience(member_id=0, sees_hidden=True)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            from plein.search.backends.sqlite import FTS_TABLE, full_expression

            cursor.execute(
                f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                [full_expression(query, Filters(), everyone)],
            )
        else:
            from plein.search.backends.postgres import PostgresBackend

            match, params = PostgresBackend()._match(query, Filters(), everyone)
            cursor.execute(
                f"SELECT count(*) FROM {SearchDocument._meta.db_table} d WHERE {match}",  # noqa: S608
                params,
            )
        return int(cursor.fetchone()[0])


# --- Measuring -----------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    audience: str
    filter: str
    group: str
    operation: str
    text: str
    ms: float


def measure(repeat: int) -> tuple[list[Sample], dict[str, Any]]:
    from plein.members.models import Member, Organisation
    from plein.search.backends import Audience, Filters, get_backend
    from plein.search.models import SearchDocument
    from plein.search.text import parse_query
    from plein.themes.models import Theme

    backend = get_backend()
    manager, _ = Member.objects.get_or_create(
        email="manager@bench.example", defaults={"name": "Beheerder", "is_staff": True}
    )
    member, _ = Member.objects.get_or_create(
        email="member@bench.example", defaults={"name": "Deelnemer"}
    )
    audiences = {
        # What audience_of() makes of a community manager and of any other member.
        "manager": Audience(member_id=manager.pk, sees_hidden=True),
        "member": Audience(member_id=member.pk, sees_hidden=False),
    }
    theme = Theme.objects.get(name=THEMES[FILTER_THEME_RANK])
    organisation = Organisation.objects.get(name=f"Gemeente {PLACES[FILTER_ORGANISATION_RANK]}")
    filter_sets = {
        "none": Filters(),
        f"theme {theme.name}": Filters(theme_ids=(theme.pk,)),
        f"org. {organisation.name}": Filters(organisation_ids=(organisation.pk,)),
        "theme + org.": Filters(theme_ids=(theme.pk,), organisation_ids=(organisation.pk,)),
    }
    documents = SearchDocument.objects
    context = {
        "theme share": documents.filter(theme=theme).count() / documents.count(),
        "organisation share": documents.filter(organisation=organisation).count()
        / documents.count(),
        "both share": documents.filter(theme=theme, organisation=organisation).count()
        / documents.count(),
        "visible share": documents.filter(is_hidden=False).count() / documents.count(),
    }

    samples = []
    for audience_name, audience in audiences.items():
        for filter_name, filters in filter_sets.items():
            for bench_query in queries():
                query = parse_query(bench_query.text)
                calls = operations(backend, query, filters, audience)
                if filter_name != "none":
                    del calls["similar"]  # similar_questions has no theme or organisation
                for operation, call in calls.items():
                    call()  # warm up: caches, the stemmer, the query plan
                    for _ in range(repeat):
                        started = time.perf_counter()
                        call()
                        ms = (time.perf_counter() - started) * 1000
                        samples.append(
                            Sample(
                                audience_name,
                                filter_name,
                                bench_query.group,
                                operation,
                                bench_query.text,
                                ms,
                            )
                        )
    return samples, context


def operations(
    backend: Any, query: Any, filters: Any, audience: Any
) -> dict[str, Callable[[], object]]:
    from dataclasses import replace

    from plein.search.backends import Filters
    from plein.search.models import SearchDocument

    def page() -> object:
        # What search_page() asks the backend: counts per kind for the tabs (without the
        # kind filter), then the page of hits.
        counts = backend.count(query, replace(filters, kinds=()), audience)
        return counts, backend.search(query, filters, audience, limit=PAGE_SIZE)

    def relevance() -> object:
        return backend.search(query, filters, audience, limit=PAGE_SIZE)

    def latest() -> object:
        return backend.search(query, filters, audience, order="latest", limit=PAGE_SIZE)

    def count() -> object:
        return backend.count(query, filters, audience)

    def similar() -> object:
        questions = Filters(kinds=(SearchDocument.Kind.QUESTION,))
        return backend.search(query, questions, audience, limit=SIMILAR_LIMIT)

    return {
        "page": page,
        "relevance": relevance,
        "latest": latest,
        "count": count,
        "similar": similar,
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(values: list[float]) -> str:
    if not values:
        return f"{'-':>6} {'-':>6} {'-':>6}"
    return f"{statistics.median(values):6.1f} {percentile(values, 0.95):6.1f} {max(values):6.1f}"


def report(samples: list[Sample]) -> None:
    header = "".join(f" | {operation + ' p50/p95/max':>20}" for operation in OPERATIONS)

    def row(label: str, chosen: list[Sample]) -> str:
        cells = "".join(
            f" | {summary([s.ms for s in chosen if s.operation == operation])}"
            for operation in OPERATIONS
        )
        return f"{label:<38}{cells}"

    print(f"\nms per call, all queries{'':<14}{header}")
    for audience in dict.fromkeys(s.audience for s in samples):
        for filter_name in dict.fromkeys(s.filter for s in samples):
            chosen = [s for s in samples if s.audience == audience and s.filter == filter_name]
            print(row(f"{audience:<8} {filter_name}", chosen))
    print(f"\nms per call, no filter, by query{'':<6}{header}")
    for audience in dict.fromkeys(s.audience for s in samples):
        for group in dict.fromkeys(s.group for s in samples):
            chosen = [
                s
                for s in samples
                if s.audience == audience and s.filter == "none" and s.group == group
            ]
            print(row(f"{audience:<8} {group}", chosen))

    print("\nslowest (median of the repeats)")
    medians: dict[tuple[str, str, str, str], list[float]] = {}
    for s in samples:
        medians.setdefault((s.text, s.audience, s.filter, s.operation), []).append(s.ms)
    slowest = sorted(medians.items(), key=lambda item: -statistics.median(item[1]))[:15]
    for (text, audience, filter_name, operation), values in slowest:
        print(
            f"  {statistics.median(values):8.1f} ms  {operation:<9} {audience:<8} "
            f"{filter_name:<22} {text!r}"
        )


def run(documents: int, repeat: int, hidden_share: float, *, reuse: bool) -> None:
    from django.db import connection

    from plein.search.models import SearchDocument

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            print(f"SQLite {cursor.fetchone()[0]}, {connection.settings_dict['NAME']}")
        else:
            cursor.execute(
                "SELECT version(), current_setting('shared_buffers'), "
                "current_setting('work_mem'), current_setting('jit')"
            )
            version, buffers, work_mem, jit = cursor.fetchone()
            print(
                f"{version.split(' on ')[0]}, database {connection.settings_dict['NAME']}, "
                f"shared_buffers {buffers}, work_mem {work_mem}, jit {jit}"
            )
    print(f"{os.cpu_count()} cores, load average {load()}")

    if reuse and SearchDocument.objects.exists():
        print(f"reusing {SearchDocument.objects.count():,} documents")
    else:
        print(f"building {documents:,} documents ({hidden_share:.0%} of threads in closed circles)")
        started = time.perf_counter()
        built = build(documents, hidden_share)
        seconds = time.perf_counter() - started
        print(
            f"build: {seconds:.0f} s, {built.documents / seconds:,.0f} documents/s "
            f"(generating text {built.generate:.0f} s, bulk_create {built.insert:.0f} s, "
            f"backend write {built.write:.0f} s, finish_rebuild {built.finish:.0f} s); "
            f"load average {load()}"
        )
        print(
            "  by kind: "
            + ", ".join(f"{kind} {count:,}" for kind, count in sorted(built.by_kind.items()))
            + f"; hidden {built.hidden:,} ({built.hidden / built.documents:.0%})"
        )

    print("index size:")
    for label, size in sizes():
        print(f"  {size / 2**20:10,.1f} MiB  {label}")

    print("queries (documents matching, for whoever sees everything, no filter):")
    for bench_query in queries():
        print(f"  {matches(bench_query.text):>9,}  {bench_query.group:<22} {bench_query.text!r}")

    print(f"measuring ({repeat} runs per call, warm); load average {load()}", flush=True)
    started = time.perf_counter()
    samples, context = measure(repeat)
    print(
        f"measured {len(samples):,} calls in {time.perf_counter() - started:.0f} s; "
        f"load average {load()}"
    )
    print(
        f"filtered to a theme with {context['theme share']:.1%} of the documents, an "
        f"organisation with {context['organisation share']:.1%}, both "
        f"{context['both share']:.2%}; an ordinary member sees {context['visible share']:.0%}"
    )
    report(samples)


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
