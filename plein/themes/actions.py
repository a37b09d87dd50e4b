"""Every write about themes. The admin, the CLI and the demo data call these."""

from django.utils.translation import gettext as _

from plein.core.errors import PleinError
from plein.members.models import Member
from plein.search.index import schedule_index
from plein.search.models import SearchDocument
from plein.themes.models import Theme


def create_or_update_theme(name: str, *, slug: str, description: str, order: int) -> Theme:
    """The theme with this slug, created or brought in line with the given values. The slug
    is the identity because links to theme pages use it; a theme is saved only when
    something differs, so calling this again with the same values writes nothing."""
    clash = Theme.objects.filter(name=name).exclude(slug=slug).first()
    if clash is not None:
        raise PleinError(
            _("Another theme is already called %(name)s (%(slug)s).")
            % {"name": name, "slug": clash.slug}
        )
    theme = Theme.objects.filter(slug=slug).first()
    if theme is None:
        theme = Theme.objects.create(name=name, slug=slug, description=description, order=order)
        schedule_index(SearchDocument.Kind.THEME, theme.pk)
        return theme
    wanted = {"name": name, "description": description, "order": order}
    changed = [field for field, value in wanted.items() if getattr(theme, field) != value]
    for field in changed:
        setattr(theme, field, wanted[field])
    if changed:
        theme.save(update_fields=changed)
        schedule_index(SearchDocument.Kind.THEME, theme.pk)
    return theme


def follow_theme(member: Member, theme: Theme) -> None:
    """The member follows `theme` (again: nothing changes)."""
    member.followed_themes.add(theme)


def unfollow_theme(member: Member, theme: Theme) -> None:
    member.followed_themes.remove(theme)
