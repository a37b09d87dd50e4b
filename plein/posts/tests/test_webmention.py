"""The Webmention endpoint and the background check of external carnival entries, with a
real blog on 127.0.0.1: what is accepted, what is refused and why, updates, the trust
rule (moderation first, published once a host approved that blog), and re-checks."""

import datetime
from collections.abc import Iterator

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    Personas,
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.notify.models import Notification
from plein.posts import carnivals, webmention
from plein.posts.models import Carnival, CarnivalEntry
from plein.posts.tests.blog_server import blog_server_fixture  # noqa: F401
from plein.posts.webmention import check_entry, receive_webmention

pytestmark = pytest.mark.django_db

ENDPOINT = reverse("posts:webmention")
SITE = "https://plein.example"
Status = CarnivalEntry.Status


@pytest.fixture(autouse=True)
def _site(settings, english: None) -> Iterator[None]:
    # Plein at a public name; the blog at 127.0.0.1, which the tests may fetch.
    settings.BASE_URL = SITE
    settings.ALLOWED_HOSTS = ["plein.example", "testserver"]
    settings.PLEIN_WEBMENTION_ALLOW_LOOPBACK = True
    yield


def open_carnival(personas: Personas, *, title: str = "Is social learning learnable?") -> Carnival:
    today = timezone.localdate()
    return carnivals.open_carnival(
        personas.community_manager,
        title=title,
        intro="Write about it on your own blog.",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=28),
    )


@pytest.fixture
def carnival(personas: Personas) -> Carnival:
    return open_carnival(personas)


def target(carnival: Carnival) -> str:
    return SITE + carnival.get_absolute_url()


def send(client, source: str, target: str, **extra):
    return client.post(ENDPOINT, {"source": source, "target": target}, **extra)


def only_entry() -> CarnivalEntry:
    entry = CarnivalEntry.objects.get()
    return entry


def host_notifications(personas: Personas) -> int:
    return Notification.objects.filter(
        recipient=personas.community_manager, kind=Notification.Kind.CARNIVAL_ENTRY
    ).count()


def published(client, blog_server, carnival, personas) -> str:
    """A Webmention for a post on the blog, approved by the host; returns its address."""
    source = blog_server.post("/p/", links_to=target(carnival))
    send(client, source, target(carnival))
    carnivals.approve_entry(personas.community_manager, only_entry())
    return str(source)


# --- Accepted -------------------------------------------------------------------------


def test_a_webmention_from_a_new_blog_waits_for_the_host(client, blog_server, carnival, personas):
    source = blog_server.post("/2026/learnable/", links_to=target(carnival))
    response = send(client, source, target(carnival))
    assert response.status_code == 202
    assert response["Content-Type"].startswith("text/plain")
    assert "will be checked" in response.content.decode()
    entry = only_entry()
    assert (entry.via, entry.status, entry.source_url) == ("webmention", Status.MODERATION, source)
    assert entry.source_host == "127.0.0.1"
    assert entry.title == "Is social learning learnable?"
    assert entry.excerpt == "Yes, if you make it small and safe."
    assert entry.author_name == "Sanne de Vries"
    assert entry.checked_at is not None and entry.check_count == 1
    assert entry.published_at is None and entry.submitted_by is None
    carnival.refresh_from_db()
    assert (carnival.entry_count, carnival.waiting_count) == (0, 1)
    assert host_notifications(personas) == 1
    assert not CarnivalEntry.objects.visible_to(personas.member).exists()


@pytest.mark.parametrize(
    "written",
    [
        "http://plein.example/carnivals/{pk}/",
        "https://PLEIN.example/carnivals/{pk}",
        "https://plein.example:443/carnivals/{pk}/#entries",
        "https://plein.example/carnivals/{pk}/?utm_source=blog",
    ],
)
def test_a_link_to_the_carnival_counts_however_it_is_written(
    client, blog_server, carnival, written
):
    source = blog_server.post("/p/", links_to=written.format(pk=carnival.pk))
    send(client, source, target(carnival))
    assert only_entry().status == Status.MODERATION


def test_the_target_may_be_written_with_http(client, blog_server, carnival):
    source = blog_server.post("/p/", links_to=target(carnival))
    response = send(client, source, target(carnival).replace("https:", "http:"))
    assert response.status_code == 202
    assert only_entry().carnival == carnival


