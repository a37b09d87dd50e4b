"""Every write about process stories and blog posts: writing, editing and deleting them,
comments under them, and "this helped me" on a story.

The author rule for these kinds, decided here:

- A **story** may be posted anonymously. A process story is about what went wrong as
  much as what worked; saying that under your own name can be hard (PRODUCT.md, P2), and
  an anonymous story that others can learn from is better than no story. Its author is
  then never shown anywhere (pages, notifications, mails), for every viewer, community
  managers included; when the author comments under it, the comment stays anonymous too
  ("the author", like the anonymous asker in a question).
- A **blog post** is always named: a blog is a voice, and a blog carnival collects voices.

Every text goes through the privacy guard; every write schedules the search index; the
notifications go to the author (comments, helped marks) and, when the author answers
under their own post, to the members who commented before."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plein.circles.actions import place_for_post
from plein.core.errors import NotAllowed, PleinError
from plein.core.markdown import render_markdown
from plein.core.privacy import guard
from plein.insights.events import record
from plein.insights.models import Event
from plein.members.models import Member
from plein.notify.actions import notify
from plein.notify.models import Notification
from plein.posts.actions import BODY_MAX, MINUTES_MAX, TITLE_MAX, count_help, create_post, save_edit
from plein.posts.models import Carnival, Helped, Post, Reply, Revision
from plein.search.index import schedule_post_index
from plein.themes.models import Theme

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from plein.circles.models import Circle
    from plein.gatherings.models import Gathering

# The parts of the journey, in order: key, heading, the short prompt on the form.
SECTIONS: tuple[tuple[str, "_StrPromise", "_StrPromise"], ...] = (
    (
        "set_out",
        gettext_lazy("What we set out to do"),
        gettext_lazy("What was the problem, and what did you want to change?"),
    ),
    (
        "tried",
        gettext_lazy("What we tried"),
        gettext_lazy("What did you actually do? Who was involved?"),
    ),
    (
        "went_wrong",
        gettext_lazy("What went wrong"),
        gettext_lazy("What did not work out as planned? This is what others learn most from."),
    ),
    (
        "learned",
        gettext_lazy("What we learned"),
        gettext_lazy("What would you tell a colleague who starts the same thing tomorrow?"),
    ),
    (
        "next",
        gettext_lazy("What is next"),
        gettext_lazy("What are you going to do now, and what could you use help with?"),
    ),
)
SECTION_KEYS = tuple(key for key, _heading, _prompt in SECTIONS)
SECTION_MAX = 5_000
COMMENT_MAX = 2_000
# When the author answers under their own post, at most this many earlier commenters hear it.
COMMENTERS_NOTIFIED_MAX = 20


# --- Checks -----------------------------------------------------------------------------


def _require_member(member: Member) -> None:
    if not member.is_active:
        raise NotAllowed(_("Log in to take part."))


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise PleinError(_("Give it a title: one sentence that says what it is about."))
    if len(title) > TITLE_MAX:
        raise PleinError(
            _("Keep the title under %(max)d characters; put the details in the text.")
            % {"max": TITLE_MAX}
        )
    return title


def _clean_sections(sections: dict) -> dict[str, str]:
    cleaned = {key: str(sections.get(key) or "").strip() for key in SECTION_KEYS}
    if not cleaned["learned"]:
        raise PleinError(
            _("Write at least what you learned: that is what makes a story worth reading.")
        )
    for key, heading, _prompt in SECTIONS:
        if len(cleaned[key]) > SECTION_MAX:
            raise PleinError(
                _("“%(part)s” is longer than %(max)d characters. Shorten it a little.")
                % {"part": heading, "max": SECTION_MAX}
            )
    return {key: text for key, text in cleaned.items() if text}


def _clean_body(body: str, *, limit: int = BODY_MAX) -> str:
    body = body.strip()
    if not body:
        raise PleinError(_("Write something first."))
    if len(body) > limit:
        raise PleinError(
            _("This text is longer than %(max)d characters. Shorten it a little.") % {"max": limit}
        )
    return body


def _check_idea(author: Member, idea: Post | None) -> None:
    if idea is None:
        return
    if idea.kind != Post.Kind.IDEA:
        raise PleinError(_("A story can only belong to an idea. Choose an idea or none."))
    if not Post.objects.visible_to(author).filter(pk=idea.pk).exists():
        raise PleinError(_("This idea is not (or no longer) open to you. Choose another one."))


def _may_edit(member: Member, post: Post, kind: str) -> None:
    if post.kind != kind:
        raise PleinError(_("This is not a story or blog post."))
    if post.author_id != member.pk:
        raise NotAllowed(_("Only the author can change this."))
    if post.deleted_at is not None:
        raise NotAllowed(_("This has been deleted."))


def story_body(sections: dict[str, str]) -> str:
    """The story as one Markdown text, a heading per part, in the site's own language (not
    the viewer's): what search and excerpts read. The page shows `sections` instead."""
    with translation.override(settings.LANGUAGE_CODE):
        return "\n\n".join(
            f"## {heading}\n\n{sections[key]}"
            for key, heading, _prompt in SECTIONS
            if sections.get(key)
        )


