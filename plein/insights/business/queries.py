"""The business case: hours members report saved, valued at the hourly rate.

Read from the rollup only (`Aggregate` rows of the HELPED measure, and MEMBERS for the
size of an organisation), so the page costs the same few queries with ten reports or a
million. What counts (and what does not) is said next to the figures, on the page and in
the printed report; keep this module and `templates/insights/business_case_method.html`
in step.

Privacy: a figure about one organisation is shown only when it has at least
PLEIN_INSIGHTS_MIN_GROUP members (at the end of the period). Organisations not shown are
not dropped: they count in the "everyone else" row, so every table still adds up to the
community's total. Because "everyone else" is the total minus the rows shown, the
organisations not shown must together be big enough too, or "everyone else" would be one
small organisation's figure under another name: then the next smallest organisations are
left out as well until they are (see `_hide_enough`).
An organisation manager sees the community's totals and their own organisations; every
other organisation is only part of "everyone else", never a row of its own. Months and
themes are slices of the whole community, not groups of people, and add up what every
answer, story and resource already shows ("helped 3 people, saved about 2 hours"), so
they are shown at any size, like the dashboard's figures about questions."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from plein.insights.access import InsightsScope, big_enough, min_group
from plein.insights.business.actions import hourly_rate
from plein.insights.charts import Chart, Series
from plein.insights.forms import Period
from plein.insights.models import Aggregate, Dimension, Event, Measure
from plein.insights.rollup import HELPED_ESTIMATED
from plein.members.models import Organisation
from plein.posts.actions import MINUTES_MAX
from plein.themes.models import Theme

HELPED = Event.Kind.HELPED.value
# The helped reports that came with an estimate of the minutes saved, along the same
# dimensions and keys as HELPED (value = reports with an estimate).
WITH_ESTIMATE = HELPED_ESTIMATED
MEASURES = (HELPED, WITH_ESTIMATE)
# How many rows per table the printed one-page report has room for.
PRINT_TOP = 5


@dataclass(frozen=True)
class Totals:
    reports: int = 0
    estimated: int = 0
    minutes: int = 0

    def __add__(self, other: "Totals") -> "Totals":
        return Totals(
            self.reports + other.reports,
            self.estimated + other.estimated,
            self.minutes + other.minutes,
        )

    def __sub__(self, other: "Totals") -> "Totals":
        return Totals(
            self.reports - other.reports,
            self.estimated - other.estimated,
            self.minutes - other.minutes,
        )


def hours_of(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def euros_of(minutes: int, rate: Decimal) -> int:
    # From the exact minutes, not from the rounded hours: 100 minutes at €60 is €100.
    return int((Decimal(minutes) * rate / 60).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Row:
    """One line of a table. When `shown` is False the figures are zero and the page says
    the group is too small; the figures still count in the row "everyone else"."""

    label: str
    reports: int
    estimated: int
    minutes: int
    hours: Decimal
    euros: int
    shown: bool = True
    # "everyone else" (organisations) or "without a theme": not a group of its own, and
    # `note` says what it holds.
    rest: bool = False
    note: str = ""

    @classmethod
    def of(
        cls,
        label: str,
        totals: Totals,
        rate: Decimal,
        *,
        shown: bool = True,
        rest: bool = False,
        note: str = "",
    ) -> "Row":
        if not shown:
            totals = Totals()
        return cls(
            label=label,
            reports=totals.reports,
            estimated=totals.estimated,
            minutes=totals.minutes,
            hours=hours_of(totals.minutes),
            euros=euros_of(totals.minutes, rate),
            shown=shown,
            rest=rest,
            note=note,
        )


@dataclass(frozen=True)
class MonthRow(Row):
    month: date = date.min
    total_hours: Decimal = Decimal(0)  # cumulative, from the period's first month
    total_euros: int = 0


@dataclass
class BusinessCase:
    period: Period
    rate: Decimal
    min_group: int
    subject: str  # what the headline is about: the community, a theme or an organisation
    total: Row
    months: list[MonthRow]
    themes: list[Row]
    receiving: list[Row]  # per organisation of the member who was helped
    giving: list[Row]  # per organisation of the member who helped
    # With an organisation chosen: the hours its members' help saved others.
    given: Row | None = None
    # A theme and an organisation were both chosen: the rollup does not cross them, so the
    # figures are the organisation's in all themes (the page says so).
    theme_ignored: bool = False
    made_at: date = field(default_factory=timezone.localdate)

    @property
    def max_hours(self) -> int:
        """The most one estimate may say (a working week), for the method's text."""
        return MINUTES_MAX // 60

    def top_themes(self) -> list[Row]:
        return [row for row in self.themes if row.shown and not row.rest][:PRINT_TOP]

    def top_receiving(self) -> list[Row]:
        return [row for row in self.receiving if row.shown and not row.rest][:PRINT_TOP]

    def top_giving(self) -> list[Row]:
        return [row for row in self.giving if row.shown and not row.rest][:PRINT_TOP]


