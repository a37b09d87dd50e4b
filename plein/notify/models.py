"""In-app notifications and the mails that follow them.

A notification is about exactly one thing: a post (with perhaps a reply), a library
resource (with, for a reuse, the reuse report), a gathering, a circle or a blog carnival.
It stores references only and never a snapshot of who did something: the actor is rendered at display and mail time through
author_for(), so an anonymous asker stays anonymous in old notifications too, and a post or
resource that is later hidden, deleted or closed off is checked again through its
objects.visible_to()."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CIRCLE_KINDS = ["join_request", "circle_joined"]
GATHERING_KINDS = [
    "gathering_reminder",
    "gathering_changed",
    "gathering_seat",
    "gathering_followup",
]
CARNIVAL_KINDS = ["carnival_entry", "carnival_roundup"]


class Notification(models.Model):
    class Kind(models.TextChoices):
        ANSWER = "answer", _("An answer to your question")
        COMMENT = (
            "comment",
            _("A comment on your answer, in your question, or under your story or blog post"),
        )
        HELPED = "helped", _("Your answer or story helped someone")
        HELP_REQUEST = "help_request", _("A request to help")
        MODERATION = "moderation", _("A message from a community manager")
        REUSED = "reused", _("Your resource was reused")
        JOIN_REQUEST = "join_request", _("A request to join a circle you host")
        CIRCLE_JOINED = "circle_joined", _("You were added to a circle")
        GATHERING_REMINDER = "gathering_reminder", _("A reminder the day before a gathering")
        GATHERING_CHANGED = "gathering_changed", _("A gathering you signed up for changed")
        GATHERING_SEAT = "gathering_seat", _("A seat came free for you at a gathering")
        GATHERING_FOLLOWUP = "gathering_followup", _("Follow-up of a gathering you attended")
        IDEA_JOINED = "idea_joined", _("Someone joined your idea")
        IDEA_UPDATE = "idea_update", _("News from an idea you joined")
        CARNIVAL_ENTRY = "carnival_entry", _("A new entry for a blog carnival you host")
        CARNIVAL_ROUNDUP = (
            "carnival_roundup",
            _("The roundup of a blog carnival you took part in"),
        )
        # Only a setting: the two-weekly check-in question is a mail of its own with a
        # signed link (plein.goals.tasks), never a row here. "Off" stops those mails.
        GOAL_CHECKIN = (
            "goal_checkin",
            _("Every two weeks: what did you learn for your learning goal (or your circle's)?"),
        )
        # Only a setting, as above: a pulse survey is mailed with a signed link of its own
        # (plein.insights.pulse), never a row here. "Off" stops those mails.
        PULSE_SURVEY = "pulse_survey", _("A short pulse survey from the community manager")

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
    gathering = models.ForeignKey(
        "gatherings.Gathering", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    circle = models.ForeignKey(
        "circles.Circle", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    carnival = models.ForeignKey(
        "posts.Carnival", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
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
            # About exactly one thing: a post (a reply belongs to it), a resource (a reuse
            # report belongs to it), a gathering, a circle or a blog carnival.
            models.CheckConstraint(
                condition=Q(
                    post__isnull=False,
                    resource__isnull=True,
                    helped__isnull=True,
                    gathering__isnull=True,
                    circle__isnull=True,
                    carnival__isnull=True,
                )
                | Q(
                    post__isnull=True,
                    resource__isnull=False,
                    reply__isnull=True,
                    gathering__isnull=True,
                    circle__isnull=True,
                    carnival__isnull=True,
                )
                | Q(
                    post__isnull=True,
                    resource__isnull=True,
                    reply__isnull=True,
                    helped__isnull=True,
                    gathering__isnull=False,
                    circle__isnull=True,
                    carnival__isnull=True,
                )
                | Q(
                    post__isnull=True,
                    resource__isnull=True,
                    reply__isnull=True,
                    helped__isnull=True,
                    gathering__isnull=True,
                    circle__isnull=False,
                    carnival__isnull=True,
                )
                | Q(
                    post__isnull=True,
                    resource__isnull=True,
                    reply__isnull=True,
                    helped__isnull=True,
                    gathering__isnull=True,
                    circle__isnull=True,
                    carnival__isnull=False,
                ),
                name="notification_about_one_thing",
            ),
            # A reuse names its report; a community manager's message is about a post or a
            # resource; circle, gathering and carnival kinds about theirs; the rest about a
            # post.
            models.CheckConstraint(
                condition=Q(kind="reused", helped__isnull=False)
                | Q(
                    kind="moderation",
                    helped__isnull=True,
                    gathering__isnull=True,
                    circle__isnull=True,
                    carnival__isnull=True,
                )
                | Q(kind__in=CIRCLE_KINDS, circle__isnull=False)
                | Q(kind__in=GATHERING_KINDS, gathering__isnull=False)
                | Q(kind__in=CARNIVAL_KINDS, carnival__isnull=False)
                | Q(post__isnull=False)
                & ~Q(
                    kind__in=[
                        "reused",
                        "moderation",
                        *CIRCLE_KINDS,
                        *GATHERING_KINDS,
                        *CARNIVAL_KINDS,
                    ]
                ),
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
    Notification.Kind.JOIN_REQUEST: Delivery.IMMEDIATELY,
    Notification.Kind.CIRCLE_JOINED: Delivery.IMMEDIATELY,
    Notification.Kind.GATHERING_REMINDER: Delivery.IMMEDIATELY,
    Notification.Kind.GATHERING_CHANGED: Delivery.IMMEDIATELY,
    Notification.Kind.GATHERING_SEAT: Delivery.IMMEDIATELY,
    Notification.Kind.GATHERING_FOLLOWUP: Delivery.DAILY,
    Notification.Kind.IDEA_JOINED: Delivery.IMMEDIATELY,
    Notification.Kind.IDEA_UPDATE: Delivery.DAILY,
    # A host reads new entries once a day; the roundup comes once per carnival.
    Notification.Kind.CARNIVAL_ENTRY: Delivery.DAILY,
    Notification.Kind.CARNIVAL_ROUNDUP: Delivery.IMMEDIATELY,
    # The check-in question comes once per two weeks whatever the choice; only "off" counts.
    Notification.Kind.GOAL_CHECKIN: Delivery.IMMEDIATELY,
    Notification.Kind.PULSE_SURVEY: Delivery.IMMEDIATELY,
}
CHANGEABLE_KINDS: list[str] = list(DEFAULT_DELIVERY)
# Kinds that are a mail or nothing (no list entry to gather in a daily summary).
MAIL_OR_OFF_KINDS: list[str] = [Notification.Kind.GOAL_CHECKIN, Notification.Kind.PULSE_SURVEY]
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
        _("A comment on your answer, in your question, or under your story or blog post"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.COMMENT],
    )
    helped = models.CharField(
        _("Your answer or story helped someone"),
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
    join_request = models.CharField(
        _("A request to join a circle you host"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.JOIN_REQUEST],
    )
    circle_joined = models.CharField(
        _("You were added to a circle"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.CIRCLE_JOINED],
    )
    gathering_reminder = models.CharField(
        _("A reminder the day before a gathering"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.GATHERING_REMINDER],
    )
    gathering_changed = models.CharField(
        _("A gathering you signed up for changed"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.GATHERING_CHANGED],
    )
    gathering_seat = models.CharField(
        _("A seat came free for you at a gathering"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.GATHERING_SEAT],
    )
    gathering_followup = models.CharField(
        _("Follow-up of a gathering you attended"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.GATHERING_FOLLOWUP],
    )
    idea_joined = models.CharField(
        _("Someone joined your idea"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.IDEA_JOINED],
    )
    idea_update = models.CharField(
        _("News from an idea you joined"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.IDEA_UPDATE],
    )
    carnival_entry = models.CharField(
        _("A new entry for a blog carnival you host"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.CARNIVAL_ENTRY],
    )
    carnival_roundup = models.CharField(
        _("The roundup of a blog carnival you took part in"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.CARNIVAL_ROUNDUP],
    )
    goal_checkin = models.CharField(
        _("Every two weeks: what did you learn for your learning goal (or your circle's)?"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.GOAL_CHECKIN],
    )
    pulse_survey = models.CharField(
        _("A short pulse survey from the community manager"),
        max_length=12,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[Notification.Kind.PULSE_SURVEY],
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.member_id)

    def delivery_for(self, kind: str) -> str:
        return FIXED_DELIVERY.get(kind) or getattr(self, kind)
