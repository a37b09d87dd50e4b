"""The door: QR check-in pages (included by plein.gatherings.urls)."""

from django.urls import path

from plein.gatherings import views_door

door_urlpatterns: list = [
    path("<int:pk>/door/", views_door.screen, name="door"),
    path("<int:pk>/door/print/", views_door.printable, name="door_print"),
    path("<int:pk>/door/print/new/", views_door.make_printed_code, name="door_print_make"),
    path("<int:pk>/door/print/revoke/", views_door.revoke_printed_code, name="door_print_revoke"),
    path("<int:pk>/door/renew/", views_door.renew_codes, name="door_renew"),
    path("<int:pk>/in/", views_door.come_in, name="door_in"),
    path("<int:pk>/in/done/", views_door.complete, name="door_complete"),
    # After in/ and in/done/: "done" must never be taken for a code.
    path("<int:pk>/in/<str:code>/", views_door.scan, name="door_scan"),
]
