"""Demo content for the Werkplaats: about 150 questions over the twelve themes of the demo
community (plein.members.demo), with answers, comments and "this helped me" marks.

Everything is written through the posts actions, exactly as members would: the privacy
guard runs on every text with `confirmed_privacy=False`, so a text that looks like client
data makes the load fail instead of slipping in. Questions are routed to experts, members
are notified and the search index is updated after the commit, as after any post.

What is made is the same on every machine: hand-written Dutch questions (each with a few
variants), answers and comments, combined by a seeded random generator over the people of
the demo community. One fixed story is always there for the README: the demo member asks
anonymously about waiting lists in youth care, gets two answers, marks one as having
saved her two hours, and a member from Almelo marks it "helped me too" (30 minutes).

Loading is idempotent: every demo question has a stable submit_key (demo-question-<n>),
and a question whose key exists is left alone with its whole thread.

Two things are demo-only and happen nowhere else:

- Backdating. Actions stamp "now"; afterwards the timestamps of posts, replies, helped
  marks and notifications are rewritten with queryset updates, so the ten months of activity
  look like ten months (like plein.members.demo does for members' join dates).
- No mail. Hundreds of notifications are created (routing, answers, comments, thanks).
  Before the transaction commits they are marked as mailed and, when older than the
  recipient's last visit, as read, so the after-commit mail step finds nothing to send,
  `plein notify-tick` never sends them later, and members' lists look lived in rather
  than full of unread items. As a second guard, in case an action ever mails directly
  rather than through notify, the load runs with Django's dummy mail backend, so the
  development mailbox (var/mail/) cannot fill up with hundreds of demo messages.

The Dutch texts below are demo data, not interface strings, so they are not translated.
Like the members' demo, no text may contain numbers that look like client data: no phone
numbers, dates, postcodes with house numbers and the like (test_demo_content checks)."""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, Sum
from django.test import override_settings
from django.utils import timezone

from plein.members.demo import DEMO_MEMBER_EMAIL, ORGANISATIONS, Person, Writer, demo_cast
from plein.members.models import Member
from plein.notify.delivery import DIGEST_HOUR
from plein.notify.models import Notification
from plein.posts import actions
from plein.posts.models import Helped, Post, Reply
from plein.themes.models import Theme

# Changing the seed or the texts below changes the demo; a database loaded earlier keeps
# the questions it has (their keys exist) and gets nothing new for those keys.
SEED = 2026

KEY_PREFIX = "demo-question-"
STORY_KEY = f"{KEY_PREFIX}0"

GENERATED_QUESTIONS = 149  # plus the story: 150
WITHIN_DAYS = 300  # about ten months of questions
ANONYMOUS_SHARE = 0.15
WAITING = 20  # open questions without an answer
WAITING_RECENT = 7  # of which asked less than two days ago (the rest longer)
HELPED_BY_ASKER_SHARE = 0.6
# "It saved me about ... minutes": the choices of the helped form, the middle ones most.
MINUTES = (15, 30, 45, 60, 90, 120, 180, 240, 480)
MINUTES_WEIGHTS = (8, 14, 10, 14, 10, 12, 7, 5, 3)
# Nothing in the demo happens in the last hour, so a real notification right after the
# load is not held back by a demo mail "sent" a minute ago (one mail per thread per hour).
QUIET_BEFORE_NOW = timedelta(hours=1)

DUMMY_MAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


# --- The texts --------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionTemplate:
    """A question with a few variants: `title`, `body` and `answer` are formatted with each
    of `fills` in turn ({0}, {1}), so every variant reads as a question of its own."""

    key: str
    theme: str  # a slug of plein.members.demo.THEMES
    title: str
    body: str
    fills: tuple[tuple[str, ...], ...]
    answer: str  # the answer that fits this question best; the others are per theme


