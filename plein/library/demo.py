"""Demo content for the library: 84 resources over the twelve themes of the demo community
(plein.members.demo), most of them links, about a quarter real small files made here (a
PDF written by hand, CSV, Markdown, plain text, a Word document built with zipfile), and
"I reused this" marks with the time they saved.

Everything goes through the library actions, exactly as members would: every file passes
the content checks, and the privacy guard reads every title, description, file name and
tag with `confirmed_privacy=False`, so a text that looks like client data stops the load.
Files are stored through the storage API (var/media by default); the search index is
updated after the commit.

What is made is the same on every machine: the texts below, shared by and reused by demo
people chosen with a seeded random generator. Links go to fictional sites under the
reserved `.example` domain, like the members' addresses. Loading is idempotent: every demo
resource has a stable submit_key (demo-resource-<n>); a resource whose key exists is left
alone with its reuse marks, and a run that adds nothing writes nothing.

Demo-only, as in plein.posts.demo: afterwards the times of resources and reuse marks are
moved into the past (actions stamp "now"), and files get a plausible download count. The
sharers' notifications about reuse are settled the same way (heard about back then: mailed,
and read if they have been in since), so neither the commit nor `plein notify-tick` mails
them; the load runs with the dummy mail backend as a second guard.

The Dutch texts below are demo data, not interface strings, so they are not translated."""

import io
import random
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings
from django.utils import timezone

from plein.library import actions
from plein.library.models import Resource
from plein.members.demo import Person, Writer, demo_cast
from plein.members.models import Member
from plein.notify.delivery import digest_cutoff
from plein.notify.models import Notification
from plein.posts.demo import DUMMY_MAIL_BACKEND
from plein.posts.models import Helped
from plein.themes.models import Theme

SEED = 2016  # not the members' or the questions' seed: other choices, same every time
KEY_PREFIX = "demo-resource-"
WITHIN_DAYS = 300
REUSED_SHARE = 0.65  # resources that someone said they reused
# "It saved me about ... minutes": as on answers (plein.posts.demo), a bit more for
# documents (a contract template saves a day, not a quarter of an hour).
MINUTES = (30, 60, 90, 120, 180, 240, 480, 960)
MINUTES_WEIGHTS = (8, 14, 8, 12, 8, 8, 6, 2)
QUIET_BEFORE_NOW = timedelta(hours=1)


@dataclass(frozen=True)
class DemoFile:
    name: str
    kind: str  # pdf, csv, md, txt, docx
    lines: tuple[str, ...]  # the content: paragraphs, or CSV rows with ";" between cells


@dataclass(frozen=True)
class DemoResource:
    theme: str
    title: str
    description: str
    tags: tuple[str, ...]
    link: str = ""  # a path on one of the fictional sites, or
    file: DemoFile | None = None


def _link(site: str, path: str) -> str:
    return f"https://www.{site}.example/{path}"


# --- The texts ----------------------------------------------------------------------------

