from django import template

register = template.Library()


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
