"""The demo ideas: every stage, joiners with what they bring, an update per stage, one
stopped with lessons; loaded through the actions, once, mailing nobody."""

from io import StringIO

import pytest
from django.core import mail
from django.db.models import Count

from plein.core.privacy import scan
from plein.members.demo import DEMO_MEMBER_EMAIL, load_demo_community
from plein.notify.models import Notification
from plein.posts.demo_ideas import IDEAS, load_demo_ideas
from plein.posts.models import IdeaParticipant, IdeaUpdate, Post


def test_no_demo_text_looks_like_client_data() -> None:
    for spec in IDEAS:
        texts = (spec.title, spec.problem, spec.idea, spec.needs, spec.lessons, *spec.brings)
        for text in (*texts, *(body for _stage, body in spec.updates)):
            assert not scan(text), text


def test_without_the_demo_community_nothing_is_loaded(db) -> None:
    out = StringIO()
    assert load_demo_ideas(stdout=out) == 0
    assert "skipped" in out.getvalue()


@pytest.mark.django_db
def test_the_demo_ideas_load_once_in_every_stage() -> None:
    load_demo_community()
    out = StringIO()
    assert load_demo_ideas(stdout=out) == len(IDEAS) == 10
    assert "Ideas: 10 (10 new)" in out.getvalue()
    ideas = Post.objects.ideas()
    assert set(ideas.values_list("stage", flat=True)) == set(Post.Stage.values)
    assert not ideas.filter(is_anonymous=True).exists()
    for idea in ideas.annotate(n=Count("participants")):
        assert idea.n == idea.joiner_count >= 1
        updates = list(IdeaUpdate.objects.filter(idea=idea).order_by("created_at"))
        assert idea.stage_changed_at is not None
        assert idea.created_at < idea.stage_changed_at or not updates
        assert [u.stage for u in updates][-1:] in ([], [idea.stage])
        if idea.stage == Post.Stage.STOPPED:
            assert idea.lessons
    story = ideas.get(title__startswith="Eén contactpersoon per gezin")
    assert story.author.email == DEMO_MEMBER_EMAIL and story.stage == Post.Stage.TRYING
    assert story.joiner_count == 6
    organisations = set(story.participants.values_list("member__organisation", flat=True))
    assert len(organisations) >= 3
    assert IdeaParticipant.objects.exclude(brings="").count() == IdeaParticipant.objects.count()
    assert not Notification.objects.filter(mail__in=["pending", "daily"]).exists()
    assert not mail.outbox
    assert load_demo_ideas() == 0
    assert ideas.count() == 10
