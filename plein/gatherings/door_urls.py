"""The door: QR check-in pages (included by plein.gatherings.urls)."""

door_urlpatterns: list = []