QUESTIONS: tuple[QuestionTemplate, ...] = (
    # --- Jeugdzorg
    QuestionTemplate(
        "jeugd-wachttijd",
        "jeugdzorg",
        "Hoe overbruggen jullie de wachttijd voor {0}?",
        "Gezinnen wachten bij ons nu {1} op {0}. In de tussentijd lopen de problemen thuis "
        "vaak verder op, en wij hebben weinig te bieden. Wie heeft een goede manier gevonden "
        "om die periode te overbruggen, bijvoorbeeld met lichte hulp of een vast aanspreekpunt?",
        (
            ("intensieve ambulante gezinsbegeleiding", "zo'n acht weken"),
            ("diagnostiek door een orthopedagoog", "ruim drie maanden"),
            ("een plek in een gezinshuis", "bijna een half jaar"),
            ("behandeling bij eetproblemen", "vier tot vijf maanden"),
        ),
        "Voor {0} hebben we met de aanbieder afgesproken dat elk gezin binnen twee weken een "
        "intakegesprek krijgt, ook als de hulp zelf later start. Dan ligt er in ieder geval een "
        "plan en weet het gezin bij wie het terecht kan. Het wijkteam houdt daarna elke twee "
        "weken contact. Niet perfect, maar gezinnen voelen zich minder aan hun lot overgelaten.",
    ),
    QuestionTemplate(
        "jeugd-poh",
        "jeugdzorg",
        "Ervaringen met een POH-jeugd {0}?",
        "We willen {0} starten met een praktijkondersteuner jeugd bij de huisarts. De "
        "huisartsen zijn enthousiast, maar vragen zich af hoe de lijnen met het wijkteam gaan "
        "lopen. Wie is bij jullie de werkgever, en hoe voorkom je dat de POH-jeugd gewoon een "
        "extra loket wordt?",
        (("in de kleine kernen",), ("in twee stadswijken",), ("als proef van een jaar",)),
        "Bij ons is de POH-jeugd in dienst van de gemeente en gedetacheerd bij de "
        "huisartsenpraktijk. Ze zit één keer per week bij het wijkteamoverleg, zodat de lijnen "
        "kort blijven. Het belangrijkste: spreek vooraf af dat zij zelf kortdurende gesprekken "
        "mag voeren, anders wordt het inderdaad een doorverwijsloket.",
    ),
    QuestionTemplate(
        "jeugd-afschalen",
        "jeugdzorg",
        "Wanneer sluiten jullie {0} af?",
        "Ik merk dat {0} bij ons vaak langer doorloopt dan nodig is, omdat niemand het gesprek "
        "over afronden begint. Ouders zijn bang dat ze er daarna alleen voor staan. Hoe maken "
        "jullie afspraken over afschalen, en wat blijft er over als vangnet?",
        (
            ("een ambulant jeugdhulptraject",),
            ("de inzet van een gezinscoach",),
            ("begeleiding na een terugplaatsing thuis",),
        ),
        "Wij spreken bij de start al af wat 'klaar' betekent, in de woorden van het gezin zelf. "
        "Bij elke evaluatie kijken we daar samen naar. Bij het afsluiten krijgen ouders een vaste "
        "naam in het wijkteam bij wie ze een half jaar lang terecht kunnen zonder nieuwe "
        "aanmelding. Dat vangnet maakt afronden voor ouders veel minder eng.",
    ),
    QuestionTemplate(
        "jeugd-ouders",
        "jeugdzorg",
        "Hoe krijg je ouders echt aan tafel bij {0}?",
        "Bij {0} zitten vaak veel professionals en te weinig ouders. Ouders voelen zich dan "
        "besproken in plaats van gehoord, en afspraken blijven niet hangen. Welke werkvormen "
        "gebruiken jullie om ouders mede-eigenaar te maken van het plan?",
        (
            ("een multidisciplinair overleg",),
            ("het opstellen van een gezinsplan",),
            ("een gesprek over veiligheid thuis",),
        ),
        "Wat bij ons werkt: het overleg vindt plaats bij het gezin thuis of op een plek die zij "
        "kiezen, en ouders zitten het gesprek voor met hulp van de regisseur. We beginnen altijd "
        "met de vraag wat er goed gaat. En we schrijven het plan in de taal van de ouders, niet "
        "in hulpverlenerstaal.",
    ),
    # --- Ondersteuning thuis (Wmo)
    QuestionTemplate(
        "wmo-keukentafel",
        "ondersteuning-thuis",
        "Hoe bereid je een keukentafelgesprek voor met {0}?",
        "Binnenkort voer ik een keukentafelgesprek met {0}. Ik wil voorkomen dat het een "
        "afvinklijst wordt en echt horen wat er speelt. Hebben jullie tips voor de "
        "voorbereiding, en wie nodigen jullie uit om mee aan tafel te zitten?",
        (
            ("een inwoner met beginnende dementie",),
            ("een gezin waar meerdere problemen spelen",),
            ("iemand die eigenlijk geen hulp wil",),
            ("een inwoner die nog weinig Nederlands spreekt",),
        ),
        "Ik stuur vooraf een korte brief in eenvoudige taal met drie vragen: wat gaat goed, wat "
        "lukt niet meer, en wie helpt er al. Bij {0} vraag ik altijd of er iemand bij kan zijn "
        "die de inwoner vertrouwt. En ik plan ruim: liever anderhalf uur in alle rust dan een "
        "uur met haast.",
    ),
    QuestionTemplate(
        "wmo-huishouden",
        "ondersteuning-thuis",
        "Resultaatgericht indiceren van huishoudelijke hulp: {0}",
        "Wij indiceren huishoudelijke hulp sinds kort op resultaat, een schoon en leefbaar huis, "
        "in plaats van op uren. {1} Hoe pakken jullie dat aan?",
        (
            (
                "hoe leg je het uit?",
                "Inwoners vragen vooral hoeveel uur ze krijgen, en dat kan ik niet meer zeggen.",
            ),
            (
                "wat doe je bij bezwaar?",
                "We krijgen meer bezwaarschriften dan verwacht, vooral van mensen die eerder een "
                "vast aantal uren hadden.",
            ),
            (
                "hoe weet je of het resultaat gehaald wordt?",
                "De aanbieder zegt dat het goed gaat, maar wij hebben eigenlijk geen zicht op wat "
                "er thuis gebeurt.",
            ),
        ),
        "Wij laten de aanbieder samen met de inwoner een huishoudplan maken, waarin staat wat er "
        "wanneer gebeurt. Dat plan is het gesprek, niet de uren. Na drie maanden bellen we "
        "steekproefsgewijs inwoners om te horen of het huis schoon en leefbaar is. Dat geeft meer "
        "zicht dan welke urenregistratie ook.",
    ),
    QuestionTemplate(
        "wmo-algemeen",
        "ondersteuning-thuis",
        "Een algemene voorziening voor {0} in plaats van een indicatie: werkt dat?",
        "We willen meer inwoners helpen met een algemene voorziening voor {0}, zonder "
        "beschikking. Dat scheelt administratie, maar ik hoor ook zorgen over de kwaliteit en "
        "over wie er dan nog in beeld is. Welke gemeente heeft dit al gedaan, en wat hebben "
        "jullie geleerd?",
        (("begeleiding",), ("dagbesteding",), ("hulp bij de administratie",)),
        "Wij doen dit nu twee jaar voor {0}. Het scheelt veel papierwerk en inwoners zijn "
        "sneller geholpen. Wat we leerden: geef de voorziening een vaste plek in het overleg van "
        "het wijkteam, zodat mensen bij wie het toch niet goed gaat snel worden doorgezet naar "
        "maatwerk.",
    ),
    QuestionTemplate(
        "wmo-netwerk",
        "ondersteuning-thuis",
        "Wanneer vraag je te veel van het netwerk van {0}?",
        "In de Wmo kijken we eerst naar wat iemand zelf en met zijn omgeving kan. Bij {0} merk "
        "ik dat familie en buren al op hun tenen lopen. Hoe bepalen jullie waar de grens ligt, "
        "en hoe bespreek je dat zonder dat het als een afwijzing voelt?",
        (
            ("een oudere inwoner die alleen woont",),
            ("een alleenstaande ouder",),
            ("een stel waarvan beide partners zorg nodig hebben",),
        ),
        "Ik vraag het netwerk zelf aan tafel: hoeveel tijd hebben jullie echt, en hoe lang "
        "houden jullie dit vol? Als het antwoord aarzelend is, is de grens eigenlijk al bereikt. "
        "Bij {0} leg ik die afspraken vast en plan ik na drie maanden een nieuw gesprek, zodat "
        "het geen eindoordeel is.",
    ),
    # --- Werk en participatie
    QuestionTemplate(
        "werk-werkgevers",
        "werk-en-participatie",
        "Hoe vinden jullie werkgevers voor {0}?",
        "We hebben een groep kandidaten die graag willen werken, vooral {0}. De werkgevers in de "
        "regio weten ons niet te vinden, en wij hen niet altijd. Welke aanpak werkt bij jullie: "
        "het werkgeversservicepunt, ondernemersontbijten, of iets heel anders?",
        (
            ("mensen met een arbeidsbeperking",),
            ("statushouders die net in de gemeente wonen",),
            ("jongeren zonder startkwalificatie",),
            ("vijftigplussers die al lang een uitkering hebben",),
        ),
        "Wat bij ons het beste werkt voor {0}: één vast contactpersoon per werkgever, die de "
        "kandidaten zelf ook kent. Werkgevers willen niet tien verschillende mensen aan de lijn. "
        "We beginnen vaak met een werkervaringsplek van drie maanden, zodat beide kanten kunnen "
        "kijken of het klikt.",
    ),
    QuestionTemplate(
        "werk-vrijwilligerswerk",
        "werk-en-participatie",
        "Vrijwilligerswerk naast een uitkering: {0}",
        "Steeds meer mensen in de bijstand willen vrijwilligerswerk doen. Dat juichen we toe, "
        "maar er komen ook vragen: {1} Hoe gaan jullie hiermee om?",
        (
            ("welke regels gelden er?", "mag het altijd, en wanneer moet iemand het melden?"),
            (
                "wanneer is het een opstap naar werk?",
                "hoe zorg je dat het een stap richting betaald werk is en geen eindstation?",
            ),
            (
                "hoe voorkom je verdringing?",
                "wanneer neemt een vrijwilliger eigenlijk een betaalde baan over?",
            ),
        ),
        "Wij hebben samen met de vrijwilligerscentrale een korte afwegingslijst gemaakt. Daarin "
        "staat onder meer: is het werk aanvullend, staat er geen betaalde kracht tegenover, en "
        "wat leert iemand ervan? Bij twijfel overleggen de klantmanager en de coördinator even, "
        "dat is meestal binnen een dag geregeld.",
    ),
    QuestionTemplate(
        "werk-belemmering",
        "werk-en-participatie",
        "Werk voor een kandidaat die {0}: hoe pakken jullie dat aan?",
        "Ik begeleid een kandidaat die {0}. Hij wil graag aan de slag, maar ik twijfel of werk "
        "nu haalbaar is, of juist helpt om stabiel te blijven. Hoe maken jullie die afweging, en "
        "met wie werken jullie samen?",
        (
            ("problematische schulden heeft",),
            ("herstelt van een verslaving",),
            ("psychische klachten heeft",),
        ),
        "Wij gaan ervan uit dat werk vaak helpt om stabiel te blijven, als het begin maar klein "
        "is. Voor iemand die {0} starten we met een paar ochtenden per week en een vaste "
        "begeleider op de werkplek. We stemmen af met de hulpverlener die al betrokken is, zodat "
        "iedereen hetzelfde doel voor ogen heeft.",
    ),
    QuestionTemplate(
        "werk-loonkostensubsidie",
        "werk-en-participatie",
        "Loonkostensubsidie: {0}",
        "Bij het inzetten van loonkostensubsidie lopen we tegen vragen aan. {1} Hoe doen jullie "
        "dat?",
        (
            (
                "hoe bepaal je de loonwaarde?",
                "Werkgevers vinden de loonwaardemeting soms willekeurig, en kandidaten voelen zich "
                "beoordeeld.",
            ),
            (
                "hoe houd je het simpel voor werkgevers?",
                "Vooral kleine werkgevers haken af op de administratie die erbij komt kijken.",
            ),
            (
                "wat als de loonwaarde daalt?",
                "Bij een kandidaat gaat het minder goed en de werkgever vraagt om meer subsidie.",
            ),
        ),
        "Wij doen de loonwaardemeting altijd op de werkplek, met de werkgever en de kandidaat "
        "erbij, zodat het geen oordeel van buitenaf is. Voor de administratie is er één formulier "
        "en één contactpersoon. Bij een verandering plannen we binnen twee weken een nieuwe "
        "meting; werkgevers waarderen vooral dat we snel zijn.",
    ),
    # --- Preventie
    QuestionTemplate(
        "prev-school",
        "preventie",
        "Preventie op de basisschool: {0}",
        "Wij willen meer doen aan preventie in het basisonderwijs, samen met het wijkteam en de "
        "jeugdgezondheidszorg. {1} Wie heeft hier ervaring mee?",
        (
            (
                "wie betaalt het?",
                "Scholen zien het als taak van de gemeente, de gemeente kijkt naar het "
                "samenwerkingsverband.",
            ),
            (
                "hoe meet je of het werkt?",
                "De wethouder vraagt om resultaten, maar preventie laat zich lastig in cijfers "
                "vangen.",
            ),
            (
                "hoe krijg je leerkrachten mee?",
                "Leerkrachten hebben het al zo druk en zien het als iets dat er nog bij komt.",
            ),
        ),
        "Bij ons heeft elke basisschool een vast aanspreekpunt vanuit het wijkteam, een paar uur "
        "per week. Gemeente en samenwerkingsverband betalen samen; dat hebben we in een "
        "convenant vastgelegd. Het werkt vooral omdat leerkrachten nu iemand kennen bij wie ze "
        "even kunnen binnenlopen, zonder meteen een melding te doen.",
    ),
    QuestionTemplate(
        "prev-schulden",
        "preventie",
        "Vroegsignalering van betalingsachterstanden bij {0}",
        "We krijgen signalen van woningcorporaties, energieleveranciers en zorgverzekeraars over "
        "betalingsachterstanden. Toch bereiken we nog weinig {0}. Hoe leggen jullie na een "
        "signaal contact: met een brief, een huisbezoek, of op een andere manier?",
        (("jonge gezinnen",), ("zelfstandigen zonder personeel",), ("ouderen",), ("studenten",)),
        "Een brief alleen werkt bij ons nauwelijks. We sturen een kaartje met een foto van de "
        "medewerker en komen binnen een week langs, zonder afspraak. Voor {0} zoeken we daarnaast "
        "de plekken op waar ze toch al komen. Het persoonlijke contact maakt het verschil.",
    ),
    QuestionTemplate(
        "prev-eenzaamheid",
        "preventie",
        "Eenzaamheid onder {0}: wat werkt?",
        "In de gezondheidsmonitor zien we dat eenzaamheid onder {0} toeneemt. We hebben al een "
        "paar activiteiten, maar we bereiken vooral mensen die toch al meedoen. Wat werkt bij "
        "jullie om juist de mensen te vinden die thuis blijven?",
        (("ouderen in het buitengebied",), ("jongvolwassenen",), ("nieuwkomers in de wijk",)),
        "Wat bij ons werkt: niet zelf iets organiseren, maar aansluiten bij wat er al is. De "
        "kapper, de huisarts, de pakketbezorger en de kerk zien vaak als eerste wie zich "
        "terugtrekt. We hebben die 'ogen en oren' een korte training gegeven, en dat levert meer "
        "op dan welke activiteit ook.",
    ),
    QuestionTemplate(
        "prev-positieve-gezondheid",
        "preventie",
        "Positieve gezondheid gebruiken in {0}",
        "We willen het gesprek over positieve gezondheid een plek geven in {0}. Het spinnenweb "
        "spreekt mensen aan, maar ik merk dat collega's het lastig vinden om er in de praktijk "
        "mee te werken. Wie gebruikt het al, en hoe?",
        (("het keukentafelgesprek",), ("het jongerenwerk",), ("de huisartsenpraktijk",)),
        "Wij gebruiken het spinnenweb niet als formulier, maar als begin van het gesprek: de "
        "inwoner kiest zelf één onderdeel waar hij iets aan wil doen. In {0} werkte het pas toen "
        "collega's het eerst voor zichzelf hadden ingevuld. Dat gaf veel meer gevoel voor hoe "
        "het werkt.",
    ),
    # --- Onderwijs en zorg
    QuestionTemplate(
        "ond-thuiszitter",
        "onderwijs-en-zorg",
        "Een leerling zit {0} thuis: wie neemt de regie?",
        "Een leerling uit de onderbouw zit {0} thuis. School, leerplicht, jeugdhulp en ouders "
        "wijzen een beetje naar elkaar, en ondertussen gebeurt er weinig. Hoe spreken jullie af "
        "wie de regie heeft, en wat is de eerste stap?",
        (("al drie maanden",), ("sinds de zomervakantie",), ("al een half jaar",)),
        "Bij ons ligt de regie standaard bij de school, met de leerplichtambtenaar als bewaker "
        "van de voortgang. Binnen twee weken is er een overleg met alle partijen én de leerling, "
        "en we maken een plan waarin al in de eerste week iets gebeurt, al is het maar een uur "
        "per dag op school. Dat eerste uur blijkt vaak belangrijker dan het perfecte plan.",
    ),
    QuestionTemplate(
        "ond-zorg-op-school",
        "onderwijs-en-zorg",
        "Jeugdhulp op school: {0}",
        "We willen jeugdhulp dichter bij de klas organiseren, zodat leerkrachten sneller hulp "
        "hebben. {1} Hoe hebben jullie dat geregeld?",
        (
            (
                "hoe regel je de bekostiging?",
                "De financiering loopt nu via losse indicaties per kind, en dat past niet.",
            ),
            (
                "hoe houd je het licht?",
                "We willen geen nieuwe wachtlijst op school, maar hulp die meteen beschikbaar is.",
            ),
            (
                "hoe werk je samen met het samenwerkingsverband?",
                "De rollen van gemeente en samenwerkingsverband lopen nu door elkaar.",
            ),
        ),
        "Wij hebben een groepsarrangement: een jeugdhulpverlener is op vaste dagen op school en "
        "kan zonder indicatie met leerlingen en ouders aan de slag. Gemeente en "
        "samenwerkingsverband betalen ieder de helft. Het belangrijkste was dat de leerkracht één "
        "aanspreekpunt heeft en niet hoeft te weten uit welk potje het betaald wordt.",
    ),
    QuestionTemplate(
        "ond-mbo",
        "onderwijs-en-zorg",
        "Studenten op het mbo met {0}: hoe houden we ze binnen?",
        "Op het mbo zien we veel studenten met {0}. Ze haken af voordat wij het goed in de "
        "gaten hebben. Hoe werken jullie samen met gemeente en zorg om deze studenten op tijd "
        "te helpen?",
        (("schulden",), ("een zorgtaak thuis",), ("psychische klachten",)),
        "Wij hebben een wijkteammedewerker die twee dagen per week op de campus zit. Studenten "
        "met {0} kunnen daar zonder afspraak binnenlopen. Mentoren weten precies wie het is, en "
        "dat scheelt een hoop doorverwijzen. Sinds we dat doen, vallen er merkbaar minder "
        "studenten uit in het eerste jaar.",
    ),
    QuestionTemplate(
        "ond-overstap",
        "onderwijs-en-zorg",
        "De overstap van {0}: hoe regelen jullie een warme overdracht?",
        "Bij de overstap van {0} raakt er vaak informatie kwijt, en leerlingen die extra "
        "ondersteuning nodig hebben beginnen dan opnieuw. Hoe zorgen jullie voor een warme "
        "overdracht, ook als ouders terughoudend zijn met het delen van informatie?",
        (
            ("het basisonderwijs naar het voortgezet onderwijs",),
            ("het speciaal onderwijs naar het mbo",),
            ("het praktijkonderwijs naar werk",),
        ),
        "Wij plannen voor elke leerling met extra ondersteuning een overdrachtsgesprek met de "
        "leerling, de ouders en beide scholen samen. Ouders beslissen zelf wat er gedeeld wordt, "
        "maar als ze aan tafel zitten, willen ze meestal meer delen dan je verwacht. Het kost "
        "tijd, maar het voorkomt een valse start.",
    ),
    # --- Wijkteams
    QuestionTemplate(
        "wijk-generalist",
        "wijkteams",
        "Generalisten en specialisten in het wijkteam: {0}",
        "Ons wijkteam werkt met generalisten, maar bij complexe vragen merken we dat er "
        "specifieke kennis ontbreekt. {1} Hoe doen jullie dat?",
        (
            (
                "hoe vind je de balans?",
                "We willen niet terug naar aparte loketten, maar wel de juiste kennis aan tafel.",
            ),
            (
                "wanneer haal je expertise erbij?",
                "Collega's twijfelen vaak te lang voordat ze een specialist inschakelen.",
            ),
            (
                "hoe houd je generalisten vakbekwaam?",
                "Er is weinig tijd voor scholing, terwijl de vragen steeds ingewikkelder worden.",
            ),
        ),
        "Wij werken met generalisten die elk ook een specialisme hebben, zoals schulden, jeugd "
        "of psychiatrie. Bij een complexe vraag schuift de collega met dat specialisme aan, "
        "zonder overdracht. Eens per maand geven we elkaar een korte les over ons eigen "
        "specialisme. Zo blijft de kennis in het team.",
    ),
    QuestionTemplate(
        "wijk-caseload",
        "wijkteams",
        "Hoe gaan jullie om met {0} in het wijkteam?",
        "Ons wijkteam heeft het zwaar door {0}. Collega's raken uitgeput en inwoners moeten "
        "langer wachten. Welke maatregelen hebben bij jullie echt geholpen?",
        (("een te hoge caseload",), ("een wachtlijst binnen het team",), ("veel verloop",)),
        "Wij hebben een wekelijks triageoverleg ingevoerd: welke vragen kunnen naar een "
        "algemene voorziening, en welke hebben echt het wijkteam nodig? Daarnaast sluiten we "
        "bewuster af. Dat scheelde bij ons ongeveer een vijfde van de caseload, en het team "
        "kreeg weer lucht.",
    ),
    QuestionTemplate(
        "wijk-regie",
        "wijkteams",
        "Regie bij een gezin met {0}: wie pakt het op?",
        "Ik ben betrokken bij een gezin met {0}. Er zijn veel hulpverleners, maar niemand voelt "
        "zich echt verantwoordelijk voor het geheel. Hoe spreken jullie af wie de regie heeft, en "
        "wat mag die regisseur dan van de anderen vragen?",
        (
            ("schulden, spanningen thuis en een kind dat thuiszit",),
            ("een ouder met een licht verstandelijke beperking",),
            ("problemen op school, op het werk en met de gezondheid tegelijk",),
        ),
        "Wij werken volgens één gezin, één plan, één regisseur. De regie ligt bij degene die het "
        "gezin het beste kent, niet bij wie de meeste uren heeft. Die mag anderen aanspreken op "
        "afspraken, en dat leggen we samen met het gezin vast. Het helpt om dat aan het begin "
        "hardop te zeggen, ook tegen collega's van andere organisaties.",
    ),
    QuestionTemplate(
        "wijk-zichtbaar",
        "wijkteams",
        "Hoe maken jullie het wijkteam {0}?",
        "Veel inwoners en partners weten niet dat het wijkteam bestaat, of wat we doen. "
        "Daardoor komen vragen pas laat binnen. Hoe zijn jullie {0} geworden?",
        (("zichtbaar in de wijk",), ("bekend bij huisartsen",), ("laagdrempelig voor jongeren",)),
        "Wat bij ons het meest heeft opgeleverd: gewoon aanwezig zijn. Een vaste ochtend in het "
        "buurthuis, een kop koffie bij de huisartsenpraktijk, op het schoolplein bij het "
        "ophalen. Folders helpen nauwelijks; mensen komen naar een gezicht dat ze kennen.",
    ),
    # --- Inkoop en contractering
    QuestionTemplate(
        "inkoop-resultaat",
        "inkoop",
        "Resultaatgericht inkopen van {0}: wie heeft ervaring?",
        "Onze regio wil {0} inkopen op resultaat in plaats van op uren. Ik ben benieuwd hoe "
        "anderen de resultaten hebben omschreven en hoe aanbieders daarop reageerden. Wat zou je "
        "anders doen als je opnieuw begon?",
        (("jeugdhulp",), ("begeleiding in de Wmo",), ("huishoudelijke hulp",)),
        "Wij hebben voor {0} een handvol resultaatgebieden omschreven, samen met aanbieders en "
        "cliënten. Mijn advies: houd het aantal klein en gebruik gewone taal. De eerste twee "
        "jaar leerden we veel van de maandelijkse gesprekken met aanbieders over wat wel en niet "
        "werkte. Zonder die gesprekken was het een papieren tijger geworden.",
    ),
    QuestionTemplate(
        "inkoop-tarieven",
        "inkoop",
        "Hoe gaan jullie om met {0} in de contracten?",
        "Bij de nieuwe contractperiode komt {0} steeds terug in de gesprekken met aanbieders. "
        "Ik wil eerlijke afspraken maken zonder dat het budget uit de hand loopt. Hoe hebben "
        "andere gemeenten dit geregeld?",
        (
            ("de reistijd in het buitengebied",),
            ("de jaarlijkse indexatie van tarieven",),
            ("de hoogte van de overhead",),
        ),
        "Wij hebben over {0} een aparte afspraak gemaakt, op basis van een kostprijsonderzoek "
        "dat we samen met aanbieders hebben laten doen. Openheid over de kostprijs werkt beter "
        "dan onderhandelen over losse tarieven. En leg vast wanneer je de afspraak opnieuw "
        "bekijkt; dat voorkomt elk jaar dezelfde discussie.",
    ),
    QuestionTemplate(
        "inkoop-administratie",
        "inkoop",
        "Minder administratieve lasten voor aanbieders: {0}",
        "Aanbieders klagen over de hoeveelheid verantwoording die we vragen. Ik wil dat graag "
        "verminderen, maar moet ook kunnen laten zien dat het geld goed wordt besteed. {1}",
        (
            (
                "wat kan weg?",
                "Welke verantwoording hebben jullie geschrapt zonder dat het misging?",
            ),
            (
                "werkt een vertrouwensmodel?",
                "Wie werkt al met vertrouwen vooraf en controle achteraf, en hoe bevalt dat?",
            ),
            (
                "hoe houd je zicht op kwaliteit?",
                "Hoe houden jullie zicht op de kwaliteit zonder extra formulieren?",
            ),
        ),
        "Wij hebben met aanbieders alle verantwoordingsvragen op een rij gezet en bij elke vraag "
        "gevraagd: wie gebruikt dit, en waarvoor? Ongeveer een derde bleek door niemand gebruikt "
        "te worden. Kwaliteit volgen we nu vooral via gesprekken en een paar cliëntverhalen per "
        "jaar. Dat vertelt ons meer dan de oude kwartaalrapportages.",
    ),
    QuestionTemplate(
        "inkoop-accountgesprek",
        "inkoop",
        "Hoe voeren jullie een goed accountgesprek met {0}?",
        "Ik voer binnenkort een accountgesprek met {0}. Tot nu toe ging het vooral over cijfers "
        "en overschrijdingen, en dat levert weinig op. Hoe maken jullie er een gesprek van over "
        "de inhoud en de samenwerking?",
        (
            ("een grote jeugdhulpaanbieder",),
            ("een kleine zorgboerderij",),
            ("een aanbieder die steeds over het budget gaat",),
        ),
        "Ik begin elk accountgesprek met een casus die goed ging en een die vastliep, en pas "
        "daarna de cijfers. Dan praat je over de inhoud in plaats van over de tabel. Bij {0} "
        "nodig ik ook iemand uit de uitvoering uit, van beide kanten. Het gesprek wordt daar veel "
        "concreter van.",
    ),
    # --- Cliëntparticipatie
    QuestionTemplate(
        "client-adviesraad",
        "clientparticipatie",
        "Hoe houden jullie de adviesraad sociaal domein {0}?",
        "Onze adviesraad doet goed werk, maar {1} Hoe hebben andere gemeenten dat opgelost?",
        (
            ("divers", "de leden zijn vooral gepensioneerd, en jongeren en nieuwkomers ontbreken."),
            ("goed geïnformeerd", "de stukken zijn lang en de leden krijgen ze vaak pas laat."),
            (
                "vanaf het begin betrokken",
                "de raad mag vaak pas reageren als het beleid al bijna klaar is.",
            ),
        ),
        "Wij betrekken de adviesraad nu al bij de eerste verkenning, met een gesprek in plaats "
        "van een stuk. Voor meer diversiteit hebben we een jongerenpanel gemaakt dat aan de "
        "adviesraad is gekoppeld. Jongeren willen zelden in een vergadering zitten, maar praten "
        "graag mee over één onderwerp tegelijk.",
    ),
    QuestionTemplate(
        "client-ervaringsdeskundige",
        "clientparticipatie",
        "Ervaringsdeskundigen inzetten {0}: hoe regel je dat?",
        "We willen ervaringsdeskundigen een vaste rol geven {0}. Er zijn vragen over betaling, "
        "begeleiding en de grens tussen eigen ervaring en professionele rol. Wie heeft dit al "
        "goed geregeld?",
        (
            ("in het wijkteam",),
            ("bij de inkoop",),
            ("bij het inwerken van nieuwe consulenten",),
        ),
        "Bij ons zijn ervaringsdeskundigen gewoon in dienst, met een eigen functieomschrijving "
        "en een betaalde opleiding. Dat maakt het gelijkwaardig. Ze hebben een eigen "
        "intervisiegroep om hun ervaringen te bespreken. Collega's waren eerst sceptisch, maar "
        "nu willen ze niet meer zonder.",
    ),
    QuestionTemplate(
        "client-ervaringen",
        "clientparticipatie",
        "Hoe halen jullie ervaringen op bij {0}?",
        "Het jaarlijkse cliëntervaringsonderzoek levert weinig reacties op, en vooral van "
        "mensen die tevreden zijn. Ik wil graag weten wat {0} echt ervaren. Welke manieren "
        "werken bij jullie beter dan een vragenlijst?",
        (
            ("jongeren in de jeugdhulp",),
            ("inwoners met een Wmo-voorziening",),
            ("mensen die juist geen hulp kregen",),
        ),
        "Wij doen het met korte gesprekken door ervaringsdeskundigen, op plekken waar mensen "
        "toch al komen. Tien goede gesprekken vertellen meer dan honderd vragenlijsten. Bij {0} "
        "werkte het ook goed om naar één concreet moment te vragen: wanneer voelde je je "
        "geholpen, en wanneer niet?",
    ),
    QuestionTemplate(
        "client-terugkoppeling",
        "clientparticipatie",
        "Wat doen jullie met de uitkomsten van {0}?",
        "We halen veel op bij inwoners, maar ik merk dat er weinig mee gebeurt. Mensen die "
        "meedachten horen daarna niets meer. Hoe zorgen jullie dat de uitkomsten van {0} echt "
        "landen, en dat deelnemers horen wat ermee is gedaan?",
        (("een cliëntervaringsonderzoek",), ("een klachtenanalyse",), ("een bewonersavond",)),
        "Wij sturen binnen een maand een korte terugkoppeling aan iedereen die meedeed: dit "
        "hoorden we, dit gaan we doen, en dit doen we niet, met de reden. Dat laatste is minstens "
        "zo belangrijk. Eens per jaar laten we in de adviesraad zien wat er van de punten "
        "terecht is gekomen.",
    ),
    # --- Informatie en privacy
    QuestionTemplate(
        "avg-delen",
        "informatie-en-privacy",
        "Mag ik zonder toestemming informatie delen met {0}?",
        "Ik maak me zorgen over een gezin en denk dat {0} informatie heeft die kan helpen. De "
        "ouders willen geen toestemming geven. Wanneer mag ik toch informatie delen, en hoe "
        "leggen jullie die afweging vast?",
        (("de huisarts",), ("school",), ("de woningcorporatie",), ("de politie",)),
        "Zonder toestemming mag het alleen als het echt nodig is om ernstige schade te "
        "voorkomen, en dan deel je zo min mogelijk. Wij gebruiken daarvoor het afwegingskader "
        "uit de meldcode en leggen in het dossier vast waarom we deelden, wat we deelden en met "
        "wie. Overleg bij twijfel altijd even met de privacyadviseur of met Veilig Thuis; dat mag "
        "anoniem.",
    ),
    QuestionTemplate(
        "avg-toestemming",
        "informatie-en-privacy",
        "Toestemming vragen zonder formulierenbrij: {0}",
        "Voor het delen van gegevens vragen we toestemming met een formulier van drie kantjes. "
        "Niemand leest het, en het voelt niet als een echte keuze. {1}",
        (
            (
                "hoe doen jullie dat aan de keukentafel?",
                "Hoe vragen jullie toestemming op een manier die inwoners echt begrijpen?",
            ),
            (
                "hoe leg je het uit aan jongeren?",
                "Vooral jongeren haken af. Hoe leggen jullie uit wat er met hun gegevens gebeurt?",
            ),
            (
                "wat als iemand niet goed kan lezen?",
                "Hoe vragen jullie toestemming aan inwoners die niet goed kunnen lezen?",
            ),
        ),
        "Wij hebben het formulier vervangen door een gesprek met een tekening: het gezin in het "
        "midden en de organisaties eromheen. De inwoner wijst aan met wie we mogen praten en "
        "waarover, en dat leggen we kort vast in het dossier. Het duurt vijf minuten en mensen "
        "weten daarna echt waar ze ja tegen zeggen.",
    ),
    QuestionTemplate(
        "avg-plan",
        "informatie-en-privacy",
        "Hoe delen jullie een plan tussen {0}?",
        "We werken met één gezinsplan, maar iedere organisatie heeft een eigen systeem. Nu "
        "mailen we documenten heen en weer, en dat voelt niet veilig. Hoe delen jullie een plan "
        "tussen {0}, en wat vond de privacyadviseur daarvan?",
        (
            ("wijkteam en zorgaanbieder",),
            ("gemeente en school",),
            ("twee gemeenten bij een verhuizing",),
        ),
        "Wij gebruiken een beveiligde samenwerkingsomgeving waarin het gezin zelf ook meekijkt. "
        "Elke organisatie ziet alleen het deel van het plan dat voor haar bedoeld is. De "
        "privacyadviseur was juist positief, omdat het veiliger is dan mail en het gezin zelf "
        "bepaalt wie erbij mag.",
    ),
    QuestionTemplate(
        "avg-dpia",
        "informatie-en-privacy",
        "Een DPIA voor {0}: waar begin je?",
        "We willen starten met {0}, en de functionaris gegevensbescherming vraagt om een DPIA. "
        "Niemand in ons team heeft dat eerder gedaan. Hoe hebben jullie dat aangepakt, en hoe "
        "lang duurde het?",
        (
            ("een nieuwe app voor het wijkteam",),
            ("een gezamenlijk dashboard met aanbieders",),
            ("beeldbellen met cliënten",),
        ),
        "Begin met een sessie van twee uur met de mensen die het gaan gebruiken, de "
        "privacyadviseur en iemand van ICT. Teken samen welke gegevens waar naartoe gaan. "
        "Daarmee is het meeste werk van de DPIA al gedaan. Voor {0} kostte het ons in totaal "
        "een week of zes, vooral door het wachten op de leverancier.",
    ),
    # --- Beschermd wonen
    QuestionTemplate(
        "bw-uitstroom",
        "beschermd-wonen",
        "Uitstroom uit beschermd wonen loopt vast op {0}",
        "Een aantal bewoners is klaar voor een eigen plek, maar de uitstroom loopt vast op {0}. "
        "Daardoor kunnen nieuwe mensen niet instromen. Hoe gaan andere gemeenten en aanbieders "
        "hiermee om?",
        (
            ("het gebrek aan betaalbare woningen",),
            ("schulden die nog niet zijn opgelost",),
            ("weerstand in de buurt",),
        ),
        "Wij hebben met de corporaties afgesproken dat elk jaar een vast aantal woningen naar "
        "uitstromers gaat, met begeleiding vanuit de aanbieder. Bij {0} kijken we per bewoner "
        "wat er nodig is voordat de verhuizing doorgaat, en we starten de begeleiding al een "
        "paar maanden vooraf. Zo wordt de stap minder groot.",
    ),
    QuestionTemplate(
        "bw-corporatie",
        "beschermd-wonen",
        "Afspraken met woningcorporaties over {0}",
        "We willen betere afspraken maken met de woningcorporaties over {0}. De corporaties "
        "willen wel, maar zijn bang voor overlast en voor huurders die hun huur niet betalen. "
        "Welke afspraken werken bij jullie?",
        (
            ("voorrang voor uitstromers",),
            ("begeleid wonen in gewone wijken",),
            ("wat te doen bij overlast",),
        ),
        "Bij ons werkt een driepartijenovereenkomst: huurder, corporatie en zorgaanbieder. "
        "Daarin staat wie wat doet als het minder goed gaat, en er is een vast contactpersoon "
        "die binnen een dag reageert. Na een jaar gaat het huurcontract over op de huurder zelf. "
        "De corporaties kregen vertrouwen doordat we ons aan die afspraken houden.",
    ),
    QuestionTemplate(
        "bw-ambulant",
        "beschermd-wonen",
        "Hoe intensief is ambulante begeleiding na {0}?",
        "Na {0} krijgen mensen bij ons ambulante begeleiding, maar de intensiteit verschilt "
        "sterk per aanbieder. Sommigen zien de cliënt één keer per week, anderen elke dag. Hoe "
        "bepalen jullie wat nodig is, en hoe schalen jullie op en af?",
        (
            ("de verhuizing naar een eigen woning",),
            ("een crisisopname",),
            ("een periode in de maatschappelijke opvang",),
        ),
        "Wij starten na {0} altijd intensief, een paar keer per week, en bouwen af in overleg "
        "met de cliënt. Cruciaal is dat opschalen snel kan, zonder nieuwe aanvraag. Daarvoor "
        "hebben we met de aanbieder een flexibel budget per cliënt afgesproken. Dat voorkomt veel "
        "terugval.",
    ),
    QuestionTemplate(
        "bw-buurt",
        "beschermd-wonen",
        "Hoe bereid je een buurt voor op {0}?",
        "Er komt in een woonwijk {0}. Omwonenden maken zich zorgen, en op de eerste "
        "informatieavond was de sfeer gespannen. Hoe hebben jullie de buurt meegenomen, en wat "
        "had je achteraf anders gedaan?",
        (
            ("een nieuwe woonvorm",),
            ("een project met kleine woningen voor uitstromers",),
            ("een paar woningen met begeleiding voor mensen met psychiatrische problemen",),
        ),
        "Geen grote informatieavond, maar gesprekken met de directe buren, in kleine groepjes. "
        "Geef ze een vast aanspreekpunt dat ook 's avonds bereikbaar is. En nodig ze uit als "
        "alles klaar is. Bij ons zijn een paar buren zelfs vrijwilliger geworden.",
    ),
    # --- Mantelzorg
    QuestionTemplate(
        "mz-respijt",
        "mantelzorg",
        "Respijtzorg voor {0}: welke vormen werken?",
        "Veel mantelzorgers weten niet dat er respijtzorg bestaat, of durven het niet te vragen. "
        "Vooral bij {0} zie ik dat ze over hun grenzen gaan. Welke vormen van respijtzorg werken "
        "bij jullie, en hoe maken jullie het bekend?",
        (
            ("mantelzorgers van mensen met dementie",),
            ("ouders van een kind met een ernstige beperking",),
            ("jonge mantelzorgers",),
        ),
        "Bij ons is de logeeropvang het populairst, maar ook een vrijwilliger die een dagdeel "
        "per week de zorg overneemt, wordt veel gevraagd. Voor {0} werkt het goed om het eerst "
        "een keer te proberen, zonder verplichtingen. Wie eenmaal heeft gemerkt hoe fijn het is, "
        "vraagt het sneller opnieuw.",
    ),
    QuestionTemplate(
        "mz-vinden",
        "mantelzorg",
        "Hoe vinden jullie mantelzorgers die {0}?",
        "We weten dat er veel meer mantelzorgers zijn dan we kennen. Vooral mantelzorgers die "
        "{0}, zien we nauwelijks. Hoe bereiken jullie hen, en wie zijn daarbij jullie "
        "belangrijkste partners?",
        (
            ("zichzelf geen mantelzorger noemen",),
            ("naast de zorg een volle baan hebben",),
            ("uit een andere cultuur komen",),
        ),
        "Het woord mantelzorger gebruiken we bijna niet meer. We vragen: zorgt u voor iemand? "
        "Daarnaast werken we samen met de huisartsen, de apotheek en de wijkverpleging; die zien "
        "de mantelzorger vaak het eerst. Voor mantelzorgers die {0}, zijn sleutelfiguren uit de "
        "eigen kring onmisbaar gebleken.",
    ),
    QuestionTemplate(
        "mz-waardering",
        "mantelzorg",
        "Mantelzorgwaardering: {0}",
        "We zijn de mantelzorgwaardering aan het herzien. {1} Hoe doen jullie het?",
        (
            (
                "geld of iets anders?",
                "Nu krijgt iedereen een bedrag, maar we twijfelen of dat is wat mantelzorgers het "
                "meest waarderen.",
            ),
            (
                "hoe bereik je nieuwe mantelzorgers?",
                "We bereiken vooral mantelzorgers die al jaren bij ons bekend zijn.",
            ),
            (
                "wat vinden mantelzorgers zelf belangrijk?",
                "We willen aansluiten bij wat mantelzorgers zelf willen, maar weten niet goed hoe "
                "we dat ophalen.",
            ),
        ),
        "Wij laten mantelzorgers zelf kiezen uit een bedrag, een bon voor een lokaal uitje of "
        "een dagdeel respijt. Verrassend veel mensen kiezen het respijt. Aanvragen is heel "
        "eenvoudig, en bij de aanvraag vragen we of we een keer contact mogen opnemen. Zo leren "
        "we elk jaar nieuwe mantelzorgers kennen.",
    ),
    QuestionTemplate(
        "mz-werk",
        "mantelzorg",
        "Mantelzorg en werk combineren: hoe betrek je {0}?",
        "Veel mantelzorgers hebben ook een baan en lopen vast in die combinatie. Ik wil graag "
        "{0} erbij betrekken, maar weet niet goed hoe. Wie heeft hier ervaring mee?",
        (
            ("werkgevers in de regio",),
            ("je eigen organisatie als werkgever",),
            ("de bedrijfsarts",),
        ),
        "Wij hebben een korte workshop voor leidinggevenden gemaakt over mantelzorg en werk. Het "
        "belangrijkste is dat het bespreekbaar wordt; veel werknemers vertellen het niet, uit "
        "angst voor hun baan. Voor {0} hebben we een paar voorbeelden van flexibele afspraken op "
        "een rij gezet die in de praktijk werken.",
    ),
    # --- Innovatie
    QuestionTemplate(
        "inn-opschalen",
        "innovatie",
        "Onze pilot met {0} was een succes: hoe schalen we op?",
        "Een jaar geleden begonnen we een pilot met {0}. De resultaten zijn goed en iedereen is "
        "enthousiast, maar nu moet het in de gewone werkwijze en de begroting landen. Wie heeft "
        "een pilot echt structureel gemaakt, en wat was daarvoor nodig?",
        (
            ("beeldbellen in de thuiszorg",),
            ("een wijkteam op het schoolplein",),
            ("een vast budget per gezin in plaats van losse indicaties",),
            ("een sociale robot bij ouderen thuis",),
        ),
        "Wat bij ons het verschil maakte: al tijdens de pilot een eigenaar in de lijn aanwijzen, "
        "niet alleen een projectleider. Voor {0} draaiden we het laatste halfjaar al mee in de "
        "begroting van de afdeling, zodat er geen gat viel. En we hebben het verhaal van een paar "
        "inwoners opgeschreven; dat overtuigde de raad meer dan de cijfers.",
    ),
    QuestionTemplate(
        "inn-experimenteren",
        "innovatie",
        "Experimenteren binnen de regels: {0}",
        "We willen iets nieuws proberen in het sociaal domein, maar lopen aan tegen regels en "
        "procedures. {1} Hoe hebben jullie dat aangepakt?",
        (
            (
                "hoe krijg je de controller mee?",
                "De controller vraagt om zekerheden die we bij een experiment nog niet hebben.",
            ),
            (
                "hoe leg je het vast zonder nieuwe regels?",
                "We willen afspraken maken zonder meteen een nieuw beleidskader te schrijven.",
            ),
            (
                "hoe stop je op tijd?",
                "Het blijkt moeilijk om te stoppen met iets dat niet werkt, omdat er al zoveel in "
                "is gestoken.",
            ),
        ),
        "Wij maken bij elk experiment vooraf een plan van één pagina: wat willen we leren, wat "
        "mag het kosten, en wanneer stoppen we? De controller tekent mee. Daardoor is stoppen "
        "geen mislukking, maar een uitkomst die we vooraf hebben afgesproken.",
    ),
    QuestionTemplate(
        "inn-technologie",
        "innovatie",
        "Ervaringen met {0} in de zorg thuis?",
        "We overwegen {0} in te zetten bij inwoners die thuis wonen met ondersteuning. "
        "Leveranciers beloven veel, maar ik hoor graag ervaringen uit de praktijk. Wat werkte, "
        "wat niet, en hoe namen jullie inwoners en mantelzorgers mee?",
        (
            ("een slimme medicijndispenser",),
            ("sensoren die een val of ongewone stilte in huis signaleren",),
            ("een app voor contact met de begeleider",),
        ),
        "Wij hebben {0} een half jaar getest bij een kleine groep inwoners. De techniek was het "
        "probleem niet; het ging mis als niemand zich verantwoordelijk voelde voor het opvolgen "
        "van signalen. Maak dus vooraf duidelijke afspraken over wie reageert en wanneer. En laat "
        "inwoners het eerst zelf een week proberen.",
    ),
    QuestionTemplate(
        "inn-leren",
        "innovatie",
        "Hoe leren jullie van een pilot die {0}?",
        "We hadden een pilot die {0}. Er is veel geleerd, maar dat dreigt te verdwijnen in een "
        "eindrapport dat niemand leest. Hoe zorgen jullie dat de lessen ergens landen, ook buiten "
        "je eigen organisatie?",
        (("niet werkte",), ("maar half slaagde",), ("stopte toen de subsidie afliep",)),
        "Wij houden na elke pilot een leerbijeenkomst met alle betrokkenen, ook de inwoners. De "
        "uitkomsten schrijven we op in een paar pagina's onder de titel 'wat we de volgende keer "
        "anders doen'. En we delen het hier op Plein, zodat anderen niet dezelfde fouten hoeven "
        "te maken.",
    ),
)

