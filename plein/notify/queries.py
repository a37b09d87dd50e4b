"""Reads for notifications: the unread count, the list, and what one notification says.

What a notification says is worked out when it is shown or mailed, never stored: the
actor through author_for() (the one author rule), the post or resource through
visible_to() (the one visibility rule). Build entries with the recipient's language active."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plein.circles.models import Circle
from plein.core.authors import author_for
from plein.core.mail import absolute_url
from plein.core.markdown import plain_text_excerpt
from plein.core.pagination import Page, keyset_page
from plein.gatherings.models import Gathering
from plein.library.models import Resource
from plein.members.models import Member
from plein.notify.models import Notification, NotificationSettings
from plein.posts.models import Carnival, Helped, Post, Reply
from plein.posts.templatetags.posts import duration

# Counting stops here: the header shows "99+", and the query never reads more index rows.
UNREAD_CAP = 100
PAGE_SIZE = 20
EXCERPT_LENGTH = 200

Kind = Notification.Kind


def unread_count(member: Member) -> int:
    """Unread notifications, counted up to UNREAD_CAP (one query on a partial index)."""
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    return unread[:UNREAD_CAP].count()


def settings_for(member: Member) -> NotificationSettings:
    """The member's settings; an unsaved row with the defaults if they never changed any."""
    found = NotificationSettings.objects.filter(member=member).first()
    return found or NotificationSettings(member=member)


def with_targets(notifications: QuerySet[Notification], viewer: Member) -> QuerySet[Notification]:
    """Everything needed to show these notifications, in the same query: the post, the
    reply and its author, or the resource and who reused it, and whether the viewer may
    still see them."""
    return notifications.select_related(
        "post",
        "reply__author__organisation",
        "resource",
        "helped__member__organisation",
        "gathering",
        "circle",
        "carnival",
    ).annotate(
        post_visible=Exists(Post.objects.visible_to(viewer).filter(pk=OuterRef("post_id"))),
        reply_visible=Exists(Reply.objects.visible_to(viewer).filter(pk=OuterRef("reply_id"))),
        resource_visible=Exists(
            Resource.objects.visible_to(viewer).filter(pk=OuterRef("resource_id"))
        ),
        gathering_visible=Exists(
            Gathering.objects.visible_to(viewer).filter(pk=OuterRef("gathering_id"))
        ),
        circle_visible=Exists(Circle.objects.visible_to(viewer).filter(pk=OuterRef("circle_id"))),
        carnival_visible=Exists(
            Carnival.objects.visible_to(viewer).filter(pk=OuterRef("carnival_id"))
        ),
    )


@dataclass
class _Reuser:
    """A reuse report as author_for() reads it (reuse reports are never anonymous)."""

    author_id: int
    author: Member
    is_anonymous: bool = False

    @classmethod
    def of(cls, helped: Helped) -> "_Reuser":
        return cls(author_id=helped.member_id, author=helped.member)


@dataclass(frozen=True)
class Entry:
    """One notification as its recipient sees it, in the list and in mails."""

    notification: Notification
    headline: str
    excerpt: str = ""
    message: str = ""
    url: str = ""  # the answer, question or resource; empty when it is no longer available
    title: str = ""  # of the question or resource; empty when it is no longer available

    @property
    def pk(self) -> int:
        return self.notification.pk

    @property
    def kind(self) -> str:
        return self.notification.kind

    @property
    def is_unread(self) -> bool:
        return self.notification.is_unread

    @property
    def created_at(self) -> datetime:
        return self.notification.created_at

    @property
    def is_about_resource(self) -> bool:
        return self.notification.resource_id is not None

    @property
    def available(self) -> bool:
        return bool(self.url)

    @property
    def worth_mailing(self) -> bool:
        # A manager's message still reaches the author of a post that is gone.
        return self.available or self.kind == Kind.MODERATION

    @property
    def link(self) -> str:
        """The absolute address, for mails."""
        return absolute_url(self.url) if self.url else ""