RESOURCES: tuple[DemoResource, ...] = (
    # Jeugdzorg
    DemoResource(
        "jeugdzorg",
        "Modelcontract jeugdzorg inkoop",
        "Het contract dat wij met aanbieders sluiten, met de resultaatafspraken uitgewerkt. "
        "Vrij te gebruiken; pas de regio en de tarieven aan.",
        ("inkoop", "contracten", "jeugd"),
        file=DemoFile(
            "Modelcontract jeugdzorg inkoop.docx",
            "docx",
            (
                "Modelcontract jeugdzorg inkoop",
                "Artikel 1. Partijen spreken af dat de hulp gericht is op resultaat: een "
                "veilig thuis, ontwikkelen en meedoen.",
                "Artikel 2. De aanbieder meldt binnen vijf werkdagen of de hulp kan starten.",
                "Artikel 3. Partijen bespreken elk kwartaal de wachttijden en de uitstroom.",
                "Artikel 4. Bij een geschil gaan partijen eerst met elkaar in gesprek.",
            ),
        ),
    ),
    DemoResource(
        "jeugdzorg",
        "Overzicht wachttijden jeugdhulp per gemeente",
        "Gemiddelde wachttijd in weken per soort hulp, zoals de regio die elk kwartaal "
        "bijhoudt. Handig om te zien waar de druk zit.",
        ("wachtlijsten", "cijfers"),
        file=DemoFile(
            "Wachttijden jeugdhulp per gemeente.csv",
            "csv",
            (
                "gemeente;ambulante hulp (weken);dagbehandeling (weken);verblijf (weken)",
                "Almelo;6;9;14",
                "Enschede;7;11;16",
                "Hengelo;5;8;13",
                "Oldenzaal;4;7;12",
                "Rijssen-Holten;5;10;15",
            ),
        ),
    ),
    DemoResource(
        "jeugdzorg",
        "Handreiking overbruggingszorg bij wachtlijsten",
        "Wat je een gezin kunt bieden terwijl het wacht: van een vast contactpersoon tot "
        "lichte hulp uit het wijkteam.",
        ("wachtlijsten", "overbrugging"),
        link=_link("jeugdregio-twente", "handreiking-overbruggingszorg"),
    ),
    DemoResource(
        "jeugdzorg",
        "Werkwijze één gezin, één plan",
        "Hoe wij met alle betrokken hulpverleners tot één plan per gezin komen, met de "
        "rol van de regisseur uitgeschreven.",
        ("regie", "gezin"),
        file=DemoFile(
            "Werkwijze een gezin een plan.md",
            "md",
            (
                "# Eén gezin, één plan",
                "## Zo werken we",
                "- Het gezin kiest zelf wie er aan tafel zit.",
                "- Eén regisseur houdt het overzicht en is het aanspreekpunt.",
                "- Het plan past op één A4 en staat in de taal van het gezin.",
                "## Wat we leerden",
                "Korte lijnen werken alleen als iedereen weet wie de regie heeft.",
            ),
        ),
    ),
    DemoResource(
        "jeugdzorg",
        "Factsheet jeugdbescherming in de regio",
        "De belangrijkste cijfers en afspraken over jeugdbescherming in Twente op één pagina.",
        ("jeugdbescherming", "cijfers"),
        link=_link("jeugdregio-twente", "factsheet-jeugdbescherming"),
    ),
    DemoResource(
        "jeugdzorg",
        "Toolkit normaliseren: niet elk probleem is een stoornis",
        "Gespreksvragen en voorbeelden om samen met ouders te kijken wat gewoon opgroeien "
        "is en wat hulp nodig heeft.",
        ("normaliseren", "preventie"),
        link=_link("kennisbank-sociaaldomein", "toolkit-normaliseren"),
    ),
    DemoResource(
        "jeugdzorg",
        "Praktijkvoorbeeld: praktijkondersteuner jeugd bij de huisarts",
        "Hoe drie huisartsenpraktijken met een praktijkondersteuner jeugd minder "
        "verwijzen naar specialistische hulp.",
        ("huisarts", "poh-jeugd"),
        link=_link("kennisbank-sociaaldomein", "poh-jeugd-praktijkvoorbeeld"),
    ),
    # Ondersteuning thuis (Wmo)
    DemoResource(
        "ondersteuning-thuis",
        "Checklist keukentafelgesprek",
        "De vragen die wij langslopen in een eerste gesprek, zodat niets vergeten wordt "
        "en het gesprek toch een gesprek blijft.",
        ("keukentafelgesprek", "wmo"),
        file=DemoFile(
            "Checklist keukentafelgesprek.pdf",
            "pdf",
            (
                "Checklist keukentafelgesprek",
                "1. Wat gaat goed, en wie helpt daarbij?",
                "2. Wat lukt niet meer, en sinds wanneer?",
                "3. Wat wil de inwoner zelf bereiken?",
                "4. Wat kan het netwerk doen, wat een algemene voorziening?",
                "5. Wat spreken we af, en wanneer kijken we terug?",
            ),
        ),
    ),
    DemoResource(
        "ondersteuning-thuis",
        "Gespreksleidraad ondersteuningsplan",
        "Een leidraad om het verslag van het gesprek om te zetten in een plan dat de "
        "inwoner herkent.",
        ("ondersteuningsplan", "wmo"),
        link=_link("wmo-werkplaats", "gespreksleidraad-ondersteuningsplan"),
    ),
    DemoResource(
        "ondersteuning-thuis",
        "Beslisboom algemene voorziening of maatwerk",
        "Wanneer is een algemene voorziening genoeg en wanneer is maatwerk nodig? Een "
        "beslisboom met voorbeelden uit de praktijk.",
        ("maatwerk", "algemene voorziening"),
        file=DemoFile(
            "Beslisboom algemene voorziening of maatwerk.txt",
            "txt",
            (
                "Beslisboom algemene voorziening of maatwerk",
                "Stap 1: Kan de inwoner het zelf of met hulp van het netwerk? Dan geen "
                "voorziening.",
                "Stap 2: Is er een algemene voorziening die past? Dan die eerst.",
                "Stap 3: Past geen algemene voorziening? Dan maatwerk, met een korte "
                "motivering in het plan.",
            ),
        ),
    ),
    DemoResource(
        "ondersteuning-thuis",
        "Voorbeeldbeschikking huishoudelijke ondersteuning",
        "Een beschikking in begrijpelijke taal, getest met inwoners. Minder bezwaren "
        "sinds we deze gebruiken.",
        ("beschikking", "huishoudelijke hulp", "taal"),
        link=_link("wmo-werkplaats", "voorbeeldbeschikking-hulp-bij-het-huishouden"),
    ),
    DemoResource(
        "ondersteuning-thuis",
        "Handreiking hulpmiddelen en woningaanpassingen",
        "Overzicht van wat wanneer vergoed wordt en hoe je samen met de woningcorporatie "
        "snel tot een aanpassing komt.",
        ("hulpmiddelen", "wonen"),
        link=_link("wmo-werkplaats", "handreiking-hulpmiddelen"),
    ),
    DemoResource(
        "ondersteuning-thuis",
        "Resultaten cliëntervaringsonderzoek Wmo",
        "De samenvatting van het jaarlijkse onderzoek, met de verbeterpunten die we "
        "gekozen hebben.",
        ("onderzoek", "cliëntervaring"),
        link=_link("kennisbank-sociaaldomein", "clientervaringsonderzoek-wmo"),
    ),
    DemoResource(
        "ondersteuning-thuis",
        "Werkinstructie herindicatie zonder nieuw gesprek",
        "Wanneer een telefonische herindicatie volstaat en hoe je dat vastlegt.",
        ("herindicatie", "werkinstructie"),
        file=DemoFile(
            "Werkinstructie herindicatie.md",
            "md",
            (
                "# Herindicatie zonder nieuw gesprek",
                "- Situatie onveranderd volgens inwoner en aanbieder? Bel in plaats van "
                "een huisbezoek.",
                "- Leg de afspraken vast in het plan en stuur een korte bevestiging.",
                "- Twijfel? Dan toch langs.",
            ),
        ),
    ),
    # Werk en participatie
    DemoResource(
        "werk-en-participatie",
        "Werkgeversaanpak Twente in vijf stappen",
        "Hoe wij werkgevers benaderen: één contactpersoon, korte lijnen, en beloven wat "
        "we waar kunnen maken.",
        ("werkgevers", "banenafspraak"),
        link=_link("participatie-netwerk", "werkgeversaanpak-twente"),
    ),
    DemoResource(
        "werk-en-participatie",
        "Format trajectplan re-integratie",
        "Een trajectplan op één pagina dat deelnemers zelf mee invullen.",
        ("re-integratie", "trajectplan"),
        file=DemoFile(
            "Format trajectplan re-integratie.docx",
            "docx",
            (
                "Trajectplan re-integratie",
                "Wat wil je bereiken?",
                "Wat kun je al, en wat wil je leren?",
                "Wie helpt je daarbij?",
                "Wanneer kijken we samen hoe het gaat?",
            ),
        ),
    ),
    DemoResource(
        "werk-en-participatie",
        "Overzicht loonkostensubsidie en no-riskpolis",
        "Alle regelingen voor werkgevers op een rij, in gewone taal.",
        ("loonkostensubsidie", "werkgevers"),
        link=_link("participatie-netwerk", "regelingen-werkgevers"),
    ),
    DemoResource(
        "werk-en-participatie",
        "Praktijkvoorbeeld: beschut werk in de groenvoorziening",
        "Hoe een gemeente en een groenbedrijf samen beschutte werkplekken maakten.",
        ("beschut werk", "praktijkvoorbeeld"),
        link=_link("kennisbank-sociaaldomein", "beschut-werk-groen"),
    ),
    DemoResource(
        "werk-en-participatie",
        "Uitstroom naar werk per kwartaal",
        "Aantallen uitstroom naar werk uit de bijstand, per kwartaal en soort werk.",
        ("cijfers", "uitstroom"),
        file=DemoFile(
            "Uitstroom naar werk per kwartaal.csv",
            "csv",
            (
                "kwartaal;regulier werk;met loonkostensubsidie;beschut werk",
                "Q1;41;12;3",
                "Q2;47;15;4",
                "Q3;39;11;2",
                "Q4;52;17;5",
            ),
        ),
    ),
    DemoResource(
        "werk-en-participatie",
        "Gesprekskaarten: wat maakt werk de moeite waard?",
        "Kaarten om het gesprek over werk te openen met mensen die lang niet gewerkt hebben.",
        ("gesprekskaarten", "motivatie"),
        link=_link("participatie-netwerk", "gesprekskaarten-werk"),
    ),
    DemoResource(
        "werk-en-participatie",
        "Handreiking tegenprestatie naar vermogen",
        "Hoe je de tegenprestatie zo inzet dat mensen er iets aan hebben.",
        ("participatiewet", "tegenprestatie"),
        link=_link("participatie-netwerk", "handreiking-tegenprestatie"),
    ),
    # Preventie
    DemoResource(
        "preventie",
        "Aanpak vroegsignalering schulden",
        "Hoe wij met signalen van woningcorporaties en energieleveranciers vroeg "
        "contact leggen, en wat dat opleverde.",
        ("schulden", "vroegsignalering"),
        file=DemoFile(
            "Aanpak vroegsignalering schulden.pdf",
            "pdf",
            (
                "Aanpak vroegsignalering schulden",
                "Signalen van betalingsachterstand komen binnen bij een vast team.",
                "Binnen twee weken volgt een huisbezoek of een telefoontje.",
                "Vier op de tien huishoudens nemen het aanbod aan.",
            ),
        ),
    ),
    DemoResource(
        "preventie",
        "Werkboek positieve gezondheid in de wijk",
        "Oefeningen met het spinnenweb van positieve gezondheid voor groepsbijeenkomsten.",
        ("positieve gezondheid", "wijk"),
        link=_link("preventieakkoord", "werkboek-positieve-gezondheid"),
    ),
    DemoResource(
        "preventie",
        "Lokaal preventieakkoord: voorbeeldtekst",
        "De tekst van ons lokale akkoord met sport, zorg en onderwijs, om zelf aan te passen.",
        ("preventieakkoord", "samenwerking"),
        file=DemoFile(
            "Lokaal preventieakkoord voorbeeldtekst.docx",
            "docx",
            (
                "Lokaal preventieakkoord",
                "Partijen zetten zich samen in voor een gezonde jeugd, minder eenzaamheid "
                "en minder schulden.",
                "Elk jaar kiezen partijen drie acties en delen zij wat werkte.",
            ),
        ),
    ),
    DemoResource(
        "preventie",
        "Onderzoek: wat levert preventie op?",
        "Een overzicht van studies naar de opbrengst van preventie in het sociaal domein.",
        ("business case", "onderzoek"),
        link=_link("kennisbank-sociaaldomein", "opbrengst-preventie"),
    ),
    DemoResource(
        "preventie",
        "Aanpak eenzaamheid onder ouderen",
        "Huisbezoeken door vrijwilligers, met een belronde voor wie niet thuis was.",
        ("eenzaamheid", "ouderen"),
        link=_link("preventieakkoord", "aanpak-eenzaamheid"),
    ),
    DemoResource(
        "preventie",
        "Signaleringskaart opvoedvragen",
        "Een kaart voor pedagogisch medewerkers: wanneer is een vraag gewoon, wanneer "
        "bespreek je hem?",
        ("opvoeden", "kinderopvang"),
        file=DemoFile(
            "Signaleringskaart opvoedvragen.txt",
            "txt",
            (
                "Signaleringskaart opvoedvragen",
                "Gewoon: slaapproblemen in een drukke periode, driftbuien bij peuters.",
                "Bespreken: zorgen die weken aanhouden of die ouders zelf noemen.",
                "Direct handelen: zorgen over veiligheid.",
            ),
        ),
    ),
    DemoResource(
        "preventie",
        "Gezonde school: stappenplan",
        "In vijf stappen naar een school die gezondheid in het lesprogramma heeft.",
        ("school", "gezondheid"),
        link=_link("preventieakkoord", "gezonde-school-stappenplan"),
    ),
    # Onderwijs en zorg
    DemoResource(
        "onderwijs-en-zorg",
        "Thuiszittersaanpak: route en afspraken",
        "Wie doet wat als een leerling thuis komt te zitten, met de termijnen die we "
        "met elkaar afspraken.",
        ("thuiszitters", "leerplicht"),
        file=DemoFile(
            "Thuiszittersaanpak route en afspraken.pdf",
            "pdf",
            (
                "Thuiszittersaanpak: route en afspraken",
                "Dag 1: school meldt bij leerplicht en ouders.",
                "Week 1: overleg school, ouders, leerplicht en jeugdhulp.",
                "Week 4: een plan voor terugkeer of een passende plek.",
            ),
        ),
    ),
    DemoResource(
        "onderwijs-en-zorg",
        "Convenant onderwijs-zorgarrangementen",
        "Het convenant tussen samenwerkingsverband en gemeenten over zorg op school.",
        ("convenant", "passend onderwijs"),
        link=_link("passendonderwijs-twente", "convenant-onderwijs-zorg"),
    ),
    DemoResource(
        "onderwijs-en-zorg",
        "Praktijkvoorbeeld: jeugdhulp in de klas",
        "Een jeugdhulpverlener die twee dagen per week op school werkt: hoe dat begon en "
        "wat leraren ervan merken.",
        ("jeugdhulp op school", "praktijkvoorbeeld"),
        link=_link("passendonderwijs-twente", "jeugdhulp-in-de-klas"),
    ),
    DemoResource(
        "onderwijs-en-zorg",
        "Format groeidocument leerling",
        "Een groeidocument dat school, ouders en hulpverleners samen bijhouden.",
        ("groeidocument", "ondersteuning"),
        file=DemoFile(
            "Format groeidocument leerling.md",
            "md",
            (
                "# Groeidocument",
                "## Wat gaat goed",
                "## Waar lopen we tegenaan",
                "## Wat hebben we geprobeerd",
                "## Afspraken en wie ze nakomt",
            ),
        ),
    ),
    DemoResource(
        "onderwijs-en-zorg",
        "Overzicht vrijstellingen leerplicht",
        "Wanneer een vrijstelling kan en welke alternatieven er eerst zijn.",
        ("leerplicht", "vrijstelling"),
        link=_link("passendonderwijs-twente", "vrijstellingen-leerplicht"),
    ),
    DemoResource(
        "onderwijs-en-zorg",
        "Handreiking overstap po-vo voor kwetsbare leerlingen",
        "Een warme overdracht tussen basisschool en voortgezet onderwijs, met een checklist.",
        ("overstap", "warme overdracht"),
        link=_link("kennisbank-sociaaldomein", "overstap-po-vo"),
    ),
    DemoResource(
        "onderwijs-en-zorg",
        "Webinar: samen rond de leerling",
        "Opname van het webinar over samenwerking tussen intern begeleiders en wijkteams.",
        ("webinar", "intern begeleider"),
        link=_link("passendonderwijs-twente", "webinar-samen-rond-de-leerling"),
    ),
    # Wijkteams
    DemoResource(
        "wijkteams",
        "Werkwijze wijkteam: van melding tot afsluiting",
        "Onze werkwijze in één overzicht, met de momenten waarop we de inwoner om feedback vragen.",
        ("werkwijze", "wijkteam"),
        file=DemoFile(
            "Werkwijze wijkteam.pdf",
            "pdf",
            (
                "Werkwijze wijkteam: van melding tot afsluiting",
                "Melding: binnen drie werkdagen contact.",
                "Verkenning: samen met de inwoner en het netwerk.",
                "Plan: kort, concreet, met een terugblikmoment.",
                "Afsluiting: vragen wat het opleverde.",
            ),
        ),
    ),
    DemoResource(
        "wijkteams",
        "Competentieprofiel generalist",
        "Wat een generalist in het wijkteam moet kunnen, en hoe we dat in het inwerken meenemen.",
        ("generalist", "competenties"),
        link=_link("wijkteams-academie", "competentieprofiel-generalist"),
    ),
    DemoResource(
        "wijkteams",
        "Casusbespreking in tien minuten",
        "Een vaste vorm voor korte casusbesprekingen die wel tot een besluit leiden.",
        ("casusbespreking", "intervisie"),
        file=DemoFile(
            "Casusbespreking in tien minuten.txt",
            "txt",
            (
                "Casusbespreking in tien minuten",
                "Twee minuten: de vraag van de inbrenger.",
                "Drie minuten: verhelderende vragen.",
                "Drie minuten: ideeën, zonder discussie.",
                "Twee minuten: de inbrenger kiest wat hij gaat doen.",
            ),
        ),
    ),
    DemoResource(
        "wijkteams",
        "Inwerkprogramma nieuwe wijkteammedewerkers",
        "Het programma voor de eerste zes weken, met meeloopdagen bij partners.",
        ("inwerken", "wijkteam"),
        link=_link("wijkteams-academie", "inwerkprogramma"),
    ),
    DemoResource(
        "wijkteams",
        "Sociale kaart: zo houden we hem actueel",
        "Afspraken over wie de sociale kaart bijwerkt en hoe vaak.",
        ("sociale kaart", "informatie"),
        link=_link("kennisbank-sociaaldomein", "sociale-kaart-actueel"),
    ),
    DemoResource(
        "wijkteams",
        "Evaluatie wijkteams na drie jaar",
        "Wat goed ging, wat beter moet, en wat inwoners ervan zeggen.",
        ("evaluatie", "wijkteam"),
        link=_link("wijkteams-academie", "evaluatie-drie-jaar"),
    ),
    DemoResource(
        "wijkteams",
        "Aantal meldingen per wijk",
        "Meldingen bij het wijkteam per wijk en per soort vraag, afgelopen jaar.",
        ("cijfers", "meldingen"),
        file=DemoFile(
            "Meldingen per wijk.csv",
            "csv",
            (
                "wijk;opvoeden;geldzaken;wonen;gezondheid",
                "Centrum;34;51;22;40",
                "Noord;41;38;19;33",
                "Oost;29;45;27;36",
                "Zuid;38;30;15;29",
            ),
        ),
    ),
    # Inkoop en contractering
    DemoResource(
        "inkoop",
        "Bestek resultaatgerichte inkoop Wmo",
        "Het bestek waarmee we Wmo-begeleiding op resultaat inkochten, inclusief de "
        "resultaatgebieden.",
        ("bestek", "resultaatgericht", "wmo"),
        file=DemoFile(
            "Bestek resultaatgerichte inkoop Wmo.docx",
            "docx",
            (
                "Bestek resultaatgerichte inkoop Wmo",
                "Resultaatgebied 1: een schoon en leefbaar huis.",
                "Resultaatgebied 2: regie over de eigen dag.",
                "Resultaatgebied 3: meedoen in de wijk.",
                "De aanbieder rapporteert per resultaatgebied, niet per uur.",
            ),
        ),
    ),
    DemoResource(
        "inkoop",
        "Tarievenonderzoek jeugdhulp: opzet en uitkomsten",
        "Hoe we met aanbieders tot reële tarieven kwamen.",
        ("tarieven", "jeugdhulp"),
        link=_link("inkoop-sociaaldomein", "tarievenonderzoek-jeugdhulp"),
    ),
    DemoResource(
        "inkoop",
        "Handreiking contractmanagement",
        "Een praktische handreiking voor accounthouders: gesprekken, cijfers en escalatie.",
        ("contractmanagement", "accounthouder"),
        link=_link("inkoop-sociaaldomein", "handreiking-contractmanagement"),
    ),
    DemoResource(
        "inkoop",
        "Model dienstverleningsovereenkomst",
        "Een overeenkomst voor kleine aanbieders, kort en begrijpelijk.",
        ("contracten", "kleine aanbieders"),
        link=_link("inkoop-sociaaldomein", "model-dienstverleningsovereenkomst"),
    ),
    DemoResource(
        "inkoop",
        "Rekenmodel budgetplafond",
        "Uitleg over hoe wij een budgetplafond per aanbieder berekenen en bewaken.",
        ("budget", "bekostiging"),
        file=DemoFile(
            "Rekenmodel budgetplafond.md",
            "md",
            (
                "# Rekenmodel budgetplafond",
                "1. Neem de realisatie van vorig jaar per aanbieder.",
                "2. Corrigeer voor instroom en verwachte groei.",
                "3. Spreek af wat er gebeurt bij overschrijding.",
                "Bewaak maandelijks en bespreek elk kwartaal.",
            ),
        ),
    ),
    DemoResource(
        "inkoop",
        "Marktconsultatie: zo pakten wij het aan",
        "De vragen die we aanbieders stelden en wat we met hun antwoorden deden.",
        ("marktconsultatie", "aanbesteding"),
        link=_link("inkoop-sociaaldomein", "marktconsultatie-aanpak"),
    ),
    DemoResource(
        "inkoop",
        "Overzicht regionale en lokale inkoop",
        "Welke hulp Twente regionaal inkoopt en welke elke gemeente zelf.",
        ("regionale inkoop", "overzicht"),
        link=_link("jeugdregio-twente", "regionaal-lokaal-overzicht"),
    ),
    # Cliëntparticipatie
    DemoResource(
        "clientparticipatie",
        "Reglement adviesraad sociaal domein",
        "Ons reglement, met hoe de raad gevraagd en ongevraagd advies geeft.",
        ("adviesraad", "reglement"),
        file=DemoFile(
            "Reglement adviesraad sociaal domein.pdf",
            "pdf",
            (
                "Reglement adviesraad sociaal domein",
                "De raad adviseert het college gevraagd en ongevraagd.",
                "Het college reageert binnen zes weken op een advies.",
                "Leden zijn inwoners met ervaring in het sociaal domein.",
            ),
        ),
    ),
    DemoResource(
        "clientparticipatie",
        "Werken met ervaringsdeskundigen: handreiking",
        "Hoe je ervaringsdeskundigen betrekt, betaalt en ondersteunt.",
        ("ervaringsdeskundigheid", "handreiking"),
        link=_link("adviesraden-netwerk", "handreiking-ervaringsdeskundigen"),
    ),
    DemoResource(
        "clientparticipatie",
        "Jongerenpanel: opzet en eerste adviezen",
        "Hoe we jongeren laten meepraten over jeugdbeleid, en wat ze ons adviseerden.",
        ("jongeren", "panel"),
        link=_link("adviesraden-netwerk", "jongerenpanel"),
    ),
    DemoResource(
        "clientparticipatie",
        "Vragenlijst tevredenheid in eenvoudige taal",
        "Een korte vragenlijst op taalniveau B1, getest met inwoners.",
        ("eenvoudige taal", "vragenlijst"),
        file=DemoFile(
            "Vragenlijst tevredenheid eenvoudige taal.txt",
            "txt",
            (
                "Vragenlijst tevredenheid",
                "Hoe tevreden bent u over de hulp? Heel tevreden, tevreden, niet tevreden.",
                "Wat hielp het meest?",
                "Wat kan beter?",
            ),
        ),
    ),
    DemoResource(
        "clientparticipatie",
        "Spelregels meedenksessies met inwoners",
        "Afspraken die meedenksessies veilig en nuttig maken.",
        ("meedenken", "spelregels"),
        link=_link("adviesraden-netwerk", "spelregels-meedenksessies"),
    ),
    DemoResource(
        "clientparticipatie",
        "Terugkoppeling: wat deden we met uw advies?",
        "Een vast format om de adviesraad te laten weten wat er met een advies gebeurde.",
        ("terugkoppeling", "adviesraad"),
        link=_link("adviesraden-netwerk", "format-terugkoppeling"),
    ),
    DemoResource(
        "clientparticipatie",
        "Vergoedingsregeling leden adviesraad",
        "Onze regeling voor onkosten en vrijwilligersvergoeding.",
        ("vergoeding", "adviesraad"),
        link=_link("adviesraden-netwerk", "vergoedingsregeling"),
    ),
    # Informatie en privacy
    DemoResource(
        "informatie-en-privacy",
        "Model verwerkersovereenkomst sociaal domein",
        "Een verwerkersovereenkomst die aanbieders en gemeenten in de regio gebruiken.",
        ("avg", "verwerkersovereenkomst"),
        file=DemoFile(
            "Model verwerkersovereenkomst sociaal domein.docx",
            "docx",
            (
                "Model verwerkersovereenkomst sociaal domein",
                "Artikel 1. De verwerker verwerkt gegevens alleen in opdracht.",
                "Artikel 2. De verwerker meldt een datalek binnen vierentwintig uur.",
                "Artikel 3. Na afloop worden gegevens vernietigd of teruggegeven.",
            ),
        ),
    ),
    DemoResource(
        "informatie-en-privacy",
        "Stroomschema gegevens delen met toestemming",
        "Wanneer je toestemming nodig hebt om gegevens te delen, en wanneer een andere "
        "grondslag geldt.",
        ("toestemming", "gegevens delen"),
        file=DemoFile(
            "Stroomschema gegevens delen.md",
            "md",
            (
                "# Gegevens delen",
                "1. Is delen nodig voor de hulp? Zo nee: niet delen.",
                "2. Is er een wettelijke grondslag? Zo ja: deel alleen wat nodig is.",
                "3. Zo nee: vraag toestemming en leg die vast.",
            ),
        ),
    ),
    DemoResource(
        "informatie-en-privacy",
        "Privacyprotocol wijkteam",
        "Ons protocol, met voorbeelden van wat wel en niet in een dossier hoort.",
        ("protocol", "wijkteam"),
        link=_link("privacy-sociaaldomein", "privacyprotocol-wijkteam"),
    ),
    DemoResource(
        "informatie-en-privacy",
        "E-learning AVG voor hulpverleners",
        "Een e-learning van een uur, gratis voor medewerkers in de regio.",
        ("e-learning", "avg"),
        link=_link("privacy-sociaaldomein", "e-learning-avg"),
    ),
    DemoResource(
        "informatie-en-privacy",
        "DPIA-format sociaal domein",
        "Een format voor een gegevensbeschermingseffectbeoordeling, toegespitst op "
        "het sociaal domein.",
        ("dpia", "format"),
        link=_link("privacy-sociaaldomein", "dpia-format"),
    ),
    DemoResource(
        "informatie-en-privacy",
        "Checklist datalek: eerste uur",
        "Wat je in het eerste uur na een datalek doet, en wie je belt.",
        ("datalek", "checklist"),
        link=_link("privacy-sociaaldomein", "checklist-datalek"),
    ),
    DemoResource(
        "informatie-en-privacy",
        "Overzicht bewaartermijnen",
        "Hoe lang wij welke dossiers bewaren, met de wettelijke basis.",
        ("bewaartermijnen", "archief"),
        link=_link("privacy-sociaaldomein", "bewaartermijnen"),
    ),
    # Beschermd wonen
    DemoResource(
        "beschermd-wonen",
        "Regiovisie beschermd wonen en opvang",
        "De visie van de regio op de beweging van beschermd wonen naar een eigen plek.",
        ("regiovisie", "opvang"),
        link=_link("herstel-en-wonen", "regiovisie"),
    ),
    DemoResource(
        "beschermd-wonen",
        "Afspraken met woningcorporaties over uitstroom",
        "Het convenant over woningen voor mensen die uitstromen uit beschermd wonen.",
        ("uitstroom", "woningcorporaties"),
        file=DemoFile(
            "Afspraken uitstroom woningcorporaties.pdf",
            "pdf",
            (
                "Afspraken met woningcorporaties over uitstroom",
                "Corporaties reserveren elk jaar een vast aantal woningen.",
                "De begeleiding blijft minstens een jaar na verhuizing.",
                "Bij zorgen over overlast is er binnen een week overleg.",
            ),
        ),
    ),
    DemoResource(
        "beschermd-wonen",
        "Herstelgericht werken: training",
        "Een training van drie dagdelen voor begeleiders, met opdrachten.",
        ("herstel", "training"),
        link=_link("herstel-en-wonen", "training-herstelgericht-werken"),
    ),
    DemoResource(
        "beschermd-wonen",
        "Zelfredzaamheidsmatrix: uitleg en voorbeelden",
        "Hoe wij de matrix gebruiken om samen met de bewoner te kijken wat er nodig is.",
        ("zelfredzaamheid", "matrix"),
        link=_link("kennisbank-sociaaldomein", "zelfredzaamheidsmatrix"),
    ),
    DemoResource(
        "beschermd-wonen",
        "Werkwijze ambulante begeleiding in de wijk",
        "Hoe ambulante begeleiding en wijkteam samenwerken rond iemand die net zelf woont.",
        ("ambulante begeleiding", "wijk"),
        file=DemoFile(
            "Werkwijze ambulante begeleiding.txt",
            "txt",
            (
                "Werkwijze ambulante begeleiding in de wijk",
                "De begeleider stelt zich voor aan het wijkteam voor de verhuizing.",
                "Eens per maand is er kort overleg.",
                "Bij terugval schalen we op zonder nieuwe aanvraag.",
            ),
        ),
    ),
    DemoResource(
        "beschermd-wonen",
        "Onderzoek: wonen met begeleiding, ervaringen van bewoners",
        "Interviews met bewoners over wat hielp bij de stap naar zelfstandig wonen.",
        ("onderzoek", "ervaringen"),
        link=_link("herstel-en-wonen", "onderzoek-ervaringen-bewoners"),
    ),
    DemoResource(
        "beschermd-wonen",
        "Landelijke toegang maatschappelijke opvang: wat betekent het?",
        "Een uitleg voor medewerkers van de toegang.",
        ("opvang", "toegang"),
        link=_link("herstel-en-wonen", "landelijke-toegang-uitleg"),
    ),
    # Mantelzorg
    DemoResource(
        "mantelzorg",
        "Overzicht respijtzorg in Twente",
        "Alle vormen van respijtzorg in de regio, met hoe je ze aanvraagt.",
        ("respijtzorg", "overzicht"),
        file=DemoFile(
            "Overzicht respijtzorg Twente.csv",
            "csv",
            (
                "vorm;voor wie;aanvragen via",
                "Dagopvang;ouderen met dementie;wijkteam",
                "Logeerhuis;volwassenen met een beperking;Wmo-loket",
                "Vrijwillige oppas thuis;alle mantelzorgers;steunpunt mantelzorg",
                "Weekendopvang;kinderen met een beperking;jeugdteam",
            ),
        ),
    ),
    DemoResource(
        "mantelzorg",
        "Gesprekswijzer mantelzorger in het keukentafelgesprek",
        "Vragen om ook de mantelzorger zelf te zien in het gesprek.",
        ("mantelzorger", "keukentafelgesprek"),
        link=_link("mantelzorg-twente", "gesprekswijzer"),
    ),
    DemoResource(
        "mantelzorg",
        "Jonge mantelzorgers herkennen op school",
        "Signalen en tips voor leraren en mentoren.",
        ("jonge mantelzorgers", "school"),
        link=_link("mantelzorg-twente", "jonge-mantelzorgers-op-school"),
    ),
    DemoResource(
        "mantelzorg",
        "Mantelzorgwaardering: zo doen andere gemeenten het",
        "Een vergelijking van de vormen van mantelzorgwaardering in de regio.",
        ("waardering", "vergelijking"),
        link=_link("mantelzorg-twente", "mantelzorgwaardering-vergelijking"),
    ),
    DemoResource(
        "mantelzorg",
        "Werkgeversgids mantelzorgvriendelijk werken",
        "Wat werkgevers kunnen doen voor werknemers die mantelzorger zijn.",
        ("werkgevers", "mantelzorg"),
        link=_link("mantelzorg-twente", "werkgeversgids"),
    ),
    DemoResource(
        "mantelzorg",
        "Checklist overbelasting mantelzorger",
        "Vijf vragen om overbelasting vroeg te zien.",
        ("overbelasting", "checklist"),
        file=DemoFile(
            "Checklist overbelasting mantelzorger.md",
            "md",
            (
                "# Checklist overbelasting",
                "- Slaapt de mantelzorger slecht door de zorg?",
                "- Heeft hij of zij nog tijd voor zichzelf?",
                "- Kan iemand de zorg overnemen als het nodig is?",
                "- Zijn er spanningen in het gezin door de zorg?",
                "- Gaat werk of school eronder lijden?",
            ),
        ),
    ),
    DemoResource(
        "mantelzorg",
        "Steunpunt mantelzorg: aanbod voor professionals",
        "Wat het steunpunt voor professionals kan doen, van advies tot een cursus.",
        ("steunpunt", "aanbod"),
        link=_link("mantelzorg-twente", "aanbod-professionals"),
    ),
    # Innovatie
    DemoResource(
        "innovatie",
        "Experimenteerruimte: spelregels",
        "Hoe wij ruimte geven om buiten de regels te experimenteren, en hoe we leren van "
        "wat niet werkt.",
        ("experimenteren", "spelregels"),
        file=DemoFile(
            "Experimenteerruimte spelregels.pdf",
            "pdf",
            (
                "Experimenteerruimte: spelregels",
                "Een experiment duurt hoogstens een half jaar.",
                "Vooraf schrijven we op wat we willen leren.",
                "Achteraf delen we wat werkte en wat niet, ook als het mislukte.",
            ),
        ),
    ),
    DemoResource(
        "innovatie",
        "Beeldbellen in de thuiszorg: ervaringen",
        "Wat een pilot met beeldbellen opleverde voor cliënten en medewerkers.",
        ("beeldbellen", "zorgtechnologie"),
        link=_link("zorginnovatie-oost", "beeldbellen-ervaringen"),
    ),
    DemoResource(
        "innovatie",
        "Leefstijlcoach via een app: pilotverslag",
        "Een verslag van een pilot met een leefstijlapp voor mensen in de bijstand.",
        ("app", "leefstijl"),
        link=_link("zorginnovatie-oost", "leefstijlapp-pilot"),
    ),
    DemoResource(
        "innovatie",
        "Canvas voor een business case in het sociaal domein",
        "Een canvas om kosten en baten van een nieuwe aanpak op één pagina te zetten.",
        ("business case", "canvas"),
        file=DemoFile(
            "Canvas business case sociaal domein.docx",
            "docx",
            (
                "Canvas business case",
                "Wat is het probleem, en voor wie?",
                "Wat kost de nieuwe aanpak?",
                "Wat levert hij op, en bij wie komt dat terecht?",
                "Hoe meten we het?",
            ),
        ),
    ),
    DemoResource(
        "innovatie",
        "Opschalen: van pilot naar gewone praktijk",
        "Lessen uit vijf pilots die wel en niet opgeschaald werden.",
        ("opschalen", "pilots"),
        link=_link("zorginnovatie-oost", "opschalen-lessen"),
    ),
    DemoResource(
        "innovatie",
        "Domotica in de thuissituatie: overzicht",
        "Welke hulpmiddelen er zijn, wat ze kosten en voor wie ze werken.",
        ("domotica", "hulpmiddelen"),
        link=_link("zorginnovatie-oost", "domotica-overzicht"),
    ),
    DemoResource(
        "innovatie",
        "Design thinking voor beleidsmakers",
        "Een korte training in werken vanuit de inwoner, met oefeningen.",
        ("design thinking", "beleid"),
        link=_link("zorginnovatie-oost", "design-thinking-beleid"),
    ),
)


