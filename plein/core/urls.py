from django.urls import path

from plein.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dev/mail/", views.dev_mailbox, name="dev_mailbox"),
    path("dev/mail/<str:mail_id>/", views.dev_mail, name="dev_mail"),
]
