"""The rollup: the activity log (`Event`), page-view counters and a few live tables turned
into `Aggregate` rows per month, which are all the dashboards read.

`roll_up()` runs every PLEIN_INSIGHTS_ROLLUP_MINUTES (`plein.insights.tasks.maybe_roll_up`
from the worker's minute jobs, or `plein insights-rollup`). It is incremental: it flushes page views from
the cache, brings `MemberStats` up to date from the events since the last rollup, and
recomputes every month from the first one those events fall in to the running month;
of the two months before the running one, if they have no new events, only the question
cohorts (late answers) and page views. `rebuild()` recomputes every month. Each month is
replaced in one transaction, so a dashboard never sees half a month.

Months are calendar months in Europe/Amsterdam (settings.TIME_ZONE): an event belongs to
the month of its local date. Every month is queried as a range of `Event.at` (index
`event_at`), with a handful of GROUP BY queries, never a loop over events.

What each measure means. `value` is the figure, `minutes` the summed minutes saved (only
HELPED has any), `members` how many distinct members the figure is about (the privacy
threshold, see plein.insights.access.big_enough). Keys are ids as text (theme,
organisation), an Organisation.Kind, an Event.Source or a page name; "" for ALL. A row
that would be all zeros is not stored: a missing row means zero (except WAITING_QUESTIONS
and HELPERS, which have a row for every theme).

- Every Event.Kind K (measure = K's value, e.g. "helped"): value = K events in the month,
  minutes = their summed minutes, members = distinct (named) members. Per ALL; THEME
  (events without a theme are left out); ORGANISATION (the organisation the member was in
  when it happened; anonymous events have none and are only in ALL and THEME);
  ORGANISATION_KIND (that organisation's kind); SOURCE (JOINED only; key = how they
  joined, "" when unknown); HELPER_ORGANISATION (HELPED only; key = the organisation of
  who helped, members = distinct helpers).
- HELPED_ESTIMATED ("helped_estimated"): as HELPED, along the same dimensions and keys,
  counting only the reports with an estimate of the minutes saved (value = those
  reports, minutes = their minutes, members = distinct members, or helpers, with one).
- ACTIVE_MEMBERS / CONTRIBUTORS: distinct members with any event / with a contribution
  (Event.CONTRIBUTIONS) in the month. Per ALL, THEME, ORGANISATION, ORGANISATION_KIND (as
  for events: the organisation at the time). value = members.
- The population of the funnel and of the 90-9-1 split is the active members who had
  joined by the month's end (for the running month: by the rollup), counted under their
  current organisation (MemberStats.organisation), so the steps nest per organisation.
  Per ALL, ORGANISATION, ORGANISATION_KIND; members = value.
- READERS / OCCASIONAL / REGULARS (90-9-1): that population split by their contributions
  in the three months ending with the month: 0, 1 to 4, 5 or more. Together they make
  MEMBERS.
- Funnel: INVITED = MEMBERS + distinct addresses with an invitation made by then, not
  accepted by then, and not of a member who had joined by then (an invitation counts under
  Invitation.organisation); MEMBERS = the population; ACTIVE_30_DAYS = of them, those with
  any event in the 30 days up to then; CONTRIBUTED = those whose first contribution was by
  then; HELPED_SOMEONE = those who had helped someone by then (a HELPED event naming them
  as helper).
- QUESTIONS_ANSWERED / QUESTIONS_HELPED: questions (not deleted) asked in the month that
  by now have an answer by someone other than the asker / a "helped" report on one of
  their answers (answers not deleted). Per ALL and THEME; members = 0 (about posts, not
  people). Divide by the ASKED count of the same row to get the share; ASKED counts
  anonymous questions too, as these do (but also questions deleted since: events are
  never changed). Beside them, `AnswerTimeCount` per month, theme
  (and None for all themes), FIRST_ANSWER / FIRST_HELPFUL and `answer_time_bucket`: how
  many of the month's questions got their first answer / first helped report that many
  minutes after being asked; `median_minutes` reads a median from those counts.
- WAITING_QUESTIONS / HELPERS, per THEME, on the running month only (as at the rollup):
  open questions without an answer (not deleted, not hidden) / active members who list the
  theme as expertise (members = that count; 0 for waiting questions).
- PAGE_VIEWS: views in the month from PageViewCount, per ALL, THEME and PAGE (key = the
  kind of page, see plein.insights.events.PAGES); members = 0.

Known limits: past months are not recomputed when something other than a new event
changes them (a member deactivated, an invitation sent with a date in the past); run
`plein insights-rollup --rebuild` to recompute everything. An event whose transaction
commits after a later-numbered one was rolled up is still counted in its month's figures
when that month is recomputed; MemberStats catches up with it on that member's next event
(or a rebuild)."""

