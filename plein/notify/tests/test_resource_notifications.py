"""Notifications about library resources: "your resource was reused" (who, the time it
saved them, a link) and a community manager's hiding (with the reason), in the list and by
mail at once or in the daily summary, one mail per resource per hour at most, and nothing
mailed about what the sharer can no longer see. Built through the library actions."""

import importlib
from datetime import timedelta
from unittest import mock

import pytest
from django.apps import apps
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse

from plein.core.authors import author_for
from plein.core.testing import Personas
from plein.library import actions as library
from plein.library.models import Resource
from plein.library.tests.helpers import reused, share_link
from plein.notify.actions import notify, update_notification_settings
from plein.notify.delivery import tick
from plein.notify.models import Notification, NotificationSettings
from plein.notify.queries import unread_count
from plein.notify.tests.helpers import html_part, local_time, question
from plein.posts.models import Helped

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Kind = Notification.Kind
Mail = Notification.Mail
TITLE = "Handreiking wachtlijsten"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.BASE_URL = "https://plein.example"


def at_once(member) -> None:
    update_notification_settings(member, {Kind.REUSED: "immediately"})


def hide(personas: Personas, resource: Resource, reason: str) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        library.hide_resource(personas.community_manager, resource, reason=reason)


def an_hour_passes() -> None:
    for notification in Notification.objects.all():
        notification.created_at -= timedelta(minutes=61)
        if notification.mailed_at:
            notification.mailed_at -= timedelta(minutes=61)
        notification.save(update_fields=["created_at", "mailed_at"])


def link_to(resource: Resource) -> str:
    return f"https://plein.example/library/{resource.pk}/"


# --- "Your resource was reused" ----------------------------------------------------------


def test_a_reuse_tells_the_sharer_once_who_reused_it_and_what_it_saved(personas):
    at_once(personas.colleague)
    resource = share_link(personas.colleague, personas.youth_care, TITLE)
    reused(personas.member, resource, minutes=45)

    [notification] = Notification.objects.all()
    assert (notification.recipient, notification.kind) == (personas.colleague, Kind.REUSED)
    assert notification.resource == resource and notification.post is None
    assert notification.helped == Helped.objects.get()
    assert notification.mail == Mail.SENT

    [message] = mail.outbox
    assert message.to == [personas.colleague.email]
    headline = f"Fatima el Amrani reused your resource “{TITLE}”: it saved them about 45 min"
    assert message.subject == headline
    html = html_part(message)
    for part in (message.body, html):
        assert headline in part.replace("&ldquo;", "“").replace("&rdquo;", "”")
        assert link_to(resource) in part
        assert "https://plein.example/notifications/settings/" in part
    assert "See the resource" in html


def test_without_an_estimate_it_says_who_only(personas):
    at_once(personas.colleague)
    resource = share_link(personas.colleague, personas.youth_care, TITLE)
    reused(personas.member, resource)
    assert mail.outbox[0].subject == f"Fatima el Amrani reused your resource “{TITLE}”"
    assert "saved" not in mail.outbox[0].body


def test_it_is_in_the_list_and_opening_it_goes_to_the_resource(client, personas):
    resource = share_link(personas.colleague, personas.youth_care, TITLE)
    reused(personas.member, resource, minutes=90)
    notification = Notification.objects.get()
    client.force_login(personas.colleague)
    html = client.get(reverse("notify:list")).content.decode()
    assert "Fatima el Amrani reused your resource" in html and "1 h 30 min" in html
    assert "plein-notification--unread" in html
    opened = client.get(reverse("notify:open", args=[notification.pk]))
    assert opened["Location"] == resource.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_by_default_it_waits_for_the_daily_summary(personas):
    resource = share_link(personas.colleague, personas.youth_care, TITLE)
    reused(personas.member, resource, minutes=30)
    reused(personas.other_org_member, resource)
    assert mail.outbox == []
    assert set(Notification.objects.values_list("mail", flat=True)) == {Mail.DAILY}
    Notification.objects.update(created_at=local_time(1, 12))
    assert tick(now=local_time(2, 7)).digests == 1
    [summary] = mail.outbox
    assert summary.to == [personas.colleague.email] and "2" in summary.subject
    assert "Fatima el Amrani reused your resource" in summary.body
    assert "it saved them about 30 min" in summary.body
    assert "Anouk Visser reused your resource" in summary.body
    assert summary.body.count(link_to(resource)) == 2
    assert set(Notification.objects.values_list("mail", flat=True)) == {Mail.IN_SUMMARY}


