from django.db.models import F, Prefetch

from plein.core.pagination import Page, keyset_page
from plein.members.models import Member, Organisation
from plein.themes.models import Theme

DIRECTORY_PAGE_SIZE = 24


def directory_page(
    *,
    organisation: Organisation | None,
    theme: Theme | None,
    cursor: str,
    size: int = DIRECTORY_PAGE_SIZE,
) -> Page:
    """Members for the directory, with organisation and expertise in two extra queries
    whatever the page size."""
    members = (
        Member.objects.listed()
        .select_related("organisation")
        .prefetch_related(
            Prefetch("expertise", queryset=Theme.objects.only("id", "name", "slug", "order"))
        )
    )
    if organisation is not None:
        members = members.filter(organisation=organisation)
    if theme is not None:
        members = members.filter(expertise=theme)
    return keyset_page(members, ("name", "id"), cursor, size)


def theme_experts(theme: Theme, *, limit: int = 12) -> list[Member]:
    return list(
        Member.objects.listed()
        .filter(expertise=theme)
        .select_related("organisation")
        .order_by(F("last_seen").desc(nulls_last=True), "id")[:limit]
    )
