"""Demo ideas: ten ideas of the Twente demo community in every stage (idea, exploring,
trying, scaling, and stopped with lessons learned), with people who said "I'm in" and what
they bring, and an update at each stage. The demo member (Sanne) posted the idea of the
README's story, "one contact person per family", which is being tried out.

Everything goes through the real actions with a fixed random seed; only the dates are moved
into the past afterwards, so the timelines read like months of work. The notifications the
actions make are settled (mailed and read) before the commit, and the load runs with the
dummy mail backend, so no demo mail goes out (as plein.circles.demo does).

Loading twice adds nothing: ideas are recognised by title. Needs the demo community
(plein.members.demo.load_demo_community)."""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.test import override_settings
from django.utils import timezone

from plein.members.demo import DEMO_MEMBER_EMAIL, Writer, demo_cast
from plein.members.models import Member
from plein.notify.models import Notification
from plein.posts import ideas
from plein.posts.models import IdeaUpdate, Post
from plein.themes.models import Theme

SEED = 2016
DUMMY_MAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
KEY_PREFIX = "demo-idea-"

Stage = Post.Stage


@dataclass(frozen=True)
class DemoIdea:
    title: str
    theme: str
    problem: str
    idea: str
    needs: str
    # One update per stage it went through, in order: (stage, text).
    updates: tuple[tuple[str, str], ...] = ()
    lessons: str = ""  # for a stopped idea
    brings: tuple[str, ...] = ()  # one line per joiner: what they bring
    days_ago: int = 30  # when it was posted
    by_demo_member: bool = False