def test_reuses_of_one_resource_gather_within_the_hour_and_each_resource_has_its_own(
    personas,
):
    at_once(personas.colleague)
    first = share_link(personas.colleague, personas.youth_care, TITLE)
    second = share_link(personas.colleague, personas.youth_care, "Model brief")
    reused(personas.member, first)
    reused(personas.other_org_member, first, minutes=20)
    reused(personas.community_manager, first, minutes=10)
    reused(personas.member, second)  # another resource: not held back by the first's hour
    assert [m.subject for m in mail.outbox] == [
        f"Fatima el Amrani reused your resource “{TITLE}”",
        "Fatima el Amrani reused your resource “Model brief”",
    ]
    assert tick().thread_mails == 0  # within the hour: the two later reuses wait

    an_hour_passes()
    assert tick().thread_mails == 1
    gathered = mail.outbox[2]
    assert gathered.subject == f"2 new notifications about “{TITLE}”"
    assert "Anouk Visser" in gathered.body and "Marieke Jansen" in gathered.body
    assert tick().thread_mails == 0 and len(mail.outbox) == 3


def test_off_means_a_quiet_entry_and_changing_the_setting_moves_what_waits(personas):
    resource = share_link(personas.colleague, personas.youth_care, TITLE)
    reused(personas.member, resource)  # daily
    update_notification_settings(personas.colleague, {Kind.REUSED: "off"})
    reused(personas.other_org_member, resource)
    assert set(Notification.objects.values_list("mail", flat=True)) == {Mail.NONE}
    assert tick(now=local_time(1, 8)).digests == 0 and mail.outbox == []
    assert unread_count(personas.colleague) == 2


def test_the_reusers_name_comes_from_author_for(personas):
    at_once(personas.colleague)
    resource = share_link(personas.colleague, personas.youth_care, TITLE)
    with mock.patch("plein.notify.queries.author_for", wraps=author_for) as rendering:
        reused(personas.member, resource)
    [(reuser, viewer), _kwargs] = rendering.call_args
    assert (reuser.author, reuser.is_anonymous) == (personas.member, False)
    assert viewer == personas.colleague


def test_a_reuse_by_the_sharer_is_impossible_and_tells_nobody(personas):
    resource = share_link(personas.colleague, personas.youth_care, TITLE)
    with pytest.raises(library.PleinError):
        reused(personas.colleague, resource, minutes=60)
    assert not Notification.objects.exists() and mail.outbox == []


# --- What the sharer can no longer see ---------------------------------------------------


def delete(personas: Personas, resource: Resource) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        library.delete_resource(personas.colleague, resource)


def test_a_deleted_resources_mail_waiting_for_the_hour_is_skipped(client, personas):
    at_once(personas.colleague)
    resource = share_link(personas.colleague, personas.youth_care, "Geheime titel")
    reused(personas.member, resource)  # mailed
    reused(personas.other_org_member, resource)  # waits for the hour
    delete(personas, resource)
    an_hour_passes()
    assert tick().thread_mails == 0 and len(mail.outbox) == 1
    assert list(Notification.objects.order_by("pk").values_list("mail", flat=True)) == [
        Mail.SENT,
        Mail.SKIPPED,
    ]
    client.force_login(personas.colleague)
    html = client.get(reverse("notify:list")).content.decode()
    assert html.count("no longer available") == 2
    assert "Geheime titel" not in html and "Fatima el Amrani" not in html
    for notification in Notification.objects.all():
        assert reverse("notify:open", args=[notification.pk]) not in html


