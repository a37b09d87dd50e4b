"""What a member may not see never reaches them through the search: not in the results,
not in the per-kind counts, not in a snippet, not in a "did you mean", not on any page.
Hidden things are for community managers; deleted ones for nobody; anonymous askers
are never findable by who they are. (Closed circles do not exist yet.)"""

import pytest
from django.test import Client, TestCase

from plein.core.testing import Personas
from plein.library import actions as library
from plein.library.models import Resource
from plein.members import actions as member_actions
from plein.members.models import Member
from plein.posts import actions
from plein.posts.models import Post, Reply
from plein.posts.tests.helpers import answer, ask, comment, helped
from plein.search.people import people_for_topic
from plein.search.queries import SearchPage, search_page, similar_questions
from plein.search.tests.helpers import found, hide_reply, indexed_personas, page_of, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(db: None) -> Personas:
    return indexed_personas()


def others(personas: Personas) -> list[Member]:
    """Members who are neither the author of the test's content nor a moderator."""
    return [personas.colleague, personas.other_org_member]


def kinds_and_ids(page: SearchPage) -> set[tuple[str, int]]:
    return {(result.kind, result.object.pk) for result in page.results}


def hide(personas: Personas, post: Post) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.hide_post(personas.community_manager, post, reason="Dubbel gesteld")


def delete(post: Post) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.delete_question(post.author, post)


def delete_reply(reply: Reply) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.delete_reply(reply.author, reply)


# --- Hidden and deleted questions, answers, comments ---------------------------------------


def test_a_hidden_question_and_its_answers_are_found_by_community_managers_only(
    personas: Personas,
) -> None:
    post = ask(personas.member, personas.prevention, title="Zwanenburgproject evalueren", body="")
    reply = answer(personas.colleague, post, "Het zwanenburgproject liep goed.")
    hide(personas, post)

    for viewer in others(personas):
        page = search_page(viewer, "zwanenburgproject")
        assert page.results == []
        assert page.counts.by_kind == {}
    page = search_page(personas.community_manager, "zwanenburgproject")
    assert kinds_and_ids(page) == {("question", post.pk), ("answer", reply.pk)}
    assert page.counts.by_kind == {"question": 1, "answer": 1}


def test_hidden_answers_never_reach_the_results_counts_or_snippets(personas: Personas) -> None:
    post = ask(personas.member, personas.prevention, title="Mantelzorg aanpakken", body="")
    answer(personas.other_org_member, post, "Wij bieden mantelzorg aan iedereen.")
    hidden = answer(personas.colleague, post, "Mantelzorg? Vraag het Zwanenburgproject.")
    comment(personas.member, hidden, "Wat is het zwanenburgproject precies?")
    hide_reply(hidden)

    for viewer in others(personas):
        assert search_page(viewer, "zwanenburgproject").counts.by_kind == {}
        page = search_page(viewer, "mantelzorg")
        # The question and the visible answer, and nothing of the hidden one or the
        # comment under it: not as a result, not in the counts, not in a snippet.
        assert {kind for kind, _pk in kinds_and_ids(page)} == {"question", "answer"}
        assert page.counts.by_kind == {"question": 1, "answer": 1}
        for result in page.results:
            assert "wanenburg" not in result.snippet.lower()
    manager_page = search_page(personas.community_manager, "zwanenburgproject")
    assert {kind for kind, _pk in kinds_and_ids(manager_page)} == {"answer", "comment"}


def test_hidden_content_is_nowhere_in_the_html_of_the_results(
    client: Client, personas: Personas
) -> None:
    post = ask(personas.member, personas.prevention, title="Mantelzorg aanpakken", body="")
    answer(personas.other_org_member, post, "Wij bieden mantelzorg aan iedereen.")
    hide_reply(answer(personas.colleague, post, "Mantelzorg? Vraag het Zwanenburgproject."))
    hide(personas, ask(personas.member, personas.prevention, title="Mantelzorg Zwanenburg"))
    client.force_login(personas.other_org_member)

    for htmx in (False, True):
        response = search(client, "mantelzorg", htmx=htmx)

        content = response.content.decode()
        assert "<mark>Mantelzorg</mark> aanpakken" in content
        assert "wanenburg" not in content.lower()
        # The tabs: two results in all, one question and one answer.
        assert page_of(response).counts.by_kind == {"question": 1, "answer": 1}
        assert "(2)" in content