def test_a_source_that_does_not_link_to_the_carnival_fails_with_the_reason(
    client, blog_server, carnival, personas
):
    other = open_carnival(personas, title="Another question?")
    source = blog_server.post("/p/", links_to=target(other))
    assert send(client, source, target(carnival)).status_code == 202
    entry = only_entry()
    assert entry.status == Status.FAILED
    assert entry.failure == f"The page {source} does not link to the blog carnival."
    assert entry.title == ""
    assert host_notifications(personas) == 0


def test_the_reason_fits_whatever_the_length_of_the_address(client, blog_server, carnival):
    source = blog_server.post("/" + "long-" * 90 + "/")
    send(client, source, target(carnival))
    failure = only_entry().failure
    assert failure.endswith("… does not link to the blog carnival.")
    assert len(failure) <= 300


def test_a_source_that_cannot_be_fetched_fails_with_the_fetchers_reason(
    client, blog_server, carnival
):
    send(client, blog_server.url("/missing/"), target(carnival))
    entry = only_entry()
    assert entry.status == Status.FAILED
    assert "answered 404" in entry.failure


def test_loopback_sources_are_never_fetched_by_default(client, blog_server, carnival, settings):
    settings.PLEIN_WEBMENTION_ALLOW_LOOPBACK = False
    source = blog_server.post("/p/", links_to=target(carnival))
    assert send(client, source, target(carnival)).status_code == 202
    entry = only_entry()
    assert entry.status == Status.FAILED
    assert "private or local network" in entry.failure
    assert blog_server.requests == []


def test_the_check_happens_after_the_commit(
    blog_server, carnival, django_capture_on_commit_callbacks
):
    source = blog_server.post("/p/", links_to=target(carnival))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry = receive_webmention(source=source, target=target(carnival), sender_ip="192.0.2.1")
    assert entry.status == Status.PENDING and blog_server.requests == []
    assert len(callbacks) == 1
    callbacks[0]()
    entry.refresh_from_db()
    assert entry.status == Status.MODERATION


# --- Duplicates are updates -------------------------------------------------------------


def test_sending_again_updates_the_one_entry(client, blog_server, carnival, personas):
    source = blog_server.post("/p/", links_to=target(carnival), title="First title")
    send(client, source, target(carnival))
    blog_server.post("/p/", links_to=target(carnival), title="Better title")
    assert send(client, source, target(carnival)).status_code == 202
    entry = only_entry()
    assert (entry.title, entry.check_count, entry.status) == ("Better title", 2, Status.MODERATION)
    # Still waiting: the host heard about it once.
    assert host_notifications(personas) == 1


def test_a_failed_entry_sent_again_is_checked_again(client, blog_server, carnival):
    source = blog_server.post("/p/")
    send(client, source, target(carnival))
    assert only_entry().status == Status.FAILED
    blog_server.post("/p/", links_to=target(carnival))
    send(client, source, target(carnival))
    entry = only_entry()
    assert (entry.status, entry.failure) == (Status.MODERATION, "")


def test_a_rejected_entry_stays_rejected_and_is_not_fetched_again(
    client, blog_server, carnival, personas
):
    source = blog_server.post("/p/", links_to=target(carnival))
    send(client, source, target(carnival))
    carnivals.reject_entry(personas.community_manager, only_entry())
    fetched = len(blog_server.requests)
    response = send(client, source, target(carnival))
    assert response.status_code == 202  # the sender learns nothing more
    assert only_entry().status == Status.REJECTED
    assert len(blog_server.requests) == fetched


def test_a_published_entry_stays_published_when_its_post_changes(
    client, blog_server, carnival, personas
):
    source = published(client, blog_server, carnival, personas)
    entry = only_entry()
    published_at = entry.published_at
    blog_server.post("/p/", links_to=target(carnival), summary="Changed my mind.")
    send(client, source, target(carnival))
    entry.refresh_from_db()
    assert (entry.status, entry.excerpt) == (Status.PUBLISHED, "Changed my mind.")
    assert entry.published_at == published_at


# --- Unpublishing: the Webmention way of deleting -----------------------------------------


