"""Ideas (included by plein.posts.urls): the board, an idea's page, joining, updates."""

from django.urls import URLPattern, path

from plein.posts import views_ideas

idea_urlpatterns: list[URLPattern] = [
    path("ideas/", views_ideas.board, name="ideas"),
    path("ideas/new/", views_ideas.new_idea, name="new_idea"),
    path("ideas/<int:pk>/", views_ideas.idea, name="idea"),
    path("ideas/<int:pk>/edit/", views_ideas.edit_idea, name="edit_idea"),
    path("ideas/<int:pk>/join/", views_ideas.join_idea, name="join_idea"),
    path("ideas/<int:pk>/leave/", views_ideas.leave_idea, name="leave_idea"),
    path("ideas/<int:pk>/update/", views_ideas.update_idea, name="update_idea"),
    path("ideas/<int:pk>/hide/", views_ideas.hide_idea, name="hide_idea"),
]