def test_deleted_questions_answers_and_comments_are_found_by_nobody(personas: Personas) -> None:
    gone = ask(personas.member, personas.prevention, title="Zwanenburgproject evalueren", body="")
    answer(personas.colleague, gone, "Het zwanenburgproject liep goed.")
    delete(gone)
    kept = ask(personas.member, personas.prevention, title="Mantelzorg aanpakken", body="")
    deleted_answer = answer(personas.colleague, kept, "Bel de zwanenburglijn.")
    comment(personas.other_org_member, deleted_answer, "De zwanenburglijn werkt echt.")
    delete_reply(deleted_answer)
    deleted_comment = comment(
        personas.other_org_member,
        answer(personas.community_manager, kept, "Kijk in de mantelzorgmonitor."),
        "Zwanenburgcijfers staan daar ook.",
    )
    delete_reply(deleted_comment)

    for viewer in [*others(personas), personas.member, personas.community_manager]:
        for text in ("zwanenburgproject", "zwanenburglijn", "zwanenburgcijfers"):
            page = search_page(viewer, text)
            assert page.results == [] and page.counts.by_kind == {}, (viewer, text)


def test_hidden_resources_are_for_community_managers_and_deleted_ones_for_nobody(
    personas: Personas,
) -> None:
    def share(title: str) -> Resource:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return library.share_link(
                personas.member,
                theme=personas.prevention,
                title=title,
                url="https://example.org/handreiking",
            )

    hidden, deleted = share("Handreiking zwanenburg"), share("Zwanenburg draaiboek")
    with TestCase.captureOnCommitCallbacks(execute=True):
        library.hide_resource(personas.community_manager, hidden, reason="Verouderd")
        library.delete_resource(personas.member, deleted)

    for viewer in others(personas):
        page = search_page(viewer, "zwanenburg")
        assert page.results == [] and page.counts.by_kind == {}
    page = search_page(personas.community_manager, "zwanenburg")
    assert kinds_and_ids(page) == {("resource", hidden.pk)}
    assert page.counts.by_kind == {"resource": 1}


def test_hidden_questions_never_take_a_place_on_any_page(personas: Personas) -> None:
    visible = set()
    for n in range(38):
        post = ask(personas.member, personas.prevention, title=f"Mantelzorg {n}", body="")
        if n % 3 == 0 and n < 33:
            hide(personas, post)
        else:
            visible.add(post.pk)

    for order in ("relevance", "latest"):
        shown: list[int] = []
        sizes = []
        cursor = ""
        while True:
            page = search_page(
                personas.other_org_member, "mantelzorg", kind="question", order=order, cursor=cursor
            )
            shown += [result.object.pk for result in page.results]
            sizes.append(len(page.results))
            assert page.counts.by_kind == {"question": 27}
            if not page.next_cursor:
                break
            cursor = page.next_cursor
        # Full pages (the rights are inside the search query), every visible question
        # once, none of the 11 hidden ones.
        assert sizes == [20, 7], order
        assert len(shown) == len(set(shown)) and set(shown) == visible


# --- Anonymous askers --------------------------------------------------------------------


def test_an_anonymous_question_is_never_found_by_its_askers_name_or_organisation(
    personas: Personas,
) -> None:
    post = ask(
        personas.member,
        personas.prevention,
        title="Zorgen over mijn eigen kind",
        body="Wat doe je als je zelf hulp nodig hebt?",
        anonymous=True,
    )
    # The anonymous asker replies in her own thread: still anonymous.
    answer(personas.member, post, "Dank jullie wel.")

    for viewer in [*others(personas), personas.community_manager]:
        for text in ("Fatima", "el Amrani", "Amrani", "fatima@hengelo.example", "Hengelo"):
            page = search_page(viewer, text)
            assert not {kind for kind, _pk in kinds_and_ids(page)} & {"question", "answer"}
            assert set(page.counts.by_kind) <= {"member"}, (viewer, text)


def test_the_organisation_filter_does_not_reveal_anonymous_questions(personas: Personas) -> None:
    anonymous = ask(
        personas.member, personas.prevention, title="Mantelzorg eigen kind", anonymous=True
    )
    answer(personas.member, anonymous, "Mantelzorg, ja, dat is mijn zorg.")
    named = ask(personas.colleague, personas.prevention, title="Mantelzorg aanpakken")

    for viewer in [*others(personas), personas.community_manager]:
        hengelo = search_page(viewer, "mantelzorg", organisation_id=personas.hengelo.pk)
        assert kinds_and_ids(hengelo) == {("question", named.pk)}
        assert hengelo.counts.by_kind == {"question": 1}
        almelo = search_page(viewer, "mantelzorg", organisation_id=personas.almelo.pk)
        assert almelo.results == [] and almelo.counts.by_kind == {}
        # Without the filter it is found, by its words.
        assert ("question", anonymous.pk) in kinds_and_ids(search_page(viewer, "mantelzorg"))


