"""The shop window (etalage, PRODUCT.md P3): bright spots that community managers put on
the home page and theme pages, and the candidates Plein suggests to them each week.

A Feature and a Suggestion point at exactly one of: a post (a question, idea, story or
blog post), an answer, or a member. Who may see a feature is decided when it is shown
(plein.showcase.queries.shop_window), through the targets' own visibility rules."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WHY_MAX = 300

_ONE_TARGET = (
    Q(post__isnull=False, reply__isnull=True, member__isnull=True)
    | Q(post__isnull=True, reply__isnull=False, member__isnull=True)
    | Q(post__isnull=True, reply__isnull=True, member__isnull=False)
)


class Feature(models.Model):
    """One bright spot in the shop window, from when a manager put it there until it is
    taken down (ended_at)."""

    post = models.ForeignKey(
        "posts.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reply = models.ForeignKey(
        "posts.Reply", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="features",
    )
    # Where it shows besides the home page; empty: the home page only.
    theme = models.ForeignKey(
        "themes.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    why = models.CharField(_("why this is a bright spot"), max_length=WHY_MAX)
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("feature")
        verbose_name_plural = _("features")
        indexes = [
            models.Index(fields=["ended_at", "-created_at"], name="feature_current"),
            models.Index(fields=["theme", "ended_at", "-created_at"], name="feature_theme"),
        ]
        constraints = [
            models.CheckConstraint(condition=_ONE_TARGET, name="feature_one_target"),
            # A target is in the shop window at most once at a time.
            models.UniqueConstraint(
                fields=["post"],
                condition=Q(ended_at__isnull=True, post__isnull=False),
                name="feature_post_once",
            ),
            models.UniqueConstraint(
                fields=["reply"],
                condition=Q(ended_at__isnull=True, reply__isnull=False),
                name="feature_reply_once",
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_at__isnull=True, member__isnull=False),
                name="feature_member_once",
            ),
        ]

    def __str__(self) -> str:
        return f"feature {self.pk}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None


class Suggestion(models.Model):
    """A candidate Plein found in its weekly sweep; a manager accepts (with a why) or
    dismisses it. At most one per reason, target and week."""

    class Reason(models.TextChoices):
        FIRST_ASKER_HELPED_FAST = (
            "first_asker_helped_fast",
            _("A first question that got a helpful answer within a day"),
        )
        RARE_ORGANISATION_HELPER = (
            "rare_organisation_helper",
            _("A helpful answer from an organisation that rarely answers"),
        )
        IDEA_MOVED_STAGE = "idea_moved_stage", _("An idea that moved to a new stage")
        MUCH_HELPED = "much_helped", _("Helped many members")
        QUIET_GROUP_MEMBER = (
            "quiet_group_member",
            _("Contributed this week, from a kind of organisation that rarely does"),
        )

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        ACCEPTED = "accepted", _("accepted")
        DISMISSED = "dismissed", _("dismissed")

    reason = models.CharField(max_length=32, choices=Reason.choices)
    post = models.ForeignKey(
        "posts.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reply = models.ForeignKey(
        "posts.Reply", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField()  # the Monday of the week it was found in
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    feature = models.ForeignKey(
        Feature, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("shop window suggestion")
        verbose_name_plural = _("shop window suggestions")
        indexes = [models.Index(fields=["status", "week"], name="suggestion_status_week")]
        constraints = [
            models.CheckConstraint(condition=_ONE_TARGET, name="suggestion_one_target"),
            models.UniqueConstraint(
                fields=["reason", "post", "week"],
                condition=Q(post__isnull=False),
                name="suggestion_post_once_a_week",
            ),
            models.UniqueConstraint(
                fields=["reason", "reply", "week"],
                condition=Q(reply__isnull=False),
                name="suggestion_reply_once_a_week",
            ),
            models.UniqueConstraint(
                fields=["reason", "member", "week"],
                condition=Q(member__isnull=False),
                name="suggestion_member_once_a_week",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason} ({self.week})"
