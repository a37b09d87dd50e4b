"""Demo gatherings: past and upcoming ones across the demo community's themes, a few in the
circles that exist when this runs, with RSVPs (some full, with a waiting list), check-ins
at past ones and follow-up notes.

Everything goes through the actions (plan, RSVP, check in, follow-up), exactly as members
would. Demo-only, as in plein.library.demo: a past gathering is planned ahead, its RSVPs
taken, and then moved into the past (the actions refuse to plan one there), before its
check-ins and notes. The notifications this causes are settled as mailed back then, so
neither the commit nor `plein notify-tick` mails anyone; the load runs with the dummy mail
backend as a second guard.

What is made is the same on every machine (a seeded random generator picks the people).
Loading is idempotent: every demo gathering has a stable submit_key (demo-gathering-<n>,
demo-circle-gathering-<circle pk>); a gathering whose key exists is left alone.

The Dutch texts are in plein/demo/content/gatherings.toml: demo data, not interface
strings, so they are not translated."""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from plein.circles.models import Circle, Membership
from plein.demo import content
from plein.gatherings import actions
from plein.gatherings.models import CheckIn, Gathering, Rsvp
from plein.members.demo import COMMUNITY_MANAGER_EMAIL, DEMO_MEMBER_EMAIL, Writer, demo_cast
from plein.members.models import Member
from plein.notify.models import GATHERING_KINDS, Notification
from plein.posts.demo import DUMMY_MAIL_BACKEND

SEED = 2015
KEY_PREFIX = "demo-gathering-"
CIRCLE_KEY_PREFIX = "demo-circle-gathering-"
CIRCLE_GATHERINGS_MAX = 4


@dataclass(frozen=True)
class DemoGathering:
    title: str
    theme: str
    # Days from today (negative: in the past), start hour, length in hours.
    day: int
    hour: int
    hours: float
    location: str
    online_url: str = ""
    capacity: int | None = None
    signups: int = 8
    description: str = ""


GATHERINGS = content.records("gatherings", "gatherings", DemoGathering)

NOTES: tuple[str, ...] = content.get("gatherings", "notes", tuple[str, ...])

CIRCLE_TITLES: tuple[str, ...] = content.get("gatherings", "circle_titles", tuple[str, ...])


def load_demo_gatherings(*, stdout: Writer | None = None) -> int:
    """Add the demo gatherings that are missing; returns how many were added. Needs the
    demo community (plein.members.demo.load_demo_community); gatherings on themes that do
    not exist are left out. One transaction."""
    now = timezone.now()
    rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
    with override_settings(EMAIL_BACKEND=DUMMY_MAIL_BACKEND), transaction.atomic():
        cast = demo_cast()
        people = sorted(cast.members.values(), key=lambda member: member.email)
        organiser = cast.members.get(COMMUNITY_MANAGER_EMAIL)
        if organiser is None or not people:
            return 0
        existing = set(
            Gathering.objects.filter(submit_key__startswith="demo-").values_list(
                "submit_key", flat=True
            )
        )
        made: list[Gathering] = []
        for number, demo in enumerate(GATHERINGS, start=1):
            key = f"{KEY_PREFIX}{number}"
            theme = cast.themes.get(demo.theme)
            # The same draw of people whether or not this one is made: stable across runs.
            attendees = rng.sample(people, min(demo.signups, len(people)))
            if key in existing or theme is None:
                continue
            # Sanne, the demo member, goes to the upcoming ones on her themes (the story).
            sanne = cast.members.get(DEMO_MEMBER_EMAIL)
            if (
                sanne is not None
                and demo.day > 0
                and demo.theme in ("preventie", "jeugdzorg")
                and sanne not in attendees
            ):
                attendees = [sanne, *attendees[:-1]]
            made.append(
                _load(demo, key=key, theme=theme, organiser=organiser, attendees=attendees, rng=rng)
            )
        made.extend(_circle_gatherings(existing, organiser, rng))
        door = _door_open_now(existing, organiser, cast.themes.get("jeugdzorg"), people, rng)
        if door is not None:
            made.append(door)
        _settle_notifications(made, now)
        if stdout is not None:
            stdout.write(f"Gatherings: {len(made)} new\n")
        return len(made)


def _door_open_now(
    existing: set[str],
    organiser: Member,
    theme: object,
    people: list[Member],
    rng: random.Random,
) -> Gathering | None:
    """A gathering that starts within the hour after the demo is loaded, so its door (the
    QR check-in, open from two hours before the start) can be tried in `make run`."""
    key = f"{KEY_PREFIX}door"
    if key in existing or theme is None:
        return None
    now = timezone.localtime()
    starts = now.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
    gathering = actions.plan_gathering(
        organiser,
        title="Inloopmiddag: kom binnen met de QR-code",
        description=(
            "Nieuw op Plein? Scan bij de deur de QR-code op het scherm, typ je e-mailadres "
            "en de code uit je mail, en je bent binnen. Daarna: koffie en drie korte "
            "verhalen over samen leren in de jeugdzorg."
        ),
        theme=theme,  # type: ignore[arg-type]
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        location="Bibliotheek Hengelo, Beursstraat 1",
        capacity=40,
        submit_key=key,
    )
    for member in rng.sample(people, min(12, len(people))):
        actions.rsvp(member, gathering, Rsvp.Status.GOING)
    return gathering