IDEAS: tuple[DemoIdea, ...] = (
    DemoIdea(
        "Eén contactpersoon per gezin over alle zorgaanbieders heen",
        "wijkteams",
        "Gezinnen met meerdere problemen hebben soms zes tot tien hulpverleners. Iedereen "
        "vraagt hetzelfde, niemand overziet het geheel, en ouders raken het overzicht kwijt.",
        "Eén vaste contactpersoon per gezin, uit het wijkteam of van een zorgaanbieder, die "
        "namens alle betrokkenen het contact houdt en **één plan** bewaakt. Andere "
        "hulpverleners stemmen via die persoon af in plaats van rechtstreeks met het gezin.",
        "Een gemeente om het mee te proberen, een data-expert die meekijkt wat we mogen "
        "delen, en twee zorgaanbieders die willen meedoen.",
        (
            (
                Stage.EXPLORING,
                "We spraken met vier gezinnen en zes hulpverleners. Iedereen herkent het "
                "probleem; de grootste vraag is wie de contactpersoon betaalt.",
            ),
            (
                Stage.TRYING,
                "Gemeente Hengelo doet mee: twaalf gezinnen in Hengelo-Noord krijgen vanaf "
                "deze maand één contactpersoon. Over drie maanden kijken we samen terug.",
            ),
        ),
        brings=(
            "Ik werk als regisseur in een wijkteam en wil het uitproberen",
            "Data-analyse: ik kijk mee wat we mogen delen",
            "Contacten bij drie jeugdhulpaanbieders",
            "Ervaring met één plan per gezin in Almelo",
            "Ik ben ouder van een gezin met veel hulpverleners",
            "Een dag per maand om mee te denken",
        ),
        days_ago=150,
        by_demo_member=True,
    ),
    DemoIdea(
        "Wachtkamergesprek voor gezinnen op de wachtlijst",
        "jeugdzorg",
        "Gezinnen wachten maanden op specialistische jeugdhulp en horen in die tijd niets. "
        "Problemen worden groter, en sommige gezinnen haken af.",
        "Elk gezin op de wachtlijst krijgt binnen twee weken een kort gesprek met het "
        "wijkteam: wat kan er nu al, wie kan tijdelijk helpen, wanneer bellen we weer.",
        "Een jeugdhulpaanbieder die zijn wachtlijst wil delen, en iemand die weet hoe je dit "
        "netjes regelt met toestemming van ouders.",
        brings=(
            "Onze wachtlijst, geanonimiseerd",
            "Ervaring met toestemmingsformulieren voor ouders",
        ),
        days_ago=6,
    ),
    DemoIdea(
        "Schoolmaatschappelijk werk op elke basisschool",
        "onderwijs-en-zorg",
        "Leerkrachten zien zorgen bij kinderen vaak als eerste, maar weten niet bij wie ze "
        "terechtkunnen. De stap naar het wijkteam voelt groot.",
        "Een vast uur per week schoolmaatschappelijk werk op elke basisschool, als "
        "laagdrempelig aanspreekpunt voor leerkrachten en ouders.",
        "Twee schoolbesturen die willen verkennen, en cijfers over hoe vaak leerkrachten nu "
        "doorverwijzen.",
        (
            (
                Stage.EXPLORING,
                "Drie scholen in Almelo doen mee aan de verkenning. We houden een maand lang "
                "bij welke vragen leerkrachten hebben.",
            ),
        ),
        brings=(
            "Twee scholen die mee willen doen",
            "Cijfers over doorverwijzingen uit onze monitor",
            "Ervaring als schoolmaatschappelijk werker",
            "Ik schrijf graag het verslag",
        ),
        days_ago=45,
    ),
    DemoIdea(
        "Eén werkgeversloket voor heel Twente",
        "werk-en-participatie",
        "Werkgevers die iemand met een afstand tot werk willen aannemen, krijgen met elke "
        "gemeente een ander loket, andere formulieren en andere regels.",
        "Eén regionaal werkgeversloket met één telefoonnummer, één aanvraagformulier en "
        "dezelfde afspraken over loonkostensubsidie in alle veertien gemeenten.",
        "Wethouders die het durven, en een werkgever die wil vertellen wat er nu misgaat.",
        (
            (
                Stage.EXPLORING,
                "Acht gemeenten willen meedenken. De regels voor loonkostensubsidie blijken "
                "minder te verschillen dan gedacht.",
            ),
            (
                Stage.TRYING,
                "Proef in Enschede, Hengelo en Almelo: één loket voor werkgevers, met een "
                "gezamenlijke accountmanager.",
            ),
            (
                Stage.SCALING,
                "Werkgevers zijn tevreden: de doorlooptijd halveerde. Alle veertien gemeenten "
                "sluiten vanaf volgend jaar aan.",
            ),
        ),
        brings=(
            "Ervaring met loonkostensubsidie",
            "Een werkgever die wil vertellen wat er misgaat",
            "Contacten met de wethouders werk",
            "Ik kan het in ons werkgeversteam uitproberen",
            "Ervaring met subsidies aanvragen",
        ),
        days_ago=320,
    ),
    DemoIdea(
        "Mantelzorgpas met korting bij lokale ondernemers",
        "mantelzorg",
        "Mantelzorgers voelen zich weinig gezien. Een jaarlijkse attentie bereikt maar een "
        "klein deel van hen.",
        "Een mantelzorgpas die korting geeft bij lokale ondernemers, zodat mantelzorgers het "
        "hele jaar iets merken van waardering.",
        "Ondernemersverenigingen die willen meedoen, en een manier om mantelzorgers te "
        "bereiken die zichzelf geen mantelzorger noemen.",
        (
            (
                Stage.EXPLORING,
                "Twee ondernemersverenigingen doen mee; we ontwerpen de pas samen met tien "
                "mantelzorgers.",
            ),
            (
                Stage.TRYING,
                "De pas is uitgegeven in Oldenzaal. Na een halfjaar gebruikt minder dan één "
                "op de tien pashouders hem.",
            ),
            (
                Stage.STOPPED,
                "We stoppen met de pas. Mantelzorgers zeiden ons dat ze geen korting zoeken, "
                "maar tijd en iemand die vraagt hoe het met hén gaat.",
            ),
        ),
        lessons="Vraag eerst wat mantelzorgers zelf willen: waardering betekent voor hen tijd "
        "en aandacht, geen korting. De mantelzorgers die we via de pas vonden, kennen we nu "
        "wel: dat netwerk gebruiken we voor het respijtidee.",
        brings=(
            "Contacten bij de ondernemersvereniging",
            "Tien mantelzorgers die willen meedenken",
            "Ervaring met een mantelzorgwaardering",
            "Ik schrijf graag het verslag",
        ),
        days_ago=280,
    ),
    DemoIdea(
        "Buurtkamer als vindplaats voor eenzame ouderen",
        "preventie",
        "Eenzame ouderen komen pas in beeld als er een zorgvraag is, en dan is het vaak al laat.",
        "Een buurtkamer met koffie, een krant en elke ochtend iemand van het wijkteam, zodat "
        "ouderen binnenlopen voordat er iets mis is.",
        "Een ruimte in de wijk, vrijwilligers, en een welzijnsorganisatie die de kamer wil dragen.",
        (
            (
                Stage.EXPLORING,
                "De bibliotheek in Borne biedt een ruimte aan. We zoeken nog vrijwilligers "
                "voor de ochtenden.",
            ),
        ),
        brings=(
            "Een ruimte in de wijk",
            "Vrijwilligers van onze welzijnsorganisatie",
            "Een ochtend per week",
        ),
        days_ago=60,
    ),
    DemoIdea(
        "Eén inkoopkalender voor alle veertien gemeenten",
        "inkoop",
        "Zorgaanbieders schrijven in op veertien aanbestedingen met veertien planningen. Dat "
        "kost ze tijd die niet naar zorg gaat.",
        "Een gedeelde inkoopkalender voor de regio, met dezelfde momenten voor "
        "marktconsultatie, inschrijving en gunning.",
        "Inkopers van minstens vijf gemeenten en een aanbieder die wil meelezen.",
        (
            (
                Stage.EXPLORING,
                "Inkopers van zes gemeenten brachten hun planning in kaart; de helft valt al "
                "in dezelfde maanden.",
            ),
            (
                Stage.TRYING,
                "Dit jaar houden zes gemeenten één gezamenlijke marktconsultatie voor "
                "dagbesteding.",
            ),
        ),
        brings=(
            "De inkoopplanning van onze gemeente",
            "Ik lees mee namens een zorgaanbieder",
            "Ervaring met een regionale marktconsultatie",
            "Een dag per maand om mee te denken",
        ),
        days_ago=200,
    ),
    DemoIdea(
        "Ervaringsdeskundige bij elk eerste keukentafelgesprek",
        "clientparticipatie",
        "In het eerste gesprek weten inwoners vaak niet wat ze kunnen vragen; de consulent "
        "hoort alleen het antwoord op zijn eigen vragen.",
        "Een ervaringsdeskundige die, als de inwoner dat wil, bij het eerste gesprek "
        "aanschuift en helpt vertellen wat er echt speelt.",
        "Ervaringsdeskundigen die willen meedoen, en een consulent die het wil uitproberen.",
        brings=("Ervaring als ervaringsdeskundige",),
        days_ago=3,
    ),
    DemoIdea(
        "Gezamenlijke privacychecklist voor wijkteams",
        "informatie-en-privacy",
        "Elk wijkteam bedenkt zelf wat het wel en niet mag delen met school, huisarts en "
        "zorgaanbieder. Dat leidt tot onzekerheid en tot te veel of te weinig delen.",
        "Eén checklist voor de hele regio, opgesteld met de privacyfunctionarissen, die een "
        "medewerker in vijf minuten doorloopt.",
        "Privacyfunctionarissen van drie gemeenten en wijkteammedewerkers die de checklist "
        "willen testen.",
        (
            (
                Stage.EXPLORING,
                "We verzamelden de twintig vragen die wijkteams het vaakst stellen over "
                "gegevens delen.",
            ),
            (
                Stage.TRYING,
                "Vier wijkteams gebruiken de eerste versie van de checklist; de opmerkingen "
                "gaan vooral over de taal.",
            ),
            (
                Stage.SCALING,
                "De checklist is vastgesteld door alle privacyfunctionarissen en staat in de "
                "bibliotheek. Alle wijkteams in Twente krijgen een korte training.",
            ),
        ),
        brings=(
            "Kennis van de regels rond gegevens delen",
            "Ik test de checklist in mijn wijkteam",
            "Ervaring als privacyfunctionaris",
            "Ik maak de taal begrijpelijk",
            "Ik kan een korte training geven",
        ),
        days_ago=260,
    ),
    DemoIdea(
        "Doorstroomwoningen voor bewoners van beschermd wonen",
        "beschermd-wonen",
        "Bewoners die klaar zijn om zelfstandig te wonen, blijven jaren in beschermd wonen "
        "omdat er geen passende woning is.",
        "Corporaties houden per gemeente een paar woningen vrij voor doorstroom, met "
        "ambulante begeleiding die meeverhuist.",
        "Woningcorporaties, en een gemeente die de begeleiding wil regelen.",
        (
            (
                Stage.EXPLORING,
                "Twee corporaties willen meedenken, maar vragen garanties over de begeleiding.",
            ),
            (
                Stage.STOPPED,
                "We stoppen in deze vorm: de corporaties konden geen woningen vrijhouden "
                "zonder andere woningzoekenden te benadelen.",
            ),
        ),
        lessons="Vrijgehouden woningen stuiten op de woonruimteverdeling; begin bij de "
        "urgentieregeling in plaats van bij de corporaties. De begeleiding die meeverhuist, "
        "bleek wel overal welkom: die nemen we mee in het volgende plan.",
        brings=(
            "Contacten bij twee woningcorporaties",
            "Ervaring met ambulante begeleiding",
            "Kennis van de urgentieregeling",
        ),
        days_ago=180,
    ),
)


