"""The demo community: Twente's fourteen municipalities with their care providers and schools,
the twelve themes of the transformation of care, and some seventy members.

Everything is fictional and the same on every machine: names come from Faker with a fixed
seed, every choice from a seeded random generator, and every address ends in the reserved
`.example` domain, so no real mailbox can ever get a login mail. Loading is idempotent:
organisations, themes and members are looked up by name, slug and address. Organisations
and members that exist are left as they are; a theme with a demo slug gets the demo's
name, description and order (so a second run writes nothing at all).

The Dutch texts below are demo data, not interface strings, so they are not translated."""

import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from django.db import transaction
from django.utils import timezone
from faker import Faker

from plein.members import actions
from plein.members.models import Member, Organisation
from plein.themes.actions import create_or_update_theme
from plein.themes.models import Theme

# Changing the seed (or the lists below) changes who is in the demo; a database loaded
# earlier would then get the new people next to the old ones.
SEED = 2015  # the year Twente's municipalities took over youth care and social support

COMMUNITY_MANAGER_EMAIL = "communitymanager@plein.example"
DEMO_MEMBER_EMAIL = "demo@plein.example"

JOINED_WITHIN_DAYS = 548  # the demo community started about eighteen months ago
SEEN_WITHIN_DAYS = 42
ENGLISH_SHARE = 0.1
ASK_ME_ABOUT_SHARE = 0.85

Kind = Organisation.Kind


@dataclass(frozen=True)
class ThemeSpec:
    slug: str
    name: str
    description: str


THEMES: tuple[ThemeSpec, ...] = (
    ThemeSpec(
        "jeugdzorg",
        "Jeugdzorg",
        "Passende hulp voor kinderen, jongeren en gezinnen, zo vroeg en zo dichtbij mogelijk. "
        "Van toegang en wachttijden tot samenwerking rond een gezin.",
    ),
    ThemeSpec(
        "ondersteuning-thuis",
        "Ondersteuning thuis (Wmo)",
        "Zelfstandig blijven wonen en meedoen met steun die bij de persoon past. "
        "Over het keukentafelgesprek, maatwerk en algemene voorzieningen.",
    ),
    ThemeSpec(
        "werk-en-participatie",
        "Werk en participatie",
        "Iedereen doet mee, met betaald werk, vrijwilligerswerk of dagbesteding. "
        "Over de Participatiewet, werkgevers en de weg naar werk.",
    ),
    ThemeSpec(
        "preventie",
        "Preventie",
        "Problemen voorkomen in plaats van oplossen. "
        "Over vroegsignalering, positieve gezondheid en investeren in de voorkant.",
    ),
    ThemeSpec(
        "onderwijs-en-zorg",
        "Onderwijs en zorg",
        "School en zorg als één team rond een leerling. "
        "Over passend onderwijs, thuiszitters en hulp in de klas.",
    ),
    ThemeSpec(
        "wijkteams",
        "Wijkteams",
        "Generalisten dichtbij inwoners, met korte lijnen naar specialistische hulp. "
        "Over werkwijze, samenstelling en regie in de wijk.",
    ),
    ThemeSpec(
        "inkoop",
        "Inkoop en contractering",
        "Zorg inkopen op resultaat in plaats van op productie. "
        "Over regionale inkoop, bekostiging en goed opdrachtgeverschap.",
    ),
    ThemeSpec(
        "clientparticipatie",
        "Cliëntparticipatie",
        "Inwoners en cliënten praten en beslissen mee over beleid en uitvoering. "
        "Over adviesraden, ervaringsdeskundigheid en echt luisteren.",
    ),
    ThemeSpec(
        "informatie-en-privacy",
        "Informatie en privacy",
        "Gegevens delen waar het moet, beschermen waar het kan. "
        "Over de AVG, toestemming en informatievoorziening in het sociaal domein.",
    ),
    ThemeSpec(
        "beschermd-wonen",
        "Beschermd wonen",
        "Van een beschermde woonvorm naar een eigen plek in de wijk. "
        "Over opvang, ambulante begeleiding en herstel.",
    ),
    ThemeSpec(
        "mantelzorg",
        "Mantelzorg",
        "Steun voor wie zorgt voor een naaste, zodat de zorg vol te houden blijft. "
        "Over respijtzorg, erkenning en jonge mantelzorgers.",
    ),
    ThemeSpec(
        "innovatie",
        "Innovatie",
        "Nieuwe werkwijzen en technologie die de zorg beter en de druk lager maken. "
        "Over experimenteren, opschalen en leren van wat niet werkte.",
    ),
)


@dataclass(frozen=True)
class Role:
    job_title: str
    themes: tuple[str, ...]  # slugs, the main one first; every member gets the first
    bios: tuple[str, ...]  # may use {at}: "bij de gemeente Hengelo", "bij GGD Twente"
    asks: tuple[str, ...]