# Answers that fit any question in their theme (two each).
THEME_ANSWERS: dict[str, tuple[str, ...]] = {
    "jeugdzorg": (
        "Wat ons enorm heeft geholpen, is een vast casusoverleg met jeugdhulp, onderwijs en het "
        "wijkteam, elke twee weken. Geen lange agenda, alleen de gezinnen waar het stokt. Vaak "
        "blijkt een ander al een ingang te hebben.",
        "Kijk ook eens naar het regionale expertteam jeugd. Daar kun je met ingewikkelde "
        "situaties terecht voor advies, en soms lossen zij in één overleg op waar wij weken mee "
        "bezig waren.",
    ),
    "ondersteuning-thuis": (
        "Wij werken met een vaste consulent per wijk, die ook de huisarts en de wijkverpleging "
        "persoonlijk kent. Daardoor kun je veel sneller schakelen en hoef je minder op papier "
        "te zetten.",
        "Denk ook aan de onafhankelijke cliëntondersteuner. Veel inwoners kennen die niet, maar "
        "juist in dit soort situaties kan die het verschil maken. Wij noemen die mogelijkheid nu "
        "standaard in het eerste gesprek.",
    ),
    "werk-en-participatie": (
        "Praat eens met het leerwerkbedrijf in de regio. Die hebben ervaring met precies deze "
        "groep en kunnen vaak sneller schakelen dan wij als gemeente.",
        "Bij ons scheelde het veel toen klantmanagers en jobcoaches op dezelfde plek gingen "
        "werken. De lijnen werden korter en kandidaten hoefden hun verhaal maar één keer te "
        "vertellen.",
    ),
    "preventie": (
        "Begin klein en meet vanaf de eerste dag iets eenvoudigs, zoals hoeveel mensen je bereikt "
        "en wat ze ervan vinden. Dan heb je na een jaar een verhaal voor de raad, ook als de grote "
        "effecten nog niet zichtbaar zijn.",
        "De GGD kan helpen met cijfers uit de monitor op wijkniveau. Dat maakte bij ons het "
        "gesprek met de wethouder een stuk makkelijker.",
    ),
    "onderwijs-en-zorg": (
        "Een vast overleg tussen de intern begeleider, de jeugdverpleegkundige en het wijkteam, "
        "eens in de zes weken, heeft bij ons veel opgeleverd. Je kent elkaar, en daardoor bel je "
        "elkaar ook tussendoor.",
        "Betrek het samenwerkingsverband er zo vroeg mogelijk bij. Zij hebben vaak meer "
        "mogelijkheden dan scholen denken, bijvoorbeeld voor een tijdelijke plek buiten de klas.",
    ),
    "wijkteams": (
        "Wij hebben goede ervaringen met intervisie over de grenzen van organisaties heen: eens "
        "per maand met collega's uit een ander wijkteam in de regio. Je ziet hoe anderen het "
        "doen, en je staat er minder alleen voor bij lastige situaties.",
        "Maak afspraken met de huisartsen over een vast overlegmoment. Bij ons is dat een "
        "kwartier per week, en het scheelt ontzettend veel heen-en-weer.",
    ),
    "inkoop": (
        "Het regionale inkoopteam heeft hier een handreiking voor gemaakt. Vraag die eens op; "
        "het scheelt je veel uitzoekwerk, en je sluit meteen aan bij wat de andere gemeenten in "
        "Twente doen.",
        "Wat bij ons hielp: aanbieders vroeg betrekken, nog voordat er iets op papier staat. Ze "
        "komen met ideeën waar je als gemeente zelf niet op komt, en het vertrouwen groeit.",
    ),
    "clientparticipatie": (
        "Geef mensen een vergoeding voor hun tijd, al is het een bescheiden bedrag of een bon. "
        "Het laat zien dat je hun inbreng serieus neemt, en je bereikt ook mensen die het anders "
        "niet kunnen missen.",
        "Vraag de adviesraad zelf hoe ze betrokken willen worden. Bij ons kwamen ze met betere "
        "ideeën dan wij hadden bedacht.",
    ),
    "informatie-en-privacy": (
        "De VNG heeft een handreiking over gegevensdeling in het sociaal domein. Die is heel "
        "praktisch, met voorbeelden per situatie. Wij gebruiken hem als basis voor onze "
        "werkinstructies.",
        "Onze ervaring: privacy is zelden de echte reden dat iets niet kan. Vaak is het "
        "onzekerheid. Een vast spreekuur van de privacyadviseur voor de uitvoering heeft bij ons "
        "veel opgelost.",
    ),
    "beschermd-wonen": (
        "Kijk eens naar de aanpak Housing First: eerst een woning, daarna de begeleiding. De "
        "resultaten zijn goed, ook bij mensen die eerder steeds uitvielen.",
        "Wat bij ons veel heeft geholpen: een maandelijks overleg tussen gemeente, aanbieders en "
        "corporaties, waarin we per bewoner kijken wat er nodig is om door te stromen. Zo raakt "
        "niemand uit beeld.",
    ),
    "mantelzorg": (
        "Het steunpunt mantelzorg in de regio organiseert lotgenotengroepen. Mantelzorgers "
        "zeggen vaak dat het contact met anderen in dezelfde situatie ze meer helpt dan welke "
        "regeling ook.",
        "Vergeet de jonge mantelzorgers niet. Op school worden ze vaak niet herkend, terwijl een "
        "klein gebaar, zoals begrip voor een te laat ingeleverde opdracht, al verschil maakt.",
    ),
    "innovatie": (
        "Kijk eens naar het regionale innovatiefonds. Daar kun je niet alleen geld aanvragen, "
        "maar ook hulp krijgen bij het opzetten van de evaluatie. Dat maakte het voor ons veel "
        "makkelijker om later de stap naar structureel te zetten.",
        "Zoek een collega in een andere gemeente die hetzelfde probeert. Samen sta je sterker, en "
        "je kunt elkaars resultaten vergelijken. Hier op Plein zijn er vast een paar.",
    ),
}

