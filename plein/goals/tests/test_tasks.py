"""The two-weekly check-in reminder: mailed once per period with the signed link, not
for completed goals or inactive members; a check-in opens the next period."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from plein.goals import actions
from plein.goals.tasks import send_checkin_reminders, sweep_inline
from plein.goals.tests.helpers import make_due, set_goal

pytestmark = pytest.mark.django_db


def test_a_due_goal_is_reminded_once_per_period_with_the_link(client, personas):
    goal = set_goal(personas.member)
    assert send_checkin_reminders.call() == 0  # not due yet
    make_due(goal)
    assert send_checkin_reminders.call() == 1
    message = mail.outbox[-1]
    assert message.to == [personas.member.email]
    assert goal.text in message.body and "What did you learn?" in message.subject
    found = re.search(r"https?://[^/\s]+(/goals/\d+/check-in/\S+/)", str(message.body))
    assert found, "no check-in link in the mail"
    path = found.group(1)
    assert send_checkin_reminders.call() == 0  # once per period
    assert len(mail.outbox) == 1
    client.force_login(personas.member)
    assert client.post(path, {"learned": "Almelo uses one contact"}).status_code == 302
    make_due(goal)  # two weeks later
    assert send_checkin_reminders.call() == 1 and len(mail.outbox) == 2


def test_completed_goals_and_inactive_members_get_no_reminder(personas):
    make_due(actions.complete_goal(personas.member, set_goal(personas.member)))
    make_due(set_goal(personas.colleague))
    personas.colleague.is_active = False
    personas.colleague.save(update_fields=["is_active"])
    assert send_checkin_reminders.call() == 0 and not mail.outbox


def test_the_mail_is_in_the_members_language(personas):
    personas.member.preferred_language = "nl"
    personas.member.save(update_fields=["preferred_language"])
    make_due(set_goal(personas.member))
    send_checkin_reminders.call()
    assert "/goals/" in mail.outbox[0].body


@override_settings(PLEIN_TASKS="inline")
def test_the_inline_sweep_stays_out_of_open_transactions(personas):
    # The test runs inside a transaction: the sweep waits for a real request's end.
    assert sweep_inline() is False


def test_members_who_turned_the_question_off_get_no_mail_for_goals_or_circles(client, personas):
    from plein.circles.tests.helpers import circle_with
    from plein.circles.tests.test_goal import make_due as make_circle_due
    from plein.notify.actions import update_notification_settings

    make_due(set_goal(personas.member))
    circle = circle_with(personas)  # hosted by the member, the colleague is in it
    make_circle_due(circle)
    update_notification_settings(personas.member, {"goal_checkin": "off"})
    assert send_checkin_reminders.call() == 0 and not mail.outbox
    # The settings page offers the choice, and turning it back on works from there.
    client.force_login(personas.member)
    assert "goal_checkin" in client.get("/notifications/settings/").content.decode()
    update_notification_settings(personas.member, {"goal_checkin": "immediately"})
    make_due(set_goal(personas.member, "Learn how Hengelo runs its early-signal meetings"))
    assert send_checkin_reminders.call() == 1
