"""Insights at scale (issue 7, item 8): N generated activity events for M members, the
rollup rebuilt from them, then the server time, SQL queries and size of every insights
page for a community manager. Prints figures; asserts nothing. Offline.

Runs on a throwaway database: a temporary SQLite file, or, when DATABASE_URL names a
PostgreSQL server, a test database created beside the one it names and dropped after
(never the named database itself).

    .venv/bin/python bench/insights.py [--events 10000000] [--members 10000] [--requests 50]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/insights.py

--keep leaves the database (its name or file is printed).

The community: 40 organisations of the four kinds with Zipf-like sizes, 12 themes, M
members who joined over eighteen months (more of them lately), and a 90-9-1 shape: one
member in a hundred is a regular, nine are occasional contributors, seventy read, and
twenty joined and never came back. The events span the last twelve months and the one
before, day by day: fewer at weekends, in the summer holidays and around Christmas, more
as the community grows. Most are visits and logins; contributions come mostly from the
regulars and the occasional contributors; one in ten questions is anonymous (no member,
no organisation, as `record` writes it); helped reports carry minutes and a helper. Every
member has one JOINED event (with a source), and a share of invited addresses never joined.
Questions with answers and helped reports (one question per 500 events) give the answer
times something to measure.

The build skips the actions: rows go in with bulk_create, and the events with executemany
(SQLite) or COPY (PostgreSQL) in batches of 50,000 within one transaction; the event
table's indexes are dropped for the load and made again after it (a bulk load, rather
than the cost of ten million single inserts into seven indexes). Then `rollup.rebuild()`,
timed, and every insights page whose URL exists: the dashboard (whole community, one
theme, one organisation), the business case, its print page and CSV, the pulse list and
(when the demo pulses can be loaded) one pulse's results. Each page runs once untimed and once
counting its SQL queries, then `--requests` times, timed.
"""

import argparse
import bisect
import itertools
import os
import random
import secrets
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

TEST_DATABASE = "test_plein_bench_insights"
BATCH = 50_000
SEED = 2026

