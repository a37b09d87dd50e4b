"""Anonymity that holds: notifications name an anonymous asker only as "the asker", on the
page and in both parts of the mail; the asker still hears about answers."""

import pytest
from django.core import mail
from django.urls import reverse

from plein.notify.actions import notify
from plein.notify.models import Notification
from plein.notify.tests.helpers import answer, comment, html_part, question

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Kind = Notification.Kind


def traces_of(member) -> list[str]:
    """Everything that would give an anonymous member away."""
    return [
        member.name,
        member.get_short_name(),
        member.email,
        member.organisation.name,
        reverse("members:profile", args=[member.pk]),
        f"member={member.pk}",
        f'data-member="{member.pk}"',
    ]


def test_the_anonymous_asker_hears_who_answered(
    client, personas, django_capture_on_commit_callbacks
):
    asker, helper = personas.member, personas.other_org_member
    post = question(asker, personas.youth_care, anonymous=True)
    reply = answer(post, helper)
    with django_capture_on_commit_callbacks(execute=True):
        notify(asker, Kind.ANSWER, post=post, reply=reply)
    [message] = mail.outbox
    assert message.to == [asker.email]
    assert "Anouk Visser answered your question" in message.subject
    client.force_login(asker)
    page = client.get(reverse("notify:list")).content.decode()
    assert "Anouk Visser answered your question" in page


@pytest.mark.parametrize("helper_name", ["other_org_member", "community_manager"])
def test_a_comment_by_the_anonymous_asker_shows_only_the_asker(
    client, personas, django_capture_on_commit_callbacks, helper_name
):
    asker, helper = personas.member, getattr(personas, helper_name)
    post = question(asker, personas.youth_care, anonymous=True)
    reply = answer(post, helper)
    reaction = comment(reply, asker)
    with django_capture_on_commit_callbacks(execute=True):
        notify(helper, Kind.COMMENT, post=post, reply=reaction)

    client.force_login(helper)
    page = client.get(reverse("notify:list")).content.decode()
    [message] = mail.outbox
    html_mail = html_part(message)
    for text in [page, message.subject, message.body, html_mail]:
        assert "The asker commented on your answer" in text
        for trace in traces_of(asker):
            assert trace not in text, trace


def test_a_community_managers_message_reaches_the_anonymous_author_only(
    client, personas, django_capture_on_commit_callbacks
):
    asker, manager = personas.member, personas.community_manager
    post = question(asker, personas.youth_care, anonymous=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify(asker, Kind.MODERATION, post=post, message="Haal je de naam van de cliënt weg?")
    [message] = mail.outbox
    assert message.to == [asker.email]
    assert "Haal je de naam van de cliënt weg?" in message.body
    assert manager.name not in message.body
    # The manager has no way to look it up: not in their list, not in the admin.
    client.force_login(manager)
    assert "cliënt" not in client.get(reverse("notify:list")).content.decode()
    assert client.get("/admin/notify/notification/").status_code == 404


def test_the_admin_has_no_notifications_even_for_a_superuser(client, personas):
    from plein.members.models import Member

    superuser = Member.objects.create_superuser("root@plein.example", name="Beheer")
    client.force_login(superuser)
    assert client.get("/admin/notify/notification/").status_code == 404