def _load(
    demo: DemoGathering,
    *,
    key: str,
    theme: object,
    organiser: Member,
    attendees: list[Member],
    rng: random.Random,
    circle: Circle | None = None,
) -> Gathering:
    past = demo.day < 0
    # Planned ahead (the action refuses the past); a past one is moved back afterwards.
    day = timezone.localdate() + datetime.timedelta(days=demo.day if not past else 3)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(demo.hour)))
    ends = starts + datetime.timedelta(hours=demo.hours)
    gathering = actions.plan_gathering(
        organiser,
        title=demo.title,
        description=demo.description,
        theme=theme,  # type: ignore[arg-type]
        circle=circle,
        starts_at=starts,
        ends_at=ends,
        location=demo.location,
        online_url=demo.online_url,
        capacity=demo.capacity,
        submit_key=key,
    )
    for member in attendees:
        status = rng.choices(
            [Rsvp.Status.GOING, Rsvp.Status.MAYBE, Rsvp.Status.NOT_GOING], weights=[7, 2, 1]
        )[0]
        actions.rsvp(member, gathering, status, listed=rng.random() > 0.15)
    if past:
        shift = datetime.timedelta(days=3 - demo.day)
        Gathering.objects.filter(pk=gathering.pk).update(
            starts_at=starts - shift,
            ends_at=ends - shift,
            created_at=starts - shift - datetime.timedelta(days=30),
        )
        gathering.refresh_from_db()
        _check_ins(gathering, attendees, rng)
        _notes(gathering, organiser, rng)
    return gathering


def _check_ins(gathering: Gathering, attendees: list[Member], rng: random.Random) -> None:
    from plein.gatherings.door import check_in

    going = set(
        Rsvp.objects.filter(gathering=gathering, status=Rsvp.Status.GOING).values_list(
            "member_id", flat=True
        )
    )
    for member in attendees:
        # Most who said they would come came; now and then a maybe or a walk-in.
        if rng.random() < (0.85 if member.pk in going else 0.2):
            method = rng.choice([CheckIn.Method.MEMBER, CheckIn.Method.MEMBER, CheckIn.Method.HOST])
            checkin = check_in(gathering, member, method=method)
            CheckIn.objects.filter(pk=checkin.pk).update(
                created_at=gathering.starts_at + datetime.timedelta(minutes=rng.randint(-10, 20))
            )


def _notes(gathering: Gathering, organiser: Member, rng: random.Random) -> None:
    authors = [organiser]
    checked_in = list(
        Member.objects.filter(checkins__gathering=gathering, is_active=True).order_by("pk")[:5]
    )
    if checked_in:
        authors.append(rng.choice(checked_in))
    for index, author in enumerate(authors[: rng.randint(1, 2)]):
        note = actions.add_followup(
            author, gathering, body=NOTES[(gathering.pk + index) % len(NOTES)]
        )
        note.created_at = gathering.ends_at + datetime.timedelta(hours=2 + 20 * index)
        note.save(update_fields=["created_at"])


def _circle_gatherings(existing: set[str], cm: Member, rng: random.Random) -> list[Gathering]:
    """One upcoming gathering in each of the first few circles that exist now, planned by
    a host, with its members signed up."""
    made = []
    circles = list(Circle.objects.order_by("pk")[:CIRCLE_GATHERINGS_MAX])
    for index, circle in enumerate(circles):
        key = f"{CIRCLE_KEY_PREFIX}{circle.pk}"
        if key in existing:
            continue
        memberships = list(
            Membership.objects.filter(circle=circle, member__is_active=True)
            .select_related("member")
            .order_by("pk")
        )
        host = next((m.member for m in memberships if m.is_host), cm)
        theme = circle.theme
        if theme is None:
            from plein.themes.models import Theme

            theme = Theme.objects.order_by("pk").first()
            if theme is None:
                continue
        demo = DemoGathering(
            CIRCLE_TITLES[index % len(CIRCLE_TITLES)],
            theme.slug,
            4 + 7 * index,
            16,
            1.5,
            "",
            online_url=f"https://meet.plein.example/kring-{circle.pk}",
            capacity=8 if index == 0 else None,
            description=f"Voor de leden van de kring. Leerdoel: {circle.learning_goal}",
        )
        attendees = [m.member for m in memberships if m.member != host]
        made.append(
            _load(
                demo,
                key=key,
                theme=theme,
                organiser=host,
                attendees=attendees,
                rng=rng,
                circle=circle,
            )
        )
    return made


def _settle_notifications(gatherings: list[Gathering], now: datetime.datetime) -> None:
    """Demo only: what the load told members (seats, follow-ups) was mailed back then."""
    notifications = Notification.objects.filter(gathering__in=gatherings, kind__in=GATHERING_KINDS)
    notifications.filter(mail=Notification.Mail.PENDING).update(
        mail=Notification.Mail.SENT, mailed_at=now
    )
    notifications.filter(mail=Notification.Mail.DAILY).update(
        mail=Notification.Mail.IN_SUMMARY, mailed_at=now
    )
