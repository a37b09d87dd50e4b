from django import template
from django.template.context import Context

from plein.core.authors import Persona, author_for

register = template.Library()


@register.simple_tag(takes_context=True)
def author(context: Context, obj) -> Persona:  # type: ignore[no-untyped-def]
    """{% author post as who %}: the persona to show for obj's author to this viewer."""
    return author_for(obj, context["request"].user)


@register.filter
def duration(minutes: int | None) -> str:
    """125 → "2 h 5 min"; used for time saved."""
    from django.utils.translation import gettext as _

    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": rest}
