"""Every write about questions, answers, comments and "this helped me". Each action checks
permissions, runs the privacy guard, writes in one transaction and schedules the
notifications; views, the API, mail-in and the demo data all come through here."""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.circles.actions import place_for_post
from plein.core import ratelimit
from plein.core.errors import NotAllowed, PleinError
from plein.core.markdown import render_markdown
from plein.core.privacy import guard
from plein.gatherings.actions import followup_posted
from plein.insights.events import record
from plein.insights.models import Event
from plein.members.models import Member
from plein.notify.actions import notify
from plein.notify.models import Notification
from plein.posts.models import Helped, HelperScore, Post, Reply, Revision
from plein.posts.queries import people_to_route_to
from plein.search.index import schedule_post_index
from plein.themes.models import Theme

if TYPE_CHECKING:
    from plein.circles.models import Circle
    from plein.gatherings.models import Gathering

logger = logging.getLogger("plein.posts")

TITLE_MAX = 200
BODY_MAX = 10_000
# "It saved me about N minutes": more than a working week is not a believable estimate.
MINUTES_MAX = 40 * 60


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise PleinError(_("Give your question a title: one sentence that says what you need."))
    if len(title) > TITLE_MAX:
        raise PleinError(
            _("Keep the title under %(max)d characters; put the details in the text.")
            % {"max": TITLE_MAX}
        )
    return title


def _clean_body(body: str, *, required: bool) -> str:
    body = body.strip()
    if required and not body:
        raise PleinError(_("Write something first."))
    if len(body) > BODY_MAX:
        raise PleinError(
            _("This text is longer than %(max)d characters. Shorten it a little.")
            % {"max": BODY_MAX}
        )
    return body


# What each kind of post is in the activity log.
POSTED_EVENT: dict[str, str] = {
    Post.Kind.QUESTION: Event.Kind.ASKED,
    Post.Kind.STORY: Event.Kind.POSTED_STORY,
    Post.Kind.IDEA: Event.Kind.POSTED_IDEA,
    Post.Kind.BLOG: Event.Kind.POSTED_BLOG,
}


def _require_member(member: Member) -> None:
    if not member.is_active:
        raise NotAllowed(_("Log in to take part."))


def _may_edit(member: Member, obj: Post | Reply) -> None:
    if obj.author_id != member.pk:
        raise NotAllowed(_("Only the author can change this."))
    if obj.deleted_at is not None:
        raise NotAllowed(_("This has been deleted."))


# --- Questions --------------------------------------------------------------------------


def ask_question(
    author: Member,
    *,
    theme: Theme,
    title: str,
    body: str,
    anonymous: bool = False,
    confirmed_privacy: bool = False,
    submit_key: str = "",
    circle: "Circle | None" = None,
    gathering: "Gathering | None" = None,
) -> Post:
    """Post a question for help, in a circle the author belongs to (or an open one) if
    `circle` is given, and tied to the `gathering` where it came up (a gathering in a
    circle puts it in that circle). A second submit with the same key returns the first
    post."""
    _require_member(author)
    title = _clean_title(title)
    body = _clean_body(body, required=False)
    circle = place_for_post(author, circle=circle, gathering=gathering)
    guard(title, body, confirmed=confirmed_privacy)
    return create_post(
        author,
        submit_key=submit_key,
        on_create=route_question,
        kind=Post.Kind.QUESTION,
        theme=theme,
        is_anonymous=anonymous,
        title=title,
        body=body,
        body_html=render_markdown(body),
        circle=circle,
        gathering=gathering,
    )