MUNICIPALITY_ROLES = (
    Role(
        "Jeugdconsulent",
        ("jeugdzorg", "preventie", "onderwijs-en-zorg", "wijkteams"),
        (
            "Als jeugdconsulent {at} denk ik met gezinnen mee over passende hulp. "
            "Het liefst zo vroeg en zo dichtbij mogelijk.",
            "Ik werk met gezinnen die vastlopen en zoek samen met school en huisarts naar wat "
            "echt helpt.",
        ),
        (
            "Samenwerken met huisartsen en praktijkondersteuners jeugd",
            "Wachttijden overbruggen zonder dat een gezin tussen wal en schip valt",
        ),
    ),
    Role(
        "Wmo-consulent",
        ("ondersteuning-thuis", "mantelzorg", "wijkteams", "clientparticipatie"),
        (
            "Ik voer keukentafelgesprekken met inwoners die ondersteuning thuis nodig hebben. "
            "Maatwerk boven regels, waar dat kan.",
            "Als Wmo-consulent {at} kijk ik eerst naar wat iemand zelf en met zijn omgeving kan.",
        ),
        (
            "Het keukentafelgesprek en goed doorvragen",
            "Algemene voorzieningen in plaats van een indicatie",
        ),
    ),
    Role(
        "Beleidsadviseur sociaal domein",
        ("preventie", "jeugdzorg", "ondersteuning-thuis", "innovatie"),
        (
            "Ik schrijf mee aan het beleid voor het sociaal domein {at} en zoek steeds de "
            "verbinding met de uitvoering.",
            "Beleid werkt pas als het in de wijk klopt. Daarom loop ik graag een dag mee.",
        ),
        (
            "Van beleidsplan naar praktijk in de wijk",
            "Sturen op maatschappelijke effecten in plaats van op aantallen",
        ),
    ),
    Role(
        "Contractmanager jeugd en Wmo",
        ("inkoop", "jeugdzorg", "ondersteuning-thuis"),
        (
            "Ik beheer de contracten met zorgaanbieders en stuur op resultaat, niet alleen op "
            "productie.",
            "Goede afspraken met aanbieders maken het verschil. Ik zoek de balans tussen "
            "vertrouwen en verantwoorden.",
        ),
        (
            "Resultaatgericht inkopen en de regionale inkoop in Twente",
            "Een goed accountgesprek met zorgaanbieders",
        ),
    ),
    Role(
        "Klantmanager werk en inkomen",
        ("werk-en-participatie", "preventie"),
        (
            "Ik help inwoners op weg naar werk, vrijwilligerswerk of een opleiding.",
            "Als klantmanager {at} zoek ik samen met werkgevers naar plekken waar mensen kunnen "
            "groeien.",
        ),
        (
            "De Participatiewet in de praktijk",
            "Werkgevers betrekken bij inclusief werk",
        ),
    ),
    Role(
        "Privacyadviseur sociaal domein",
        ("informatie-en-privacy", "wijkteams"),
        (
            "Ik zorg dat professionals gegevens kunnen delen waar het moet en beschermen waar "
            "het kan.",
            "Privacy mag nooit een reden zijn om niet samen te werken. Ik zoek wat wel kan.",
        ),
        (
            "De AVG en gegevensdeling tussen wijkteam en zorgaanbieder",
            "Toestemming vragen zonder formulierenbrij",
        ),
    ),
    Role(
        "Programmamanager transformatie sociaal domein",
        ("innovatie", "jeugdzorg", "wijkteams", "preventie"),
        (
            "Ik jaag de transformatie aan {at}: minder schotten, meer samenwerking.",
            "Na de transitie begint het echte werk. Ik verbind mensen die hetzelfde willen "
            "veranderen.",
        ),
        (
            "Experimenteren binnen de regels",
            "Hoe je een pilot laat landen in de lijn",
        ),
    ),
    Role(
        "Beleidsmedewerker beschermd wonen",
        ("beschermd-wonen", "ondersteuning-thuis", "preventie"),
        (
            "Ik werk aan de beweging van beschermd wonen naar een beschermd thuis in de wijk.",
            "Herstel gebeurt in de wijk. Ik zoek samen met aanbieders naar woonplekken en "
            "begeleiding.",
        ),
        (
            "Doordecentralisatie van beschermd wonen",
            "Samenwerken met woningcorporaties",
        ),
    ),
    Role(
        "Mantelzorgconsulent",
        ("mantelzorg", "ondersteuning-thuis"),
        (
            "Ik ondersteun mantelzorgers {at} zodat zij het vol kunnen houden.",
            "Mantelzorgers zijn vaak onzichtbaar. Ik probeer ze op tijd te vinden.",
        ),
        (
            "Respijtzorg regelen",
            "Jonge mantelzorgers herkennen op school",
        ),
    ),
    Role(
        "Teamleider sociaal wijkteam",
        ("wijkteams", "jeugdzorg", "ondersteuning-thuis"),
        (
            "Ik geef leiding aan een sociaal wijkteam met generalisten uit verschillende "
            "organisaties.",
            "Een goed wijkteam kent de wijk. Ik zorg dat mijn team daar tijd voor heeft.",
        ),
        (
            "Regie voeren bij multiprobleemgezinnen",
            "Een wijkteam samenstellen uit verschillende organisaties",
        ),
    ),
    Role(
        "Leerplichtambtenaar",
        ("onderwijs-en-zorg", "jeugdzorg", "preventie"),
        (
            "Ik zet me in voor jongeren die niet of nauwelijks naar school gaan.",
            "Geen kind thuis zonder passend aanbod: daar werk ik {at} elke dag aan.",
        ),
        (
            "Thuiszitters en maatwerk in het onderwijs",
            "Verzuim vroeg bespreekbaar maken",
        ),
    ),
)

