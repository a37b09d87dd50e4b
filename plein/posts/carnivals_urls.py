"""Blog carnivals (included by plein.posts.urls): their pages, entries and moderation."""

from django.urls import URLPattern, path  # noqa: F401

carnival_urlpatterns: list[URLPattern] = []
