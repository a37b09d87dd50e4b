"""Mail out: one mail per member per thread per hour at most, and a daily summary. A thread
is a question with everything in it, a library resource (its reuse reports, a community
manager's message about it), a gathering, a circle or a blog carnival.

Plain functions taking primary keys, so they can become background tasks later. They never
raise: a mail that could not be sent is logged and put back, and notify-tick tries again."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from plein.core.mail import absolute_url, send_templated_mail
from plein.members.models import Member
from plein.notify.models import Notification, NotificationSettings
from plein.notify.queries import entry_for, with_targets

logger = logging.getLogger("plein.notify")

Mail = Notification.Mail

# A member hears about one thread (a question, a resource) at most once an hour; what
# happens in between waits and goes out together.
THREAD_WINDOW = timedelta(hours=1)
URGENT_KINDS = frozenset(
    {
        Notification.Kind.MODERATION,
        Notification.Kind.GATHERING_REMINDER,
        Notification.Kind.GATHERING_CHANGED,
        Notification.Kind.GATHERING_SEAT,
    }
)
# Daily summaries go out after this hour, local time (TIME_ZONE), and cover what came in
# before it.
DIGEST_HOUR = 7


@dataclass(frozen=True)
class TickResult:
    thread_mails: int
    digests: int


def _thread(**ids: int | None) -> dict[str, int]:
    """The filter for one thread: a post, a resource, a gathering, a circle or a carnival."""
    given = {f"{name}": pk for name, pk in ids.items() if pk is not None}
    if len(given) != 1:
        raise ValueError("a thread is one post, resource, gathering, circle or carnival")
    return given


def send_thread_mail(
    member_id: int,
    post_id: int | None = None,
    *,
    resource_id: int | None = None,
    gathering_id: int | None = None,
    circle_id: int | None = None,
    carnival_id: int | None = None,
    now: datetime | None = None,
) -> bool:
    """Mail the member what waits for them about one thread (a post, a resource, a
    gathering, a circle or a carnival), unless they had a mail about it within THREAD_WINDOW (then it
    keeps waiting for notify-tick). Returns whether a mail went out."""
    now = now or timezone.now()
    thread = _thread(
        post_id=post_id,
        resource_id=resource_id,
        gathering_id=gathering_id,
        circle_id=circle_id,
        carnival_id=carnival_id,
    )
    try:
        with transaction.atomic():
            waiting = Notification.objects.select_for_update().filter(
                recipient_id=member_id, mail=Mail.PENDING, **thread
            )
            kinds = dict(waiting.values_list("pk", "kind"))
            ids = list(kinds)
            if not ids:
                return False
            member = Member.objects.filter(pk=member_id, is_active=True).first()
            if member is None:
                Notification.objects.filter(pk__in=ids).update(mail=Mail.SKIPPED)
                return False
            # A community manager's message, a reminder, a change to a gathering or a seat
            # that came free do not wait; what waited goes along with them.
            urgent = not URGENT_KINDS.isdisjoint(kinds.values())
            recently_mailed = Notification.objects.filter(
                recipient_id=member_id,
                **thread,
                mail=Mail.SENT,
                mailed_at__gt=now - THREAD_WINDOW,
            )
            if not urgent and recently_mailed.exists():
                return False
            # Claimed before sending: a second tick or request finds nothing left to send.
            Notification.objects.filter(pk__in=ids).update(mail=Mail.SENT, mailed_at=now)
        return _send(member, ids, "notify/email/thread", on_failure={"mail": Mail.PENDING})
    except Exception:
        logger.exception("Could not mail member %s about thread %s", member_id, thread)
        return False


def digest_cutoff(now: datetime) -> datetime:
    """The most recent DIGEST_HOUR o'clock, local time, at or before `now`."""
    local = timezone.localtime(now)
    cutoff = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return cutoff if cutoff <= local else cutoff - timedelta(days=1)


