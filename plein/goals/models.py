"""Personal learning goals (PRODUCT.md P4): what a member wants to learn, by when, and a
learning log of short check-ins ("what did I learn, what is next") every two weeks.

A goal is personal: private goals are read by their member only (community managers do
not read them either). A goal shared with a circle is read by whoever may read that
circle's content (`readable_circle_q`), so leaving the circle ends reading it."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.circles.models import readable_circle_q
from plein.members.models import Member

CHECKIN_EVERY = datetime.timedelta(days=14)


class LearningGoalQuerySet(models.QuerySet["LearningGoal"]):
    def visible_to(self, viewer: "Member | AnonymousUser | None") -> "LearningGoalQuerySet":
        """The member's own goals, and goals shared with a circle whose content they may
        read. Never someone else's private goal, whoever the viewer is."""
        if not isinstance(viewer, Member) or not viewer.is_active:
            return self.none()
        shared = Q(circle__isnull=False) & readable_circle_q(viewer, "circle")
        return self.filter(Q(member=viewer) | shared)

    def active(self) -> "LearningGoalQuerySet":
        return self.filter(status=LearningGoal.Status.ACTIVE)


class LearningGoal(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_goals"
    )
    text = models.CharField(_("what do you want to learn?"), max_length=300)
    due = models.DateField(_("by when?"))
    circle = models.ForeignKey(
        "circles.Circle",
        verbose_name=_("shared with circle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_goals",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    adjusted_at = models.DateTimeField(null=True, blank=True)
    last_checkin_at = models.DateTimeField(null=True, blank=True)
    # When the next check-in is due; the reminder sweep mails once per period.
    next_checkin_at = models.DateTimeField(db_index=True)
    # The next_checkin_at a reminder was mailed for: one mail per period.
    reminded_for = models.DateTimeField(null=True, blank=True)

    objects = LearningGoalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("learning goal")
        verbose_name_plural = _("learning goals")
        indexes = [models.Index(fields=["member", "status"], name="goal_member_status")]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("goals:detail", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def checkin_due(self) -> bool:
        return self.is_active and self.next_checkin_at <= timezone.now()


class GoalCheckIn(models.Model):
    goal = models.ForeignKey(LearningGoal, on_delete=models.CASCADE, related_name="checkins")
    learned = models.CharField(_("what did you learn?"), max_length=300)
    next = models.CharField(_("what is next?"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [models.Index(fields=["goal", "-created_at"], name="checkin_goal_created")]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.learned[:40]}"
