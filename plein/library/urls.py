from django.urls import path

from plein.library import views

app_name = "library"

urlpatterns = [
    path("", views.resource_list, name="list"),
    path("add/", views.share, name="add"),
    path("<int:pk>/", views.resource_detail, name="detail"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/hide/", views.hide, name="hide"),
    path("<int:pk>/unhide/", views.unhide, name="unhide"),
    path("<int:pk>/reused/", views.reused, name="reused"),
]
