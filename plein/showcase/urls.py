from django.urls import path

from plein.showcase import views

app_name = "showcase"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("new/", views.new, name="new"),
    path("suggestions/<int:pk>/accept/", views.accept, name="accept"),
    path("suggestions/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("features/<int:pk>/take-down/", views.take_down, name="take_down"),
]
