"""Writes for notifications. notify() is what other actions call, inside their own
transaction; mails go out after the commit (see plein.notify.delivery)."""

from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from plein.library.models import Resource
from plein.members.models import Member
from plein.notify import delivery
from plein.notify.models import (
    CARNIVAL_KINDS,
    CHANGEABLE_KINDS,
    CIRCLE_KINDS,
    GATHERING_KINDS,
    Delivery,
    Notification,
    NotificationSettings,
)
from plein.notify.queries import settings_for
from plein.posts.models import Helped, Post, Reply

if TYPE_CHECKING:
    from plein.circles.models import Circle
    from plein.gatherings.models import Gathering
    from plein.posts.models import Carnival

# What one mail thread is about: one of these (see plein.notify.delivery).
THREAD_FIELDS = ("post", "resource", "gathering", "circle", "carnival")
# Kinds that are about a target of their own (the rest are about a post or a resource).
TARGET_OF_KIND: dict[str, str] = {
    **dict.fromkeys(CIRCLE_KINDS, "circle"),
    **dict.fromkeys(GATHERING_KINDS, "gathering"),
    **dict.fromkeys(CARNIVAL_KINDS, "carnival"),
}

MAIL_FOR_DELIVERY: dict[str, str] = {
    Delivery.IMMEDIATELY: Notification.Mail.PENDING,
    Delivery.DAILY: Notification.Mail.DAILY,
    Delivery.OFF: Notification.Mail.NONE,
}
WAITING = [Notification.Mail.PENDING, Notification.Mail.DAILY]


def notify(
    recipient: Member,
    kind: str,
    *,
    post: Post | None = None,
    reply: Reply | None = None,
    resource: Resource | None = None,
    helped: Helped | None = None,
    gathering: "Gathering | None" = None,
    circle: "Circle | None" = None,
    carnival: "Carnival | None" = None,
    message: str = "",
) -> Notification | None:
    """Tell `recipient` about `post` (and `reply`), about `resource` (and, for a reuse,
    the `helped` report), about a `gathering`, a `circle` or a blog `carnival`: an entry in their list
    and, after the caller's transaction commits, a mail as their setting for `kind` says:

    - immediately: a mail now, unless they had a mail about this thread (the question, or
      the resource) in the last hour; then it waits and notify-tick sends what gathered in
      one mail once the hour is over;
    - daily: in the next daily summary (notify-tick);
    - off: no mail, but still a (quiet) entry in the list, so nothing is lost.

    A community manager's message (moderation) is always mailed at once, hour or not.

    Returns None, and notes nothing, for an inactive recipient. Never raises for mail
    problems: those are logged and retried by notify-tick."""
    if kind not in Notification.Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    targets = {
        "post": post,
        "resource": resource,
        "gathering": gathering,
        "circle": circle,
        "carnival": carnival,
    }
    if sum(target is not None for target in targets.values()) != 1:
        raise ValueError(
            "a notification is about one post, resource, gathering, circle or carnival"
        )
    if kind in TARGET_OF_KIND:
        needed = TARGET_OF_KIND[kind]
        if targets[needed] is None or reply is not None or helped is not None:
            raise ValueError(f"a {kind!r} notification is about a {needed}")
        return _create(recipient, kind, message=message, **targets)
    if gathering is not None or circle is not None or carnival is not None:
        raise ValueError(f"a {kind!r} notification cannot be about this")
    # A reuse is about a resource, a community manager's message about either, the rest
    # about a post (the check constraints on Notification say the same).
    is_reuse = kind == Notification.Kind.REUSED
    if kind != Notification.Kind.MODERATION and (resource is not None) != is_reuse:
        raise ValueError(f"a {kind!r} notification cannot be about this")
    if resource is not None and reply is not None:
        raise ValueError("a reply belongs to a post, not to a resource")
    if is_reuse != (helped is not None):
        raise ValueError("a reuse notification, and only that, names its reuse report")
    return _create(recipient, kind, reply=reply, helped=helped, message=message, **targets)


def _create(recipient: Member, kind: str, **fields: Any) -> Notification | None:
    if not recipient.is_active:
        return None
    mail = MAIL_FOR_DELIVERY[settings_for(recipient).delivery_for(kind)]
    notification = Notification.objects.create(recipient=recipient, kind=kind, mail=mail, **fields)
    if mail == Notification.Mail.PENDING:
        thread = {
            f"{name}_id": target.pk
            for name in THREAD_FIELDS
            if (target := fields.get(name)) is not None
        }
        send = partial(delivery.send_thread_mail, recipient.pk, **thread)
        transaction.on_commit(send, robust=True)
    return notification


def mark_read(member: Member, notification: Notification) -> None:
    if notification.recipient_id != member.pk:
        raise ValueError("a member can only read their own notifications")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(member: Member) -> int:
    """Mark every unread notification of `member` read; returns how many there were."""
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    return unread.update(read_at=timezone.now())


def update_notification_settings(member: Member, settings: dict[str, str]) -> None:
    """Save `member`'s choice (immediately, daily, off) per kind. Kinds left out keep
    their setting; a community manager's message cannot be turned off."""
    changes = {}
    for kind, choice in settings.items():
        if kind not in CHANGEABLE_KINDS:
            raise ValueError(f"notification kind {kind!r} cannot be changed")
        changes[kind] = Delivery(choice).value
    with transaction.atomic():
        row, _created = NotificationSettings.objects.get_or_create(member=member)
        changed = {kind: choice for kind, choice in changes.items() if getattr(row, kind) != choice}
        for kind, choice in changed.items():
            setattr(row, kind, choice)
        row.save(update_fields=list(changed))
        # Mails still waiting follow the new choice: "off" means off from now on.
        for kind, choice in changed.items():
            Notification.objects.filter(recipient=member, kind=kind, mail__in=WAITING).update(
                mail=MAIL_FOR_DELIVERY[choice]
            )
