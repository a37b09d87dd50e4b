from django.urls import URLPattern, path

from plein.insights.business import views

urlpatterns: list[URLPattern] = [
    path("business-case/", views.business_case_page, name="business_case"),
    path("business-case/print/", views.business_case_print, name="business_case_print"),
    path("business-case.csv", views.business_case_csv, name="business_case_csv"),
]
