"""`migrate` rebuilds the search index when the document builders are newer than it
(plein.search.documents.INDEX_VERSION), and leaves a current one alone."""

import pytest
from django.core.management.sql import emit_post_migrate_signal

from plein.core.testing import Personas
from plein.posts.models import Post
from plein.search.documents import INDEX_VERSION
from plein.search.index import ensure_current
from plein.search.models import IndexVersion, SearchDocument
from plein.search.queries import search_page
from plein.search.tests.conftest import Ask

pytestmark = pytest.mark.django_db


def drift(personas: Personas, ask: Ask) -> tuple[Post, Post]:
    """An index out of step with the posts, as one made by older builders would be: a
    question without a document, and one whose document says something else."""
    missing = ask("Mantelzorg in de wijk")
    changed = ask("Wachtlijst aanpakken")
    SearchDocument.objects.filter(kind="question", object_id=missing.pk).delete()
    Post.objects.filter(pk=changed.pk).update(title="Respijtzorg regelen")
    return missing, changed


def found(personas: Personas, text: str) -> list[object]:
    page = search_page(personas.colleague, text, kind="question")
    return [result.object for result in page.results]


def test_an_index_made_by_older_builders_is_rebuilt(personas: Personas, ask: Ask) -> None:
    missing, changed = drift(personas, ask)
    IndexVersion.objects.update_or_create(pk=1, defaults={"version": INDEX_VERSION - 1})

    ensure_current()

    assert IndexVersion.objects.get(pk=1).version == INDEX_VERSION
    assert found(personas, "mantelzorg") == [missing]
    assert found(personas, "respijtzorg") == [changed]
    assert found(personas, "wachtlijst aanpakken") == []


def test_a_database_that_never_had_an_index_gets_one(personas: Personas, ask: Ask) -> None:
    missing, _changed = drift(personas, ask)
    IndexVersion.objects.all().delete()

    ensure_current()

    assert IndexVersion.objects.get(pk=1).version == INDEX_VERSION
    assert found(personas, "mantelzorg") == [missing]


def test_a_current_index_is_left_alone(
    personas: Personas, ask: Ask, django_assert_num_queries
) -> None:
    drift(personas, ask)
    IndexVersion.objects.update_or_create(pk=1, defaults={"version": INDEX_VERSION})

    with django_assert_num_queries(1):  # reading the version
        ensure_current()

    assert found(personas, "mantelzorg") == []


def test_migrate_checks_the_index_version(personas: Personas, ask: Ask) -> None:
    missing, _changed = drift(personas, ask)
    IndexVersion.objects.update_or_create(pk=1, defaults={"version": INDEX_VERSION - 1})

    # What `migrate` sends when it is done, to every app.
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert IndexVersion.objects.get(pk=1).version == INDEX_VERSION
    assert found(personas, "mantelzorg") == [missing]
