"""The blog carnival pages: the public list and page (with Webmention discovery), taking
part, the host's queue and roundup, refusals with a message (never a 500), the visibility
of entries that are Plein posts, anonymity, and pinned query counts that do not grow."""

from collections.abc import Iterator

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from plein.circles.tests.helpers import circle_with
from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    CommittingClient,
    Personas,
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.members import actions as member_actions
from plein.members.models import Member
from plein.posts import actions as post_actions
from plein.posts.carnivals import notify_host_of_entry, write_roundup
from plein.posts.models import Carnival, CarnivalEntry, Post
from plein.posts.tests.test_carnivals_actions import (
    BLOG_URL,
    days,
    end,
    enter,
    external,
    fake_fetch,
    open_carnival,
)
from plein.posts.tests.test_stories_actions import blog, write

pytestmark = pytest.mark.django_db

LIST = reverse("posts:carnivals")


@pytest.fixture(autouse=True)
def _english(english: None) -> Iterator[None]:
    yield


def url(name: str, carnival: Carnival, **kw: int) -> str:
    return reverse(f"posts:{name}", kwargs={"pk": carnival.pk, **kw})


def form_data(**kw: object) -> dict:
    return {
        "title": "Is sociaal leren te leren?",
        "intro": "Schrijf over wat je leerde.",
        "starts_on": days(0).isoformat(),
        "ends_on": days(28).isoformat(),
        "theme": "",
        **kw,
    }


# --- The list and the page --------------------------------------------------------------


def test_visitors_see_the_list_and_the_page(client, personas):
    running = open_carnival(personas)
    upcoming = open_carnival(personas, title="Wat leerde je van een fout?", starts_on=days(9))
    finished = end(open_carnival(personas, title="Wie helpt de helper?"))
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Running now" in html and "Coming up" in html and "Finished" in html
    assert [c.pk for c in response.context["carnivals"].running] == [running.pk]
    assert [c.pk for c in response.context["carnivals"].upcoming] == [upcoming.pk]
    assert [c.pk for c in response.context["carnivals"].finished] == [finished.pk]
    page = client.get(running.get_absolute_url())
    assert page.status_code == 200
    assert (
        '<h1 class="utrecht-heading-1" id="carnival-title">Is sociaal leren te leren?</h1>'
        in page.content.decode()
    )


def test_the_page_announces_its_webmention_endpoint(client, personas, settings):
    settings.BASE_URL = "https://plein.example"
    carnival = open_carnival(personas)
    response = client.get(carnival.get_absolute_url())
    assert response["Link"] == '<https://plein.example/webmention/>; rel="webmention"'
    assert '<link rel="webmention" href="https://plein.example/webmention/">' in (
        response.content.decode()
    )


def test_a_deleted_carnival_answers_404(client, personas):
    carnival = open_carnival(personas)
    Carnival.objects.filter(pk=carnival.pk).update(deleted_at=timezone.now())
    assert client.get(carnival.get_absolute_url()).status_code == 404


def test_entries_that_are_plein_posts_follow_the_posts_visibility(client, personas):
    carnival = open_carnival(personas)
    post = blog(personas.member, personas.youth_care, title="Mijn blog voor de kermis")
    enter(personas.member, carnival, post)
    external(carnival, status="published")
    # A visitor sees the external entry and a login prompt, not the Plein post.
    html = client.get(carnival.get_absolute_url()).content.decode()
    assert "Leren in de wijk" in html and 'rel="nofollow ugc noopener"' in html
    assert "Mijn blog voor de kermis" not in html and "log in</a> to read them" in html
    client.force_login(personas.other_org_member)
    html = client.get(carnival.get_absolute_url()).content.decode()
    assert "Mijn blog voor de kermis" in html and personas.member.name in html
    # A post hidden by a community manager leaves the page for other members.
    post_actions.hide_post(personas.community_manager, post, reason="Off topic")
    html = client.get(carnival.get_absolute_url()).content.decode()
    assert "Mijn blog voor de kermis" not in html


def test_a_post_moved_into_a_closed_circle_is_not_shown_to_outsiders(client, personas):
    carnival = open_carnival(personas)
    post = blog(personas.member, personas.youth_care, title="Later in de kring")
    enter(personas.member, carnival, post)
    # Entries are refused for circle posts; a post that ends up in a closed circle anyway
    # (an old entry, a data repair) must still follow the circle's rule.
    Post.objects.filter(pk=post.pk).update(circle=circle_with(personas))
    client.force_login(personas.other_org_member)
    assert "Later in de kring" not in client.get(carnival.get_absolute_url()).content.decode()
    client.force_login(personas.colleague)
    assert "Later in de kring" in client.get(carnival.get_absolute_url()).content.decode()