def test_a_deleted_resource_is_left_out_of_the_daily_summary(personas):
    kept = share_link(personas.colleague, personas.youth_care, TITLE)
    gone = share_link(personas.colleague, personas.youth_care, "Geheime titel")
    reused(personas.member, gone)
    reused(personas.member, kept)
    delete(personas, gone)
    Notification.objects.update(created_at=local_time(1, 12))
    assert tick(now=local_time(2, 7)).digests == 1
    [summary] = mail.outbox
    assert "1 notification" in summary.subject and TITLE in summary.body
    assert "Geheime titel" not in summary.body and link_to(gone) not in summary.body
    mails = dict(Notification.objects.values_list("resource", "mail"))
    assert mails == {kept.pk: Mail.IN_SUMMARY, gone.pk: Mail.SKIPPED}


def test_hidden_it_is_still_the_sharers_and_what_waited_goes_out_with_the_notice(personas):
    # The one visibility rule: a hidden resource stays visible to the member who shared
    # it (with the reason), so a reuse of it is still theirs to hear about.
    at_once(personas.colleague)
    resource = share_link(personas.colleague, personas.youth_care, TITLE)
    reused(personas.member, resource)  # mailed
    reused(personas.other_org_member, resource, minutes=15)  # waits for the hour
    hide(personas, resource, "Verouderde versie, zie de nieuwe handreiking.")
    # A manager's message does not wait for the hour; the waiting reuse goes with it.
    assert len(mail.outbox) == 2
    notice = mail.outbox[1]
    assert notice.subject == f"2 new notifications about “{TITLE}”"
    assert "A community manager hid your resource" in notice.body
    assert "Verouderde versie, zie de nieuwe handreiking." in notice.body
    assert "Anouk Visser reused your resource" in notice.body
    assert set(Notification.objects.values_list("mail", flat=True)) == {Mail.SENT}


# --- A community manager hides a resource ------------------------------------------------


def test_hiding_tells_the_sharer_at_once_with_the_reason_and_a_link(client, personas):
    update_notification_settings(personas.colleague, {Kind.REUSED: "off"})
    resource = share_link(personas.colleague, personas.youth_care, TITLE)
    hide(personas, resource, "Dit document bevat een verouderde werkwijze.")

    [notification] = Notification.objects.all()
    assert (notification.kind, notification.resource) == (Kind.MODERATION, resource)
    assert notification.message == "Dit document bevat een verouderde werkwijze."
    [message] = mail.outbox  # always at once, whatever the settings
    assert message.to == [personas.colleague.email]
    assert message.subject == f"A community manager hid your resource “{TITLE}”"
    assert "Dit document bevat een verouderde werkwijze." in message.body
    assert link_to(resource) in message.body and link_to(resource) in html_part(message)
    assert "Marieke Jansen" not in message.body  # never who the manager was

    client.force_login(personas.colleague)
    html = client.get(reverse("notify:list")).content.decode()
    assert "Dit document bevat een verouderde werkwijze." in html
    opened = client.get(reverse("notify:open", args=[notification.pk]))
    assert opened["Location"] == resource.get_absolute_url()
    detail = client.get(resource.get_absolute_url()).content.decode()
    assert "Dit document bevat een verouderde werkwijze." in detail


def test_the_notice_outlives_the_resource(client, personas):
    resource = share_link(personas.colleague, personas.youth_care, "Geheime titel")
    with TestCase.captureOnCommitCallbacks(execute=False):  # as if the mail step died
        library.hide_resource(personas.community_manager, resource, reason="Auteursrecht")
    with TestCase.captureOnCommitCallbacks(execute=True):
        library.delete_resource(personas.community_manager, resource)
    # The manager's words still reach the sharer, without title or link.
    assert tick().thread_mails == 1
    [message] = mail.outbox
    assert "A community manager hid one of your resources" in message.body
    assert "Auteursrecht" in message.body and "Geheime titel" not in message.body
    assert link_to(resource) not in message.body
    client.force_login(personas.colleague)
    html = client.get(reverse("notify:list")).content.decode()
    assert "Auteursrecht" in html and "Geheime titel" not in html