def entry_for(  # noqa: C901  one headline per kind of notification, read as a table
    notification: Notification, viewer: Member
) -> Entry:
    """What `notification` says to `viewer`. Expects a row from with_targets(); a row
    without its visibility annotations counts as no longer available (fail closed)."""
    if notification.resource_id is not None:
        return _resource_entry(notification, viewer)
    if notification.gathering_id is not None:
        return _gathering_entry(notification)
    if notification.circle_id is not None:
        return _circle_entry(notification)
    if notification.carnival_id is not None:
        return _carnival_entry(notification)
    post = notification.post
    assert post is not None  # about a post or a resource (a check constraint)
    reply = notification.reply
    available = getattr(notification, "post_visible", False) and (
        reply is None or getattr(notification, "reply_visible", False)
    )
    if not available:
        if notification.kind == Kind.MODERATION:
            headline = _("A community manager sent you a message about one of your posts")
            return Entry(notification, headline, message=notification.message)
        return Entry(notification, _("This is about something that is no longer available"))

    if reply is not None and reply.post_id == post.pk:
        reply.post = post  # the same row: spares a query in reply.get_absolute_url()
    url = reply.get_absolute_url() if reply is not None else post.get_absolute_url()
    excerpt = plain_text_excerpt(reply.body if reply is not None else post.body, EXCERPT_LENGTH)
    kind = notification.kind
    names = {"title": post.title, "actor": ""}
    # Only answers and comments name who wrote them, and only through author_for().
    if kind in (Kind.ANSWER, Kind.COMMENT):
        names["actor"] = author_for(reply if reply is not None else post, viewer).name
    is_story, is_blog = post.kind == Post.Kind.STORY, post.kind == Post.Kind.BLOG
    if kind == Kind.ANSWER:
        headline = _("%(actor)s answered your question “%(title)s”") % names
    elif kind == Kind.COMMENT and is_story and post.author_id == viewer.pk:
        headline = _("%(actor)s commented on your story “%(title)s”") % names
    elif kind == Kind.COMMENT and is_story:
        headline = _("%(actor)s replied under the story “%(title)s”") % names
    elif kind == Kind.COMMENT and is_blog and post.author_id == viewer.pk:
        headline = _("%(actor)s commented on your blog post “%(title)s”") % names
    elif kind == Kind.COMMENT and is_blog:
        headline = _("%(actor)s replied under the blog post “%(title)s”") % names
    elif kind == Kind.COMMENT and post.author_id == viewer.pk:
        headline = _("%(actor)s replied to your question “%(title)s”") % names
    elif kind == Kind.COMMENT:
        headline = _("%(actor)s commented on your answer to “%(title)s”") % names
    elif kind == Kind.HELPED and is_story:
        headline = _("Your story “%(title)s” helped someone") % names
    elif kind == Kind.HELPED:
        headline = _("Your answer to “%(title)s” helped someone") % names
    elif kind == Kind.HELP_REQUEST:
        headline = _("Can you help with “%(title)s”?") % names
    elif kind == Kind.IDEA_JOINED:
        headline = _("Someone joined your idea “%(title)s”") % names
        excerpt = ""
    elif kind == Kind.IDEA_UPDATE:
        names["stage"] = post.get_stage_display()
        headline = _("News from the idea “%(title)s” (now: %(stage)s)") % names
    else:
        headline = _("A community manager sent you a message about “%(title)s”") % names
        excerpt = ""
    return Entry(
        notification,
        headline,
        excerpt=excerpt,
        message=notification.message,
        url=url,
        title=post.title,
    )


def _resource_entry(notification: Notification, viewer: Member) -> Entry:
    """A reuse of a resource the viewer shared, or a community manager's message about it
    (its hiding, with the reason)."""
    resource = notification.resource
    assert resource is not None
    if not getattr(notification, "resource_visible", False):
        if notification.kind == Kind.MODERATION:
            headline = _("A community manager hid one of your resources")
            return Entry(notification, headline, message=notification.message)
        return Entry(notification, _("This is about something that is no longer available"))
    names = {"title": resource.title}
    if notification.kind == Kind.MODERATION:
        headline = _("A community manager hid your resource “%(title)s”") % names
    else:
        helped = notification.helped
        assert helped is not None  # a reuse names its report (a check constraint)
        names["actor"] = author_for(_Reuser.of(helped), viewer).name
        if helped.minutes:
            names["saved"] = duration(helped.minutes)
            headline = (
                _("%(actor)s reused your resource “%(title)s”: it saved them about %(saved)s")
                % names
            )
        else:
            headline = _("%(actor)s reused your resource “%(title)s”") % names
    return Entry(
        notification,
        headline,
        message=notification.message,
        url=resource.get_absolute_url(),
        title=resource.title,
    )