import contextlib
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from plein.insights.events import PAGES, page_view_key
from plein.insights.forms import add_months, first_of_month, months_between
from plein.insights.models import (
    Aggregate,
    AnswerTimeCount,
    Dimension,
    Event,
    Measure,
    MemberStats,
    PageViewCount,
    RollupState,
)
from plein.members.models import Invitation, Member
from plein.posts.models import Helped, Post, Reply
from plein.themes.models import Theme

logger = logging.getLogger("plein.insights")

BATCH = 500
# Held while a rollup runs, so two at once (worker and command) do not flush the page
# views twice. Long enough for a rebuild of ten million events.
LOCK_KEY = "plein:insights:rollup-running"
LOCK_SECONDS = 2 * 60 * 60
ACTIVE_DAYS = 30
# The 90-9-1 split: contributions in the three months ending with the month.
SPLIT_MONTHS = 3
REGULAR_CONTRIBUTIONS = 5

CONTRIBUTION = Q(kind__in=Event.CONTRIBUTIONS)
WITH_MINUTES = Q(minutes__isnull=False)
# The HELPED reports that came with an estimate of the minutes saved (the business case
# shows how many of the reports its hours rest on). Not an Event.Kind, so not in Measure.
HELPED_ESTIMATED = "helped_estimated"


@dataclass
class RollupSummary:
    """What one rollup did (printed by `plein insights-rollup`, returned by the task)."""

    events: int = 0  # new events since the last rollup
    members: int = 0  # MemberStats rows created or changed
    page_views: int = 0  # views moved from the cache into PageViewCount
    months: list[date] = field(default_factory=list)
    rows: int = 0  # Aggregate and AnswerTimeCount rows written
    seconds: float = 0.0
    rebuilt: bool = False
    # Another rollup was running; this one did nothing.
    skipped: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "members": self.members,
            "page_views": self.page_views,
            "months": [month.isoformat() for month in self.months],
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
            "rebuilt": self.rebuilt,
            "skipped": self.skipped,
        }


# --- answer times -------------------------------------------------------------------------


def answer_time_bucket(minutes: int) -> int:
    """The lower bound of the bucket `minutes` falls in: exact minutes up to two hours,
    quarters of an hour up to a day, whole hours up to two weeks, then whole days. Fine
    where medians usually are, and few rows for the long tail."""
    minutes = max(minutes, 0)
    if minutes <= 120:
        return minutes
    if minutes <= 24 * 60:
        return minutes - minutes % 15
    if minutes <= 14 * 24 * 60:
        return minutes - minutes % 60
    return minutes - minutes % (24 * 60)


def median_minutes(counts: Iterable[tuple[int, int]]) -> int | None:
    """The (lower) median of (bucket, questions) pairs, e.g. AnswerTimeCount rows of any
    range of months; a bucket may occur more than once. None when there are none."""
    pairs = sorted((bucket, n) for bucket, n in counts if n > 0)
    total = sum(n for _, n in pairs)
    if not total:
        return None
    # The lower median is the element at (total - 1) // 2 in sorted order (0-based).
    wanted = (total - 1) // 2
    seen = 0
    for bucket, n in pairs:
        seen += n
        if seen > wanted:
            return bucket
    raise AssertionError("unreachable")  # pragma: no cover


# --- entry points ---------------------------------------------------------------------------