# --- Stories ----------------------------------------------------------------------------


def write_story(
    author: Member,
    *,
    theme: Theme,
    title: str,
    sections: dict,
    idea: Post | None = None,
    circle: "Circle | None" = None,
    gathering: "Gathering | None" = None,
    anonymous: bool = False,
    confirmed_privacy: bool = False,
    submit_key: str = "",
) -> Post:
    """Post a process story (at least "what we learned"), optionally about an idea the
    author may see, in a circle they belong to (or an open one), or from a gathering. A
    second submit with the same key returns the first story."""
    _require_member(author)
    title = _clean_title(title)
    parts = _clean_sections(sections)
    _check_idea(author, idea)
    circle = place_for_post(author, circle=circle, gathering=gathering)
    guard(title, *parts.values(), confirmed=confirmed_privacy)
    body = story_body(parts)
    return create_post(
        author,
        submit_key=submit_key,
        kind=Post.Kind.STORY,
        theme=theme,
        is_anonymous=anonymous,
        title=title,
        sections=parts,
        body=body,
        body_html=render_markdown(body),
        idea=idea,
        circle=circle,
        gathering=gathering,
    )


def edit_story(
    editor: Member,
    story: Post,
    *,
    theme: Theme,
    title: str,
    sections: dict,
    idea: Post | None = None,
    confirmed_privacy: bool = False,
) -> Post:
    """The author changes their story (the place and anonymity stay as posted)."""
    _may_edit(editor, story, Post.Kind.STORY)
    title = _clean_title(title)
    parts = _clean_sections(sections)
    if idea is not None and idea.pk != story.idea_id:
        _check_idea(editor, idea)
    guard(title, *parts.values(), confirmed=confirmed_privacy)
    idea_id = idea.pk if idea is not None else None
    if (title, parts, theme.pk, idea_id) == (
        story.title,
        story.sections,
        story.theme_id,
        story.idea_id,
    ):
        return story
    body = story_body(parts)
    with transaction.atomic():
        Revision.objects.create(post=story, title=story.title, body=story.body)
        story.title, story.sections, story.theme, story.idea = title, parts, theme, idea
        story.body, story.body_html = body, render_markdown(body)
        story.edited_at = timezone.now()
        story.save(
            update_fields=["title", "sections", "theme", "idea", "body", "body_html", "edited_at"]
        )
        schedule_post_index(story.pk)
    return story


# --- Blog posts -------------------------------------------------------------------------


def write_blog_post(
    author: Member,
    *,
    theme: Theme,
    title: str,
    body: str,
    circle: "Circle | None" = None,
    confirmed_privacy: bool = False,
    submit_key: str = "",
) -> Post:
    """Post a blog post (Markdown), always under the author's name."""
    _require_member(author)
    title = _clean_title(title)
    body = _clean_body(body)
    circle = place_for_post(author, circle=circle, gathering=None)
    guard(title, body, confirmed=confirmed_privacy)
    return create_post(
        author,
        submit_key=submit_key,
        kind=Post.Kind.BLOG,
        theme=theme,
        is_anonymous=False,
        title=title,
        body=body,
        body_html=render_markdown(body),
        circle=circle,
    )


def edit_blog_post(
    editor: Member,
    post: Post,
    *,
    theme: Theme,
    title: str,
    body: str,
    confirmed_privacy: bool = False,
) -> Post:
    _may_edit(editor, post, Post.Kind.BLOG)
    title = _clean_title(title)
    body = _clean_body(body)
    guard(title, body, confirmed=confirmed_privacy)
    return save_edit(post, title=title, body=body, theme=theme)


