"""Demo circles: a dozen open, a dozen closed and a dozen secret circles of the Twente demo
community, each with a specific learning goal and date, 3 to 8 members drawn from the demo
people (by theme where possible), hosts, progress notes, a few requests still waiting for
a host, and a few questions and links posted inside circles. Everything goes through the
real actions, with a fixed random seed, so the demo is the same on every machine.
The notifications the actions make are settled (mailed and read) before the commit, so no
demo mail goes out.

The Dutch texts are in plein/demo/content/circles.toml.

Loading twice adds nothing: circles are recognised by name. Needs the demo community
(plein.members.demo.load_demo_community). As a second guard against mail the load runs
with the dummy mail backend, as the other demo loaders do."""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.test import override_settings
from django.utils import timezone

from plein.circles import actions
from plein.circles.models import Circle, JoinRequest
from plein.demo import content
from plein.library import actions as library_actions
from plein.members.demo import DEMO_MEMBER_EMAIL, Person, Writer, demo_cast
from plein.members.models import Member
from plein.notify.models import Notification
from plein.posts import actions as post_actions
from plein.themes.models import Theme

SEED = 2015
DUMMY_MAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
KEY_PREFIX = "demo-circle-"

OPEN, CLOSED, SECRET = Circle.Access.OPEN, Circle.Access.CLOSED, Circle.Access.SECRET


@dataclass(frozen=True)
class DemoCircle:
    name: str
    access: str
    theme: str
    learning_goal: str
    months: int  # the goal is due this many months from now
    description: str = ""
    notes: tuple[str, ...] = ()
    question: str = ""  # a question a member asks inside the circle
    link: tuple[str, str] = ("", "")  # a link a member shares inside it: title, url


CIRCLES = content.records("circles", "circles", DemoCircle)

# The demo member (Sanne, named in the README) hosts the closed prevention circle and is in
# a few others, so her start page shows circles.
DEMO_MEMBER_CIRCLES = {
    "Preventie op school": "host",
    "Leren van wachtlijsten": "member",
    "Intervisie teamleiders jeugd": "member",
}


def load_demo_circles(*, stdout: Writer | None = None) -> int:
    """Add the demo circles that are missing; returns how many were created."""
    with override_settings(EMAIL_BACKEND=DUMMY_MAIL_BACKEND), transaction.atomic():
        cast = demo_cast()
        if len(cast.members) < 10:
            _progress(stdout, "Circles: skipped (load the demo community first)")
            return 0
        existing = set(
            Circle.objects.filter(name__in=[c.name for c in CIRCLES]).values_list("name", flat=True)
        )
        last_notification = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
        rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
        people = [p for p in cast.people if not p.community_manager]
        created = 0
        for spec in CIRCLES:
            # Draw for every circle, new or not, so the same circle gets the same people.
            chosen = _choose(spec, people, rng)
            if spec.name in existing:
                continue
            members = [cast.members[p.email] for p in chosen]
            theme = cast.themes.get(spec.theme)
            _load(spec, members, theme, [cast.members[p.email] for p in people], rng)
            created += 1
        _settle(last_notification)
        _progress(stdout, f"Circles: {len(CIRCLES)} ({created} new)")
        return created


def _choose(spec: DemoCircle, people: list[Person], rng: random.Random) -> list[Person]:
    """3 to 8 people, most of them working on the circle's theme; the demo member first
    (as host) where she belongs."""
    size = rng.randint(3, 8)
    by_theme = [p for p in people if spec.theme in p.themes and p.email != DEMO_MEMBER_EMAIL]
    others = [p for p in people if spec.theme not in p.themes and p.email != DEMO_MEMBER_EMAIL]
    chosen = rng.sample(by_theme, min(len(by_theme), size - 1))
    chosen += rng.sample(others, size - len(chosen))
    role = DEMO_MEMBER_CIRCLES.get(spec.name)
    demo = next((p for p in people if p.email == DEMO_MEMBER_EMAIL), None)
    if role and demo is not None:
        chosen = [demo, *chosen[:-1]] if role == "host" else [*chosen[:-1], demo]
    return chosen


def _load(
    spec: DemoCircle,
    members: list[Member],
    theme: Theme | None,
    everyone: list[Member],
    rng: random.Random,
) -> None:
    host, *rest = members
    circle = actions.start_circle(
        host,
        name=spec.name,
        description=spec.description,
        access=spec.access,
        learning_goal=spec.learning_goal,
        goal_due=timezone.localdate() + timedelta(days=30 * spec.months),
        theme=theme,
        confirmed_privacy=True,
    )
    for member in rest:
        if spec.access == OPEN:
            actions.join_open_circle(member, circle)
        elif spec.access == CLOSED:
            join_request = actions.request_to_join(member, circle, message="Graag doe ik mee.")
            actions.decide_request(host, join_request, accept=True)
        else:
            token = actions.renew_invite_link(host, circle)
            actions.join_by_invite_link(token, member)
    if spec.access == SECRET:
        actions.disable_invite_link(host, circle)
    if len(members) >= 5:
        actions.make_host(host, circle, members[1])
    for body in spec.notes:
        actions.add_progress_note(host, circle, body=body, confirmed_privacy=True)
    if spec.access == CLOSED and rng.random() < 0.5:
        # A request still waiting for a host.
        outsiders = [m for m in everyone if m not in members]
        asker = rng.choice(outsiders)
        if not JoinRequest.objects.filter(circle=circle, member=asker).exists():
            actions.request_to_join(asker, circle, message="Ik werk aan hetzelfde vraagstuk.")
    if theme is None:
        return
    if spec.question:
        asker = members[-1]
        post_actions.ask_question(
            asker,
            theme=theme,
            title=spec.question,
            body="",
            anonymous=spec.access == SECRET,
            confirmed_privacy=True,
            submit_key=f"{KEY_PREFIX}{circle.pk}",
            circle=circle,
        )
    title, url = spec.link
    if title:
        library_actions.share_link(
            members[min(1, len(members) - 1)],
            theme=theme,
            title=title,
            url=url,
            confirmed_privacy=True,
            submit_key=f"{KEY_PREFIX}{circle.pk}",
            circle=circle,
        )


def _settle(last_notification: int) -> None:
    """The notifications the load made (requests to hosts, "you were let in", routed
    questions) count as mailed and read before the commit, so no demo mail goes out, now or
    from notify-tick (as plein.posts.demo does)."""
    now = timezone.now()
    Notification.objects.filter(pk__gt=last_notification).update(
        mail=Notification.Mail.SENT, mailed_at=now, read_at=now
    )


def _progress(stdout: Writer | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")
