"""Pulse surveys: a few questions about what holds members back and what moves them.

Responses are anonymous. Who was asked and whether they answered (`SurveyParticipant`)
is kept apart from what they answered (`SurveyResponse`): a response has no member, no
time of day (only the date) and only the coarse kind of organisation, so no join or
ordering ties an answer to a person. Results are shown only from
PLEIN_INSIGHTS_MIN_GROUP responses on (per group, for breakdowns)."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SurveyQuerySet(models.QuerySet["Survey"]):
    def open(self) -> "SurveyQuerySet":
        now = timezone.now()
        return self.filter(published_at__isnull=False, published_at__lte=now, closes_at__gt=now)


class Survey(models.Model):
    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("everyone")
        THEME = "theme", _("members who follow or know a theme")
        ORGANISATIONS = "organisations", _("members of some organisations")
        SEGMENT = "segment", _("a step of the funnel")

    class Segment(models.TextChoices):
        NEVER_POSTED = "never_posted", _("joined but never posted")
        INACTIVE = "inactive", _("not active in the last 30 days")
        NEW = "new", _("joined in the last 90 days")
        CONTRIBUTORS = "contributors", _("have contributed")

    title = models.CharField(_("title"), max_length=150)
    introduction = models.TextField(_("introduction"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    audience = models.CharField(
        _("who is asked"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    audience_theme = models.ForeignKey(
        "themes.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience_organisations = models.ManyToManyField(
        "members.Organisation", verbose_name=_("organisations"), blank=True, related_name="+"
    )
    audience_segment = models.CharField(
        _("step of the funnel"), max_length=20, choices=Segment.choices, blank=True
    )
    # Null while a draft; participants are chosen when it is published.
    published_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    participant_count = models.PositiveIntegerField(default=0)
    response_count = models.PositiveIntegerField(default=0)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pulse survey")
        verbose_name_plural = _("pulse surveys")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("insights:survey", kwargs={"pk": self.pk})

    @property
    def last_day(self) -> "datetime.date | None":
        """The last day it is open (it closes at the end of that day), in local time."""
        if self.closes_at is None:
            return None
        return timezone.localdate(self.closes_at - datetime.timedelta(microseconds=1))

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return (
            self.published_at is not None
            and self.published_at <= now
            and self.closes_at is not None
            and self.closes_at > now
        )


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("one choice")
        MULTIPLE = "multiple", _("several choices")
        SCALE = "scale", _("scale of 1 to 5")
        TEXT = "text", _("short text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind of question"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    # Questions from a template share a key across surveys, so repeated pulses can be
    # compared (trends). Empty for a question someone wrote themselves.
    key = models.CharField(max_length=40, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)

    class Meta:
        ordering = ["survey", "position", "id"]

    def __str__(self) -> str:
        return self.text


class SurveyOption(models.Model):
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("option"), max_length=200)
    key = models.CharField(max_length=40, blank=True)
    # "Other": the member may add a few words of their own.
    takes_text = models.BooleanField(default=False)

    class Meta:
        ordering = ["question", "position", "id"]

    def __str__(self) -> str:
        return self.label


class SurveyParticipant(models.Model):
    """A member who is asked to answer, and whether they did. Never linked to the answer."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pulse_invitations"
    )
    has_answered = models.BooleanField(default=False)
    mailed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], name="pulse_participant_once")
        ]
        indexes = [models.Index(fields=["member", "has_answered"], name="pulse_participant_member")]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.member_id}"


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # The date only: a time would let someone match answers to who answered when.
    submitted_on = models.DateField()
    # The kind of organisation (municipality, care provider, ...): coarse enough to stay
    # anonymous, and shown only for groups of PLEIN_INSIGHTS_MIN_GROUP responses or more.
    organisation_kind = models.CharField(max_length=20, blank=True)

    def __str__(self) -> str:
        return f"response to {self.survey_id}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        SurveyOption, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "option"], name="pulse_answer_question")]

    def __str__(self) -> str:
        return f"answer to {self.question_id}"
