"""Demo blog carnivals: a finished one, "Is sociaal leren te leren?", with blog posts by
demo members, two posts on (made-up) blogs elsewhere and the community manager's roundup;
and a running one, started ten days ago and open for two more weeks, with three posts on
Plein, the demo's anonymous process story, two external posts on its page and one
waiting in the moderation queue.

Plein's own posts and entries go through the actions (plein.posts.stories and
plein.posts.carnivals) with `confirmed_privacy=False`, so a text that looks like client
data makes the load fail. Two things cannot go through them, on purpose:

- External entries are created directly as already-checked entries: the demo is loaded
  offline, and the made-up blog domains do not exist to be fetched.
- The finished carnival is opened with a period ending today, its entries join, and then
  its last day is moved into the past, so its roundup can be written (the actions never
  open a carnival in the past).

Loading twice adds nothing: a carnival whose question exists is left alone. The
notifications the load makes are settled and the load runs with the dummy mail backend,
so nobody is mailed. The Dutch texts are demo data, not interface strings."""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.test import override_settings
from django.utils import timezone

from plein.members.demo import COMMUNITY_MANAGER_EMAIL, Writer, demo_cast
from plein.members.models import Member
from plein.notify.models import Notification
from plein.posts import carnivals, stories
from plein.posts.demo_stories import (
    DUMMY_MAIL_BACKEND,
    STORY_KEY,
    _backdate,
    _cast,
    _progress,
    _settle,
)
from plein.posts.models import Carnival, CarnivalEntry, Post
from plein.themes.models import Theme

SEED = 2027
KEY = "demo-carnival-"


@dataclass(frozen=True)
class DemoPost:
    title: str
    body: str
    days_ago: int


@dataclass(frozen=True)
class DemoExternal:
    url: str
    title: str
    excerpt: str
    author_name: str
    days_ago: int
    waiting: bool = False  # still in the host's moderation queue


@dataclass(frozen=True)
class DemoCarnival:
    title: str
    intro: str
    theme: str
    started_days_ago: int
    ends_in_days: int  # negative: it finished that many days ago
    posts: tuple[DemoPost, ...]
    externals: tuple[DemoExternal, ...]
    roundup: str = ""
    # The demo's anonymous process story (plein.posts.demo_stories) joins: it shows that
    # an entry keeps its author hidden.
    anonymous_story: bool = False


FINISHED = DemoCarnival(
    title="Is sociaal leren te leren?",
    intro=(
        "We zeggen vaak dat professionals van elkaar leren, over organisaties heen. Maar "
        "kun je dat leren? Of gebeurt het vanzelf, of juist nooit?\n\n"
        "Schrijf een blog over een moment waarop je echt iets leerde van een collega van "
        "een andere organisatie: wat maakte dat het lukte? En wat hield je tegen, de "
        "keren dat het niet lukte?\n\n"
        "Schrijf op Plein, of op je eigen blog en link naar deze pagina."
    ),
    theme="innovatie",
    started_days_ago=45,
    ends_in_days=-12,
    posts=(
        DemoPost(
            "Leren begint met durven zeggen dat je het niet weet",
            "In mijn eerste jaar als jeugdconsulent deed ik alsof ik alles wist. Pas toen ik "
            "in een intervisie met collega's uit Almelo en Borne hardop zei dat ik vastliep "
            "bij een gezin, kwam er iets los.\n\n"
            "Wat ik leerde: **sociaal leren is te leren, maar het begint bij veiligheid.** "
            "Niet bij een platform of een methode, maar bij één collega die als eerste "
            "zegt: ik weet het ook niet.",
            40,
        ),
        DemoPost(
            "Wat een stagiair mij leerde over de sociale kaart",
            "Onze stagiair vroeg waarom we voor elke vraag dezelfde drie aanbieders "
            "bellen. Ik had geen goed antwoord. Samen hebben we een middag gebeld met "
            "buurgemeenten: wie doet wat, wie heeft ruimte?\n\n"
            "Leren van elkaar gaat niet alleen van ervaren naar nieuw. De frisse blik van "
            "iemand die net binnen is, is goud waard, als je er ruimte voor maakt.",
            33,
        ),
        DemoPost(
            "Een leernetwerk is geen vergadering",
            "Drie jaar zaten we elke maand met tien gemeenten aan tafel. Het was een "
            "vergadering met agenda en notulen, en niemand leerde iets.\n\n"
            "Sinds we elke bijeenkomst beginnen met één casus die niet goed ging, is het "
            "anders. Het vraagt een voorzitter die dat voordoet. Dus ja: sociaal leren is "
            "te leren, maar het moet iemand voorleven.",
            27,
        ),
        DemoPost(
            "Tijd is het excuus, niet de reden",
            "Geen tijd, zeggen we allemaal. Maar toen ik bijhield hoeveel tijd ik kwijt "
            "was aan uitzoeken wat een collega in Enschede al wist, schrok ik: een halve "
            "dag per week.\n\n"
            "Vragen stellen aan elkaar kost minder tijd dan het zelf uitzoeken. Dat moet je "
            "een keer ervaren, en dan blijf je het doen.",
            20,
        ),
    ),
    externals=(
        DemoExternal(
            "https://blog.wijkteam-hengelo.nl/2026/sociaal-leren-in-de-wijk",
            "Sociaal leren in de wijk: wat werkt er bij ons?",
            "Ons wijkteam probeerde een jaar lang elke week een kwartier casuïstiek met de "
            "huisartsenpraktijk. Wat we leerden over vertrouwen, tijd en de juiste vragen.",
            "Wijkteam Hengelo-Noord",
            30,
        ),
        DemoExternal(
            "https://onderwijsenzorg-twente.nl/blog/leren-over-de-schoolgrens",
            "Leren over de grens van school en zorg",
            "Een intern begeleider en een jeugdconsulent schreven samen op wat ze van "
            "elkaar leerden toen ze een jaar lang dezelfde leerlingen volgden.",
            "Marloes ter Horst",
            24,
        ),
    ),
    roundup=(
        "Zes blogs, van Plein en daarbuiten, en één rode draad: **sociaal leren is te "
        "leren, maar niet in je eentje.**\n\n"
        "- Het begint bij veiligheid: iemand moet als eerste zeggen dat ze het niet weet.\n"
        "- Een leernetwerk vraagt een voorzitter die voordoet hoe je een casus inbrengt "
        "die niet goed ging.\n"
        "- Nieuwe collega's en stagiairs stellen de vragen die wij zijn vergeten.\n"
        "- Tijd is vaak het excuus; wie bijhoudt wat zoeken kost, ziet dat vragen "
        "sneller is.\n\n"
        "Dank aan iedereen die schreef. De volgende blogkermis staat al open!"
    ),
)