def load_demo_ideas(*, stdout: Writer | None = None) -> int:
    """Add the demo ideas that are missing; returns how many were created."""
    with override_settings(EMAIL_BACKEND=DUMMY_MAIL_BACKEND), transaction.atomic():
        cast = demo_cast()
        if len(cast.members) < 10:
            _progress(stdout, "Ideas: skipped (load the demo community first)")
            return 0
        existing = set(
            Post.objects.ideas()
            .filter(title__in=[spec.title for spec in IDEAS])
            .values_list("title", flat=True)
        )
        last_notification = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
        rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
        persons = [
            p for p in cast.people if not p.community_manager and p.email != DEMO_MEMBER_EMAIL
        ]
        people = [cast.members[p.email] for p in persons]
        demo_member = cast.members.get(DEMO_MEMBER_EMAIL)
        created = 0
        for spec in IDEAS:
            # Draw for every idea, new or not, so the same idea gets the same people.
            by_theme = [cast.members[p.email] for p in persons if spec.theme in p.themes]
            author = (
                demo_member
                if spec.by_demo_member and demo_member is not None
                else rng.choice(by_theme or people)
            )
            joiners = rng.sample([m for m in people if m != author], len(spec.brings))
            theme = cast.themes.get(spec.theme)
            if spec.title in existing or theme is None:
                continue
            _load(spec, author, theme, list(zip(joiners, spec.brings, strict=True)))
            created += 1
        _settle(last_notification)
        _progress(stdout, f"Ideas: {len(IDEAS)} ({created} new)")
        return created