def _gathering_entry(notification: Notification) -> Entry:
    """A reminder, a change (the message says what), a seat from the waiting list, or the
    first follow-up of a gathering; only while the viewer may still see the gathering."""
    gathering = notification.gathering
    assert gathering is not None
    if not getattr(notification, "gathering_visible", False):
        return Entry(notification, _("This is about something that is no longer available"))
    names = {
        "title": gathering.title,
        "when": date_format(timezone.localtime(gathering.starts_at), "DATETIME_FORMAT"),
    }
    kind = notification.kind
    if kind == Kind.GATHERING_REMINDER:
        headline = _("Reminder: “%(title)s” starts %(when)s") % names
    elif kind == Kind.GATHERING_SEAT:
        headline = _("A seat came free: you are going to “%(title)s” (%(when)s)") % names
    elif kind == Kind.GATHERING_FOLLOWUP:
        headline = _("The follow-up of “%(title)s” has started") % names
    elif gathering.cancelled_at is not None:
        headline = _("“%(title)s” (%(when)s) has been cancelled") % names
    else:
        headline = _("“%(title)s” has changed: it now starts %(when)s") % names
    return Entry(
        notification,
        headline,
        message=notification.message,
        url=gathering.get_absolute_url(),
        title=gathering.title,
    )


def _circle_entry(notification: Notification) -> Entry:
    """A request to join a circle the viewer hosts, or news that they are in a circle.
    The requester is named in the message only while the viewer may see the circle."""
    circle = notification.circle
    assert circle is not None
    if not getattr(notification, "circle_visible", False):
        return Entry(notification, _("This is about something that is no longer available"))
    names = {"circle": circle.name}
    if notification.kind == Kind.JOIN_REQUEST:
        headline = _("Someone asks to join your circle “%(circle)s”") % names
        url = reverse("circles:requests", kwargs={"pk": circle.pk})
    else:
        headline = _("You are now a member of the circle “%(circle)s”") % names
        url = circle.get_absolute_url()
    return Entry(notification, headline, message=notification.message, url=url, title=circle.name)


def _carnival_entry(notification: Notification) -> Entry:
    """A new entry for a carnival the viewer hosts (to its moderation queue when entries
    wait, else to its page), or the roundup of one they took part in. Who entered is not
    named: an entry may be an anonymous story."""
    carnival = notification.carnival
    assert carnival is not None
    if not getattr(notification, "carnival_visible", False):
        return Entry(notification, _("This is about something that is no longer available"))
    names = {"title": carnival.title}
    url = carnival.get_absolute_url()
    if notification.kind == Kind.CARNIVAL_ROUNDUP:
        headline = _("The roundup of the blog carnival “%(title)s” is out") % names
        excerpt = plain_text_excerpt(carnival.roundup, EXCERPT_LENGTH)
    else:
        headline = _("A new entry for your blog carnival “%(title)s”") % names
        excerpt = ""
        if carnival.waiting_count:
            url = reverse("posts:carnival_queue", kwargs={"pk": carnival.pk})
    return Entry(
        notification,
        headline,
        excerpt=excerpt,
        message=notification.message,
        url=url,
        title=carnival.title,
    )


def notifications_page(member: Member, cursor: str, *, size: int = PAGE_SIZE) -> Page:
    """One page of the member's notifications, newest first, as entries: one query
    whatever the page size or the length of the history."""
    notifications = with_targets(Notification.objects.filter(recipient=member), member)
    page = keyset_page(notifications, ("created_at", "id"), cursor, size, descending=True)
    page.items = [entry_for(notification, member) for notification in page.items]
    return page
