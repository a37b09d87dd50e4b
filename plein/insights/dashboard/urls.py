from django.urls import URLPattern, path

from plein.insights.dashboard import views

urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("refresh/", views.refresh_figures, name="refresh_figures"),
    path("me/", views.my_activity, name="my_activity"),
]
