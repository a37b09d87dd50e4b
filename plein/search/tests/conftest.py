"""Questions for the search tests, asked and answered through the real actions; the index
is written when their transaction commits, as in a request."""

from collections.abc import Callable

import pytest
from django.test import TestCase

from plein.core.testing import Personas
from plein.members.models import Member
from plein.posts import actions
from plein.posts.models import Post, Reply

Ask = Callable[..., Post]
Answer = Callable[..., Reply]


@pytest.fixture
def ask(personas: Personas) -> Ask:
    def ask(
        title: str, body: str = "", *, author: Member | None = None, anonymous: bool = False
    ) -> Post:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return actions.ask_question(
                author or personas.member,
                theme=personas.youth_care,
                title=title,
                body=body,
                anonymous=anonymous,
                confirmed_privacy=True,
            )

    return ask


@pytest.fixture
def answer(personas: Personas) -> Answer:
    def answer(post: Post, body: str, *, author: Member | None = None) -> Reply:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return actions.answer_question(
                author or personas.colleague, post, body=body, confirmed_privacy=True
            )

    return answer
