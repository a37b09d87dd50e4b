"""notify(): an entry in the list, and a mail as the member's setting for the kind says."""

import logging
from unittest import mock

import pytest
from django.core import mail

from plein.notify.actions import notify, update_notification_settings
from plein.notify.models import Notification
from plein.notify.tests.helpers import answer, question

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def test_it_adds_an_unread_entry_and_mails_at_once(personas, django_capture_on_commit_callbacks):
    post = question(personas.member, personas.youth_care)
    reply = answer(post, personas.other_org_member)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(personas.member, Kind.ANSWER, post=post, reply=reply)
    assert notification is not None and notification.is_unread
    notification.refresh_from_db()
    assert notification.mail == Notification.Mail.SENT and notification.mailed_at
    assert [m.to for m in mail.outbox] == [[personas.member.email]]


def test_nothing_is_mailed_before_the_callers_transaction_commits(
    personas, django_capture_on_commit_callbacks
):
    post = question(personas.member, personas.youth_care)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(personas.member, Kind.ANSWER, post=post, reply=answer(post, personas.colleague))
    assert len(callbacks) == 1 and mail.outbox == []


def test_an_inactive_member_is_not_notified(personas, django_capture_on_commit_callbacks):
    personas.member.is_active = False
    personas.member.save(update_fields=["is_active"])
    post = question(personas.member, personas.youth_care)
    with django_capture_on_commit_callbacks(execute=True):
        result = notify(
            personas.member, Kind.ANSWER, post=post, reply=answer(post, personas.colleague)
        )
    assert result is None
    assert not Notification.objects.exists() and mail.outbox == []


def test_off_means_no_mail_but_a_quiet_entry_in_the_list(
    personas, django_capture_on_commit_callbacks
):
    update_notification_settings(personas.member, {Kind.ANSWER: "off"})
    post = question(personas.member, personas.youth_care)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            personas.member, Kind.ANSWER, post=post, reply=answer(post, personas.colleague)
        )
    assert notification is not None and notification.mail == Notification.Mail.NONE
    assert mail.outbox == []


def test_daily_waits_for_the_summary(personas, django_capture_on_commit_callbacks):
    post = question(personas.colleague, personas.youth_care)
    reply = answer(post, personas.member)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(personas.member, Kind.HELPED, post=post, reply=reply)  # daily
    assert notification is not None and notification.mail == Notification.Mail.DAILY
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (Kind.ANSWER, Notification.Mail.SENT),
        (Kind.COMMENT, Notification.Mail.SENT),
        (Kind.HELPED, Notification.Mail.DAILY),
        (Kind.HELP_REQUEST, Notification.Mail.SENT),
        (Kind.MODERATION, Notification.Mail.SENT),
    ],
)
def test_the_defaults(personas, django_capture_on_commit_callbacks, kind, expected):
    post = question(personas.member, personas.youth_care)
    reply = answer(post, personas.colleague) if kind != Kind.MODERATION else None
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(personas.member, kind, post=post, reply=reply, message="Hoi")
    assert notification is not None
    notification.refresh_from_db()
    assert notification.mail == expected


def test_a_community_managers_message_cannot_be_turned_off(
    personas, django_capture_on_commit_callbacks
):
    with pytest.raises(ValueError):
        update_notification_settings(personas.member, {Kind.MODERATION: "off"})
    post = question(personas.member, personas.youth_care, anonymous=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify(personas.member, Kind.MODERATION, post=post, message="Wil je de naam weghalen?")
    assert "Wil je de naam weghalen?" in mail.outbox[0].body


def test_an_unknown_kind_is_a_programming_error(personas):
    post = question(personas.member, personas.youth_care)
    with pytest.raises(ValueError):
        notify(personas.member, "party", post=post)


def test_a_mail_error_is_logged_not_raised_and_retried_later(
    personas, django_capture_on_commit_callbacks, caplog
):
    post = question(personas.member, personas.youth_care)
    failing = mock.patch(
        "plein.notify.delivery.send_templated_mail", side_effect=OSError("mail server down")
    )
    reply = answer(post, personas.colleague)
    with (
        caplog.at_level(logging.ERROR, logger="plein.notify"),
        failing,
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification = notify(personas.member, Kind.ANSWER, post=post, reply=reply)
    assert notification is not None
    notification.refresh_from_db()
    assert notification.mail == Notification.Mail.PENDING and notification.mailed_at is None
    assert "mail server down" in caplog.text
