from django.urls import URLPattern, path

from plein.insights import views_dashboard

urlpatterns: list[URLPattern] = [
    path("", views_dashboard.dashboard, name="dashboard"),
    path("refresh/", views_dashboard.refresh_figures, name="refresh_figures"),
    path("me/", views_dashboard.my_activity, name="my_activity"),
]
