from django.urls import path

from plein.circles import views

app_name = "circles"

urlpatterns = [
    path("", views.circle_list, name="list"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.circle_detail, name="detail"),
    path("<int:pk>/what-may-help/", views.what_may_help, name="what_may_help"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/notes/", views.add_note, name="add_note"),
    path("<int:pk>/notes/<str:token>/", views.note_by_link, name="note_by_link"),
    path("<int:pk>/goal/reached/", views.reach_goal, name="reach_goal"),
    path("<int:pk>/goal/reopen/", views.reopen_goal, name="reopen_goal"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/ask/", views.ask_to_join, name="ask_to_join"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/requests/", views.requests, name="requests"),
    path("<int:pk>/requests/<int:request_pk>/", views.decide, name="decide"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.remove_member, name="remove_member"),
    path("<int:pk>/members/<int:member_pk>/host/", views.make_host, name="make_host"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/invite/link/", views.invite_link, name="invite_link"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("invitation/", views.invitation_confirm, name="invitation_confirm"),
    path("join/<str:token>/", views.link, name="link"),
    path("join/", views.link_confirm, name="link_confirm"),
]