def last_rolled_at() -> datetime | None:
    state = RollupState.objects.order_by("pk").first()
    return state.rolled_at if state else None


def roll_up(*, now: datetime | None = None) -> RollupSummary:
    """Bring the aggregates up to date (see the module docstring)."""
    state = RollupState.objects.order_by("pk").first()
    # The first rollup has no earlier months to keep: it is a rebuild.
    return _locked(now, full=state is None or state.rolled_at is None)


def rebuild(*, now: datetime | None = None) -> RollupSummary:
    """Recompute MemberStats and every month from the first event (or member) to now."""
    return _locked(now, full=True)


def _locked(now: datetime | None, *, full: bool) -> RollupSummary:
    if not cache.add(LOCK_KEY, 1, timeout=LOCK_SECONDS):
        return RollupSummary(skipped=True)
    try:
        return _run(now or timezone.now(), full=full)
    finally:
        cache.delete(LOCK_KEY)


def _run(now: datetime, *, full: bool) -> RollupSummary:
    started = time.monotonic()
    summary = RollupSummary(rebuilt=full)
    state = RollupState.objects.order_by("pk").first() or RollupState()
    after = 0 if full else state.last_event_id
    # Events written while this runs wait for the next rollup.
    up_to = max(Event.objects.aggregate(last=Max("id"))["last"] or 0, after)
    new_events = Event.objects.filter(id__gt=after, id__lte=up_to)
    summary.events = new_events.count()

    summary.page_views = flush_page_views(now)
    summary.members = update_member_stats(new_events, full=full)

    running = first_of_month(timezone.localdate(now))
    if full:
        first = _first_month() or running
        months = months_between(min(first, running), running)
        # Nothing may linger from months outside the range (an earlier, longer history).
        Aggregate.objects.exclude(month__gte=months[0], month__lte=running).delete()
        AnswerTimeCount.objects.exclude(month__gte=months[0], month__lte=running).delete()
    else:
        # Grouped, so PostgreSQL reads the new events by id rather than walking the index
        # on `at` from the oldest event (its plan for a plain MIN/MAX): seconds on millions.
        spans = new_events.order_by().values("kind").annotate(first=Min("at"), last=Max("at"))
        # The month of the last rollup was then the running month, its funnel "as at
        # then": now it gets its figures at the month's end.
        first_month = min(running, _month_of(state.rolled_at)) if state.rolled_at else running
        last_month = running
        if spans:
            first_month = min(first_month, _month_of(min(row["first"] for row in spans)))
            last_month = max(last_month, _month_of(max(row["last"] for row in spans)))
        # A new event changes its month and every later one (the 90-9-1 window, firsts in
        # the funnel); the running month changes anyway (its funnel is "as at now").
        months = months_between(first_month, last_month)
        # Earlier months without new events: only late answers and the page views of the
        # last days change them.
        for month in months_between(add_months(running, -2), running):
            if month < first_month:
                summary.rows += replace_month(month, now=now, running=running, posts_only=True)
                summary.months.append(month)
    for month in months:
        summary.rows += replace_month(month, now=now, running=running)
    summary.months = sorted([*summary.months, *months])

    state.last_event_id = up_to
    state.rolled_at = now
    state.save()
    summary.seconds = time.monotonic() - started
    return summary


# --- helpers for months ---------------------------------------------------------------------


def _local(day: date) -> datetime:
    """Midnight at the start of `day` in the community's time zone."""
    return datetime(day.year, day.month, day.day, tzinfo=timezone.get_default_timezone())


def _month_of(moment: datetime) -> date:
    return first_of_month(timezone.localdate(moment))


def _first_month() -> date | None:
    first_event = Event.objects.aggregate(first=Min("at"))["first"]
    first_member = MemberStats.objects.aggregate(first=Min("joined_at"))["first"]
    moments = [moment for moment in (first_event, first_member) if moment is not None]
    return _month_of(min(moments)) if moments else None


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


# --- page views -----------------------------------------------------------------------------


