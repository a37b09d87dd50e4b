from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "plein.core"
    label = "core"