ORGANISATION_KINDS = (
    ("municipality", "Gemeente", 14),
    ("care_provider", "Zorgaanbieder", 12),
    ("education", "School", 8),
    ("other", "Netwerk", 6),
)
THEMES = (
    "Jeugdzorg",
    "Ondersteuning thuis",
    "Werk en participatie",
    "Preventie",
    "Onderwijs en zorg",
    "Wijkteams",
    "Inkoop",
    "Cliëntparticipatie",
    "Informatie en privacy",
    "Beschermd wonen",
    "Mantelzorg",
    "Innovatie",
)
# (kind, weight, who does it): readers' kinds are spread over everyone who comes by,
# contributions mostly over the regulars and occasional contributors.
READ, CONTRIBUTE = "read", "contribute"
KINDS = (
    ("visited", 58.0, READ),
    ("logged_in", 16.0, READ),
    ("asked", 3.0, CONTRIBUTE),
    ("answered", 5.0, CONTRIBUTE),
    ("commented", 4.0, CONTRIBUTE),
    ("helped", 3.0, READ),
    ("rsvp", 2.5, READ),
    ("checked_in", 1.5, READ),
    ("joined_circle", 1.0, READ),
    ("joined_idea", 0.5, READ),
    ("posted_idea", 0.3, CONTRIBUTE),
    ("posted_story", 0.4, CONTRIBUTE),
    ("posted_blog", 0.3, CONTRIBUTE),
    ("shared_resource", 1.5, CONTRIBUTE),
    ("goal_checkin", 3.0, READ),
)
THEMED = {
    "asked",
    "answered",
    "commented",
    "helped",
    "rsvp",
    "checked_in",
    "joined_circle",
    "joined_idea",
    "posted_idea",
    "posted_story",
    "posted_blog",
    "shared_resource",
}
ANONYMOUS_SHARE = {"asked": 0.1, "posted_story": 0.1, "answered": 0.01, "commented": 0.01}
SOURCES = ("invitation", "invite_link", "qr", "self_registration", "sso", "added")
SOURCE_WEIGHTS = (40, 25, 10, 12, 10, 3)
MINUTES = (15, 30, 45, 60, 90, 120, 180, 240, 480)
MINUTES_WEIGHTS = (8, 14, 10, 14, 10, 12, 7, 5, 3)
# The 90-9-1 classes: (share of members, weight when reading, weight when contributing).
CLASSES = (
    ("regular", 0.01, 25.0, 100.0),
    ("occasional", 0.09, 6.0, 10.0),
    ("reader", 0.70, 1.0, 0.03),
    ("gone", 0.20, 0.0, 0.0),
)
INVITED_NOT_JOINED = 0.4  # per member
EVENTS_PER_QUESTION = 500
COLUMNS = (
    "at",
    "kind",
    "member_id",
    "organisation_id",
    "theme_id",
    "source",
    "minutes",
    "helper_id",
    "helper_organisation_id",
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--keep", action="store_true", help="leave the database")
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="plein-bench-insights-")
    os.environ.setdefault("PLEIN_VAR_DIR", scratch)
    os.environ.setdefault("PLEIN_TEST_SQLITE_NAME", os.path.join(scratch, "insights.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plein.settings")
    # Measure as in production: no debug mode (cached templates, no debug cursor).
    os.environ.setdefault("PLEIN_DEBUG", "false")
    os.environ.setdefault("PLEIN_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("PLEIN_SSL_REDIRECT", "false")
    os.environ.setdefault("PLEIN_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("PLEIN_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        # Never the database DATABASE_URL names, nor a test run's database: one of our own.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = TEST_DATABASE
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        call_command("collectstatic", verbosity=0, interactive=False)
        run(args.events, args.members, args.requests)
    finally:
        kept = str(connection.settings_dict["NAME"])
        if args.keep:
            print(f"database kept: {kept}")
            connection.close()
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        if not (args.keep and kept.startswith(scratch)):
            shutil.rmtree(scratch, ignore_errors=True)


def run(events: int, members: int, requests: int) -> None:
    from django.db import connection
    from django.utils import timezone

    rng = random.Random(SEED)  # noqa: S311 (a repeatable benchmark, not a secret)
    now = timezone.now()
    print(f"{connection.vendor}: {events:,} events, {members:,} members")
    started = time.monotonic()
    community = Community(rng, now, members)
    print(f"community: {time.monotonic() - started:.1f} s")
    pulse = community.pulses()
    community.add_rest()
    print(f"members and invitations: {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    questions = community.questions(max(200, min(50_000, events // EVENTS_PER_QUESTION)))
    print(
        f"{questions:,} questions with answers and helped reports: {time.monotonic() - started:.1f} s"
    )
    started = time.monotonic()
    written = community.events(events)
    seconds = time.monotonic() - started
    print(f"{written:,} events in {seconds:.1f} s ({written / seconds:,.0f} events/s)")
    print(f"database size: {database_size() / 2**20:,.0f} MiB")

    from plein.insights.rollup import rebuild

    started = time.monotonic()
    summary = rebuild(now=now)
    seconds = time.monotonic() - started
    print(f"rollup.rebuild(): {seconds:.1f} s, {len(summary.months)} months, {summary.rows:,} rows")
    measure_pages(community, pulse, requests)


# --- The community --------------------------------------------------------------------


class Community:
    def __init__(self, rng: random.Random, now: datetime, members: int) -> None:
        from plein.insights.forms import add_months, first_of_month
        from plein.members import actions
        from plein.members.models import Member, Organisation
        from plein.themes.models import Theme

        self.rng = rng
        self.now = now
        self.start = add_months(first_of_month(timezone_localdate(now)), -12)
        self.organisations = Organisation.objects.bulk_create(
            Organisation(name=f"{prefix} {n:02d}", kind=kind)
            for kind, prefix, count in ORGANISATION_KINDS
            for n in range(1, count + 1)
        )
        # Zipf-like sizes: the first organisation of a kind is the biggest.
        self.organisation_weights = [
            1 / (1 + n % 14) ** 0.9 for n in range(len(self.organisations))
        ]
        self.themes = Theme.objects.bulk_create(
            Theme(name=name, slug=f"thema-{n}", order=n) for n, name in enumerate(THEMES, 1)
        )
        self.theme_cum = list(itertools.accumulate(1 / (n + 1) ** 0.7 for n in range(12)))
        self.manager = actions.create_member(
            "communitymanager@plein.example",
            name="Bench Communitymanager",
            organisation=self.organisations[0],
        )
        actions.make_community_manager(self.manager)
        Member.objects.filter(pk=self.manager.pk).update(date_joined=now - timedelta(days=548))
        self.size = members
        self.made = 0
        self.members: list[
            tuple[int, int | None, datetime, str]
        ] = []  # pk, organisation, joined, class

    def _bulk_members(self, count: int) -> None:
        from plein.members.models import Member

        rng, now = self.rng, self.now
        classes = [c[0] for c in CLASSES]
        shares = [c[1] for c in CLASSES]
        rows = []
        for n in range(self.made, self.made + count):
            # More joined lately: a growing community.
            joined = now - timedelta(days=548 * rng.random() ** 1.6, seconds=rng.randint(0, 86399))
            organisation = rng.choices(self.organisations, weights=self.organisation_weights)[0]
            rows.append(
                Member(
                    email=f"bench{n}@bench.example",
                    name=f"Bench Deelnemer {n:06d}",
                    organisation=organisation,
                    date_joined=joined,
                    last_seen=joined,
                    password="!",  # noqa: S106 (an unusable password, as for members without one)
                )
            )
        made = Member.objects.bulk_create(rows, batch_size=5000)
        through = Member.expertise.through
        through.objects.bulk_create(
            (through(member_id=m.pk, theme_id=self.themes[m.pk % 12].pk) for m in made),
            batch_size=5000,
        )
        for member in made:
            kind = rng.choices(classes, weights=shares)[0]
            self.members.append((member.pk, member.organisation_id, member.date_joined, kind))
        self.made += count

    def pulses(self) -> Any:
        """A tenth of the members first, and the demo pulses answered by them (answering
        goes through the actions, so ten thousand respondents would be the benchmark)."""
        self._bulk_members(max(50, self.size // 10))
        started = time.monotonic()
        try:
            from plein.insights.models import Survey
            from plein.insights.pulse.demo import load_demo_pulses
        except ImportError:
            return None
        try:
            load_demo_pulses(now=self.now)
        except Exception as error:  # the pulse pages are then left out
            print(f"demo pulses not loaded: {error!r}")
            return None
        print(f"demo pulses: {time.monotonic() - started:.1f} s")
        return Survey.objects.filter(published_at__isnull=False).order_by("-pk").first()

    def add_rest(self) -> None:
        from plein.members.models import Invitation

        self._bulk_members(max(0, self.size - self.made))
        self.members.sort(key=lambda member: member[2])
        self.joined_at = [member[2] for member in self.members]
        weights = {c[0]: (c[2], c[3]) for c in CLASSES}
        self.read_cum = list(itertools.accumulate(weights[m[3]][0] for m in self.members))
        self.contribute_cum = list(itertools.accumulate(weights[m[3]][1] for m in self.members))
        invitations = [
            Invitation(
                email=f"invited{n}@bench.example",
                organisation=self.rng.choices(
                    self.organisations, weights=self.organisation_weights
                )[0],
                invited_by=self.manager,
                token_hash=secrets.token_hex(32),
                created_at=self.now - timedelta(days=self.rng.uniform(1, 540)),
                expires_at=self.now,
            )
            for n in range(int(self.size * INVITED_NOT_JOINED))
        ]
        Invitation.objects.bulk_create(invitations, batch_size=5000)

    def _joined_by(self, moment: datetime) -> int:
        return bisect.bisect_right(self.joined_at, moment)

    def _pick(
        self, cum: list[float], moment: datetime, k: int
    ) -> list[tuple[int, int | None, datetime, str]]:
        n = self._joined_by(moment)
        if n == 0 or cum[n - 1] == 0:
            return []
        return self.rng.choices(self.members[:n], cum_weights=cum[:n], k=k)

    def questions(self, count: int) -> int:
        """Questions with 0-3 answers and helped reports, at their own times (the rollup
        measures answer times from these)."""
        from plein.posts.models import Helped, Post, Reply

        rng = self.rng
        span = (self.now - timedelta(hours=1) - to_datetime(self.start)).total_seconds()
        posts, pending = [], []
        for n in range(count):
            asked = to_datetime(self.start) + timedelta(seconds=span * rng.random() ** 0.8)
            askers = self._pick(self.contribute_cum, asked, 1)
            if not askers:
                continue
            theme = rng.choices(self.themes, cum_weights=self.theme_cum)[0]
            post = Post(
                kind="question",
                theme=theme,
                author_id=askers[0][0],
                is_anonymous=rng.random() < 0.1,
                title=f"Vraag {n}",
                body="Hoe doen jullie dat?",
                created_at=asked,
                last_activity_at=asked,
            )
            posts.append(post)
            pending.append(asked)
        with stamps_as_given():
            Post.objects.bulk_create(posts, batch_size=5000)
            replies, answered = [], []
            for post, asked in zip(posts, pending, strict=True):
                at = asked
                for _answer in range(rng.choices((0, 1, 2, 3), weights=(12, 40, 30, 18))[0]):
                    at = at + timedelta(minutes=rng.lognormvariate(5.5, 1.4))
                    if at >= self.now:
                        break
                    author = self._pick(self.contribute_cum, at, 1)
                    if author and author[0][0] != post.author_id:
                        replies.append(
                            Reply(post=post, author_id=author[0][0], body="Zo.", created_at=at)
                        )
                        answered.append(post)
            Reply.objects.bulk_create(replies, batch_size=5000)
            helped = []
            for reply, post in zip(replies, answered, strict=True):
                if rng.random() < 0.45:
                    at = reply.created_at + timedelta(hours=rng.uniform(1, 96))
                    if at < self.now:
                        helped.append(
                            Helped(
                                reply=reply,
                                member_id=post.author_id,
                                by_asker=True,
                                minutes=rng.choices(MINUTES, weights=MINUTES_WEIGHTS)[0],
                                created_at=at,
                            )
                        )
            Helped.objects.bulk_create(helped, batch_size=5000, ignore_conflicts=True)
        return len(posts)

    # --- The events -------------------------------------------------------------------

    def events(self, total: int) -> int:
        from django.db import connection, transaction

        from plein.insights.models import Event

        table = Event._meta.db_table
        rows = self._rows(total)
        written = 0
        started = time.monotonic()
        indexes = drop_indexes(table)
        if connection.vendor == "sqlite":
            # The generator uses only ids it made: checking each of five foreign keys on
            # every row would double the load (it has to be set outside a transaction).
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA foreign_keys = OFF")
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    copy_sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
                    with cursor.cursor.copy(copy_sql) as copy:
                        for row in rows:
                            copy.write_row(row)
                            written += 1
                            if written % 1_000_000 == 0:
                                progress(written, total, started)
            else:
                # The model's own table and columns, nothing from outside.
                sql = (
                    f"INSERT INTO {table} ({', '.join(COLUMNS)}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * len(COLUMNS))})"
                )
                with connection.cursor() as cursor:
                    while batch := list(itertools.islice(rows, BATCH)):
                        cursor.executemany(sql, batch)
                        before = written
                        written += len(batch)
                        if written // 1_000_000 > before // 1_000_000:
                            progress(written, total, started)
        indexed = time.monotonic()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA foreign_keys = ON")
            for sql in indexes:
                cursor.execute(sql)
        print(f"  indexes made again: {time.monotonic() - indexed:.1f} s")
        return written

    def _rows(self, total: int) -> Iterator[tuple]:
        """Every member's JOINED event, then the rest day by day (ids in time order, as a
        live log has them)."""
        from django.db import connection

        sqlite = connection.vendor == "sqlite"
        rng = self.rng
        joined = self.members  # sorted by date_joined
        for pk, organisation, at, _kind in joined:
            source = rng.choices(SOURCES, weights=SOURCE_WEIGHTS)[0]
            yield (stamp(at, sqlite), "joined", pk, organisation, None, source, None, None, None)
        rest = max(0, total - len(joined))
        days = [
            self.start + timedelta(days=n)
            for n in range((timezone_localdate(self.now) - self.start).days + 1)
        ]
        weights = [day_weight(day, n / len(days)) for n, day in enumerate(days)]
        scale = rest / sum(weights)
        kinds = [k[0] for k in KINDS]
        kind_cum = list(itertools.accumulate(k[1] for k in KINDS))
        audience = {k[0]: k[2] for k in KINDS}
        made = 0
        for n, day in enumerate(days):
            count = round(weights[n] * scale) if n < len(days) - 1 else rest - made
            count = max(0, min(count, rest - made))
            if not count:
                continue
            day_start = to_datetime(day)
            # The day's members are drawn in bulk: who had joined by the day's end.
            end = min(day_start + timedelta(days=1), self.now)
            readers = self._pick(self.read_cum, end, count)
            contributors = self._pick(self.contribute_cum, end, count)
            helpers = self._pick(self.contribute_cum, end, count)
            if not readers or not contributors:
                continue
            day_kinds = rng.choices(kinds, cum_weights=kind_cum, k=count)
            seconds = sorted(rng.uniform(7 * 3600, 22 * 3600) for _ in range(count))
            utc_start = day_start.astimezone(UTC)
            for i in range(count):
                at = utc_start + timedelta(seconds=seconds[i])
                if at >= self.now:
                    at = self.now - timedelta(seconds=rng.uniform(60, 3600))
                kind = day_kinds[i]
                who = readers[i] if audience[kind] == READ else contributors[i]
                member: int | None = who[0]
                organisation = who[1]
                if who[2] > at:  # joined later that day
                    at = who[2] + timedelta(seconds=1)
                theme = (
                    self.themes[
                        bisect.bisect_left(self.theme_cum, rng.random() * self.theme_cum[-1])
                    ].pk
                    if kind in THEMED
                    else None
                )
                minutes: int | None = None
                helper: int | None = None
                helper_organisation: int | None = None
                if kind == "helped":
                    minutes = rng.choices(MINUTES, weights=MINUTES_WEIGHTS)[0]
                    if helpers[i][0] != member:
                        helper, helper_organisation = helpers[i][0], helpers[i][1]
                if rng.random() < ANONYMOUS_SHARE.get(kind, 0):
                    member = organisation = None
                yield (
                    stamp(at, sqlite),
                    kind,
                    member,
                    organisation,
                    theme,
                    "",
                    minutes,
                    helper,
                    helper_organisation,
                )
            made += count


def day_weight(day: date, progress: float) -> float:
    """Weekends quiet, the summer holidays and Christmas quieter, and growing."""
    weight = 0.15 if day.weekday() >= 5 else 1.0
    if (
        day.month in (7, 8)
        or (day.month == 12 and day.day >= 22)
        or (day.month == 1 and day.day <= 3)
    ):
        weight *= 0.5
    return weight * (0.6 + 0.8 * progress)


def drop_indexes(table: str) -> list[str]:
    """Drop the table's indexes (not its primary key) and return the SQL that makes them
    again: a B-tree built once over sorted rows is many times faster than ten million
    inserts into seven indexes. The result is the same table, indexes included."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL",
                [table],
            )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in indexes]


def stamp(moment: datetime, sqlite: bool) -> Any:
    """What the database takes for a datetime: for SQLite the text Django writes (UTC)."""
    if sqlite:
        if moment.tzinfo is not UTC:
            moment = moment.astimezone(UTC)
        return moment.isoformat(" ", "microseconds")[:26]  # without the "+00:00"
    return moment


def to_datetime(day: date) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def timezone_localdate(moment: datetime) -> date:
    from django.utils import timezone

    return timezone.localdate(moment)


def progress(done: int, total: int, started: float) -> None:
    seconds = time.monotonic() - started
    print(f"  {done:,} of {total:,} events, {seconds:.0f} s", flush=True)


class stamps_as_given:
    """Bulk rows keep the created_at they are given: auto_now_add would stamp them all
    "now" (this measures reads over a year of content, not the actions)."""

    def __enter__(self) -> None:
        from plein.posts.models import Helped, Post, Reply

        self.fields = [
            Post._meta.get_field("created_at"),
            Post._meta.get_field("last_activity_at"),
            Reply._meta.get_field("created_at"),
            Helped._meta.get_field("created_at"),
        ]
        for field in self.fields:
            field.auto_now_add = False

    def __exit__(self, *exc: object) -> None:
        for field in self.fields:
            field.auto_now_add = True


def database_size() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
        else:
            cursor.execute(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
            )
        return int(cursor.fetchone()[0])


# --- The pages ------------------------------------------------------------------------


def measure_pages(community: Community, survey: Any, requests: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    client = Client()
    client.force_login(community.manager)
    theme = community.themes[0]
    organisation = community.organisations[0]
    wanted: list[tuple[str, str, dict[str, Any], str]] = [
        ("dashboard", "insights:dashboard", {}, ""),
        ("dashboard, one theme", "insights:dashboard", {}, f"?theme={theme.pk}"),
        ("dashboard, one org.", "insights:dashboard", {}, f"?organisation={organisation.pk}"),
        ("business case", "insights:business_case", {}, ""),
        ("business case, print", "insights:business_case_print", {}, ""),
        ("business case, CSV", "insights:business_case_csv", {}, ""),
        ("pulse surveys", "insights:surveys", {}, ""),
    ]
    if survey is not None:
        wanted.append(("pulse results", "insights:survey", {"pk": survey.pk}, ""))
    print(f"{requests} requests per page, as a community manager")
    print(f"{'page':<24}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'KB':>8}")
    for label, name, kwargs, query in wanted:
        try:
            url = reverse(name, kwargs=kwargs) + query
        except NoReverseMatch:
            print(f"{label:<24}{'(no such page yet)':>35}")
            continue
        client.get(url, secure=True)  # warm up
        queries: list[str] = []

        def count(
            execute: Callable[..., Any],
            sql: str,
            params: Any,
            many: bool,
            context: dict[str, Any],
            queries: list[str] = queries,
        ) -> Any:
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url, secure=True)
        if response.status_code != 200:
            print(f"{label:<24}{'HTTP ' + str(response.status_code):>35}")
            continue
        timings = []
        for _ in range(requests):
            start = time.perf_counter()
            client.get(url, secure=True)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        size = len(response.content) / 1024
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(
            f"{label:<24}{statistics.median(timings):>9.1f}{p95:>9.1f}{len(queries):>9}{size:>8.1f}"
        )


if __name__ == "__main__":
    main()
