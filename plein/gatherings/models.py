"""Gatherings (bijeenkomsten): meetings members RSVP to, add to their calendar, check in
at with a QR code at the door, and follow up on afterwards.

Counters (going, waiting list, check-ins) are kept on the gathering by the actions, under a
row lock, so two members taking the last seat at once cannot both get it, and lists never
count RSVPs."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.circles.models import readable_circle_q
from plein.members.models import Member


class GatheringQuerySet(models.QuerySet["Gathering"]):
    def visible_to(self, viewer: "Member | AnonymousUser | None") -> "GatheringQuerySet":
        """The one visibility rule for gatherings: for members; a gathering in a closed or
        secret circle only for that circle's members (and community managers). Cancelled
        gatherings stay visible (marked cancelled), so links and calendars keep working."""
        if not isinstance(viewer, Member) or not viewer.is_active:
            return self.none()
        return self.filter(readable_circle_q(viewer))

    def upcoming(self) -> "GatheringQuerySet":
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "id")

    def past(self) -> "GatheringQuerySet":
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-id")


class Gathering(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    description_html = models.TextField(editable=False, blank=True)
    theme = models.ForeignKey(
        "themes.Theme", verbose_name=_("theme"), on_delete=models.PROTECT, related_name="gatherings"
    )
    circle = models.ForeignKey(
        "circles.Circle",
        verbose_name=_("circle"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="gatherings",
    )
    # Stored in UTC like every datetime; entered and shown in Europe/Amsterdam.
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    # None: no limit.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_gatherings",
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # iCalendar SEQUENCE: raised on every change a calendar should pick up.
    sequence = models.PositiveIntegerField(default=0)
    going_count = models.PositiveIntegerField(default=0)
    waitlist_count = models.PositiveIntegerField(default=0)
    checkin_count = models.PositiveIntegerField(default=0)
    # Key of the rotating door QR codes (HMAC); renewing it voids every code shown so far.
    door_secret = models.CharField(max_length=64, blank=True)
    # The fixed code of a printed QR; empty when the host revoked it (or never printed one).
    printed_code = models.CharField(max_length=64, blank=True, db_index=True)
    # Newcomers who join at the door come in through this invite link (it admits them
    # even when the community is invitation-only, and records how they joined).
    door_invite = models.ForeignKey(
        "members.InviteLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminders_sent_at = models.DateTimeField(null=True, blank=True)
    # Attendees are told once, when the first follow-up arrives.
    followup_notified_at = models.DateTimeField(null=True, blank=True)
    submit_key = models.CharField(max_length=40, blank=True)

    objects = GatheringQuerySet.as_manager()

    class Meta:
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")
        indexes = [
            models.Index(fields=["ends_at", "starts_at", "id"], name="gathering_when"),
            models.Index(fields=["theme", "ends_at"], name="gathering_theme_when"),
            models.Index(fields=["circle", "ends_at"], name="gathering_circle_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="gathering_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="gathering_capacity_positive",
            ),
            models.UniqueConstraint(
                fields=["organiser", "submit_key"],
                condition=~Q(submit_key=""),
                name="gathering_submit_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("gatherings:detail", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.going_count)


class Rsvp(models.Model):
    class Status(models.TextChoices):
        GOING = "going", _("going")
        MAYBE = "maybe", _("maybe")
        NOT_GOING = "not_going", _("not going")
        WAITLISTED = "waitlisted", _("on the waiting list")

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="rsvps")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    # The member may keep their name off the attendee list (they still count).
    listed = models.BooleanField(_("show me on the attendee list"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The waiting list moves up in this order.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [models.UniqueConstraint(fields=["gathering", "member"], name="rsvp_once")]
        indexes = [
            models.Index(fields=["gathering", "status", "waitlisted_at"], name="rsvp_list"),
            models.Index(fields=["member", "status"], name="rsvp_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.gathering_id}: {self.status}"


class CheckIn(models.Model):
    """Who was there, and how they came in (for the insights issue)."""

    class Method(models.TextChoices):
        MEMBER = "member", _("scanned the door code as a member")
        NEWCOMER = "newcomer", _("joined at the door")
        PRINTED = "printed", _("scanned a printed code")
        HOST = "host", _("checked in by a host")

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="checkins")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    method = models.CharField(max_length=10, choices=Method.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [models.UniqueConstraint(fields=["gathering", "member"], name="checkin_once")]

    def __str__(self) -> str:
        return f"{self.member_id} at {self.gathering_id}"


class FollowUp(models.Model):
    """A note after the gathering: what was said, agreed, where to read on. Resources and
    questions that came up link to the gathering themselves (their `gathering` field)."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="followups")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"), max_length=10_000)
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submit_key = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")

    def __str__(self) -> str:
        return f"{self.gathering_id}: {self.body[:40]}"


class CalendarFeed(models.Model):
    """A member's personal calendar feed: a secret URL a calendar app polls. The token is
    kept in the clear so the member can copy the link again; renewing it revokes the old
    URL. The feed is built through Gathering.objects.visible_to(member) on every poll, so a
    member removed from a circle stops seeing its gatherings at once."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar of {self.member_id}"
