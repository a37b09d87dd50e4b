"""Reads for stories and blog posts: the lists (keyset pages), one post with its comments,
and the stories of a theme for the theme page. Everything goes through Post.visible_to."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.utils.safestring import SafeString, mark_safe

from plein.core.markdown import render_markdown
from plein.core.pagination import Page, keyset_page
from plein.members.models import Member
from plein.posts.models import Helped, Post, PostQuerySet, Reply
from plein.posts.stories import SECTIONS
from plein.themes.models import Theme

PAGE_SIZE = 20


def _listed(viewer: "Member | AnonymousUser", kind: str) -> PostQuerySet:
    return (
        Post.objects.visible_to(viewer)
        .filter(kind=kind)
        .select_related("theme", "author__organisation")
    )


def story_list_page(
    viewer: "Member | AnonymousUser",
    *,
    theme: Theme | None = None,
    cursor: str = "",
    size: int = PAGE_SIZE,
) -> Page:
    stories = _listed(viewer, Post.Kind.STORY)
    if theme is not None:
        stories = stories.filter(theme=theme)
    return keyset_page(stories, ("created_at", "id"), cursor, size, descending=True)


def blog_list_page(
    viewer: "Member | AnonymousUser",
    *,
    theme: Theme | None = None,
    cursor: str = "",
    size: int = PAGE_SIZE,
) -> Page:
    posts = _listed(viewer, Post.Kind.BLOG)
    if theme is not None:
        posts = posts.filter(theme=theme)
    return keyset_page(posts, ("created_at", "id"), cursor, size, descending=True)


def stories_for_theme(theme: Theme, viewer: "Member | AnonymousUser", limit: int = 5) -> list[Post]:
    """The newest stories in `theme` the viewer may read (one query), for theme pages.
    Render their authors with author_for (anonymous stories stay anonymous)."""
    return list(
        _listed(viewer, Post.Kind.STORY).filter(theme=theme).order_by("-created_at", "-id")[:limit]
    )


def visible_post(viewer: "Member | AnonymousUser", pk: int, kind: str) -> Post | None:
    """One story or blog post the viewer may read, with what its page shows (one query)."""
    return (
        Post.objects.visible_to(viewer)
        .filter(kind=kind, pk=pk)
        .select_related("theme", "author__organisation", "circle", "idea", "gathering")
        .first()
    )


@dataclass
class Part:
    key: str
    heading: str
    html: SafeString


@dataclass
class Discussion:
    comments: list[Reply] = field(default_factory=list)
    helped_by_viewer: bool = False
    idea_visible: bool = False


def parts_of(story: Post) -> list[Part]:
    """The story's parts under their headings in the viewer's language."""
    sections = story.sections if isinstance(story.sections, dict) else {}
    return [
        # render_markdown returns safe HTML.
        Part(key, str(heading), mark_safe(render_markdown(sections[key])))
        for key, heading, _prompt in SECTIONS
        if sections.get(key)
    ]


def discussion_for(post: Post, viewer: Member) -> Discussion:
    """The comments the viewer may see (one query), whether they marked the story as
    helpful (one query, stories only) and whether they may see its idea (one query, only
    for a story about an idea)."""
    comments = list(
        Reply.objects.visible_to(viewer)
        .filter(post=post, parent__isnull=True)
        .select_related("author__organisation")
        .order_by("created_at", "id")
    )
    for comment in comments:
        comment.post = post  # author_for names an anonymous writer by the kind of post
    helped = (
        post.kind == Post.Kind.STORY
        and post.author_id != viewer.pk
        and Helped.objects.filter(post=post, member=viewer).exists()
    )
    idea_visible = (
        post.idea_id is not None
        and Post.objects.visible_to(viewer).filter(pk=post.idea_id).exists()
    )
    return Discussion(comments=comments, helped_by_viewer=helped, idea_visible=idea_visible)


def ideas_for_story(viewer: Member) -> PostQuerySet:
    """The ideas a member may tie a story to, by title."""
    return Post.objects.visible_to(viewer).ideas().order_by("title", "id")
