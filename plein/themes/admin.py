from django.contrib import admin

from plein.core.admin import PleinModelAdmin
from plein.themes.models import Theme


@admin.register(Theme)
class ThemeAdmin(PleinModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