YOUTH_CARE_ROLES = (
    Role(
        "Jeugdhulpverlener",
        ("jeugdzorg", "onderwijs-en-zorg", "preventie"),
        (
            "Ik begeleid jongeren en hun ouders, thuis en op school.",
            "Als jeugdhulpverlener {at} werk ik het liefst zo kort en zo licht als het kan.",
        ),
        (
            "Ambulante hulp in het gezin",
            "Samenwerken met het onderwijs rond een jongere",
        ),
    ),
    Role(
        "Gezinscoach",
        ("jeugdzorg", "preventie", "wijkteams"),
        (
            "Ik werk met gezinnen waar veel tegelijk speelt, met één plan en één regisseur.",
            "Gezinnen weten zelf vaak het beste wat ze nodig hebben. Ik help ze het te "
            "organiseren.",
        ),
        (
            "Eén gezin, één plan, één regisseur",
            "Werken met het netwerk rond een gezin",
        ),
    ),
    Role(
        "Orthopedagoog",
        ("jeugdzorg", "onderwijs-en-zorg"),
        (
            "Ik doe diagnostiek en denk mee over behandeling van kinderen met complexe problemen.",
            "Als orthopedagoog {at} zoek ik de vraag achter het gedrag.",
        ),
        (
            "Diagnostiek zonder lange wachttijd",
            "Consultatie voor leerkrachten en wijkteams",
        ),
    ),
    Role(
        "Pleegzorgbegeleider",
        ("jeugdzorg", "mantelzorg"),
        (
            "Ik begeleid pleeggezinnen en de kinderen die er wonen.",
            "Pleegouders doen iets bijzonders. Ik zorg dat ze er niet alleen voor staan.",
        ),
        (
            "Werven en ondersteunen van pleegouders",
            "Contact met ouders na een uithuisplaatsing",
        ),
    ),
    Role(
        "Teamleider ambulante jeugdhulp",
        ("jeugdzorg", "inkoop", "innovatie"),
        (
            "Ik geef leiding aan een team ambulante hulpverleners en denk mee over nieuwe "
            "contractvormen.",
            "Ik wil dat mijn team meer tijd heeft voor gezinnen en minder voor verantwoording.",
        ),
        (
            "Minder administratieve lasten in de jeugdhulp",
            "Werken met resultaatgerichte contracten als aanbieder",
        ),
    ),
)

WELFARE_ROLES = (
    Role(
        "Opbouwwerker",
        ("preventie", "wijkteams", "clientparticipatie"),
        (
            "Ik help bewoners hun eigen plannen voor de buurt waar te maken.",
            "Als opbouwwerker {at} ben ik vaker op straat dan op kantoor.",
        ),
        (
            "Bewonersinitiatieven op gang helpen",
            "Eenzaamheid in de wijk aanpakken",
        ),
    ),
    Role(
        "Maatschappelijk werker",
        ("ondersteuning-thuis", "wijkteams", "preventie"),
        (
            "Ik help mensen met vragen over geld, relaties, opvoeding en alles daartussen.",
            "Vroeg erbij zijn voorkomt veel ellende. Daarom werk ik laagdrempelig in de wijk.",
        ),
        (
            "Schuldhulp en vroegsignalering van betaalachterstanden",
            "Laagdrempelige inloop in de wijk",
        ),
    ),
    Role(
        "Jongerenwerker",
        ("jeugdzorg", "preventie", "werk-en-participatie"),
        (
            "Ik ben er voor jongeren in de wijk, op het plein en online.",
            "Jongeren vertrouwen je pas als je er echt bent. Dat kost tijd, en die neem ik.",
        ),
        (
            "Jongeren bereiken die nergens in beeld zijn",
            "Straatwerk en sociale media",
        ),
    ),
    Role(
        "Consulent mantelzorgondersteuning",
        ("mantelzorg", "ondersteuning-thuis"),
        (
            "Ik ondersteun mantelzorgers met advies, een luisterend oor en respijt.",
            "Ik organiseer lotgenotengroepen en zoek mantelzorgers op die zichzelf geen "
            "mantelzorger noemen.",
        ),
        (
            "Mantelzorgers vinden die zichzelf niet zo noemen",
            "Lotgenotencontact organiseren",
        ),
    ),
    Role(
        "Coördinator vrijwilligers",
        ("werk-en-participatie", "preventie", "mantelzorg"),
        (
            "Ik breng vrijwilligers en inwoners die een steuntje kunnen gebruiken bij elkaar.",
            "Vrijwilligers zijn goud waard, als je ze goed begeleidt. Daar zorg ik voor.",
        ),
        (
            "Vrijwilligers werven en vasthouden",
            "Maatjesprojecten opzetten",
        ),
    ),
)

