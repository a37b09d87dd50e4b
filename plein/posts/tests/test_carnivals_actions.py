"""The blog carnival actions: opening, editing and deleting, entering posts, registering
addresses, moderation and the roundup, with their bad input, permissions, anonymity and
notifications."""

import datetime
from collections.abc import Iterator

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from plein.circles.tests.helpers import circle_with
from plein.core.errors import NotAllowed, PleinError
from plein.core.privacy import PrivacyBlocked
from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    Personas,
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.members.models import Member
from plein.notify.actions import update_notification_settings
from plein.notify.delivery import tick
from plein.notify.models import Notification
from plein.posts import carnivals, stories, webmention
from plein.posts.models import Carnival, CarnivalEntry
from plein.posts.tests.test_stories_actions import blog, write
from plein.posts.webfetch import FetchedPage, FetchRefused
from plein.search.models import SearchDocument

pytestmark = pytest.mark.django_db

BLOG_URL = "https://blog.wijkteam-hengelo.nl/2026/sociaal-leren"


@pytest.fixture(autouse=True)
def _english(english: None) -> Iterator[None]:
    yield


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def open_carnival(personas: Personas, **kw) -> Carnival:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return carnivals.open_carnival(
            kw.pop("host", personas.community_manager),
            title=kw.pop("title", "Is sociaal leren te leren?"),
            intro=kw.pop("intro", "Schrijf over wat **jij** leerde van collega's."),
            starts_on=kw.pop("starts_on", days(-3)),
            ends_on=kw.pop("ends_on", days(25)),
            **kw,
        )


def end(carnival: Carnival, *, days_ago: int = 1) -> Carnival:
    """Move a carnival's period into the past (the tests cannot wait for weeks; the
    actions refuse a past period, so this writes the dates directly)."""
    Carnival.objects.filter(pk=carnival.pk).update(
        starts_on=days(-days_ago - 28), ends_on=days(-days_ago)
    )
    carnival.refresh_from_db()
    return carnival


def edit(member: Member, carnival: Carnival, **changes) -> Carnival:
    """edit_carnival with the carnival's own values for what `changes` leaves out."""
    fields = ("title", "intro", "starts_on", "ends_on")
    current = {name: getattr(carnival, name) for name in fields}
    return carnivals.edit_carnival(member, carnival, **{**current, **changes})


def enter(member: Member, carnival: Carnival, post) -> CarnivalEntry:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return carnivals.enter_post(member, carnival, post)


def fake_fetch(monkeypatch, *, title: str = "Leren doe je samen", fail: str = "") -> None:
    """The background check fetches the page: here it finds a page (or a failure)
    without the network."""

    def fetch(url: str) -> FetchedPage:
        if fail:
            raise FetchRefused(fail)
        return FetchedPage(
            final_url=url, title=title, excerpt="Wat ik leerde in de wijk.", author_name="Sanne"
        )

    monkeypatch.setattr(webmention, "fetch_page", fetch)


def register(member: Member, carnival: Carnival, url: str = BLOG_URL) -> CarnivalEntry:
    with TestCase.captureOnCommitCallbacks(execute=True):
        entry = carnivals.register_address(member, carnival, url)
    entry.refresh_from_db()
    return entry


# --- Opening, editing, deleting ---------------------------------------------------------


def test_a_community_manager_opens_a_carnival(personas):
    carnival = open_carnival(personas, theme=personas.youth_care)
    assert carnival.host == personas.community_manager
    assert "<strong>jij</strong>" in carnival.intro_html
    assert carnival.is_running and carnival.accepts_entries
    assert SearchDocument.objects.filter(kind="carnival", object_id=carnival.pk).exists()


