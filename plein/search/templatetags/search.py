from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.http import urlencode

from plein.search.backends import Counts
from plein.search.forms import SearchForm
from plein.search.models import SearchDocument

register = template.Library()

# The filters a link to another tab or page keeps.
KEPT = ("q", "kind", "theme", "organisation", "organisation_kind", "period", "sort")


def _query(form: SearchForm, **changes: Any) -> str:
    data = form.cleaned_data if form.is_valid() else {}
    values: dict[str, Any] = {}
    for name in KEPT:
        value = data.get(name)
        if name == "theme" and value is not None:
            value = value.slug
        elif name == "organisation" and value is not None:
            value = value.pk
        values[name] = value
    values.update(changes)
    return urlencode({name: value for name, value in values.items() if value})


@register.simple_tag
def query_with(form: SearchForm, only_q: bool = False, **changes: Any) -> str:
    """The search's query string with some parameters changed (or only the words)."""
    if only_q:
        return urlencode({"q": changes.get("q", "")})
    return _query(form, **changes)


@dataclass
class Tab:
    label: str
    query: str
    current: bool
    count: int | str | None


@register.simple_tag
def search_tabs(form: SearchForm, counts: Counts) -> list[Tab]:
    """All, then a tab per kind that found something, with the number of results ("2000+"
    when counting stopped); a kind with nothing found has no tab, unless it is the one
    being looked at. The People tab has no number (it ranks people, it does not count
    matches) and is always there."""
    current = form.cleaned_data.get("kind", "") if form.is_valid() else ""
    tabs = [
        Tab(
            label=str(_everything()),
            query=_query(form, kind="", after=""),
            current=not current,
            count=f"{counts.total}+" if counts.capped else counts.total,
        )
    ]
    for kind, label in SearchDocument.Kind.choices:
        count: int | str | None = counts.by_kind.get(kind, 0)
        if kind == SearchDocument.Kind.MEMBER:
            count = None
        elif not count and not counts.capped and current != kind:
            continue
        elif counts.capped:
            count = f"{count}+"
        tabs.append(
            Tab(
                label=str(label),
                query=_query(form, kind=kind, after=""),
                current=current == kind,
                count=count,
            )
        )
    return tabs


def _everything() -> str:
    from django.utils.translation import gettext as _

    return _("Everything")
