from django.contrib import admin
from django.http import HttpRequest

from plein.core.admin import PleinModelAdmin
from plein.gatherings.models import Gathering

# Shown, never edited: gatherings change on the site, where the actions keep the counters
# exact under a row lock, raise the calendar SEQUENCE and tell who signed up. The door's
# secrets and the calendar feed tokens are left out on purpose.
SHOWN = (
    "title",
    "theme",
    "circle",
    "organiser",
    "starts_at",
    "ends_at",
    "location",
    "online_url",
    "capacity",
    "going_count",
    "waitlist_count",
    "checkin_count",
    "sequence",
    "created_at",
    "edited_at",
    "cancelled_at",
    "reminders_sent_at",
    "followup_notified_at",
)


@admin.register(Gathering)
class GatheringAdmin(PleinModelAdmin):
    list_display = [
        "title",
        "theme",
        "circle",
        "starts_at",
        "going_count",
        "waitlist_count",
        "checkin_count",
        "cancelled_at",
    ]
    list_filter = ["theme"]
    list_select_related = ["theme", "circle"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_at"
    fields = SHOWN
    readonly_fields = SHOWN
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # planned on the site (checks, privacy guard)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # changed on the site, so members and calendars hear of it

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # cancel on the site: members are told, calendars say CANCELLED