def send_digest(member_id: int, *, now: datetime | None = None) -> bool:
    """The member's daily summary of what came in before today's cutoff, at most once per
    cutoff (tracked in NotificationSettings.last_digest_at). Returns whether a mail went out."""
    now = now or timezone.now()
    cutoff = digest_cutoff(now)
    try:
        with transaction.atomic():
            member = Member.objects.filter(pk=member_id).first()
            if member is None:
                return False
            row, _created = NotificationSettings.objects.select_for_update().get_or_create(
                member=member
            )
            if row.last_digest_at is not None and row.last_digest_at >= cutoff:
                return False
            waiting = Notification.objects.filter(
                recipient=member, mail=Mail.DAILY, created_at__lt=cutoff
            )
            ids = list(waiting.values_list("pk", flat=True))
            if not ids:
                return False
            if not member.is_active:
                Notification.objects.filter(pk__in=ids).update(mail=Mail.SKIPPED)
                return False
            previous = row.last_digest_at
            Notification.objects.filter(pk__in=ids).update(mail=Mail.IN_SUMMARY, mailed_at=now)
            row.last_digest_at = now
            row.save(update_fields=["last_digest_at"])
        sent = _send(member, ids, "notify/email/digest", on_failure={"mail": Mail.DAILY})
        if not sent and Notification.objects.filter(pk__in=ids, mail=Mail.DAILY).exists():
            # The mail failed: let the next tick try this summary again.
            NotificationSettings.objects.filter(member=member).update(last_digest_at=previous)
        return sent
    except Exception:
        logger.exception("Could not send the daily summary to member %s", member_id)
        return False


def tick(*, now: datetime | None = None) -> TickResult:
    """Everything that is due: throttled thread mails whose hour is over (and any whose
    mail was never attempted), and daily summaries. Idempotent."""
    now = now or timezone.now()
    threads = (
        Notification.objects.filter(mail=Mail.PENDING)
        .order_by()
        .values_list(
            "recipient_id", "post_id", "resource_id", "gathering_id", "circle_id", "carnival_id"
        )
        .distinct()
    )
    thread_mails = sum(
        send_thread_mail(
            member,
            post,
            resource_id=resource,
            gathering_id=gathering,
            circle_id=circle,
            carnival_id=carnival,
            now=now,
        )
        for member, post, resource, gathering, circle, carnival in threads
    )
    cutoff = digest_cutoff(now)
    members = (
        Notification.objects.filter(mail=Mail.DAILY, created_at__lt=cutoff)
        .exclude(recipient__notification_settings__last_digest_at__gte=cutoff)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    digests = sum(send_digest(member, now=now) for member in members)
    return TickResult(thread_mails=thread_mails, digests=digests)


def _send(member: Member, ids: list[int], template: str, *, on_failure: dict) -> bool:
    """Render and send the claimed notifications `ids` to `member`, in their language.
    What they may no longer see is left out (marked skipped); on a mail error the claimed
    rows get `on_failure` back so a later tick retries."""
    try:
        with translation.override(member.preferred_language):
            notifications = with_targets(Notification.objects.filter(pk__in=ids), member)
            entries = [
                entry_for(notification, member)
                for notification in notifications.order_by("created_at", "id")
            ]
            shown = [entry for entry in entries if entry.worth_mailing]
            hidden = [entry.pk for entry in entries if not entry.worth_mailing]
            if hidden:
                Notification.objects.filter(pk__in=hidden).update(mail=Mail.SKIPPED, mailed_at=None)
            if not shown:
                return False
            title = next((entry.title for entry in shown if entry.title), "")
            context = {
                "member": member,
                "LANGUAGE_CODE": member.preferred_language,  # <html lang> of the HTML part
                "entries": shown,
                "title": title,
                "list_url": absolute_url(reverse("notify:list")),
                "settings_url": absolute_url(reverse("notify:settings")),
            }
            send_templated_mail(
                template, to=member.email, context=context, language=member.preferred_language
            )
        return True
    except Exception:
        logger.exception("Could not send %s to member %s", template, member.pk)
        Notification.objects.filter(pk__in=ids).exclude(mail=Mail.SKIPPED).update(
            mailed_at=None, **on_failure
        )
        return False