def create_post(
    author: Member,
    *,
    submit_key: str,
    on_create: Callable[[Post], object] | None = None,
    **fields: Any,
) -> Post:
    """Create a checked post of any kind once per submit key (a double click finds the
    first), then, in the same transaction, `on_create` (routing a question), indexing, and
    the follow-up of the gathering it came from."""
    if submit_key:
        existing = Post.objects.filter(author=author, submit_key=submit_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            post = Post.objects.create(author=author, submit_key=submit_key[:40], **fields)
            if on_create is not None:
                on_create(post)
            schedule_post_index(post.pk)
            # An anonymous post is counted in its theme and tied to nobody.
            record(
                POSTED_EVENT[post.kind], author, theme_id=post.theme_id, anonymous=post.is_anonymous
            )
            followup_posted(post.gathering, author)
    except IntegrityError:
        # The same submit raced past the check above: the other request made the post.
        return Post.objects.get(author=author, submit_key=submit_key)
    return post


def edit_question(
    editor: Member, post: Post, *, title: str, body: str, theme: Theme, confirmed_privacy: bool
) -> Post:
    _may_edit(editor, post)
    title = _clean_title(title)
    body = _clean_body(body, required=False)
    guard(title, body, confirmed=confirmed_privacy)
    return save_edit(post, title=title, body=body, theme=theme)


def save_edit(post: Post, *, title: str, body: str, theme: Theme) -> Post:
    """Save a checked edit of a post's title, text and theme, keeping what it said before
    as a revision (for questions and blog posts alike). Nothing changed: nothing saved."""
    if (title, body, theme.pk) == (post.title, post.body, post.theme_id):
        return post
    with transaction.atomic():
        Revision.objects.create(post=post, title=post.title, body=post.body)
        post.title, post.body, post.theme = title, body, theme
        post.body_html = render_markdown(body)
        post.edited_at = timezone.now()
        post.save(update_fields=["title", "body", "body_html", "theme", "edited_at"])
        schedule_post_index(post.pk)
    return post


def delete_question(member: Member, post: Post) -> None:
    """The author removes their question; answers stay in the database for the helpers'
    thanks and the insights, but nobody sees the thread any more."""
    _may_edit(member, post)
    with transaction.atomic():
        post.deleted_at = timezone.now()
        post.save(update_fields=["deleted_at"])
        schedule_post_index(post.pk)


def close_question(member: Member, post: Post) -> None:
    if post.author_id != member.pk and not member.is_community_manager:
        raise NotAllowed(_("Only the asker or a community manager can close a question."))
    with transaction.atomic():
        post.status = Post.Status.CLOSED
        post.save(update_fields=["status"])
        schedule_post_index(post.pk)


def hide_post(manager: Member, post: Post, *, reason: str, message: str = "") -> None:
    """A community manager hides a post and may write to its author through the platform;
    for an anonymous post the manager never learns who that is."""
    if not manager.is_community_manager:
        raise NotAllowed(_("Only community managers can hide posts."))
    reason = reason.strip()
    if not reason:
        raise PleinError(_("Say why you hide this; the author will see the reason."))
    with transaction.atomic():
        post.hidden_at = timezone.now()
        post.hidden_reason = reason[:500]
        post.save(update_fields=["hidden_at", "hidden_reason"])
        schedule_post_index(post.pk)
        notify(
            post.author,
            Notification.Kind.MODERATION,
            post=post,
            message=(message.strip() or reason)[:2000],
        )


# --- Answers and comments ---------------------------------------------------------------


def answer_question(
    author: Member,
    post: Post,
    *,
    body: str,
    confirmed_privacy: bool = False,
    submit_key: str = "",
) -> Reply:
    if post.status == Post.Status.CLOSED:
        raise PleinError(_("This question is closed; it takes no new answers."))
    body, existing = _checked_reply(author, body, confirmed_privacy, submit_key)
    if existing is not None:
        return existing
    with transaction.atomic():
        reply = Reply.objects.create(
            post=post,
            author=author,
            # The anonymous asker answering in their own thread stays anonymous.
            is_anonymous=post.is_anonymous and post.author_id == author.pk,
            body=body,
            body_html=render_markdown(body),
            submit_key=submit_key[:40],
        )
        if post.author_id != author.pk:
            # The asker's own replies are not answers: the question is still waiting.
            Post.objects.filter(pk=post.pk).update(
                answer_count=F("answer_count") + 1, last_activity_at=timezone.now()
            )
            notify(post.author, Notification.Kind.ANSWER, post=post, reply=reply)
        else:
            Post.objects.filter(pk=post.pk).update(last_activity_at=timezone.now())
        schedule_post_index(post.pk)
        record(Event.Kind.ANSWERED, author, theme_id=post.theme_id, anonymous=reply.is_anonymous)
    return reply


def comment_on(
    author: Member,
    answer: Reply,
    *,
    body: str,
    confirmed_privacy: bool = False,
    submit_key: str = "",
) -> Reply:
    """A short comment under an answer."""
    if not answer.is_answer:
        raise PleinError(_("Comments go under an answer."))
    body, existing = _checked_reply(author, body, confirmed_privacy, submit_key)
    if existing is not None:
        return existing
    post = answer.post
    with transaction.atomic():
        comment = Reply.objects.create(
            post=post,
            parent=answer,
            author=author,
            is_anonymous=post.is_anonymous and post.author_id == author.pk,
            body=body,
            body_html=render_markdown(body),
            submit_key=submit_key[:40],
        )
        Reply.objects.filter(pk=answer.pk).update(comment_count=F("comment_count") + 1)
        Post.objects.filter(pk=post.pk).update(last_activity_at=timezone.now())
        if answer.author_id != author.pk:
            notify(answer.author, Notification.Kind.COMMENT, post=post, reply=comment)
        if post.author_id not in (author.pk, answer.author_id):
            notify(post.author, Notification.Kind.COMMENT, post=post, reply=comment)
        schedule_post_index(post.pk)
        record(Event.Kind.COMMENTED, author, theme_id=post.theme_id, anonymous=comment.is_anonymous)
    return comment


def _checked_reply(
    author: Member, body: str, confirmed_privacy: bool, submit_key: str
) -> tuple[str, Reply | None]:
    """The cleaned, privacy-checked text of a new answer or comment, and the reply an
    earlier submit with the same key already made (a double-click), if any."""
    _require_member(author)
    body = _clean_body(body, required=True)
    guard(body, confirmed=confirmed_privacy)
    existing = (
        Reply.objects.filter(author=author, submit_key=submit_key).first() if submit_key else None
    )
    return body, existing


def edit_reply(editor: Member, reply: Reply, *, body: str, confirmed_privacy: bool) -> Reply:
    _may_edit(editor, reply)
    body = _clean_body(body, required=True)
    guard(body, confirmed=confirmed_privacy)
    if body == reply.body:
        return reply
    with transaction.atomic():
        Revision.objects.create(reply=reply, body=reply.body)
        reply.body = body
        reply.body_html = render_markdown(body)
        reply.edited_at = timezone.now()
        reply.save(update_fields=["body", "body_html", "edited_at"])
        schedule_post_index(reply.post_id)
    return reply


def delete_reply(member: Member, reply: Reply) -> None:
    _may_edit(member, reply)
    with transaction.atomic():
        reply.deleted_at = timezone.now()
        reply.save(update_fields=["deleted_at"])
        if reply.is_answer and reply.author_id != reply.post.author_id:
            Post.objects.filter(pk=reply.post_id, answer_count__gt=0).update(
                answer_count=F("answer_count") - 1
            )
        elif reply.parent_id is not None:
            Reply.objects.filter(pk=reply.parent_id, comment_count__gt=0).update(
                comment_count=F("comment_count") - 1
            )
        schedule_post_index(reply.post_id)


# --- "This helped me" -------------------------------------------------------------------


def mark_helped(member: Member, reply: Reply, *, minutes: int | None = None) -> Helped:
    """The asker marks an answer "this helped me"; anyone else "helped me too", each with
    their own estimate of the time it saved. Once per member and answer; not your own."""
    _require_member(member)
    if reply.author_id == member.pk:
        raise PleinError(_("You cannot mark your own answer as helpful."))
    if not reply.is_answer:
        raise PleinError(_("Only answers can be marked as helpful."))
    if minutes is not None and not 1 <= minutes <= MINUTES_MAX:
        raise PleinError(
            _("Time saved is between 1 minute and a working week (%(max)d hours).")
            % {"max": MINUTES_MAX // 60}
        )
    post = reply.post
    by_asker = post.author_id == member.pk
    try:
        with transaction.atomic():
            helped = Helped.objects.create(
                reply=reply, member=member, by_asker=by_asker, minutes=minutes
            )
            reply_changes: dict[str, object] = {
                "helped_count": F("helped_count") + 1,
                "minutes_saved": F("minutes_saved") + (minutes or 0),
            }
            if by_asker:
                reply_changes["helped_asker"] = True
            Reply.objects.filter(pk=reply.pk).update(**reply_changes)
            post_changes: dict[str, object] = {
                "helped_count": F("helped_count") + 1,
                "minutes_saved": F("minutes_saved") + (minutes or 0),
            }
            if by_asker and post.status == Post.Status.OPEN:
                post_changes["status"] = Post.Status.ANSWERED
            Post.objects.filter(pk=post.pk).update(**post_changes)
            if not reply.is_anonymous:
                count_help(reply.author_id, post.theme_id)
            notify(reply.author, Notification.Kind.HELPED, post=post, reply=reply)
            schedule_post_index(post.pk)
            # An anonymous asker's "this helped me" stays anonymous: their name on it
            # would say who asked.
            record(
                Event.Kind.HELPED,
                member,
                anonymous=by_asker and post.is_anonymous,
                theme_id=post.theme_id,
                minutes=minutes,
                helper=reply.author,
                helper_anonymous=reply.is_anonymous,
            )
    except IntegrityError as error:
        raise PleinError(_("You already marked this answer as helpful.")) from error
    return helped


def count_help(member_id: int, theme_id: int) -> None:
    """One more time a member's named contribution in a theme helped someone (for the
    people finder). Call inside the transaction that records the helped report."""
    # get_or_create survives a concurrent first report (it retries in a savepoint).
    HelperScore.objects.get_or_create(member_id=member_id, theme_id=theme_id)
    HelperScore.objects.filter(member_id=member_id, theme_id=theme_id).update(
        helped_count=F("helped_count") + 1
    )


# --- Routing questions to people who can help -------------------------------------------


def route_question(post: Post, *, round_size: int | None = None) -> list[Member]:
    """Ask a handful of members who know the theme to look at a new question, chosen by
    expertise and recent helpfulness, so nobody is flooded and nobody is asked twice. A
    closed or secret circle's question goes only to its members (people_to_route_to)."""
    size = round_size or settings.PLEIN_ROUTE_ROUND_SIZE
    helpers = people_to_route_to(post, limit=size)
    for helper in helpers:
        notify(helper, Notification.Kind.HELP_REQUEST, post=post)
    return helpers


def route_waiting_questions() -> int:
    """Questions without an answer after PLEIN_ROUTE_AFTER_HOURS go to a next set of
    people (once per waiting period). Run from `plein notify-tick`."""
    cutoff = timezone.now() - timedelta(hours=settings.PLEIN_ROUTE_AFTER_HOURS)
    waiting = Post.objects.questions().filter(
        status=Post.Status.OPEN,
        answer_count=0,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        last_activity_at__lt=cutoff,
    )[:200]
    routed = 0
    for post in waiting:
        with transaction.atomic():
            route_question(post)
            # Moving last_activity_at starts the next waiting period.
            Post.objects.filter(pk=post.pk).update(last_activity_at=timezone.now())
        routed += 1
    return routed


def ask_for_help(member: Member, post: Post, helper: Member) -> None:
    """Anyone may ask a colleague to look at a question (rate-limited per member)."""
    _require_member(member)
    if helper.pk == member.pk or not helper.is_active:
        raise PleinError(_("Choose someone else to ask."))
    if not Post.objects.visible_to(helper).filter(pk=post.pk).exists():
        raise PleinError(_("This person cannot see this question."))
    ratelimit.consume("ask-for-help", str(member.pk))
    with transaction.atomic():
        notify(helper, Notification.Kind.HELP_REQUEST, post=post)
