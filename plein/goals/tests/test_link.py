"""The signed check-in link in the reminder mail: it opens the one-line form for the
goal's own member; expired, forged or someone else's links get a clear page, never 500."""

import time
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse

from plein.goals import actions
from plein.goals.models import GoalCheckIn
from plein.goals.tests.helpers import set_goal

pytestmark = pytest.mark.django_db


def link(goal, token: str | None = None) -> str:
    token = token or actions.checkin_token(goal)
    return reverse("goals:check_in_link", kwargs={"pk": goal.pk, "token": token})


def test_the_link_opens_the_check_in_form_and_checks_in(client, personas):
    goal = set_goal(personas.member)
    path = link(goal)
    assert client.get(path).status_code == 302  # log in first
    client.force_login(personas.member)
    response = client.get(path)
    assert response.status_code == 200 and "What did you learn?" in response.content.decode()
    response = client.post(path, {"learned": "", "next": "Call Almelo"})
    assert response.status_code == 400 and "Call Almelo" in response.content.decode()
    response = client.post(path, {"learned": "Almelo uses one contact", "next": "Call Almelo"})
    assert response.status_code == 302 and response["Location"] == goal.get_absolute_url()
    assert GoalCheckIn.objects.get().learned == "Almelo uses one contact"


def test_someone_elses_link_is_refused_clearly(client, personas):
    goal = set_goal(personas.member)
    client.force_login(personas.colleague)
    for method in (client.get, client.post):
        response = method(link(goal), {"learned": "Not mine"})
        assert response.status_code == 403
        assert "someone else" in response.content.decode()
    assert not GoalCheckIn.objects.exists()


def test_a_forged_or_mismatched_link_is_refused(client, personas):
    goal = set_goal(personas.member)
    other = set_goal(personas.member, "Learn how schools share early signals with teams")
    client.force_login(personas.member)
    token = actions.checkin_token(goal)
    for path in (
        link(goal, token[:-2] + "xx"),
        link(goal, "nonsense"),
        link(other, token),  # a real token, for another goal
        link(goal, signing.dumps({"g": goal.pk, "m": personas.member.pk}, salt="other")),
        link(goal, signing.dumps(["not", "a", "dict"], salt=actions.TOKEN_SALT)),
    ):
        response = client.get(path)
        assert response.status_code == 400, path
        assert "not valid" in response.content.decode()
        assert response.content.decode().count('role="alert"') == 1, path


def test_a_link_for_someone_else_signed_as_theirs_is_still_refused(client, personas):
    goal = set_goal(personas.member)
    forged = signing.dumps({"g": goal.pk, "m": personas.colleague.pk}, salt=actions.TOKEN_SALT)
    client.force_login(personas.colleague)
    assert client.get(link(goal, forged)).status_code == 403


def test_an_expired_link_is_refused(client, personas):
    goal = set_goal(personas.member)
    signed_at = time.time() - actions.TOKEN_MAX_AGE.total_seconds() - 3600
    with mock.patch("django.core.signing.time.time", return_value=signed_at):
        token = actions.checkin_token(goal)
    client.force_login(personas.member)
    response = client.get(link(goal, token))
    assert response.status_code == 400 and "expired" in response.content.decode()


def test_a_completed_goal_says_so(client, personas):
    goal = set_goal(personas.member)
    actions.complete_goal(personas.member, goal)
    client.force_login(personas.member)
    response = client.get(link(goal))
    assert response.status_code == 200 and "Reopen it" in response.content.decode()
    client.post(link(goal), {"learned": "Something"})
    assert not GoalCheckIn.objects.exists()
