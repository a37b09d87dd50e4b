import pytest
from django.db import connection
from django.test import TestCase

from plein.core.testing import Personas
from plein.posts import actions
from plein.search.index import index_post, schedule_post_index
from plein.search.models import SearchDocument
from plein.search.tests.conftest import Answer, Ask

pytestmark = pytest.mark.django_db


POST_KINDS = ("question", "answer", "comment")


def full_text_rows(kinds: tuple[str, ...] = POST_KINDS) -> list[tuple[object, ...]]:
    """What the index holds for these kinds: the documents and the database's own
    full-text data."""
    ids = list(SearchDocument.objects.filter(kind__in=kinds).values_list("pk", flat=True))
    if not ids:
        return []
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT * FROM search_searchdocument WHERE id IN ({placeholders})", ids)  # noqa: S608
            rows = cursor.fetchall()
            cursor.execute(
                f"SELECT rowid, * FROM search_document_fts WHERE rowid IN ({placeholders})",  # noqa: S608
                ids,
            )
            return rows + cursor.fetchall()
        cursor.execute(
            f"SELECT *, search_vector::text FROM search_searchdocument WHERE id IN ({placeholders})",  # noqa: S608
            ids,
        )
        return cursor.fetchall()


def test_asking_indexes_the_question_after_commit(personas: Personas, ask: Ask) -> None:
    post = ask("Wachtlijst jeugdzorg aanpakken", "Wat werkt bij jullie?")

    document = SearchDocument.objects.get(kind="question", object_id=post.pk)
    assert (document.title, document.body) == (post.title, f"{post.body}\n\nJeugdzorg")
    assert (document.theme_id, document.organisation_id, document.answered) == (
        personas.youth_care.pk,
        personas.hengelo.pk,
        False,
    )
    assert not document.is_hidden


def test_nothing_is_indexed_before_the_transaction_commits(personas: Personas) -> None:
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        post = actions.ask_question(
            personas.member, theme=personas.youth_care, title="Wachtlijst", body=""
        )
        assert not SearchDocument.objects.filter(kind__in=POST_KINDS).exists()
    assert callbacks
    for callback in callbacks:
        callback()
    assert SearchDocument.objects.filter(kind="question", object_id=post.pk).exists()


def test_the_anonymous_author_is_nowhere_in_the_index(
    personas: Personas, ask: Ask, answer: Answer
) -> None:
    author = personas.member
    post = ask("Zorgen over mijn eigen kind", "Ik werk zelf in de jeugdzorg.", anonymous=True)
    answer(post, "Wat goed dat je het vraagt.")
    answer(post, "Dank jullie wel.", author=author)  # the anonymous asker replies

    rows = full_text_rows()
    # The question and two answers: documents, and on SQLite the FTS rows beside them.
    assert len(rows) == (6 if connection.vendor == "sqlite" else 3)
    # Not even the organisation: "anonymous from Hengelo" narrows it down too much.
    assert set(
        SearchDocument.objects.filter(kind="question").values_list("organisation", flat=True)
    ) == {None}
    values = " ".join(str(value) for row in rows for value in row).lower()
    for secret in ("fatima", "amrani", author.email.lower(), "hengelo"):
        assert secret not in values
    field_names = {field.name for field in SearchDocument._meta.get_fields()}
    assert not field_names & {"author", "author_id", "member", "is_anonymous"}


def test_editing_replaces_the_text(personas: Personas, ask: Ask) -> None:
    post = ask("Wachtlijst jeugdzorg")
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.edit_question(
            personas.member,
            post,
            title="Mantelzorg in de wijk",
            body="",
            theme=personas.prevention,
            confirmed_privacy=True,
        )

    document = SearchDocument.objects.get(kind="question", object_id=post.pk)
    assert (document.title, document.theme_id) == ("Mantelzorg in de wijk", personas.prevention.pk)
    assert SearchDocument.objects.filter(kind="question").count() == 1


def test_answers_mark_the_question_answered_and_deleted_ones_leave(
    personas: Personas, ask: Ask, answer: Answer
) -> None:
    post = ask("Wachtlijst jeugdzorg")
    reply = answer(post, "Bel het wijkteam.")
    document = SearchDocument.objects.get(kind="question", object_id=post.pk)
    assert document.answered
    assert "wijkteam" in document.body

    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.delete_reply(personas.colleague, reply)

    document = SearchDocument.objects.get(kind="question", object_id=post.pk)
    assert not document.answered
    assert "wijkteam" not in document.body


def test_hidden_answers_are_left_out(personas: Personas, ask: Ask, answer: Answer) -> None:
    post = ask("Wachtlijst jeugdzorg")
    reply = answer(post, "Een antwoord met iets ongepasts.")
    type(reply).objects.filter(pk=reply.pk).update(hidden_at=reply.created_at)

    index_post(post.pk)

    assert "ongepast" not in SearchDocument.objects.get(kind="question", object_id=post.pk).body


def test_deleting_removes_the_document(personas: Personas, ask: Ask) -> None:
    post = ask("Wachtlijst jeugdzorg")
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.delete_question(personas.member, post)

    assert full_text_rows() == []


def test_an_unknown_post_is_no_error() -> None:
    schedule_post_index(123456)  # outside a transaction: runs at once
    assert not SearchDocument.objects.filter(kind__in=POST_KINDS).exists()