def delete(member: Member, post: Post) -> None:
    """The author removes their story or blog post; comments and helped marks stay in the
    database for the insights, but nobody sees them any more."""
    if post.kind not in (Post.Kind.STORY, Post.Kind.BLOG):
        raise PleinError(_("This is not a story or blog post."))
    _may_edit(member, post, post.kind)
    with transaction.atomic():
        post.deleted_at = timezone.now()
        post.save(update_fields=["deleted_at"])
        schedule_post_index(post.pk)
        # The blog carnivals it joined count one entry less.
        for carnival in Carnival.objects.filter(entries__post=post).distinct():
            carnival.refresh_counts()


# --- Comments and "this helped me" ------------------------------------------------------


def comment_on(
    member: Member,
    post: Post,
    body: str,
    *,
    confirmed_privacy: bool = False,
    submit_key: str = "",
) -> Reply:
    """A comment under a story or blog post, shown flat in order. The post's author is
    told; when the author comments, the earlier commenters are told. The anonymous author
    of a story comments anonymously. The caller checks the member may see `post`."""
    _require_member(member)
    if post.kind not in (Post.Kind.STORY, Post.Kind.BLOG):
        raise PleinError(_("Comments here go under a story or a blog post."))
    if post.deleted_at is not None:
        raise PleinError(_("This has been deleted."))
    body = _clean_body(body, limit=COMMENT_MAX)
    guard(body, confirmed=confirmed_privacy)
    if submit_key:
        existing = Reply.objects.filter(author=member, submit_key=submit_key).first()
        if existing is not None:
            return existing
    by_author = post.author_id == member.pk
    with transaction.atomic():
        comment = Reply.objects.create(
            post=post,
            author=member,
            is_anonymous=post.is_anonymous and by_author,
            body=body,
            body_html=render_markdown(body),
            submit_key=submit_key[:40],
        )
        if not by_author:
            # answer_count counts the comments of others, as for a question's answers
            # (plein.posts.actions.delete_reply keeps it in step when one is deleted).
            Post.objects.filter(pk=post.pk).update(
                answer_count=F("answer_count") + 1, last_activity_at=timezone.now()
            )
            notify(post.author, Notification.Kind.COMMENT, post=post, reply=comment)
        else:
            Post.objects.filter(pk=post.pk).update(last_activity_at=timezone.now())
            commenter_ids = (
                Reply.objects.filter(post=post, deleted_at__isnull=True)
                .exclude(author_id=member.pk)
                .order_by("author_id")
                .values_list("author_id", flat=True)
                .distinct()[:COMMENTERS_NOTIFIED_MAX]
            )
            for commenter in Member.objects.filter(pk__in=list(commenter_ids), is_active=True):
                notify(commenter, Notification.Kind.COMMENT, post=post, reply=comment)
        schedule_post_index(post.pk)
        record(Event.Kind.COMMENTED, member, theme_id=post.theme_id, anonymous=comment.is_anonymous)
    return comment


def mark_story_helped(member: Member, story: Post, minutes: int | None = None) -> Helped:
    """ "This helped me" on a story, with the member's own estimate of the time it saved.
    Once per member; not on your own story. The author hears it (without who)."""
    _require_member(member)
    if story.kind != Post.Kind.STORY:
        raise PleinError(_("Only stories can be marked as helpful here."))
    if story.author_id == member.pk:
        raise PleinError(_("You cannot mark your own story as helpful."))
    if minutes is not None and not 1 <= minutes <= MINUTES_MAX:
        raise PleinError(
            _("Time saved is between 1 minute and a working week (%(max)d hours).")
            % {"max": MINUTES_MAX // 60}
        )
    try:
        with transaction.atomic():
            helped = Helped.objects.create(post=story, member=member, minutes=minutes)
            Post.objects.filter(pk=story.pk).update(
                helped_count=F("helped_count") + 1,
                minutes_saved=F("minutes_saved") + (minutes or 0),
            )
            if not story.is_anonymous:
                count_help(story.author_id, story.theme_id)
            notify(story.author, Notification.Kind.HELPED, post=story)
            schedule_post_index(story.pk)
            record(
                Event.Kind.HELPED,
                member,
                theme_id=story.theme_id,
                minutes=minutes,
                helper=story.author,
                helper_anonymous=story.is_anonymous,
            )
    except IntegrityError as error:
        raise PleinError(_("You already marked this story as helpful.")) from error
    return helped
