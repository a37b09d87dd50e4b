"""The same searches with the same expected results, exactly, on whichever database the
suite runs on: CI runs this module on SQLite (FTS5, Python's Snowball stems) and on
PostgreSQL (tsvector, the 'dutch' configuration), so the two backends must agree."""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from plein.core.testing import Personas
from plein.library import actions as library
from plein.library.tests.helpers import PDF
from plein.posts.tests.helpers import answer, ask, helped
from plein.search.queries import search_page
from plein.search.tests.helpers import indexed_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(db: None) -> Personas:
    return indexed_personas()


@dataclass(frozen=True)
class Thread:
    """A question in the theme Preventie (whose name no case searches for), asked by
    Fatima, with answers by Joost; `helped`: Fatima marks the first answer helpful."""

    title: str
    body: str = ""
    answers: tuple[str, ...] = ()
    helped: bool = False


def build(personas: Personas, threads: list[Thread]) -> None:
    # In order: later threads are newer, which would win a tie, so a case that puts an
    # earlier thread first proves the ranking put it there.
    for thread in threads:
        post = ask(personas.member, personas.prevention, title=thread.title, body=thread.body)
        replies = [answer(personas.colleague, post, text) for text in thread.answers]
        if thread.helped:
            helped(personas.member, replies[0])


def question_titles(personas: Personas, text: str) -> list[str]:
    page = search_page(personas.other_org_member, text, kind="question")
    return [result.object.title for result in page.results]