HOME_CARE_ROLES = (
    Role(
        "Wijkverpleegkundige",
        ("ondersteuning-thuis", "preventie", "wijkteams", "mantelzorg"),
        (
            "Ik zie mensen thuis en weet vaak als eerste wanneer het niet meer gaat.",
            "Als wijkverpleegkundige {at} werk ik nauw samen met huisartsen en het wijkteam.",
        ),
        (
            "Samenwerking tussen wijkverpleging en het sociaal wijkteam",
            "Positieve gezondheid in de praktijk",
        ),
    ),
    Role(
        "Zorgcoördinator",
        ("ondersteuning-thuis", "wijkteams", "clientparticipatie"),
        (
            "Ik stem de zorg rond een cliënt af, zodat niet iedereen langs elkaar heen werkt.",
            "Ik ben het aanspreekpunt voor cliënten, familie en de gemeente.",
        ),
        (
            "Zorg afstemmen rond cliënten met veel hulpverleners",
            "Overdracht van ziekenhuis naar thuis",
        ),
    ),
    Role(
        "Casemanager dementie",
        ("mantelzorg", "ondersteuning-thuis", "preventie"),
        (
            "Ik begeleid mensen met dementie en hun naasten, vanaf de diagnose.",
            "Wie dementie krijgt, krijgt het samen met zijn naasten. Ik help ze allebei.",
        ),
        (
            "Thuis blijven wonen met dementie",
            "Overbelasting van mantelzorgers voorkomen",
        ),
    ),
    Role(
        "Teamleider thuiszorg",
        ("ondersteuning-thuis", "innovatie", "inkoop"),
        (
            "Ik werk met zelfsturende teams en zoek naar slimme oplossingen voor de "
            "personeelskrapte.",
            "Ik geef leiding aan een thuiszorgteam en volg de Wmo-afspraken met de gemeenten.",
        ),
        (
            "Zelfsturende teams",
            "Zorgtechnologie die echt tijd bespaart",
        ),
    ),
    Role(
        "Specialist zorgtechnologie",
        ("innovatie", "ondersteuning-thuis", "informatie-en-privacy"),
        (
            "Ik help collega's en cliënten met zorg op afstand, sensoren en beeldbellen.",
            "Technologie moet de zorg lichter maken, niet ingewikkelder. Ik test het eerst zelf.",
        ),
        (
            "Beeldbellen en zorg op afstand",
            "Een pilot met zorgtechnologie opzetten",
        ),
    ),
)

MENTAL_HEALTH_ROLES = (
    Role(
        "Ambulant begeleider",
        ("beschermd-wonen", "ondersteuning-thuis", "werk-en-participatie"),
        (
            "Ik begeleid mensen die na beschermd wonen weer zelfstandig wonen.",
            "Als ambulant begeleider {at} help ik met de dagelijkse dingen: post, geld, "
            "dagbesteding.",
        ),
        (
            "De stap van beschermd wonen naar zelfstandig wonen",
            "Samenwerken met de woningcorporatie",
        ),
    ),
    Role(
        "Ervaringsdeskundige",
        ("clientparticipatie", "beschermd-wonen"),
        (
            "Ik zet mijn eigen herstelverhaal in om anderen verder te helpen.",
            "Ik weet hoe het is om hulp te krijgen. Nu help ik professionals beter luisteren.",
        ),
        (
            "Herstelgericht werken",
            "Ervaringsdeskundigheid inzetten in een team",
        ),
    ),
    Role(
        "Sociaal psychiatrisch verpleegkundige",
        ("beschermd-wonen", "preventie", "wijkteams"),
        (
            "Ik werk met mensen met psychische problemen in hun eigen omgeving.",
            "Ik ben de verbinding tussen de ggz en het wijkteam.",
        ),
        (
            "Verward gedrag en de aanpak in de wijk",
            "Ggz-expertise in het wijkteam",
        ),
    ),
    Role(
        "Woonbegeleider",
        ("beschermd-wonen", "werk-en-participatie"),
        (
            "Ik begeleid bewoners van een beschermde woonvorm op weg naar meer zelfstandigheid.",
            "Elke bewoner heeft een eigen doel. Ik help om dat stap voor stap te halen.",
        ),
        (
            "Dagbesteding en werk voor bewoners",
            "Herstel ondersteunen in een woonvorm",
        ),
    ),
    Role(
        "Kwaliteitsadviseur",
        ("clientparticipatie", "informatie-en-privacy", "innovatie"),
        (
            "Ik zorg dat we leren van cliëntervaringen en dat onze dossiers op orde zijn.",
            "Kwaliteit is wat de cliënt ervaart. Ik maak dat meetbaar zonder extra formulieren.",
        ),
        (
            "Cliëntervaringen meten",
            "Dossiervorming en privacy",
        ),
    ),
)

