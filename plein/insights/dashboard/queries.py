"""The community dashboard's figures (and, at the end, a member's own), read from the
rollup only (`Aggregate`, `AnswerTimeCount`, `RollupState`) plus theme and organisation
names: the same five queries with ten events or ten million, whatever the number of
months, themes or organisations.

Which figures are about a group of people, and so pass the privacy threshold
(`big_enough`, PLEIN_INSIGHTS_MIN_GROUP):
- the funnel and the 90-9-1 split: the group is the community's (or the chosen
  organisation's) members at the period's end; below the threshold no step is shown;
- active members and contributors per month: the group's members in that month;
- new members by source: the members who joined that way in the period;
- a row of the organisation table: that organisation's members at the period's end.
Figures about questions and page views count posts and visits, which members can see on
the theme pages anyway, so they are shown at any size; so are the number of members who
list a theme as their expertise (public on their profiles) and the questions waiting in
a theme, which the community manager must see to act on them ("nobody listed as helper").

The period's end is its last month, or the month of the last rollup when that is earlier
(the funnel of a month that has not been rolled up yet does not exist)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from plein.insights.access import InsightsScope, big_enough
from plein.insights.charts import Chart, Series
from plein.insights.forms import Period, first_of_month
from plein.insights.models import Aggregate, AnswerTimeCount, Dimension, Event, Measure, RollupState
from plein.insights.rollup import median_minutes
from plein.members.models import Member, Organisation
from plein.themes.models import Theme

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

ASKED = Event.Kind.ASKED.value
ANSWERED = Event.Kind.ANSWERED.value
JOINED = Event.Kind.JOINED.value
HELPED = Event.Kind.HELPED.value

FUNNEL = (
    Measure.INVITED,
    Measure.MEMBERS,
    Measure.ACTIVE_30_DAYS,
    Measure.CONTRIBUTED,
    Measure.HELPED_SOMEONE,
)
SPLIT = (Measure.READERS, Measure.OCCASIONAL, Measure.REGULARS)
# The steps as the page names them (the measures' own labels are lower case, and
# "joined" means "member since" elsewhere in Plein).
STEP_LABELS: dict[str, "_StrPromise"] = {
    Measure.INVITED: gettext_lazy("Invited"),
    Measure.MEMBERS: gettext_lazy("Joined"),
    Measure.ACTIVE_30_DAYS: gettext_lazy("Active in the last 30 days"),
    Measure.CONTRIBUTED: gettext_lazy("Contributed"),
    Measure.HELPED_SOMEONE: gettext_lazy("Helped someone"),
    Measure.READERS: gettext_lazy("Readers"),
    Measure.OCCASIONAL: gettext_lazy("Occasional contributors"),
    Measure.REGULARS: gettext_lazy("Regulars"),
}
MONTHLY = (Measure.ACTIVE_MEMBERS, Measure.CONTRIBUTORS)
QUESTIONS = (ASKED, Measure.QUESTIONS_ANSWERED, Measure.QUESTIONS_HELPED)
THEME_TOTALS = (*QUESTIONS, Measure.PAGE_VIEWS)
THEME_NOW = (Measure.WAITING_QUESTIONS, Measure.HELPERS)
ORGANISATION_AT_END = (Measure.MEMBERS, Measure.ACTIVE_30_DAYS, Measure.CONTRIBUTED)
ORGANISATION_TOTALS = (ASKED, ANSWERED)


def share(part: int, whole: int) -> int | None:
    """`part` as a whole percentage of `whole`; None when there is no whole."""
    return round(100 * part / whole) if whole else None


def waiting_time(minutes: int | None) -> str:
    """A median wait as people say it: "45 min", "3 h", "2 days"."""
    if minutes is None:
        return ""
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    if minutes < 48 * 60:
        return _("%(hours)d h") % {"hours": round(minutes / 60)}
    days = round(minutes / (24 * 60))
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def month_label(month: date) -> str:
    return date_format(month, "M Y")


@dataclass
class Step:
    label: str
    count: int
    share: int | None  # of the step before, in percent; None for the first step


@dataclass
class GroupFigures:
    """The funnel or the 90-9-1 split of one group at one month."""

    size: int  # the group's members, for the privacy threshold
    steps: list[Step]

    @property
    def shown(self) -> bool:
        return big_enough(self.size)


@dataclass
class QuestionFigures:
    asked: int
    answered: int
    helped: int
    first_answer_minutes: int | None
    first_helpful_minutes: int | None

    @property
    def answered_share(self) -> int | None:
        return share(self.answered, self.asked)

    @property
    def helped_share(self) -> int | None:
        return share(self.helped, self.asked)

    @property
    def first_answer(self) -> str:
        return waiting_time(self.first_answer_minutes)

    @property
    def first_helpful(self) -> str:
        return waiting_time(self.first_helpful_minutes)


@dataclass
class SourceRow:
    label: str
    joined: int

    @property
    def shown(self) -> bool:
        return big_enough(self.joined)


@dataclass
class MonthRow:
    month: date
    members: int  # the group's members that month, for the privacy threshold
    active: int
    contributors: int

    @property
    def shown(self) -> bool:
        return big_enough(self.members)


@dataclass
class ThemeRow:
    theme: Theme
    asked: int
    answered: int
    helped: int
    page_views: int
    waiting: int
    helpers: int

    @property
    def answered_share(self) -> int | None:
        return share(self.answered, self.asked)

    @property
    def helped_share(self) -> int | None:
        return share(self.helped, self.asked)

    @property
    def needs_helpers(self) -> bool:
        """Questions are waiting and nobody lists the theme as expertise: the community
        manager's to-do."""
        return self.waiting > 0 and self.helpers == 0