# --- Files, made here -----------------------------------------------------------------------


def make_file(demo: DemoFile) -> bytes:
    if demo.kind == "pdf":
        return pdf(demo.lines)
    if demo.kind == "docx":
        return docx(demo.lines)
    if demo.kind == "md":
        return ("\n\n".join(demo.lines) + "\n").encode()
    return ("\n".join(demo.lines) + "\n").encode()  # csv, txt


def pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page PDF with `lines` of text, written by hand: five objects, a cross
    reference table with their byte offsets, and the trailer."""

    def text(line: str) -> str:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({escaped}) Tj"

    stream_lines = ["BT", "/F1 16 Tf", "72 770 Td", text(lines[0]), "/F1 11 Tf"]
    for line in lines[1:]:
        stream_lines += ["0 -24 Td", text(line)]
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def docx(lines: tuple[str, ...]) -> bytes:
    """A minimal Word document: the content types, the package relationship and the main
    part with one paragraph per line (the first one bold, as a title)."""
    word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraphs = []
    for index, line in enumerate(lines):
        bold = "<w:rPr><w:b/></w:rPr>" if index == 0 else ""
        paragraphs.append(
            f'<w:p><w:r>{bold}<w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{word}"><w:body>{"".join(paragraphs)}</w:body></w:document>'
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    relationships = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # A fixed date: the same bytes on every machine.
        for name, text in (
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", relationships),
            ("word/document.xml", document),
        ):
            archive.writestr(zipfile.ZipInfo(name, (2016, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


# --- The plan -------------------------------------------------------------------------------


@dataclass
class PlannedReuse:
    member: str  # e-mail address
    minutes: int | None
    at: datetime


@dataclass
class PlannedResource:
    key: str
    resource: DemoResource
    author: str  # e-mail address
    at: datetime
    reuses: list[PlannedReuse] = field(default_factory=list)
    downloads: int = 0


def demo_resources(people: list[Person], *, now: datetime) -> list[PlannedResource]:
    """Who shares what when, who reused it and how much time it saved them; the same for
    the same people and `now`."""
    rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
    latest = now - QUIET_BEFORE_NOW
    plan = []
    for number, resource in enumerate(RESOURCES, start=1):
        experts = [p for p in people if resource.theme in p.themes]
        pool = experts if experts and rng.random() < 0.7 else people
        author = rng.choice(pool)
        at = now - timedelta(days=1 + (WITHIN_DAYS - 1) * rng.random() ** 1.2)
        planned = PlannedResource(f"{KEY_PREFIX}{number}", resource, author.email, at)
        if rng.random() < REUSED_SHARE:
            count = rng.choices((1, 2, 3, 4), weights=(45, 30, 17, 8))[0]
            others = [p for p in people if p.email != author.email]
            for person in rng.sample(others, min(count, len(others))):
                span = (latest - at).total_seconds()
                when = at + timedelta(seconds=max(span * rng.random(), 600))
                minutes = (
                    None if rng.random() < 0.2 else rng.choices(MINUTES, weights=MINUTES_WEIGHTS)[0]
                )
                planned.reuses.append(PlannedReuse(person.email, minutes, min(when, latest)))
        if resource.file is not None:
            planned.downloads = len(planned.reuses) * rng.randint(1, 4) + rng.randint(0, 9)
        plan.append(planned)
    return plan


# --- Loading --------------------------------------------------------------------------------


@dataclass
class ResourceSummary:
    resources: int
    resources_created: int
    files: int
    reused: int
    minutes_saved: int


def load_demo_resources(
    *, stdout: Writer | None = None, now: datetime | None = None
) -> ResourceSummary:
    """Add the demo resources that are missing (see the module docstring). Needs the demo
    community (plein.members.demo.load_demo_community); resources of demo people who are
    not active members, or of themes that do not exist, are left out. One transaction."""
    now = now or timezone.now()
    # Why the dummy backend: see the module docstring.
    with override_settings(EMAIL_BACKEND=DUMMY_MAIL_BACKEND), transaction.atomic():
        cast = demo_cast()
        members, themes = cast.members, cast.themes
        plan = [
            planned
            for planned in demo_resources(cast.people, now=now)
            if planned.resource.theme in themes
        ]
        existing = set(
            Resource.objects.filter(submit_key__startswith=KEY_PREFIX).values_list(
                "submit_key", flat=True
            )
        )
        todo = [planned for planned in plan if planned.key not in existing]
        for planned in todo:
            _load(planned, members, themes, now=now)
        if stdout is not None:
            stdout.write(f"Resources: {len(plan)} ({len(todo)} new)\n")
        return _summary(created=len(todo))


def _load(
    planned: PlannedResource,
    members: dict[str, Member],
    themes: dict[str, Theme],
    *,
    now: datetime,
) -> None:
    demo = planned.resource
    common: dict[str, Any] = {
        "theme": themes[demo.theme],
        "title": demo.title,
        "description": demo.description,
        "tags": list(demo.tags),
        "confirmed_privacy": False,  # a text that looks like client data must stop the load
        "submit_key": planned.key,
    }
    author = members[planned.author]
    if demo.file is not None:
        upload = ContentFile(make_file(demo.file), name=demo.file.name)
        resource = actions.share_file(author, upload=upload, **common)
    else:
        resource = actions.share_link(author, url=demo.link, **common)
    # Demo only: the moment it was shared, and what it was downloaded since.
    Resource.objects.filter(pk=resource.pk).update(
        created_at=planned.at, download_count=planned.downloads
    )
    for reuse in planned.reuses:
        if reuse.member not in members:
            continue
        helped = actions.mark_reused(members[reuse.member], resource, minutes=reuse.minutes)
        Helped.objects.filter(pk=helped.pk).update(created_at=reuse.at)
        _settle_notifications(helped, reuse.at, now=now)


def _settle_notifications(helped: Helped, at: datetime, *, now: datetime) -> None:
    """Demo only: the sharer heard about this reuse when it happened (see the module
    docstring), in a mail then or in the next morning's summary."""
    notifications = Notification.objects.filter(helped=helped).select_related("recipient")
    for notification in notifications:
        changes: dict[str, object] = {"created_at": at}
        if notification.mail == Notification.Mail.PENDING:
            changes.update(mail=Notification.Mail.SENT, mailed_at=at)
        elif notification.mail == Notification.Mail.DAILY:
            summary = digest_cutoff(at) + timedelta(days=1)
            changes.update(mail=Notification.Mail.IN_SUMMARY, mailed_at=min(summary, now))
        seen = notification.recipient.last_seen
        if seen is not None and at < seen:
            changes["read_at"] = min(at + timedelta(hours=6), seen)
        Notification.objects.filter(pk=notification.pk).update(**changes)


def _summary(*, created: int) -> ResourceSummary:
    resources = Resource.objects.filter(submit_key__startswith=KEY_PREFIX)
    marks = Helped.objects.filter(resource__in=resources)
    return ResourceSummary(
        resources=resources.count(),
        resources_created=created,
        files=resources.filter(kind=Resource.Kind.FILE).count(),
        reused=marks.count(),
        minutes_saved=marks.aggregate(total=Sum("minutes"))["total"] or 0,
    )
