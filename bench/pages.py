"""Server time, SQL queries and weight of Plein's main pages, on a throwaway copy of the
demo community (SQLite unless DATABASE_URL says otherwise). Prints figures; asserts nothing.

    .venv/bin/python bench/pages.py [--requests 200] [--extra-members 5000]
"""

import argparse
import gzip
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--extra-members", type=int, default=5000)
    args = parser.parse_args()

    os.environ.setdefault("PLEIN_VAR_DIR", tempfile.mkdtemp(prefix="plein-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plein.settings")
    # Measure as in production: no debug mode (cached templates, no debug cursor).
    os.environ.setdefault("PLEIN_DEBUG", "false")
    os.environ.setdefault("PLEIN_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("PLEIN_SSL_REDIRECT", "false")
    os.environ.setdefault("PLEIN_ALLOWED_HOSTS", "testserver")
    # Production settings mail through SMTP; the benchmark's reminders (the inline sweep
    # after a request) stay in memory.
    os.environ.setdefault("PLEIN_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from plein.members.models import Member, Organisation
    from plein.themes.models import Theme

    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("demo_data", verbosity=0)
    if args.extra_members:
        # Bulk rows straight into the table: this measures reads, not the actions.
        organisations = list(Organisation.objects.all())
        themes = list(Theme.objects.all())
        members = Member.objects.bulk_create(
            Member(
                email=f"bench{n}@bench.example",
                name=f"Bench Deelnemer {n:06d}",
                organisation=organisations[n % len(organisations)],
                password="!",  # noqa: S106 (an unusable password, as for members without one)
            )
            for n in range(args.extra_members)
        )
        through = Member.expertise.through
        through.objects.bulk_create(
            through(member_id=m.pk, theme_id=themes[i % len(themes)].pk)
            for i, m in enumerate(members)
        )

    member = Member.objects.get(email="demo@plein.example")
    client = Client()
    client.force_login(member)
    theme = Theme.objects.first()
    assert theme is not None
    from plein.posts.models import Post

    busiest = Post.objects.order_by("-answer_count", "id").first()
    assert busiest is not None
    from plein.circles.models import Circle
    from plein.gatherings.models import Gathering
    from plein.posts.models import Carnival

    carnival = Carnival.objects.visible_to(member).order_by("-entry_count", "id").first()
    idea = Post.objects.ideas().order_by("-joiner_count", "id").first()
    assert carnival is not None and idea is not None
    circle = Circle.objects.visible_to(member).order_by("-member_count", "id").first()
    gathering = Gathering.objects.visible_to(member).order_by("-going_count", "id").first()
    assert circle is not None and gathering is not None
    pages = {
        "start page": "/",
        "themes": "/themes/",
        "theme page": theme.get_absolute_url(),
        "directory": "/members/",
        "directory, filtered": f"/members/?theme={theme.slug}",
        "profile": member.get_absolute_url(),
        "questions": "/questions/",
        "question page": busiest.get_absolute_url(),
        "notifications": "/notifications/",
        "similar (fragment)": "/questions/similar/?title=wachtlijst+jeugdzorg",
        "search": "/search/?q=wachtlijsten+jeugdzorg",
        "search, people tab": "/search/?q=wachtlijsten+jeugdzorg&kind=member",
        "search, questions tab": "/search/?q=wachtlijsten+jeugdzorg&kind=question",
        "search, nothing found": "/search/?q=wachtlijstn+jeugdzorh",
        "library": "/library/",
        "circles": "/circles/",
        "circle page": circle.get_absolute_url(),
        "gatherings": "/gatherings/",
        "gathering page": gathering.get_absolute_url(),
        "idea board": "/ideas/",
        "idea page": idea.get_absolute_url(),
        "stories": "/stories/",
        "learning goals": "/goals/",
        "carnivals": "/carnivals/",
        "carnival page": carnival.get_absolute_url(),
    }
    total = Member.objects.count()
    print(f"{total} members, {args.requests} requests per page, {connection.vendor}")
    print(
        f"{'page':<22}{'min ms':>8}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'HTML KB':>9}{'gzip KB':>9}"
    )
    for label, url in pages.items():
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
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(args.requests):
            start = time.perf_counter()
            client.get(url, secure=True)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        body = response.content
        print(
            f"{label:<22}{timings[0]:>8.2f}{statistics.median(timings):>10.2f}{timings[int(len(timings) * 0.95)]:>9.2f}"
            f"{len(queries):>9}{len(body) / 1024:>9.1f}{len(gzip.compress(body)) / 1024:>9.1f}"
        )

    static = Path(__file__).resolve().parent.parent / "plein" / "static"
    css = [p for p in static.rglob("*.css")] + [p for p in static.rglob("*.js")]
    raw = sum(p.stat().st_size for p in css)
    zipped = sum(len(gzip.compress(p.read_bytes())) for p in css)
    print(f"CSS/JS shipped: {len(css)} files, {raw / 1024:.1f} KB ({zipped / 1024:.1f} KB gzip)")


if __name__ == "__main__":
    main()
