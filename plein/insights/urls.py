from django.urls import include, path

app_name = "insights"

# The dashboard, the business case and the pulse surveys are feature packages, each with
# its own routes; their URL names are in this app's namespace ("insights:dashboard").
urlpatterns = [
    path("", include("plein.insights.dashboard.urls")),
    path("", include("plein.insights.business.urls")),
    path("", include("plein.insights.pulse.urls")),
]
