"""/notifications/: newest first, unread marked, keyset pages, pinned queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plein.notify.models import Notification
from plein.notify.tests.helpers import answer, question

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Kind = Notification.Kind


def add_answers(personas, count: int, title: str = "Wachtlijst jeugdzorg") -> list[Notification]:
    post = question(personas.member, personas.youth_care, title=title)
    notifications = []
    for number in range(count):
        reply = answer(post, personas.colleague, f"Antwoord nummer {number}")
        notifications.append(
            Notification.objects.create(
                recipient=personas.member, kind=Kind.ANSWER, post=post, reply=reply
            )
        )
    return notifications


def test_it_requires_login(client, db):
    response = client.get(reverse("notify:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:login"))


def test_it_lists_newest_first_marks_unread_and_links_through(client, personas):
    older, newer = add_answers(personas, 2)
    Notification.objects.filter(pk=older.pk).update(read_at=timezone.now())
    client.force_login(personas.member)
    html = client.get(reverse("notify:list")).content.decode()
    assert html.index("Antwoord nummer 1") < html.index("Antwoord nummer 0")
    assert "Joost Bakker answered your question" in html
    assert reverse("notify:open", args=[newer.pk]) in html
    assert html.count("plein-notification--unread") == 1
    assert reverse("notify:mark_all_read") in html


def test_opening_the_list_marks_nothing_read(client, personas):
    add_answers(personas, 2)
    client.force_login(personas.member)
    client.get(reverse("notify:list"))
    assert Notification.objects.filter(read_at__isnull=True).count() == 2


def test_it_shows_only_the_members_own_notifications(client, personas):
    add_answers(personas, 1)
    client.force_login(personas.colleague)
    html = client.get(reverse("notify:list")).content.decode()
    assert "Antwoord nummer 0" not in html
    assert reverse("notify:mark_all_read") not in html  # nothing unread


def test_what_is_no_longer_available_says_so_without_title_or_link(client, personas):
    [notification] = add_answers(personas, 1, title="Geheime titel")
    assert notification.post is not None
    notification.post.deleted_at = timezone.now()
    notification.post.save(update_fields=["deleted_at"])
    client.force_login(personas.member)
    html = client.get(reverse("notify:list")).content.decode()
    assert "no longer available" in html
    assert "Geheime titel" not in html and "Antwoord nummer 0" not in html
    assert reverse("notify:open", args=[notification.pk]) not in html


def test_a_hidden_answer_is_no_longer_shown_to_the_asker(client, personas):
    [notification] = add_answers(personas, 1)
    assert notification.reply is not None
    notification.reply.hidden_at = timezone.now()
    notification.reply.save(update_fields=["hidden_at"])
    client.force_login(personas.member)
    html = client.get(reverse("notify:list")).content.decode()
    assert "Antwoord nummer 0" not in html and "no longer available" in html


def test_pages_follow_each_other_without_gaps_or_repeats(client, personas):
    created = add_answers(personas, 45)
    client.force_login(personas.member)
    seen: list[int] = []
    params: dict[str, str] = {}
    while True:
        page = client.get(reverse("notify:list"), params).context["page"]
        seen += [entry.pk for entry in page.items]
        if not page.next_cursor:
            break
        params["after"] = page.next_cursor
    assert seen == [notification.pk for notification in reversed(created)]


def test_a_tampered_cursor_shows_the_first_page(client, personas):
    add_answers(personas, 1)
    client.force_login(personas.member)
    response = client.get(reverse("notify:list"), {"after": "!!not base64"})
    assert response.status_code == 200 and "Antwoord nummer 0" in response.content.decode()


def queries_for(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("notify:list"))
    assert response.status_code == 200
    return len(queries)


def test_the_number_of_queries_is_pinned_and_does_not_grow(
    client, personas, django_assert_num_queries
):
    add_answers(personas, 3)
    client.force_login(personas.member)
    client.get(reverse("notify:list"))  # the first request notes last_seen
    # 1 session, 2 member, 3 the page (posts, replies, their authors, visibility),
    # 4 the unread count (also for the header)
    with django_assert_num_queries(4):
        client.get(reverse("notify:list"))
    add_answers(personas, 40, title="Nog een vraag")
    assert queries_for(client) == 4
