import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import TestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plein.core.testing import Personas
from plein.posts import actions
from plein.posts.models import Post
from plein.search.queries import similar_questions
from plein.search.tests.conftest import Answer, Ask

pytestmark = pytest.mark.django_db


def titles(posts: list[Post]) -> list[str]:
    return [post.title for post in posts]


def test_a_plural_finds_the_singular(personas: Personas, ask: Ask) -> None:
    ask("Wachtlijst jeugdzorg aanpakken")
    ask("Mantelzorgers ondersteunen in de wijk")

    found = similar_questions(personas.colleague, "Hoe gaan jullie om met wachtlijsten?")

    assert titles(found) == ["Wachtlijst jeugdzorg aanpakken"]


def test_the_word_being_typed_matches_as_a_prefix(personas: Personas, ask: Ask) -> None:
    ask("Wachtlijst jeugdzorg aanpakken")

    assert titles(similar_questions(personas.colleague, "Ervaring met wachtl")) == [
        "Wachtlijst jeugdzorg aanpakken"
    ]


def test_a_prefix_matches_even_where_its_stem_would_not(personas: Personas, ask: Ask) -> None:
    # The stem of "gemeen" is "gemen", which "gemeente" (stem "gemeent") does not start with.
    ask("Samenwerking tussen gemeente en huisarts")

    assert titles(similar_questions(personas.colleague, "Contact met de gemeen")) == [
        "Samenwerking tussen gemeente en huisarts"
    ]


def test_a_compound_is_found_by_its_start(personas: Personas, ask: Ask) -> None:
    ask("Een goede jeugdzorgaanbieder vinden")

    assert titles(similar_questions(personas.colleague, "jeugdzorg")) == [
        "Een goede jeugdzorgaanbieder vinden"
    ]


def test_words_only_in_the_question_text_match(personas: Personas, ask: Ask) -> None:
    ask("Tips gevraagd", "Hoe houden jullie het keukentafelgesprek kort en warm?")

    assert titles(similar_questions(personas.colleague, "keukentafelgesprekken")) == [
        "Tips gevraagd"
    ]


def test_words_in_answers_and_comments_match(personas: Personas, ask: Ask, answer: Answer) -> None:
    post = ask("Tips gevraagd")
    reply = answer(post, "Wij werken met een wijkteam per dorp.")
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.comment_on(personas.member, reply, body="Wat doet de inkoopafdeling daarbij?")

    assert titles(similar_questions(personas.other_org_member, "wijkteams")) == ["Tips gevraagd"]
    assert titles(similar_questions(personas.other_org_member, "inkoopafdeling")) == [
        "Tips gevraagd"
    ]


def test_answered_and_helpful_questions_rank_higher_among_equal_matches(
    personas: Personas, ask: Ask, answer: Answer
) -> None:
    ask("Wachtlijst jeugdzorg aanpakken")
    answered = ask("Wachtlijst jeugdzorg verkorten")
    reply = answer(answered, "Kijk eens naar de regionale aanpak.")
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.mark_helped(personas.member, reply, minutes=60)

    found = similar_questions(personas.other_org_member, "wachtlijst jeugdzorg")

    assert titles(found) == ["Wachtlijst jeugdzorg verkorten", "Wachtlijst jeugdzorg aanpakken"]


def test_more_matching_words_rank_higher(personas: Personas, ask: Ask) -> None:
    ask("Jeugdzorg in de regio")
    ask("Wachtlijst jeugdzorg in de regio")

    found = similar_questions(personas.colleague, "wachtlijst jeugdzorg regio")

    assert titles(found) == ["Wachtlijst jeugdzorg in de regio", "Jeugdzorg in de regio"]


def test_a_word_in_the_title_ranks_above_one_in_the_text(personas: Personas, ask: Ask) -> None:
    ask("Vraag over de regio", "Het gaat om mantelzorg en respijtzorg in Twente.")
    ask("Mantelzorg in Twente", "Een vraag over de regio en de ondersteuning daar.")

    found = similar_questions(personas.colleague, "mantelzorg")

    assert titles(found) == ["Mantelzorg in Twente", "Vraag over de regio"]


def test_limit_and_excluded_question(personas: Personas, ask: Ask) -> None:
    first = ask("Wachtlijst jeugdzorg aanpakken")
    for n in range(4):
        ask(f"Wachtlijst nummer {n}")

    assert len(similar_questions(personas.colleague, "wachtlijst", limit=3)) == 3
    found = similar_questions(personas.colleague, "wachtlijst jeugdzorg", exclude_id=first.pk)
    assert first not in found
    assert len(found) == 4