def test_a_published_entry_whose_post_no_longer_links_is_taken_off(
    client, blog_server, carnival, personas
):
    source = published(client, blog_server, carnival, personas)
    carnival.refresh_from_db()
    assert carnival.entry_count == 1
    blog_server.post("/p/")  # the link was removed
    send(client, source, target(carnival))
    entry = only_entry()
    assert entry.status == Status.FAILED
    assert "does not link" in entry.failure
    carnival.refresh_from_db()
    assert carnival.entry_count == 0
    assert not CarnivalEntry.objects.visible_to(personas.member).exists()


def test_a_published_entry_whose_post_is_gone_is_taken_off(client, blog_server, carnival, personas):
    source = published(client, blog_server, carnival, personas)
    blog_server.page("/p/", "gone", status=410)
    send(client, source, target(carnival))
    entry = only_entry()
    assert entry.status == Status.FAILED
    assert "is gone (410)" in entry.failure


def test_a_published_entry_survives_a_server_error_but_not_a_404(
    client, blog_server, carnival, personas
):
    source = published(client, blog_server, carnival, personas)
    blog_server.page("/p/", "down for maintenance", status=503)
    send(client, source, target(carnival))
    entry = only_entry()
    assert (entry.status, entry.check_count, entry.failure) == (Status.PUBLISHED, 2, "")
    assert entry.title == "Is social learning learnable?"
    blog_server.page("/p/", "not here", status=404)
    send(client, source, target(carnival))
    assert only_entry().status == Status.FAILED


def test_after_the_carnival_closed_a_published_entry_can_still_be_taken_off(
    client, blog_server, carnival, personas
):
    published = blog_server.post("/published/", links_to=target(carnival))
    waiting = blog_server.post("/waiting/", links_to=target(carnival))
    send(client, published, target(carnival))
    send(client, waiting, target(carnival))
    carnivals.approve_entry(
        personas.community_manager, CarnivalEntry.objects.get(source_url=published)
    )
    today = timezone.localdate()
    Carnival.objects.filter(pk=carnival.pk).update(
        starts_on=today - datetime.timedelta(days=40), ends_on=today - datetime.timedelta(days=20)
    )
    blog_server.post("/published/")  # the author removed the link
    assert send(client, published, target(carnival)).status_code == 202
    assert CarnivalEntry.objects.get(source_url=published).status == Status.FAILED
    # Anything else is too late.
    assert "is closed" in send(client, waiting, target(carnival)).content.decode()
    new = blog_server.post("/new/", links_to=target(carnival))
    assert send(client, new, target(carnival)).status_code == 400


# --- The trust rule -------------------------------------------------------------------


def test_after_a_host_approved_a_blog_its_next_webmention_is_published(
    client, blog_server, carnival, personas
):
    first = blog_server.post("/first/", links_to=target(carnival))
    send(client, first, target(carnival))
    carnivals.approve_entry(personas.community_manager, only_entry())
    later = open_carnival(personas, title="What did you unlearn?")
    second = blog_server.post("/second/", links_to=target(later))
    send(client, second, target(later))
    entry = CarnivalEntry.objects.get(carnival=later)
    assert entry.status == Status.PUBLISHED
    # The host hears of the entry that joined, as of the one that waited.
    assert host_notifications(personas) == 2
    assert entry.published_at == entry.checked_at
    later.refresh_from_db()
    assert (later.entry_count, later.waiting_count) == (1, 0)
    assert CarnivalEntry.objects.visible_to(personas.member).filter(pk=entry.pk).exists()


def test_a_rejected_blog_is_not_trusted(client, blog_server, carnival, personas):
    first = blog_server.post("/first/", links_to=target(carnival))
    send(client, first, target(carnival))
    carnivals.reject_entry(personas.community_manager, only_entry())
    second = blog_server.post("/second/", links_to=target(carnival))
    send(client, second, target(carnival))
    assert CarnivalEntry.objects.get(source_url=second).status == Status.MODERATION


