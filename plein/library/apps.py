from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "plein.library"
    verbose_name = _("Library")

    def ready(self) -> None:
        from django.core import checks

        from plein.library.checks import check_library_settings

        checks.register(check_library_settings)