RUNNING = DemoCarnival(
    title="Wat leerde je van een fout?",
    intro=(
        "Fouten maken we allemaal, maar we delen vooral wat goed ging. In deze blogkermis "
        "vragen we het omgekeerde: vertel over iets dat misging in je werk, en wat je "
        "ervan leerde.\n\n"
        "Een verhaal mag ook anoniem, als het te dichtbij komt. Noem nooit gegevens van "
        "cliënten."
    ),
    theme="wijkteams",
    started_days_ago=10,
    ends_in_days=14,
    anonymous_story=True,
    posts=(
        DemoPost(
            "Het gezin dat ik vergat terug te bellen",
            "Een moeder belde met een vraag over dagbesteding. Ik beloofde terug te bellen "
            "en vergat het, drie weken lang. Ze belde zelf weer, boos en terecht.\n\n"
            "Sindsdien zet ik elke toezegging direct in mijn agenda, met het telefoonnummer "
            "in ons systeem en niet op een briefje. Klein, maar het werkt.",
            8,
        ),
        DemoPost(
            "Te snel een indicatie afgegeven",
            "Onder druk van de wachtlijst gaf ik een indicatie af zonder het gesprek met "
            "school. Achteraf paste de hulp niet. We verloren twee maanden.\n\n"
            "Nu bel ik altijd eerst de intern begeleider, ook als het haast heeft.",
            6,
        ),
        DemoPost(
            "Een pilot die we te groot begonnen",
            "We wilden meteen in vier wijken tegelijk starten. Niemand had overzicht en na "
            "een half jaar wist niemand meer wat er werkte.\n\n"
            "Les: begin klein, meet vanaf dag één, en durf te stoppen.",
            3,
        ),
    ),
    externals=(
        DemoExternal(
            "https://www.jeugdwerkdelden.nl/blog/fouten-maken-mag",
            "Fouten maken mag, ook in het jongerenwerk",
            "Over een activiteit die helemaal misliep, en waarom we dat nu vertellen aan "
            "nieuwe jongerenwerkers in hun eerste week.",
            "Jeugdwerk Delden",
            7,
        ),
        DemoExternal(
            "https://mantelzorgpraat.nl/2026/11/de-vergeten-mantelzorger",
            "De vergeten mantelzorger",
            "Een consulent schrijft hoe ze de mantelzorger over het hoofd zag, en wat ze "
            "nu anders vraagt bij het eerste gesprek.",
            "Ingrid Nijhuis",
            4,
        ),
        DemoExternal(
            "https://zorgpioniers-oost.nl/blog/wat-we-fout-deden",
            "Wat we fout deden bij de inkoop van jeugdhulp",
            "Een terugblik op drie jaar inkoop: te veel aanbieders, te weinig gesprekken, "
            "en hoe het nu beter gaat.",
            "",
            1,
            waiting=True,
        ),
    ),
)

