"""Similar-question search at scale: N generated Dutch questions with answers, indexed in
bulk, then 50 queries as members type them. Prints figures; asserts nothing. Offline.

Runs on a throwaway database: a temporary SQLite file, or, when DATABASE_URL names a
PostgreSQL server, a test database created next to the one it names and dropped after.

    .venv/bin/python bench/search.py [--questions 20000] [--repeat 5]
"""

import argparse
import os
import random
import statistics
import tempfile
import time
from typing import Any

# The domain's own words, so queries meet realistic overlap (Faker's Dutch lorem alone
# almost never repeats a content word).
DOMAIN = [
    "wachtlijst",
    "wachtlijsten",
    "jeugdzorg",
    "jeugdzorgaanbieder",
    "mantelzorg",
    "mantelzorgers",
    "wijkteam",
    "wijkteams",
    "inkoop",
    "keukentafelgesprek",
    "keukentafelgesprekken",
    "huisarts",
    "schuldhulpverlening",
    "dagbesteding",
    "respijtzorg",
    "indicatie",
    "zorgaanbieder",
    "gemeente",
    "gemeenten",
    "participatiewet",
    "jongerenwerk",
    "vroegsignalering",
    "beschermd wonen",
    "Wmo",
    "privacy",
    "samenwerking",
    "regio",
    "ouders",
    "school",
    "vrijwilligers",
    "eenzaamheid",
    "armoede",
    "budget",
    "contract",
    "aanbesteding",
]
TITLE_PATTERNS = [
    "Hoe gaan jullie om met {a} in de {b}?",
    "Ervaring met {a} en {b}",
    "{A} bij {b}: wie heeft tips?",
    "Wie heeft een goede aanpak voor {a}?",
    "Samenwerking tussen {a} en {b}",
    "Vraag over {a}",
    "{A}: hoe regelen jullie dat?",
]
QUERIES = [
    "Hoe gaan jullie om met wachtlijsten?",
    "wachtlijst jeugdzorg",
    "Ervaring met keukentafelgesprekken",
    "mantelzorgers ondersteunen",
    "inkoop jeugdzorg regio",
    "wijkteam samenwerking huisarts",
    "schuldhulpverlening vroegsignalering",
    "Tips voor dagbesteding",
    "respijtzorg voor mantelzorgers",
    "indicatie Wmo",
    "Wie heeft een goede aanpak voor eenzaamheid?",
    "armoede en school",
    "jongerenwerk in de wijk",
    "beschermd wonen wachtlijst",
    "privacy bij het delen van gegevens met de huisarts",
    "contract met zorgaanbieder opzeggen",
    "aanbesteding jeugdzorg",
    "budget voor vrijwilligers",
    "ouders betrekken bij jeugdzorg",
    "participatiewet en dagbesteding",
    "Samenwerking tussen gemeente en school",
    "keukentafelgesprek voorbereiden",
    "wachtlijsten jeugdzorgaanbieder",
    "eenzaamheid onder ouderen",
    "regio inkoop contract",
    # As typed, the last word unfinished.
    "wachtl",
    "Hoe gaan jullie om met wacht",
    "keukentafelg",
    "Ervaring met mantelz",
    "inkoop jeugdz",
    "wijktea",
    "schuldhulp",
    "Tips voor dagbest",
    "respijt",
    "indicatie W",
    "Wie heeft een aanpak voor eenza",
    "armoede sch",
    "jongerenw",
    "beschermd won",
    "privacy huisa",
    "contract zorgaanb",
    "aanbested",
    "budget vrijw",
    "ouders betr",
    "participatiew",
    "Samenwerking tussen gemeen",
    "vroegsign",
    "mantelzorgers onders",
    "regio inko",
    "Vraag over jeugdzorgaan",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5, help="times each query runs")
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

    # Never the database DATABASE_URL names itself: a test database beside it.
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(args.questions, args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(questions: int, repeat: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plein.members.models import Member
    from plein.search.backends import CANDIDATES
    from plein.search.index import index_post, reindex
    from plein.search.queries import similar_questions

    started = time.perf_counter()
    viewer, post_ids = generate(questions)
    print(
        f"{questions} questions generated in {time.perf_counter() - started:.1f} s "
        f"on {connection.vendor}"
    )

    started = time.perf_counter()
    for _done in reindex(batch_size=500):
        pass
    seconds = time.perf_counter() - started
    print(f"bulk index: {seconds:.1f} s ({questions / seconds:.0f} questions/s)")

    timings = []
    for post_id in post_ids[:50]:
        start = time.perf_counter()
        index_post(post_id)
        timings.append((time.perf_counter() - start) * 1000)
    print(f"index one question: median {statistics.median(timings):.2f} ms")

    viewer = Member.objects.get(pk=viewer.pk)
    for text in QUERIES:  # warm up caches and the stemmer
        similar_questions(viewer, text)
    per_query: list[float] = []
    counts: set[int] = set()
    found = 0
    for text in QUERIES:
        with CaptureQueriesContext(connection) as captured:
            found += len(similar_questions(viewer, text))
        counts.add(len(captured.captured_queries))
        for _ in range(repeat):
            start = time.perf_counter()
            similar_questions(viewer, text)
            per_query.append((time.perf_counter() - start) * 1000)
    per_query.sort()
    matches = sorted(count_matches(text) for text in QUERIES)
    print(
        f"similar_questions, {len(QUERIES)} queries x {repeat}: "
        f"min {per_query[0]:.2f} ms, median {statistics.median(per_query):.2f} ms, "
        f"p95 {per_query[int(len(per_query) * 0.95)]:.2f} ms, max {per_query[-1]:.2f} ms; "
        f"SQL queries per call: {sorted(counts)}; "
        f"{found / len(QUERIES):.1f} results per query"
    )
    print(
        f"questions matching a query (at most {CANDIDATES} ranked): "
        f"median {statistics.median(matches):.0f}, max {matches[-1]}"
    )


def count_matches(text: str) -> int:
    from django.db import connection

    from plein.search.backends.postgres import tsquery_sql
    from plein.search.backends.sqlite import FTS_TABLE, match_expression
    from plein.search.text import parse_query

    query = parse_query(text)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                [match_expression(query)],
            )
        else:
            tsquery, params = tsquery_sql(query)
            cursor.execute(
                f"SELECT count(*) FROM search_searchdocument WHERE search_vector @@ ({tsquery})",  # noqa: S608
                params,
            )
        return int(cursor.fetchone()[0])


def generate(questions: int) -> tuple[Any, list[int]]:
    """Bulk rows straight into the tables: this measures search, not the actions."""
    from django.utils import timezone
    from faker import Faker

    from plein.members.models import Member, Organisation
    from plein.posts.models import Post, Reply
    from plein.themes.actions import create_or_update_theme

    rng = random.Random(20)  # noqa: S311 (repeatable data, not a secret)
    fake = Faker("nl_NL")
    fake.seed_instance(20)
    organisation = Organisation.objects.create(name="Gemeente Bench")
    themes = [
        create_or_update_theme(name, slug=name.lower(), description=name, order=n)
        for n, name in enumerate(["Jeugdzorg", "Wmo", "Armoede", "Preventie", "Onderwijs"])
    ]
    members = Member.objects.bulk_create(
        Member(
            email=f"bench{n}@bench.example",
            name=fake.name(),
            organisation=organisation,
            password="!",  # noqa: S106 (an unusable password)
        )
        for n in range(200)
    )

    # Some domain words are everywhere ("jeugdzorg"), most are not: Zipf-like weights.
    weights = [1 / (rank + 1) for rank in range(len(DOMAIN))]

    def domain_word() -> str:
        return rng.choices(DOMAIN, weights)[0]

    def sentence(domain_chance: float) -> str:
        words = fake.sentence(nb_words=8).rstrip(".").split()
        if rng.random() < domain_chance:
            words.insert(rng.randrange(len(words) + 1), domain_word())
        return " ".join(words).capitalize() + "."

    now = timezone.now()
    posts = []
    for _ in range(questions):
        a, b = domain_word(), domain_word()
        title = rng.choice(TITLE_PATTERNS).format(a=a, b=b, A=a.capitalize())
        posts.append(
            Post(
                kind=Post.Kind.QUESTION,
                theme=rng.choice(themes),
                author=rng.choice(members),
                is_anonymous=rng.random() < 0.1,
                title=title[:200],
                body=" ".join(sentence(0.4) for _ in range(rng.randint(1, 6))),
                status=Post.Status.ANSWERED if rng.random() < 0.3 else Post.Status.OPEN,
                hidden_at=now if rng.random() < 0.01 else None,
                deleted_at=now if rng.random() < 0.01 else None,
            )
        )
    posts = Post.objects.bulk_create(posts, batch_size=2000)
    replies = [
        Reply(
            post=post,
            author=rng.choice(members),
            body=" ".join(sentence(0.3) for _ in range(rng.randint(1, 4))),
        )
        for post in posts
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3]))
    ]
    Reply.objects.bulk_create(replies, batch_size=2000)
    viewer = members[0]
    return viewer, [post.pk for post in posts]


if __name__ == "__main__":
    main()