# Answers that fit (almost) any question: only ever a fourth answer, so they rarely repeat.
ANY_ANSWERS: tuple[str, ...] = (
    "Wij liepen een jaar geleden tegen precies hetzelfde aan. Wat hielp: eerst met een paar "
    "collega's uit verschillende organisaties om tafel, voordat je iets op papier zet. Dan weet "
    "je zeker dat het in de praktijk klopt.",
    "Geen pasklaar antwoord, maar wel een tip: breng het ook in bij de volgende bijeenkomst van "
    "dit thema. Daar zitten mensen uit alle gemeenten, en vaak heeft iemand het al eens "
    "opgelost.",
    "Ik zou beginnen met een kleine proef in één wijk of team, met een duidelijke vraag wat je "
    "wilt leren. Na drie maanden weet je meer dan na een jaar vergaderen.",
    "Vraag vooral de inwoners zelf wat zij nodig hebben. Wij vergeten dat soms, terwijl het "
    "antwoord vaak eenvoudiger is dan we denken.",
    "Herkenbaar. Bij ons helpt het om dit soort vragen vast te bespreken in de intervisie. Je "
    "hoort hoe collega's het aanpakken, en je staat er minder alleen voor.",
    "Wij hebben hier een werkinstructie van één pagina voor gemaakt. Ik deel die graag; zoek me "
    "gerust op via mijn profiel.",
)