def flush_page_views(now: datetime) -> int:
    """Move the page views counted in the cache (today and the two days before) into
    PageViewCount. Each counter is decremented by what was read, not reset, so views
    counted meanwhile stay for the next flush. Returns how many views moved."""
    today = timezone.localdate(now)
    days = [today - timedelta(days=back) for back in (2, 1, 0)]
    theme_ids: list[int | None] = [None, *Theme.objects.values_list("pk", flat=True)]
    keys = {
        page_view_key(day, page, theme_id): (day, page, theme_id)
        for day in days
        for page in PAGES
        for theme_id in theme_ids
    }
    moved = 0
    for key, views in cache.get_many(list(keys)).items():
        if not views or views < 0:
            continue
        day, page, theme_id = keys[key]
        with transaction.atomic():
            same = Q(theme_id=theme_id) if theme_id is not None else Q(theme__isnull=True)
            counted = PageViewCount.objects.filter(same, day=day, page=page).update(
                views=F("views") + views
            )
            if not counted:
                PageViewCount.objects.create(day=day, page=page, theme_id=theme_id, views=views)
        # A counter that expired since it was read has nothing left to keep.
        with contextlib.suppress(ValueError):
            cache.decr(key, views)
        moved += views
    return moved


# --- member stats ---------------------------------------------------------------------------

STATS_FIELDS = [
    "organisation",
    "joined_at",
    "source",
    "last_active_at",
    "first_contribution_at",
    "contributions",
    "first_helped_someone_at",
]
STATS_ATTNAMES = ["organisation_id", *STATS_FIELDS[1:]]


def update_member_stats(new_events: "QuerySet[Event]", *, full: bool) -> int:
    """Bring MemberStats up to date: a row for every member, their current organisation,
    and the figures of the members in `new_events`, recomputed from all their events (via
    the index on member and time), so running it twice changes nothing. `full` recomputes
    every member from every event. Returns how many rows were created or updated."""
    missing = Member.objects.filter(
        ~Exists(MemberStats.objects.filter(member_id=OuterRef("pk")))
    ).values_list("pk", "date_joined", "organisation_id")
    created = MemberStats.objects.bulk_create(
        [
            MemberStats(member_id=pk, joined_at=joined, organisation_id=organisation_id)
            for pk, joined, organisation_id in missing
        ],
        batch_size=BATCH,
    )
    # Members move between organisations; the funnel counts them where they are now.
    moved = {
        member_id: current
        for member_id, kept, current in MemberStats.objects.values_list(
            "member_id", "organisation_id", "member__organisation_id"
        )
        if kept != current
    }
    named = Event.objects.filter(member__isnull=False)
    if full:
        stats_by_member: dict[int, MemberStats] = {
            stats.member_id: stats
            for stats in MemberStats.objects.annotate(date_joined=F("member__date_joined"))
        }
        for stats in stats_by_member.values():
            _reset(stats)
        _apply_member_figures(stats_by_member, named)
        helped = Event.objects.filter(kind=Event.Kind.HELPED, helper__isnull=False)
        _apply_helpers(stats_by_member, helped, merge=False)
    else:
        affected = set(
            new_events.filter(member__isnull=False)
            .order_by()
            .values_list("member_id", flat=True)
            .distinct()
        )
        helped = new_events.filter(kind=Event.Kind.HELPED, helper__isnull=False)
        helpers = set(helped.order_by().values_list("helper_id", flat=True).distinct())
        stats_by_member = {}
        for batch in _batches(affected | helpers | set(moved)):
            stats_by_member.update(MemberStats.objects.in_bulk(batch))
        unchanged = {pk: _snapshot(stats) for pk, stats in stats_by_member.items()}
        for batch in _batches(affected):
            _apply_member_figures(stats_by_member, named.filter(member_id__in=batch))
        # Only the new HELPED events are read (there is no index on helper): the earliest
        # of what is stored and what is new.
        _apply_helpers(stats_by_member, helped, merge=True)
    for member_id, organisation_id in moved.items():
        if member_id in stats_by_member:
            stats_by_member[member_id].organisation_id = organisation_id
    if full:
        # Writing every row anew is much faster than an UPDATE per row (bulk_update's
        # CASE WHEN grows with the batch); the dashboards read only Aggregate rows.
        with transaction.atomic():
            MemberStats.objects.all().delete()
            MemberStats.objects.bulk_create(stats_by_member.values(), batch_size=BATCH)
        return len(stats_by_member)
    changed = [
        stats for pk, stats in stats_by_member.items() if _snapshot(stats) != unchanged.get(pk)
    ]
    MemberStats.objects.bulk_update(changed, STATS_FIELDS, batch_size=BATCH)
    return len(created) + len(changed)


