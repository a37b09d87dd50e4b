"""The public Webmention endpoint (included by plein.posts.urls)."""

from django.urls import URLPattern, path  # noqa: F401

webmention_urlpatterns: list[URLPattern] = []
