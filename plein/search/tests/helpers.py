"""Searching through the real page, and the few changes the search tests need that no
action makes (yet): hiding a single reply, moving a question back in time. Those write
the row and then reindex it, as the action would on commit."""

from datetime import timedelta
from typing import Any

from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from plein.core.testing import Personas, make_personas
from plein.posts.models import Post, Reply
from plein.search.index import index_post
from plein.search.queries import SearchPage

SEARCH_URL = reverse("search:results")


def search(client: Client, q: str = "", *, htmx: bool = False, **params: Any) -> Any:
    """The test client's response (with .context) to a search from the search page, or
    from its htmx fragment."""
    headers = {"HX-Request": "true"} if htmx else {}
    return client.get(SEARCH_URL, {"q": q, **params}, headers=headers)


def page_of(response: Any) -> SearchPage:
    return response.context["page"]


def found(response: Any) -> list[tuple[str, str]]:
    """(kind, plain title of the thing) for every result on the page, in order."""
    results = []
    for result in page_of(response).results:
        thing = result.object
        if result.kind in ("answer", "comment"):
            title = thing.body
        elif result.kind in ("member", "theme"):
            title = thing.name
        else:
            title = thing.title
        results.append((result.kind, title))
    return results


def hide_reply(reply: Reply) -> None:
    Reply.objects.filter(pk=reply.pk).update(hidden_at=timezone.now())
    index_post(reply.post_id)


def backdate(post: Post, *, days: int) -> None:
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(days=days))
    index_post(post.pk)


def indexed_personas() -> Personas:
    """The shared personas with the work their actions left for the commit done, as after
    real requests: their members and themes are in the index."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return make_personas()
