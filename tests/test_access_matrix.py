"""The access matrix of circles (issue 5): every surface that can show a circle or its
content, for every kind of viewer, in open, closed and secret circles, checked against a table
written out by hand (not computed from the rule it checks).

Viewers: a visitor (not logged in), an outsider (a member of the community, not of the
circle), a requester (asked to join; only a closed circle takes requests, elsewhere they
are an outsider), a member, a removed member (joined, signed up for the gathering, was
removed), a host and a community manager.

Surfaces: the circle page (and whether it shows the circle's content), the host's request
page, the circle's question, resource (page and download) and gathering (page and .ics),
the personal calendar feed, the search, the notification list and the mails."""

import contextlib
import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from plein.circles import actions as circles
from plein.circles.models import Circle
from plein.core.errors import PleinError
from plein.core.testing import Personas
from plein.gatherings import actions as gatherings
from plein.gatherings.models import Gathering
from plein.library import actions as library
from plein.library.models import Resource
from plein.members.actions import create_member
from plein.members.models import Member
from plein.posts import actions as posts
from plein.posts.models import Post

pytestmark = pytest.mark.django_db

VIEWERS = ("visitor", "outsider", "requester", "member", "removed", "host", "manager")
SECRET_WORD = "zwaluwstaartoverleg"  # in the question's title: what the search looks for

# One row per surface and kind of circle; one column per viewer, in the order of VIEWERS.
#   content   200, and the circle's content is on the page
#   outside   200, the circle's name and goal but none of its content
#   ok        200
#   login     a redirect to the login page
#   403 404   that status
#   yes no    found / not found (search, calendar feed), or named / not named (notifications)
EXPECTED = """
circle page     open    login content content content content content content
circle page     closed  login outside outside content outside content content
circle page     secret  login 404     404     content 404     content content
requests page   open    login 403     403     403     403     ok      403
requests page   closed  login 403     403     403     403     ok      403
requests page   secret  login 404     404     403     404     ok      403
question        open    login ok      ok      ok      ok      ok      ok
question        closed  login 404     404     ok      404     ok      ok
question        secret  login 404     404     ok      404     ok      ok
resource        open    login ok      ok      ok      ok      ok      ok
resource        closed  login 404     404     ok      404     ok      ok
resource        secret  login 404     404     ok      404     ok      ok
download        open    login ok      ok      ok      ok      ok      ok
download        closed  login 404     404     ok      404     ok      ok
download        secret  login 404     404     ok      404     ok      ok
gathering       open    login ok      ok      ok      ok      ok      ok
gathering       closed  login 404     404     ok      404     ok      ok
gathering       secret  login 404     404     ok      404     ok      ok
gathering ics   open    login ok      ok      ok      ok      ok      ok
gathering ics   closed  login 404     404     ok      404     ok      ok
gathering ics   secret  login 404     404     ok      404     ok      ok
calendar feed   open    no    yes     yes     yes     yes     yes     yes
calendar feed   closed  no    no      no      yes     no      yes     yes
calendar feed   secret  no    no      no      yes     no      yes     yes
search          open    no    yes     yes     yes     yes     yes     yes
search          closed  no    no      no      yes     no      yes     yes
search          secret  no    no      no      yes     no      yes     yes
notifications   open    no    yes     yes     yes     yes     yes     yes
notifications   closed  no    no      no      yes     no      yes     yes
notifications   secret  no    no      no      yes     no      yes     yes
mails           open    no    yes     yes     yes     yes     yes     yes
mails           closed  no    no      no      yes     no      yes     yes
mails           secret  no    no      no      yes     no      yes     yes
"""


def expected() -> dict[tuple[str, str], dict[str, str]]:
    table = {}
    for line in EXPECTED.strip().splitlines():
        *surface, access = line.split()[: -len(VIEWERS)]
        cells = line.split()[-len(VIEWERS) :]
        table[" ".join(surface), access] = dict(zip(VIEWERS, cells, strict=True))
    return table


TABLE = expected()


@dataclass
class World:
    circle: Circle
    question: Post
    resource: Resource
    gathering: Gathering
    viewers: dict[str, Member | None]


