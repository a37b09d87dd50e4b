"""The search page (/search/): one list over every kind with a tab and a count per kind,
filters for theme, organisation and period, sorting, keyset pages, the htmx fragment,
and a pinned number of queries."""

import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plein.core.testing import Personas
from plein.library import actions as library
from plein.members import actions as member_actions
from plein.posts.tests.helpers import answer, ask, comment
from plein.search.tests.helpers import (
    SEARCH_URL,
    backdate,
    found,
    indexed_personas,
    page_of,
    search,
)
from plein.themes.actions import create_or_update_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(db: None) -> Personas:
    return indexed_personas()


@pytest.fixture
def searcher(client: Client, personas: Personas) -> Client:
    """Anouk (Almelo), reading Plein in English."""
    member_actions.set_preferred_language(personas.other_org_member, "en")
    client.force_login(personas.other_org_member)
    return client


@pytest.fixture
def everything(personas: Personas) -> dict[str, Any]:
    """One thing of every kind about "mantelzorg", made through the actions."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        theme = create_or_update_theme(
            "Mantelzorg", slug="mantelzorg", description="Zorg voor naasten.", order=3
        )
        member_actions.update_profile(personas.colleague, ask_me_about="Mantelzorg en respijtzorg")
        resource = library.share_link(
            personas.member,
            theme=personas.prevention,
            title="Handreiking mantelzorg",
            url="https://example.org/handreiking",
        )
    post = ask(personas.member, personas.prevention, title="Mantelzorg in de wijk", body="")
    reply = answer(personas.colleague, post, "Mantelzorg regelen we via het wijkteam.")
    note = comment(personas.member, reply, "Hoe vinden mantelzorgers het wijkteam?")
    return {
        "theme": theme,
        "member": personas.colleague,
        "resource": resource,
        "question": post,
        "answer": reply,
        "comment": note,
    }


def tabs(response: Any) -> list[str]:
    """The tabs as a reader sees them: "Questions (1)"."""
    content = response.content.decode()
    nav = content[content.index('<nav class="plein-tabs"') :]
    nav = nav[: nav.index("</nav>")]
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", tab)).split())
        for tab in re.findall(r"<li>(.*?)</li>", nav)
    ]


def next_link(response: Any) -> str | None:
    match = re.search(r'rel="next" href="\?([^"]*)"', response.content.decode())
    return html.unescape(match.group(1)) if match else None


# --- Who may search ------------------------------------------------------------------------


def test_visitors_are_sent_to_log_in(client: Client, everything: dict[str, Any]) -> None:
    response = client.get(SEARCH_URL, {"q": "mantelzorg"})

    assert response.status_code == 302
    assert response["Location"] == (f"{reverse('members:login')}?next=/search/%3Fq%3Dmantelzorg")


def test_a_visitors_htmx_request_is_not_answered_with_results(
    client: Client, everything: dict[str, Any]
) -> None:
    response = search(client, "mantelzorg", htmx=True)

    assert response.status_code == 302
    assert "mantelzorg" not in response.content.decode().lower()


def test_searching_is_a_get(searcher: Client) -> None:
    assert searcher.post(SEARCH_URL, {"q": "mantelzorg"}).status_code == 405


# --- One list, a tab per kind ------------------------------------------------------------


def test_one_search_finds_every_kind_with_a_count_per_tab(
    searcher: Client, everything: dict[str, Any]
) -> None:
    response = search(searcher, "mantelzorg")

    assert response.status_code == 200
    assert {(result.kind, result.object) for result in page_of(response).results} == {
        (kind, thing) for kind, thing in everything.items()
    }
    # The People tab has no number: it ranks people with the finder, it counts nothing.
    assert tabs(response) == [
        "Everything (6)",
        "Questions (1)",
        "Answers (1)",
        "Comments (1)",
        "Library (1)",
        "People",
        "Themes (1)",
    ]


def test_kinds_that_found_nothing_have_no_tab_unless_they_are_being_looked_at(
    searcher: Client, everything: dict[str, Any]
) -> None:
    assert "Gatherings (0)" not in tabs(search(searcher, "mantelzorg"))
    looking = tabs(search(searcher, "mantelzorg", kind="gathering"))
    assert "Gatherings (0)" in looking and "People" in looking


def test_a_tab_shows_only_its_kind_and_keeps_every_count(
    searcher: Client, everything: dict[str, Any]
) -> None:
    response = search(searcher, "mantelzorg", kind="answer")

    assert found(response) == [("answer", "Mantelzorg regelen we via het wijkteam.")]
    assert tabs(response)[:3] == ["Everything (6)", "Questions (1)", "Answers (1)"]
    assert 'aria-current="page">Answers' in response.content.decode()


def test_the_people_tab_shows_the_people_finder(
    searcher: Client, personas: Personas, everything: dict[str, Any]
) -> None:
    response = search(searcher, "mantelzorg", kind="member")

    assert [expert.member for expert in response.context["people"].experts] == [personas.colleague]
    assert page_of(response).results == []
    assert "Ask me about: Mantelzorg en respijtzorg" in response.content.decode()


def test_highlights_mark_the_words_in_titles_and_snippets(
    searcher: Client, everything: dict[str, Any]
) -> None:
    content = search(searcher, "mantelzorg", kind="comment").content.decode()

    assert "Hoe vinden <mark>mantelzorgers</mark> het wijkteam?" in content
    assert "Comment on: <mark>Mantelzorg</mark> in de wijk" in content


def test_a_search_without_results_offers_to_ask_it(
    searcher: Client, everything: dict[str, Any]
) -> None:
    response = search(searcher, "mantelzorq")

    content = response.content.decode()
    assert page_of(response).results == []
    assert "Nothing found for “mantelzorq”" in content
    assert f'href="{reverse("posts:ask")}?title=mantelzorq"' in content
    # Another spelling that finds something, and the theme whose name is close.
    assert page_of(response).suggestion == "mantelzorg"
    assert page_of(response).related_themes == [everything["theme"]]


# --- Filters and sorting ------------------------------------------------------------------


def test_the_theme_filter_keeps_one_theme(searcher: Client, personas: Personas) -> None:
    ask(personas.member, personas.prevention, title="Mantelzorg voorkomen", body="")
    ask(personas.member, personas.youth_care, title="Mantelzorg door jongeren", body="")

    response = search(searcher, "mantelzorg", theme="jeugdzorg")

    assert found(response) == [("question", "Mantelzorg door jongeren")]
    assert tabs(response)[:2] == ["Everything (1)", "Questions (1)"]


def test_the_organisation_filter_keeps_one_organisation(
    searcher: Client, personas: Personas
) -> None:
    ask(personas.member, personas.prevention, title="Mantelzorg in Hengelo", body="")
    post = ask(personas.other_org_member, personas.prevention, title="Mantelzorg in Almelo")
    answer(personas.member, post, "In Hengelo doen we aan mantelzorg.")

    almelo = search(searcher, "mantelzorg", organisation=personas.almelo.pk)
    hengelo = search(searcher, "mantelzorg", organisation=personas.hengelo.pk)

    assert found(almelo) == [("question", "Mantelzorg in Almelo")]
    assert sorted(found(hengelo)) == [
        ("answer", "In Hengelo doen we aan mantelzorg."),
        ("question", "Mantelzorg in Hengelo"),
    ]


def test_the_period_filter_keeps_what_is_recent_enough(
    searcher: Client, personas: Personas
) -> None:
    today = ask(personas.member, personas.prevention, title="Mantelzorg vandaag", body="")
    last_fortnight = ask(personas.member, personas.prevention, title="Mantelzorg onlangs", body="")
    last_season = ask(personas.member, personas.prevention, title="Mantelzorg dit jaar", body="")
    long_ago = ask(personas.member, personas.prevention, title="Mantelzorg vroeger", body="")
    backdate(last_fortnight, days=14)
    backdate(last_season, days=100)
    backdate(long_ago, days=400)

    def titles(period: str) -> set[str]:
        response = search(searcher, "mantelzorg", period=period, kind="question")
        assert page_of(response).counts.by_kind == {"question": len(page_of(response).results)}
        return {title for _kind, title in found(response)}

    assert titles("week") == {today.title}
    assert titles("month") == {today.title, last_fortnight.title}
    assert titles("year") == {today.title, last_fortnight.title, last_season.title}
    assert titles("") == {today.title, last_fortnight.title, last_season.title, long_ago.title}


def test_filters_combine(searcher: Client, personas: Personas) -> None:
    ask(personas.member, personas.youth_care, title="Mantelzorg door jongeren", body="")
    ask(personas.other_org_member, personas.youth_care, title="Mantelzorg in Almelo", body="")
    old = ask(personas.other_org_member, personas.youth_care, title="Mantelzorg oud", body="")
    backdate(old, days=60)
    ask(personas.other_org_member, personas.prevention, title="Mantelzorg voorkomen", body="")

    response = search(
        searcher,
        "mantelzorg",
        theme="jeugdzorg",
        organisation=personas.almelo.pk,
        period="month",
    )

    assert found(response) == [("question", "Mantelzorg in Almelo")]


def test_latest_puts_the_latest_activity_first_whatever_the_match(
    searcher: Client, personas: Personas
) -> None:
    best = ask(personas.member, personas.prevention, title="Mantelzorg en mantelzorgers", body="")
    ask(personas.member, personas.prevention, title="Vraag", body="Iets over mantelzorg.")

    assert found(search(searcher, "mantelzorg", kind="question")) == [
        ("question", "Mantelzorg en mantelzorgers"),
        ("question", "Vraag"),
    ]
    assert found(search(searcher, "mantelzorg", kind="question", sort="latest")) == [
        ("question", "Vraag"),
        ("question", "Mantelzorg en mantelzorgers"),
    ]
    # A new answer is activity: the question comes first again.
    answer(personas.colleague, best, "Een antwoord.")
    assert found(search(searcher, "mantelzorg", kind="question", sort="latest"))[0] == (
        "question",
        "Mantelzorg en mantelzorgers",
    )


# --- Keyset pages ---------------------------------------------------------------------------


@pytest.fixture
def many(personas: Personas) -> set[tuple[str, int]]:
    """53 results for "mantelzorg": questions with equal scores (ties), better and worse
    ones, answered ones, and their answers."""
    expected = set()
    for _n in range(12):
        expected.add(
            ("question", ask(personas.member, personas.prevention, title="Mantelzorg", body="").pk)
        )
    for n in range(12):
        post = ask(personas.member, personas.prevention, title=f"Mantelzorg nummer {n}", body="")
        expected.add(("question", post.pk))
        if n % 2:
            reply = answer(personas.colleague, post, f"Mantelzorg antwoord {n}")
            expected.add(("answer", reply.pk))
    for n in range(1, 13):
        title = f"Vraag {n}"
        post = ask(personas.member, personas.prevention, title=title, body="Over mantelzorg " * n)
        expected.add(("question", post.pk))
    for n in range(11):
        expected.add(
            (
                "question",
                ask(personas.colleague, personas.prevention, title=f"Mantelzorg thuis {n}").pk,
            )
        )
    return expected


@pytest.mark.parametrize("sort", ["", "latest"])
@pytest.mark.parametrize("htmx", [False, True])
def test_following_the_next_links_shows_everything_once(
    searcher: Client, many: set[tuple[str, int]], sort: str, htmx: bool
) -> None:
    assert len(many) == 53
    response = search(searcher, "mantelzorg", sort=sort, htmx=htmx)
    shown: list[tuple[str, int]] = []
    sizes = []
    while True:
        assert response.status_code == 200
        page = page_of(response)
        assert page.counts.total == 53
        shown += [(result.kind, result.object.pk) for result in page.results]
        sizes.append(len(page.results))
        link = next_link(response)
        if link is None:
            break
        # The link keeps the words and the sort order.
        assert "q=mantelzorg" in link and (f"sort={sort}" in link) == bool(sort)
        response = searcher.get(
            f"{SEARCH_URL}?{link}", headers={"HX-Request": "true"} if htmx else {}
        )

    assert sizes == [20, 20, 13]
    assert len(shown) == len(set(shown))  # no duplicates
    assert set(shown) == many  # no gaps


def test_pages_of_a_tab_keep_to_its_kind(searcher: Client, many: set[tuple[str, int]]) -> None:
    questions = {pk for kind, pk in many if kind == "question"}
    shown: list[int] = []
    response = search(searcher, "mantelzorg", kind="question")
    while True:
        shown += [result.object.pk for result in page_of(response).results]
        link = next_link(response)
        if link is None:
            break
        assert "kind=question" in link
        response = searcher.get(f"{SEARCH_URL}?{link}")

    assert sorted(shown) == sorted(questions)


def test_a_page_link_stays_valid_when_something_new_is_asked(
    searcher: Client, personas: Personas, many: set[tuple[str, int]]
) -> None:
    first = search(searcher, "mantelzorg")
    first_ids = [(r.kind, r.object.pk) for r in page_of(first).results]
    ask(personas.member, personas.prevention, title="Mantelzorg nieuw", body="")

    link = next_link(first)
    assert link
    second = searcher.get(f"{SEARCH_URL}?{link}")

    second_ids = [(r.kind, r.object.pk) for r in page_of(second).results]
    assert second.status_code == 200 and len(second_ids) == 20
    assert not set(first_ids) & set(second_ids)


# --- htmx ------------------------------------------------------------------------------


def test_htmx_gets_the_results_alone(searcher: Client, everything: dict[str, Any]) -> None:
    response = search(searcher, "mantelzorg", htmx=True)

    assert response.status_code == 200
    assert response.templates[0].name == "search/includes/results.html"
    content = response.content.decode()
    assert "<html" not in content and 'role="search"' not in content
    assert "Everything" in content and "Mantelzorg in de wijk" in re.sub(r"</?mark>", "", content)


def test_the_full_page_has_the_form_with_the_words_and_filters_kept(
    searcher: Client, personas: Personas, everything: dict[str, Any]
) -> None:
    response = search(searcher, "mantelzorg", theme="preventie", period="year", sort="latest")

    content = response.content.decode()
    assert response.templates[0].name == "search/results.html"
    assert 'value="mantelzorg"' in content
    assert '<option value="preventie" selected>' in content
    assert '<option value="year" selected>' in content
    assert '<option value="latest" selected>' in content


# --- Queries ---------------------------------------------------------------------------


def queries_for(client: Client, **params: Any) -> tuple[int, int]:
    """The number of queries of a search page, and of kinds of things on it (answers and
    comments are one kind here: both are replies, loaded together)."""
    with CaptureQueriesContext(connection) as queries:
        response = search(client, "mantelzorg", **params)
    assert response.status_code == 200
    kinds = {
        "reply" if result.kind in ("answer", "comment") else result.kind
        for result in page_of(response).results
    }
    return len(queries), len(kinds)


# Whatever is found: 1 session, 2 member, 3 the searcher's closed circles, 4 the counts per
# kind, 5 the search (rights and filters inside), 6 unread notifications (header), 7 theme
# and 8 organisation choices (filters); then one query per kind of thing on the page.
PAGE_QUERIES = 8


def test_the_number_of_queries_is_pinned(
    searcher: Client, everything: dict[str, Any], django_assert_num_queries
) -> None:
    search(searcher, "mantelzorg")  # the first request of the day notes last_seen
    # 1 session, 2 member, 3 the searcher's closed circles, 4 the counts per kind, 5 the
    # search, then the things found through their visibility rule, one query per kind on
    # the page: 6 themes, 7 questions, 8 resources, 9 answers and comments (both
    # replies), 10 members; 11 unread notifications (header), 12 theme and 13
    # organisation choices (filters).
    with django_assert_num_queries(13):
        response = search(searcher, "mantelzorg")
    assert page_of(response).counts.total == 6
    # One kind on the page, one query to load it: 1-5 as above, 6 questions, 7-9 as 11-13.
    with django_assert_num_queries(9):
        search(searcher, "mantelzorg", kind="question")
    # The htmx fragment has no header and no form: 1-5 as above and 6-10 the five kinds.
    with django_assert_num_queries(10):
        search(searcher, "mantelzorg", htmx=True)


def test_the_number_of_queries_does_not_grow_with_more_rows(
    searcher: Client, personas: Personas, everything: dict[str, Any]
) -> None:
    search(searcher, "mantelzorg")
    assert queries_for(searcher) == (PAGE_QUERIES + 5, 5)
    assert queries_for(searcher, kind="question") == (PAGE_QUERIES + 1, 1)
    assert queries_for(searcher, kind="answer", sort="latest") == (PAGE_QUERIES + 1, 1)
    for n in range(25):
        post = ask(
            personas.member if n % 2 else personas.colleague,
            personas.youth_care if n % 3 else personas.prevention,
            title=f"Mantelzorg vraag {n}",
            body="Mantelzorg in de regio.",
            anonymous=n % 5 == 0,
        )
        reply = answer(personas.other_org_member, post, f"Mantelzorg antwoord {n}")
        comment(personas.community_manager, reply, f"Mantelzorg reactie {n}")
    for n in range(5):
        with TestCase.captureOnCommitCallbacks(execute=True):
            library.share_link(
                personas.other_org_member,
                theme=personas.youth_care,
                title=f"Mantelzorg handreiking {n}",
                url=f"https://example.org/{n}",
            )

    queries, kinds = queries_for(searcher)
    assert queries == PAGE_QUERIES + kinds
    assert queries_for(searcher, kind="question") == (PAGE_QUERIES + 1, 1)
    assert queries_for(searcher, kind="answer", sort="latest") == (PAGE_QUERIES + 1, 1)
    cursor = page_of(search(searcher, "mantelzorg", kind="question")).next_cursor
    assert cursor
    assert queries_for(searcher, kind="question", after=cursor) == (PAGE_QUERIES + 1, 1)
