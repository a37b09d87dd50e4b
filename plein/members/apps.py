from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_community_manager_group(**kwargs) -> None:  # type: ignore[no-untyped-def]
    # Permissions only exist after migrate has run, so the group is kept up to date here.
    from plein.members.actions import community_manager_group

    community_manager_group()


class MembersConfig(AppConfig):
    name = "plein.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        post_migrate.connect(
            ensure_community_manager_group, dispatch_uid="plein-community-managers"
        )