def test_the_results_page_never_names_an_anonymous_asker(
    client: Client, personas: Personas
) -> None:
    post = ask(personas.member, personas.prevention, title="Mantelzorg eigen kind", anonymous=True)
    answer(personas.member, post, "Mantelzorg, ja, dat is mijn zorg.")
    client.force_login(personas.other_org_member)

    response = search(client, "mantelzorg eigen kind", htmx=True)

    assert {kind for kind, _title in found(response)} == {"question", "answer"}
    content = response.content.decode()
    for secret in ("Fatima", "Amrani", "Hengelo", personas.member.get_absolute_url()):
        assert secret not in content


def test_similar_questions_never_match_an_anonymous_askers_name(personas: Personas) -> None:
    ask(personas.member, personas.prevention, title="Zorgen over mijn kind", anonymous=True)

    assert similar_questions(personas.colleague, "Fatima el Amrani Hengelo") == []


# --- Members hidden from the people finder ------------------------------------------------


@pytest.fixture
def hidden_fatima(personas: Personas) -> Member:
    """Fatima knows youth care, helped someone there, and then left the people finder."""
    post = ask(personas.other_org_member, personas.youth_care, title="Mantelzorg aanpakken")
    helped(personas.other_org_member, answer(personas.member, post, "Bel het wijkteam."))
    with TestCase.captureOnCommitCallbacks(execute=True):
        member_actions.update_profile(personas.member, in_people_finder=False)
    return personas.member


def test_a_member_hidden_from_the_finder_is_not_found_by_name(
    personas: Personas, hidden_fatima: Member
) -> None:
    for viewer in [*others(personas), personas.community_manager]:
        for text in ("Fatima", "Amrani", "Jeugdconsulent", "Wachtlijsten"):
            page = search_page(viewer, text)
            assert ("member", hidden_fatima.pk) not in kinds_and_ids(page)
            assert "member" not in page.counts.by_kind
        assert search_page(viewer, "Fatima", kind="member").counts.by_kind == {}


def test_a_member_hidden_from_the_finder_is_not_in_it(
    personas: Personas, hidden_fatima: Member
) -> None:
    for viewer in [*others(personas), personas.community_manager]:
        for text, theme in (("jeugdzorg", None), ("", personas.youth_care), ("Fatima", None)):
            experts = people_for_topic(viewer, text, theme=theme).experts
            assert hidden_fatima not in [expert.member for expert in experts]


def test_a_member_hidden_from_the_finder_is_not_on_the_people_tab(
    client: Client, personas: Personas, hidden_fatima: Member
) -> None:
    client.force_login(personas.other_org_member)

    response = search(client, "jeugdzorg", kind="member")

    assert response.context["people"].experts == []
    assert "Fatima" not in response.content.decode()


def test_a_hidden_members_name_is_never_suggested(
    personas: Personas, hidden_fatima: Member
) -> None:
    # Her name was learned as a word while she was in the finder.
    for viewer in [*others(personas), personas.community_manager]:
        assert search_page(viewer, "Fatma").suggestion == ""


# --- "Did you mean" ---------------------------------------------------------------------


def test_a_word_only_in_hidden_content_is_suggested_to_community_managers_only(
    personas: Personas,
) -> None:
    hide(personas, ask(personas.member, personas.prevention, title="Zwanenburgproject evalueren"))

    for viewer in others(personas):
        page = search_page(viewer, "zwanenburgprojct")
        assert page.results == [] and page.suggestion == ""
    assert search_page(personas.community_manager, "zwanenburgprojct").suggestion == (
        "zwanenburgproject"
    )


def test_a_word_only_in_deleted_content_is_suggested_to_nobody(personas: Personas) -> None:
    delete(ask(personas.member, personas.prevention, title="Zwanenburgproject evalueren"))

    for viewer in [*others(personas), personas.community_manager]:
        assert search_page(viewer, "zwanenburgprojct").suggestion == ""


def test_a_suggestion_never_brings_a_hidden_word_along_with_a_visible_one(
    personas: Personas,
) -> None:
    ask(personas.member, personas.prevention, title="Mantelzorg in de wijk")
    hide(personas, ask(personas.member, personas.prevention, title="Zwanenburgproject evalueren"))

    for viewer in others(personas):
        page = search_page(viewer, "mantelzorq zwanenburgprojct")

        assert page.results == []
        # "mantelzorg" finds something this member may see; "zwanenburgproject" only
        # something they may not: it must not be offered.
        assert "zwanenburgproject" not in page.suggestion
        assert page.suggestion.startswith("mantelzorg")
    manager = search_page(personas.community_manager, "mantelzorq zwanenburgprojct")
    assert manager.suggestion == "mantelzorg zwanenburgproject"
