"""/notifications/<id>/: following a notification marks it read and goes to its target."""

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.notify.models import Notification
from plein.notify.tests.helpers import answer, question

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def an_answer_notification(personas) -> Notification:
    post = question(personas.member, personas.youth_care)
    reply = answer(post, personas.colleague)
    return Notification.objects.create(
        recipient=personas.member, kind=Notification.Kind.ANSWER, post=post, reply=reply
    )


def test_it_marks_read_and_goes_straight_to_the_answer(client, personas):
    notification = an_answer_notification(personas)
    client.force_login(personas.member)
    response = client.get(reverse("notify:open", args=[notification.pk]))
    assert response.status_code == 302
    assert notification.reply is not None
    assert response["Location"] == notification.reply.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_it_is_only_for_the_recipient(client, personas):
    notification = an_answer_notification(personas)
    client.force_login(personas.colleague)
    assert client.get(reverse("notify:open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_what_is_gone_goes_back_to_the_list_with_a_message(client, personas):
    notification = an_answer_notification(personas)
    assert notification.post is not None
    notification.post.deleted_at = timezone.now()
    notification.post.save(update_fields=["deleted_at"])
    client.force_login(personas.member)
    response = client.get(reverse("notify:open", args=[notification.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("notify:list")
    assert "no longer available" in response.content.decode()


def test_it_requires_login(client, personas):
    notification = an_answer_notification(personas)
    response = client.get(reverse("notify:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:login"))
