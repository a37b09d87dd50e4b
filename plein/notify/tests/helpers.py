"""Questions and replies for notification tests, written as rows: the posts actions are
built elsewhere, and these tests are about delivery, not about asking or answering."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.mail import EmailMessage, EmailMultiAlternatives

from plein.members.models import Member
from plein.posts.models import Post, Reply
from plein.themes.models import Theme


def question(
    author: Member, theme: Theme, *, anonymous: bool = False, title: str = "Wachtlijst jeugdzorg"
) -> Post:
    return Post.objects.create(
        theme=theme,
        author=author,
        is_anonymous=anonymous,
        title=title,
        body="Hoe houden jullie contact met gezinnen op de wachtlijst?",
    )


def answer(post: Post, author: Member, body: str = "Wij bellen elke twee weken.") -> Reply:
    return Reply.objects.create(post=post, author=author, body=body)


def comment(reply: Reply, author: Member, body: str = "Dank je, dat ga ik proberen.") -> Reply:
    # The asker of an anonymous question replies anonymously, as "the asker".
    anonymous = reply.post.is_anonymous and author.pk == reply.post.author_id
    return Reply.objects.create(
        post=reply.post, parent=reply, author=author, body=body, is_anonymous=anonymous
    )


def local_time(days_from_today: int, hour: int, minute: int = 30) -> datetime:
    """A moment, local time (Europe/Amsterdam), for ticks at a chosen hour."""
    day = datetime.now(ZoneInfo("Europe/Amsterdam")) + timedelta(days=days_from_today)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


def tomorrow_at(hour: int) -> datetime:
    return local_time(1, hour)


def html_part(message: EmailMessage) -> str:
    assert isinstance(message, EmailMultiAlternatives)
    content = message.alternatives[0][0]
    assert isinstance(content, str)
    return content