SCHOOL_ROLES = (
    Role(
        "Intern begeleider",
        ("onderwijs-en-zorg", "jeugdzorg"),
        (
            "Ik coördineer de leerlingenzorg op een basisschool en schakel snel met het wijkteam.",
            "Als intern begeleider {at} zorg ik dat leerkrachten niet alleen staan.",
        ),
        (
            "Jeugdhulp in en om de school",
            "Een goed groeidocument",
        ),
    ),
    Role(
        "Zorgcoördinator",
        ("onderwijs-en-zorg", "jeugdzorg", "preventie"),
        (
            "Ik ben zorgcoördinator in het voortgezet onderwijs en voorzitter van het "
            "zorgadviesteam.",
            "Ik zorg dat leerlingen met een hulpvraag snel bij de juiste persoon komen.",
        ),
        (
            "Het zorgadviesteam effectief maken",
            "Thuiszitters weer naar school",
        ),
    ),
    Role(
        "Schoolmaatschappelijk werker",
        ("onderwijs-en-zorg", "jeugdzorg", "wijkteams"),
        (
            "Ik ben de brug tussen school, gezin en hulpverlening.",
            "Ouders komen makkelijker bij mij dan bij een loket. Die plek op school koester ik.",
        ),
        (
            "Ouders betrekken bij zorgen over hun kind",
            "De lijn tussen school en wijkteam",
        ),
    ),
    Role(
        "Beleidsmedewerker passend onderwijs",
        ("onderwijs-en-zorg", "inkoop", "innovatie"),
        (
            "Ik werk aan passend onderwijs voor alle leerlingen in de regio.",
            "Ik maak afspraken tussen scholen en gemeenten over zorg op school.",
        ),
        (
            "Onderwijs-zorgarrangementen",
            "Afspraken tussen samenwerkingsverband en gemeenten",
        ),
    ),
    Role(
        "Mentor en docent",
        ("onderwijs-en-zorg", "preventie"),
        (
            "Ik ben mentor van een brugklas en merk elke dag hoe zorg en leren samenhangen.",
            "Als mentor zie ik het vaak als eerste als het thuis niet goed gaat.",
        ),
        (
            "Signalen oppikken in de klas",
            "Het mentorgesprek",
        ),
    ),
)

MBO_ROLES = (
    Role(
        "Studentbegeleider",
        ("onderwijs-en-zorg", "werk-en-participatie", "jeugdzorg"),
        (
            "Ik help studenten die vastlopen, op school of daarbuiten.",
            "Als studentbegeleider {at} zie ik hoe schulden en zorgen het leren in de weg zitten.",
        ),
        (
            "Voortijdig schoolverlaten voorkomen",
            "Studenten met schulden",
        ),
    ),
    Role(
        "Docent zorg en welzijn",
        ("onderwijs-en-zorg", "innovatie", "ondersteuning-thuis"),
        (
            "Ik leid de zorgprofessionals van morgen op, met veel praktijk in de wijk.",
            "Mijn studenten lopen stage in wijkteams en thuiszorg. Zo leren we allebei.",
        ),
        (
            "Leren in de praktijk van het sociaal domein",
            "Stages in wijkteams",
        ),
    ),
    Role(
        "Loopbaanadviseur",
        ("werk-en-participatie", "onderwijs-en-zorg"),
        (
            "Ik help studenten een richting te kiezen en een plek op de arbeidsmarkt te vinden.",
            "Ik werk samen met gemeenten aan een goede overstap van school naar werk.",
        ),
        (
            "Van school naar werk voor kwetsbare jongeren",
            "Entree-opleidingen",
        ),
    ),
)

