from django.urls import path

from plein.posts import views
from plein.posts.carnivals_urls import carnival_urlpatterns
from plein.posts.ideas_urls import idea_urlpatterns
from plein.posts.stories_urls import story_urlpatterns
from plein.posts.webmention_urls import webmention_urlpatterns

app_name = "posts"

# Questions live under /questions/, ideas under /ideas/, stories under /stories/ and blog
# posts under /blog/: one app (one Post model), each kind at its own address.

urlpatterns = [
    path("questions/", views.question_list, name="questions"),
    path("questions/ask/", views.ask, name="ask"),
    path("questions/similar/", views.similar, name="similar"),
    path("questions/mine/", views.my_questions, name="mine"),
    path("questions/<int:pk>/", views.question, name="question"),
    path("questions/<int:pk>/edit/", views.edit_question, name="edit_question"),
    path("questions/<int:pk>/delete/", views.delete_question, name="delete_question"),
    path("questions/<int:pk>/close/", views.close_question, name="close_question"),
    path("questions/<int:pk>/hide/", views.hide_question, name="hide_question"),
    path("questions/<int:pk>/answer/", views.answer, name="answer"),
    path("questions/<int:pk>/ask-help/<int:member_pk>/", views.ask_for_help, name="ask_for_help"),
    path("questions/replies/<int:pk>/comment/", views.comment, name="comment"),
    path("questions/replies/<int:pk>/edit/", views.edit_reply, name="edit_reply"),
    path("questions/replies/<int:pk>/delete/", views.delete_reply, name="delete_reply"),
    path("questions/replies/<int:pk>/helped/", views.helped, name="helped"),
    *idea_urlpatterns,
    *story_urlpatterns,
    *carnival_urlpatterns,
    *webmention_urlpatterns,
]
