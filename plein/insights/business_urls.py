from django.urls import URLPattern, path

from plein.insights import views_business

urlpatterns: list[URLPattern] = [
    path("business-case/", views_business.business_case_page, name="business_case"),
    path("business-case/print/", views_business.business_case_print, name="business_case_print"),
    path("business-case.csv", views_business.business_case_csv, name="business_case_csv"),
]
