"""Demo activity: a year of the community's life in the activity log, so every insights
chart tells a plausible story in `make run`. Runs after every other demo loader (it reads
what they made) and before the demo pulse surveys.

0. Readers. The demo content is written by some seventy members who all contribute; a
   real community has many more who join, read and never post (the "90" of 90-9-1, and
   the "joined but never posted" a pulse survey asks about). Forty of them are added
   through the real action, with a name, an organisation and a job, joined at moments
   spread over the demo's eighteen months.
1. Helped reports. When the demo content's "this helped me" reports hold too few minutes
   in a month for a convincing business case, more are made through the real actions
   (`mark_helped` on answers, `mark_reused` on resources) by plausible members, then moved
   back in time, as the other demo loaders do. Help flows mostly from the big
   municipalities (Enschede, Hengelo) to the smaller ones, and the most minutes are saved
   in youth care and procurement, the themes that cost municipalities the most.
2. A few personal invitations nobody has accepted yet (the funnel starts at "invited").
3. The log rebuilt from the content (plein.insights.backfill), at the content's own dates.
4. How demo members joined, spread over invitation, invite link, QR code at a gathering
   and self-registration (the demo adds them all directly).
5. Visits and logins for twelve months with the shape of a real community (90-9-1): a few
   regulars nearly every working day, many who come by now and then, some who joined and
   never came back; quieter in the summer holidays and around Christmas, growing over the
   year and busier in the weeks after a gathering. Page views per day and theme follow
   the visits (they are counted per day, never per person).
6. The rollup rebuilt, so the dashboards show all of it at once.

Deterministic: every choice comes from a seeded random generator over sorted inputs.
Loading again adds nothing: a database that has month-old visits had its demo year, and
only gets its log rebuilt from the content."""

import hashlib
import random
import secrets
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone
from faker import Faker

from plein.core.errors import PleinError
from plein.gatherings.models import CheckIn, Gathering, Rsvp
from plein.insights.backfill import rebuild_activity_log
from plein.insights.forms import add_months, first_of_month
from plein.insights.models import Event, PageViewCount
from plein.library import actions as library_actions
from plein.library.models import Resource
from plein.members import actions as member_actions
from plein.members.demo import (
    COMMUNITY_MANAGER_EMAIL,
    DEMO_MEMBER_EMAIL,
    JOINED_WITHIN_DAYS,
    ORGANISATIONS,
    Writer,
    _unique_email,
    _unique_name,
)
from plein.members.models import Invitation, Member, Organisation
from plein.posts import actions as post_actions
from plein.posts.demo import DUMMY_MAIL_BACKEND, NotificationClock
from plein.posts.models import Helped, Post, Reply
from plein.themes.models import Theme

SEED = 2015
MONTHS = 12

# --- Readers: members who joined and never posted.
READERS = 40
# Named after the organisation list of plein.members.demo, with another seed (other people).
READER_SEED = SEED + 7
# Nothing in the demo happens in the last hour (see plein.posts.demo).
QUIET_BEFORE_NOW = timedelta(hours=1)

# --- Helped reports
BIG_MUNICIPALITIES = ("Gemeente Enschede", "Gemeente Hengelo")
COSTLY_THEMES = ("jeugdzorg", "inkoop")  # youth care, procurement
# Hours saved a month the business case should show at least: growing over the year.
HOURS_FIRST_MONTH = 40
HOURS_LAST_MONTH = 90
# The most extra reports on one answer or resource ("helped me too" has its limits).
EXTRA_PER_TARGET = 6
MINUTES = (15, 30, 45, 60, 90, 120, 180, 240, 480)
MINUTES_WEIGHTS = (8, 14, 10, 14, 10, 12, 7, 5, 3)
# In youth care and procurement an answer more often spares a day's search.
COSTLY_MINUTES_WEIGHTS = (1, 3, 4, 10, 10, 14, 10, 8, 4)

# --- Invitations not (yet) accepted, per member of the community.
PENDING_INVITATIONS_SHARE = 0.3
INVITATION_PREFIX = "collega."

# --- How members joined (members who joined after the first gathering often came by QR).
SOURCES = (
    Event.Source.INVITATION,
    Event.Source.INVITE_LINK,
    Event.Source.SELF_REGISTRATION,
)
SOURCE_WEIGHTS = (5, 3, 2)
QR_AFTER_GATHERING_SHARE = 0.6


