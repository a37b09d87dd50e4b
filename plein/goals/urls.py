from django.core.signals import request_finished
from django.urls import path

from plein.goals import views
from plein.goals.tasks import sweep_inline

app_name = "goals"

urlpatterns = [
    path("", views.goal_list, name="list"),
    path("<int:pk>/", views.goal_detail, name="detail"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/check-in/<str:token>/", views.check_in_by_link, name="check_in_link"),
    path("<int:pk>/adjust/", views.adjust, name="adjust"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
]

# Without a worker, the check-in reminders are sent after requests (see tasks.py).
request_finished.connect(sweep_inline, dispatch_uid="plein.goals.sweep_inline")
