"""Whatever arrives in the search page's address: a clear message, the words kept in the
box, never a 500 (issue 4, "Bad input")."""

import base64
import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plein.core.pagination import encode_cursor
from plein.core.testing import Personas
from plein.members import actions as member_actions
from plein.posts.models import Post
from plein.posts.tests.helpers import ask
from plein.search.tests.helpers import found, page_of, search

pytestmark = pytest.mark.django_db

TOO_LONG = "That is too long to search for"
DAMAGED = "That link to a next page of results was damaged. Here is the first page."


@pytest.fixture
def searcher(client: Client, personas: Personas) -> Client:
    """Anouk, reading Plein in English so the messages can be checked word for word."""
    member_actions.set_preferred_language(personas.other_org_member, "en")
    client.force_login(personas.other_org_member)
    return client


@pytest.fixture
def question(personas: Personas) -> Post:
    return ask(personas.member, personas.prevention, title="Wachtlijst aanpakken", body="")


def test_an_empty_search_asks_for_words_and_searches_nothing(
    searcher: Client, question: Post
) -> None:
    for text in ("", "   ", "de het een", "?!"):
        response = search(searcher, text)

        assert response.status_code == 200
        assert "Type a few words" in response.content.decode()
        assert page_of(response).results == []


def test_a_5000_character_search_is_refused_with_the_text_kept(
    searcher: Client, question: Post
) -> None:
    text = "wachtlijst " * 454 + "aanpak"
    assert len(text) == 5000

    response = search(searcher, text)

    assert response.status_code == 400
    content = response.content.decode()
    assert f"{TOO_LONG}: use at most 500 characters (you typed 5000)." in content
    # Still in the search box, to shorten rather than type again.
    assert f'value="{text}"' in content
    assert "page" not in response.context


def test_a_too_long_search_is_explained_in_the_htmx_fragment_too(
    searcher: Client, question: Post
) -> None:
    response = search(searcher, "a" * 501, htmx=True)

    assert response.status_code == 400
    assert TOO_LONG in response.content.decode()
    assert "<html" not in response.content.decode()


# Each with what it must find: any FTS5 or tsquery syntax is a plain separator.
ODD_SEARCHES = [
    ('"', []),
    ('"wachtlijst', ["Wachtlijst aanpakken"]),
    ('wachtlijst"', ["Wachtlijst aanpakken"]),
    ('"wachtlijst aanpakken', ["Wachtlijst aanpakken"]),
    ("wacht*", ["Wachtlijst aanpakken"]),
    ("*", []),
    ("NEAR(wachtlijst aanpakken, 2)", ["Wachtlijst aanpakken"]),
    ("NEAR", []),
    ("wachtlijst AND aanpakken", ["Wachtlijst aanpakken"]),
    ("AND", []),
    ("OR NOT", []),
    ("(wachtlijst", ["Wachtlijst aanpakken"]),
    ("(((", []),
    ("-wachtlijst", ["Wachtlijst aanpakken"]),
    ("title:wachtlijst", ["Wachtlijst aanpakken"]),
    ("body : wachtlijst", ["Wachtlijst aanpakken"]),
    ("facets:kquestion", []),
    (":", []),
    ("^wachtlijst", ["Wachtlijst aanpakken"]),
    ("wachtlijst & | ! <-> :* aanpakken", ["Wachtlijst aanpakken"]),
    ("wachtlijst:*AB", ["Wachtlijst aanpakken"]),
    ("🙂👩‍👩‍👧 wachtlijst 🚀", ["Wachtlijst aanpakken"]),
    ("🙂", []),
    ("очередь", []),
    ("ĳsselmeer café geïnteresseerd ideeën", []),
    ("' OR 1=1; DROP TABLE search_searchdocument; --", []),
    ("wachtlijst'); DELETE FROM posts_post; --", ["Wachtlijst aanpakken"]),
    ("%", []),
    ("_", []),
    ("\\", []),
    ("½½ ²² ⅫⅫ ǅǅ", []),
]