def test_an_anonymous_story_stays_anonymous_on_the_page(client, personas):
    carnival = open_carnival(personas)
    story = write(personas.member, personas.youth_care, title="Wat misging", anonymous=True)
    enter(personas.member, carnival, story)
    client.force_login(personas.community_manager)
    html = client.get(carnival.get_absolute_url()).content.decode()
    assert "Wat misging" in html and "Anonymous member" in html
    assert personas.member.name not in html
    assert personas.member.get_absolute_url() not in html


def test_the_admin_shows_entries_read_only_and_never_names_an_anonymous_author(client, personas):
    carnival = open_carnival(personas)
    story = write(personas.member, personas.youth_care, title="Wat misging", anonymous=True)
    entry = enter(personas.member, carnival, story)
    # Community managers do not use the admin for content; the site's administrator does.
    client.force_login(Member.objects.create_superuser("beheer@example.org", name="Beheer"))
    for path in (
        "/admin/posts/carnival/",
        f"/admin/posts/carnival/{carnival.pk}/change/",
        "/admin/posts/carnivalentry/",
        f"/admin/posts/carnivalentry/{entry.pk}/change/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert personas.member.name not in html and personas.member.email not in html, path
    # Moderation goes through the queue page (counters, mails), not the admin.
    response = client.post(f"/admin/posts/carnivalentry/{entry.pk}/change/", {"status": "rejected"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.status == CarnivalEntry.Status.PUBLISHED


# --- Taking part ------------------------------------------------------------------------


def test_a_member_enters_an_existing_post(client, personas):
    carnival = open_carnival(personas)
    post = blog(personas.member, personas.youth_care)
    client.force_login(personas.member)
    page = client.get(carnival.get_absolute_url()).content.decode()
    assert f'<option value="{post.pk}">' in page
    response = client.post(url("carnival_enter", carnival), {"post": post.pk})
    assert response.status_code == 302
    assert CarnivalEntry.objects.get().post == post


def test_entering_someone_elses_post_is_refused_with_a_message(client, personas):
    carnival = open_carnival(personas)
    post = blog(personas.colleague, personas.youth_care)
    client.force_login(personas.member)
    response = client.post(url("carnival_enter", carnival), {"post": post.pk})
    assert response.status_code == 400
    assert "Choose one of your own blog posts" in response.content.decode()


def test_the_blog_form_for_a_carnival_ends_in_an_entry(client, personas):
    carnival = open_carnival(personas)
    client.force_login(personas.member)
    new = reverse("posts:new_blog") + f"?carnival={carnival.pk}"
    form = client.get(new)
    assert f'name="carnival" value="{carnival.pk}"' in form.content.decode()
    assert carnival.title in form.content.decode()
    assert 'name="circle"' not in form.content.decode()
    assert 'name="circle"' in client.get(reverse("posts:new_blog")).content.decode()
    response = client.post(
        reverse("posts:new_blog"),
        {
            "title": "Leren van de buren",
            "body": "Wat ik zag.",
            "theme": personas.youth_care.slug,
            "carnival": carnival.pk,
            "post": "1",
        },
    )
    post = CarnivalEntry.objects.get().post
    assert response.status_code == 302 and post is not None
    assert post.title == "Leren van de buren"
    post_page = client.get(post.get_absolute_url()).content.decode()
    assert "Part of the blog carnival" in post_page and carnival.title in post_page


def test_registering_an_address_shows_its_check_to_the_submitter(client, personas, monkeypatch):
    fake_fetch(monkeypatch, fail="The page could not be reached.")
    carnival = open_carnival(personas)
    client.force_login(personas.member)
    response = client.post(url("carnival_register", carnival), {"url": BLOG_URL})
    assert response.status_code == 302
    html = client.get(carnival.get_absolute_url()).content.decode()
    assert "could not be checked" in html and "The page could not be reached." in html
    entry = CarnivalEntry.objects.get()
    fake_fetch(monkeypatch)
    client.post(url("carnival_check_again", carnival, entry_pk=entry.pk))
    entry.refresh_from_db()
    assert entry.status == CarnivalEntry.Status.PUBLISHED
    response = client.post(url("carnival_register", carnival), {"url": BLOG_URL})
    assert response.status_code == 400
    html = response.content.decode()
    assert "already registered" in html and BLOG_URL in html


def test_a_bad_address_keeps_what_was_typed(client, personas):
    carnival = open_carnival(personas)
    client.force_login(personas.member)
    response = client.post(url("carnival_register", carnival), {"url": "mijn blog"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "not a web address" in html and 'value="mijn blog"' in html


def test_a_closed_carnival_refuses_entries_with_a_message(client, personas):
    carnival = end(open_carnival(personas), days_ago=10)
    post = blog(personas.member, personas.youth_care)
    client.force_login(personas.member)
    response = client.post(url("carnival_register", carnival), {"url": BLOG_URL})
    assert response.status_code == 400 and "takes no more entries" in response.content.decode()
    response = client.post(url("carnival_enter", carnival), {"post": post.pk})
    assert response.status_code == 400


# --- Opening, editing, the host's pages -------------------------------------------------


def test_a_community_manager_opens_one_through_the_form(client, personas):
    client.force_login(personas.community_manager)
    assert client.get(reverse("posts:new_carnival")).status_code == 200
    response = client.post(reverse("posts:new_carnival"), form_data())
    carnival = Carnival.objects.get()
    assert response["Location"] == carnival.get_absolute_url()


def test_a_member_cannot_open_one(client, personas):
    client.force_login(personas.member)
    response = client.post(reverse("posts:new_carnival"), form_data())
    assert response.status_code == 403
    assert "Only community managers" in response.content.decode()
    assert not Carnival.objects.exists()


def test_a_reversed_period_is_refused_and_the_form_keeps_the_text(client, personas):
    client.force_login(personas.community_manager)
    data = form_data(starts_on=days(10).isoformat(), ends_on=days(2).isoformat())
    response = client.post(reverse("posts:new_carnival"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "comes before the first day" in html and "Schrijf over wat je leerde." in html


def test_the_host_edits_and_deletes(client, personas):
    carnival = open_carnival(personas)
    client.force_login(personas.community_manager)
    response = client.post(
        url("edit_carnival", carnival),
        form_data(
            title="Is sociaal leren leerbaar?",
            starts_on=carnival.starts_on.isoformat(),
            ends_on=days(50).isoformat(),
        ),
    )
    assert response.status_code == 302
    carnival.refresh_from_db()
    assert carnival.ends_on == days(50)
    assert client.get(url("delete_carnival", carnival)).status_code == 200
    client.post(url("delete_carnival", carnival))
    assert client.get(carnival.get_absolute_url()).status_code == 404


def test_a_member_cannot_edit_or_see_the_queue(client, personas):
    carnival = open_carnival(personas)
    client.force_login(personas.member)
    for name in ("edit_carnival", "carnival_queue", "carnival_roundup", "delete_carnival"):
        response = client.get(url(name, carnival))
        assert response.status_code == 403
        assert "Only the host" in response.content.decode()


def test_the_queue_shows_waiting_and_failed_entries(client, personas):
    carnival = open_carnival(personas)
    waiting = external(carnival)
    failed = external(
        carnival, "failed", host="spam.example", failure="The page does not link to it."
    )
    client.force_login(personas.community_manager)
    html = client.get(url("carnival_queue", carnival)).content.decode()
    assert "Leren in de wijk" in html and failed.failure in html
    response = client.post(
        url("carnival_approve", carnival, entry_pk=waiting.pk), {"next": "queue"}
    )
    assert response["Location"] == url("carnival_queue", carnival)
    waiting.refresh_from_db()
    assert waiting.status == CarnivalEntry.Status.PUBLISHED


def test_a_non_host_cannot_approve(client, personas):
    carnival = open_carnival(personas)
    waiting = external(carnival)
    client.force_login(personas.member)
    response = client.post(url("carnival_approve", carnival, entry_pk=waiting.pk))
    assert response.status_code == 403
    assert "Only the host" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == CarnivalEntry.Status.MODERATION


def test_a_roundup_before_the_end_is_refused(client, personas):
    carnival = open_carnival(personas)
    client.force_login(personas.community_manager)
    response = client.post(url("carnival_roundup", carnival), {"text": "Samengevat"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "after the last day" in html and "Samengevat" in html


def test_the_roundup_comes_first_on_the_page(client, personas):
    carnival = end(open_carnival(personas))
    client.force_login(personas.community_manager)
    response = client.post(url("carnival_roundup", carnival), {"text": "Wat we **leerden**."})
    assert response.status_code == 302
    html = client.get(carnival.get_absolute_url()).content.decode()
    assert html.index("<strong>leerden</strong>") < html.index("Schrijf over wat")
    assert "roundup" in client.get(LIST).content.decode()


# --- Query counts -----------------------------------------------------------------------


def _more_entries(personas: Personas, carnival: Carnival, n: int) -> None:
    for i in range(n):
        writer = member_actions.create_member(
            f"kermis{i}@hengelo.example", name=f"Schrijver {i}", organisation=personas.hengelo
        )
        enter(writer, carnival, blog(writer, personas.youth_care, title=f"Blog {i}"))
        external(carnival, "published", host=f"blog{i}.example.nl", title=f"Extern {i}")
        open_carnival(personas, title=f"Vraag {i}")


def test_the_pages_make_a_fixed_number_of_queries(personas, django_assert_num_queries):
    carnival = open_carnival(personas)
    own = blog(personas.member, personas.youth_care)
    enter(personas.member, carnival, own)
    external(carnival, status="published")
    visitor, member, host = CommittingClient(), CommittingClient(), CommittingClient()
    member.force_login(personas.other_org_member)
    host.force_login(personas.community_manager)
    page = carnival.get_absolute_url()
    # Visitor: 1 the carnival, 2 the entries. The list: 1 the carnivals with their hosts.
    # Member: 1 session, 2 member, 3 unread notifications, 4 the carnival, 5 the entries,
    # 6 own entries not on the page, 7 own posts that may still join.
    # Host: the same plus 8-9 the community manager's permissions (is_community_manager).
    # The queue: 1 session, 2 member, 3 the carnival, 4-5 permissions, 6 the waiting and
    # failed entries, 7 unread notifications.
    queue = url("carnival_queue", carnival)
    counts = [
        (visitor, page, 2),
        (visitor, LIST, 1),
        (member, page, 7),
        (host, page, 9),
        (host, queue, 7),
    ]
    for client, path, count in counts:
        client.get(path)
        with django_assert_num_queries(count):
            assert client.get(path).status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        _more_entries(personas, carnival, 15)
    for i in range(15):
        external(carnival, host=f"wacht{i}.example.nl")
    for client, path, count in counts:
        with django_assert_num_queries(count):
            client.get(path)
    assert len(visitor.get(LIST).context["carnivals"].running) == 16


def test_more_than_a_page_of_entries_has_a_more_link(client, personas, settings):
    carnival = open_carnival(personas)
    for i in range(101):
        external(carnival, "published", host=f"blog{i}.example.nl", title=f"Extern {i}")
    response = client.get(carnival.get_absolute_url())
    page = response.context["page"]
    assert len(page.items) == 100 and page.next_cursor
    rest = client.get(carnival.get_absolute_url() + f"?after={page.next_cursor}")
    assert [e.title for e in rest.context["page"].items] == ["Extern 100"]
    assert client.get(carnival.get_absolute_url() + "?after=%00bad").status_code == 200


# --- Links into carnivals, search, notifications ----------------------------------------


def test_running_carnivals_show_on_the_blog_list_and_the_theme_page(client, personas):
    carnival = open_carnival(personas, theme=personas.youth_care)
    open_carnival(personas, title="Nog niet begonnen", starts_on=days(5), theme=personas.youth_care)
    theme_page = client.get(personas.youth_care.get_absolute_url()).content.decode()
    assert carnival.title in theme_page and "Nog niet begonnen" not in theme_page
    assert carnival.title not in client.get(personas.prevention.get_absolute_url()).content.decode()
    client.force_login(personas.member)
    assert carnival.title in client.get(reverse("posts:blogs")).content.decode()
    assert carnival.title in client.get(reverse("posts:stories")).content.decode()


def test_members_find_a_carnival_in_search(client, personas):
    carnival = open_carnival(personas, intro="Over **intervisie** tussen gemeenten.")
    client.force_login(personas.member)
    response = client.get(reverse("search:results"), {"q": "intervisie"})
    html = response.content.decode()
    assert carnival.get_absolute_url() in html and "Blog carnival" in html
    assert "Blog carnivals <span" in html  # the tab
    assert response.context["page"].counts.by_kind.get("carnival") == 1


def test_the_host_and_the_participants_read_their_notifications(client, personas):
    carnival = open_carnival(personas)
    enter(personas.member, carnival, blog(personas.member, personas.youth_care))
    external(carnival)
    notify_host_of_entry(CarnivalEntry.objects.get(status="moderation"))
    client.force_login(personas.community_manager)
    response = client.get(reverse("notify:list"))
    assert "A new entry for your blog carnival" in response.content.decode()
    # Entries wait in the queue: the notification opens it.
    assert [e.url for e in response.context["page"].items] == [url("carnival_queue", carnival)] * 2
    end(carnival)
    with TestCase.captureOnCommitCallbacks(execute=True):
        write_roundup(personas.community_manager, carnival, text="Wat we leerden.")
    client.force_login(personas.member)
    roundup_mail = mail.outbox[-1]
    assert roundup_mail.to == [personas.member.email]
    assert "The roundup of the blog carnival" in str(roundup_mail.body)
    response = client.get(reverse("notify:list"))
    assert "The roundup of the blog carnival" in response.content.decode()
    assert [e.url for e in response.context["page"].items] == [carnival.get_absolute_url()]


def test_a_blog_post_for_a_carnival_that_closed_can_still_be_published(client, personas):
    carnival = open_carnival(personas)
    client.force_login(personas.member)
    end(carnival, days_ago=10)
    data = {
        "title": "Te laat",
        "body": "Toch de moeite waard.",
        "theme": personas.youth_care.slug,
        "carnival": carnival.pk,
        "post": "1",
    }
    response = client.post(reverse("posts:new_blog"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "takes no more entries" in html and "Toch de moeite waard." in html
    assert 'name="carnival"' in html and f'name="carnival" value="{carnival.pk}"' not in html
    assert not Post.objects.exists()
    response = client.post(reverse("posts:new_blog"), {**data, "carnival": ""})
    assert response.status_code == 302 and Post.objects.get().title == "Te laat"
    assert not CarnivalEntry.objects.exists()


def test_the_story_form_for_a_carnival_ends_in_an_anonymous_entry(client, personas):
    carnival = open_carnival(personas)
    client.force_login(personas.member)
    form = client.get(reverse("posts:new_story") + f"?carnival={carnival.pk}").content.decode()
    assert f'name="carnival" value="{carnival.pk}"' in form and 'name="circle"' not in form
    response = client.post(
        reverse("posts:new_story"),
        {
            "title": "Wat misging",
            "learned": "Vraag eerder om hulp.",
            "theme": personas.youth_care.slug,
            "anonymous": "on",
            "carnival": carnival.pk,
        },
    )
    assert response.status_code == 302
    story = Post.objects.get(kind="story")
    assert story.is_anonymous and CarnivalEntry.objects.get().post == story
    client.force_login(personas.colleague)
    html = client.get(carnival.get_absolute_url()).content.decode()
    assert "Wat misging" in html and personas.member.name not in html


def test_an_upcoming_carnival_says_when_it_starts_and_takes_no_entries_yet(client, personas):
    carnival = open_carnival(personas, starts_on=days(7), ends_on=days(30))
    client.force_login(personas.member)
    html = client.get(carnival.get_absolute_url()).content.decode()
    assert "starts " in html and "has not started yet" in html
    assert 'id="take-part"' not in html


def test_the_submitter_takes_their_entry_out_and_others_cannot(client, personas):
    carnival = open_carnival(personas)
    entry = enter(personas.member, carnival, blog(personas.member, personas.youth_care))
    withdraw = url("carnival_withdraw", carnival, entry_pk=entry.pk)
    client.force_login(personas.colleague)
    response = client.post(withdraw)
    assert response.status_code == 403 and "Only whoever entered this" in response.content.decode()
    client.force_login(personas.member)
    assert client.post(withdraw).status_code == 302
    assert not CarnivalEntry.objects.exists()
    assert client.post(withdraw).status_code == 404


def test_the_host_rejects_from_the_queue(client, personas):
    carnival = open_carnival(personas)
    waiting = external(carnival)
    client.force_login(personas.community_manager)
    response = client.post(url("carnival_reject", carnival, entry_pk=waiting.pk), {"next": "queue"})
    assert response["Location"] == url("carnival_queue", carnival)
    waiting.refresh_from_db()
    assert waiting.status == CarnivalEntry.Status.REJECTED
    response = client.post(url("carnival_reject", carnival, entry_pk=waiting.pk))
    assert response.status_code == 400 and "not waiting for approval" in response.content.decode()


def test_a_notification_about_a_deleted_carnival_is_no_longer_available(client, personas):
    carnival = open_carnival(personas)
    notify_host_of_entry(external(carnival))
    Carnival.objects.filter(pk=carnival.pk).update(deleted_at=timezone.now())
    client.force_login(personas.community_manager)
    response = client.get(reverse("notify:list"))
    assert "no longer available" in response.content.decode()
    assert [e.url for e in response.context["page"].items] == [""]
