from typing import Any

from django.apps import AppConfig
from django.db.models import Exists, Model, OuterRef
from django.db.models.signals import m2m_changed, post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_community_manager_group(**kwargs: Any) -> None:
    # Permissions only exist after migrate has run, so the group is kept up to date here.
    from plein.members.actions import community_manager_group

    community_manager_group()


def note_organisation_managers(
    sender: type[Model],
    instance: Any,  # a Member when `reverse`, else an Organisation
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    """Keep Member.is_organisation_manager equal to "manages at least one organisation",
    whichever side of Organisation.managers was changed (admin, shell, actions)."""
    from plein.members.models import Member, Organisation

    if action not in {"pre_clear", "post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # member.managed_organisations changed: only that member
        member_ids = {instance.pk}
    elif action == "pre_clear":  # remember who loses the role before the rows go
        instance._managers_before_clear = set(instance.managers.values_list("pk", flat=True))
        return
    elif action == "post_clear":
        member_ids = getattr(instance, "_managers_before_clear", set())
    else:
        member_ids = set(pk_set or ())
    if member_ids:
        manages = Organisation.managers.through.objects.filter(member_id=OuterRef("pk"))
        Member.objects.filter(pk__in=member_ids).update(is_organisation_manager=Exists(manages))


class MembersConfig(AppConfig):
    name = "plein.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from plein.members.models import Organisation

        post_migrate.connect(
            ensure_community_manager_group, dispatch_uid="plein-community-managers"
        )
        m2m_changed.connect(
            note_organisation_managers,
            sender=Organisation.managers.through,
            dispatch_uid="plein-organisation-managers",
        )
