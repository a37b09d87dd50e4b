"""The public Webmention endpoint (included by plein.posts.urls)."""

from django.urls import URLPattern, path

from plein.posts import views_webmention

webmention_urlpatterns: list[URLPattern] = [
    path("webmention/", views_webmention.webmention, name="webmention"),
]
