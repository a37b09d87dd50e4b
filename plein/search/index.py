"""Keeping the search index in step with the posts. The posts actions call
schedule_post_index after every change that alters what a search may find or how it ranks
(asking, editing, answering, commenting, deleting, hiding, "this helped me");
`plein reindex` rebuilds everything."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import partial

from django.db import transaction
from django.db.models import Q, QuerySet

from plein.posts.models import Post, Reply
from plein.search.backends import chunks, get_backend
from plein.search.models import SearchDocument

# A thread's answers can go on for pages; the first 50,000 characters say what it is about.
BODY_INDEX_MAX = 50_000
# What build_documents reads from a post (not body_html, the largest column).
POST_FIELDS = (
    "kind",
    "theme_id",
    "status",
    "hidden_at",
    "deleted_at",
    "created_at",
    "title",
    "body",
)


def schedule_post_index(post_id: int) -> None:
    """Reindex a question once the current transaction commits. A failure is logged, not
    raised: the post is saved, and `plein reindex` repairs the index."""
    transaction.on_commit(partial(index_post, post_id), robust=True)


def index_post(post_id: int) -> None:
    """(Re)build the document of one question, or remove it when the question is gone."""
    with transaction.atomic():
        # Locking the post lines up concurrent reindexing of it (PostgreSQL; SQLite has
        # one writer anyway), so each one reads what the one before it committed.
        posts = Post.objects.filter(pk=post_id).only(*POST_FIELDS).select_for_update()
        documents = build_documents(posts)
        existing = SearchDocument.objects.filter(
            kind=SearchDocument.Kind.QUESTION, object_id=post_id
        )
        _replace(existing, documents)


def reindex(*, batch_size: int = 500) -> Iterator[int]:
    """Rebuild the documents of all questions in batches of `batch_size` posts, each batch
    in its own short transaction so searching and writing carry on meanwhile. Yields the
    number of posts done after every batch."""
    done = 0
    after = 0
    questions = SearchDocument.objects.filter(kind=SearchDocument.Kind.QUESTION)
    while True:
        with transaction.atomic():
            # Locked as in index_post; a batch takes a fraction of a second.
            posts = Post.objects.filter(pk__gt=after).only(*POST_FIELDS).select_for_update()
            batch = list(posts.order_by("pk")[:batch_size])
            last = batch[-1].pk if len(batch) == batch_size else None
            # Documents of posts that no longer exist fall in some batch's range and go.
            in_range = questions.filter(object_id__gt=after)
            if last is not None:
                in_range = in_range.filter(object_id__lte=last)
            _replace(in_range, build_documents(batch))
        done += len(batch)
        yield done
        if last is None:
            break
        after = last
    get_backend().finish_rebuild()


def build_documents(posts: "QuerySet[Post] | Iterable[Post]") -> list[SearchDocument]:
    """Unsaved documents for the findable questions among `posts` (two queries)."""
    questions = [
        post for post in posts if post.kind == Post.Kind.QUESTION and post.deleted_at is None
    ]
    if not questions:
        return []
    texts = _reply_texts([post.pk for post in questions])
    documents = []
    for post in questions:
        replies, has_answer = texts.get(post.pk, ([], False))
        documents.append(
            SearchDocument(
                kind=SearchDocument.Kind.QUESTION,
                object_id=post.pk,
                theme_id=post.theme_id,
                status=post.status,
                answered=has_answer or post.status == Post.Status.ANSWERED,
                is_hidden=post.hidden_at is not None,
                created_at=post.created_at,
                title=post.title,
                body="\n\n".join([post.body, *replies])[:BODY_INDEX_MAX],
            )
        )
    return documents


def _reply_texts(post_ids: list[int]) -> dict[int, tuple[list[str], bool]]:
    """Per post: the text of its answers and comments that everyone may see, and whether
    it has such an answer. Hidden replies are left out (they are not for every searcher);
    so are comments under a hidden or deleted answer."""
    texts: dict[int, tuple[list[str], bool]] = defaultdict(lambda: ([], False))
    replies = (
        Reply.objects.filter(post_id__in=post_ids, deleted_at__isnull=True, hidden_at__isnull=True)
        .filter(
            Q(parent__isnull=True)
            | Q(parent__deleted_at__isnull=True, parent__hidden_at__isnull=True)
        )
        .order_by("post_id", "created_at", "pk")
        .values_list("post_id", "parent_id", "body")
    )
    for post_id, parent_id, body in replies.iterator(chunk_size=2000):
        bodies, has_answer = texts[post_id]
        bodies.append(body)
        texts[post_id] = (bodies, has_answer or parent_id is None)
    return texts


def _replace(existing: "QuerySet[SearchDocument]", documents: list[SearchDocument]) -> None:
    """Swap documents for new ones (new ids: simpler than matching rows up, and a fresh
    rowid marks recent activity for the newest-first candidate limit of a search)."""
    backend = get_backend()
    old_ids = list(existing.values_list("pk", flat=True))
    for chunk in chunks(old_ids):
        backend.delete(chunk)
        SearchDocument.objects.filter(pk__in=chunk).delete()
    backend.write(SearchDocument.objects.bulk_create(documents))
