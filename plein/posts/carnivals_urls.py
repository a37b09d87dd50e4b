"""Blog carnivals (included by plein.posts.urls): their pages, entries and moderation."""

from django.urls import URLPattern, path

from plein.posts import views_carnivals as views

carnival_urlpatterns: list[URLPattern] = [
    path("carnivals/", views.carnival_list, name="carnivals"),
    path("carnivals/new/", views.new_carnival, name="new_carnival"),
    path("carnivals/<int:pk>/", views.carnival, name="carnival"),
    path("carnivals/<int:pk>/edit/", views.edit_carnival, name="edit_carnival"),
    path("carnivals/<int:pk>/delete/", views.delete_carnival, name="delete_carnival"),
    path("carnivals/<int:pk>/queue/", views.carnival_queue, name="carnival_queue"),
    path("carnivals/<int:pk>/roundup/", views.roundup, name="carnival_roundup"),
    path("carnivals/<int:pk>/enter/", views.enter_post, name="carnival_enter"),
    path("carnivals/<int:pk>/register/", views.register_address, name="carnival_register"),
    path(
        "carnivals/<int:pk>/entries/<int:entry_pk>/withdraw/",
        views.withdraw_entry,
        name="carnival_withdraw",
    ),
    path(
        "carnivals/<int:pk>/entries/<int:entry_pk>/check/",
        views.check_entry_again,
        name="carnival_check_again",
    ),
    path(
        "carnivals/<int:pk>/entries/<int:entry_pk>/approve/",
        views.approve_entry,
        name="carnival_approve",
    ),
    path(
        "carnivals/<int:pk>/entries/<int:entry_pk>/reject/",
        views.reject_entry,
        name="carnival_reject",
    ),
]