# --- Visits: how often each kind of member comes by, on a working day / a weekend day.
@dataclass(frozen=True)
class Habit:
    name: str
    weekday: float
    weekend: float


REGULAR = Habit("regular", 0.7, 0.08)
WEEKLY = Habit("weekly", 0.16, 0.01)
MONTHLY = Habit("monthly", 0.025, 0.0)
GONE = Habit("gone", 0.0, 0.0)  # joined, looked around for a few days, never came back
REGULAR_SHARE = 0.1  # the most active tenth of contributors
GONE_SHARE = 0.45  # of members who never contributed
AFTER_GATHERING = timedelta(days=21)
AFTER_GATHERING_BOOST = 1.8
# A login session lasts about two weeks; now and then someone logs in on a new device.
SESSION_DAYS = 14
NEW_DEVICE_CHANCE = 0.06
# Page views per visit, and which pages.
PAGE_WEIGHTS = {
    "question": 45,
    "theme": 20,
    "resource": 12,
    "story": 7,
    "gathering": 7,
    "idea": 5,
    "blog": 4,
}


def load_demo_activity(*, now: datetime | None = None, stdout: Writer | None = None) -> int:
    """Add the demo's year of activity (see the module docstring). Needs the other demo
    loaders to have run. Returns how many events the log holds afterwards."""
    now = now or timezone.now()
    rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
    # Why the dummy backend: see plein.posts.demo ("No mail").
    with override_settings(EMAIL_BACKEND=DUMMY_MAIL_BACKEND), transaction.atomic():
        if not Member.objects.exists():
            return 0
        # A database with month-old visits has had its demo year: only the log is rebuilt.
        first_time = not Event.objects.filter(
            kind=Event.Kind.VISITED, at__lt=now - timedelta(days=30)
        ).exists()
        readers = _add_readers(rng, now=now) if first_time else set()
        members = list(Member.objects.filter(is_active=True).order_by("email"))
        if first_time:
            helped = _HelpedReports(members, rng, now=now).add()
            invited = _pending_invitations(members, rng, now=now)
            _progress(
                stdout,
                f"Readers: {len(readers)}; helped reports: {helped}; "
                f"invitations waiting for an answer: {invited}",
            )
        derived = rebuild_activity_log()
        _progress(stdout, f"Activity log rebuilt from the content: {derived} events")
        _spread_join_sources(members, rng, now=now)
        if first_time:
            visits = _Visits(members, rng, now=now, readers=readers).add()
            _progress(stdout, f"Visits and logins: {visits}")
    _roll_up(now)
    return Event.objects.count()


