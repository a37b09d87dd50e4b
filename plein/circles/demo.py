"""Demo circles: a dozen open, a dozen closed and a dozen secret circles of the Twente demo
community, each with a specific learning goal and date, 3 to 8 members drawn from the demo
people (by theme where possible), hosts, progress notes, a few requests still waiting for
a host, and a few questions and links posted inside circles. Everything goes through the
real actions, with a fixed random seed, so the demo is the same on every machine.
The notifications the actions make are settled (mailed and read) before the commit, so no
demo mail goes out.

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


CIRCLES: tuple[DemoCircle, ...] = (
    # --- open ---------------------------------------------------------------------------
    DemoCircle(
        "Leren van wachtlijsten",
        OPEN,
        "jeugdzorg",
        "Drie werkende manieren om de wachttijd voor jeugdhulp te overbruggen, beschreven "
        "en gedeeld met alle veertien gemeenten",
        7,
        "Voor iedereen die gezinnen ziet wachten en daar iets aan wil doen.",
        ("We verzamelden negen voorbeelden; vier zijn al uitgeprobeerd in Twente.",),
        "Wie heeft ervaring met een overbruggingsgesprek tijdens de wachttijd?",
        ("Overzicht wachttijden jeugdhulp", "https://www.nji.nl/wachttijden"),
    ),
    DemoCircle(
        "Positieve gezondheid in de wijk",
        OPEN,
        "preventie",
        "Elk wijkteam in Twente heeft één keer het spinnenweb-gesprek geoefend en weet wat "
        "het oplevert",
        6,
        "We oefenen samen met het gesprek over positieve gezondheid.",
        ("Twee oefenmiddagen gehouden, in Hengelo en in Oldenzaal.",),
    ),
    DemoCircle(
        "Werkgevers aan tafel",
        OPEN,
        "werk-en-participatie",
        "Twintig werkgevers die een proefplaats bieden aan iemand met een afstand tot werk",
        9,
        notes=("De eerste zes werkgevers hebben toegezegd.",),
    ),
    DemoCircle(
        "Mantelzorg ontlasten",
        OPEN,
        "mantelzorg",
        "Een regionale kaart van respijtzorg die elke consulent kan gebruiken",
        5,
        question="Welke vormen van respijtzorg werken voor jonge mantelzorgers?",
    ),
    DemoCircle(
        "Innovatie delen",
        OPEN,
        "innovatie",
        "Elke maand één lichtpuntje uit de regio uitgewerkt als verhaal",
        12,
        "Kleine experimenten, eerlijk over wat niet lukte.",
    ),
    DemoCircle(
        "Keukentafelgesprek verbeteren",
        OPEN,
        "ondersteuning-thuis",
        "Een gedeelde gesprekskaart voor het keukentafelgesprek, getest door tien consulenten",
        4,
        notes=("De eerste versie van de gesprekskaart is klaar voor een test.",),
    ),
    DemoCircle(
        "Inkoop op resultaat",
        OPEN,
        "inkoop",
        "Een gedeelde set resultaatafspraken voor ambulante jeugdhulp",
        10,
        link=("Handreiking resultaatgericht inkopen", "https://www.vng.nl/inkoop"),
    ),
    DemoCircle(
        "Cliëntenraden versterken",
        OPEN,
        "clientparticipatie",
        "Elke adviesraad in Twente heeft een ervaringsdeskundige die meepraat over inkoop",
        8,
    ),
    DemoCircle(
        "Wijkteams leren van elkaar",
        OPEN,
        "wijkteams",
        "Een uitwisselingsprogramma waarin elk wijkteam een dag meeloopt bij een ander",
        6,
        notes=("Acht teams doen mee; de eerste meeloopdagen staan gepland.",),
    ),
    DemoCircle(
        "Privacy in de praktijk",
        OPEN,
        "informatie-en-privacy",
        "Een toestemmingsformulier dat inwoners begrijpen, in B1-taal",
        3,
        question="Hoe vragen jullie toestemming om gegevens te delen met school?",
    ),
    DemoCircle(
        "Thuiszitters in beeld",
        OPEN,
        "onderwijs-en-zorg",
        "Voor elke thuiszitter binnen zes weken een plan met school en zorg samen",
        9,
    ),
    DemoCircle(
        "Van beschermd wonen naar de wijk",
        OPEN,
        "beschermd-wonen",
        "Vijf woningcorporaties die woningen reserveren voor uitstroom uit beschermd wonen",
        11,
    ),
    # --- closed -------------------------------------------------------------------------
    DemoCircle(
        "Preventie op school",
        CLOSED,
        "preventie",
        "Een gedeelde aanpak voor vroegsignalering op basisscholen",
        7,
        "Intern begeleiders, jeugdconsulenten en jeugdverpleegkundigen uit drie gemeenten.",
        (
            "We kozen vier signalen om op te letten; scholen in Hengelo proberen ze uit.",
            "Eerste terugblik: leerkrachten willen een vast aanspreekpunt, geen formulier.",
        ),
        "Hoe houden jullie het gesprek met ouders laagdrempelig als er een zorg is?",
        ("Signalenkaart basisonderwijs", "https://www.nji.nl/signalen"),
    ),
    DemoCircle(
        "Jeugdhulp en school in één plan",
        CLOSED,
        "onderwijs-en-zorg",
        "Eén plan per leerling waarin school en jeugdhulp samen de doelen zetten",
        8,
        notes=("Het format voor het gezamenlijke plan is af.",),
        question="Wie is bij jullie eigenaar van het gezamenlijke plan?",
    ),
    DemoCircle(
        "Kostenbeheersing jeugdzorg",
        CLOSED,
        "jeugdzorg",
        "Inzicht in de tien duurste trajecten en wat eerder had kunnen helpen",
        6,
        "Beleidsadviseurs en controllers; we delen cijfers die niet naar buiten gaan.",
        ("De analyse van de eerste vijf trajecten is besproken.",),
    ),
    DemoCircle(
        "Regionale inkoop 2027",
        CLOSED,
        "inkoop",
        "Een gezamenlijk inkoopdocument voor specialistische jeugdhulp",
        10,
        link=("Modelovereenkomst jeugdhulp", "https://www.vng.nl/modelovereenkomst"),
    ),
    DemoCircle(
        "Schulden vroeg zien",
        CLOSED,
        "preventie",
        "Een werkende afspraak met woningcorporaties en energieleveranciers over vroegsignalen",
        5,
        notes=("Twee corporaties leveren signalen; de eerste huisbezoeken zijn gedaan.",),
    ),
    DemoCircle(
        "Wmo-consulenten Noordoost",
        CLOSED,
        "ondersteuning-thuis",
        "Dezelfde beslisregels voor huishoudelijke hulp in vijf gemeenten",
        6,
    ),
    DemoCircle(
        "Ervaringsdeskundigen in het wijkteam",
        CLOSED,
        "wijkteams",
        "Een rol en een vergoeding voor ervaringsdeskundigen in elk wijkteam",
        9,
        question="Hoe begeleiden jullie ervaringsdeskundigen in hun eerste maanden?",
    ),
    DemoCircle(
        "Dagbesteding en werk",
        CLOSED,
        "werk-en-participatie",
        "Tien mensen van dagbesteding naar een betaalde baan, met wat we leerden",
        12,
    ),
    DemoCircle(
        "Mantelzorgers van jongeren",
        CLOSED,
        "mantelzorg",
        "Elke school in de regio weet hoe ze jonge mantelzorgers herkent",
        7,
        notes=("De herkenningskaart is getest op drie middelbare scholen.",),
    ),
    DemoCircle(
        "Gegevensdeling in het sociaal domein",
        CLOSED,
        "informatie-en-privacy",
        "Een regionaal convenant gegevensdeling, getoetst door een privacyjurist",
        8,
    ),
    DemoCircle(
        "Uitstroom beschermd wonen",
        CLOSED,
        "beschermd-wonen",
        "Een vaste werkwijze voor de eerste honderd dagen in een eigen woning",
        6,
    ),
    DemoCircle(
        "Proeftuin wijkgericht werken",
        CLOSED,
        "innovatie",
        "Drie wijken waar zorgaanbieders en gemeente samen één budget beheren",
        12,
        notes=("De eerste wijk is gekozen: Hengelo-Noord.",),
    ),
    # --- secret -------------------------------------------------------------------------
    DemoCircle(
        "Intervisie teamleiders jeugd",
        SECRET,
        "jeugdzorg",
        "Elke teamleider brengt één lastige casus in en gaat met een nieuw inzicht naar huis",
        4,
        "Wat hier gezegd wordt, blijft hier.",
        ("Vier casussen besproken; de rode draad is handelingsverlegenheid.",),
        "Hoe gaan jullie om met een team dat overbelast raakt?",
    ),
    DemoCircle(
        "Bestuurders sociaal domein",
        SECRET,
        "innovatie",
        "Een gedeelde visie op de transformatie, voorgelegd aan alle colleges",
        9,
    ),
    DemoCircle(
        "Nieuwe consulenten",
        SECRET,
        "ondersteuning-thuis",
        "Elke nieuwe consulent voelt zich na drie maanden zeker in het keukentafelgesprek",
        3,
        "Een veilige plek voor vragen die je niet in je team durft te stellen.",
        question="Hoe zeg je nee tegen een inwoner zonder de relatie te verliezen?",
    ),
    DemoCircle(
        "Crisisdienst jeugd",
        SECRET,
        "jeugdzorg",
        "Een gedeelde nazorg voor medewerkers na een ingrijpende crisis",
        5,
        notes=("Het nazorgprotocol is besproken met de ondernemingsraad.",),
    ),
    DemoCircle(
        "Aanbesteding in voorbereiding",
        SECRET,
        "inkoop",
        "Een zorgvuldig aanbestedingsplan, klaar voor besluitvorming",
        6,
    ),
    DemoCircle(
        "Burn-out voorkomen in wijkteams",
        SECRET,
        "wijkteams",
        "Elk lid heeft een eigen plan om werkdruk vroeg te herkennen",
        4,
    ),
    DemoCircle(
        "Ouders met een beperking",
        SECRET,
        "onderwijs-en-zorg",
        "Een netwerk van vijf professionals die elkaar bij zulke gezinnen snel vinden",
        6,
    ),
    DemoCircle(
        "Coaching ervaringsdeskundigen",
        SECRET,
        "clientparticipatie",
        "Elke ervaringsdeskundige heeft een vaste coach en een leerplan",
        5,
    ),
    DemoCircle(
        "Pilot anoniem budget",
        SECRET,
        "innovatie",
        "Een evaluatie van de pilot met een vrij besteedbaar budget per wijkteam",
        7,
        notes=("De tussenmeting is gedaan; de teams zijn positief over de snelheid.",),
    ),
    DemoCircle(
        "Privacyfunctionarissen Twente",
        SECRET,
        "informatie-en-privacy",
        "Een gedeelde lijst van veelgestelde privacyvragen met antwoorden",
        5,
    ),
    DemoCircle(
        "Leidinggevenden mantelzorg",
        SECRET,
        "mantelzorg",
        "Een mantelzorgvriendelijk personeelsbeleid in elke deelnemende organisatie",
        8,
    ),
    DemoCircle(
        "Woonbegeleiders onder elkaar",
        SECRET,
        "beschermd-wonen",
        "Elke begeleider kent de weg naar schuldhulp en werk voor haar bewoners",
        4,
    ),
)

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