@pytest.mark.parametrize(("text", "titles"), ODD_SEARCHES)
def test_search_syntax_is_read_as_plain_words(
    searcher: Client, question: Post, text: str, titles: list[str]
) -> None:
    response = search(searcher, text, kind="question")

    assert response.status_code == 200
    assert [title for _kind, title in found(response)] == titles
    # Nothing was dropped or deleted on the way.
    assert Post.objects.filter(pk=question.pk).exists()
    assert found(search(searcher, "wachtlijst", kind="question")) == [
        ("question", "Wachtlijst aanpakken")
    ]


def test_the_text_typed_is_shown_escaped(searcher: Client, question: Post) -> None:
    response = search(searcher, '<script>alert("wachtlijst")</script>')

    content = response.content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert" in content


def test_a_null_character_is_a_message_not_a_500(searcher: Client, question: Post) -> None:
    response = search(searcher, "wacht\x00lijst")

    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


# --- Page cursors that were cut off or tampered with --------------------------------------


def _raw(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


TAMPERED_CURSORS = {
    "garbage": "!!!not-a-cursor",
    "cut off": encode_cursor(["1.5", 12])[:-3],
    "not base64 of JSON": base64.urlsafe_b64encode(b"\xff\xfe\x00binary").decode(),
    "an object": _raw({"score": "1.5", "id": 12}),
    "too few values": encode_cursor(["1.5"]),
    "too many values": encode_cursor(["1.5", 12, 13]),
    "a number for the score": _raw([1.5, 12]),
    "text for the id": encode_cursor(["1.5", "12"]),
    "a word for the score": encode_cursor(["veel", 12]),
    "null values": _raw([None, None]),
    "a boolean for the id": _raw(["1.5", True]),
    "a fraction for the id": _raw(["1.5", 12.5]),
    "an id beyond any integer column": encode_cursor(["1.5", 10**30]),
    "a score that is not a number": encode_cursor(["nan", 12]),
    "an infinite score": encode_cursor(["inf", 12]),
    "nested lists": _raw([["1.5"], [12]]),
    "deeply nested": base64.urlsafe_b64encode(b"[" * 5000).decode(),
    "a NUL character": "\x00",
    "non-ASCII": "éé",
}


@pytest.fixture
def questions(personas: Personas) -> list[Post]:
    return [
        ask(personas.member, personas.prevention, title=f"Wachtlijst nummer {n}", body="")
        for n in range(3)
    ]


@pytest.mark.parametrize("sort", ["", "latest"])
@pytest.mark.parametrize("cursor", list(TAMPERED_CURSORS.values()), ids=list(TAMPERED_CURSORS))
def test_a_tampered_page_link_gives_a_message_and_the_first_page(
    searcher: Client, questions: list[Post], cursor: str, sort: str
) -> None:
    first_page = page_of(search(searcher, "wachtlijst", sort=sort))

    response = search(searcher, "wachtlijst", sort=sort, after=cursor)

    assert response.status_code == 400
    assert DAMAGED in response.content.decode()
    page = page_of(response)
    assert len(first_page.results) == 3
    assert [r.object for r in page.results] == [r.object for r in first_page.results]


@pytest.mark.parametrize("cursor", list(TAMPERED_CURSORS.values()), ids=list(TAMPERED_CURSORS))
def test_a_tampered_page_link_in_the_htmx_fragment_says_so(
    searcher: Client, questions: list[Post], cursor: str
) -> None:
    response = search(searcher, "wachtlijst", htmx=True, after=cursor)

    assert response.status_code == 400
    assert DAMAGED in response.content.decode()
    assert {r.object for r in page_of(response).results} == set(questions)


@pytest.mark.parametrize("cursor", list(TAMPERED_CURSORS.values()), ids=list(TAMPERED_CURSORS))
def test_a_tampered_page_link_of_the_people_tab_gives_the_first_page(
    searcher: Client, personas: Personas, cursor: str
) -> None:
    response = search(searcher, "jeugdzorg", kind="member", after=cursor)

    assert response.status_code == 400
    assert DAMAGED in response.content.decode()
    assert [e.member for e in response.context["people"].experts] == [personas.member]


# --- Filter values that do not exist ------------------------------------------------------

UNKNOWN_FILTERS = [
    ("kind", "everything", "Select a valid choice. everything is not one of the available"),
    ("kind", "post", "Select a valid choice. post is not one of the available"),
    ("theme", "bestaat-niet", "Select a valid choice. That choice is not one of the available"),
    ("organisation", "abc", "Select a valid choice. That choice is not one of the available"),
    ("organisation", "999999", "Select a valid choice. That choice is not one of the available"),
    (
        "organisation",
        "99999999999999999999999",
        "Select a valid choice. That choice is not one of the available",
    ),
    ("organisation", "-1", "Select a valid choice. That choice is not one of the available"),
    ("organisation_kind", "bank", "Select a valid choice. bank is not one of the available"),
    ("period", "decade", "Select a valid choice. decade is not one of the available"),
    ("sort", "oldest", "Select a valid choice. oldest is not one of the available"),
]


@pytest.mark.parametrize(("name", "value", "message"), UNKNOWN_FILTERS)
def test_an_unknown_filter_value_is_a_clear_message_with_the_words_kept(
    searcher: Client, question: Post, name: str, value: str, message: str
) -> None:
    unknown: dict[str, Any] = {name: value}
    response = search(searcher, "wachtlijst", **unknown)

    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert 'value="wachtlijst"' in content


@pytest.mark.parametrize(("name", "value", "message"), UNKNOWN_FILTERS)
def test_an_unknown_filter_value_is_explained_in_the_htmx_fragment(
    searcher: Client, question: Post, name: str, value: str, message: str
) -> None:
    unknown: dict[str, Any] = {name: value}
    response = search(searcher, "wachtlijst", htmx=True, **unknown)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_value_loses_none_of_the_other_choices(
    searcher: Client, personas: Personas, question: Post
) -> None:
    response = search(
        searcher,
        "wachtlijst",
        theme="bestaat-niet",
        organisation=personas.almelo.pk,
        period="week",
        sort="latest",
        kind="question",
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="wachtlijst"' in content
    assert f'<option value="{personas.almelo.pk}" selected>' in content
    assert '<option value="week" selected>' in content
    assert '<option value="latest" selected>' in content
    assert '<option value="question" selected>' in content


def test_markup_in_what_was_written_is_shown_as_text(searcher: Client, personas: Personas) -> None:
    ask(
        personas.member,
        personas.prevention,
        title="<img src=x onerror=alert(1)> Wachtlijst",
        body="<script>alert('wachtlijst')</script> en [een link](javascript:alert(1))",
    )

    content = search(searcher, "wachtlijst").content.decode()

    assert "<img src=x" not in content and "<script>alert" not in content
    assert "&lt;img src=x onerror=alert(1)&gt; <mark>Wachtlijst</mark>" in content
    assert "javascript:" not in content


def test_a_repeated_parameter_uses_the_last_value(searcher: Client, question: Post) -> None:
    response = searcher.get("/search/", {"q": ["niets", "wachtlijst"], "kind": ["", "question"]})

    assert response.status_code == 200
    assert found(response) == [("question", "Wachtlijst aanpakken")]


# --- Anything at all --------------------------------------------------------------------


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=520))
def test_any_text_is_searched_or_refused_never_a_500(
    searcher: Client, question: Post, text: str
) -> None:
    response = search(searcher, text)

    assert response.status_code in (200, 400)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=["Cc"]), max_size=60))
def test_any_word_typed_so_far_is_searched_as_a_prefix_without_error(
    searcher: Client, question: Post, text: str
) -> None:
    # The htmx search while typing: words of any script, the last one a prefix.
    response = search(searcher, f"wachtlijst {text}", htmx=True)

    assert response.status_code == 200
    assert ("question", "Wachtlijst aanpakken") in found(response)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cursor=st.text(max_size=80) | st.binary(max_size=60).map(lambda b: base64.b64encode(b).decode())
)
def test_any_cursor_gives_a_page_never_a_500(searcher: Client, question: Post, cursor: str) -> None:
    response = search(searcher, "wachtlijst", after=cursor)

    assert response.status_code in (200, 400)
    assert found(response) == [("question", "Wachtlijst aanpakken")]