CASES = [
    pytest.param(
        [Thread("Wachtlijst aanpakken"), Thread("Mantelzorg in de wijk")],
        "wachtlijsten",
        ["Wachtlijst aanpakken"],
        id="a plural finds the singular",
    ),
    pytest.param(
        [Thread("Lange wachtlijsten"), Thread("Mantelzorg in de wijk")],
        "wachtlijst aanpak",
        ["Lange wachtlijsten"],
        id="a singular finds the plural",
    ),
    pytest.param(
        [Thread("Keukentafelgesprekken voeren"), Thread("Mantelzorg in de wijk")],
        "keukentafelgesprek",
        ["Keukentafelgesprekken voeren"],
        id="a compound's plural",
    ),
    pytest.param(
        [Thread("Een goede jeugdzorgaanbieder vinden"), Thread("Zorgaanbieder kiezen")],
        "jeugdzorg",
        ["Een goede jeugdzorgaanbieder vinden"],
        id="the last word typed is the start of a longer word",
    ),
    pytest.param(
        [Thread("Jeugdzorgaanbieder gezocht"), Thread("Wachtlijst verkorten")],
        "jeugdzorg wachtlijst",
        ["Wachtlijst verkorten"],
        id="only the last word is a prefix",
    ),
    pytest.param(
        [Thread("Wachtlijst verkorten"), Thread("Mantelzorg in de wijk")],
        "wachtl",
        ["Wachtlijst verkorten"],
        id="a word half typed",
    ),
    pytest.param(
        [Thread("Samenwerking met de gemeente"), Thread("Gemaal en dijken")],
        "gemeen",
        ["Samenwerking met de gemeente"],
        id="a prefix whose stem would miss the word",
    ),
    pytest.param(
        [Thread("Wachtlijst", "x"), Thread("Mantelzorg", "wachtlijst")],
        "aanpak",
        [],
        id="nothing found",
    ),
    pytest.param(
        [
            Thread("Vraag over de regio", "Het gaat om mantelzorg in Twente."),
            Thread("Mantelzorg in Twente", "Een vraag over de regio."),
        ],
        "mantelzorg",
        ["Mantelzorg in Twente", "Vraag over de regio"],
        id="a word in the title ranks above one in the text",
    ),
    pytest.param(
        [
            Thread("Mantelzorg in Twente", "Een vraag over de regio."),
            Thread("Vraag over de regio", "Het gaat om mantelzorg in Twente."),
        ],
        "mantelzorg",
        ["Mantelzorg in Twente", "Vraag over de regio"],
        id="a word in the title ranks above one in the text, whichever is newer",
    ),
    pytest.param(
        [Thread("Jeugdzorg in de regio"), Thread("Wachtlijst jeugdzorg in de regio")],
        "wachtlijst jeugdzorg regio",
        ["Wachtlijst jeugdzorg in de regio", "Jeugdzorg in de regio"],
        id="more words matched rank higher",
    ),
    pytest.param(
        [
            Thread("Wachtlijst verkorten", answers=("Bel het wijkteam.",)),
            Thread("Wachtlijst aanpakken"),
        ],
        "wachtlijst",
        ["Wachtlijst verkorten", "Wachtlijst aanpakken"],
        id="an answered question ranks above an equal open one",
    ),
    pytest.param(
        [
            Thread("Wachtlijst verkorten", answers=("Bel het wijkteam.",), helped=True),
            Thread("Wachtlijst aanpakken", answers=("Bel het wijkteam.",)),
        ],
        "wachtlijst",
        ["Wachtlijst verkorten", "Wachtlijst aanpakken"],
        id="a question whose answer helped ranks above an equal answered one",
    ),
    pytest.param(
        [Thread("Wachtlijst verkorten"), Thread("Wachtlijst aanpakken")],
        "wachtlijst",
        ["Wachtlijst aanpakken", "Wachtlijst verkorten"],
        id="between equals the newest comes first",
    ),
    pytest.param(
        [Thread("Wachtlijst verkorten"), Thread("Het is wat het is")],
        "de wachtlijst van het",
        ["Wachtlijst verkorten"],
        id="stop words are ignored around words",
    ),
    pytest.param(
        [Thread("Wachtlijst verkorten"), Thread("Het is wat het is")],
        "hoe het is",
        [],
        id="only stop words finds nothing",
    ),
    pytest.param(
        [Thread("Wachtlijst verkorten"), Thread("How to do the waiting")],
        "the how to",
        [],
        id="English stop words too",
    ),
    pytest.param(
        [Thread("Ideeën voor de wijk"), Thread("Ideaal wijkteam")],
        "ideeën",
        ["Ideeën voor de wijk"],
        id="a word with a diaeresis",
    ),
    pytest.param(
        [Thread("Ideeën voor de wijk"), Thread("Ideaal wijkteam")],
        "ideeen wijk",
        ["Ideeën voor de wijk", "Ideaal wijkteam"],
        id="typed without its diaeresis",
    ),
    pytest.param(
        [Thread("Ideeen voor de wijk"), Thread("Ideaal")],
        "IDEEËN",
        ["Ideeen voor de wijk"],
        id="capitals and a diaeresis find the plain spelling",
    ),
    pytest.param(
        [Thread("Ideeën voor de wijk"), Thread("Ideaal")],
        "ideeë",
        ["Ideeën voor de wijk"],
        id="a diaeresis half typed",
    ),
    pytest.param(
        [Thread("Geïnteresseerd in preventie?"), Thread("Geïntegreerde aanpak")],
        "geinteresseerd",
        ["Geïnteresseerd in preventie?"],
        id="a diaeresis left out in the middle",
    ),
    pytest.param(
        [Thread("Café in de wijk"), Thread("Cafetaria")],
        "cafe wijk",
        ["Café in de wijk"],
        id="an acute accent left out",
    ),
    pytest.param(
        [Thread("Очередь в детский сад"), Thread("Wachtlijst")],
        "очередь",
        ["Очередь в детский сад"],
        id="Cyrillic",
    ),
    pytest.param(
        [Thread("Jaarverslag 2024"), Thread("Jaarverslag 2023")],
        "2024",
        ["Jaarverslag 2024"],
        id="numbers",
    ),
    pytest.param(
        [Thread("Jeugdzorg-aanbieder gezocht"), Thread("Wachtlijst")],
        "aanbieder",
        ["Jeugdzorg-aanbieder gezocht"],
        id="a part of a hyphenated word",
    ),
    pytest.param(
        [
            Thread("Tips gevraagd", "Kijk op www.wachtlijstloket.nl voor de cijfers."),
            Thread("Anders"),
        ],
        "wachtlijstloket",
        ["Tips gevraagd"],
        id="a word in a web address",
    ),
    pytest.param(
        [Thread("Tips gevraagd", "Mail naar info@jeugdloket.example."), Thread("Anders")],
        "jeugdloket",
        ["Tips gevraagd"],
        id="a word in an e-mail address",
    ),
    pytest.param(
        [Thread("Tips gevraagd", "Zie https://example.org/wachtlijsten/aanpak"), Thread("Anders")],
        "wachtlijsten",
        ["Tips gevraagd"],
        id="a word in the path of a link",
    ),
    pytest.param(
        [Thread("Tips gevraagd", "Het gaat om de wachtlijst.Daarna de rest"), Thread("Anders")],
        "daarna",
        ["Tips gevraagd"],
        id="a word after a full stop without a space",
    ),
    pytest.param(
        [Thread("Wachtlijst verkorten"), Thread("Mantelzorg")],
        "kquestion",
        [],
        id="the kind facet cannot be typed",
    ),
    pytest.param(
        [Thread("Wachtlijst verkorten"), Thread("Mantelzorg")],
        "facets:kquestion",
        [],
        id="nor as a column filter",
    ),
    pytest.param(
        [Thread("Wachtlijst verkorten"), Thread("Mantelzorg")],
        f"m{timezone.now():%Y%m}",
        [],
        id="the month facet cannot be typed",
    ),
]


