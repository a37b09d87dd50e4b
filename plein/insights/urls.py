from plein.insights import business_urls, dashboard_urls, pulse_urls

app_name = "insights"

# The dashboard, the business case and the pulse surveys keep their routes in their own
# modules so each part can be read on its own.
urlpatterns = [
    *dashboard_urls.urlpatterns,
    *business_urls.urlpatterns,
    *pulse_urls.urlpatterns,
]
