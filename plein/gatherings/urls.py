from django.core.signals import request_finished
from django.urls import path

from plein.gatherings import views
from plein.gatherings.door_urls import door_urlpatterns
from plein.gatherings.tasks import sweep_inline

app_name = "gatherings"

urlpatterns: list = [
    path("", views.gathering_list, name="list"),
    path("new/", views.plan, name="new"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("<int:pk>/", views.gathering_detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/notes/", views.add_note, name="add_note"),
    path("<int:pk>/calendar.ics", views.gathering_ics, name="ics"),
    *door_urlpatterns,
]

# Without a worker (PLEIN_TASKS=inline, as in `make run`), due reminders go out after a
# request has been answered, at most every few minutes (see plein.gatherings.tasks). The
# URLconf is loaded by every web process before its first request, which makes this the
# place that connects it for the web only (a move to GatheringsConfig.ready() would also
# connect it in management commands, which answer no requests anyway).
request_finished.connect(sweep_inline, dispatch_uid="plein.gatherings.sweep_inline")
