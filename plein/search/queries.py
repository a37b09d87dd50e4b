"""Searches as the pages use them. Every search filters by the searcher's rights inside
the SQL (so LIMIT counts only what they may see), then loads the posts through
Post.objects.visible_to, the one visibility rule (DESIGN.md rule 3)."""

from django.contrib.auth.models import AnonymousUser

from plein.members.models import Member
from plein.posts.models import Post
from plein.search.backends import Audience, get_backend
from plein.search.models import SearchDocument
from plein.search.text import parse_query

# Suggestions while typing are a short list; the cap keeps a crafted request cheap.
MAX_LIMIT = 50


def similar_questions(
    viewer: Member | AnonymousUser, text: str, *, limit: int = 5, exclude_id: int | None = None
) -> list[Post]:
    """Up to `limit` questions the viewer may see that resemble `text` (a title being
    typed, perhaps with its body): answered ones first, then the best matches. Any word
    may match; more words, and words in the title, rank higher; the last word also
    matches as the start of a longer word. On a large site only the newest matches are
    ranked (backends.CANDIDATES). Two queries, whatever the number of questions; none for
    empty text or a visitor. Never raises on what was typed."""
    audience = _audience(viewer)
    query = parse_query(text)
    limit = min(limit, MAX_LIMIT)
    if audience is None or not query or limit < 1:
        return []
    ids = get_backend().search(
        query,
        kind=SearchDocument.Kind.QUESTION,
        audience=audience,
        limit=limit,
        exclude_id=exclude_id,
    )
    if not ids:
        return []
    # No .questions() here: the search already kept to questions, and on SQLite (without
    # ANALYZE statistics) a kind filter makes the planner scan the kind index rather than
    # look up these few primary keys.
    posts = Post.objects.visible_to(viewer).select_related("theme").in_bulk(ids)
    return [posts[pk] for pk in ids if pk in posts]


def _audience(viewer: Member | AnonymousUser) -> Audience | None:
    """None for whoever may see no questions at all (as in PostQuerySet.visible_to)."""
    if not isinstance(viewer, Member) or not viewer.is_active:
        return None
    return Audience(member_id=viewer.pk, sees_hidden=viewer.is_community_manager)
