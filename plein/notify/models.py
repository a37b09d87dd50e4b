"""In-app notifications and the mails that follow them.

A notification is about exactly one thing: a post (with perhaps a reply) or a library
resource (with, for a reuse, the reuse report). It stores references only and never a
snapshot of who did something: the actor is rendered at display and mail time through
author_for(), so an anonymous asker stays anonymous in old notifications too, and a post or
resource that is later hidden, deleted or closed off is checked again through its
objects.visible_to()."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        ANSWER = "answer", _("An answer to your question")
        COMMENT = "comment", _("A comment on your answer or in your question")
        HELPED = "helped", _("Your answer helped someone")
        HELP_REQUEST = "help_request", _("A request to help")
        MODERATION = "moderation", _("A message from a community manager")
        REUSED = "reused", _("Your resource was reused")

    class Mail(models.TextChoices):
        NONE = "none", _("no mail")
        PENDING = "pending", _("to be mailed")
        DAILY = "daily", _("waiting for the daily summary")
        SENT = "sent", _("mailed")
        IN_SUMMARY = "summary", _("mailed in a daily summary")
        SKIPPED = "skipped", _("not mailed: no longer available")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What it is about: a post (and perhaps one of its replies), or a library resource.
    post = models.ForeignKey(
        "posts.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reply = models.ForeignKey(
        "posts.Reply", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    resource = models.ForeignKey(
        "library.Resource", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The "I reused this" report a reuse notification is about: who, and the time it saved.
    helped = models.ForeignKey(
        "posts.Helped", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A community manager's words to an author (moderation) or a note with a request to
    # help. Never who wrote it: the manager must not be linked to the anonymous author.
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    mail = models.CharField(max_length=10, choices=Mail.choices, default=Mail.NONE)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The list, newest first (read backwards), keyset-paginated.
            models.Index(fields=["recipient", "created_at", "id"], name="notification_list"),
            # The unread count in the header reads only unread rows, however long the history.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            # "Was this member mailed about this thread in the last hour?" For a resource
            # the index of the resource column answers it: all of a resource's
            # notifications go to the one member who shared it.
            models.Index(fields=["recipient", "post", "mailed_at"], name="notification_thread"),
            # What notify-tick still has to send stays a small index.
            models.Index(
                fields=["mail", "created_at"],
                condition=Q(mail__in=["pending", "daily"]),
                name="notification_mail_due",
            ),
        ]
        constraints = [
            # About exactly one thing: a post (a reply belongs to it) or a resource (a reuse
            # report belongs to it).
            models.CheckConstraint(
                condition=Q(post__isnull=False, resource__isnull=True, helped__isnull=True)
                | Q(post__isnull=True, resource__isnull=False, reply__isnull=True),
                name="notification_post_or_resource",
            ),
            # A reuse names its report; a community manager's message may be about either;
            # every other kind is about a post.
            models.CheckConstraint(
                condition=Q(kind="reused", helped__isnull=False)
                | Q(kind="moderation", helped__isnull=True)
                | Q(post__isnull=False) & ~Q(kind__in=["reused", "moderation"]),
                name="notification_kind_fits_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("In a daily summary")
    OFF = "off", _("Off")


# Defaults that do not flood: help with your own question straight away (at most one mail
# per thread per hour), thanks for your answer or your resource once a day.
DEFAULT_DELIVERY: dict[str, str] = {
    Notification.Kind.ANSWER: Delivery.IMMEDIATELY,
    Notification.Kind.COMMENT: Delivery.IMMEDIATELY,
    Notification.Kind.HELPED: Delivery.DAILY,
    Notification.Kind.REUSED: Delivery.DAILY,
    Notification.Kind.HELP_REQUEST: Delivery.IMMEDIATELY,
}
CHANGEABLE_KINDS: list[str] = list(DEFAULT_DELIVERY)
# A community manager's message always arrives at once: it cannot be turned off.
FIXED_DELIVERY: dict[str, str] = {Notification.Kind.MODERATION: Delivery.IMMEDIATELY}


class NotificationSettings(models.Model):
    """A member's choice per kind, and when they last got a daily summary. A member without
    a row has the defaults; the row appears when they save settings or get a summary."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    # One column per changeable kind, named after the kind's value.
    answer = models.CharField(
        _("An answer to your question"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.ANSWER],
    )
    comment = models.CharField(
        _("A comment on your answer or in your question"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.COMMENT],
    )
    helped = models.CharField(
        _("Your answer helped someone"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.HELPED],
    )
    reused = models.CharField(
        _("Your resource was reused"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.REUSED],
    )
    help_request = models.CharField(
        _("A request to help"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.HELP_REQUEST],
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.member_id)

    def delivery_for(self, kind: str) -> str:
        return FIXED_DELIVERY.get(kind) or getattr(self, kind)
