"""The demo shop window: features of the demo community's content, suggestions waiting,
no mail, and a second run adds nothing."""

import pytest
from django.core import mail

from plein.members.demo import load_demo_community
from plein.posts.demo import load_demo_questions
from plein.showcase.demo import load_demo_showcase
from plein.showcase.models import Feature

pytestmark = pytest.mark.django_db(transaction=False)


def test_the_demo_fills_the_shop_window_once_and_mails_nobody(english):
    load_demo_community()
    load_demo_questions()
    mail.outbox.clear()
    created = load_demo_showcase()
    assert created >= 3
    kinds = set()
    for f in Feature.objects.all():
        kinds.add("post" if f.post_id else "reply" if f.reply_id else "member")
        assert f.why and f.ended_at is None
        if f.post is not None:
            assert f.post.circle_id is None
    assert {"post", "reply", "member"} <= kinds
    assert load_demo_showcase() == 0
    assert mail.outbox == []


def test_without_the_demo_community_it_does_nothing(db):
    assert load_demo_showcase() == 0
