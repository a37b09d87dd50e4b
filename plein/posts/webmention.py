"""External posts joining a blog carnival: the Webmention receiver and the background
check of an external address.

The flow:

1. A blog links to a carnival's page and sends a Webmention (W3C,
   https://www.w3.org/TR/webmention/): `source` = the blog post, `target` = the
   carnival's page. `receive_webmention` runs only cheap checks while the sender waits
   (rate limit per IP, both addresses well-formed, the target is a carnival on this site
   that takes entries, the source is elsewhere) and stores a PENDING entry, or finds the
   existing one: sending the same source again means "my post changed", so it is checked
   again rather than stored twice (a published entry, or one in the queue, keeps its
   place meanwhile; a failed one waits as PENDING again). After the carnival has closed
   only published entries may still be updated or taken off. Too many entries waiting
   for their check make it answer 503. The sender hears 202 Accepted; nothing was
   fetched yet.
   A member registering the address of their own blog post (plein.posts.carnivals) also
   makes a PENDING entry, via=MEMBER, and calls `schedule_entry_check`.
2. After the commit, the task `check_entry` fetches the source through
   plein.posts.webfetch (public addresses only, size and time limits) and stores plain
   text only: title, excerpt, author name.

The trust rule (spam resistance): anyone can send a Webmention, so a verified Webmention
from a blog (host name) no carnival host has accepted before waits in the host's
moderation queue, and the host is told. Once a host has published a Webmention from that
blog (in any carnival), its next Webmentions are published after the check. An address
registered by a member is published after the check without the link: the member, who is
known, vouches for it. A re-check that finds the page gone (410 or 404), or no longer
linking to the carnival, takes a published entry off the page (FAILED, with the reason):
that is the Webmention way of deleting. A time-out or server error does not: a blog that
is down for an hour keeps its place. A rejected entry stays rejected, and its sender is told no
more than for any other Webmention ("accepted").
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from plein.core.errors import PleinError
from plein.core.ratelimit import consume
from plein.posts.carnivals import notify_host_of_entry, require_open
from plein.posts.models import Carnival, CarnivalEntry
from plein.posts.webfetch import (
    FetchedPage,
    FetchRefused,
    fetch_page,
    normalise_url,
    on_this_site,
    shown_url,
)

logger = logging.getLogger("plein.posts")

URL_MAX = 500
# More entries than this waiting for their check is a flood, not a carnival.
MAX_PENDING = 200
FAILURE_MAX = 300
CARNIVAL_VIEW = "posts:carnival"
Status = CarnivalEntry.Status
Via = CarnivalEntry.Via
# The states in which the host has been told about an entry already.
SHOWN_TO_HOST = (Status.MODERATION, Status.PUBLISHED)


class WebmentionRefused(PleinError):
    """The Webmention is not accepted (400, with the reason for the sender)."""


class WebmentionBusy(PleinError):
    """Too much work waiting already; the sender may try again later."""

    status_code = 503


# --- Receiving ------------------------------------------------------------------------


def receive_webmention(*, source: str, target: str, sender_ip: str) -> CarnivalEntry:
    """Accept a Webmention for a carnival: store (or find) the entry and schedule its
    check. Raises WebmentionRefused (400), RateLimited (429) or WebmentionBusy (503)."""
    consume("webmention-ip", sender_ip)
    source, target = _clean_url(source, "source"), _clean_url(target, "target")
    if normalise_url(source) == normalise_url(target):
        raise WebmentionRefused(_("The source and the target are the same address."))
    carnival = _carnival_for(target)
    if on_this_site(source, same_server=True):
        raise WebmentionRefused(
            _("The source is an address on this site; only posts elsewhere can be sent.")
        )
    existing = CarnivalEntry.objects.filter(carnival=carnival, source_url=source).first()
    # Once a carnival is closed nothing joins it any more, but a published entry can
    # still be updated, or taken off by its author (the Webmention way of deleting).
    if existing is None or existing.status != Status.PUBLISHED:
        require_open(carnival)
    if existing is not None and existing.status == Status.REJECTED:
        return existing  # the sender learns nothing more than "accepted"
    if CarnivalEntry.objects.filter(carnival=carnival, status=Status.PENDING).count() > MAX_PENDING:
        raise WebmentionBusy(
            _("Too many entries for this blog carnival are waiting to be checked. Try again later.")
        )
    with transaction.atomic():
        entry, created = CarnivalEntry.objects.get_or_create(
            carnival=carnival,
            source_url=source,
            defaults={
                "via": Via.WEBMENTION,
                "status": Status.PENDING,
                "source_host": (urlsplit(source).hostname or "").lower(),
            },
        )
        if not created and entry.status == Status.REJECTED:
            return entry
        if not created and entry.status == Status.FAILED:
            entry.status, entry.failure = Status.PENDING, ""
            entry.save(update_fields=["status", "failure"])
        # A published entry or one in the queue keeps its place while it is checked
        # again (the check decides again); a new or failed one waits as PENDING.
        schedule_entry_check(entry.pk)
    return entry


def _messages(which: str) -> dict[str, str]:
    # Whole sentences per field, so that each can be translated as a whole.
    if which == "source":
        return {
            "missing": _("The source address is missing."),
            "long": _("The source address is longer than %(max)d characters."),
            "bad": _("The source is not an absolute http or https address."),
        }
    return {
        "missing": _("The target address is missing."),
        "long": _("The target address is longer than %(max)d characters."),
        "bad": _("The target is not an absolute http or https address."),
    }


def _clean_url(url: str, which: str) -> str:
    messages = _messages(which)
    url = (url or "").strip()
    if not url:
        raise WebmentionRefused(messages["missing"])
    if len(url) > URL_MAX:
        raise WebmentionRefused(messages["long"] % {"max": URL_MAX})
    # Spaces and control characters: not a URL, whatever a lenient parser makes of it.
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in url):
        raise WebmentionRefused(messages["bad"])
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError as error:
        raise WebmentionRefused(messages["bad"]) from error
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise WebmentionRefused(messages["bad"])
    return url


def _carnival_for(target: str) -> Carnival:
    not_a_carnival = WebmentionRefused(_("The target is not a blog carnival on this site."))
    if not on_this_site(target):
        raise not_a_carnival
    path = urlsplit(target).path or "/"
    prefix = urlsplit(settings.BASE_URL).path.rstrip("/")
    if prefix and path.startswith(prefix + "/"):
        path = path[len(prefix) :]
    try:
        match = resolve(path)
    except Resolver404 as error:
        raise not_a_carnival from error
    if match.view_name != CARNIVAL_VIEW:
        raise not_a_carnival
    pk = match.kwargs.get("pk")
    carnival = Carnival.objects.filter(pk=pk, deleted_at__isnull=True).first() if pk else None
    if carnival is None:
        raise not_a_carnival
    return carnival


# --- Checking -------------------------------------------------------------------------


def schedule_entry_check(entry_id: int) -> None:
    """Check the external entry `entry_id` in the background once the current
    transaction commits (at once when there is none)."""
    transaction.on_commit(lambda: check_entry.enqueue(entry_id))


@task()
def check_entry(entry_id: int) -> str:
    """Fetch an external entry's page, store what it says, and decide its status (see the
    module docstring). Never raises for a bad page: the reason is stored in `failure`.
    Returns the new status."""
    entry = CarnivalEntry.objects.select_related("carnival").filter(pk=entry_id).first()
    if (
        entry is None
        or not entry.is_external
        or entry.status == Status.REJECTED
        or entry.carnival.deleted_at is not None
    ):
        return "skipped"
    carnival = entry.carnival
    # The network is slow and untrusted: fetch outside any transaction.
    page: FetchedPage | None = None
    failure = ""
    # Only a definite answer takes a published entry off: the page is gone, or it no
    # longer links. A time-out or a server error may pass; the entry stays as it was.
    definite = False
    try:
        page = fetch_page(entry.source_url)
        if entry.via == Via.WEBMENTION and not links_to(page, carnival):
            failure = _("The page %(url)s does not link to the blog carnival.") % {
                "url": shown_url(entry.source_url)
            }
            definite = True
    except FetchRefused as error:
        failure, definite = error.message, error.gone
    except Exception:  # a bug must not leave the entry pending for ever
        logger.exception("checking carnival entry %s failed", entry_id)
        failure = _("The page %(url)s could not be checked.") % {"url": shown_url(entry.source_url)}
    if failure:
        logger.info("carnival entry %s failed its check: %s", entry_id, failure)
    status = _store_check(
        entry_id, page=page if not failure else None, failure=failure, definite=definite
    )
    carnival.refresh_counts()
    return status


def links_to(page: FetchedPage, carnival: Carnival) -> bool:
    """Whether the page links to the carnival's page, however the address is written
    (a query such as ?utm_source=blog still points at the same page)."""
    wanted = normalise_url(settings.BASE_URL + carnival.get_absolute_url())
    return any(normalise_url(link).split("?", 1)[0] == wanted for link in page.links)


def _store_check(entry_id: int, *, page: FetchedPage | None, failure: str, definite: bool) -> str:
    with transaction.atomic():
        # Locked and read again: the host may have rejected it during the fetch.
        entry = (
            CarnivalEntry.objects.select_for_update()
            .select_related("carnival")
            .filter(pk=entry_id)
            .first()
        )
        if entry is None or entry.status == Status.REJECTED:
            return "skipped"
        previous = entry.status
        entry.checked_at = timezone.now()
        entry.check_count = min(entry.check_count + 1, 32767)
        fields = ["status", "failure", "checked_at", "check_count"]
        if page is None:
            if previous != Status.PUBLISHED or definite:
                entry.status, entry.failure = Status.FAILED, failure[:FAILURE_MAX]
            entry.save(update_fields=fields)
            return str(entry.status)
        entry.title, entry.excerpt, entry.author_name = page.title, page.excerpt, page.author_name
        entry.failure = ""
        fields += ["title", "excerpt", "author_name"]
        if entry.via == Via.MEMBER or previous == Status.PUBLISHED or _trusted(entry):
            entry.status = Status.PUBLISHED
            if entry.published_at is None:
                entry.published_at = entry.checked_at
                fields.append("published_at")
        else:
            entry.status = Status.MODERATION
        entry.save(update_fields=fields)
        if previous not in SHOWN_TO_HOST:
            # New in the queue, or joined at once: the host hears of it once.
            notify_host_of_entry(entry)
        return str(entry.status)


def _trusted(entry: CarnivalEntry) -> bool:
    """A carnival host has published a Webmention from the same blog before. An address a
    member registered does not count: it was published without a host looking at it, and
    one member's post on a shared host (a blogging service) must not open the door to
    every Webmention from that host."""
    return (
        CarnivalEntry.objects.filter(
            source_host=entry.source_host, status=Status.PUBLISHED, via=Via.WEBMENTION
        )
        .exclude(source_host="")
        .exists()
    )
