"""The activity log and its rollups.

Events are written by the actions (`plein.insights.events.record`), in the action's own
transaction, and never changed afterwards. A background task (`plein.insights.rollup`)
turns them into `Aggregate` rows per month and dimension; dashboards read those only, so
a dashboard costs the same with ten thousand events or ten million.

Privacy: an anonymous post is recorded without member and organisation (only its theme),
so no query over this log can tie it to its author. Page views are counted per day,
theme and kind of page, never per person (`PageViewCount`)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    class Kind(models.TextChoices):
        JOINED = "joined", _("joined")
        LOGGED_IN = "logged_in", _("logged in")
        # The first page a member opens on a day (noted by the last-seen middleware).
        VISITED = "visited", _("visited")
        ASKED = "asked", _("asked a question")
        ANSWERED = "answered", _("answered")
        COMMENTED = "commented", _("commented")
        # Recorded for the member who was helped; `helper` is who helped them.
        HELPED = "helped", _("reported being helped")
        RSVP = "rsvp", _("signed up for a gathering")
        CHECKED_IN = "checked_in", _("checked in at a gathering")
        JOINED_CIRCLE = "joined_circle", _("joined a circle")
        JOINED_IDEA = "joined_idea", _("joined an idea")
        POSTED_IDEA = "posted_idea", _("posted an idea")
        POSTED_STORY = "posted_story", _("posted a story")
        POSTED_BLOG = "posted_blog", _("posted a blog post")
        SHARED_RESOURCE = "shared_resource", _("shared a resource")
        GOAL_CHECKIN = "goal_checkin", _("wrote a goal check-in")

    class Source(models.TextChoices):
        """How a member joined (only on JOINED events)."""

        INVITATION = "invitation", _("personal invitation")
        INVITE_LINK = "invite_link", _("invite link")
        QR = "qr", _("QR code at a gathering")
        SELF_REGISTRATION = "self_registration", _("registered themselves")
        SSO = "sso", _("organisation login (SSO)")
        ADDED = "added", _("added by a community manager")

    # Kinds that make someone a contributor (the "contributed" step of the funnel and the
    # 90-9-1 split). Reading, signing up and checking in are taking part, not contributing.
    CONTRIBUTIONS = (
        Kind.ASKED,
        Kind.ANSWERED,
        Kind.COMMENTED,
        Kind.POSTED_IDEA,
        Kind.POSTED_STORY,
        Kind.POSTED_BLOG,
        Kind.SHARED_RESOURCE,
    )

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Null for anonymous posts (and for members deleted since): never tie those to a person.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The member's organisation when it happened (people move; history should not).
    organisation = models.ForeignKey(
        "members.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    theme = models.ForeignKey(
        "themes.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=20, choices=Source.choices, blank=True)
    # HELPED only: the minutes the helped member estimated, and who helped (null when the
    # help came from an anonymous post).
    minutes = models.PositiveIntegerField(null=True, blank=True)
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    helper_organisation = models.ForeignKey(
        "members.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("activity event")
        verbose_name_plural = _("activity events")
        indexes = [
            models.Index(fields=["at"], name="event_at"),
            models.Index(fields=["member", "at"], name="event_member_at"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.at:%Y-%m-%d %H:%M}"


class PageViewCount(models.Model):
    """Page views per day, theme and kind of page. Never per person."""

    day = models.DateField()
    theme = models.ForeignKey(
        "themes.Theme", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    page = models.CharField(max_length=20)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "theme", "page"], name="pageview_one_row"),
            models.UniqueConstraint(
                fields=["day", "page"],
                condition=models.Q(theme__isnull=True),
                name="pageview_one_row_without_theme",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.page} {self.theme_id}: {self.views}"


class Measure(models.TextChoices):
    """What an `Aggregate` row counts. Every Event.Kind is a measure (how often it
    happened); the rest are derived by the rollup."""

    # Distinct members with any event in the month / with a contribution in the month.
    ACTIVE_MEMBERS = "active_members", _("active members")
    CONTRIBUTORS = "contributors", _("contributors")
    # The 90-9-1 split over the three months ending with the month, among members who
    # had joined by then: no contribution, 1 to 4 contributions, 5 or more.
    READERS = "readers", _("readers")
    OCCASIONAL = "occasional", _("occasional contributors")
    REGULARS = "regulars", _("regulars")
    # The funnel at the end of the month (for the running month: at the last rollup).
    INVITED = "invited", _("invited")
    MEMBERS = "members", _("members who joined")
    ACTIVE_30_DAYS = "active_30_days", _("active in the last 30 days")
    CONTRIBUTED = "contributed", _("contributed")
    HELPED_SOMEONE = "helped_someone", _("helped someone")
    # Questions asked in the month (a cohort), how many got an answer, and a helpful one.
    QUESTIONS_ANSWERED = "questions_answered", _("questions answered")
    QUESTIONS_HELPED = "questions_helped", _("questions with a helpful answer")
    # At the last rollup: open questions without an answer, and members who list the
    # theme as expertise (per theme), for "waiting questions and no helpers".
    WAITING_QUESTIONS = "waiting_questions", _("questions waiting for an answer")
    HELPERS = "helpers", _("members with this expertise")
    PAGE_VIEWS = "page_views", _("page views")


class Dimension(models.TextChoices):
    ALL = "all", _("the whole community")
    THEME = "theme", _("theme")
    ORGANISATION = "organisation", _("organisation")
    ORGANISATION_KIND = "organisation_kind", _("kind of organisation")
    SOURCE = "source", _("how members joined")
    PAGE = "page", _("kind of page")
    # HELPED split by the organisation of whoever helped (who gives help).
    HELPER_ORGANISATION = "helper_organisation", _("organisation that helped")


class Aggregate(models.Model):
    """One figure of the rollup: `value` of `measure` in `month`, for one `key` along one
    `dimension` (a theme id, an organisation id, a kind of organisation, a join source;
    empty for the whole community). `minutes` sums the minutes saved of HELPED rows, and
    `members` is how many distinct members the figure is about (for the privacy
    threshold: a figure about fewer than PLEIN_INSIGHTS_MIN_GROUP members is not shown)."""

    month = models.DateField()
    measure = models.CharField(max_length=30)
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    key = models.CharField(max_length=40, blank=True)
    value = models.BigIntegerField(default=0)
    minutes = models.BigIntegerField(default=0)
    members = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "measure", "dimension", "key"], name="aggregate_one_row"
            )
        ]
        indexes = [
            models.Index(fields=["dimension", "measure", "month"], name="aggregate_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.measure} {self.dimension}={self.key}: {self.value}"


class AnswerTimeCount(models.Model):
    """How many questions asked in `month` (in `theme`, or in all themes when null) got
    their first answer, or first helpful answer, after `minutes` (rounded down to a
    bucket; see plein.insights.rollup.answer_time_bucket). Medians over any range of
    months are read from these counts, so they never sort every question."""

    class Measure(models.TextChoices):
        FIRST_ANSWER = "first_answer", _("time to the first answer")
        FIRST_HELPFUL = "first_helpful", _("time to the first helpful answer")

    month = models.DateField()
    theme = models.ForeignKey(
        "themes.Theme", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    measure = models.CharField(max_length=20, choices=Measure.choices)
    minutes = models.PositiveIntegerField()
    questions = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["measure", "month"], name="answertime_lookup")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.measure} {self.minutes} min: {self.questions}"


class MemberStats(models.Model):
    """Per member, the firsts the funnel needs, kept up to date by the rollup from new
    events. Read only to count members (never shown per person, except to the member)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "members.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField()
    source = models.CharField(max_length=20, blank=True)
    last_active_at = models.DateTimeField(null=True, blank=True)
    first_contribution_at = models.DateTimeField(null=True, blank=True)
    contributions = models.PositiveIntegerField(default=0)
    # The first time someone reported that this member's contribution helped them.
    first_helped_someone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation"], name="memberstats_org")]

    def __str__(self) -> str:
        return f"stats of {self.member_id}"


class RollupState(models.Model):
    """Where the rollup got to (one row)."""

    last_event_id = models.BigIntegerField(default=0)
    rolled_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"rolled up to event {self.last_event_id}"


class BusinessCaseSettings(models.Model):
    """The hourly rate the business case values an hour saved at (one row)."""

    hourly_rate = models.DecimalField(
        _("hourly rate (euro)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("60.00"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("1000"))],
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("business case settings")

    def __str__(self) -> str:
        return f"€ {self.hourly_rate} / hour"
