"""Building questions and answers for tests through the real actions, with the on-commit
work (notifications, search index) run as a real request would."""

from django.test import TestCase

from plein.members.models import Member
from plein.posts import actions
from plein.posts.models import Post, Reply
from plein.themes.models import Theme


def ask(
    author: Member, theme: Theme, title: str = "Hoe korten jullie wachtlijsten in?", **kw
) -> Post:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return actions.ask_question(
            author, theme=theme, title=title, body=kw.pop("body", "Wij lopen vast."), **kw
        )


def answer(author: Member, post: Post, body: str = "Wij werken met een wachtlijstcoach.") -> Reply:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return actions.answer_question(author, post, body=body)


def comment(author: Member, reply: Reply, body: str = "Hoe bevalt dat?") -> Reply:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return actions.comment_on(author, reply, body=body)


def helped(member: Member, reply: Reply, minutes: int | None = None) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.mark_helped(member, reply, minutes=minutes)