def _snapshot(stats: MemberStats) -> tuple[Any, ...]:
    return tuple(getattr(stats, attname) for attname in STATS_ATTNAMES)


def _reset(stats: MemberStats) -> None:
    stats.joined_at = stats.date_joined  # type: ignore[attr-defined]
    stats.source = ""
    stats.last_active_at = None
    stats.first_contribution_at = None
    stats.contributions = 0
    stats.first_helped_someone_at = None


def _apply_member_figures(
    stats_by_member: dict[int, MemberStats], events: "QuerySet[Event]"
) -> None:
    """Set each member's figures from `events` (all the events of those members)."""
    figures = (
        events.order_by()
        .values("member_id")
        .annotate(
            last=Max("at"),
            first_contribution=Min("at", filter=CONTRIBUTION),
            contributions=Count("id", filter=CONTRIBUTION),
        )
    )
    for row in figures:
        stats = stats_by_member.get(row["member_id"])
        if stats is None:  # a member deleted since
            continue
        stats.last_active_at = row["last"]
        stats.first_contribution_at = row["first_contribution"]
        stats.contributions = row["contributions"]
    # The earliest JOINED event says when and how (there is normally one per member).
    joins = events.filter(kind=Event.Kind.JOINED).order_by("-at", "-id")
    for member_id, at, source in joins.values_list("member_id", "at", "source"):
        stats = stats_by_member.get(member_id)
        if stats is not None:
            stats.joined_at = at
            stats.source = source


def _apply_helpers(
    stats_by_member: dict[int, MemberStats], helped: "QuerySet[Event]", *, merge: bool
) -> None:
    firsts = helped.order_by().values("helper_id").annotate(first=Min("at"))
    for row in firsts:
        stats = stats_by_member.get(row["helper_id"])
        if stats is None:
            continue
        earlier = stats.first_helped_someone_at
        if merge and earlier is not None and earlier <= row["first"]:
            continue
        stats.first_helped_someone_at = row["first"]


# --- one month ------------------------------------------------------------------------------


class _Rows:
    """The Aggregate rows of one month, keyed by (measure, dimension, key)."""

    def __init__(self, month: date) -> None:
        self.month = month
        self.rows: dict[tuple[str, str, str], Aggregate] = {}

    def add(
        self,
        measure: str,
        dimension: str,
        key: object,
        value: int,
        *,
        minutes: int | None = 0,
        members: int = 0,
        keep_zero: bool = False,
    ) -> None:
        if not value and not minutes and not keep_zero:
            return
        text = "" if key is None else str(key)
        self.rows[(measure, dimension, text)] = Aggregate(
            month=self.month,
            measure=measure,
            dimension=dimension,
            key=text,
            value=value,
            minutes=minutes or 0,
            members=members,
        )


# What changes in a month without new events: its question cohorts and page views.
POSTS_MEASURES = (Measure.QUESTIONS_ANSWERED, Measure.QUESTIONS_HELPED, Measure.PAGE_VIEWS)