def _totals(
    rows: Iterable[Mapping[str, Any]], *, value: str = "value", minutes: str = "minutes"
) -> dict:
    """Totals per (dimension, key[, month]) from HELPED and WITH_ESTIMATE rows."""
    reports: dict = defaultdict(int)
    estimated: dict = defaultdict(int)
    spent: dict = defaultdict(int)
    for row in rows:
        where = (row["dimension"], row["key"], row.get("month"))
        if row["measure"] == HELPED:
            reports[where] += row[value] or 0
            spent[where] += row[minutes] or 0
        else:
            estimated[where] += row[value] or 0
    return {
        where: Totals(reports[where], estimated[where], spent[where])
        for where in reports.keys() | estimated.keys()
    }


def _by_rank(rows: list[Row]) -> list[Row]:
    """Most hours saved first (then most reports); groups not shown after, by name."""
    shown = sorted(
        (row for row in rows if row.shown), key=lambda r: (-r.minutes, -r.reports, r.label)
    )
    hidden = sorted((row for row in rows if not row.shown), key=lambda r: r.label)
    return shown + hidden


def organisation_sizes(scope: InsightsScope, end: date) -> dict[str, int]:
    """Members per organisation at the end of the period (the funnel's MEMBERS of the
    last rolled-up month up to `end`), keyed like Aggregate.key."""
    members = Aggregate.objects.filter(measure=Measure.MEMBERS, dimension=Dimension.ORGANISATION)
    latest = (
        members.filter(month__lte=end, key=OuterRef("key")).order_by("-month").values("month")[:1]
    )
    rows = members.filter(month=Subquery(latest))
    if not scope.everything:
        rows = rows.filter(key__in=[str(pk) for pk in scope.organisation_ids])
    return dict(rows.values_list("key", "value"))


