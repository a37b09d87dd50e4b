from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "plein.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from plein.search.index import ensure_current

        # After `migrate`: rebuild the index when its builders changed (INDEX_VERSION).
        post_migrate.connect(ensure_current, sender=self, dispatch_uid="search_index_current")
