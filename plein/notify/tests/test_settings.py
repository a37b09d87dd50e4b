"""/notifications/settings/: per kind immediately, daily or off."""

import pytest
from django.urls import reverse

from plein.notify.models import NotificationSettings
from plein.notify.queries import settings_for

pytestmark = pytest.mark.django_db

CHOICES = {
    "answer": "daily",
    "comment": "off",
    "helped": "immediately",
    "reused": "off",
    "help_request": "daily",
    "join_request": "off",
    "circle_joined": "daily",
    "gathering_reminder": "immediately",
    "gathering_changed": "daily",
    "gathering_seat": "immediately",
    "gathering_followup": "off",
    "idea_joined": "daily",
    "idea_update": "immediately",
    "carnival_entry": "off",
    "carnival_roundup": "daily",
    "goal_checkin": "off",
    "pulse_survey": "off",
}


def test_it_shows_the_defaults(client, personas):
    client.force_login(personas.member)
    response = client.get(reverse("notify:settings"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="answer" value="immediately" required id="id_answer_0" checked' in html
    assert 'name="helped" value="daily" required id="id_helped_1" checked' in html
    assert 'name="reused" value="daily" required id="id_reused_1" checked' in html
    assert 'name="moderation"' not in html


def test_it_saves_a_choice_per_kind(client, personas):
    client.force_login(personas.member)
    response = client.post(reverse("notify:settings"), CHOICES)
    assert response["Location"] == reverse("notify:settings")
    saved = NotificationSettings.objects.get(member=personas.member)
    assert {kind: getattr(saved, kind) for kind in CHOICES} == CHOICES
    assert "checked" in client.get(reverse("notify:settings")).content.decode()


def test_the_check_in_question_is_a_mail_or_nothing(client, personas):
    client.force_login(personas.member)
    response = client.post(reverse("notify:settings"), {**CHOICES, "goal_checkin": "daily"})
    assert response.status_code == 400
    assert settings_for(personas.member).goal_checkin == "immediately"


def test_a_bad_choice_is_refused_and_nothing_changes(client, personas):
    client.force_login(personas.member)
    response = client.post(reverse("notify:settings"), {**CHOICES, "answer": "hourly"})
    assert response.status_code == 400
    assert "utrecht-form-field-error-message" in response.content.decode()
    assert settings_for(personas.member).answer == "immediately"


def test_a_member_without_a_row_has_the_defaults_without_writing(personas):
    current = settings_for(personas.member)
    assert current.pk is not None and current._state.adding
    assert (current.answer, current.helped, current.reused) == ("immediately", "daily", "daily")


def test_it_requires_login(client, db):
    assert client.get(reverse("notify:settings")).status_code == 302