def build(scope: InsightsScope, period: Period) -> BusinessCase:
    """The business case of `period` as `scope` may see it."""
    rate = hourly_rate()
    in_period = Aggregate.objects.filter(
        measure__in=MEASURES, month__gte=period.start, month__lte=period.end
    )
    community = (Dimension.ALL.value, "")
    if period.organisation is not None:
        subject_where = (Dimension.ORGANISATION.value, str(period.organisation.pk))
        subject = period.organisation.name
    elif period.theme is not None:
        subject_where = (Dimension.THEME.value, str(period.theme.pk))
        subject = period.theme.name
    else:
        subject_where = community
        subject = _("the whole community")

    # 1: per month, the community and the subject of the headline.
    monthly = _totals(
        in_period.filter(
            Q(dimension=community[0], key=community[1])
            | Q(dimension=subject_where[0], key=subject_where[1])
        ).values("month", "measure", "dimension", "key", "value", "minutes")
    )
    # 2: per theme and organisation, summed over the period. An organisation manager's
    # query does not even fetch the other organisations.
    per_group = in_period.filter(
        dimension__in=[Dimension.THEME, Dimension.ORGANISATION, Dimension.HELPER_ORGANISATION]
    )
    if not scope.everything:
        own_keys = [str(pk) for pk in scope.organisation_ids]
        per_group = per_group.filter(Q(dimension=Dimension.THEME) | Q(key__in=own_keys))
    groups = _totals(
        per_group.values("measure", "dimension", "key").annotate(
            sum_value=Sum("value"), sum_minutes=Sum("minutes")
        ),
        value="sum_value",
        minutes="sum_minutes",
    )
    # 3: organisation sizes for the privacy threshold.
    sizes = organisation_sizes(scope, period.end)

    def month_totals(where: tuple[str, str], month: date) -> Totals:
        return monthly.get((*where, month), Totals())

    community_total = sum((month_totals(community, m) for m in period.months), Totals())
    receiving, hidden = _organisation_rows(
        scope, groups, Dimension.ORGANISATION, community_total, sizes, rate
    )
    giving, hidden_giving = _organisation_rows(
        scope, groups, Dimension.HELPER_ORGANISATION, community_total, sizes, rate
    )
    # An organisation left out of the tables is not shown on its own either: its figures
    # and "everyone else" would tell the smaller one's.
    subject_shown = period.organisation is None or (
        big_enough(sizes.get(str(period.organisation.pk), 0))
        and period.organisation.pk not in hidden | hidden_giving
    )
    months: list[MonthRow] = []
    so_far = 0
    for month in period.months:
        totals = month_totals(subject_where, month) if subject_shown else Totals()
        so_far += totals.minutes
        row = Row.of(date_format(month, "M Y"), totals, rate, shown=subject_shown)
        months.append(
            MonthRow(
                **vars(row),
                month=month,
                total_hours=hours_of(so_far),
                total_euros=euros_of(so_far, rate),
            )
        )
    subject_total = sum((month_totals(subject_where, m) for m in period.months), Totals())
    given = None
    if period.organisation is not None:
        given_totals = groups.get(
            (Dimension.HELPER_ORGANISATION.value, str(period.organisation.pk), None), Totals()
        )
        given = Row.of(period.organisation.name, given_totals, rate, shown=subject_shown)

    return BusinessCase(
        period=period,
        rate=rate,
        min_group=min_group(),
        subject=subject,
        total=Row.of(subject, subject_total, rate, shown=subject_shown),
        given=given,
        months=months,
        themes=_theme_rows(groups, community_total, rate),
        receiving=receiving,
        giving=giving,
        theme_ignored=period.organisation is not None and period.theme is not None,
    )


def _theme_rows(groups: dict, community_total: Totals, rate: Decimal) -> list[Row]:
    per_theme = {
        int(key): totals
        for (dimension, key, _month), totals in groups.items()
        if dimension == Dimension.THEME
    }
    names = (
        dict(Theme.objects.filter(pk__in=per_theme).values_list("pk", "name")) if per_theme else {}
    )
    rows = [Row.of(names[pk], totals, rate) for pk, totals in per_theme.items() if pk in names]
    listed = sum((per_theme[pk] for pk in names), Totals())
    rows = _by_rank(rows)
    rest = community_total - listed
    # Posts in circles without a theme, and themes removed since.
    if rest.reports > 0:
        note = _("Circles without a theme, and themes removed since.")
        rows.append(Row.of(_("Without a theme"), rest, rate, rest=True, note=note))
    return rows


