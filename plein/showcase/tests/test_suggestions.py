"""The weekly sweep (suggest_candidates): each reason on data built through the real
actions, anonymity, and idempotence per week."""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone

from plein.posts import ideas, stories
from plein.posts.models import Post
from plein.posts.tests.helpers import answer, ask, helped
from plein.showcase import actions
from plein.showcase.models import Suggestion
from plein.showcase.tests.helpers import feature, helpers, new_member, school

pytestmark = pytest.mark.django_db

Reason = Suggestion.Reason


def sweep(**kw) -> set[tuple]:
    actions.suggest_candidates(**kw)
    return set(Suggestion.objects.values_list("reason", "post_id", "reply_id", "member_id"))


def test_a_first_question_helped_within_a_day_is_suggested(personas):
    post = ask(personas.member, personas.youth_care)
    helped(personas.member, answer(personas.colleague, post))
    assert (Reason.FIRST_ASKER_HELPED_FAST, post.pk, None, None) in sweep()


def test_a_second_question_or_a_slow_answer_is_not(personas):
    ask(personas.member, personas.youth_care, title="Mijn eerste vraag")
    second = ask(personas.member, personas.youth_care, title="Mijn tweede vraag")
    helped(personas.member, answer(personas.colleague, second))
    slow = ask(personas.other_org_member, personas.youth_care, title="Trage vraag")
    Post.objects.filter(pk=slow.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    helped(personas.other_org_member, answer(personas.colleague, slow))
    reasons = {row[0] for row in sweep()}
    assert Reason.FIRST_ASKER_HELPED_FAST not in reasons


def test_an_anonymous_first_asker_is_never_named(personas, client):
    post = ask(personas.member, personas.youth_care, anonymous=True, title="Anonieme vraag")
    helped(personas.member, answer(personas.colleague, post))
    found = sweep()
    assert (Reason.FIRST_ASKER_HELPED_FAST, post.pk, None, None) in found
    # No suggestion of any kind points at the asker.
    assert not Suggestion.objects.filter(member=personas.member).exists()
    client.force_login(personas.community_manager)
    html = client.get("/showcase/").content.decode()
    assert "Anonieme vraag" in html and "Anonymous member" in html
    assert personas.member.name not in html and f"/members/{personas.member.pk}/" not in html


def test_a_helpful_answer_from_an_organisation_that_rarely_answers_is_suggested(personas):
    post = ask(personas.member, personas.youth_care)
    reply = answer(personas.other_org_member, post)  # Almelo's only answer
    helped(personas.member, reply)
    assert (Reason.RARE_ORGANISATION_HELPER, None, reply.pk, None) in sweep()


def test_an_organisation_that_answers_often_is_not_rare(personas):
    hengelo_helpers = helpers(5, personas.hengelo)
    post = ask(personas.other_org_member, personas.youth_care)
    replies = [
        answer(helper, post, body=f"Antwoord {i}") for i, helper in enumerate(hengelo_helpers)
    ]
    helped(personas.other_org_member, replies[0])
    reasons = {row[0] for row in sweep()}
    assert Reason.RARE_ORGANISATION_HELPER not in reasons


def test_an_idea_that_moved_a_stage_is_suggested_and_a_new_one_is_not(personas):
    with TestCase.captureOnCommitCallbacks(execute=True):
        moved = ideas.post_idea(
            personas.member,
            theme=personas.youth_care,
            title="Eén contactpersoon per gezin",
            problem="Gezinnen hebben tien hulpverleners.",
            idea="Eén vast contact over alle aanbieders heen.",
        )
        ideas.post_idea(
            personas.colleague,
            theme=personas.youth_care,
            title="Nieuw idee",
            problem="Probleem.",
            idea="Idee.",
        )
        ideas.update_idea(personas.member, moved, stage="exploring", body="We verkennen het.")
    found = sweep()
    assert {row for row in found if row[0] == Reason.IDEA_MOVED_STAGE} == {
        (Reason.IDEA_MOVED_STAGE, moved.pk, None, None)
    }


def test_a_story_and_an_answer_with_many_helped_marks_are_suggested(personas):
    with TestCase.captureOnCommitCallbacks(execute=True):
        story = stories.write_story(
            personas.member,
            theme=personas.youth_care,
            title="Hoe we de wachtlijst halveerden",
            sections={"learned": "Begin klein en vraag hulp.", "tried": "Een wachtlijstcoach."},
            anonymous=True,
        )
    many = helpers(actions.MUCH_HELPED, personas.hengelo)
    post = ask(personas.other_org_member, personas.youth_care)
    reply = answer(personas.member, post)
    for helper in many:
        with TestCase.captureOnCommitCallbacks(execute=True):
            stories.mark_story_helped(helper, story)
        helped(helper, reply)
    found = sweep()
    assert (Reason.MUCH_HELPED, story.pk, None, None) in found
    assert (Reason.MUCH_HELPED, None, reply.pk, None) in found
    # The anonymous story's author is not suggested for it.
    assert not Suggestion.objects.filter(member=personas.member).exists()


def test_fewer_helped_marks_are_not_many(personas):
    post = ask(personas.other_org_member, personas.youth_care)
    reply = answer(personas.member, post)
    for helper in helpers(actions.MUCH_HELPED - 1, personas.hengelo):
        helped(helper, reply)
    assert Reason.MUCH_HELPED not in {row[0] for row in sweep()}


def _busy_municipalities(personas) -> None:
    for i in range(3):
        post = ask(personas.member, personas.youth_care, title=f"Vraag nummer {i}")
        answer(personas.colleague, post, body=f"Antwoord {i}")


def test_a_member_of_a_kind_of_organisation_that_rarely_contributes_is_suggested(personas):
    _busy_municipalities(personas)  # 6 contributions by municipalities
    teacher = new_member("juf@esch.example", "Juf Ingrid", school())
    ask(teacher, personas.prevention, title="Hoe signaleren jullie vroeg op school?")
    found = sweep()
    quiet = {row for row in found if row[0] == Reason.QUIET_GROUP_MEMBER}
    assert quiet == {(Reason.QUIET_GROUP_MEMBER, None, None, teacher.pk)}


def test_anonymous_contributions_never_make_a_member_a_candidate(personas):
    _busy_municipalities(personas)
    teacher = new_member("juf@esch.example", "Juf Ingrid", school())
    ask(teacher, personas.prevention, title="Anoniem gevraagd", anonymous=True)
    assert not Suggestion.objects.filter(member=teacher).exists()
    sweep()
    assert not Suggestion.objects.filter(member=teacher).exists()


def test_posts_in_circles_are_never_suggested(personas):
    from plein.circles.tests.helpers import circle_with

    circle = circle_with(personas)
    post = ask(personas.member, personas.youth_care, circle=circle)
    helped(personas.member, answer(personas.colleague, post))
    assert sweep() == set()


def test_the_sweep_is_idempotent_within_a_week_and_skips_what_is_featured(personas):
    post = ask(personas.member, personas.youth_care)
    reply = answer(personas.other_org_member, post)
    helped(personas.member, reply)
    now = timezone.now()
    assert actions.suggest_candidates(now=now) == 2
    assert actions.suggest_candidates(now=now) == 0
    assert actions.suggest_candidates(now=now + datetime.timedelta(hours=1)) == 0
    # The next week looks back seven days but does not suggest the same again.
    assert actions.suggest_candidates(now=now + datetime.timedelta(days=6)) == 0
    assert Suggestion.objects.count() == 2
    assert {s.week.weekday() for s in Suggestion.objects.all()} == {0}


def test_a_featured_target_is_not_suggested(personas):
    post = ask(personas.member, personas.youth_care)
    helped(personas.member, answer(personas.colleague, post))
    feature(personas.community_manager, post=post)
    assert Reason.FIRST_ASKER_HELPED_FAST not in {row[0] for row in sweep()}


def test_the_task_runs_the_sweep(personas):
    from plein.showcase.tasks import maybe_suggest_candidates

    post = ask(personas.member, personas.youth_care)
    helped(personas.member, answer(personas.colleague, post))
    from django.core.cache import cache

    cache.delete("plein:showcase:suggestion-sweep")
    assert maybe_suggest_candidates() is True
    assert Suggestion.objects.filter(post=post).exists()
    assert maybe_suggest_candidates() is False  # at most once an hour