# Put before an answer now and then; {at} is where the answerer works ("Bij de gemeente
# Almelo", "Op het Twents Lyceum").
OPENERS: tuple[str, ...] = (
    "{at} lopen we hier ook tegenaan.",
    "Goede vraag!",
    "Herkenbaar.",
    "{at} hebben we dit vorig jaar aangepakt.",
    "Interessante vraag, daar denken we {at_lower} ook veel over na.",
)
CLOSERS: tuple[str, ...] = (
    "Succes ermee!",
    "Laat je weten hoe het uitpakt?",
    "Als je wilt, vertel ik er meer over op de volgende bijeenkomst.",
    "Zoek me gerust op via mijn profiel als je meer wilt weten.",
    "Hopelijk heb je er iets aan.",
)

# Comments. The asker thanks or asks on (shown as "the asker" when the question was
# anonymous), the one who answered replies, and others add something.
ASKER_THANKS: tuple[str, ...] = (
    "Dank je wel, dit is precies wat ik zocht.",
    "Dit neem ik mee naar ons teamoverleg. Dank!",
    "Goed om te lezen dat het kan. Ik laat weten hoe het bij ons afloopt.",
    "Zo had ik er nog niet naar gekeken. Dank je.",
    "Update: we hebben het een paar weken geprobeerd en het scheelt echt. Dank voor de tip!",
)
THANKS_REPLIES: tuple[str, ...] = (
    "Graag gedaan! Laat weten als je ergens vastloopt.",
    "Leuk om te horen dat je er iets aan hebt.",
)
ASKER_QUESTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Hoe lang duurde het voordat dit goed liep?",
        (
            "Ongeveer een half jaar, met een paar keer bijsturen onderweg.",
            "Sneller dan gedacht: na een maand of drie draaide het.",
        ),
    ),
    (
        "Wie betaalde dat bij jullie?",
        (
            "Bij ons komt het uit het preventiebudget, met een bijdrage van de aanbieders.",
            "De eerste twee jaar uit een subsidie, nu is het gewoon onderdeel van de begroting.",
        ),
    ),
    (
        "Hoeveel tijd kost dat per week?",
        ("Een paar uur per week, maar dat verdien je ruim terug.",),
    ),
    (
        "Is er een voorbeeld dat ik mag gebruiken?",
        (
            "Ik vraag even aan mijn collega of ik het mag delen; dan zet ik het hier.",
            "Zeker, ik neem het mee naar de volgende themabijeenkomst.",
        ),
    ),
    (
        "Hoe reageerden collega's hierop?",
        ("Eerst wat sceptisch, maar na de eerste resultaten waren ze om.",),
    ),
)
OTHER_COMMENTS: tuple[str, ...] = (
    "Bij ons werkt het precies zo, dat kan ik bevestigen.",
    "Mooi voorbeeld. Dit wil ik ook eens proberen.",
    "Regel dan wel de privacy goed, zeker als er meer organisaties meekijken.",
    "Wij deden hetzelfde, maar liepen vast op de financiering. Hoe hebben jullie dat opgelost?",
    "Dit zou een mooi onderwerp zijn voor de volgende bijeenkomst.",
    "Goed punt. Dat vergeten we vaak.",
    "Is er een verslag van jullie aanpak? Ik ben benieuwd.",
    "Sluit mooi aan bij wat we in de regio hebben afgesproken.",
)