# --- The list and the header stay cheap ----------------------------------------------------


def reuses(personas: Personas, count: int) -> None:
    """`count` resources of the colleague's, each reused by the member."""
    for number in range(count):
        resource = share_link(personas.colleague, personas.youth_care, f"Bron {number}")
        reused(personas.member, resource, minutes=number + 1)


def test_the_list_page_queries_are_pinned_and_do_not_grow(
    client, personas, django_assert_num_queries
):
    reuses(personas, 3)
    hide(personas, Resource.objects.earliest("pk"), "Verouderd")
    post = question(personas.colleague, personas.youth_care)
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(personas.colleague, Kind.HELP_REQUEST, post=post)
    client.force_login(personas.colleague)
    client.get(reverse("notify:list"))  # the first request notes last_seen
    # 1 session, 2 member, 3 the page (posts, replies and their authors, resources, who
    # reused them, visibility of each), 4 the unread count (also for the header)
    with django_assert_num_queries(4):
        response = client.get(reverse("notify:list"))
    assert len(response.context["page"].items) == 5
    reuses(personas, 25)
    with django_assert_num_queries(4):
        response = client.get(reverse("notify:list"))
    html = response.content.decode()
    assert html.count("Fatima el Amrani reused your resource") == 20  # a page of 20
    assert "Older notifications" in html
    with django_assert_num_queries(1):
        assert unread_count(personas.colleague) == 30


# --- The rules the model keeps -------------------------------------------------------------


def test_notify_refuses_what_a_notification_cannot_be_about(personas):
    resource = share_link(personas.colleague, personas.youth_care, TITLE)
    reused(personas.member, resource)
    helped = Helped.objects.get()
    post = question(personas.colleague, personas.youth_care)
    colleague = personas.colleague
    for wrong in [
        {"kind": Kind.REUSED, "resource": resource},  # without its report
        {"kind": Kind.REUSED, "post": post, "helped": helped},
        {"kind": Kind.ANSWER, "resource": resource},
        {"kind": Kind.MODERATION, "resource": resource, "post": post},
        {"kind": Kind.MODERATION, "resource": resource, "helped": helped},
        {"kind": Kind.MODERATION},
    ]:
        with pytest.raises(ValueError):
            notify(colleague, **wrong)  # type: ignore[arg-type]
    assert Notification.objects.count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "answer"},  # about nothing
        {"kind": "moderation", "both": True},
        {"kind": "reused"},  # about a resource but without its report
        {"kind": "answer", "on_resource": True},
    ],
)
def test_the_database_keeps_a_notification_about_one_thing(personas, fields):
    resource = share_link(personas.colleague, personas.youth_care, TITLE)
    post = question(personas.colleague, personas.youth_care)
    row = Notification(recipient=personas.colleague, kind=fields["kind"])
    if fields.get("both"):
        row.post, row.resource = post, resource
    elif fields["kind"] == "reused" or fields.get("on_resource"):
        row.resource = resource
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_members_who_chose_how_to_hear_thanks_keep_that_choice_for_reuse(personas):
    update_notification_settings(personas.member, {Kind.HELPED: "off"})
    update_notification_settings(personas.colleague, {Kind.HELPED: "immediately"})
    NotificationSettings.objects.update(reused="daily")  # as the new column starts
    migration = importlib.import_module("plein.notify.migrations.0002_resource_notifications")
    migration.reuse_follows_helped(apps, None)
    chosen = dict(NotificationSettings.objects.values_list("member__email", "reused"))
    assert chosen == {personas.member.email: "off", personas.colleague.email: "immediately"}
