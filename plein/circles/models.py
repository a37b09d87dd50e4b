"""Circles (kringen): small groups around a learning goal, where members dare to ask.

- open: anyone joins; its content is for every member of the community;
- closed: everyone sees that it exists (name, goal, hosts); joining is by request or
  invite; its questions, resources and gatherings are for its members only;
- secret: invisible to non-members (its URL answers 404), invite only.

Community managers see every circle and its content: they moderate and answer for the
community (circle pages say so). What a member may read inside circles is decided in one
place, `readable_circle_q`, which the visibility rules of posts, resources and gatherings
(and the search audience) all use."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.members.models import Member


def _is_member(viewer: "Member | AnonymousUser | None") -> bool:
    return isinstance(viewer, Member) and viewer.is_active


def member_circle_ids(viewer: Member) -> models.QuerySet:
    """The circles `viewer` belongs to, as a subquery of ids (evaluated inside the caller's
    query, so removal from a circle takes effect on the very next request)."""
    return Membership.objects.filter(member=viewer).values("circle_id")


def readable_circle_q(viewer: Member, field: str = "circle") -> Q:
    """Rows of a model with a nullable FK `field` to Circle that `viewer` may read: outside
    any circle, in an open circle, or in a circle they belong to. Community managers read
    everything. The one rule for circle content; `viewer` must be an active member."""
    if viewer.is_community_manager:
        return Q()
    return (
        Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__access": Circle.Access.OPEN})
        | Q(**{f"{field}_id__in": member_circle_ids(viewer)})
    )


class CircleQuerySet(models.QuerySet["Circle"]):
    def visible_to(self, viewer: "Member | AnonymousUser | None") -> "CircleQuerySet":
        """Circles whose page `viewer` may open: open and closed ones for every member,
        secret ones for their members (and community managers). Visitors see none."""
        if not _is_member(viewer):
            return self.none()
        assert isinstance(viewer, Member)
        if viewer.is_community_manager:
            return self
        return self.filter(~Q(access=Circle.Access.SECRET) | Q(pk__in=member_circle_ids(viewer)))

    def readable_by(self, viewer: "Member | AnonymousUser | None") -> "CircleQuerySet":
        """Circles whose content (questions, resources, gatherings) `viewer` may read."""
        if not _is_member(viewer):
            return self.none()
        assert isinstance(viewer, Member)
        if viewer.is_community_manager:
            return self
        return self.filter(Q(access=Circle.Access.OPEN) | Q(pk__in=member_circle_ids(viewer)))


class Circle(models.Model):
    class Access(models.TextChoices):
        OPEN = "open", _("open: anyone can join")
        CLOSED = "closed", _("closed: visible, members join by request or invitation")
        SECRET = "secret", _("secret: only members know it exists")

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    access = models.CharField(
        _("who can join"), max_length=10, choices=Access.choices, default=Access.CLOSED
    )
    theme = models.ForeignKey(
        "themes.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="circles",
    )
    # The learning goal on top of the circle page: what, and by when (P4: specific).
    learning_goal = models.CharField(_("learning goal"), max_length=300)
    goal_due = models.DateField(_("goal date"), null=True, blank=True)
    # The circle's goal runs on the personal goals' mechanism (plein.goals): a host marks
    # it reached (reminders stop) or changes it (adjusted); every two weeks the hosts are
    # asked what the circle learned, and a progress note opens the next period.
    goal_reached_at = models.DateTimeField(null=True, blank=True)
    goal_adjusted_at = models.DateTimeField(null=True, blank=True)
    # When the hosts are next asked for a progress note; null: not scheduled.
    next_checkin_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The next_checkin_at the hosts were mailed for: one mail per period.
    reminded_for = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    # Kept by the actions (join, leave, remove), so lists never count memberships.
    member_count = models.PositiveIntegerField(default=0)
    # The secret part of the circle's invite link; a host can renew it, which kills the
    # old link. Empty: no invite link.
    invite_token = models.CharField(max_length=64, blank=True, db_index=True)

    objects = CircleQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("circle")
        verbose_name_plural = _("circles")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("circles:detail", kwargs={"pk": self.pk})

    @property
    def goal_is_active(self) -> bool:
        return self.goal_reached_at is None

    @property
    def checkin_due(self) -> bool:
        return (
            self.goal_is_active
            and self.next_checkin_at is not None
            and self.next_checkin_at <= timezone.now()
        )

    @property
    def is_open(self) -> bool:
        return self.access == self.Access.OPEN

    @property
    def is_secret(self) -> bool:
        return self.access == self.Access.SECRET


class Membership(models.Model):
    class Role(models.TextChoices):
        HOST = "host", _("host")
        MEMBER = "member", _("member")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("circle membership")
        verbose_name_plural = _("circle memberships")
        constraints = [
            models.UniqueConstraint(fields=["circle", "member"], name="circle_member_once")
        ]
        indexes = [models.Index(fields=["member", "circle"], name="membership_member")]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.circle_id} ({self.role})"

    @property
    def is_host(self) -> bool:
        return self.role == self.Role.HOST


class JoinRequest(models.Model):
    """A member asks to join a closed circle; a host accepts or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a host")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="join_requests")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_requests"
    )
    message = models.CharField(_("message to the hosts"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "member"],
                condition=Q(status="pending"),
                name="join_request_pending_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.circle_id} ({self.status})"


class CircleInvitation(models.Model):
    """A host's invitation by e-mail. Only a hash of the token is kept; the mail holds the
    link. Accepting needs a login as the invited address (or any member, for a link)."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("circle invitation")
        verbose_name_plural = _("circle invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.circle_id}"


class ProgressNote(models.Model):
    """A host's note on the way to the circle's learning goal."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="progress_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("progress"), max_length=2000)
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"{self.circle_id}: {self.body[:40]}"