# The fixed story (README): the demo member's anonymous question about waiting lists.
STORY_THEME = "jeugdzorg"
STORY_TITLE = "Wachtlijst jeugd-ggz: wat doen jullie voor gezinnen die maanden moeten wachten?"
STORY_BODY = (
    "Bij ons wachten gezinnen soms vier maanden op specialistische jeugd-ggz. In die tijd lopen "
    "de problemen thuis en op school verder op, en als jeugdconsulent heb ik weinig meer te "
    "bieden dan 'houd vol'. Ik vraag dit anoniem, omdat het bij ons gevoelig ligt: hoe houden "
    "andere gemeenten gezinnen in die periode overeind?"
)
STORY_HELPFUL_ANSWER = (
    "Wij werken sinds vorig jaar met een wachtlijstcoach: elk gezin dat langer dan zes weken "
    "moet wachten, krijgt iemand van het wijkteam die elke twee weken contact heeft of "
    "langskomt. Die houdt de vinger aan de pols, schakelt bij als het thuis escaleert en regelt "
    "soms lichte hulp vooraf.\n\n"
    "De aanbieder laat ons elke maand weten wie er wacht, zodat niemand uit beeld raakt. Het "
    "kost ons ongeveer een halve formatieplaats; het aantal crisisaanmeldingen tijdens het "
    "wachten is sindsdien flink gedaald."
)
STORY_OTHER_ANSWER = (
    "Bij ons speelt de POH-jeugd bij de huisarts een rol: zij ziet het kind tussendoor een paar "
    "keer en houdt contact met de aanbieder. Daarnaast bieden we ouders een oudercursus aan, "
    "zodat ze iets kunnen doen in plaats van alleen te wachten."
)
STORY_ASKER_COMMENT = (
    "Dank je, dit is precies wat ik zocht. Ik neem de wachtlijstcoach mee naar ons teamoverleg."
)
STORY_REPLY = "Graag gedaan! Zoek me gerust op als je de taakomschrijving wilt zien."
STORY_ASKER_MINUTES = 120
STORY_ALMELO_MINUTES = 30
STORY_DAYS_AGO = 23