def replace_month(month: date, *, now: datetime, running: date, posts_only: bool = False) -> int:
    """Recompute one month and replace its rows in one transaction; returns how many rows
    it wrote. The reads happen before the transaction, so it stays short. `posts_only`
    recomputes only the questions, answer times and page views (POSTS_MEASURES)."""
    start, end = _local(month), _local(add_months(month, 1))
    until = min(end, now)
    rows = _Rows(month)
    if posts_only:
        times = _questions(rows, month, start, end)
        _page_views(rows, month)
        with transaction.atomic():
            # Waiting questions and helpers are kept for the running month only.
            Aggregate.objects.filter(
                month=month,
                measure__in=[*POSTS_MEASURES, Measure.WAITING_QUESTIONS, Measure.HELPERS],
            ).delete()
            AnswerTimeCount.objects.filter(month=month).delete()
            Aggregate.objects.bulk_create(rows.rows.values(), batch_size=BATCH)
            AnswerTimeCount.objects.bulk_create(times, batch_size=BATCH)
        return len(rows.rows) + len(times)
    events = Event.objects.filter(at__gte=start, at__lt=end).order_by()
    _event_counts(rows, events)
    _active_members(rows, events)
    _funnel(rows, month, until=until, end=end)
    times = _questions(rows, month, start, end)
    if month == running:
        _waiting_and_helpers(rows)
    _page_views(rows, month)
    with transaction.atomic():
        Aggregate.objects.filter(month=month).delete()
        AnswerTimeCount.objects.filter(month=month).delete()
        Aggregate.objects.bulk_create(rows.rows.values(), batch_size=BATCH)
        AnswerTimeCount.objects.bulk_create(times, batch_size=BATCH)
    return len(rows.rows) + len(times)


def _event_counts(rows: _Rows, events: "QuerySet[Event]") -> None:
    figures = {
        "value": Count("id"),
        "minutes_sum": Sum("minutes"),
        "people": Count("member", distinct=True),
        # Count of a column counts the rows where it is not null: reports with an estimate.
        "estimated": Count("minutes"),
        "estimating": Count("member", distinct=True, filter=WITH_MINUTES),
    }

    def add_all(dimension: str, key_field: str | None, queryset: "QuerySet[Event]") -> None:
        grouping = ["kind", key_field] if key_field else ["kind"]
        for row in queryset.values(*grouping).annotate(**figures):
            key = row[key_field] if key_field else ""
            rows.add(
                row["kind"],
                dimension,
                key,
                row["value"],
                minutes=row["minutes_sum"],
                members=row["people"],
            )
            if row["kind"] == Event.Kind.HELPED:
                rows.add(
                    HELPED_ESTIMATED,
                    dimension,
                    key,
                    row["estimated"],
                    minutes=row["minutes_sum"],
                    members=row["estimating"],
                )

    add_all(Dimension.ALL, None, events)
    add_all(Dimension.THEME, "theme_id", events.filter(theme__isnull=False))
    add_all(Dimension.ORGANISATION, "organisation_id", events.filter(organisation__isnull=False))
    add_all(
        Dimension.ORGANISATION_KIND,
        "organisation__kind",
        events.filter(organisation__isnull=False),
    )
    joined = (
        events.filter(kind=Event.Kind.JOINED)
        .values("source")
        .annotate(
            value=Count("id"), minutes_sum=Sum("minutes"), people=Count("member", distinct=True)
        )
    )
    for source in joined:
        rows.add(
            Event.Kind.JOINED,
            Dimension.SOURCE,
            source["source"],
            source["value"],
            minutes=source["minutes_sum"],
            members=source["people"],
        )
    helped = events.filter(kind=Event.Kind.HELPED, helper_organisation__isnull=False)
    # members = distinct helpers: the figure is about who gave the help.
    for helping in helped.values("helper_organisation_id").annotate(
        value=Count("id"),
        minutes_sum=Sum("minutes"),
        people=Count("helper", distinct=True),
        estimated=Count("minutes"),
        estimating=Count("helper", distinct=True, filter=WITH_MINUTES),
    ):
        for measure, value, people in (
            (Event.Kind.HELPED, helping["value"], helping["people"]),
            (HELPED_ESTIMATED, helping["estimated"], helping["estimating"]),
        ):
            rows.add(
                measure,
                Dimension.HELPER_ORGANISATION,
                helping["helper_organisation_id"],
                value,
                minutes=helping["minutes_sum"],
                members=people,
            )