PUBLIC_HEALTH_ROLES = (
    Role(
        "Jeugdverpleegkundige",
        ("preventie", "jeugdzorg", "onderwijs-en-zorg"),
        (
            "Ik zie ouders en kinderen op het consultatiebureau en op school.",
            "Als jeugdverpleegkundige {at} ben ik er vroeg bij, lang voordat er zorgen zijn.",
        ),
        (
            "Vroegsignalering bij jonge kinderen",
            "Het gesprek met ouders over opvoeden",
        ),
    ),
    Role(
        "Jeugdarts",
        ("preventie", "jeugdzorg"),
        (
            "Ik volg de gezondheid en ontwikkeling van kinderen van nul tot achttien.",
            "Ik denk mee als een kind vaak ziek wordt gemeld op school.",
        ),
        (
            "Ziekteverzuim op school (de MAZL-aanpak)",
            "Samenwerking tussen jeugdgezondheidszorg en huisarts",
        ),
    ),
    Role(
        "Adviseur gezondheidsbevordering",
        ("preventie", "werk-en-participatie", "innovatie"),
        (
            "Ik help gemeenten en scholen met een gezonde leefomgeving.",
            "Preventie loont, maar pas na jaren. Ik help gemeenten dat verhaal te vertellen.",
        ),
        (
            "Positieve gezondheid",
            "Een lokaal preventieakkoord",
        ),
    ),
    Role(
        "Onderzoeker gezondheid",
        ("preventie", "informatie-en-privacy", "innovatie"),
        (
            "Ik onderzoek hoe het gaat met de gezondheid van inwoners van Twente.",
            "Ik maak monitors en cijfers bruikbaar voor beleid en praktijk.",
        ),
        (
            "De gezondheidsmonitor lezen en gebruiken",
            "Data gebruiken zonder privacy te schenden",
        ),
    ),
)

NETWORK_ROLES = (
    Role(
        "Programmaleider lerend netwerk",
        ("innovatie", "clientparticipatie"),
        (
            "Ik breng professionals uit heel Twente samen om van elkaar te leren.",
            "Ik organiseer bijeenkomsten waar je durft te vragen.",
        ),
        (
            "Durf te vragen",
            "Leren over de grenzen van je organisatie",
        ),
    ),
    Role(
        "Onderzoeker sociaal domein",
        ("innovatie", "informatie-en-privacy", "preventie"),
        (
            "Ik onderzoek wat de transformatie oplevert voor inwoners en professionals.",
            "Ik meet niet alleen wat er gebeurt, maar vooral wat het oplevert.",
        ),
        (
            "Effecten van de transformatie meten",
            "Praktijkgericht onderzoek met professionals",
        ),
    ),
)


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    kind: str
    domain: str  # the part before `.example` in members' addresses
    members: int  # how many generated members work there
    roles: tuple[Role, ...]
    at: str = ""  # how a bio says "at this organisation"; defaults to "bij <name>"


def _municipality(place: str, domain: str, members: int) -> OrganisationSpec:
    return OrganisationSpec(
        f"Gemeente {place}",
        Kind.MUNICIPALITY,
        domain,
        members,
        MUNICIPALITY_ROLES,
        at=f"bij de gemeente {place}",
    )


ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    _municipality("Almelo", "almelo", 5),
    _municipality("Borne", "borne", 2),
    _municipality("Dinkelland", "dinkelland", 2),
    _municipality("Enschede", "enschede", 6),
    _municipality("Haaksbergen", "haaksbergen", 2),
    _municipality("Hellendoorn", "hellendoorn", 2),
    _municipality("Hengelo", "hengelo", 4),
    _municipality("Hof van Twente", "hofvantwente", 3),
    _municipality("Losser", "losser", 2),
    _municipality("Oldenzaal", "oldenzaal", 3),
    _municipality("Rijssen-Holten", "rijssen-holten", 2),
    _municipality("Tubbergen", "tubbergen", 2),
    _municipality("Twenterand", "twenterand", 2),
    _municipality("Wierden", "wierden", 2),
    OrganisationSpec(
        "Jeugdzorg Twente", Kind.CARE_PROVIDER, "jeugdzorgtwente", 4, YOUTH_CARE_ROLES
    ),
    OrganisationSpec(
        "Wijkracht Enschede", Kind.CARE_PROVIDER, "wijkrachtenschede", 3, WELFARE_ROLES
    ),
    OrganisationSpec(
        "Zorggroep Noord-Oost Twente",
        Kind.CARE_PROVIDER,
        "zorggroepnoordoosttwente",
        3,
        HOME_CARE_ROLES,
    ),
    OrganisationSpec(
        "Thuiszorg Midden-Twente", Kind.CARE_PROVIDER, "thuiszorgmiddentwente", 3, HOME_CARE_ROLES
    ),
    OrganisationSpec(
        "GGZ Oost-Twente", Kind.CARE_PROVIDER, "ggzoosttwente", 3, MENTAL_HEALTH_ROLES
    ),
    OrganisationSpec(
        "Stichting Beschermd Wonen De Boei",
        Kind.CARE_PROVIDER,
        "deboei",
        2,
        MENTAL_HEALTH_ROLES,
        at="bij De Boei",
    ),
    OrganisationSpec(
        "Stichting Openbaar Onderwijs Twente",
        Kind.EDUCATION,
        "openbaaronderwijstwente",
        3,
        SCHOOL_ROLES,
    ),
    OrganisationSpec(
        "Twents Lyceum", Kind.EDUCATION, "twentslyceum", 2, SCHOOL_ROLES, at="op het Twents Lyceum"
    ),
    OrganisationSpec(
        "Samenwerkingsverband Passend Onderwijs Twente",
        Kind.EDUCATION,
        "passendonderwijstwente",
        2,
        SCHOOL_ROLES,
        at="bij het samenwerkingsverband",
    ),
    OrganisationSpec(
        "Twents Mbo College",
        Kind.EDUCATION,
        "twentsmbo",
        2,
        MBO_ROLES,
        at="op het Twents Mbo College",
    ),
    OrganisationSpec("GGD Twente", Kind.OTHER, "ggdtwente", 3, PUBLIC_HEALTH_ROLES),
    OrganisationSpec(
        "Netwerk Sociaal Domein Twente", Kind.OTHER, "netwerksociaaldomeintwente", 1, NETWORK_ROLES
    ),
)


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    organisation: str
    job_title: str
    bio: str
    ask_me_about: str
    themes: tuple[str, ...]
    preferred_language: str
    joined_days_ago: float
    seen_days_ago: float
    community_manager: bool = False