def test_an_address_a_member_registered_does_not_make_its_blog_trusted(
    client, blog_server, carnival, personas
):
    client.force_login(personas.member)
    mine = blog_server.post("/mine/")
    client.post(reverse("posts:carnival_register", kwargs={"pk": carnival.pk}), {"url": mine})
    assert CarnivalEntry.objects.get(source_url=mine).status == Status.PUBLISHED
    client.logout()
    stranger = blog_server.post("/stranger/", links_to=target(carnival))
    send(client, stranger, target(carnival))
    assert CarnivalEntry.objects.get(source_url=stranger).status == Status.MODERATION


def test_an_address_a_member_registers_is_published_without_the_link(
    client, blog_server, carnival, personas
):
    source = blog_server.post("/mine/")  # does not link to the carnival
    client.force_login(personas.member)
    response = client.post(
        reverse("posts:carnival_register", kwargs={"pk": carnival.pk}), {"url": source}
    )
    assert response.status_code in (200, 302)
    entry = only_entry()
    assert (entry.via, entry.status, entry.submitted_by) == (
        "member",
        Status.PUBLISHED,
        personas.member,
    )
    assert entry.title == "Is social learning learnable?"
    assert entry.published_at is not None
    carnival.refresh_from_db()
    assert carnival.entry_count == 1
    assert host_notifications(personas) == 1


def test_a_member_registered_address_that_is_gone_fails(
    blog_server, carnival, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = carnivals.register_address(personas.member, carnival, blog_server.url("/nope/"))
    entry.refresh_from_db()
    assert entry.status == Status.FAILED and "answered 404" in entry.failure


# --- Refused, with the reason ---------------------------------------------------------


def test_get_is_not_allowed(client):
    response = client.get(ENDPOINT)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def refusal(client, source: str, target: str) -> str:
    response = send(client, source, target)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("text/plain")
    assert not CarnivalEntry.objects.exists()
    return response.content.decode()


def test_missing_or_malformed_addresses_are_refused(client, carnival):
    good = "https://blog.example/post/"
    assert "source address is missing" in refusal(client, "", target(carnival))
    assert "target address is missing" in refusal(client, good, "  ")
    assert "not an absolute http or https" in refusal(
        client, "javascript:alert(1)", target(carnival)
    )
    assert "not an absolute http or https" in refusal(
        client, "ftp://blog.example/p", target(carnival)
    )
    assert "not an absolute http or https" in refusal(client, "/relative/post", target(carnival))
    assert "longer than 500" in refusal(client, good + "x" * 500, target(carnival))
    for nasty in [
        "https://blog.example/a post",
        "http://[::1",
        "https://blog.example:abc/",
        "http://a\x00b/",
    ]:
        assert "source is not an absolute" in refusal(client, nasty, target(carnival))


def test_source_and_target_must_differ(client, carnival):
    assert "the same address" in refusal(client, target(carnival), target(carnival) + "#x")


def test_a_target_that_is_not_a_carnival_is_refused(client, carnival, personas):
    good = "https://blog.example/post/"
    not_a_carnival = "The target is not a blog carnival on this site."
    assert not_a_carnival in refusal(client, good, "https://elsewhere.example/carnivals/1/")
    assert not_a_carnival in refusal(client, good, SITE + "/questions/")
    assert not_a_carnival in refusal(client, good, SITE + "/no/such/page/")
    assert not_a_carnival in refusal(client, good, SITE + f"/carnivals/{carnival.pk + 100}/")
    carnivals.delete_carnival(personas.community_manager, carnival)
    assert not_a_carnival in refusal(client, good, target(carnival))


def test_a_carnival_that_has_not_started_or_is_closed_is_refused(client, personas):
    today = timezone.localdate()
    upcoming = carnivals.open_carnival(
        personas.community_manager,
        title="Next month's question?",
        intro="Soon.",
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=20),
    )
    good = "https://blog.example/post/"
    assert "has not started yet" in refusal(client, good, target(upcoming))
    # Time passes: the carnival ended well before today (past its grace days).
    Carnival.objects.filter(pk=upcoming.pk).update(
        starts_on=today - datetime.timedelta(days=40), ends_on=today - datetime.timedelta(days=20)
    )
    assert "is closed" in refusal(client, good, target(upcoming))


def test_a_source_on_this_site_is_refused(client, carnival):
    assert "on this site" in refusal(client, SITE + "/blog/1/", target(carnival))


def test_the_reason_is_in_english_whatever_the_language(client, carnival):
    client.cookies["django_language"] = "nl"
    assert "source address is missing" in refusal(client, "", target(carnival))


