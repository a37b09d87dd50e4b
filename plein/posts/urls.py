from django.urls import path

from plein.posts import views
from plein.posts.ideas_urls import idea_urlpatterns
from plein.posts.stories_urls import story_urlpatterns

app_name = "posts"

urlpatterns = [
    path("", views.question_list, name="questions"),
    path("ask/", views.ask, name="ask"),
    path("similar/", views.similar, name="similar"),
    path("mine/", views.my_questions, name="mine"),
    path("<int:pk>/", views.question, name="question"),
    path("<int:pk>/edit/", views.edit_question, name="edit_question"),
    path("<int:pk>/delete/", views.delete_question, name="delete_question"),
    path("<int:pk>/close/", views.close_question, name="close_question"),
    path("<int:pk>/hide/", views.hide_question, name="hide_question"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/ask-help/<int:member_pk>/", views.ask_for_help, name="ask_for_help"),
    path("replies/<int:pk>/comment/", views.comment, name="comment"),
    path("replies/<int:pk>/edit/", views.edit_reply, name="edit_reply"),
    path("replies/<int:pk>/delete/", views.delete_reply, name="delete_reply"),
    path("replies/<int:pk>/helped/", views.helped, name="helped"),
    *idea_urlpatterns,
    *story_urlpatterns,
]
