"""The question page: answers in a sensible order, comments, bounded queries."""

import pytest
from django.urls import reverse

from plein.posts.models import Post
from plein.posts.tests.helpers import answer, ask, comment, helped

pytestmark = pytest.mark.django_db


def test_answers_come_helped_first_then_most_helped_then_newest(client, personas):
    post = ask(personas.member, personas.youth_care)
    first = answer(personas.colleague, post, "Eerste antwoord")
    second = answer(personas.other_org_member, post, "Tweede antwoord")
    third = answer(personas.community_manager, post, "Derde antwoord")
    helped(personas.other_org_member, first, minutes=10)  # helped me too
    helped(personas.member, third, minutes=120)  # the asker
    client.force_login(personas.colleague)
    html = client.get(post.get_absolute_url()).content.decode()
    assert (
        html.index("Derde antwoord") < html.index("Eerste antwoord") < html.index("Tweede antwoord")
    )
    assert second.pk


def test_visitors_are_sent_to_log_in_and_come_back(client, personas):
    post = ask(personas.member, personas.youth_care)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 302
    assert f"next={post.get_absolute_url()}" in response["Location"]


def test_an_unknown_or_deleted_question_is_a_404(client, personas):
    client.force_login(personas.member)
    assert client.get("/questions/999999/").status_code == 404
    post = ask(personas.colleague, personas.youth_care)
    Post.objects.filter(pk=post.pk).update(deleted_at=post.created_at)
    assert client.get(post.get_absolute_url()).status_code == 404


def test_queries_are_pinned_and_do_not_grow_with_answers_comments_or_helped(
    client, personas, django_assert_num_queries
):
    post = ask(personas.member, personas.youth_care)
    first = answer(personas.colleague, post)
    comment(personas.member, first)
    client.force_login(personas.other_org_member)
    client.get(post.get_absolute_url())
    # 1 session, 2 member, 3 question (theme, author), 4 answers, 5 comments,
    # 6 viewer's helped marks, 7 who could help, 8 unread notifications
    with django_assert_num_queries(8):
        client.get(post.get_absolute_url())
    for number in range(8):
        reply = answer(
            personas.community_manager if number % 2 else personas.colleague,
            post,
            f"Antwoord {number}",
        )
        comment(personas.member, reply, f"Reactie {number}")
        comment(personas.colleague, reply, f"Nog een reactie {number}")
        helped(personas.member, reply, minutes=5)
    with django_assert_num_queries(8):
        response = client.get(post.get_absolute_url())
    assert "Antwoord 7" in response.content.decode()


def test_the_question_list_pins_its_queries(client, personas, django_assert_num_queries):
    for number in range(3):
        ask(personas.member, personas.youth_care, title=f"Vraag nummer {number}")
    client.force_login(personas.other_org_member)
    client.get(reverse("posts:questions"))
    # 1 session, 2 member, 3 questions page, 4 waiting for you, 5 theme options,
    # 6 unread notifications
    with django_assert_num_queries(6):
        client.get(reverse("posts:questions"))
    for number in range(25):
        ask(personas.colleague, personas.prevention, title=f"Andere vraag {number}")
    with django_assert_num_queries(6):
        response = client.get(reverse("posts:questions"))
    page = response.context["page"]
    assert len(page.items) == 20 and page.next_cursor
    rest = client.get(reverse("posts:questions"), {"after": page.next_cursor}).context["page"]
    assert len(rest.items) == 8 and not rest.next_cursor
    assert not {p.pk for p in page.items} & {p.pk for p in rest.items}


def test_my_questions_pins_its_queries(client, personas, django_assert_num_queries):
    ask(personas.member, personas.youth_care, title="Mijn eerste vraag", anonymous=True)
    client.force_login(personas.member)
    client.get(reverse("posts:mine"))
    # 1 session, 2 member, 3 my questions, 4 unread notifications
    with django_assert_num_queries(4):
        client.get(reverse("posts:mine"))
    for number in range(25):
        ask(personas.member, personas.prevention, title=f"Nog een vraag {number}")
    with django_assert_num_queries(4):
        response = client.get(reverse("posts:mine"))
    assert len(response.context["page"].items) == 20