def _active_members(rows: _Rows, events: "QuerySet[Event]") -> None:
    people = {
        "active": Count("member", distinct=True),
        "contributors": Count("member", distinct=True, filter=CONTRIBUTION),
    }

    def add(dimension: str, key: object, row: dict[str, Any]) -> None:
        rows.add(Measure.ACTIVE_MEMBERS, dimension, key, row["active"], members=row["active"])
        rows.add(
            Measure.CONTRIBUTORS,
            dimension,
            key,
            row["contributors"],
            members=row["contributors"],
        )

    add(Dimension.ALL, "", events.aggregate(**people))
    for dimension, key_field, queryset in (
        (Dimension.THEME, "theme_id", events.filter(theme__isnull=False)),
        (Dimension.ORGANISATION, "organisation_id", events.filter(organisation__isnull=False)),
        (
            Dimension.ORGANISATION_KIND,
            "organisation__kind",
            events.filter(organisation__isnull=False),
        ),
    ):
        for row in queryset.values(key_field).annotate(**people):
            add(dimension, row[key_field], row)


def _funnel(  # noqa: C901  each member's funnel steps, counted in one pass over the rows
    rows: _Rows, month: date, *, until: datetime, end: datetime
) -> None:
    """The funnel and the 90-9-1 split of the members who had joined by `until`."""
    population = MemberStats.objects.filter(joined_at__lt=until, member__is_active=True)
    people = population.values_list(
        "member_id",
        "organisation_id",
        "organisation__kind",
        "first_contribution_at",
        "first_helped_someone_at",
    )
    recent = set(
        Event.objects.filter(
            at__gte=until - timedelta(days=ACTIVE_DAYS), at__lt=until, member__isnull=False
        )
        .order_by()
        .values_list("member_id", flat=True)
        .distinct()
    )
    contributions = dict(
        Event.objects.filter(
            CONTRIBUTION,
            at__gte=_local(add_months(month, 1 - SPLIT_MONTHS)),
            at__lt=min(end, until),
            member__isnull=False,
        )
        .order_by()
        .values("member_id")
        .annotate(n=Count("id"))
        .values_list("member_id", "n")
    )
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for member_id, organisation_id, kind, first_contribution, first_helped in people:
        groups = [(Dimension.ALL.value, "")]
        if organisation_id is not None:
            groups.append((Dimension.ORGANISATION.value, str(organisation_id)))
            groups.append((Dimension.ORGANISATION_KIND.value, kind))
        contributed = contributions.get(member_id, 0)
        steps = [Measure.MEMBERS]
        if member_id in recent:
            steps.append(Measure.ACTIVE_30_DAYS)
        if first_contribution is not None and first_contribution < until:
            steps.append(Measure.CONTRIBUTED)
        if first_helped is not None and first_helped < until:
            steps.append(Measure.HELPED_SOMEONE)
        if contributed == 0:
            steps.append(Measure.READERS)
        elif contributed < REGULAR_CONTRIBUTIONS:
            steps.append(Measure.OCCASIONAL)
        else:
            steps.append(Measure.REGULARS)
        for group in groups:
            for step in steps:
                counts[group][step] += 1

    # Invited but not (yet) a member: distinct addresses, per the invitation's organisation.
    invited: dict[tuple[str, str], set[str]] = defaultdict(set)
    invitations = (
        Invitation.objects.filter(created_at__lt=until)
        .exclude(accepted_at__lt=until)
        .exclude(
            Exists(MemberStats.objects.filter(member__email=OuterRef("email"), joined_at__lt=until))
        )
        .order_by()
        .values_list("organisation_id", "organisation__kind", "email")
        .distinct()
    )
    for organisation_id, kind, email in invitations:
        invited[(Dimension.ALL.value, "")].add(email)
        if organisation_id is not None:
            invited[(Dimension.ORGANISATION.value, str(organisation_id))].add(email)
            invited[(Dimension.ORGANISATION_KIND.value, kind)].add(email)
    for group in set(counts) | set(invited):
        counts[group][Measure.INVITED] = counts[group][Measure.MEMBERS] + len(invited[group])

    for (dimension, key), figures in counts.items():
        for measure, value in figures.items():
            rows.add(measure, dimension, key, value, members=value)


