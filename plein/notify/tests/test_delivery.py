"""Mail out: at most one mail per member per thread per hour, daily summaries, the
recipient's language, links straight to the answer, nothing about what is gone."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from plein.core.mail import send_templated_mail
from plein.notify.actions import notify, update_notification_settings
from plein.notify.delivery import digest_cutoff, tick
from plein.notify.models import Notification, NotificationSettings
from plein.notify.tests.helpers import answer, html_part, local_time, question, tomorrow_at

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def an_hour_passes() -> None:
    """Move every mail and notification an hour (and a minute) into the past."""
    for notification in Notification.objects.all():
        notification.created_at -= timedelta(minutes=61)
        if notification.mailed_at:
            notification.mailed_at -= timedelta(minutes=61)
        notification.save(update_fields=["created_at", "mailed_at"])


def answered(personas, capture, post, author, body="Wij bellen elke twee weken."):
    reply = answer(post, author, body)
    with capture(execute=True):
        notify(post.author, Kind.ANSWER, post=post, reply=reply)
    return reply


def test_two_answers_in_a_row_give_one_mail_and_the_second_follows_after_the_hour(
    personas, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    post = question(personas.member, personas.youth_care)
    answered(personas, capture, post, personas.colleague, "Eerste antwoord.")
    second = answered(personas, capture, post, personas.other_org_member, "Tweede antwoord.")
    assert len(mail.outbox) == 1 and "Eerste antwoord." in mail.outbox[0].body

    assert tick() == tick()  # within the hour: nothing due, however often it runs
    assert len(mail.outbox) == 1

    an_hour_passes()
    result = tick()
    assert (result.thread_mails, result.digests) == (1, 0)
    assert len(mail.outbox) == 2
    assert "Tweede antwoord." in mail.outbox[1].body
    assert f"#reply-{second.pk}" in mail.outbox[1].body
    assert tick().thread_mails == 0 and len(mail.outbox) == 2


def test_what_gathers_within_the_hour_goes_out_in_one_mail(
    personas, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    post = question(personas.member, personas.youth_care)
    answered(personas, capture, post, personas.colleague, "Eerste antwoord.")
    answered(personas, capture, post, personas.other_org_member, "Tweede antwoord.")
    answered(personas, capture, post, personas.community_manager, "Derde antwoord.")
    an_hour_passes()
    tick()
    assert len(mail.outbox) == 2
    batch = mail.outbox[1]
    assert "Tweede antwoord." in batch.body and "Derde antwoord." in batch.body
    assert "2" in batch.subject and "Wachtlijst jeugdzorg" in batch.subject


def test_the_hour_counts_per_thread(personas, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    first = question(personas.member, personas.youth_care, title="Eerste vraag")
    second = question(personas.member, personas.youth_care, title="Tweede vraag")
    answered(personas, capture, first, personas.colleague)
    answered(personas, capture, second, personas.colleague)
    assert len(mail.outbox) == 2


def test_a_mail_that_was_never_attempted_is_sent_by_the_tick(
    personas, django_capture_on_commit_callbacks
):
    post = question(personas.member, personas.youth_care)
    with django_capture_on_commit_callbacks(execute=False):  # as if the process died
        notify(personas.member, Kind.ANSWER, post=post, reply=answer(post, personas.colleague))
    assert mail.outbox == []
    assert tick().thread_mails == 1 and len(mail.outbox) == 1


def test_the_daily_summary(personas, django_capture_on_commit_callbacks):
    post = question(personas.colleague, personas.youth_care)
    reply = answer(post, personas.member)
    with django_capture_on_commit_callbacks(execute=True):
        notify(personas.member, Kind.HELPED, post=post, reply=reply)  # daily by default
        notify(personas.member, Kind.HELPED, post=post, reply=reply)
    assert mail.outbox == []
    Notification.objects.update(created_at=local_time(1, 12))  # noon tomorrow
    # Before the next morning's summary hour it waits; after it, one summary.
    assert tick(now=local_time(2, 6)).digests == 0
    assert tick(now=local_time(2, 7)).digests == 1
    [summary] = mail.outbox
    assert summary.to == [personas.member.email]
    assert "2" in summary.subject
    assert "Wachtlijst jeugdzorg" in summary.body
    assert NotificationSettings.objects.get(member=personas.member).last_digest_at
    assert tick(now=local_time(2, 9)).digests == 0  # once a day
    assert set(Notification.objects.values_list("mail", flat=True)) == {"summary"}


def test_the_summary_cutoff_is_the_last_seven_oclock():
    morning = tomorrow_at(6)
    assert timezone.localtime(digest_cutoff(morning)).hour == 7
    assert digest_cutoff(morning) < morning - timedelta(hours=23)
    assert digest_cutoff(tomorrow_at(7)) == tomorrow_at(7).replace(minute=0)


def test_changing_a_setting_moves_what_is_still_waiting(
    personas, django_capture_on_commit_callbacks
):
    post = question(personas.colleague, personas.youth_care)
    reply = answer(post, personas.member)
    with django_capture_on_commit_callbacks(execute=True):
        notify(personas.member, Kind.HELPED, post=post, reply=reply)
    update_notification_settings(personas.member, {Kind.HELPED: "off"})
    assert tick(now=tomorrow_at(8)).digests == 0 and mail.outbox == []


@pytest.mark.parametrize(("language", "phrase"), [("en", "answered your question")])
def test_a_mail_is_in_the_recipients_language(
    personas, django_capture_on_commit_callbacks, language, phrase
):
    personas.member.preferred_language = language
    personas.member.save(update_fields=["preferred_language"])
    post = question(personas.member, personas.youth_care)
    answered(personas, django_capture_on_commit_callbacks, post, personas.colleague)
    [message] = mail.outbox
    html = html_part(message)
    assert phrase in message.subject and phrase in message.body and phrase in html
    assert f'<html lang="{language}">' in html


def test_a_dutch_member_gets_a_dutch_mail(personas, django_capture_on_commit_callbacks):
    # The Dutch words come from the catalogue; here: the mail is rendered in Dutch.
    assert personas.member.preferred_language == "nl"
    post = question(personas.member, personas.youth_care)
    with mock.patch(
        "plein.notify.delivery.send_templated_mail", wraps=send_templated_mail
    ) as sending:
        answered(personas, django_capture_on_commit_callbacks, post, personas.colleague)
    assert sending.call_args.kwargs["language"] == "nl"
    assert '<html lang="nl">' in html_part(mail.outbox[0])


def test_a_mail_links_straight_to_the_answer_and_to_the_settings(
    personas, django_capture_on_commit_callbacks, settings
):
    settings.BASE_URL = "https://plein.example"
    post = question(personas.member, personas.youth_care)
    reply = answered(personas, django_capture_on_commit_callbacks, post, personas.colleague)
    [message] = mail.outbox
    link = f"https://plein.example/questions/{post.pk}/#reply-{reply.pk}"
    assert link in message.body and link in html_part(message)
    assert "https://plein.example/notifications/settings/" in message.body
    assert "Joost Bakker" in message.body and "Wij bellen elke twee weken." in message.body


def test_a_long_answer_is_cut_to_an_excerpt(personas, django_capture_on_commit_callbacks):
    post = question(personas.member, personas.youth_care)
    body = "**Belangrijk**: " + "woord " * 200
    answered(personas, django_capture_on_commit_callbacks, post, personas.colleague, body)
    text = mail.outbox[0].body
    assert "Belangrijk: woord" in text and "**" not in text and "…" in text
    assert text.count("woord") < 50


def test_what_was_deleted_before_the_mail_went_out_is_not_mailed(
    personas, django_capture_on_commit_callbacks
):
    post = question(personas.colleague, personas.youth_care)
    reply = answer(post, personas.member)
    with django_capture_on_commit_callbacks(execute=True):
        notify(personas.member, Kind.HELPED, post=post, reply=reply)
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    assert tick(now=tomorrow_at(8)).digests == 0
    assert mail.outbox == []
    assert Notification.objects.get().mail == Notification.Mail.SKIPPED


def test_a_hidden_answer_is_not_mailed(personas, django_capture_on_commit_callbacks):
    post = question(personas.member, personas.youth_care)
    reply = answer(post, personas.colleague)
    reply.hidden_at = timezone.now()
    reply.save(update_fields=["hidden_at"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(personas.member, Kind.ANSWER, post=post, reply=reply)
    assert mail.outbox == []


def test_a_community_managers_message_does_not_wait_for_the_hour(
    personas, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    post = question(personas.member, personas.youth_care)
    answered(personas, capture, post, personas.colleague, "Eerste antwoord.")
    answered(personas, capture, post, personas.other_org_member, "Tweede antwoord.")
    with capture(execute=True):
        notify(personas.member, Kind.MODERATION, post=post, message="Graag zonder namen.")
    assert len(mail.outbox) == 2
    assert "Graag zonder namen." in mail.outbox[1].body
    assert "Tweede antwoord." in mail.outbox[1].body  # what waited goes along