CARNIVALS = (FINISHED, RUNNING)


def load_demo_carnivals(*, stdout: Writer | None = None) -> int:
    """Add the demo carnivals that are missing; returns how many were made."""
    with override_settings(EMAIL_BACKEND=DUMMY_MAIL_BACKEND), transaction.atomic():
        cast = demo_cast()
        host = cast.members.get(COMMUNITY_MANAGER_EMAIL)
        if host is None or len(cast.members) < 10:
            _progress(stdout, "Blog carnivals: skipped (load the demo community first)")
            return 0
        last_notification = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
        existing = set(
            Carnival.objects.filter(deleted_at__isnull=True).values_list("title", flat=True)
        )
        rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
        people = [p for p in cast.people if not p.community_manager]
        created = 0
        for n, spec in enumerate(CARNIVALS, start=1):
            writers = [
                cast.members[_cast(spec.theme, people, rng, 0)[0].email] for _post in spec.posts
            ]
            if spec.title in existing:
                continue
            _load_carnival(spec, f"{KEY}{n}", host, cast.themes.get(spec.theme), writers)
            created += 1
        _settle(last_notification)
        _progress(stdout, f"Blog carnivals: {len(CARNIVALS)} ({created} new)")
        return created


def _load_carnival(
    spec: DemoCarnival, key: str, host: Member, theme: Theme | None, writers: list[Member]
) -> Carnival:
    today = timezone.localdate()
    finished = spec.ends_in_days < 0
    carnival = carnivals.open_carnival(
        host,
        title=spec.title,
        intro=spec.intro,
        theme=theme,
        starts_on=today - timedelta(days=spec.started_days_ago),
        # A finished carnival runs until today while its entries join (see the module).
        ends_on=today if finished else today + timedelta(days=spec.ends_in_days),
    )
    Carnival.objects.filter(pk=carnival.pk).update(
        created_at=timezone.now() - timedelta(days=spec.started_days_ago + 2)
    )
    for i, (post_spec, writer) in enumerate(zip(spec.posts, writers, strict=True), start=1):
        post = stories.write_blog_post(
            writer,
            theme=theme or Theme.objects.order_by("order").first(),  # type: ignore[arg-type]
            title=post_spec.title,
            body=post_spec.body,
            submit_key=f"{key}-{i}",
        )
        entry = carnivals.enter_post(writer, carnival, post)
        _backdate(post, post_spec.days_ago)
        _published(entry, post_spec.days_ago)
    for external in spec.externals:
        at = timezone.now() - timedelta(days=external.days_ago)
        CarnivalEntry.objects.create(
            carnival=carnival,
            via=CarnivalEntry.Via.WEBMENTION,
            source_url=external.url,
            source_host=external.url.split("/")[2],
            status=CarnivalEntry.Status.MODERATION
            if external.waiting
            else CarnivalEntry.Status.PUBLISHED,
            title=external.title,
            excerpt=external.excerpt,
            author_name=external.author_name,
            created_at=at,
            checked_at=at + timedelta(minutes=2),
            published_at=None if external.waiting else at + timedelta(hours=3),
            check_count=1,
        )
    if spec.anonymous_story:
        _enter_anonymous_story(carnival)
    carnival.refresh_counts()
    if finished:
        Carnival.objects.filter(pk=carnival.pk).update(
            ends_on=today + timedelta(days=spec.ends_in_days)
        )
        carnival.refresh_from_db()
        carnival = carnivals.write_roundup(host, carnival, text=spec.roundup)
    return carnival


def _enter_anonymous_story(carnival: Carnival) -> None:
    story = (
        Post.objects.filter(
            kind=Post.Kind.STORY,
            is_anonymous=True,
            submit_key__startswith=STORY_KEY,
            circle__isnull=True,
            deleted_at__isnull=True,
        )
        .select_related("author")
        .order_by("pk")
        .first()
    )
    if story is not None:
        entry = carnivals.enter_post(story.author, carnival, story)
        _published(entry, 5)


def _published(entry: CarnivalEntry, days_ago: int) -> None:
    at = timezone.now() - timedelta(days=days_ago)
    CarnivalEntry.objects.filter(pk=entry.pk).update(created_at=at, published_at=at)
