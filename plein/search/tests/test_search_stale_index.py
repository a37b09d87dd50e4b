"""The second layer: results are read back through visible_to after the index query, for
the moment the index lags behind a change. Each test changes visibility with a bare
.update() or delete (no action, so nothing is reindexed), shows that the index still
returns the thing to the searcher, and that the page and the suggestions do not."""

from unittest import mock

import pytest
from django.test import Client, TestCase
from django.utils import timezone

from plein.circles.models import Circle, Membership
from plein.core.testing import Personas
from plein.members.models import Member
from plein.posts import actions as posts
from plein.posts.models import Post, Reply
from plein.search import queries
from plein.search.backends import Filters, get_backend
from plein.search.models import SearchDocument
from plein.search.queries import audience_of, search_page, similar_questions
from plein.search.tests.helpers import found, indexed_personas, search
from plein.search.tests.test_search_circles import start
from plein.search.text import parse_query

pytestmark = pytest.mark.django_db

Kind = SearchDocument.Kind


@pytest.fixture
def personas(db: None) -> Personas:
    return indexed_personas()


def ask(personas: Personas, title: str, *, circle: Circle | None = None) -> Post:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return posts.ask_question(
            personas.member,
            theme=personas.prevention,
            title=title,
            body="Hoe pakken jullie de signalering aan?",
            circle=circle,
            confirmed_privacy=True,
        )


def answer(personas: Personas, post: Post, body: str) -> Reply:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return posts.answer_question(personas.colleague, post, body=body, confirmed_privacy=True)


def index_returns(viewer: Member, text: str) -> set[tuple[str, int]]:
    """What the index itself finds for `viewer`, with its rights as the index knows them:
    the first layer, before visible_to."""
    audience = queries.audience_of(viewer)  # looked up when called: tests may patch it
    assert audience is not None
    hits = get_backend().search(parse_query(text), Filters(), audience, limit=50)
    return {(hit.kind, hit.object_id) for hit in hits}


def results(viewer: Member, text: str) -> set[tuple[str, int]]:
    return {(r.kind, r.object.pk) for r in search_page(viewer, text).results}


def stale(kind: str, object_id: int) -> SearchDocument:
    """The index row, still there and still as it was written."""
    return SearchDocument.objects.get(kind=kind, object_id=object_id)


def page_for(member: Member, text: str) -> list[tuple[str, str]]:
    client = Client()
    client.force_login(member)
    return found(search(client, text))


def test_a_post_hidden_without_reindexing_is_not_shown(personas: Personas) -> None:
    post = ask(personas, "Zwanenburgproject evalueren")
    reply = answer(personas, post, "Het zwanenburgproject liep goed.")
    reader = personas.other_org_member
    assert results(reader, "zwanenburgproject") == {("question", post.pk), ("answer", reply.pk)}

    Post.objects.filter(pk=post.pk).update(hidden_at=timezone.now())

    assert stale(Kind.QUESTION, post.pk).is_hidden is False
    assert index_returns(reader, "zwanenburgproject") == {
        ("question", post.pk),
        ("answer", reply.pk),
    }
    assert results(reader, "zwanenburgproject") == set()
    assert page_for(reader, "zwanenburgproject") == []
    assert similar_questions(reader, "zwanenburgproject evalueren") == []
    # The community manager, who moderates, still finds it.
    assert ("question", post.pk) in results(personas.community_manager, "zwanenburgproject")


def test_a_post_deleted_without_reindexing_is_not_shown(personas: Personas) -> None:
    post = ask(personas, "Zwanenburgproject evalueren")

    Post.objects.filter(pk=post.pk).update(deleted_at=timezone.now())

    assert stale(Kind.QUESTION, post.pk)
    for viewer in (personas.colleague, personas.community_manager):
        assert ("question", post.pk) in index_returns(viewer, "zwanenburgproject")
        assert results(viewer, "zwanenburgproject") == set()
        assert similar_questions(viewer, "zwanenburgproject evalueren") == []