def test_too_many_webmentions_from_one_address_are_refused(client, settings, carnival):
    settings.PLEIN_RATE_LIMITS = {**settings.PLEIN_RATE_LIMITS, "webmention-ip": (2, 3600)}
    for number in range(2):
        assert send(client, f"https://blog.example/{number}/", "x").status_code == 400
    response = send(client, "https://blog.example/3/", target(carnival))
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "Too many attempts" in response.content.decode()
    # Another sender is not affected.
    assert send(client, "", "", REMOTE_ADDR="192.0.2.7").status_code == 400


def test_behind_a_proxy_the_limit_counts_the_forwarded_address(client, settings, carnival):
    settings.PLEIN_BEHIND_PROXY = True
    settings.PLEIN_RATE_LIMITS = {**settings.PLEIN_RATE_LIMITS, "webmention-ip": (1, 3600)}
    assert send(client, "", "", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 400
    assert send(client, "", "", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert send(client, "", "", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 400


def test_a_flood_of_pending_entries_is_refused(
    client, carnival, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(webmention, "MAX_PENDING", 2)
    # The checks are not run (no worker yet): the entries stay pending.
    with django_capture_on_commit_callbacks(execute=False):
        for number in range(3):
            receive_webmention(
                source=f"https://blog.example/{number}/",
                target=target(carnival),
                sender_ip="192.0.2.1",
            )
    response = send(client, "https://blog.example/4/", target(carnival))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "waiting to be checked" in response.content.decode()


# --- The task -------------------------------------------------------------------------


def test_the_check_skips_what_is_not_there_to_check(
    blog_server, carnival, personas, django_capture_on_commit_callbacks
):
    assert check_entry.call(10_000) == "skipped"
    with django_capture_on_commit_callbacks(execute=False):
        entry = receive_webmention(
            source=blog_server.post("/p/", links_to=target(carnival)),
            target=target(carnival),
            sender_ip="192.0.2.1",
        )
    carnivals.delete_carnival(personas.community_manager, carnival)
    assert check_entry.call(entry.pk) == "skipped"
    assert blog_server.requests == []


def test_a_page_rejected_while_it_was_fetched_stays_rejected(
    blog_server, carnival, personas, django_capture_on_commit_callbacks, monkeypatch
):
    source = blog_server.post("/p/", links_to=target(carnival))
    with django_capture_on_commit_callbacks(execute=True):
        receive_webmention(source=source, target=target(carnival), sender_ip="192.0.2.1")
    entry = only_entry()
    real_fetch = webmention.fetch_page

    def fetch_while_the_host_rejects(url: str):
        page = real_fetch(url)
        carnivals.reject_entry(personas.community_manager, entry)
        return page

    monkeypatch.setattr(webmention, "fetch_page", fetch_while_the_host_rejects)
    assert check_entry.call(entry.pk) == "skipped"
    assert only_entry().status == Status.REJECTED


def test_a_bug_in_the_check_fails_the_entry_instead_of_leaving_it_pending(
    blog_server, carnival, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(url: str):
        raise RuntimeError("bug")

    monkeypatch.setattr(webmention, "fetch_page", broken)
    with django_capture_on_commit_callbacks(execute=True):
        receive_webmention(
            source=blog_server.url("/p/"), target=target(carnival), sender_ip="192.0.2.1"
        )
    entry = only_entry()
    assert entry.status == Status.FAILED and "could not be checked" in entry.failure


# The worker closes stale connections between tasks, as in production: no test transaction.
@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_check_waits_in_the_queue_until_the_worker_runs(blog_server, settings):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from plein.core.testing import make_personas

    personas = make_personas()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PLEIN_TASKS = "database"
    carnival = open_carnival(personas)
    source = blog_server.post("/p/", links_to=target(carnival))
    entry = receive_webmention(source=source, target=target(carnival), sender_ip="192.0.2.1")
    assert only_entry().status == Status.PENDING and blog_server.requests == []
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    entry.refresh_from_db()
    assert entry.status == Status.MODERATION
    assert DBTaskResult.objects.filter(
        task_path="plein.posts.webmention.check_entry", status="SUCCESSFUL"
    ).exists()
