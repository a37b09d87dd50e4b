"""The idea actions: posting, editing, "I'm in", leaving, and updates that move the stage,
with every bad input answered by a clear message and nothing half written."""

import pytest
from django.test import TestCase

from plein.circles.tests.helpers import circle_with
from plein.core.errors import InvalidField, NotAllowed, PleinError
from plein.core.privacy import PrivacyBlocked, PrivacyWarning
from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.notify.models import Notification
from plein.posts import ideas
from plein.posts.ideas import ALLOWED_NEXT
from plein.posts.models import IdeaParticipant, IdeaUpdate, Post

pytestmark = pytest.mark.django_db

Stage = Post.Stage


def post_idea(personas, author=None, **kw):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return ideas.post_idea(
            author or personas.member,
            theme=kw.pop("theme", personas.youth_care),
            title=kw.pop("title", "Eén contactpersoon per gezin over alle zorgaanbieders heen"),
            problem=kw.pop("problem", "Gezinnen hebben soms tien hulpverleners."),
            idea=kw.pop("idea", "Eén vaste contactpersoon die de regie houdt."),
            needs=kw.pop("needs", "Een gemeente om het mee te proberen, een data-expert"),
            **kw,
        )


def join(member, idea, brings="Ervaring met een pilot"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return ideas.join_idea(member, idea, brings=brings)


def update(writer, idea, stage, body="We spraken met drie gemeenten.", **kw):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return ideas.update_idea(writer, idea, stage=stage, body=body, **kw)


def test_an_idea_starts_in_the_stage_idea_and_is_named(personas) -> None:
    idea = post_idea(personas)
    assert idea.kind == Post.Kind.IDEA
    assert idea.stage == Stage.IDEA and idea.stage_changed_at is not None
    assert not idea.is_anonymous
    assert idea.problem and idea.needs and "regie" in idea.body_html
    assert idea.get_absolute_url() == f"/ideas/{idea.pk}/"


def test_posting_twice_with_the_same_key_makes_one_idea(personas) -> None:
    first = post_idea(personas, submit_key="abc")
    assert post_idea(personas, submit_key="abc") == first
    assert Post.objects.ideas().count() == 1


@pytest.mark.parametrize(
    ("field", "kw"),
    [("title", {"title": "  "}), ("problem", {"problem": ""}), ("body", {"idea": " "})],
)
def test_an_idea_needs_a_title_a_problem_and_the_idea(personas, field, kw) -> None:
    with pytest.raises(InvalidField) as raised:
        post_idea(personas, **kw)
    assert raised.value.field == field
    assert not Post.objects.exists()


def test_the_privacy_guard_reads_every_text_of_an_idea(personas) -> None:
    with pytest.raises(PrivacyWarning):
        post_idea(personas, needs="Bel mij op 06-12345678")
    with pytest.raises(PrivacyBlocked):
        post_idea(
            personas, problem="Het kind met BSN 111222333 wacht al lang", confirmed_privacy=True
        )
    assert not Post.objects.exists()
    post_idea(personas, needs="Bel mij op 06-12345678", confirmed_privacy=True)


def test_an_idea_in_a_closed_circle_needs_a_member_of_it(personas) -> None:
    circle = circle_with(personas)
    with pytest.raises(PleinError):
        post_idea(personas, author=personas.other_org_member, circle=circle)
    idea = post_idea(personas, circle=circle)
    assert idea.circle == circle
    with pytest.raises(NotAllowed):
        join(personas.other_org_member, idea)
    join(personas.colleague, idea)


def test_joining_counts_and_tells_the_author(personas) -> None:
    idea = post_idea(personas)
    participant = join(personas.other_org_member, idea, brings="Een dag per maand")
    assert participant.brings == "Een dag per maand"
    idea.refresh_from_db()
    assert idea.joiner_count == 1
    note = Notification.objects.get(recipient=personas.member)
    assert note.kind == Notification.Kind.IDEA_JOINED and note.post == idea


def test_nobody_joins_their_own_idea_or_joins_twice(personas) -> None:
    idea = post_idea(personas)
    with pytest.raises(PleinError, match="your own idea"):
        join(personas.member, idea)
    join(personas.colleague, idea)
    with pytest.raises(PleinError, match="You are in already"):
        join(personas.colleague, idea)
    idea.refresh_from_db()
    assert idea.joiner_count == 1 == IdeaParticipant.objects.count()


def test_what_a_joiner_brings_goes_through_the_privacy_guard(personas) -> None:
    idea = post_idea(personas)
    with pytest.raises(PrivacyWarning):
        join(personas.colleague, idea, brings="mail me: joost.prive@gmail.com")
    assert not IdeaParticipant.objects.exists()


def test_a_stopped_idea_takes_no_new_people(personas) -> None:
    idea = post_idea(personas)
    update(personas.member, idea, Stage.STOPPED, lessons="Zonder data-afspraken lukt het niet.")
    with pytest.raises(PleinError, match="stopped"):
        join(personas.colleague, idea)


def test_leaving_counts_down_and_leaving_twice_says_so(personas) -> None:
    idea = post_idea(personas)
    join(personas.colleague, idea)
    ideas.leave_idea(personas.colleague, idea)
    idea.refresh_from_db()
    assert idea.joiner_count == 0 and not IdeaParticipant.objects.exists()
    with pytest.raises(PleinError, match="not in this idea"):
        ideas.leave_idea(personas.colleague, idea)
    idea.refresh_from_db()
    assert idea.joiner_count == 0


def test_an_update_moves_the_stage_and_tells_every_joiner_but_not_the_writer(personas) -> None:
    idea = post_idea(personas)
    join(personas.colleague, idea)
    join(personas.other_org_member, idea)
    Notification.objects.all().delete()
    entry = update(personas.member, idea, Stage.EXPLORING)
    assert (entry.previous_stage, entry.stage) == (Stage.IDEA, Stage.EXPLORING)
    idea.refresh_from_db()
    assert idea.stage == Stage.EXPLORING
    told = set(
        Notification.objects.filter(kind=Notification.Kind.IDEA_UPDATE).values_list(
            "recipient", flat=True
        )
    )
    assert told == {personas.colleague.pk, personas.other_org_member.pk}


def test_a_community_manager_may_update_and_then_the_author_hears_too(personas) -> None:
    idea = post_idea(personas)
    join(personas.colleague, idea)
    update(personas.community_manager, idea, Stage.TRYING)
    told = set(
        Notification.objects.filter(kind=Notification.Kind.IDEA_UPDATE).values_list(
            "recipient", flat=True
        )
    )
    assert told == {personas.colleague.pk, personas.member.pk}


@pytest.mark.parametrize("who", ["colleague", "other_org_member"])
def test_nobody_else_changes_the_stage(personas, who) -> None:
    idea = post_idea(personas)
    join(personas.colleague, idea)
    with pytest.raises(NotAllowed, match="Only the author of the idea or a community manager"):
        update(getattr(personas, who), idea, Stage.EXPLORING)
    idea.refresh_from_db()
    assert idea.stage == Stage.IDEA and not IdeaUpdate.objects.exists()


def test_stopping_needs_lessons_learned(personas) -> None:
    idea = post_idea(personas)
    with pytest.raises(InvalidField, match="what you learned") as raised:
        update(personas.member, idea, Stage.STOPPED)
    assert raised.value.field == "lessons"
    idea.refresh_from_db()
    assert idea.stage == Stage.IDEA
    update(personas.member, idea, Stage.STOPPED, lessons="Begin met één wijk.")
    idea.refresh_from_db()
    assert idea.stage == Stage.STOPPED and idea.lessons == "Begin met één wijk."


def test_ideas_move_forward_or_stop_but_never_back(personas) -> None:
    idea = post_idea(personas)
    update(personas.member, idea, Stage.TRYING)  # skipping "exploring" is fine
    with pytest.raises(InvalidField, match="cannot move to"):
        update(personas.member, idea, Stage.EXPLORING)
    update(personas.member, idea, Stage.TRYING, body="Nieuws zonder nieuwe fase.")
    update(personas.member, idea, Stage.SCALING)
    update(personas.member, idea, Stage.STOPPED, lessons="Opschalen vraagt een regiobudget.")
    with pytest.raises(InvalidField, match="cannot move to"):
        update(personas.member, idea, Stage.SCALING)
    assert [u.stage for u in IdeaUpdate.objects.order_by("pk")] == [
        "trying",
        "trying",
        "scaling",
        "stopped",
    ]
    assert ALLOWED_NEXT[Stage.STOPPED] == {Stage.STOPPED}


def test_an_update_needs_text_and_a_real_stage(personas) -> None:
    idea = post_idea(personas)
    with pytest.raises(InvalidField, match="Write what happened"):
        update(personas.member, idea, Stage.EXPLORING, body=" ")
    with pytest.raises(InvalidField, match="Choose one of the stages"):
        update(personas.member, idea, "finished")
    with pytest.raises(PrivacyWarning):
        update(personas.member, idea, Stage.EXPLORING, body="Gesproken met de moeder, 06-12345678")
    assert not IdeaUpdate.objects.exists()


def test_only_the_author_edits_an_idea_and_the_old_text_is_kept(personas) -> None:
    idea = post_idea(personas)
    with pytest.raises(NotAllowed):
        ideas.edit_idea(
            personas.colleague,
            idea,
            title="Anders",
            problem=idea.problem,
            body=idea.body,
            needs="",
            theme=personas.youth_care,
        )
    ideas.edit_idea(
        personas.member,
        idea,
        title="Eén regisseur per gezin",
        problem=idea.problem,
        body=idea.body,
        needs="Een data-expert",
        theme=personas.prevention,
    )
    idea.refresh_from_db()
    assert idea.title == "Eén regisseur per gezin" and idea.theme == personas.prevention
    assert idea.edited_at is not None and idea.revisions.count() == 1
    assert idea.stage == Stage.IDEA