@pytest.mark.parametrize(("threads", "text", "expected"), CASES)
def test_both_databases_find_the_same_questions_in_the_same_order(
    personas: Personas, threads: list[Thread], text: str, expected: list[str]
) -> None:
    build(personas, threads)

    assert question_titles(personas, text) == expected


def test_the_theme_and_organisation_facets_cannot_be_typed(personas: Personas) -> None:
    build(personas, [Thread("Wachtlijst verkorten")])

    for facet in (f"t{personas.prevention.pk}", f"o{personas.hengelo.pk}"):
        assert search_page(personas.other_org_member, facet).results == []


def test_every_kind_is_found_by_its_own_words(personas: Personas) -> None:
    build(
        personas,
        [
            Thread(
                "Wachtlijst verkorten", "Hoe pakken jullie dat aan?", answers=("Bel het wijkteam.",)
            )
        ],
    )

    page = search_page(personas.other_org_member, "wijkteam")

    snippets = dict((r.kind, str(r.snippet)) for r in page.results)
    assert snippets["answer"] == "Bel het <mark>wijkteam</mark>."
    # The question's text, with its answers: from a few words before the first match.
    assert snippets["question"].startswith(
        "… pakken jullie dat aan? Bel het <mark>wijkteam</mark>."
    )
    assert len(page.results) == 2
    assert page.counts.by_kind == {"answer": 1, "question": 1}


def test_members_are_found_by_what_they_like_to_be_asked_about(personas: Personas) -> None:
    page = search_page(personas.other_org_member, "wachtlijsten", kind="member")

    # Fatima's "ask me about": Wachtlijsten in de jeugdzorg. The People tab ranks with
    # the people finder, so the results stay empty; the count is the backend's.
    assert page.counts.by_kind == {"member": 1}


def test_themes_are_found_by_name_and_lead_to_their_questions(personas: Personas) -> None:
    build(personas, [Thread("Wachtlijst verkorten"), Thread("Vroeg erbij zijn")])

    page = search_page(personas.other_org_member, "preventie")

    kinds = [(r.kind, getattr(r.object, "title", None) or r.object.name) for r in page.results]
    # The theme itself first (its name is its title), then what is in it and Joost, who
    # declared it his expertise: all three only by the theme's name in their text.
    assert kinds[0] == ("theme", "Preventie")
    assert sorted(kinds[1:]) == [
        ("member", "Joost Bakker"),
        ("question", "Vroeg erbij zijn"),
        ("question", "Wachtlijst verkorten"),
    ]


def test_resources_are_found_by_their_file_name_tags_and_description(personas: Personas) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        shared = library.share_file(
            personas.member,
            theme=personas.prevention,
            title="Contract",
            upload=SimpleUploadedFile("Modelcontract_jeugdhulp-2024.pdf", PDF),
            description="Door de regio Twente opgesteld.",
            tags=["inkoop", "Raamovereenkomst"],
        )

    for text in ("modelcontract", "jeugdhulp", "raamovereenkomsten", "inkoop", "twente", "2024"):
        page = search_page(personas.other_org_member, text, kind="resource")
        assert [result.object for result in page.results] == [shared], text
