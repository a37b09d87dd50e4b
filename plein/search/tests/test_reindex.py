from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase

from plein.core.testing import Personas
from plein.posts import actions
from plein.posts.models import Post
from plein.search.index import index_post
from plein.search.models import SearchDocument
from plein.search.queries import similar_questions
from plein.search.tests.conftest import Ask

pytestmark = pytest.mark.django_db


def test_reindex_rebuilds_the_whole_index(personas: Personas, ask: Ask) -> None:
    posts = [ask(f"Wachtlijst jeugdzorg {n}") for n in range(7)]
    deleted = posts.pop()
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.delete_question(personas.member, deleted)
    # The index drifted: a document lost, one changed behind its back, one for a post
    # deleted without reindexing, and one for a post that never existed.
    questions = SearchDocument.objects.filter(kind="question")
    questions.filter(object_id=posts[0].pk).delete()
    Post.objects.filter(pk=posts[1].pk).update(title="Mantelzorg in de wijk")
    Post.objects.filter(pk=posts[2].pk).update(deleted_at=posts[2].created_at)
    index_post(posts[3].pk)
    questions.filter(object_id=posts[3].pk).update(object_id=999_999)

    out = StringIO()
    call_command("reindex", batch_size=2, stdout=out)

    # 7 posts, 4 members, 2 organisations' worth of nobody, 2 themes.
    assert "Search index rebuilt: 13 objects" in out.getvalue()
    expected = {posts[0].pk, posts[1].pk, posts[3].pk, posts[4].pk, posts[5].pk}
    assert set(questions.values_list("object_id", flat=True)) == expected
    found = similar_questions(personas.colleague, "wachtlijst", limit=10)
    assert {post.pk for post in found} == expected - {posts[1].pk}
    assert similar_questions(personas.colleague, "mantelzorg") == [posts[1]]


def test_reindex_of_an_empty_site_empties_the_index(personas: Personas, ask: Ask) -> None:
    post = ask("Wachtlijst jeugdzorg")
    Post.objects.filter(pk=post.pk).update(deleted_at=post.created_at)

    call_command("reindex", verbosity=0)

    assert not SearchDocument.objects.filter(kind="question").exists()
