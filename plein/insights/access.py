"""Who sees which insights, and the privacy threshold every figure passes through.

- Community managers see the whole community and every organisation.
- Organisation managers (`Organisation.managers`) see the whole community and their own
  organisations, never another organisation on its own.
- Nobody sees one person's activity, except their own.
- A figure about a group of fewer than PLEIN_INSIGHTS_MIN_GROUP members is not shown."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from plein.members.models import Member, Organisation


@dataclass(frozen=True)
class InsightsScope:
    """What one viewer may look at: everything, or the community plus some organisations."""

    everything: bool
    organisation_ids: frozenset[int]

    def may_see_organisation(self, organisation_id: int) -> bool:
        return self.everything or organisation_id in self.organisation_ids

    def organisations(self) -> "list[Organisation]":
        organisations = Organisation.objects.order_by("name")
        if not self.everything:
            organisations = organisations.filter(pk__in=self.organisation_ids)
        return list(organisations)


def scope_for(viewer: "Member | AnonymousUser") -> InsightsScope | None:
    """The viewer's scope, or None when they may not see insights at all."""
    if not isinstance(viewer, Member) or not viewer.is_active:
        return None
    if viewer.is_community_manager:
        return InsightsScope(everything=True, organisation_ids=frozenset())
    if not viewer.is_organisation_manager:  # the flag spares everyone else a query
        return None
    managed = frozenset(viewer.managed_organisations.values_list("pk", flat=True))
    return InsightsScope(everything=False, organisation_ids=managed) if managed else None


def require_scope(viewer: "Member | AnonymousUser") -> InsightsScope:
    scope = scope_for(viewer)
    if scope is None:
        raise PermissionDenied
    return scope


def min_group() -> int:
    return settings.PLEIN_INSIGHTS_MIN_GROUP


def big_enough(members: int) -> bool:
    """Whether a figure about this many members may be shown."""
    return members >= min_group()
