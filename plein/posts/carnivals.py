"""Every write about blog carnivals (blogkermis): opening, editing and deleting one,
entries (a Plein post, or the address of a post on the member's own blog), the host's
moderation of external entries, and the roundup.

The rules, decided here:

- **Who hosts.** Only community managers open a carnival; its host and every community
  manager may edit it, moderate its entries and write its roundup. A carnival is
  community-wide and public (see Carnival.objects.visible_to), so it cannot live in a
  circle, and a post in a circle cannot join it: its readers could not follow the link.
- **The period.** The last day is not before the first, not in the past when it is set,
  and the whole is at most MAX_DAYS long; the first day is at most MAX_DAYS_AHEAD away.
  The host may move the period (for instance extend it) until the roundup is out; once a
  carnival has started, its first day stays where it was.
- **Entries from Plein** are published at once (the member's own blog post or story, not
  in a circle, while the carnival accepts entries, once per post): the post already went
  through the privacy guard and its own visibility rule, which the entry follows.
- **Anonymous stories may join.** A process story told anonymously is exactly the kind of
  learning a carnival asks for. The entry then stays anonymous everywhere: the carnival
  page shows the post's author through author_for(), the host's notification names
  nobody, and `submitted_by` (kept so the member can withdraw) is never shown.
- **External entries** (an address a member registers, or a Webmention) wait as PENDING
  for the background check in plein.posts.webmention, which fetches the page safely and
  puts it in the host's moderation queue (or publishes it, for a site the host trusted
  before). The host approves or rejects; a failed check can be retried by its submitter.
- **The roundup** can be written from the day after the last day; it closes the
  carnival to entries, and the first time it is published every member with an entry
  hears it once. It may be edited later.
"""

import datetime
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plein.core.errors import InvalidField, NotAllowed, PleinError
from plein.core.markdown import render_markdown
from plein.core.privacy import guard
from plein.members.models import Member
from plein.notify.actions import notify
from plein.notify.models import Notification
from plein.posts.models import Carnival, CarnivalEntry, Post, PostQuerySet
from plein.posts.stories import write_blog_post, write_story
from plein.posts.webfetch import on_this_site
from plein.search.index import schedule_index
from plein.themes.models import Theme

TITLE_MAX = 200
INTRO_MAX = 10_000
ROUNDUP_MAX = 20_000
URL_MAX = 500
# Each registered address is fetched: a member registers a few posts, not a flood.
ADDRESSES_PER_MEMBER = 10
# About six months long at most, and announced at most a year ahead.
MAX_DAYS = 184
MAX_DAYS_AHEAD = 366
ENTRY_KINDS = (Post.Kind.BLOG, Post.Kind.STORY)
SEARCH_KIND = "carnival"


# --- Checks -----------------------------------------------------------------------------


def may_host(member: Member | object, carnival: Carnival) -> bool:
    """The host of `carnival` or any community manager (edit, moderate, roundup)."""
    if not getattr(member, "is_authenticated", False) or not getattr(member, "is_active", False):
        return False
    assert isinstance(member, Member)
    return carnival.host_id == member.pk or member.is_community_manager


def _require_host(member: Member, carnival: Carnival) -> None:
    if carnival.deleted_at is not None:
        raise NotAllowed(_("This blog carnival has been deleted."))
    if not may_host(member, carnival):
        raise NotAllowed(
            _("Only the host of this blog carnival or a community manager can do this.")
        )


def _require_member(member: Member) -> None:
    if not member.is_active:
        raise NotAllowed(_("Log in to take part."))


def require_open(carnival: Carnival) -> None:
    """Refuse an entry, with the reason, unless `carnival` takes entries now: for entries
    from Plein, registered addresses and Webmentions alike."""
    if carnival.deleted_at is not None:
        raise PleinError(_("This blog carnival has been deleted."))
    if carnival.roundup_at is not None:
        raise PleinError(_("This blog carnival is closed: the roundup is out."))
    if carnival.is_upcoming:
        raise PleinError(
            _("This blog carnival has not started yet. Entries are welcome from %(day)s.")
            % {"day": _day(carnival.starts_on)}
        )
    if not carnival.accepts_entries:
        raise PleinError(
            _(
                "This blog carnival is closed: it is over and takes no more entries (its "
                "last day was %(day)s)."
            )
            % {"day": _day(carnival.ends_on)}
        )


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _checked(text: str, *, field: str, limit: int, missing: str, too_long: str) -> str:
    """`text` without surrounding white space, refused when empty or over `limit`, with
    the message beside `field`."""
    text = text.strip()
    if not text:
        raise InvalidField(field, missing)
    if len(text) > limit:
        raise InvalidField(field, too_long % {"max": limit})
    return text