def test_a_member_cannot_open_a_carnival(personas):
    with pytest.raises(NotAllowed, match="Only community managers"):
        open_carnival(personas, host=personas.member)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"title": "   "}, "Ask the carnival's question"),
        ({"title": "x" * 201}, "under 200 characters"),
        ({"intro": ""}, "Write an introduction"),
        ({"starts_on": days(10), "ends_on": days(5)}, "comes before the first day"),
        ({"starts_on": days(-20), "ends_on": days(-1)}, "last day is in the past"),
        ({"starts_on": days(0), "ends_on": days(200)}, "at most 184 days"),
        ({"starts_on": days(400), "ends_on": days(410)}, "more than a year away"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(personas, kw, message):
    with pytest.raises(PleinError, match=message):
        open_carnival(personas, **kw)
    assert not Carnival.objects.exists()


def test_the_intro_goes_through_the_privacy_guard(personas):
    with pytest.raises(PrivacyBlocked):
        open_carnival(personas, intro="Cliënt met BSN 111222333 vertelde dit.")


def test_the_host_extends_the_period_but_cannot_move_a_started_first_day(personas):
    carnival = open_carnival(personas)
    host = personas.community_manager
    edit(host, carnival, title="Is sociaal leren leerbaar?", ends_on=days(40))
    carnival.refresh_from_db()
    assert (carnival.title, carnival.ends_on) == ("Is sociaal leren leerbaar?", days(40))
    with pytest.raises(PleinError, match="already started"):
        edit(host, carnival, starts_on=days(-1), ends_on=days(40))


def test_only_the_host_or_a_community_manager_edits(personas):
    carnival = open_carnival(personas)
    with pytest.raises(NotAllowed):
        edit(personas.member, carnival, title="Anders", intro="Anders")


def test_a_deleted_carnival_is_gone_for_everyone(personas):
    carnival = open_carnival(personas)
    with TestCase.captureOnCommitCallbacks(execute=True):
        carnivals.delete_carnival(personas.community_manager, carnival)
    assert not Carnival.objects.visible_to(personas.member).exists()
    assert not SearchDocument.objects.filter(kind="carnival").exists()
    with pytest.raises(NotAllowed):
        carnivals.delete_carnival(personas.community_manager, carnival)


# --- Entering posts ---------------------------------------------------------------------


def test_a_member_enters_their_blog_post_and_the_host_hears_it(personas):
    carnival = open_carnival(personas)
    post = blog(personas.member, personas.youth_care)
    entry = enter(personas.member, carnival, post)
    carnival.refresh_from_db()
    assert entry.status == CarnivalEntry.Status.PUBLISHED and entry.published_at
    assert carnival.entry_count == 1
    note = Notification.objects.get(kind="carnival_entry")
    assert note.recipient == personas.community_manager and note.carnival == carnival


def test_a_post_joins_once(personas):
    carnival = open_carnival(personas)
    post = blog(personas.member, personas.youth_care)
    enter(personas.member, carnival, post)
    with pytest.raises(PleinError, match="already part"):
        enter(personas.member, carnival, post)


def test_nobody_enters_someone_elses_post(personas):
    carnival = open_carnival(personas)
    post = blog(personas.member, personas.youth_care)
    with pytest.raises(NotAllowed, match="your own"):
        enter(personas.colleague, carnival, post)


def test_a_post_in_a_circle_cannot_join(personas):
    carnival = open_carnival(personas)
    circle = circle_with(personas)
    post = blog(personas.member, personas.youth_care, circle=circle)
    with pytest.raises(PleinError, match="in a circle"):
        enter(personas.member, carnival, post)
    assert not CarnivalEntry.objects.exists()


def test_a_closed_or_upcoming_carnival_takes_no_entries(personas):
    post = blog(personas.member, personas.youth_care)
    upcoming = open_carnival(personas, starts_on=days(5), ends_on=days(30))
    with pytest.raises(PleinError, match="not started yet"):
        enter(personas.member, upcoming, post)
    finished = end(open_carnival(personas), days_ago=10)
    with pytest.raises(PleinError, match="over"):
        enter(personas.member, finished, post)


def test_an_anonymous_story_joins_and_stays_anonymous(personas):
    carnival = open_carnival(personas)
    story = write(personas.member, personas.youth_care, anonymous=True)
    entry = enter(personas.member, carnival, story)
    assert entry.status == CarnivalEntry.Status.PUBLISHED
    note = Notification.objects.get(kind="carnival_entry")
    assert personas.member.name not in note.message


def test_the_submitter_or_the_host_withdraws_an_entry(personas):
    carnival = open_carnival(personas)
    entry = enter(personas.member, carnival, blog(personas.member, personas.youth_care))
    with pytest.raises(NotAllowed):
        carnivals.withdraw_entry(personas.colleague, entry)
    carnivals.withdraw_entry(personas.community_manager, entry)
    carnival.refresh_from_db()
    assert carnival.entry_count == 0 and not CarnivalEntry.objects.exists()


def test_a_new_blog_post_for_the_carnival_ends_in_an_entry(personas):
    carnival = open_carnival(personas)
    blog_post = {
        "kind": "blog",
        "theme": personas.youth_care,
        "title": "Leren van de buren",
        "body": "Wat ik zag in Almelo.",
        "submit_key": "k1",
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        post, entry = carnivals.write_entry(personas.member, carnival, **blog_post)
        again = carnivals.write_entry(personas.member, carnival, **blog_post)
    assert entry.post == post and again == (post, entry)


def test_a_refused_entry_leaves_no_blog_post_behind(personas):
    carnival = open_carnival(personas)
    circle = circle_with(personas)
    with pytest.raises(PleinError, match="in a circle"):
        carnivals.write_entry(
            personas.member,
            carnival,
            kind="blog",
            theme=personas.youth_care,
            title="In de kring",
            body="Alleen voor de kring.",
            circle=circle,
        )
    assert not personas.member.posts.exists()


# --- Registering an address -------------------------------------------------------------


def test_a_registered_address_is_checked_and_published(personas, monkeypatch):
    fake_fetch(monkeypatch)
    carnival = open_carnival(personas)
    entry = register(personas.member, carnival)
    assert entry.via == CarnivalEntry.Via.MEMBER
    assert entry.source_host == "blog.wijkteam-hengelo.nl"
    assert (entry.status, entry.title) == (CarnivalEntry.Status.PUBLISHED, "Leren doe je samen")


def test_a_failed_check_can_be_run_again(personas, monkeypatch):
    fake_fetch(monkeypatch, fail="The page could not be reached.")
    carnival = open_carnival(personas)
    entry = register(personas.member, carnival)
    assert (entry.status, entry.failure) == ("failed", "The page could not be reached.")
    fake_fetch(monkeypatch)
    with pytest.raises(NotAllowed):
        carnivals.check_again(personas.colleague, entry)
    with TestCase.captureOnCommitCallbacks(execute=True):
        carnivals.check_again(personas.member, entry)
    entry.refresh_from_db()
    assert entry.status == CarnivalEntry.Status.PUBLISHED


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Fill in the address"),
        ("ftp://blog.example/post", "not a web address"),
        ("blog zonder adres", "not a web address"),
        ("https://blog.example/" + "x" * 500, "longer than 500"),
        ("http://127.0.0.1:8000/blog/1/", "on Plein itself"),
    ],
)
def test_a_bad_address_is_refused(personas, url, message, settings):
    settings.BASE_URL = "http://127.0.0.1:8000"
    carnival = open_carnival(personas)
    with pytest.raises(PleinError, match=message):
        carnivals.register_address(personas.member, carnival, url)