@dataclass
class OrganisationRow:
    organisation: Organisation
    members: int
    active_30_days: int
    contributed: int
    asked: int
    answered: int
    helped: int  # times members of this organisation helped someone (helped reports)

    @property
    def shown(self) -> bool:
        return big_enough(self.members)


@dataclass
class Dashboard:
    period: Period
    rolled_at: datetime | None
    end_month: date | None  # the month the funnel and the split are at
    funnel: GroupFigures | None
    split: GroupFigures | None
    questions: QuestionFigures
    sources: list[SourceRow] = field(default_factory=list)
    months: list[MonthRow] = field(default_factory=list)
    themes: list[ThemeRow] = field(default_factory=list)
    organisations: list[OrganisationRow] = field(default_factory=list)

    @property
    def themes_needing_helpers(self) -> list[ThemeRow]:
        return [row for row in self.themes if row.needs_helpers]

    @property
    def group_name(self) -> str:
        if self.period.organisation is not None:
            return self.period.organisation.name
        return _("the whole community")


class _Figures:
    """The Aggregate rows read, as value and members per (measure, dimension, key, month)."""

    def __init__(self, rows: list[tuple[date, str, str, str, int, int]]) -> None:
        self.value: dict[tuple[str, str, str, date], int] = defaultdict(int)
        self.members: dict[tuple[str, str, str, date], int] = defaultdict(int)
        for month, measure, dimension, key, value, members in rows:
            self.value[(measure, dimension, key, month)] = value
            self.members[(measure, dimension, key, month)] = members

    def at(self, measure: str, dimension: str, key: str, month: date | None) -> int:
        if month is None:
            return 0
        return self.value.get((measure, dimension, key, month), 0)

    def total(self, measure: str, dimension: str, key: str, months: list[date]) -> int:
        return sum(self.value.get((measure, dimension, key, month), 0) for month in months)

    def totals_by_key(self, measure: str, dimension: str, months: list[date]) -> dict[str, int]:
        wanted = set(months)
        totals: dict[str, int] = defaultdict(int)
        for (m, d, key, month), value in self.value.items():
            if m == measure and d == dimension and month in wanted:
                totals[key] += value
        return totals


def _running_month(rolled_at: datetime | None) -> date | None:
    if rolled_at is None:
        return None
    return first_of_month(timezone.localdate(rolled_at))