def _load(spec: DemoIdea, author: Member, theme: Theme, joiners: list[tuple[Member, str]]) -> None:
    idea = ideas.post_idea(
        author,
        theme=theme,
        title=spec.title,
        problem=spec.problem,
        idea=spec.idea,
        needs=spec.needs,
        confirmed_privacy=True,
        submit_key=f"{KEY_PREFIX}{IDEAS.index(spec)}",
    )
    now = timezone.now()
    posted = now - timedelta(days=spec.days_ago)
    # Joiners arrive in the first part of the idea's life, updates are spread after them.
    for member, brings in joiners:
        ideas.join_idea(member, idea, brings=brings, confirmed_privacy=True)
    entries = []
    for stage, body in spec.updates:
        lessons = spec.lessons if stage == Stage.STOPPED else ""
        entries.append(
            ideas.update_idea(
                author, idea, stage=stage, body=body, lessons=lessons, confirmed_privacy=True
            )
        )
    step = timedelta(days=spec.days_ago) / (len(entries) + 1)
    for n, entry in enumerate(entries, start=1):
        IdeaUpdate.objects.filter(pk=entry.pk).update(created_at=posted + step * n)
    last_move = posted + step * len(entries)
    Post.objects.filter(pk=idea.pk).update(
        created_at=posted, stage_changed_at=last_move, last_activity_at=last_move
    )
    idea.participants.update(created_at=posted + step / 2)


def _settle(last_notification: int) -> None:
    """The notifications the load made ("someone joined", "news from an idea") count as
    mailed and read before the commit, so no demo mail goes out, now or from notify-tick."""
    now = timezone.now()
    Notification.objects.filter(pk__gt=last_notification).update(
        mail=Notification.Mail.SENT, mailed_at=now, read_at=now
    )


def _progress(stdout: Writer | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")