def test_hidden_questions_are_only_found_by_community_managers(
    personas: Personas, ask: Ask
) -> None:
    post = ask("Wachtlijst jeugdzorg aanpakken")
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.hide_post(personas.community_manager, post, reason="Dubbel gesteld")

    assert similar_questions(personas.colleague, "wachtlijst") == []
    # The author still sees it on the page and in "My questions"; search leaves it out.
    assert similar_questions(personas.member, "wachtlijst") == []
    assert similar_questions(personas.community_manager, "wachtlijst") == [post]


def test_hidden_questions_do_not_use_up_the_limit(personas: Personas, ask: Ask) -> None:
    # The rights are checked inside the search query, so LIMIT counts only visible rows.
    visible = ask("Wachtlijst in Almelo")
    for n in range(3):
        hidden = ask(f"Wachtlijst jeugdzorg aanpakken {n}")
        with TestCase.captureOnCommitCallbacks(execute=True):
            actions.hide_post(personas.community_manager, hidden, reason="Dubbel")

    assert similar_questions(personas.colleague, "wachtlijst jeugdzorg", limit=1) == [visible]


def test_deleted_questions_are_never_found(personas: Personas, ask: Ask) -> None:
    post = ask("Wachtlijst jeugdzorg aanpakken")
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.delete_question(personas.member, post)

    for viewer in (personas.member, personas.colleague, personas.community_manager):
        assert similar_questions(viewer, "wachtlijst") == []


def test_the_visibility_rule_has_the_last_word(personas: Personas, ask: Ask) -> None:
    # A post deleted without reindexing (the index lags) is still not returned.
    post = ask("Wachtlijst jeugdzorg aanpakken")
    Post.objects.filter(pk=post.pk).update(deleted_at=post.created_at)

    assert similar_questions(personas.colleague, "wachtlijst") == []


def test_visitors_and_inactive_members_find_nothing(
    personas: Personas, ask: Ask, django_assert_num_queries
) -> None:
    ask("Wachtlijst jeugdzorg aanpakken")
    personas.colleague.is_active = False

    with django_assert_num_queries(0):
        assert similar_questions(AnonymousUser(), "wachtlijst") == []
        assert similar_questions(personas.colleague, "wachtlijst") == []


ODD_INPUTS = [
    "",
    " ",
    '"',
    '"wachtlijst',
    "wachtlijst AND OR NOT jeugdzorg",
    "NEAR(wachtlijst jeugdzorg, 2)",
    "wacht*",
    "*",
    "^wachtlijst",
    "-jeugdzorg",
    "title:wachtlijst",
    "body : (wachtlijst OR",
    "(((",
    "wachtlijst & | ! <-> :* jeugdzorg",
    "' OR 1=1; DROP TABLE search_searchdocument; --",
    "🙂👩‍👩‍👧 wachtlijst 🚀",
    "wachtlijst\x00jeugdzorg",
    "ĳsselmeer café geïnteresseerd ideeën",
    "中文 العربية русский",
    "a" * 10_000,
    "wachtlijst " * 1000,
    "x" * 3000 + " wachtlijst",
]


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_odd_input_never_raises(personas: Personas, ask: Ask, text: str) -> None:
    ask("Wachtlijst jeugdzorg aanpakken")

    found = similar_questions(personas.colleague, text)

    assert len(found) <= 5


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200))
def test_random_input_never_raises(personas: Personas, text: str) -> None:
    similar_questions(personas.colleague, text)


def test_the_number_of_queries_does_not_grow(
    personas: Personas, ask: Ask, answer: Answer, django_assert_num_queries
) -> None:
    def search() -> None:
        # 1: the searcher's closed circles, 2: the search with the rights filter and
        # LIMIT, 3: the posts via visible_to.
        with django_assert_num_queries(3):
            found = similar_questions(personas.colleague, "Wachtlijst jeugdzorg aanpakken")
        assert found

    ask("Wachtlijst jeugdzorg")
    search()
    for n in range(20):
        post = ask(f"Wachtlijst jeugdzorg {n}", "Wachtlijsten in de regio.")
        answer(post, "Aanpakken met het wijkteam.")
    search()


def test_only_the_newest_matches_are_ranked_when_there_are_very_many(
    personas: Personas, ask: Ask, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What keeps a search fast on a large site: at most CANDIDATES matches are ranked.
    monkeypatch.setattr("plein.search.backends.sqlite.CANDIDATES", 2)
    monkeypatch.setattr("plein.search.backends.postgres.CANDIDATES", 2)
    best_but_oldest = ask("Wachtlijst jeugdzorg aanpakken")
    newer = [ask(f"Jeugdzorg in de regio {n}") for n in range(2)]

    found = similar_questions(personas.colleague, "wachtlijst jeugdzorg")

    assert best_but_oldest not in found
    assert set(found) == set(newer)
