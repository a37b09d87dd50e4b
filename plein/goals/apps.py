from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "plein.goals"
    verbose_name = _("Learning goals")
