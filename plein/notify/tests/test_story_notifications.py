"""What notifications about stories and blog posts say: "your story", never "your
question"; the anonymous author of a story is "the author" to the people they reply to."""

import pytest
from django.test import TestCase

from plein.core.testing import (  # noqa: F401 (fixtures by their names)
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.notify.models import Notification
from plein.notify.queries import entry_for, with_targets
from plein.posts import stories

pytestmark = pytest.mark.django_db

SECTIONS = {"set_out": "Minder wachttijd.", "learned": "Klein beginnen werkt."}


def headlines(member) -> list[str]:
    notifications = with_targets(Notification.objects.filter(recipient=member), member)
    return [entry_for(n, member).headline for n in notifications.order_by("created_at", "id")]


def test_comments_and_helped_marks_on_a_story_say_story(personas) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        story = stories.write_story(
            personas.member,
            theme=personas.youth_care,
            title="Hoe we de wachtlijst halveerden",
            sections=SECTIONS,
            anonymous=True,
            confirmed_privacy=True,
        )
        stories.comment_on(personas.colleague, story, "Mooi verhaal!", confirmed_privacy=True)
        stories.mark_story_helped(personas.colleague, story, minutes=60)
        # The anonymous author answers the commenter.
        stories.comment_on(personas.member, story, "Dank je!", confirmed_privacy=True)

    assert headlines(personas.member) == [
        "Joost Bakker commented on your story “Hoe we de wachtlijst halveerden”",
        "Your story “Hoe we de wachtlijst halveerden” helped someone",
    ]
    assert headlines(personas.colleague) == [
        "The author replied under the story “Hoe we de wachtlijst halveerden”"
    ]


def test_comments_on_a_blog_post_say_blog_post(personas) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        post = stories.write_blog_post(
            personas.member,
            theme=personas.youth_care,
            title="Waarom ik blog",
            body="Omdat schrijven helpt.",
            confirmed_privacy=True,
        )
        stories.comment_on(personas.colleague, post, "Herkenbaar.", confirmed_privacy=True)

    assert headlines(personas.member) == [
        "Joost Bakker commented on your blog post “Waarom ik blog”"
    ]
