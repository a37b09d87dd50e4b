from django.urls import URLPattern, path

from plein.insights.pulse import views

urlpatterns: list[URLPattern] = [
    path("pulse/", views.survey_list, name="surveys"),
    path("pulse/new/", views.survey_create, name="survey_create"),
    path("pulse/thanks/", views.survey_thanks, name="survey_thanks"),
    path("pulse/answer/<str:token>/", views.survey_answer_link, name="survey_answer_link"),
    path("pulse/<int:pk>/", views.survey_results, name="survey"),
    path("pulse/<int:pk>/edit/", views.survey_edit, name="survey_edit"),
    path("pulse/<int:pk>/settings/", views.survey_settings, name="survey_settings"),
    path(
        "pulse/<int:pk>/questions/<int:question_pk>/",
        views.question_edit,
        name="survey_question_edit",
    ),
    path(
        "pulse/<int:pk>/questions/<int:question_pk>/remove/",
        views.question_remove,
        name="survey_question_remove",
    ),
    path(
        "pulse/<int:pk>/questions/<int:question_pk>/move/",
        views.question_move,
        name="survey_question_move",
    ),
    path("pulse/<int:pk>/publish/", views.survey_publish, name="survey_publish"),
    path("pulse/<int:pk>/close/", views.survey_close, name="survey_close"),
    path("pulse/<int:pk>/answer/", views.survey_answer, name="survey_answer"),
]