def _commit(function, *args, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return function(*args, **kwargs)


def build_world(personas: Personas, access: str) -> World:
    """Built through the real actions, in the order a real circle lives: start, people
    join, ask to join and sign up, one is removed, then the gathering changes (everyone
    signed up is told, in the list and by mail)."""
    host = personas.member
    member = personas.colleague
    outsider = personas.other_org_member
    requester = create_member("rik@borne.example", name="Rik Mulder")
    removed = create_member("ruud@enschede.example", name="Ruud Veldman")
    manager = personas.community_manager
    circle = _commit(
        circles.start_circle,
        host,
        name="Preventie op school",
        learning_goal="Juni: een gedeelde aanpak voor vroegsignalering op basisscholen",
        access=access,
        theme=personas.prevention,
        confirmed_privacy=True,
    )
    token = circles.renew_invite_link(host, circle)
    for joining in (member, removed):
        _commit(circles.join_by_invite_link, token, joining)
    if access == Circle.Access.CLOSED:
        _commit(circles.request_to_join, requester, circle, message="Mag ik meedoen?")

    question = _commit(
        posts.ask_question,
        host,
        theme=personas.prevention,
        title=f"Hoe werkt het {SECRET_WORD} op school?",
        body="We zoeken een aanpak.",
        circle=circle,
        confirmed_privacy=True,
    )
    resource = _commit(
        library.share_file,
        member,
        theme=personas.prevention,
        title="Signaleringskaart",
        upload=ContentFile(b"Signalen: verzuim, stilte, schrikken.\n", name="kaart.txt"),
        circle=circle,
        confirmed_privacy=True,
    )
    start = timezone.now() + dt.timedelta(days=10)
    gathering = _commit(
        gatherings.plan_gathering,
        host,
        title="Kringbijeenkomst vroegsignalering",
        theme=personas.prevention,
        circle=circle,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        location="Stadhuis Hengelo",
        confirmed_privacy=True,
    )
    viewers: dict[str, Member | None] = {
        "visitor": None,
        "outsider": outsider,
        "requester": requester,
        "member": member,
        "removed": removed,
        "host": host,
        "manager": manager,
    }
    for viewer in viewers.values():
        if viewer is not None:
            # Not theirs to see for some: the matrix checks that it stays so.
            with contextlib.suppress(PleinError):
                _commit(gatherings.rsvp, viewer, gathering, "going")
    _commit(circles.remove_member, host, circle, removed)
    mail.outbox.clear()
    # A change everyone signed up hears about, in the list and by mail.
    _commit(
        gatherings.edit_gathering,
        host,
        gathering,
        title=gathering.title,
        theme=personas.prevention,
        starts_at=start + dt.timedelta(hours=1),
        ends_at=start + dt.timedelta(hours=3),
        location="Stadhuis Hengelo, zaal 2",
        confirmed_privacy=True,
    )
    return World(circle, question, resource, gathering, viewers)


def client_for(viewer: Member | None) -> Client:
    client = Client()
    if viewer is not None:
        client.force_login(viewer)
    return client


def page_outcome(client: Client, url: str, *, content: str = "") -> str:
    response = client.get(url)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("members:login")), response["Location"]
        return "login"
    if response.status_code != 200:
        return str(response.status_code)
    if content:
        return "content" if content in response.content.decode() else "outside"
    return "ok"


