"""feature, unfeature, accept_suggestion, dismiss_suggestion: who may, bad input, privacy."""

import pytest

from plein.circles.models import Circle
from plein.circles.tests.helpers import circle_with
from plein.core.errors import NotAllowed, PleinError
from plein.core.privacy import PrivacyBlocked, PrivacyWarning
from plein.posts import actions as post_actions
from plein.posts.tests.helpers import answer, ask, comment
from plein.showcase import actions
from plein.showcase.models import Feature, Suggestion
from plein.showcase.tests.helpers import feature

pytestmark = pytest.mark.django_db


def test_a_community_manager_features_a_question_in_its_theme(personas):
    post = ask(personas.member, personas.youth_care)
    made = feature(personas.community_manager, post=post, why="  Durven vragen,\n  zo doe je dat. ")
    assert made.post == post and made.theme == personas.youth_care
    assert made.why == "Durven vragen, zo doe je dat."
    assert made.featured_by == personas.community_manager and made.ended_at is None


def test_a_theme_can_be_chosen_and_a_member_feature_has_none_by_default(personas):
    post = ask(personas.member, personas.youth_care)
    made = feature(personas.community_manager, post=post, theme=personas.prevention)
    assert made.theme == personas.prevention
    assert feature(personas.community_manager, member=personas.colleague).theme is None


def test_only_community_managers_feature(personas):
    post = ask(personas.member, personas.youth_care)
    for who in (personas.member, personas.other_org_member):
        with pytest.raises(NotAllowed):
            actions.feature(who, post=post, why="Mooi.")
    assert not Feature.objects.exists()


def test_the_why_is_required_and_short(personas):
    post = ask(personas.member, personas.youth_care)
    with pytest.raises(PleinError, match="why this is a bright spot"):
        actions.feature(personas.community_manager, post=post, why="   ")
    with pytest.raises(PleinError, match="at most 300"):
        actions.feature(personas.community_manager, post=post, why="x" * 301)


def test_the_why_goes_through_the_privacy_guard(personas):
    post = ask(personas.member, personas.youth_care)
    manager = personas.community_manager
    with pytest.raises(PrivacyBlocked):
        actions.feature(manager, post=post, why="Het gezin met BSN 111222333 is geholpen.")
    with pytest.raises(PrivacyWarning):
        actions.feature(manager, post=post, why="Bel Fatima op 06 12345678.")
    assert not Feature.objects.exists()
    actions.feature(manager, post=post, why="Bel Fatima op 06 12345678.", confirmed_privacy=True)


def test_exactly_one_target(personas):
    post = ask(personas.member, personas.youth_care)
    with pytest.raises(PleinError, match="Choose one"):
        actions.feature(personas.community_manager, why="Mooi.")
    with pytest.raises(PleinError, match="Choose one"):
        actions.feature(personas.community_manager, post=post, member=personas.member, why="Mooi.")


def test_hidden_or_deleted_posts_comments_and_nameless_members_cannot_be_featured(personas):
    manager = personas.community_manager
    hidden = ask(personas.member, personas.youth_care)
    post_actions.hide_post(manager, hidden, reason="Dubbel")
    deleted = ask(personas.colleague, personas.youth_care, title="Weg")
    post_actions.delete_question(personas.colleague, deleted)
    for post in (hidden, deleted):
        with pytest.raises(PleinError, match="hidden or deleted"):
            actions.feature(manager, post=post, why="Mooi.")
    reply = answer(personas.other_org_member, ask(personas.member, personas.prevention, title="Q"))
    with pytest.raises(PleinError, match="not comments"):
        actions.feature(manager, reply=comment(personas.member, reply), why="Mooi.")
    personas.colleague.is_active = False
    personas.colleague.save(update_fields=["is_active"])
    with pytest.raises(PleinError, match="active members"):
        actions.feature(manager, member=personas.colleague, why="Mooi.")


def test_an_anonymous_question_can_be_featured_without_its_asker(personas):
    post = ask(personas.member, personas.youth_care, anonymous=True)
    made = feature(personas.community_manager, post=post)
    assert made.member is None and made.post == post


def test_a_post_in_a_closed_circle_can_be_featured_for_its_readers(personas):
    circle = circle_with(personas, Circle.Access.CLOSED)
    post = ask(personas.member, personas.youth_care, circle=circle)
    assert feature(personas.community_manager, post=post).post == post


def test_the_same_target_is_in_the_window_once_and_can_return_after_a_take_down(personas):
    post = ask(personas.member, personas.youth_care)
    first = feature(personas.community_manager, post=post)
    with pytest.raises(PleinError, match="already"):
        actions.feature(personas.community_manager, post=post, why="Nog eens.")
    actions.unfeature(personas.community_manager, first)
    actions.unfeature(personas.community_manager, first)  # twice changes nothing
    first.refresh_from_db()
    assert first.ended_at is not None
    assert feature(personas.community_manager, post=post).pk != first.pk


def test_only_community_managers_take_down(personas):
    made = feature(personas.community_manager, member=personas.member)
    with pytest.raises(NotAllowed):
        actions.unfeature(personas.member, made)
    made.refresh_from_db()
    assert made.ended_at is None


def _suggestion(personas) -> Suggestion:
    post = ask(personas.member, personas.youth_care)
    return Suggestion.objects.create(
        reason=Suggestion.Reason.IDEA_MOVED_STAGE,
        post=post,
        week=actions.week_of(post.created_at),
    )


def test_accepting_a_suggestion_features_it_with_the_managers_why(personas):
    suggestion = _suggestion(personas)
    made = actions.accept_suggestion(personas.community_manager, suggestion, why="Zo groeit het.")
    suggestion.refresh_from_db()
    assert made.post == suggestion.post and made.why == "Zo groeit het."
    assert suggestion.status == Suggestion.Status.ACCEPTED and suggestion.feature == made
    assert suggestion.decided_by == personas.community_manager and suggestion.decided_at
    with pytest.raises(PleinError, match="decided already"):
        actions.accept_suggestion(personas.community_manager, suggestion, why="Nog eens.")


def test_accepting_needs_a_why_and_leaves_the_suggestion_waiting_without_one(personas):
    suggestion = _suggestion(personas)
    with pytest.raises(PleinError):
        actions.accept_suggestion(personas.community_manager, suggestion, why="")
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.PENDING and not Feature.objects.exists()


def test_dismissing_is_for_managers_and_can_be_clicked_twice(personas):
    suggestion = _suggestion(personas)
    with pytest.raises(NotAllowed):
        actions.dismiss_suggestion(personas.member, suggestion)
    with pytest.raises(NotAllowed):
        actions.accept_suggestion(personas.member, suggestion, why="Mooi.")
    actions.dismiss_suggestion(personas.community_manager, suggestion)
    actions.dismiss_suggestion(personas.community_manager, suggestion)
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.DISMISSED
    assert not Feature.objects.exists()