def _clean_title(title: str) -> str:
    return _checked(
        " ".join(title.split()),
        field="title",
        limit=TITLE_MAX,
        missing=_("Ask the carnival's question: one sentence."),
        too_long=_("Keep the question under %(max)d characters; put the rest in the introduction."),
    )


def _clean_text(text: str, *, limit: int, missing: str, field: str) -> str:
    return _checked(
        text,
        field=field,
        limit=limit,
        missing=missing,
        too_long=_("This text is longer than %(max)d characters. Shorten it a little."),
    )


def _check_period(
    starts_on: datetime.date, ends_on: datetime.date, *, carnival: Carnival | None = None
) -> None:
    today = timezone.localdate()
    if ends_on < starts_on:
        raise InvalidField(
            "ends_on", _("The last day comes before the first day. Swap them round.")
        )
    unchanged_end = carnival is not None and carnival.ends_on == ends_on
    if ends_on < today and not unchanged_end:
        raise InvalidField("ends_on", _("The last day is in the past. Choose a day from today on."))
    if (ends_on - starts_on).days + 1 > MAX_DAYS:
        raise InvalidField(
            "ends_on",
            _("A blog carnival runs at most %(days)d days. Choose a shorter period.")
            % {"days": MAX_DAYS},
        )
    if (starts_on - today).days > MAX_DAYS_AHEAD:
        raise PleinError(_("The first day is more than a year away. Open it closer to the time."))
    if carnival is not None and starts_on != carnival.starts_on and carnival.starts_on <= today:
        raise InvalidField(
            "starts_on",
            _("This blog carnival has already started: its first day stays %(day)s.")
            % {"day": _day(carnival.starts_on)},
        )


# --- The carnival -----------------------------------------------------------------------


def _checked_carnival(
    title: str,
    intro: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    confirmed_privacy: bool,
    *,
    carnival: Carnival | None = None,
) -> tuple[str, str]:
    """The question and introduction as they are saved, once the texts, the period (of
    `carnival` when editing) and the privacy guard allow them."""
    title = _clean_title(title)
    intro = _clean_text(
        intro,
        limit=INTRO_MAX,
        missing=_("Write an introduction: what the question is about."),
        field="intro",
    )
    _check_period(starts_on, ends_on, carnival=carnival)
    guard(title, intro, confirmed=confirmed_privacy)
    return title, intro


