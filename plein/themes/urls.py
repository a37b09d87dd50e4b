from django.urls import path

from plein.themes import views, views_follow

app_name = "themes"

urlpatterns = [
    path("", views.theme_list, name="list"),
    path("<slug:slug>/", views.theme_detail, name="detail"),
    path("<slug:slug>/follow/", views_follow.follow, name="follow"),
]
