"""Answering, commenting, editing with history, deleting."""

import pytest
from django.urls import reverse

from plein.posts.models import Post, Reply, Revision
from plein.posts.tests.helpers import answer, ask

pytestmark = pytest.mark.django_db


def test_a_member_answers_and_lands_on_their_answer(client, personas):
    post = ask(personas.member, personas.youth_care)
    client.force_login(personas.colleague)
    response = client.post(
        reverse("posts:answer", kwargs={"pk": post.pk}), {"body": "Probeer X.", "submit_key": "a1"}
    )
    reply = Reply.objects.get()
    assert response["Location"] == reply.get_absolute_url()
    post.refresh_from_db()
    assert post.answer_count == 1


def test_an_empty_answer_keeps_the_page_and_says_why(client, personas):
    post = ask(personas.member, personas.youth_care)
    client.force_login(personas.colleague)
    response = client.post(reverse("posts:answer", kwargs={"pk": post.pk}), {"body": "   "})
    assert response.status_code == 400
    assert Reply.objects.count() == 0


def test_a_double_submitted_answer_is_posted_once(client, personas):
    post = ask(personas.member, personas.youth_care)
    client.force_login(personas.colleague)
    for _ in range(2):
        client.post(
            reverse("posts:answer", kwargs={"pk": post.pk}),
            {"body": "Eén keer.", "submit_key": "k"},
        )
    assert Reply.objects.count() == 1


def test_the_anonymous_asker_replies_as_the_asker(client, personas):
    post = ask(personas.member, personas.youth_care, anonymous=True)
    reply = answer(personas.colleague, post)
    client.force_login(personas.member)
    client.post(
        reverse("posts:comment", kwargs={"pk": reply.pk}), {"body": "Dank, hoe lang duurde dat?"}
    )
    comment = Reply.objects.get(parent=reply)
    assert comment.is_anonymous
    client.force_login(personas.colleague)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "The asker" in html or "De vrager" in html
    assert "Fatima" not in html


def test_a_closed_question_takes_no_answers(client, personas):
    post = ask(personas.member, personas.youth_care)
    client.force_login(personas.member)
    client.post(reverse("posts:close_question", kwargs={"pk": post.pk}))
    client.force_login(personas.colleague)
    response = client.post(reverse("posts:answer", kwargs={"pk": post.pk}), {"body": "Te laat"})
    assert response.status_code == 400
    assert Reply.objects.count() == 0


def test_editing_keeps_the_earlier_version(client, personas):
    post = ask(personas.member, personas.youth_care, title="Eerste titel")
    client.force_login(personas.member)
    client.post(
        reverse("posts:edit_question", kwargs={"pk": post.pk}),
        {"title": "Betere titel", "body": "Nieuwe tekst", "theme": "preventie"},
    )
    post.refresh_from_db()
    assert post.title == "Betere titel" and post.theme == personas.prevention and post.edited_at
    assert Revision.objects.get(post=post).title == "Eerste titel"


def test_only_the_author_edits_or_deletes(client, personas):
    post = ask(personas.member, personas.youth_care)
    client.force_login(personas.colleague)
    assert client.get(reverse("posts:edit_question", kwargs={"pk": post.pk})).status_code == 403
    assert client.post(reverse("posts:delete_question", kwargs={"pk": post.pk})).status_code == 403
    assert not Post.objects.get().deleted_at


def test_the_author_deletes_their_question(client, personas):
    post = ask(personas.member, personas.youth_care)
    client.force_login(personas.member)
    client.post(reverse("posts:delete_question", kwargs={"pk": post.pk}))
    assert client.get(post.get_absolute_url()).status_code == 404


def test_deleting_an_answer_updates_the_count(client, personas):
    post = ask(personas.member, personas.youth_care)
    reply = answer(personas.colleague, post)
    client.force_login(personas.colleague)
    client.post(reverse("posts:delete_reply", kwargs={"pk": reply.pk}))
    post.refresh_from_db()
    assert post.answer_count == 0


def test_the_askers_own_reply_does_not_count_as_an_answer(personas):
    post = ask(personas.member, personas.youth_care)
    answer(personas.member, post, "Aanvulling: het gaat om 12-18 jaar.")
    post.refresh_from_db()
    assert post.answer_count == 0
