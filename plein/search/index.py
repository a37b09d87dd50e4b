"""Keeping the search index in step with what it finds. Actions call schedule_index (or
schedule_post_index) after every change that alters what a search may find or how it
ranks; `plein reindex` rebuilds everything, and `migrate` does so when the document
builders changed (plein.search.documents.INDEX_VERSION)."""

from collections.abc import Iterator
from functools import partial

from django.db import transaction

from plein.posts.models import Reply
from plein.search.backends import chunks, get_backend
from plein.search.documents import INDEX_VERSION, SOURCE_OF_KIND, SOURCES, Source
from plein.search.models import IndexVersion, SearchDocument, SearchWord
from plein.search.text import MAX_WORD_LENGTH, words

REPLY_KINDS = (SearchDocument.Kind.ANSWER, SearchDocument.Kind.COMMENT)
KIND_SOURCES = {kind: source for source in SOURCES.values() for kind in source.kinds}
# Suggestions come from words people would type: not numbers, not fragments.
SUGGESTION_WORD_MIN = 4


def schedule_index(kind: str, object_id: int) -> None:
    """(Re)index one object once the current transaction commits: a question (with its
    replies), a resource, a member or a theme. A failure is logged, not raised: the
    change itself is saved, and `plein reindex` repairs the index."""
    source = SOURCE_OF_KIND[SearchDocument.Kind(kind)]
    transaction.on_commit(partial(index_objects, source, [object_id]), robust=True)


def schedule_circle_index(circle_id: int, *, with_content: bool = False) -> None:
    """(Re)index a circle once the current transaction commits, and with `with_content`
    also its questions, resources and gatherings: who may find them depends on the
    circle's access (the facet words of plein.search.models), so a change of access
    rewrites them."""
    schedule_index(SearchDocument.Kind.CIRCLE, circle_id)
    if with_content:
        transaction.on_commit(partial(index_circle_content, circle_id), robust=True)


def index_circle_content(circle_id: int) -> None:
    for name in ("posts", "resources", "gatherings"):
        source = SOURCES[name]
        ids = list(
            source.model._default_manager.filter(circle_id=circle_id).values_list("pk", flat=True)
        )
        for batch in chunks(ids, 500):
            index_objects(source, list(batch))


def schedule_post_index(post_id: int) -> None:
    schedule_index(SearchDocument.Kind.QUESTION, post_id)


def index_post(post_id: int) -> None:
    """(Re)build the documents of one question and its replies, at once."""
    index_objects(SOURCES["posts"], [post_id])


def index_objects(source: Source, ids: list[int]) -> None:
    """Replace the documents of these objects with fresh ones (none for objects that are
    gone or may not be found)."""
    with transaction.atomic():
        # Locking the objects lines up concurrent reindexing of them (PostgreSQL; SQLite
        # has one writer anyway), so each one reads what the one before it committed.
        list(source.model._default_manager.filter(pk__in=ids).select_for_update().values("pk"))
        _replace(source.owned(ids), source.build(ids))


def reindex(*, batch_size: int = 500) -> Iterator[int]:
    """Rebuild every document, `batch_size` objects at a time, each batch in its own short
    transaction so searching and writing carry on meanwhile. Yields the number of objects
    done after every batch."""
    done = 0
    for source in SOURCES.values():
        objects = source.model._default_manager.order_by("pk")
        after = 0
        while True:
            with transaction.atomic():
                ids = list(
                    objects.filter(pk__gt=after)
                    .select_for_update()
                    .values_list("pk", flat=True)[:batch_size]
                )
                _replace(source.owned(ids), source.build(ids))
            done += len(ids)
            yield done
            if len(ids) < batch_size:
                break
            after = ids[-1]
    _remove_orphans()
    get_backend().finish_rebuild()
    IndexVersion.objects.update_or_create(pk=1, defaults={"version": INDEX_VERSION})


def _remove_orphans() -> None:
    """Documents of objects removed from the database altogether (the admin can)."""
    for kind, source in KIND_SOURCES.items():
        model = source.model if kind not in REPLY_KINDS else Reply
        orphans = SearchDocument.objects.filter(kind=kind).exclude(
            object_id__in=model._default_manager.values("pk")
        )
        orphans.delete()


def ensure_current(**kwargs: object) -> None:
    """After `migrate`: rebuild the index when the builders are newer than it."""
    state = IndexVersion.objects.filter(pk=1).first()
    if state is None or state.version < INDEX_VERSION:
        for _done in reindex():
            pass


def _replace(existing: "object", documents: list[SearchDocument]) -> None:
    """Swap documents for new ones (new ids: simpler than matching rows up, and a fresh
    id marks recent activity, which "latest" and the candidate limit of a search use)."""
    backend = get_backend()
    old_ids = list(existing.values_list("pk", flat=True))  # type: ignore[attr-defined]
    for chunk in chunks(old_ids):
        backend.delete(chunk)
        SearchDocument.objects.filter(pk__in=chunk).delete()
    backend.write(SearchDocument.objects.bulk_create(documents))
    _learn_words(documents)


def _learn_words(documents: list[SearchDocument]) -> None:
    vocabulary = {
        word
        for document in documents
        for word in words(document.title)
        if word.isalpha() and SUGGESTION_WORD_MIN <= len(word) <= min(40, MAX_WORD_LENGTH)
    }
    if vocabulary:
        SearchWord.objects.bulk_create(
            [SearchWord(word=word) for word in sorted(vocabulary)], ignore_conflicts=True
        )
