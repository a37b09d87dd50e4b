from django.contrib import admin
from django.http import HttpRequest

from plein.core.admin import PleinModelAdmin
from plein.library.models import Resource, Tag

# Everything is shown and nothing edited: resources are shared on the site only.
SHOWN = (
    "title",
    "kind",
    "theme",
    "author",
    "organisation",
    "description",
    "file_name",
    "content_type",
    "file_size",
    "url",
    "tags",
    "download_count",
    "helped_count",
    "minutes_saved",
    "created_at",
    "hidden_at",
    "hidden_reason",
    "deleted_at",
)


@admin.register(Resource)
class ResourceAdmin(PleinModelAdmin):
    """Moderation view. Resources are always shared under a name, so the sharer is shown.
    Sharing and deleting happen on the site (file checks, privacy guard, search index)."""

    list_display = [
        "title",
        "kind",
        "theme",
        "author",
        "organisation",
        "created_at",
        "download_count",
        "helped_count",
        "hidden_at",
        "deleted_at",
    ]
    list_filter = ["kind", "theme"]
    list_select_related = ["theme", "author", "organisation"]
    search_fields = ["title", "file_name"]
    fields = SHOWN
    readonly_fields = SHOWN  # shared on the site only (see has_add_permission)
    show_full_result_count = False  # no COUNT(*) over every resource on each list page

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # shared on the site, through the file checks and the privacy guard

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # hidden and deleted on the site, so search follows

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # delete on the site: reuse reports hang off a resource


@admin.register(Tag)
class TagAdmin(PleinModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    readonly_fields = ["slug"]