def build(scope: InsightsScope, period: Period) -> Dashboard:
    """The dashboard of `period` as `scope` may see it (the period's organisation is one
    the scope allows: PeriodForm offers no other)."""
    rolled_at = RollupState.objects.order_by("pk").values_list("rolled_at", flat=True).first()
    running = _running_month(rolled_at)
    # A period that starts after the last rollup has no end figures yet.
    end = min(period.end, running) if running and running >= period.start else None
    # Months that have been rolled up: the charts stop at the last rollup.
    months = [month for month in period.months if running and month <= running]

    if period.organisation is not None:
        group = (Dimension.ORGANISATION.value, str(period.organisation.pk))
    else:
        group = (Dimension.ALL.value, "")
    if period.theme is not None:
        question_group = (Dimension.THEME.value, str(period.theme.pk))
    else:
        question_group = (Dimension.ALL.value, "")
    in_period = Q(month__gte=period.start, month__lte=period.end)
    wanted = (
        # The chosen group: the funnel and the split at the end, active members per month.
        Q(in_period, dimension=group[0], key=group[1], measure__in=(*FUNNEL, *SPLIT, *MONTHLY))
        # Questions of the chosen theme (or all).
        | Q(
            in_period,
            dimension=question_group[0],
            key=question_group[1],
            measure__in=QUESTIONS,
        )
        | Q(in_period, dimension=Dimension.SOURCE, measure=JOINED)
        | Q(in_period, dimension=Dimension.THEME, measure__in=THEME_TOTALS)
        | Q(month=running, dimension=Dimension.THEME, measure__in=THEME_NOW)
    )
    organisation_rows = Q(dimension=Dimension.ORGANISATION) & (
        Q(month=end, measure__in=ORGANISATION_AT_END)
        | Q(in_period, measure__in=ORGANISATION_TOTALS)
    ) | Q(in_period, dimension=Dimension.HELPER_ORGANISATION, measure=HELPED)
    if not scope.everything:
        organisation_rows &= Q(key__in=[str(pk) for pk in scope.organisation_ids])
    rows: list[tuple[date, str, str, str, int, int]] = []
    if running is not None:
        rows = list(
            Aggregate.objects.filter(wanted | organisation_rows).values_list(
                "month", "measure", "dimension", "key", "value", "members"
            )
        )
    figures = _Figures(rows)

    return Dashboard(
        period=period,
        rolled_at=rolled_at,
        end_month=end,
        funnel=_group_figures(figures, group, end, FUNNEL, chained=True) if end else None,
        split=_group_figures(figures, group, end, SPLIT, chained=False) if end else None,
        questions=_questions(figures, question_group, months, period),
        sources=_sources(figures, months),
        months=[
            MonthRow(
                month=month,
                members=figures.at(Measure.MEMBERS, *group, month),
                active=figures.at(Measure.ACTIVE_MEMBERS, *group, month),
                contributors=figures.at(Measure.CONTRIBUTORS, *group, month),
            )
            for month in months
        ],
        themes=_themes(figures, months, running),
        organisations=_organisations(figures, scope, months, end),
    )


def _group_figures(
    figures: _Figures,
    group: tuple[str, str],
    month: date,
    measures: tuple[str, ...],
    *,
    chained: bool,
) -> GroupFigures:
    """Each measure's count, with its share of the step before (`chained`, the funnel) or
    of the group's members (the split)."""
    size = figures.at(Measure.MEMBERS, *group, month)
    steps: list[Step] = []
    for measure in measures:
        count = figures.at(measure, *group, month)
        whole = (steps[-1].count if steps else None) if chained else size
        part = share(count, whole) if whole is not None else None
        steps.append(Step(label=str(STEP_LABELS[measure]), count=count, share=part))
    return GroupFigures(size=size, steps=steps)


def _questions(
    figures: _Figures, group: tuple[str, str], months: list[date], period: Period
) -> QuestionFigures:
    times = (
        AnswerTimeCount.objects.filter(
            month__gte=period.start, month__lte=period.end, theme=period.theme
        )
        .order_by()
        .values_list("measure", "minutes")
        .annotate(n=Sum("questions"))
    )
    pairs: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for measure, minutes, count in times:
        pairs[measure].append((minutes, count))
    return QuestionFigures(
        asked=figures.total(ASKED, *group, months),
        answered=figures.total(Measure.QUESTIONS_ANSWERED, *group, months),
        helped=figures.total(Measure.QUESTIONS_HELPED, *group, months),
        first_answer_minutes=median_minutes(pairs[AnswerTimeCount.Measure.FIRST_ANSWER]),
        first_helpful_minutes=median_minutes(pairs[AnswerTimeCount.Measure.FIRST_HELPFUL]),
    )


def _sources(figures: _Figures, months: list[date]) -> list[SourceRow]:
    totals = figures.totals_by_key(JOINED, Dimension.SOURCE, months)
    labels = dict(Event.Source.choices)
    rows = [
        SourceRow(
            label=capfirst(str(labels.get(key, _("unknown")) if key else _("unknown"))), joined=n
        )
        for key, n in totals.items()
        if n
    ]
    return sorted(rows, key=lambda row: (-row.joined, row.label))


def _themes(figures: _Figures, months: list[date], running: date | None) -> list[ThemeRow]:
    theme = Dimension.THEME.value
    return [
        ThemeRow(
            theme=item,
            asked=figures.total(ASKED, theme, str(item.pk), months),
            answered=figures.total(Measure.QUESTIONS_ANSWERED, theme, str(item.pk), months),
            helped=figures.total(Measure.QUESTIONS_HELPED, theme, str(item.pk), months),
            page_views=figures.total(Measure.PAGE_VIEWS, theme, str(item.pk), months),
            waiting=figures.at(Measure.WAITING_QUESTIONS, theme, str(item.pk), running),
            helpers=figures.at(Measure.HELPERS, theme, str(item.pk), running),
        )
        for item in Theme.objects.order_by("name", "pk")
    ]