def _organisation_rows(
    scope: InsightsScope,
    groups: dict,
    dimension: str,
    community_total: Totals,
    sizes: dict[str, int],
    rate: Decimal,
) -> tuple[list[Row], set[int]]:
    """The rows of one organisation table, and the organisations it does not show."""
    per_organisation = {
        int(key): totals for (where, key, _month), totals in groups.items() if where == dimension
    }
    giving = dimension == Dimension.HELPER_ORGANISATION
    if scope.everything:
        wanted = set(per_organisation)
        if giving:
            note = _(
                "Organisations not shown, members without an organisation, and anonymous posts."
            )
        else:
            note = _("Organisations not shown, and members without an organisation.")
    else:
        # Their own organisations, also without any help yet (a row of zeros says that).
        wanted = set(scope.organisation_ids)
        if giving:
            note = _(
                "The other organisations together, members without an organisation, and "
                "anonymous posts."
            )
        else:
            note = _("The other organisations together, and members without an organisation.")
    names = (
        dict(Organisation.objects.filter(pk__in=wanted).values_list("pk", "name")) if wanted else {}
    )
    if scope.everything:
        hidden = _hide_enough({pk: sizes.get(str(pk), 0) for pk in names})
    else:
        # An organisation manager's "everyone else" holds every other organisation.
        hidden = {pk for pk in names if not big_enough(sizes.get(str(pk), 0))}
    rows = []
    listed = Totals()
    for pk, name in names.items():
        totals = per_organisation.get(pk, Totals())
        shown = pk not in hidden
        rows.append(Row.of(name, totals, rate, shown=shown))
        if shown:
            listed += totals
    rows = _by_rank(rows)
    rest = community_total - listed
    if rest.reports > 0 or not scope.everything:
        rows.append(Row.of(_("Everyone else"), rest, rate, rest=True, note=note))
    return rows, hidden


def _hide_enough(sizes: dict[int, int]) -> set[int]:
    """The organisations (of `sizes`: id to members) whose figures are not shown: those
    below the threshold, and when they are too few together, the smallest of the others
    with them, so that "everyone else" is never one small organisation's figure."""
    hidden = {pk for pk, size in sizes.items() if not big_enough(size)}
    others = sorted((size, pk) for pk, size in sizes.items() if pk not in hidden)
    while hidden and not big_enough(sum(sizes[pk] for pk in hidden)) and others:
        hidden.add(others.pop(0)[1])
    return hidden


# --- Charts ----------------------------------------------------------------------------------


def _hours(value: float) -> str:
    return number_format(value, decimal_pos=1, force_grouping=True)


def _hours_or_none(row: Row) -> float | None:
    return float(row.hours) if row.shown else None


def charts(case: BusinessCase) -> dict[str, Chart]:
    """The page's charts: per month, cumulative, per theme, per organisation both ways."""
    hours = _("hours saved")
    month_labels = [row.label for row in case.months]
    return {
        "months": Chart(
            title=_("Hours saved per month"),
            description=_(
                "Hours members reported saved in each month of the period, for %(subject)s."
            )
            % {"subject": case.subject},
            labels=month_labels,
            series=[Series(hours, [_hours_or_none(row) for row in case.months])],
            kind="columns",
            unit=_("h"),
            value_format=_hours,
        ),
        "cumulative": Chart(
            title=_("Hours saved so far"),
            description=_(
                "Hours saved added up month by month from the start of the period, for %(subject)s."
            )
            % {"subject": case.subject},
            labels=month_labels,
            series=[
                Series(
                    _("hours saved so far"),
                    [float(row.total_hours) if row.shown else None for row in case.months],
                )
            ],
            kind="line",
            unit=_("h"),
            value_format=_hours,
        ),
        "themes": Chart(
            title=_("Hours saved per theme"),
            description=_("Hours saved per theme in the period, most first."),
            labels=[row.label for row in case.themes],
            series=[Series(hours, [_hours_or_none(row) for row in case.themes])],
            unit=_("h"),
            value_format=_hours,
        ),
        "receiving": Chart(
            title=_("Who received help"),
            description=_("Hours saved per organisation of the member who was helped, most first."),
            labels=[row.label for row in case.receiving],
            series=[Series(hours, [_hours_or_none(row) for row in case.receiving])],
            unit=_("h"),
            value_format=_hours,
        ),
        "giving": Chart(
            title=_("Who gave help"),
            description=_(
                "Hours the help of each organisation's members saved others, most first."
            ),
            labels=[row.label for row in case.giving],
            series=[Series(hours, [_hours_or_none(row) for row in case.giving])],
            unit=_("h"),
            value_format=_hours,
        ),
    }