def feed_has(viewer: Member | None, gathering: Gathering) -> str:
    if viewer is None:
        return "no"
    feed = gatherings.calendar_feed_for(viewer)
    response = Client().get(reverse("gatherings:calendar_feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    titles = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    return "yes" if gathering.title in titles else "no"


def search_finds(viewer: Member | None, question: Post) -> str:
    """Whether the search page links to the question (the words typed are on the page
    anyway, in the search box)."""
    if viewer is None:
        response = Client().get(reverse("search:results"), {"q": SECRET_WORD})
        assert response.status_code == 302
        return "no"
    response = client_for(viewer).get(reverse("search:results"), {"q": SECRET_WORD})
    assert response.status_code == 200
    return "yes" if f'href="{question.get_absolute_url()}"' in response.content.decode() else "no"


def notifications_name(viewer: Member | None, gathering: Gathering) -> str:
    if viewer is None:
        return "no"
    response = client_for(viewer).get(reverse("notify:list"))
    return "yes" if gathering.title in response.content.decode() else "no"


def mails_name(viewer: Member | None, gathering: Gathering) -> str:
    if viewer is None:
        return "no"
    theirs = [message for message in mail.outbox if viewer.email in message.to]
    text = " ".join(
        f"{message.subject} {message.body} "
        + " ".join(str(part[0]) for part in getattr(message, "alternatives", []))
        for message in theirs
    )
    return "yes" if gathering.title in text else "no"


@pytest.mark.parametrize("access", ["open", "closed", "secret"])
def test_every_surface_for_every_viewer_matches_the_table(personas: Personas, access: str) -> None:
    world = build_world(personas, access)
    question_title = world.question.title
    urls = {
        "circle page": reverse("circles:detail", kwargs={"pk": world.circle.pk}),
        "requests page": reverse("circles:requests", kwargs={"pk": world.circle.pk}),
        "question": world.question.get_absolute_url(),
        "resource": world.resource.get_absolute_url(),
        "download": reverse("library:download", kwargs={"pk": world.resource.pk}),
        "gathering": world.gathering.get_absolute_url(),
        "gathering ics": reverse("gatherings:ics", kwargs={"pk": world.gathering.pk}),
    }
    world.gathering.refresh_from_db()
    actual: dict[tuple[str, str], dict[str, str]] = {}
    for name, viewer in world.viewers.items():
        client = client_for(viewer)
        for surface, url in urls.items():
            content = question_title if surface == "circle page" else ""
            actual.setdefault((surface, access), {})[name] = page_outcome(
                client, url, content=content
            )
        actual.setdefault(("calendar feed", access), {})[name] = feed_has(viewer, world.gathering)
        actual.setdefault(("search", access), {})[name] = search_finds(viewer, world.question)
        actual.setdefault(("notifications", access), {})[name] = notifications_name(
            viewer, world.gathering
        )
        actual.setdefault(("mails", access), {})[name] = mails_name(viewer, world.gathering)

    wanted = {key: row for key, row in TABLE.items() if key[1] == access}
    # Compared row by row, so a failure names the surface and shows both rows.
    for key, row in wanted.items():
        assert actual[key] == row, key


def test_a_secret_circles_pages_answer_404_to_a_guessed_url_exactly_like_a_missing_one(
    personas: Personas,
) -> None:
    world = build_world(personas, "secret")
    client = client_for(personas.other_org_member)
    missing = Circle.objects.latest("pk").pk + 1000
    for name in ("detail", "requests", "join", "ask_to_join", "leave", "invite"):
        method = client.post if name in ("join", "ask_to_join", "leave") else client.get
        secret = method(reverse(f"circles:{name}", kwargs={"pk": world.circle.pk}))
        absent = method(reverse(f"circles:{name}", kwargs={"pk": missing}))
        assert secret.status_code == absent.status_code == 404, name
        assert world.circle.name not in secret.content.decode()


def test_anonymous_questions_in_a_circle_stay_anonymous_to_its_members(
    personas: Personas,
) -> None:
    world = build_world(personas, "closed")
    anonymous = _commit(
        posts.ask_question,
        personas.colleague,
        theme=personas.prevention,
        title="Ik twijfel over een melding",
        body="Wie heeft dit eerder gedaan?",
        circle=world.circle,
        anonymous=True,
        confirmed_privacy=True,
    )
    for viewer in (personas.member, personas.community_manager):
        html = client_for(viewer).get(anonymous.get_absolute_url()).content.decode()
        assert "Ik twijfel over een melding" in html
        assert "Joost" not in html
        assert not re.search(rf"members/{personas.colleague.pk}/", html)
        circle_html = client_for(viewer).get(world.circle.get_absolute_url()).content.decode()
        assert "Ik twijfel over een melding" in circle_html
        assert "Joost Bakker" not in circle_html.split("Ik twijfel over een melding")[1][:600]