def test_content_of_a_circle_closed_without_reindexing_is_not_shown_to_outsiders(
    personas: Personas,
) -> None:
    circle = start(personas, "open")
    post = ask(personas, "Kwetsbare signalen op de basisschool", circle=circle)
    outsider = personas.other_org_member
    assert results(outsider, "kwetsbare signalen") == {("question", post.pk)}

    Circle.objects.filter(pk=circle.pk).update(access=Circle.Access.CLOSED)

    assert stale(Kind.QUESTION, post.pk).circle_only is False
    assert ("question", post.pk) in index_returns(outsider, "kwetsbare signalen")
    assert results(outsider, "kwetsbare signalen") == set()
    assert page_for(outsider, "kwetsbare signalen") == []
    assert similar_questions(outsider, "kwetsbare signalen") == []
    # Its members still find it.
    assert results(personas.colleague, "kwetsbare signalen") == {("question", post.pk)}


def test_a_circle_made_secret_without_reindexing_is_not_shown_to_outsiders(
    personas: Personas,
) -> None:
    circle = start(personas, "closed", name="Besloten intervisiekring")
    outsider = personas.other_org_member
    assert results(outsider, "intervisiekring") == {("circle", circle.pk)}

    Circle.objects.filter(pk=circle.pk).update(access=Circle.Access.SECRET)

    assert ("circle", circle.pk) in index_returns(outsider, "intervisiekring")
    assert results(outsider, "intervisiekring") == set()
    assert results(personas.colleague, "intervisiekring") == {("circle", circle.pk)}


def test_a_post_moved_into_a_closed_circle_without_reindexing_is_not_shown_to_outsiders(
    personas: Personas,
) -> None:
    circle = start(personas, "closed")
    post = ask(personas, "Kwetsbare signalen op de basisschool")
    outsider = personas.other_org_member

    Post.objects.filter(pk=post.pk).update(circle=circle)

    assert stale(Kind.QUESTION, post.pk).circle_id is None
    assert ("question", post.pk) in index_returns(outsider, "kwetsbare signalen")
    assert results(outsider, "kwetsbare signalen") == set()
    assert similar_questions(outsider, "kwetsbare signalen") == []
    assert results(personas.colleague, "kwetsbare signalen") == {("question", post.pk)}


def test_a_member_removed_from_a_closed_circle_no_longer_finds_its_content(
    personas: Personas,
) -> None:
    circle = start(personas, "closed")
    post = ask(personas, "Kwetsbare signalen op de basisschool", circle=circle)
    reader = personas.colleague
    assert results(reader, "kwetsbare signalen") == {("question", post.pk)}
    # The rights the index was asked with, a moment before the removal.
    audience_before = audience_of(reader)
    indexed_at = stale(Kind.QUESTION, post.pk).indexed_at

    Membership.objects.filter(circle=circle, member=reader).delete()

    assert stale(Kind.QUESTION, post.pk).indexed_at == indexed_at
    # On the next search the searcher's circles are read afresh (the first layer) ...
    assert results(reader, "kwetsbare signalen") == set()
    # ... and when the removal lands between the index query and loading the results,
    # the second layer still keeps the question out.
    with mock.patch.object(queries, "audience_of", return_value=audience_before):
        assert ("question", post.pk) in index_returns(reader, "kwetsbare signalen")
        assert results(reader, "kwetsbare signalen") == set()
        assert similar_questions(reader, "kwetsbare signalen") == []


def test_a_member_suspended_without_reindexing_is_not_shown_in_the_results(
    personas: Personas,
) -> None:
    member = personas.other_org_member
    name = member.name.split()[-1]
    assert ("member", member.pk) in results(personas.colleague, name)

    Member.objects.filter(pk=member.pk).update(is_active=False)

    assert stale(Kind.MEMBER, member.pk)
    assert ("member", member.pk) in index_returns(personas.colleague, name)
    assert ("member", member.pk) not in results(personas.colleague, name)