# The two people with fixed addresses, named in the README and the command's output.
# Deliberately not the test personas of plein/core/testing.py, so tests can load both.
COMMUNITY_MANAGER = Person(
    email=COMMUNITY_MANAGER_EMAIL,
    name="Ilse Kamphuis",
    organisation="Netwerk Sociaal Domein Twente",
    job_title="Communitymanager Plein",
    bio="Ik houd Plein levendig: ik nodig mensen uit, organiseer bijeenkomsten en zet "
    "mooie voorbeelden in de etalage.",
    ask_me_about="Hoe je Plein gebruikt en wie je verder kan helpen",
    themes=("innovatie", "clientparticipatie"),
    preferred_language="nl",
    joined_days_ago=JOINED_WITHIN_DAYS,
    seen_days_ago=0.1,
    community_manager=True,
)
DEMO_MEMBER = Person(
    email=DEMO_MEMBER_EMAIL,
    name="Sanne de Vries",
    organisation="Gemeente Hengelo",
    job_title="Jeugdconsulent",
    bio="Als jeugdconsulent bij de gemeente Hengelo denk ik met gezinnen mee over passende "
    "hulp. Ik ben benieuwd hoe andere gemeenten wachttijden aanpakken.",
    ask_me_about="Vroegsignalering samen met het consultatiebureau",
    themes=("jeugdzorg", "preventie"),
    preferred_language="nl",
    joined_days_ago=183,
    seen_days_ago=2,
)

_TUSSENVOEGSEL = re.compile(r"^(van|de|den|der|het|ter|ten|te|in|op|'t)$")


def _slug_part(text: str) -> str:
    """'de Vries' -> 'devries', 'Zoë' -> 'zoe': what is left is safe in an address."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())


def _plausible_last_name(last_name: str) -> bool:
    # Faker's Dutch list holds medieval names ("Heribert van Laon", "Claesdr"); keep one
    # surname, with or without a tussenvoegsel, that does not end in an old abbreviation.
    words = last_name.split()
    while len(words) > 1 and _TUSSENVOEGSEL.match(words[0]):
        words = words[1:]
    return len(words) == 1 and not words[0].endswith(("dr", "sd", "sz", "zn"))


def demo_people() -> list[Person]:
    """Everyone in the demo community, the same list on every call and every machine (for
    one Faker version: a new one may pick other names)."""
    fake = Faker("nl_NL")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
    people = [COMMUNITY_MANAGER, DEMO_MEMBER]
    names = {person.name for person in people}
    emails = {person.email for person in people}
    for spec in ORGANISATIONS:
        for role in _roles_for(spec, rng):
            name = _unique_name(fake, names)
            names.add(name)
            email = _unique_email(name, spec.domain, emails)
            emails.add(email)
            joined = rng.uniform(1, JOINED_WITHIN_DAYS)
            extra = rng.sample(role.themes[1:], rng.randint(0, min(2, len(role.themes) - 1)))
            ask = rng.choice(role.asks) if rng.random() < ASK_ME_ABOUT_SHARE else ""
            people.append(
                Person(
                    email=email,
                    name=name,
                    organisation=spec.name,
                    job_title=role.job_title,
                    bio=rng.choice(role.bios).format(at=spec.at or f"bij {spec.name}"),
                    ask_me_about=ask,
                    themes=(role.themes[0], *extra),
                    preferred_language="en" if rng.random() < ENGLISH_SHARE else "nl",
                    joined_days_ago=joined,
                    seen_days_ago=rng.uniform(0, min(SEEN_WITHIN_DAYS, joined)),
                )
            )
    return people


def _roles_for(spec: OrganisationSpec, rng: random.Random) -> list[Role]:
    """Different jobs within one organisation, as long as there are enough to go round."""
    roles: list[Role] = []
    while len(roles) < spec.members:
        roles += rng.sample(spec.roles, min(len(spec.roles), spec.members - len(roles)))
    return roles


def _unique_name(fake: Faker, taken: set[str]) -> str:
    while True:
        last_name = fake.last_name()
        name = f"{fake.first_name()} {last_name}"
        if _plausible_last_name(last_name) and name not in taken:
            return name


def _unique_email(name: str, domain: str, taken: set[str]) -> str:
    first, _space, last = name.partition(" ")
    local = f"{_slug_part(first)}.{_slug_part(last)}"
    email = f"{local}@{domain}.example"
    number = 2
    while email in taken:
        email = f"{local}{number}@{domain}.example"
        number += 1
    return email


class Writer(Protocol):
    """Where progress goes: a file such as sys.stdout, or a management command's stdout."""

    def write(self, text: str, /) -> object: ...