def test_a_duplicate_address_names_the_existing_entry(personas, monkeypatch):
    fake_fetch(monkeypatch)
    carnival = open_carnival(personas)
    register(personas.member, carnival)
    with pytest.raises(PleinError, match=r"already registered .*\(published\)"):
        register(personas.colleague, carnival)


# --- Moderation -------------------------------------------------------------------------


def external(
    carnival: Carnival,
    status: str = "moderation",
    *,
    host: str = "leren.example.nl",
    title: str = "Leren in de wijk",
    failure: str = "",
) -> CarnivalEntry:
    """An entry as the Webmention check leaves it (the receiver is helper A's and has its
    own tests)."""
    now = timezone.now()
    entry = CarnivalEntry.objects.create(
        carnival=carnival,
        via=CarnivalEntry.Via.WEBMENTION,
        source_url=f"https://{host}/post",
        source_host=host,
        status=status,
        title=title,
        failure=failure,
        checked_at=now,
        published_at=now if status == CarnivalEntry.Status.PUBLISHED else None,
    )
    carnival.refresh_counts()
    return entry


def test_the_host_approves_and_rejects(personas):
    carnival = open_carnival(personas)
    entry = external(carnival)
    assert carnival.waiting_count == 1
    carnivals.approve_entry(personas.community_manager, entry)
    carnival.refresh_from_db()
    assert (carnival.entry_count, carnival.waiting_count) == (1, 0)
    carnivals.reject_entry(personas.community_manager, entry)
    carnival.refresh_from_db()
    assert carnival.entry_count == 0
    assert CarnivalEntry.objects.get().status == CarnivalEntry.Status.REJECTED