# --- The plan ---------------------------------------------------------------------------


@dataclass
class PlannedHelped:
    member: str  # e-mail address of a demo member
    minutes: int | None
    at: datetime


@dataclass
class PlannedComment:
    key: str  # a name within the plan; only a question's key is stored (as submit_key)
    author: str
    body: str
    at: datetime


@dataclass
class PlannedAnswer:
    key: str  # a name within the plan, like a comment's
    author: str
    body: str
    at: datetime
    comments: list[PlannedComment] = field(default_factory=list)
    helped: list[PlannedHelped] = field(default_factory=list)


@dataclass
class PlannedQuestion:
    key: str  # demo-question-<n>: the post's submit_key, which makes loading idempotent
    theme: str
    author: str
    anonymous: bool
    title: str
    body: str
    at: datetime
    answers: list[PlannedAnswer] = field(default_factory=list)

    @property
    def last_activity_at(self) -> datetime:
        """What the actions keep: the latest answer or comment (helped marks do not count)."""
        times = [self.at]
        for answer in self.answers:
            times.append(answer.at)
            times += [comment.at for comment in answer.comments]
        return max(times)

    def texts(self) -> list[str]:
        texts = [self.title, self.body]
        for answer in self.answers:
            texts.append(answer.body)
            texts += [comment.body for comment in answer.comments]
        return texts


def _where(person: Person) -> str:
    """'Bij de gemeente Almelo', 'Op het Twents Lyceum': where an answerer works."""
    spec = next((spec for spec in ORGANISATIONS if spec.name == person.organisation), None)
    at = (spec.at if spec is not None else "") or f"bij {person.organisation}"
    return at[0].upper() + at[1:]


def demo_questions(people: Sequence[Person], *, now: datetime) -> list[PlannedQuestion]:
    """The demo questions for `people` (usually demo_people()), with every answer, comment
    and helped mark and when it happened, before `now`. The same for the same input."""
    planner = _Planner(people, now=now)
    questions = []
    story = planner.story()
    if story is not None:
        questions.append(story)
    questions += planner.generated()
    return questions


class _Planner:
    def __init__(self, people: Sequence[Person], *, now: datetime) -> None:
        self.people = list(people)
        self.now = now
        self.latest = now - QUIET_BEFORE_NOW
        self.rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)

    # The fixed story ----------------------------------------------------------------------

    def story(self) -> PlannedQuestion | None:
        asker = next((p for p in self.people if p.email == DEMO_MEMBER_EMAIL), None)
        # Two youth-care people from elsewhere answer; the first one helps most.
        helpers = [
            p
            for p in self.people
            if STORY_THEME in p.themes
            and p.organisation not in (asker.organisation if asker else "", "Gemeente Almelo")
            and p.email != DEMO_MEMBER_EMAIL
        ]
        almelo = next((p for p in self.people if p.organisation == "Gemeente Almelo"), None)
        if asker is None or len(helpers) < 2 or almelo is None:
            return None
        first, second = helpers[0], helpers[1]
        asked = self.now - timedelta(days=STORY_DAYS_AGO, hours=2)
        helpful = PlannedAnswer(
            f"{STORY_KEY}-a1",
            first.email,
            STORY_HELPFUL_ANSWER,
            asked + timedelta(hours=3, minutes=12),
            comments=[
                PlannedComment(
                    f"{STORY_KEY}-c1", asker.email, STORY_ASKER_COMMENT, asked + timedelta(days=1)
                ),
                PlannedComment(
                    f"{STORY_KEY}-c2",
                    first.email,
                    STORY_REPLY,
                    asked + timedelta(days=1, hours=1, minutes=40),
                ),
            ],
            helped=[
                PlannedHelped(asker.email, STORY_ASKER_MINUTES, asked + timedelta(days=2, hours=4)),
                PlannedHelped(
                    almelo.email, STORY_ALMELO_MINUTES, asked + timedelta(days=9, hours=6)
                ),
            ],
        )
        other = PlannedAnswer(
            f"{STORY_KEY}-a2",
            second.email,
            STORY_OTHER_ANSWER,
            asked + timedelta(days=1, hours=5, minutes=30),
        )
        return PlannedQuestion(
            STORY_KEY,
            STORY_THEME,
            asker.email,
            True,
            STORY_TITLE,
            STORY_BODY,
            asked,
            [helpful, other],
        )

    # The generated questions --------------------------------------------------------------

    def generated(self) -> list[PlannedQuestion]:
        rng = self.rng
        variants = [(template, fill) for template in QUESTIONS for fill in template.fills]
        rng.shuffle(variants)
        variants = variants[:GENERATED_QUESTIONS]
        count = len(variants)
        anonymous = set(rng.sample(range(count), round(count * ANONYMOUS_SHARE)))
        waiting = rng.sample(range(count), min(WAITING, count))
        recent = set(waiting[:WAITING_RECENT])
        questions = []
        for index, (template, fill) in enumerate(variants):
            number = index + 1
            asker = self._asker(template.theme)
            if index in recent:
                asked = self.now - timedelta(hours=rng.uniform(3, 40))
            elif index in waiting:
                asked = self.now - timedelta(days=rng.uniform(2.5, 24))
            else:
                asked = self.now - timedelta(days=0.5 + (WITHIN_DAYS - 0.5) * rng.random() ** 1.25)
            question = PlannedQuestion(
                f"{KEY_PREFIX}{number}",
                template.theme,
                asker.email,
                index in anonymous,
                template.title.format(*fill),
                template.body.format(*fill),
                asked,
            )
            if index not in waiting:
                self._thread(question, template, fill, asker)
            questions.append(question)
        return questions

    def _asker(self, theme: str) -> Person:
        experts = [p for p in self.people if theme in p.themes]
        return self.rng.choice(experts if experts and self.rng.random() < 0.4 else self.people)

    def _others(self, exclude: set[str], *, theme: str | None = None) -> list[Person]:
        return [
            p
            for p in self.people
            if p.email not in exclude and (theme is None or theme in p.themes)
        ]

    def _thread(
        self,
        question: PlannedQuestion,
        template: QuestionTemplate,
        fill: tuple[str, ...],
        asker: Person,
    ) -> None:
        rng = self.rng
        wanted = rng.choices((1, 2, 3, 4), weights=(30, 35, 25, 10))[0]
        general = list(THEME_ANSWERS[template.theme])
        rng.shuffle(general)
        bodies = [template.answer.format(*fill), *general][:wanted]
        if wanted == 4:
            bodies.append(rng.choice(ANY_ANSWERS))
        rng.shuffle(bodies)
        # Answers: from people who know the theme, mostly; minutes to days after the question.
        taken = {asker.email}
        at = question.at + self._first_answer_delay()
        for number, body in enumerate(bodies, start=1):
            experts = self._others(taken, theme=template.theme)
            pool = experts if experts and rng.random() < 0.8 else self._others(taken)
            if not pool:
                break
            answerer = rng.choice(pool)
            taken.add(answerer.email)
            if number > 1:
                at += timedelta(minutes=rng.uniform(30, 2 * 24 * 60))
            question.answers.append(
                PlannedAnswer(
                    f"{question.key}-a{number}", answerer.email, self._dress(body, answerer), at
                )
            )
        for answer in question.answers:
            self._comments(question, answer)
        if question.answers and rng.random() < HELPED_BY_ASKER_SHARE:
            answer = rng.choice(question.answers)
            answer.helped.append(
                PlannedHelped(
                    question.author,
                    self._minutes(),
                    max([answer.at, *(c.at for c in answer.comments)])
                    + timedelta(minutes=rng.uniform(20, 3 * 24 * 60)),
                )
            )
        self._fit_before_now(question)
        for answer in question.answers:
            self._helped_too(question, answer)

    def _first_answer_delay(self) -> timedelta:
        draw = self.rng.random()
        if draw < 0.5:
            return timedelta(minutes=self.rng.uniform(15, 180))
        if draw < 0.85:
            return timedelta(hours=self.rng.uniform(3, 24))
        return timedelta(days=self.rng.uniform(1, 4))

    def _dress(self, body: str, answerer: Person) -> str:
        """Now and then an opening line and a closing line around an answer."""
        if body in ANY_ANSWERS:
            return body
        where = _where(answerer)
        if self.rng.random() < 0.35:
            opener = self.rng.choice(OPENERS)
            body = f"{opener.format(at=where, at_lower=where[0].lower() + where[1:])} {body}"
        if self.rng.random() < 0.3:
            body = f"{body}\n\n{self.rng.choice(CLOSERS)}"
        return body

    def _comments(self, question: PlannedQuestion, answer: PlannedAnswer) -> None:
        rng = self.rng
        key = f"{answer.key}-c"
        comments = answer.comments
        if rng.random() < 0.3:
            if rng.random() < 0.5:
                text, replies = rng.choice(ASKER_THANKS), THANKS_REPLIES
                reply_chance = 0.3
            else:
                text, replies = rng.choice(ASKER_QUESTIONS)
                reply_chance = 0.85
            at = answer.at + timedelta(minutes=rng.uniform(10, 24 * 60))
            comments.append(PlannedComment(f"{key}{len(comments) + 1}", question.author, text, at))
            if rng.random() < reply_chance:
                at += timedelta(minutes=rng.uniform(15, 8 * 60))
                comments.append(
                    PlannedComment(
                        f"{key}{len(comments) + 1}", answer.author, rng.choice(replies), at
                    )
                )
        if rng.random() < 0.15:
            others = self._others({question.author, answer.author})
            comments.append(
                PlannedComment(
                    f"{key}{len(comments) + 1}",
                    rng.choice(others).email,
                    rng.choice(OTHER_COMMENTS),
                    answer.at + timedelta(minutes=rng.uniform(60, 3 * 24 * 60)),
                )
            )
        comments.sort(key=lambda comment: comment.at)

    def _minutes(self, *, maybe_none: bool = False) -> int | None:
        if maybe_none and self.rng.random() < 0.25:
            return None
        return self.rng.choices(MINUTES, weights=MINUTES_WEIGHTS)[0]

    def _fit_before_now(self, question: PlannedQuestion) -> None:
        """A thread of a recent question may run past now: squeeze it in proportionally."""
        times = [question.last_activity_at]
        times += [helped.at for answer in question.answers for helped in answer.helped]
        end = max(times)
        if end <= self.latest:
            return
        factor = (self.latest - question.at) / (end - question.at)

        def squeeze(at: datetime) -> datetime:
            return question.at + (at - question.at) * factor

        for answer in question.answers:
            answer.at = squeeze(answer.at)
            for comment in answer.comments:
                comment.at = squeeze(comment.at)
            for helped in answer.helped:
                helped.at = squeeze(helped.at)

    def _helped_too(self, question: PlannedQuestion, answer: PlannedAnswer) -> None:
        """Others find an answer later (through search, a theme page) and say it helped
        them too, each with their own estimate, or none."""
        rng = self.rng
        chance = 0.3 if answer.helped else 0.12
        if rng.random() >= chance or self.latest - answer.at < timedelta(hours=2):
            return
        count = 2 if rng.random() < 0.3 else 1
        exclude = {question.author, answer.author}
        for person in rng.sample(self._others(exclude), count):
            span = (self.latest - answer.at).total_seconds()
            at = answer.at + timedelta(seconds=max(span * rng.random(), 3600))
            answer.helped.append(PlannedHelped(person.email, self._minutes(maybe_none=True), at))