def _questions(rows: _Rows, month: date, start: datetime, end: datetime) -> list[AnswerTimeCount]:
    """The month's questions: how many got an answer and a helpful one, and after how long."""
    answers = Reply.objects.filter(
        post=OuterRef("pk"), parent__isnull=True, deleted_at__isnull=True
    )
    first_answer = (
        answers.exclude(author=OuterRef("author")).order_by("created_at").values("created_at")[:1]
    )
    first_helpful = (
        Helped.objects.filter(
            reply__post=OuterRef("pk"), reply__parent__isnull=True, reply__deleted_at__isnull=True
        )
        .order_by("created_at")
        .values("created_at")[:1]
    )
    questions = (
        Post.objects.filter(
            kind=Post.Kind.QUESTION,
            deleted_at__isnull=True,
            created_at__gte=start,
            created_at__lt=end,
        )
        .order_by()
        .annotate(first_answer=Subquery(first_answer), first_helpful=Subquery(first_helpful))
        .values_list("theme_id", "created_at", "first_answer", "first_helpful")
    )
    answered: dict[int | None, int] = defaultdict(int)
    helped: dict[int | None, int] = defaultdict(int)
    buckets: dict[tuple[int | None, str, int], int] = defaultdict(int)
    for theme_id, created_at, answer_at, helpful_at in questions:
        for timing, at, tally in (
            (AnswerTimeCount.Measure.FIRST_ANSWER, answer_at, answered),
            (AnswerTimeCount.Measure.FIRST_HELPFUL, helpful_at, helped),
        ):
            if at is None:
                continue
            bucket = answer_time_bucket(int((at - created_at).total_seconds() // 60))
            for theme in (theme_id, None):
                tally[theme] += 1
                buckets[(theme, timing, bucket)] += 1
    for measure, tally in (
        (Measure.QUESTIONS_ANSWERED, answered),
        (Measure.QUESTIONS_HELPED, helped),
    ):
        for theme, value in tally.items():
            if theme is None:
                rows.add(measure, Dimension.ALL, "", value)
            else:
                rows.add(measure, Dimension.THEME, theme, value)
    return [
        AnswerTimeCount(month=month, theme_id=theme, measure=timing, minutes=bucket, questions=n)
        for (theme, timing, bucket), n in sorted(
            buckets.items(), key=lambda item: (item[0][0] or 0, item[0][1], item[0][2])
        )
    ]


def _waiting_and_helpers(rows: _Rows) -> None:
    waiting = dict(
        Post.objects.filter(
            kind=Post.Kind.QUESTION,
            status=Post.Status.OPEN,
            answer_count=0,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
        )
        .order_by()
        .values("theme_id")
        .annotate(n=Count("id"))
        .values_list("theme_id", "n")
    )
    themes = Theme.objects.order_by().annotate(
        helpers=Count("experts", filter=Q(experts__is_active=True), distinct=True)
    )
    for theme_id, count in themes.values_list("pk", "helpers"):
        rows.add(
            Measure.WAITING_QUESTIONS,
            Dimension.THEME,
            theme_id,
            waiting.get(theme_id, 0),
            keep_zero=True,
        )
        rows.add(Measure.HELPERS, Dimension.THEME, theme_id, count, members=count, keep_zero=True)


def _page_views(rows: _Rows, month: date) -> None:
    views = PageViewCount.objects.filter(day__gte=month, day__lt=add_months(month, 1)).order_by()
    total = 0
    for page, value in views.values("page").annotate(n=Sum("views")).values_list("page", "n"):
        rows.add(Measure.PAGE_VIEWS, Dimension.PAGE, page, value)
        total += value
    rows.add(Measure.PAGE_VIEWS, Dimension.ALL, "", total)
    themed = views.filter(theme__isnull=False).values("theme_id").annotate(n=Sum("views"))
    for theme_id, value in themed.values_list("theme_id", "n"):
        rows.add(Measure.PAGE_VIEWS, Dimension.THEME, theme_id, value)