def _progress(stdout: Writer | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


def _roll_up(now: datetime) -> None:
    try:
        from plein.insights.rollup import rebuild
    except ImportError:  # the rollup is not there (yet): the dashboards roll up later
        return
    rebuild(now=now)


def _window(now: datetime) -> tuple[date, datetime]:
    """The first month of the demo year and its first moment: twelve months before the
    running one (so the first month of the dashboards' default year has a past too)."""
    first = add_months(first_of_month(timezone.localdate(now)), -MONTHS)
    return first, _local(first, time(0, 0))


def _local(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _office_hours(rng: random.Random, day: date) -> datetime:
    """A moment on `day`, mostly during office hours, sometimes in the evening."""
    if rng.random() < 0.8:
        minutes = rng.randint(8 * 60, 17 * 60 + 30)
    else:
        minutes = rng.randint(19 * 60, 22 * 60)
    return _local(day, time(minutes // 60, minutes % 60, rng.randint(0, 59)))


def _season(day: date) -> float:
    """Quieter in the summer holidays and between Christmas and New Year."""
    if (
        day.month in (7, 8)
        or (day.month == 12 and day.day >= 22)
        or (day.month == 1 and day.day <= 3)
    ):
        return 0.5
    return 1.0


# --- 0. Readers -----------------------------------------------------------------------


def _add_readers(rng: random.Random, *, now: datetime) -> set[int]:
    """Members who joined and read but never posted (made on the first load only). Returns
    the new members' ids."""
    fake = Faker("nl_NL")
    fake.seed_instance(READER_SEED)
    organisations = {o.name: o for o in Organisation.objects.all()}
    specs = [spec for spec in ORGANISATIONS if spec.name in organisations]
    if not specs:
        return set()
    names = set(Member.objects.values_list("name", flat=True))
    emails = set(Member.objects.values_list("email", flat=True))
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    made: set[int] = set()
    for _number in range(READERS):
        # The big organisations have more people who only read.
        spec = rng.choices(specs, weights=[spec.members for spec in specs])[0]
        role = rng.choice(spec.roles)
        name = _unique_name(fake, names)
        email = _unique_email(name, spec.domain, set())
        # Drawn whether or not the reader is made, so every run makes the same people.
        joined = now - timedelta(days=JOINED_WITHIN_DAYS * rng.random() ** 0.8)
        names.add(name)
        if email in emails:
            continue
        emails.add(email)
        reader = member_actions.create_member(
            email,
            name=name,
            organisation=organisations[spec.name],
            job_title=role.job_title,
            expertise=[themes[slug] for slug in role.themes[:1] if slug in themes],
        )
        # Demo only: backdated, as plein.members.demo does; last_seen follows the visits.
        Member.objects.filter(pk=reader.pk).update(date_joined=joined, last_seen=joined)
        made.add(reader.pk)
    return made


# --- 1. Helped reports -----------------------------------------------------------------


@dataclass
class _Target:
    """An answer or resource that may help someone."""

    reply: Reply | None
    resource: Resource | None
    created_at: datetime
    author_id: int
    weight: float
    costly: bool
    extra: int = 0


class _HelpedReports:
    def __init__(self, members: Sequence[Member], rng: random.Random, *, now: datetime) -> None:
        self.members = members
        self.rng = rng
        self.now = now
        self.first_month, self.start = _window(now)
        self.organisations = dict(Organisation.objects.values_list("pk", "name"))
        municipalities = set(
            Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).values_list(
                "pk", flat=True
            )
        )
        self.big = {pk for pk, name in self.organisations.items() if name in BIG_MUNICIPALITIES}
        self.small = municipalities - self.big
        # Who already said what helped them: an answer or resource helps a member once.
        self.marked: set[tuple[int | None, int | None, int]] = set(
            Helped.objects.filter(Q(reply__isnull=False) | Q(resource__isnull=False))
            .values_list("reply_id", "resource_id", "member_id")
            .order_by()
        )
        self.made: list[tuple[Helped, datetime]] = []
        self.clock = NotificationClock(rng, now=now)

    def add(self) -> int:
        targets = self._targets()
        if not targets:
            return 0
        saved = self._minutes_per_month()
        for month in [add_months(self.first_month, n) for n in range(MONTHS + 1)]:
            missing = self._target_minutes(month) - saved.get(month, 0)
            attempts = 0
            while missing > 0 and attempts < 200:
                attempts += 1
                missing -= self._one(month, targets)
        self._backdate()
        return len(self.made)

    def _target_minutes(self, month: date) -> int:
        """The hours a month should show, growing over the year, quieter in the summer; the
        running month only for the part that has passed."""
        index = (month.year - self.first_month.year) * 12 + month.month - self.first_month.month
        hours = HOURS_FIRST_MONTH + (HOURS_LAST_MONTH - HOURS_FIRST_MONTH) * index / MONTHS
        if month.month in (7, 8):
            hours *= 0.6
        this_month = first_of_month(timezone.localdate(self.now))
        if month == this_month:
            hours *= timezone.localdate(self.now).day / 30
        return int(hours * 60)

    def _minutes_per_month(self) -> dict[date, int]:
        saved: Counter[date] = Counter()
        for at, minutes in Helped.objects.filter(created_at__gte=self.start).values_list(
            "created_at", "minutes"
        ):
            saved[first_of_month(timezone.localdate(at))] += minutes or 0
        return saved

    def _targets(self) -> list[_Target]:
        """Named answers to questions outside circles and resources outside circles, that
        nobody removed: what every member may read and mark."""
        answers = (
            Reply.objects.filter(
                parent__isnull=True,
                post__kind=Post.Kind.QUESTION,
                is_anonymous=False,
                deleted_at__isnull=True,
                hidden_at__isnull=True,
                post__deleted_at__isnull=True,
                post__hidden_at__isnull=True,
                post__circle__isnull=True,
            )
            .select_related("post", "post__theme", "author")
            .order_by("pk")
        )
        resources = (
            Resource.objects.filter(
                deleted_at__isnull=True, hidden_at__isnull=True, circle__isnull=True
            )
            .select_related("theme", "author")
            .order_by("pk")
        )
        targets = [
            self._target(reply, None, reply.post.theme.slug, reply.author.organisation_id)
            for reply in answers
        ]
        targets += [
            self._target(None, resource, resource.theme.slug, resource.author.organisation_id)
            for resource in resources
        ]
        return targets

    def _target(
        self,
        reply: Reply | None,
        resource: Resource | None,
        theme: str,
        organisation_id: int | None,
    ) -> _Target:
        costly = theme in COSTLY_THEMES
        weight = (6.0 if costly else 1.0) * (4.0 if organisation_id in self.big else 1.0)
        thing = reply or resource
        assert thing is not None
        return _Target(reply, resource, thing.created_at, thing.author_id, weight, costly)

    def _receiver_weight(self, member: Member) -> float:
        if member.organisation_id in self.small:
            return 3.0
        if member.organisation_id in self.big:
            return 0.3
        return 1.0

    def _one(self, month: date, targets: list[_Target]) -> int:
        """One more helped report in `month`; returns its minutes (0 when none fits)."""
        rng = self.rng
        last_day = min(add_months(month, 1) - timedelta(days=1), timezone.localdate(self.now))
        day = month + timedelta(days=rng.randint(0, (last_day - month).days))
        if day.weekday() >= 5:
            day -= timedelta(days=day.weekday() - 4)  # people report help on working days
        at = _office_hours(rng, day)
        if at >= self.now - QUIET_BEFORE_NOW:
            return 0
        fitting = [
            target
            for target in targets
            if target.created_at <= at - timedelta(days=1) and target.extra < EXTRA_PER_TARGET
        ]
        if not fitting:
            return 0
        target = rng.choices(fitting, weights=[target.weight for target in fitting])[0]
        reply_id = target.reply.pk if target.reply else None
        resource_id = target.resource.pk if target.resource else None
        receivers = [
            member
            for member in self.members
            if member.pk != target.author_id
            and member.date_joined < at
            and (reply_id, resource_id, member.pk) not in self.marked
        ]
        if not receivers:
            target.extra = EXTRA_PER_TARGET
            return 0
        member = rng.choices(receivers, weights=[self._receiver_weight(m) for m in receivers])[0]
        weights = COSTLY_MINUTES_WEIGHTS if target.costly else MINUTES_WEIGHTS
        minutes = rng.choices(MINUTES, weights=weights)[0]
        try:
            if target.reply is not None:
                helped = post_actions.mark_helped(member, target.reply, minutes=minutes)
            else:
                assert target.resource is not None
                helped = library_actions.mark_reused(member, target.resource, minutes=minutes)
        except PleinError:  # not allowed after all (a rule of the action): try another
            self.marked.add((reply_id, resource_id, member.pk))
            return 0
        self.marked.add((reply_id, resource_id, member.pk))
        target.extra += 1
        self.made.append((helped, at))
        self.clock.note(at)
        return minutes

    def _backdate(self) -> None:
        """Demo only: the reports and their notifications move to their moment in the past."""
        for helped, at in self.made:
            Helped.objects.filter(pk=helped.pk).update(created_at=at)
        self.clock.backdate()


# --- 2. Invitations nobody accepted yet -------------------------------------------------


def _pending_invitations(members: Sequence[Member], rng: random.Random, *, now: datetime) -> int:
    """Colleagues invited by the community manager who have not joined (yet), made once."""
    manager = next((m for m in members if m.email == COMMUNITY_MANAGER_EMAIL), None)
    if manager is None or not manager.is_community_manager:
        return 0
    if Invitation.objects.filter(email__startswith=INVITATION_PREFIX).exists():
        return 0
    organisations = {o.name: o for o in Organisation.objects.all()}
    specs = [spec for spec in ORGANISATIONS if spec.name in organisations]
    if not specs:
        return 0
    _first, start = _window(now)
    span = (now - QUIET_BEFORE_NOW - start).total_seconds()
    made = 0
    for number in range(1, int(len(members) * PENDING_INVITATIONS_SHARE) + 1):
        spec = rng.choice(specs)
        email = f"{INVITATION_PREFIX}{number}@{spec.domain}.example"
        sent = start + timedelta(seconds=span * rng.random() ** 0.7)
        # Written directly, unlike everything else here: invite_members mails each address
        # when the transaction commits, and the demo must never send mail. The token is
        # random and never shown, so nobody can accept these.
        Invitation.objects.create(
            email=email,
            organisation=organisations[spec.name],
            invited_by=manager,
            token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
            created_at=sent,
            expires_at=sent + timedelta(days=member_actions.INVITATION_VALID_DAYS),
        )
        made += 1
    return made


# --- 4. How members joined --------------------------------------------------------------


def _spread_join_sources(members: Sequence[Member], rng: random.Random, *, now: datetime) -> None:
    """The demo adds its members directly; give those whose way in is unknown (or "added")
    one of the ways real members come in. The community manager was added."""
    first_gathering = (
        Gathering.objects.filter(starts_at__lt=now, checkin_count__gt=0)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    unknown = dict(
        Event.objects.filter(
            kind=Event.Kind.JOINED,
            member__in=[m for m in members if m.email != COMMUNITY_MANAGER_EMAIL],
            source__in=("", Event.Source.ADDED),
        ).values_list("member_id", "pk")
    )
    chosen: dict[str, list[int]] = defaultdict(list)
    for member in members:
        if member.pk not in unknown:
            continue
        came_to_gathering = first_gathering is not None and member.date_joined > first_gathering
        source: str
        if came_to_gathering and rng.random() < QR_AFTER_GATHERING_SHARE:
            source = Event.Source.QR
        else:
            source = rng.choices(SOURCES, weights=SOURCE_WEIGHTS)[0]
        chosen[source].append(unknown[member.pk])
    for source, pks in sorted(chosen.items()):
        Event.objects.filter(pk__in=pks).update(source=source)


# --- 5. Visits and logins ---------------------------------------------------------------


class _Visits:
    def __init__(
        self, members: Sequence[Member], rng: random.Random, *, now: datetime, readers: set[int]
    ) -> None:
        self.members = members
        self.readers = readers
        self.rng = rng
        self.now = now
        self.first_month, self.start = _window(now)
        self.today = timezone.localdate(now)
        self.expertise: dict[int, list[int]] = defaultdict(list)
        for member_id, theme_id in Member.expertise.through.objects.values_list(
            "member_id", "theme_id"
        ).order_by("member_id", "theme_id"):
            self.expertise[member_id].append(theme_id)
        self.themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True))

    def add(self) -> int:
        busy_days = self._busy_days()
        boosts = self._gathering_boosts()
        habits = self._habits()
        events: list[Event] = []
        views: Counter[tuple[date, int | None, str]] = Counter()
        for member in self.members:
            days = self._days(member, habits[member.pk], busy_days[member.pk], boosts[member.pk])
            made = self._events(member, days, views)
            if member.pk in self.readers and made:
                # The readers' last visit is what the directory shows as last seen.
                Member.objects.filter(pk=member.pk).update(last_seen=made[-1].at)
            events += made
        Event.objects.bulk_create(events, batch_size=5000)
        PageViewCount.objects.bulk_create(
            [
                PageViewCount(day=day, theme_id=theme_id, page=page, views=count)
                for (day, theme_id, page), count in sorted(views.items(), key=str)
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
        return len(events)

    def _busy_days(self) -> dict[int, set[date]]:
        """Days members did something (asked, answered, signed up...): they were there."""
        days: dict[int, set[date]] = defaultdict(set)
        for member_id, at in (
            Event.objects.filter(member__isnull=False, at__gte=self.start)
            .exclude(kind__in=(Event.Kind.VISITED, Event.Kind.LOGGED_IN))
            .values_list("member_id", "at")
        ):
            days[member_id].add(timezone.localdate(at))
        return days

    def _gathering_boosts(self) -> dict[int, list[date]]:
        """The days of the past gatherings each member signed up for or came to."""
        boosts: dict[int, list[date]] = defaultdict(list)
        past = Gathering.objects.filter(starts_at__lt=self.now, cancelled_at__isnull=True)
        starts = dict(past.values_list("pk", "starts_at"))
        attended = set(
            CheckIn.objects.filter(gathering__in=starts).values_list("member_id", "gathering_id")
        )
        attended |= set(
            Rsvp.objects.filter(gathering__in=starts, status=Rsvp.Status.GOING).values_list(
                "member_id", "gathering_id"
            )
        )
        for member_id, gathering_id in sorted(attended):
            boosts[member_id].append(timezone.localdate(starts[gathering_id]))
        return boosts

    def _habits(self) -> dict[int, Habit]:
        """90-9-1: the most active contributors come by nearly every working day, other
        contributors weekly, the rest monthly, and many who never contributed came once."""
        contributions = Counter(
            Event.objects.filter(member__isnull=False, kind__in=Event.CONTRIBUTIONS).values_list(
                "member_id", flat=True
            )
        )
        ranked = sorted(
            (m for m in self.members if contributions[m.pk]),
            key=lambda m: (-contributions[m.pk], m.email),
        )
        regulars = {m.pk for m in ranked[: max(1, round(len(ranked) * REGULAR_SHARE))]}
        habits: dict[int, Habit] = {}
        for member in self.members:
            if member.pk in regulars or member.email in (
                COMMUNITY_MANAGER_EMAIL,
                DEMO_MEMBER_EMAIL,
            ):
                habits[member.pk] = REGULAR
            elif contributions[member.pk]:
                habits[member.pk] = WEEKLY if self.rng.random() < 0.5 else MONTHLY
            else:
                habits[member.pk] = GONE if self.rng.random() < GONE_SHARE else MONTHLY
        return habits

    def _days(
        self, member: Member, habit: Habit, busy: set[date], gatherings: list[date]
    ) -> list[date]:
        rng = self.rng
        joined = timezone.localdate(member.date_joined)
        first = max(joined, self.first_month)
        if first > self.today:
            return []
        days = set(day for day in busy if first <= day <= self.today)
        if first == joined:  # a newcomer looks around in their first days
            days |= {joined + timedelta(days=n) for n in (0, 1, 3) if rng.random() < 0.7}
            days.add(joined)
        if habit is not GONE and member.last_seen is not None and member.pk not in self.readers:
            days.add(timezone.localdate(member.last_seen))
        span = (self.today - self.first_month).days or 1
        day = first
        while day <= self.today:
            chance = habit.weekend if day.weekday() >= 5 else habit.weekday
            # The community grows over the year; gatherings bring people back.
            chance *= _season(day) * (0.7 + 0.5 * (day - self.first_month).days / span)
            if any(timedelta(0) <= day - held <= AFTER_GATHERING for held in gatherings):
                chance = min(1.0, chance * AFTER_GATHERING_BOOST + 0.03)
            if rng.random() < chance:
                days.add(day)
            day += timedelta(days=1)
        return sorted(d for d in days if first <= d <= self.today)

    def _events(
        self, member: Member, days: list[date], views: Counter[tuple[date, int | None, str]]
    ) -> list[Event]:
        rng = self.rng
        events: list[Event] = []
        last_visit: date | None = None
        themes = self.expertise.get(member.pk) or self.themes
        pages = list(PAGE_WEIGHTS)
        page_weights = list(PAGE_WEIGHTS.values())
        for day in days:
            at = _office_hours(rng, day)
            if at >= self.now - QUIET_BEFORE_NOW or at < member.date_joined:
                at = max(member.date_joined, min(at, self.now - QUIET_BEFORE_NOW))
            logs_in = last_visit is None or (day - last_visit).days >= SESSION_DAYS
            if logs_in or rng.random() < NEW_DEVICE_CHANCE:
                events.append(self._event(Event.Kind.LOGGED_IN, member, at))
            events.append(self._event(Event.Kind.VISITED, member, at + timedelta(seconds=2)))
            last_visit = day
            for _view in range(1 + min(int(rng.expovariate(1 / 3)), 20)):
                page = rng.choices(pages, weights=page_weights)[0]
                theme = rng.choice(themes if rng.random() < 0.7 else self.themes)
                views[(day, theme, page)] += 1
        return events

    @staticmethod
    def _event(kind: str, member: Member, at: datetime) -> Event:
        return Event(kind=kind, member=member, organisation_id=member.organisation_id, at=at)


PROGRAMME_LEAD_ORGANISATION = "Gemeente Enschede"
PROGRAMME_LEAD_ROLE = "Programmamanager transformatie sociaal domein"


def appoint_demo_programme_lead() -> Member | None:
    """The issue's programme lead: Enschede's programme manager for the social domain
    manages her organisation, so she sees the insights of the community and of Enschede
    (and no other organisation on its own). Returns her, or None without the demo."""
    lead = (
        Member.objects.filter(
            is_active=True,
            organisation__name=PROGRAMME_LEAD_ORGANISATION,
            job_title=PROGRAMME_LEAD_ROLE,
        )
        .select_related("organisation")
        .order_by("email")
        .first()
    )
    if lead is not None and lead.organisation is not None:
        lead.organisation.managers.add(lead)
    return lead
