"""The base of every admin in Plein. Django's admin filters a list on any field of the
model named in the URL (`?author=2`), and searches and sorts on whatever a class names.
For content that can be posted anonymously that would unmask the author, so here a list
filters only on what its `list_filter` offers, and never searches or sorts through a
relation to a member."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.filters import SimpleListFilter
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.db.models.query import _OrderByFieldName


def field_path(model: type[Model], lookup: str) -> tuple[list[str], bool]:
    """The fields a lookup walks (transforms and lookups such as `__exact` dropped, a
    relation's own primary key folded into the relation), and whether it passes through a
    relation to a member."""
    path: list[str] = []
    reaches_member = False
    current: type[Model] | None = model
    for part in lookup.split(LOOKUP_SEP):
        if current is None:
            break  # past a plain field: the rest are transforms and lookups
        if part == "pk":
            part = current._meta.pk.name
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            break
        if path and getattr(field, "primary_key", False) and not field.is_relation:
            break  # `theme__id` filters on the relation itself
        path.append(part)
        related = field.related_model if field.is_relation else None
        if related is not None and related._meta.label == settings.AUTH_USER_MODEL:
            reaches_member = True
        current = related if isinstance(related, type) else None
    return path, reaches_member


class SortableByChangeList(ChangeList):
    """Django sorts a list by `?o=N` on any column with a field behind it and only hides
    the header link of columns left out of `sortable_by`; here the sort follows it too."""

    def get_ordering_field(
        self, field_name: Callable[..., Any] | str
    ) -> "_OrderByFieldName | None":
        if self.sortable_by is not None and field_name not in self.sortable_by:
            return None
        return super().get_ordering_field(field_name)


class PleinModelAdmin(admin.ModelAdmin):
    """Lists filter only on their own `list_filter` and `date_hierarchy`; searching and
    sorting never go through a relation to a member (DESIGN.md rule 4)."""

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        offered: set[str] = set()
        list_filter = self.get_list_filter(request) if request is not None else self.list_filter
        for item in list_filter:
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                if lookup == item.parameter_name:
                    return True
                continue
            name = item[0] if isinstance(item, list | tuple) else item
            offered.add(LOOKUP_SEP.join(field_path(self.model, str(name))[0]))
        if self.date_hierarchy:
            offered.add(self.date_hierarchy)
        path, _reaches_member = field_path(self.model, lookup)
        return bool(path) and LOOKUP_SEP.join(path) in offered

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return SortableByChangeList

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        return [
            name
            for name in super().get_search_fields(request)
            if not field_path(self.model, name.lstrip("^=@"))[1]
        ]

    def get_sortable_by(self, request: HttpRequest) -> list[str]:  # type: ignore[override]
        return [
            name
            for name in super().get_sortable_by(request)
            if isinstance(name, str) and not self._sorts_through_member(name)
        ]

    def _sorts_through_member(self, column: str) -> bool:
        attribute = getattr(self, column, None) or getattr(self.model, column, None)
        order_field = getattr(attribute, "admin_order_field", None)
        if isinstance(order_field, str):
            return field_path(self.model, order_field.lstrip("-"))[1]
        return field_path(self.model, column)[1]
