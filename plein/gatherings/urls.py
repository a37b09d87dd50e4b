from django.urls import path  # noqa: F401

from plein.gatherings.door_urls import door_urlpatterns

app_name = "gatherings"

urlpatterns: list = [*door_urlpatterns]