def _organisations(
    figures: _Figures, scope: InsightsScope, months: list[date], end: date | None
) -> list[OrganisationRow]:
    organisation = Dimension.ORGANISATION.value
    rows = []
    for item in scope.organisations():
        key = str(item.pk)
        rows.append(
            OrganisationRow(
                organisation=item,
                members=figures.at(Measure.MEMBERS, organisation, key, end),
                active_30_days=figures.at(Measure.ACTIVE_30_DAYS, organisation, key, end),
                contributed=figures.at(Measure.CONTRIBUTED, organisation, key, end),
                asked=figures.total(ASKED, organisation, key, months),
                answered=figures.total(ANSWERED, organisation, key, months),
                helped=figures.total(HELPED, Dimension.HELPER_ORGANISATION, key, months),
            )
        )
    return rows


def charts(board: Dashboard) -> dict[str, Chart]:
    """The dashboard's charts; a figure that may not be shown is None (a gap)."""
    result: dict[str, Chart] = {}
    group = board.group_name
    if board.funnel is not None:
        shown = board.funnel.shown
        result["funnel"] = Chart(
            title=_("Members at each step"),
            description=_(
                "How many of %(group)s were invited, joined, were active in the last 30 days, "
                "contributed, and helped someone, at the end of %(month)s."
            )
            % {"group": group, "month": month_label(board.end_month or board.period.end)},
            labels=[step.label for step in board.funnel.steps],
            series=[
                Series(
                    _("Members"),
                    [step.count if shown else None for step in board.funnel.steps],
                )
            ],
        )
    if board.split is not None:
        shown = board.split.shown
        result["split"] = Chart(
            title=_("Shares of readers, occasional contributors and regulars"),
            description=_(
                "The share of the members of %(group)s who did not contribute in the three "
                "months up to %(month)s, who contributed one to four times, and five times "
                "or more."
            )
            % {"group": group, "month": month_label(board.end_month or board.period.end)},
            labels=[step.label for step in board.split.steps],
            series=[
                Series(
                    _("Share of the members"),
                    [
                        step.share if shown and step.share is not None else None
                        for step in board.split.steps
                    ],
                )
            ],
            unit="%",
        )
    result["sources"] = Chart(
        title=_("New members by how they joined"),
        description=_("How the members who joined from %(start)s to %(end)s found their way in.")
        % {"start": month_label(board.period.start), "end": month_label(board.period.end)},
        labels=[row.label for row in board.sources],
        series=[
            Series(_("New members"), [row.joined if row.shown else None for row in board.sources])
        ],
    )
    result["months"] = Chart(
        title=_("Active members and contributors per month"),
        description=_(
            "Members of %(group)s who did anything on Plein in the month, and those who "
            "contributed (asked, answered, commented, posted or shared)."
        )
        % {"group": group},
        labels=[month_label(row.month) for row in board.months],
        series=[
            Series(_("Active"), [row.active if row.shown else None for row in board.months]),
            Series(
                _("Contributed"),
                [row.contributors if row.shown else None for row in board.months],
            ),
        ],
        kind="line",
    )
    return result


# --- a member's own figures ------------------------------------------------------------------


@dataclass
class MyFigures:
    """What one member did, for their own eyes only. Anonymous posts are not tied to them
    in the activity log, so they are not counted here either."""

    asked: int
    answered: int
    attended: int  # gatherings they checked in at
    helped: int  # times someone reported that their answer, resource or story helped
    minutes: int  # the minutes those reports estimate


def my_figures(member: Member) -> MyFigures:
    """Two queries, both on an index of the activity log (member, and helper)."""
    own = dict(
        Event.objects.filter(
            member=member,
            kind__in=(ASKED, ANSWERED, Event.Kind.CHECKED_IN),
        )
        .order_by()
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    helped = Event.objects.filter(helper=member, kind=HELPED).aggregate(
        n=Count("id"), minutes=Sum("minutes")
    )
    return MyFigures(
        asked=own.get(ASKED, 0),
        answered=own.get(ANSWERED, 0),
        attended=own.get(Event.Kind.CHECKED_IN.value, 0),
        helped=helped["n"] or 0,
        minutes=helped["minutes"] or 0,
    )
