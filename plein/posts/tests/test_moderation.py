import pytest
from django.urls import reverse

from plein.notify.models import Notification
from plein.posts.tests.helpers import ask

pytestmark = pytest.mark.django_db


def test_a_community_manager_hides_an_anonymous_question_and_writes_its_author(client, personas):
    post = ask(personas.member, personas.youth_care, anonymous=True)
    client.force_login(personas.community_manager)
    response = client.post(
        reverse("posts:hide_question", kwargs={"pk": post.pk}),
        {"reason": "Bevat mogelijk cliëntgegevens", "message": "Wil je de casus algemener maken?"},
    )
    assert response.status_code == 302
    note = Notification.objects.get(kind=Notification.Kind.MODERATION)
    assert note.recipient == personas.member
    client.force_login(personas.colleague)
    assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(personas.member)
    assert "Bevat mogelijk" in client.get(post.get_absolute_url()).content.decode()


def test_members_cannot_hide(client, personas):
    post = ask(personas.member, personas.youth_care)
    client.force_login(personas.colleague)
    response = client.post(reverse("posts:hide_question", kwargs={"pk": post.pk}), {"reason": "x"})
    assert response.status_code == 403


def test_hiding_needs_a_reason(client, personas):
    post = ask(personas.member, personas.youth_care)
    client.force_login(personas.community_manager)
    response = client.post(reverse("posts:hide_question", kwargs={"pk": post.pk}), {"reason": ""})
    assert response.status_code == 400