# --- Loading ----------------------------------------------------------------------------


@dataclass
class QuestionSummary:
    questions: int
    questions_created: int
    themes: int
    answers: int
    comments: int
    helped: int
    minutes_saved: int
    anonymous: int
    waiting: int


def load_demo_questions(
    *, stdout: Writer | None = None, now: datetime | None = None
) -> QuestionSummary:
    """Add the demo questions that are missing (see the module docstring). Needs the demo
    community (plein.members.demo.load_demo_community); questions of demo people who are
    not active members, or of themes that do not exist, are left out. One transaction."""
    now = now or timezone.now()
    # Why the dummy backend: see the module docstring ("No mail").
    with override_settings(EMAIL_BACKEND=DUMMY_MAIL_BACKEND), transaction.atomic():
        cast = demo_cast()
        members, themes = cast.members, cast.themes
        plan = [
            question
            for question in demo_questions(cast.people, now=now)
            if question.theme in themes
        ]
        existing = set(
            Post.objects.filter(submit_key__startswith=KEY_PREFIX).values_list(
                "submit_key", flat=True
            )
        )
        todo = sorted(
            (question for question in plan if question.key not in existing),
            key=lambda question: question.at,
        )
        loader = _Loader(members, themes, now=now)
        for question in todo:
            loader.load(question)
        loader.backdate()
        _progress(stdout, f"Questions: {len(plan)} ({len(todo)} new)")
        return _summary(created=len(todo))


def _progress(stdout: Writer | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


def _summary(*, created: int) -> QuestionSummary:
    posts = Post.objects.filter(submit_key__startswith=KEY_PREFIX)
    replies = Reply.objects.filter(post__in=posts)
    helped = Helped.objects.filter(reply__post__in=posts)
    return QuestionSummary(
        questions=posts.count(),
        questions_created=created,
        themes=posts.values("theme").distinct().count(),
        answers=replies.filter(parent__isnull=True).count(),
        comments=replies.filter(parent__isnull=False).count(),
        helped=helped.count(),
        minutes_saved=helped.aggregate(total=Sum("minutes"))["total"] or 0,
        anonymous=posts.filter(is_anonymous=True).count(),
        waiting=posts.filter(status=Post.Status.OPEN, answer_count=0).count(),
    )


class _Loader:
    """Runs a plan through the actions, remembering what to backdate afterwards."""

    def __init__(
        self, members: dict[str, Member], themes: dict[str, Theme], *, now: datetime
    ) -> None:
        self.members = members
        self.themes = themes
        self.now = now
        self.rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
        self.posts: list[Post] = []
        self.replies: list[Reply] = []
        self.helped: list[Helped] = []
        self.clock = NotificationClock(self.rng, now=now)

    def load(self, planned: PlannedQuestion) -> None:
        post = actions.ask_question(
            self.members[planned.author],
            theme=self.themes[planned.theme],
            title=planned.title,
            body=planned.body,
            anonymous=planned.anonymous,
            confirmed_privacy=False,  # a text that looks like client data must stop the load
            submit_key=planned.key,
        )
        post.created_at, post.last_activity_at = planned.at, planned.last_activity_at
        self.posts.append(post)
        self.clock.note(planned.at)
        answers: dict[str, Reply] = {}
        for planned_answer in planned.answers:
            reply = actions.answer_question(
                self.members[planned_answer.author],
                post,
                body=planned_answer.body,
                confirmed_privacy=False,
            )
            self._stamp(reply, planned_answer.at)
            answers[planned_answer.key] = reply
        later: list[tuple[datetime, PlannedComment | PlannedHelped, Reply]] = []
        for planned_answer in planned.answers:
            reply = answers[planned_answer.key]
            later += [(comment.at, comment, reply) for comment in planned_answer.comments]
            later += [(helped.at, helped, reply) for helped in planned_answer.helped]
        for at, event, reply in sorted(later, key=lambda item: item[0]):
            if isinstance(event, PlannedComment):
                comment = actions.comment_on(
                    self.members[event.author],
                    reply,
                    body=event.body,
                    confirmed_privacy=False,
                )
                self._stamp(comment, at)
            else:
                helped = actions.mark_helped(
                    self.members[event.member], reply, minutes=event.minutes
                )
                helped.created_at = at
                self.helped.append(helped)
                self.clock.note(at)

    def _stamp(self, reply: Reply, at: datetime) -> None:
        reply.created_at = at
        self.replies.append(reply)
        self.clock.note(at)

    def backdate(self) -> None:
        """Demo only: give everything its moment in the past (actions stamp "now"), and
        settle the notifications: mailed, and read if the member has been in since."""
        for post in self.posts:
            Post.objects.filter(pk=post.pk).update(
                created_at=post.created_at, last_activity_at=post.last_activity_at
            )
        for reply in self.replies:
            Reply.objects.filter(pk=reply.pk).update(created_at=reply.created_at)
        for helped in self.helped:
            Helped.objects.filter(pk=helped.pk).update(created_at=helped.created_at)
        self.clock.backdate()


class NotificationClock:
    """Demo only: actions stamp their notifications "now". This notes the moment each one
    belongs to (call `note` right after the action) and later moves them there: mailed
    then (or in that day's summary), and read if the member has been in since."""

    def __init__(self, rng: random.Random, *, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.last = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
        self.at: dict[int, datetime] = {}

    def note(self, at: datetime) -> None:
        """The notifications the last action made belong to the moment it happened."""
        new = list(Notification.objects.filter(pk__gt=self.last).values_list("pk", flat=True))
        for pk in new:
            self.at[pk] = at
        if new:
            self.last = max(new)

    def backdate(self) -> None:
        notifications = Notification.objects.filter(pk__in=list(self.at)).order_by("pk")
        rows = list(notifications.values_list("pk", "recipient_id", "mail"))
        last_seen = dict(
            Member.objects.filter(pk__in={row[1] for row in rows}).values_list("pk", "last_seen")
        )
        for pk, recipient_id, mail in rows:
            at = self.at[pk]
            changes: dict[str, object] = {"created_at": at}
            if mail == Notification.Mail.PENDING:
                changes.update(mail=Notification.Mail.SENT, mailed_at=at)
            elif mail == Notification.Mail.DAILY:
                changes.update(
                    mail=Notification.Mail.IN_SUMMARY, mailed_at=min(_next_digest(at), self.now)
                )
            seen = last_seen.get(recipient_id)
            if seen is not None and at < seen:
                delay = timedelta(minutes=self.rng.uniform(5, 36 * 60))
                changes["read_at"] = min(at + delay, seen)
            Notification.objects.filter(pk=pk).update(**changes)


def _next_digest(at: datetime) -> datetime:
    """When the daily summary after `at` went out (DIGEST_HOUR, local time)."""
    local = timezone.localtime(at)
    digest = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return digest if digest > local else digest + timedelta(days=1)
