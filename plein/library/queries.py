"""Reads for the library pages. Each makes a fixed number of queries, whatever the number
of resources, tags or reuse reports."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch

from plein.core.pagination import Page, keyset_page
from plein.library.models import Resource, Tag
from plein.members.models import Member
from plein.posts.models import Helped
from plein.themes.models import Theme

RESOURCES_PAGE_SIZE = 20

_TAGS = Prefetch("tags", queryset=Tag.objects.order_by("name"))


def resource_list_page(
    viewer: Member,
    *,
    theme: Theme | None = None,
    kind: str = "",
    tag: str = "",
    cursor: str = "",
    size: int = RESOURCES_PAGE_SIZE,
) -> Page:
    """Newest first: two queries (the page, the tags of its resources)."""
    resources = (
        Resource.objects.visible_to(viewer)
        .select_related("theme", "author__organisation")
        .prefetch_related(_TAGS)
        .defer("description", "description_html")
    )
    if theme is not None:
        resources = resources.filter(theme=theme)
    if kind:
        resources = resources.filter(kind=kind)
    if tag:
        resources = resources.filter(tags__slug=tag)
    return keyset_page(resources, ("created_at", "id"), cursor, size, descending=True)


def visible_resource(viewer: "Member | AnonymousUser", pk: int) -> Resource | None:
    """One resource with its theme, sharer and tags (two queries), if the viewer may see it."""
    return (
        Resource.objects.visible_to(viewer)
        .select_related("theme", "author__organisation", "circle")
        .prefetch_related(_TAGS)
        .filter(pk=pk)
        .first()
    )


def reused_by(member: Member, resource: Resource) -> Helped | None:
    """The member's own "I reused this" report on the resource, if any."""
    return Helped.objects.filter(member=member, resource=resource).first()


def most_reused(viewer: Member, theme: Theme, *, limit: int = 5) -> list[Resource]:
    """For a theme page: the resources colleagues reused most, then the newest."""
    return list(
        Resource.objects.visible_to(viewer)
        .filter(theme=theme)
        .defer("description", "description_html")
        .order_by("-helped_count", "-created_at", "-pk")[:limit]
    )
