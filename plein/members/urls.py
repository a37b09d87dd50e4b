from django.contrib.auth.views import LogoutView
from django.urls import path

from plein.members import views

app_name = "members"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("login/link/", views.login_link_confirm, name="login_link_confirm"),
    path("login/link/<str:token>/", views.login_link, name="login_link"),
    path("login/password/", views.login_password, name="login_password"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("invite/", views.invite_confirm, name="invite_confirm"),
    path("invite/<str:token>/", views.invite, name="invite"),
    path("join/", views.join_confirm, name="join_confirm"),
    path("join/<str:token>/", views.join, name="join"),
    path("request-access/", views.request_access, name="request_access"),
    path("welcome/", views.welcome, name="welcome"),
    path("members/", views.directory, name="directory"),
    path("members/<int:pk>/", views.profile, name="profile"),
    path("profile/", views.edit_profile, name="edit_profile"),
    path("profile/password/", views.password, name="password"),
    path("profile/email/", views.change_email, name="change_email"),
    path("profile/email/confirm/", views.email_change_confirm, name="email_change_confirm"),
    path("profile/email/<str:token>/", views.email_change, name="email_change"),
    path("community/invite/", views.invite_members, name="invite_members"),
    path(
        "community/invite-links/<int:pk>/revoke/",
        views.revoke_invite_link,
        name="revoke_invite_link",
    ),
    path("language/", views.set_language, name="set_language"),
]