@dataclass
class DemoSummary:
    organisations: int
    themes: int
    members: int
    organisations_created: int
    themes_created: int
    members_created: int
    community_manager_email: str = COMMUNITY_MANAGER_EMAIL
    demo_member_email: str = DEMO_MEMBER_EMAIL


def load_demo_community(*, stdout: Writer | None = None) -> DemoSummary:
    """Add what is missing of the demo community to the database (see the module
    docstring for what happens to what exists). One transaction: an interrupted load
    leaves no half community behind."""
    people = demo_people()
    now = timezone.now()
    with transaction.atomic():
        organisations, organisations_created = _load_organisations()
        _progress(stdout, f"Organisations: {len(organisations)} ({organisations_created} new)")
        themes_before = Theme.objects.count()
        themes = {
            spec.slug: create_or_update_theme(
                spec.name, slug=spec.slug, description=spec.description, order=order
            )
            for order, spec in enumerate(THEMES, start=1)
        }
        themes_created = Theme.objects.count() - themes_before
        _progress(stdout, f"Themes: {len(themes)} ({themes_created} new)")
        members_created = _load_members(people, organisations, themes, now=now)
        _progress(stdout, f"Members: {len(people)} ({members_created} new)")
    return DemoSummary(
        organisations=len(organisations),
        themes=len(themes),
        members=len(people),
        organisations_created=organisations_created,
        themes_created=themes_created,
        members_created=members_created,
    )


def _progress(stdout: Writer | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


def _load_organisations() -> tuple[dict[str, Organisation], int]:
    existing: dict[str, Organisation] = {}
    created = 0
    for spec in ORGANISATIONS:
        existing[spec.name], is_new = actions.add_organisation(spec.name, kind=spec.kind)
        created += is_new
    return existing, created


def _load_members(
    people: Sequence[Person],
    organisations: dict[str, Organisation],
    themes: dict[str, Theme],
    *,
    now: datetime,
) -> int:
    existing = set(
        Member.objects.filter(email__in=[person.email for person in people]).values_list(
            "email", flat=True
        )
    )
    created = 0
    for person in people:
        if person.email in existing:
            # A member who is already here is left as they are; only the address the
            # command prints as the community manager's must really be one.
            if person.community_manager:
                member = Member.objects.get(email=person.email)
                if not member.is_community_manager:
                    actions.make_community_manager(member)
            continue
        member = actions.create_member(
            person.email,
            name=person.name,
            organisation=organisations[person.organisation],
            job_title=person.job_title,
            bio=person.bio,
            ask_me_about=person.ask_me_about,
            expertise=[themes[slug] for slug in person.themes],
            preferred_language=person.preferred_language,
        )
        if person.community_manager:
            actions.make_community_manager(member)
        # Demo only: backdate, so the directory and insights look like a community that has
        # been running for a while. Actions always stamp "now", so this writes the columns.
        joined = now - timedelta(days=person.joined_days_ago)
        Member.objects.filter(pk=member.pk).update(
            date_joined=joined, last_seen=now - timedelta(days=person.seen_days_ago)
        )
        created += 1
    return created


@dataclass
class DemoCast:
    """Who the demo content is written for: the demo people who are active members, their
    Member rows by e-mail address, and the themes by slug."""

    people: list[Person]
    members: dict[str, Member]
    themes: dict[str, Theme]


def demo_cast() -> DemoCast:
    """Two queries; call inside the loading transaction."""
    people = demo_people()
    members = {
        member.email: member
        for member in Member.objects.filter(
            email__in=[person.email for person in people], is_active=True
        )
    }
    return DemoCast(
        people=[person for person in people if person.email in members],
        members=members,
        themes={theme.slug: theme for theme in Theme.objects.all()},
    )
