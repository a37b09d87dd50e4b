""" "This helped me": the asker and others, minutes saved, and every way to get it wrong."""

import pytest
from django.urls import reverse

from plein.posts.models import Helped, Post, Reply
from plein.posts.tests.helpers import answer, ask

pytestmark = pytest.mark.django_db


def mark(client, reply, **data):
    return client.post(reverse("posts:helped", kwargs={"pk": reply.pk}), data)


def test_the_story_two_hours_and_thirty_minutes(client, personas):
    post = ask(personas.member, personas.youth_care, anonymous=True)
    reply = answer(personas.colleague, post)
    client.force_login(personas.member)
    response = mark(client, reply, amount="2", unit="hours")
    assert response["Location"] == reply.get_absolute_url()
    client.force_login(personas.other_org_member)
    mark(client, reply, amount="30", unit="minutes")
    reply.refresh_from_db()
    post.refresh_from_db()
    assert (reply.helped_count, reply.minutes_saved, reply.helped_asker) == (2, 150, True)
    assert post.status == Post.Status.ANSWERED
    assert list(Helped.objects.order_by("id").values_list("by_asker", "minutes")) == [
        (True, 120),
        (False, 30),
    ]
    client.force_login(personas.colleague)
    html = client.get(personas.colleague.get_absolute_url()).content.decode()
    assert "2 h 30 min" in html or "2 u 30 min" in html


def test_helped_without_an_estimate_counts_too(client, personas):
    post = ask(personas.member, personas.youth_care)
    reply = answer(personas.colleague, post)
    client.force_login(personas.member)
    mark(client, reply, amount="", unit="minutes")
    assert Reply.objects.get().helped_count == 1


@pytest.mark.parametrize("amount", ["-5", "veel", "2.5", "100000", "0"])
def test_bad_minutes_get_a_message(client, personas, amount):
    post = ask(personas.member, personas.youth_care)
    reply = answer(personas.colleague, post)
    client.force_login(personas.member)
    response = mark(client, reply, amount=amount, unit="minutes")
    assert response.status_code == 400
    assert f'value="{amount}"' in response.content.decode()
    assert not Helped.objects.exists()


def test_more_than_a_working_week_in_hours_is_refused(client, personas):
    post = ask(personas.member, personas.youth_care)
    reply = answer(personas.colleague, post)
    client.force_login(personas.member)
    assert mark(client, reply, amount="41", unit="hours").status_code == 400


def test_marking_twice_or_your_own_answer_is_refused(client, personas):
    post = ask(personas.member, personas.youth_care)
    reply = answer(personas.colleague, post)
    client.force_login(personas.member)
    mark(client, reply, amount="10", unit="minutes")
    assert mark(client, reply, amount="10", unit="minutes").status_code == 400
    client.force_login(personas.colleague)
    assert mark(client, reply).status_code == 400
    assert Helped.objects.count() == 1


def test_comments_cannot_be_marked(client, personas):
    from plein.posts.tests.helpers import comment

    post = ask(personas.member, personas.youth_care)
    reply = answer(personas.colleague, post)
    note = comment(personas.other_org_member, reply)
    client.force_login(personas.member)
    assert mark(client, note).status_code == 400