def test_a_member_cannot_moderate(personas):
    carnival = open_carnival(personas)
    entry = external(carnival)
    with pytest.raises(NotAllowed, match="Only the host"):
        carnivals.approve_entry(personas.member, entry)
    with pytest.raises(NotAllowed):
        carnivals.reject_entry(personas.member, entry)


def test_notify_host_of_entry_names_the_carnival_only(personas):
    carnival = open_carnival(personas)
    carnivals.notify_host_of_entry(external(carnival))
    note = Notification.objects.get()
    assert (note.kind, note.carnival, note.post) == ("carnival_entry", carnival, None)


# --- The roundup ------------------------------------------------------------------------


def test_no_roundup_before_the_end(personas):
    carnival = open_carnival(personas)
    with pytest.raises(PleinError, match="after the last day"):
        carnivals.write_roundup(personas.community_manager, carnival, text="Samengevat")


def test_the_roundup_closes_the_carnival_and_tells_who_took_part_once(personas, monkeypatch):
    fake_fetch(monkeypatch)
    carnival = open_carnival(personas)
    enter(personas.member, carnival, blog(personas.member, personas.youth_care))
    register(personas.colleague, carnival)
    end(carnival)
    with pytest.raises(NotAllowed):
        carnivals.write_roundup(personas.member, carnival, text="Samengevat")
    with TestCase.captureOnCommitCallbacks(execute=True):
        carnivals.write_roundup(personas.community_manager, carnival, text="Dit **leerden** we.")
        carnivals.write_roundup(personas.community_manager, carnival, text="Dit leerden we echt.")
    carnival.refresh_from_db()
    assert carnival.roundup_at and not carnival.accepts_entries
    assert carnival.roundup == "Dit leerden we echt."
    roundups = Notification.objects.filter(kind="carnival_roundup")
    assert sorted(roundups.values_list("recipient__name", flat=True)) == [
        personas.member.name,
        personas.colleague.name,
    ]
    with pytest.raises(PleinError, match="roundup is out"):
        edit(personas.community_manager, carnival, title="Anders", intro="Anders", ends_on=days(10))


def test_a_deleted_post_no_longer_counts_as_an_entry(personas):
    carnival = open_carnival(personas)
    post = blog(personas.member, personas.youth_care)
    enter(personas.member, carnival, post)
    with TestCase.captureOnCommitCallbacks(execute=True):
        stories.delete(personas.member, post)
    carnival.refresh_from_db()
    assert carnival.entry_count == 0
    assert not CarnivalEntry.objects.visible_to(personas.community_manager).exists()


def test_a_member_registers_a_few_addresses_not_a_flood(personas, monkeypatch):
    fake_fetch(monkeypatch)
    carnival = open_carnival(personas)
    for i in range(carnivals.ADDRESSES_PER_MEMBER):
        register(personas.member, carnival, f"{BLOG_URL}-{i}")
    with pytest.raises(PleinError, match="that is the most"):
        register(personas.member, carnival, f"{BLOG_URL}-extra")


def test_a_host_mailed_at_once_gets_one_mail_an_hour_about_a_carnival(personas):
    update_notification_settings(personas.community_manager, {"carnival_entry": "immediately"})
    carnival = open_carnival(personas)
    for writer in (personas.member, personas.colleague):
        enter(writer, carnival, blog(writer, personas.youth_care))
    to_host = [m for m in mail.outbox if m.to == [personas.community_manager.email]]
    assert len(to_host) == 1 and "A new entry for your blog carnival" in str(to_host[0].body)
    an_hour_ago = timezone.now() - datetime.timedelta(minutes=61)
    Notification.objects.update(created_at=an_hour_ago)
    Notification.objects.filter(mailed_at__isnull=False).update(mailed_at=an_hour_ago)
    assert tick().thread_mails == 1
    assert len([m for m in mail.outbox if m.to == [personas.community_manager.email]]) == 2


def test_a_new_anonymous_story_for_the_carnival_ends_in_an_anonymous_entry(personas):
    carnival = open_carnival(personas)
    with TestCase.captureOnCommitCallbacks(execute=True):
        story, entry = carnivals.write_entry(
            personas.member,
            carnival,
            kind="story",
            theme=personas.youth_care,
            title="Wat misging",
            sections={"learned": "Vraag eerder om hulp."},
            anonymous=True,
        )
    assert story.is_anonymous and entry.post == story
    assert entry.status == CarnivalEntry.Status.PUBLISHED
