"""Stories and blog posts (included by plein.posts.urls)."""

from django.urls import path

from plein.posts import views_stories as views

story_urlpatterns = [
    path("stories/", views.story_list, name="stories"),
    path("stories/new/", views.new_story, name="new_story"),
    path("stories/<int:pk>/", views.story, name="story"),
    path("stories/<int:pk>/edit/", views.edit_story, name="edit_story"),
    path("stories/<int:pk>/delete/", views.delete_story, name="delete_story"),
    path("stories/<int:pk>/helped/", views.story_helped, name="story_helped"),
    path("blog/", views.blog_list, name="blogs"),
    path("blog/new/", views.new_blog, name="new_blog"),
    path("blog/<int:pk>/", views.blog, name="blog"),
    path("blog/<int:pk>/edit/", views.edit_blog, name="edit_blog"),
    path("blog/<int:pk>/delete/", views.delete_blog, name="delete_blog"),
    path("posts/<int:pk>/comments/", views.comment_post, name="comment_post"),
    path("posts/<int:pk>/hide/", views.hide_post, name="hide_post"),
]
