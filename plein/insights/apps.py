from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "plein.insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from django.core.signals import request_finished

        from plein.insights.tasks import roll_up_after_request

        # Without a worker the rollup runs after requests, in the web process, which is
        # also where page views are counted when there is no Redis.
        request_finished.connect(roll_up_after_request, dispatch_uid="plein.insights.rollup")
