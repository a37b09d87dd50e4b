"""Notifications are deliberately not in the admin: a list of who was told about answers to
which question would show who asked it, anonymous questions included (PRODUCT.md: nobody,
community managers included, can see who asked anonymously). Members' mail settings are
shown read-only, for support."""

from django.contrib import admin
from django.http import HttpRequest

from plein.core.admin import PleinModelAdmin
from plein.notify.models import NotificationSettings


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(PleinModelAdmin):
    list_display = [
        "member",
        "answer",
        "comment",
        "helped",
        "reused",
        "help_request",
        "last_digest_at",
    ]
    list_select_related = ["member"]
    # No search: PleinModelAdmin never searches through a relation to a member (it would
    # drop these fields anyway).

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: NotificationSettings | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: NotificationSettings | None = None
    ) -> bool:
        return False
