"""The "mark all as read" button."""

import pytest
from django.urls import reverse

from plein.notify.models import Notification
from plein.notify.queries import unread_count
from plein.notify.tests.helpers import answer, question

pytestmark = pytest.mark.django_db


def notifications_for(member, personas, count: int) -> None:
    post = question(member, personas.youth_care)
    for _number in range(count):
        Notification.objects.create(
            recipient=member,
            kind=Notification.Kind.ANSWER,
            post=post,
            reply=answer(post, personas.other_org_member),
        )


def test_it_marks_all_of_the_members_notifications_read(client, personas):
    notifications_for(personas.member, personas, 3)
    notifications_for(personas.colleague, personas, 1)
    client.force_login(personas.member)
    response = client.post(reverse("notify:mark_all_read"))
    assert response["Location"] == reverse("notify:list")
    assert unread_count(personas.member) == 0
    assert unread_count(personas.colleague) == 1


def test_it_rejects_get(client, personas):
    notifications_for(personas.member, personas, 1)
    client.force_login(personas.member)
    assert client.get(reverse("notify:mark_all_read")).status_code == 405
    assert unread_count(personas.member) == 1


def test_it_requires_login(client, db):
    assert client.post(reverse("notify:mark_all_read")).status_code == 302
