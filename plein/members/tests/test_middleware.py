import pytest
from django.urls import reverse

from plein.members.models import Member

pytestmark = pytest.mark.django_db


def test_last_seen_is_noted_at_most_every_few_minutes(client, personas, django_assert_num_queries):
    client.force_login(personas.member)
    client.get(reverse("themes:list"))
    first = Member.objects.get(pk=personas.member.pk).last_seen
    assert first is not None
    # 1 session, 2 member, 3 themes, 4 unread notifications: no write for a member seen
    # a moment ago
    with django_assert_num_queries(4):
        client.get(reverse("themes:list"))
    assert Member.objects.get(pk=personas.member.pk).last_seen == first
