from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("plein.core.urls")),
    path("", include("plein.members.urls")),
    path("themes/", include("plein.themes.urls")),
    path("", include("plein.posts.urls")),
    path("library/", include("plein.library.urls")),
    path("circles/", include("plein.circles.urls")),
    path("gatherings/", include("plein.gatherings.urls")),
    path("goals/", include("plein.goals.urls")),
    path("showcase/", include("plein.showcase.urls")),
    path("insights/", include("plein.insights.urls")),
    path("notifications/", include("plein.notify.urls")),
    path("search/", include("plein.search.urls")),
    path("admin/", admin.site.urls),
]