def open_carnival(
    host: Member,
    *,
    title: str,
    intro: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    theme: Theme | None = None,
    confirmed_privacy: bool = False,
) -> Carnival:
    """A community manager opens a blog carnival: a question, an introduction (Markdown)
    and a period. It is public at once; entries come in from the first day."""
    _require_member(host)
    if not host.is_community_manager:
        raise NotAllowed(_("Only community managers can open a blog carnival."))
    title, intro = _checked_carnival(title, intro, starts_on, ends_on, confirmed_privacy)
    with transaction.atomic():
        carnival = Carnival.objects.create(
            title=title,
            intro=intro,
            intro_html=render_markdown(intro),
            theme=theme,
            host=host,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        schedule_index(SEARCH_KIND, carnival.pk)
    return carnival


def edit_carnival(
    editor: Member,
    carnival: Carnival,
    *,
    title: str,
    intro: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    theme: Theme | None = None,
    confirmed_privacy: bool = False,
) -> Carnival:
    """The host or a community manager changes the question, introduction, theme or
    period (see the module's rules), until the roundup is out."""
    _require_host(editor, carnival)
    if carnival.roundup_at is not None:
        raise PleinError(
            _("The roundup is out: the carnival stays as it was. You can still edit the roundup.")
        )
    title, intro = _checked_carnival(
        title, intro, starts_on, ends_on, confirmed_privacy, carnival=carnival
    )
    with transaction.atomic():
        carnival.title, carnival.intro, carnival.intro_html = title, intro, render_markdown(intro)
        carnival.theme, carnival.starts_on, carnival.ends_on = theme, starts_on, ends_on
        carnival.save(
            update_fields=["title", "intro", "intro_html", "theme", "starts_on", "ends_on"]
        )
        schedule_index(SEARCH_KIND, carnival.pk)
    return carnival


def delete_carnival(editor: Member, carnival: Carnival) -> None:
    """The host or a community manager removes the carnival (softly: its entries stay in
    the database, but its page and entries are gone for everyone)."""
    _require_host(editor, carnival)
    with transaction.atomic():
        carnival.deleted_at = timezone.now()
        carnival.save(update_fields=["deleted_at"])
        schedule_index(SEARCH_KIND, carnival.pk)


def write_roundup(
    host: Member, carnival: Carnival, *, text: str, confirmed_privacy: bool = False
) -> Carnival:
    """The host's (or a community manager's) roundup, from the day after the last day. The
    first one closes the carnival to entries and tells every member with an entry, once."""
    _require_host(host, carnival)
    if not carnival.has_ended:
        raise PleinError(
            _("The roundup comes after the last day (%(day)s): entries may still come in.")
            % {"day": _day(carnival.ends_on)}
        )
    text = _clean_text(
        text,
        limit=ROUNDUP_MAX,
        missing=_("Write the roundup: what the entries said together."),
        field="text",
    )
    guard(text, confirmed=confirmed_privacy)
    with transaction.atomic():
        carnival = Carnival.objects.select_for_update().get(pk=carnival.pk)
        first = carnival.roundup_at is None
        carnival.roundup, carnival.roundup_html = text, render_markdown(text)
        if first:
            carnival.roundup_at = timezone.now()
        carnival.save(update_fields=["roundup", "roundup_html", "roundup_at"])
        schedule_index(SEARCH_KIND, carnival.pk)
        if first:
            # Pending external entries can no longer be published (accepts_entries): the
            # ones that waited are left as they are for the record.
            taking_part = (
                CarnivalEntry.objects.filter(
                    carnival=carnival,
                    status=CarnivalEntry.Status.PUBLISHED,
                    submitted_by__isnull=False,
                )
                .exclude(submitted_by=host)
                .values_list("submitted_by", flat=True)
                .distinct()
            )
            for member in Member.objects.filter(pk__in=list(taking_part), is_active=True):
                notify(member, Notification.Kind.CARNIVAL_ROUNDUP, carnival=carnival)
    return carnival


# --- Entries ----------------------------------------------------------------------------


def notify_host_of_entry(entry: CarnivalEntry) -> None:
    """Tell the carnival's host about a new entry: one waiting for approval in the queue,
    or a post that joined. Names nobody (the entry may be an anonymous story). Called by
    enter_post and, for external entries, by the Webmention check."""
    carnival = entry.carnival
    if carnival.deleted_at is not None or entry.submitted_by_id == carnival.host_id:
        return
    notify(carnival.host, Notification.Kind.CARNIVAL_ENTRY, carnival=carnival)


def eligible_posts(member: Member, carnival: Carnival) -> PostQuerySet:
    """The member's own blog posts and stories that may join `carnival`: not deleted or
    hidden, not in a circle, not entered already."""
    return (
        Post.objects.visible_to(member)
        .filter(author=member, kind__in=ENTRY_KINDS, circle__isnull=True)
        .exclude(carnival_entries__carnival=carnival)
        .order_by("-created_at", "-id")
    )


def enter_post(member: Member, carnival: Carnival, post: Post) -> CarnivalEntry:
    """The member enters their own blog post or story; it is published at once."""
    _require_member(member)
    if post.kind not in ENTRY_KINDS:
        raise PleinError(_("Only a blog post or a story can join a blog carnival."))
    if post.author_id != member.pk:
        raise NotAllowed(_("You can only enter your own blog posts and stories."))
    if post.deleted_at is not None or post.hidden_at is not None:
        raise PleinError(_("This post is no longer available."))
    if post.circle_id is not None:
        raise PleinError(
            _(
                "This post is in a circle, and a blog carnival is open to the whole community "
                "(and to visitors): its readers could not read it. Write a post outside the "
                "circle to take part."
            )
        )
    require_open(carnival)
    now = timezone.now()
    try:
        with transaction.atomic():
            entry = CarnivalEntry.objects.create(
                carnival=carnival,
                via=CarnivalEntry.Via.PLEIN,
                post=post,
                submitted_by=member,
                status=CarnivalEntry.Status.PUBLISHED,
                created_at=now,
                published_at=now,
            )
            carnival.refresh_counts()
            notify_host_of_entry(entry)
    except IntegrityError as error:
        raise PleinError(_("This post is already part of this blog carnival.")) from error
    return entry


def write_entry(
    author: Member, carnival: Carnival, *, kind: str, **fields: Any
) -> tuple[Post, CarnivalEntry]:
    """A new blog post or story written for `carnival` (the form opened from the
    carnival's page): the post (plein.posts.stories.write_blog_post or write_story, with
    `fields` as its arguments) and its entry in one transaction, so a refused entry leaves
    no stray post. A double submit finds both again."""
    _require_member(author)
    require_open(carnival)
    write = write_story if kind == Post.Kind.STORY else write_blog_post
    with transaction.atomic():
        post = write(author, **fields)
        existing = CarnivalEntry.objects.filter(carnival=carnival, post=post).first()
        entry = existing or enter_post(author, carnival, post)
    return post, entry


def withdraw_entry(member: Member, entry: CarnivalEntry) -> None:
    """Its submitter (or the carnival's host) takes an entry out; the post itself stays."""
    carnival = entry.carnival
    if entry.submitted_by_id != member.pk and not may_host(member, carnival):
        raise NotAllowed(_("Only whoever entered this, or the host, can take it out."))
    with transaction.atomic():
        entry.delete()
        carnival.refresh_counts()


def _clean_url(url: str) -> tuple[str, str]:
    url = _checked(
        url,
        field="url",
        limit=URL_MAX,
        missing=_("Fill in the address of your blog post."),
        too_long=_("This address is longer than %(max)d characters. Use the post's short address."),
    )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise InvalidField(
            "url",
            _("This is not a web address. Copy it from your browser, starting with https://."),
        ) from error
    # The Webmention receiver's rule: a blog on another port of this machine (the tests'
    # blog on 127.0.0.1) is not this site.
    if on_this_site(url, same_server=True):
        raise InvalidField(
            "url",
            _(
                "This is an address on Plein itself. To enter a post on Plein, choose it "
                "from your posts or write a new one."
            ),
        )
    return url, (urlsplit(url).hostname or "").lower()


def register_address(member: Member, carnival: Carnival, url: str) -> CarnivalEntry:
    """The member registers a post on their own blog. It waits (PENDING) for the check,
    which runs in the background after the commit."""
    _require_member(member)
    url, host = _clean_url(url)
    existing = CarnivalEntry.objects.filter(carnival=carnival, source_url=url).first()
    if existing is not None:
        raise InvalidField(
            "url",
            _("This address is already registered for this blog carnival (%(status)s).")
            % {"status": existing.get_status_display()},
        )
    require_open(carnival)
    registered = CarnivalEntry.objects.filter(
        carnival=carnival, submitted_by=member, via=CarnivalEntry.Via.MEMBER
    )
    if registered.count() >= ADDRESSES_PER_MEMBER:
        raise InvalidField(
            "url",
            _("You have registered %(max)d addresses for this blog carnival: that is the most.")
            % {"max": ADDRESSES_PER_MEMBER},
        )
    try:
        with transaction.atomic():
            entry = CarnivalEntry.objects.create(
                carnival=carnival,
                via=CarnivalEntry.Via.MEMBER,
                source_url=url,
                source_host=host,
                submitted_by=member,
                status=CarnivalEntry.Status.PENDING,
            )
            _schedule_check(entry)
    except IntegrityError as error:
        raise PleinError(_("This address is already registered for this blog carnival.")) from error
    return entry


def check_again(member: Member, entry: CarnivalEntry) -> CarnivalEntry:
    """The submitter (or the host) asks for a failed check to be run again."""
    carnival = entry.carnival
    if entry.submitted_by_id != member.pk and not may_host(member, carnival):
        raise NotAllowed(_("Only whoever registered this address, or the host, can do this."))
    if entry.status != CarnivalEntry.Status.FAILED:
        raise PleinError(_("Only an address that could not be checked can be checked again."))
    require_open(carnival)
    with transaction.atomic():
        entry.status, entry.failure = CarnivalEntry.Status.PENDING, ""
        entry.save(update_fields=["status", "failure"])
        _schedule_check(entry)
    return entry


def _schedule_check(entry: CarnivalEntry) -> None:
    # Imported here: plein.posts.webmention (the receiver and the check) builds on this
    # module's rules.
    from plein.posts.webmention import schedule_entry_check

    schedule_entry_check(entry.pk)


def approve_entry(host: Member, entry: CarnivalEntry) -> CarnivalEntry:
    """The host publishes an entry from the moderation queue (or one rejected before)."""
    carnival = entry.carnival
    _require_host(host, carnival)
    if entry.status not in (CarnivalEntry.Status.MODERATION, CarnivalEntry.Status.REJECTED):
        raise PleinError(_("This entry is not waiting for approval."))
    with transaction.atomic():
        entry.status = CarnivalEntry.Status.PUBLISHED
        entry.published_at = entry.published_at or timezone.now()
        entry.save(update_fields=["status", "published_at"])
        carnival.refresh_counts()
    return entry


def reject_entry(host: Member, entry: CarnivalEntry) -> CarnivalEntry:
    """The host turns down an entry waiting in the queue, or takes a published external
    one off the page. The address stays registered, so it cannot simply be sent again."""
    carnival = entry.carnival
    _require_host(host, carnival)
    if entry.status not in (CarnivalEntry.Status.MODERATION, CarnivalEntry.Status.PUBLISHED):
        raise PleinError(_("This entry is not waiting for approval."))
    with transaction.atomic():
        entry.status = CarnivalEntry.Status.REJECTED
        entry.save(update_fields=["status"])
        carnival.refresh_counts()
    return entry
