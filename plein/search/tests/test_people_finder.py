"""The people finder ("wie weet hier meer van?"): members ranked for a topic by how often
their named answers in its themes helped someone, then by declared expertise, then by
what they like to be asked about; filters; members who hid themselves; pages."""

from typing import Any

import pytest
from django.test import Client, TestCase
from django.utils.text import slugify

from plein.core.pagination import encode_cursor
from plein.core.testing import Personas
from plein.members import actions as member_actions
from plein.members.models import Member, Organisation
from plein.posts.models import HelperScore
from plein.posts.tests.helpers import answer, ask, helped
from plein.search.people import PEOPLE_PAGE_SIZE, people_for_topic
from plein.search.queries import BadCursor
from plein.search.tests.helpers import indexed_personas, search
from plein.themes.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(db: None) -> Personas:
    return indexed_personas()


def new_member(name: str, **profile: Any) -> Member:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return member_actions.create_member(f"{slugify(name)}@example.org", name=name, **profile)


def help_times(helper: Member, theme: Theme, times: int, *, askers: list[Member]) -> None:
    """`times` members say an answer of `helper` in `theme` helped them."""
    post = ask(askers[0], theme, title=f"Vraag aan {helper.name}", body="")
    reply = answer(helper, post, "Zo pakten wij het aan.")
    for asker in askers[:times]:
        helped(asker, reply)


def names(experts: list[Any]) -> list[str]:
    return [expert.member.name for expert in experts]


@pytest.fixture
def askers(personas: Personas) -> list[Member]:
    return [
        personas.other_org_member,
        personas.colleague,
        new_member("Bram de Vries"),
        new_member("Carla Smit"),
    ]


# --- Ranking -------------------------------------------------------------------------


def test_helped_answers_in_the_topics_themes_come_first_then_expertise_then_words(
    personas: Personas, askers: list[Member]
) -> None:
    kees = new_member("Kees Jansen")
    lotte = new_member("Lotte Bos", expertise=[personas.youth_care])
    tom = new_member("Tom Mulder", ask_me_about="Jeugdzorg en onderwijs")
    other_theme = new_member("Olga Prins")
    help_times(kees, personas.youth_care, 3, askers=askers)
    help_times(lotte, personas.youth_care, 1, askers=askers)
    # Helped a lot, but in another theme: no reason to ask her about youth care.
    help_times(other_theme, personas.prevention, 4, askers=askers)

    page = people_for_topic(personas.community_manager, "jeugdzorg")

    # Fatima declared youth care and likes to be asked about it; Tom only says so.
    assert names(page.experts) == [kees.name, lotte.name, personas.member.name, tom.name]
    assert [expert.helped for expert in page.experts] == [3, 1, 0, 0]
    assert page.themes == [personas.youth_care]
    assert [expert.themes for expert in page.experts] == [
        [],
        [personas.youth_care],
        [personas.youth_care],
        [],
    ]


def test_more_help_ranks_higher(personas: Personas, askers: list[Member]) -> None:
    once, twice = new_member("Eén Keer"), new_member("Twee Keer")
    help_times(once, personas.youth_care, 1, askers=askers)
    help_times(twice, personas.youth_care, 2, askers=askers)

    experts = people_for_topic(personas.community_manager, "", theme=personas.youth_care).experts

    assert names(experts)[:2] == [twice.name, once.name]


def test_declared_expertise_ranks_above_words_alone(personas: Personas) -> None:
    talker = new_member("Tom Mulder", ask_me_about="Preventie, preventie en nog eens preventie")

    experts = people_for_topic(personas.community_manager, "preventie").experts

    # Joost declared prevention as his expertise.
    assert names(experts) == [personas.colleague.name, talker.name]


def test_what_members_like_to_be_asked_about_finds_them(personas: Personas) -> None:
    new_member("Tom Mulder", ask_me_about="Schuldhulpverlening en beschermingsbewind")

    experts = people_for_topic(personas.other_org_member, "beschermingsbewind").experts

    assert names(experts) == ["Tom Mulder"]
    assert experts[0].member.ask_me_about == "Schuldhulpverlening en beschermingsbewind"


def test_anonymous_answers_never_count_toward_a_score(
    personas: Personas, askers: list[Member]
) -> None:
    # Anouk asks anonymously and answers in her own thread: that reply is anonymous.
    post = ask(
        personas.other_org_member, personas.youth_care, title="Mijn eigen vraag", anonymous=True
    )
    reply = answer(personas.other_org_member, post, "Zelf gevonden: bel het wijkteam.")
    assert reply.is_anonymous
    helped(personas.colleague, reply)  # "helped me too"
    helped(askers[2], reply)

    assert not HelperScore.objects.filter(member=personas.other_org_member).exists()
    for viewer in (personas.colleague, personas.community_manager):
        experts = people_for_topic(viewer, "jeugdzorg").experts
        assert personas.other_org_member not in [expert.member for expert in experts]


def test_the_viewer_is_left_out(personas: Personas, askers: list[Member]) -> None:
    help_times(personas.member, personas.youth_care, 2, askers=askers)

    assert personas.member in [
        e.member for e in people_for_topic(personas.colleague, "jeugdzorg").experts
    ]
    assert personas.member not in [
        e.member for e in people_for_topic(personas.member, "jeugdzorg").experts
    ]


def test_members_who_hid_themselves_never_appear(personas: Personas, askers: list[Member]) -> None:
    help_times(personas.member, personas.youth_care, 2, askers=askers)
    with TestCase.captureOnCommitCallbacks(execute=True):
        member_actions.update_profile(personas.member, in_people_finder=False)

    for text, theme in (("jeugdzorg", None), ("", personas.youth_care), ("wachtlijsten", None)):
        experts = people_for_topic(personas.community_manager, text, theme=theme).experts
        assert personas.member not in [expert.member for expert in experts]


def test_a_topic_without_words_or_theme_finds_nobody(
    personas: Personas, django_assert_num_queries
) -> None:
    with django_assert_num_queries(0):
        assert people_for_topic(personas.colleague, "  de het ").experts == []


# --- Filters ---------------------------------------------------------------------------


@pytest.fixture
def care_provider_expert(personas: Personas) -> Member:
    with TestCase.captureOnCommitCallbacks(execute=True):
        zorggroep, _ = member_actions.add_organisation(
            "Zorggroep Twente", kind=Organisation.Kind.CARE_PROVIDER
        )
    return new_member("Zeynep Kaya", organisation=zorggroep, expertise=[personas.youth_care])


def test_the_organisation_filter(personas: Personas, care_provider_expert: Member) -> None:
    almelo_expert = new_member(
        "Anna de Wit", organisation=personas.almelo, expertise=[personas.youth_care]
    )

    def found(organisation: Organisation) -> list[Member]:
        page = people_for_topic(personas.colleague, "jeugdzorg", organisation=organisation)
        return [expert.member for expert in page.experts]

    assert found(personas.hengelo) == [personas.member]
    assert found(personas.almelo) == [almelo_expert]
    assert found(care_provider_expert.organisation) == [care_provider_expert]  # type: ignore[arg-type]


def test_the_kind_of_organisation_filter(personas: Personas, care_provider_expert: Member) -> None:
    def found(kind: str) -> list[Member]:
        page = people_for_topic(personas.colleague, "jeugdzorg", organisation_kind=kind)
        return [expert.member for expert in page.experts]

    assert found(Organisation.Kind.CARE_PROVIDER) == [care_provider_expert]
    assert found(Organisation.Kind.MUNICIPALITY) == [personas.member]
    assert found(Organisation.Kind.EDUCATION) == []
    assert set(found("")) == {care_provider_expert, personas.member}


def test_the_theme_filter_replaces_the_themes_the_words_suggest(
    personas: Personas, askers: list[Member]
) -> None:
    helper = new_member("Olga Prins")
    help_times(helper, personas.prevention, 2, askers=askers)

    page = people_for_topic(personas.other_org_member, "", theme=personas.prevention)

    assert page.themes == [personas.prevention]
    assert names(page.experts) == [helper.name, personas.colleague.name]


def test_the_people_tab_applies_the_filters(
    client: Client, personas: Personas, care_provider_expert: Member
) -> None:
    client.force_login(personas.colleague)

    response = search(client, "jeugdzorg", kind="member", organisation_kind="care_provider")

    assert response.status_code == 200
    assert [e.member for e in response.context["people"].experts] == [care_provider_expert]
    assert "Zeynep Kaya" in response.content.decode()


# --- Pages ---------------------------------------------------------------------------


@pytest.fixture
def fifteen_experts(personas: Personas) -> list[Member]:
    return [
        new_member(f"Expert {n:02d}", expertise=[personas.prevention])
        for n in range(PEOPLE_PAGE_SIZE + 3)
    ]


def test_pages_of_people_have_no_duplicates_and_no_gaps(
    personas: Personas, fifteen_experts: list[Member]
) -> None:
    first = people_for_topic(personas.other_org_member, "", theme=personas.prevention)
    assert first.next_cursor
    second = people_for_topic(
        personas.other_org_member, "", theme=personas.prevention, cursor=first.next_cursor
    )

    assert len(first.experts) == PEOPLE_PAGE_SIZE
    assert len(second.experts) == 4 and second.next_cursor is None
    shown = [expert.member for expert in first.experts + second.experts]
    assert len(set(shown)) == len(shown)
    assert set(shown) == {*fifteen_experts, personas.colleague}


def test_the_more_people_link_leads_to_the_next_page(
    client: Client, personas: Personas, fifteen_experts: list[Member]
) -> None:
    client.force_login(personas.other_org_member)
    first = search(client, "", kind="member", theme="preventie")
    assert first.status_code == 200
    cursor = first.context["people"].next_cursor

    second = search(client, "", kind="member", theme="preventie", after=cursor)

    shown = [e.member for e in first.context["people"].experts + second.context["people"].experts]
    assert len(set(shown)) == len(shown) == PEOPLE_PAGE_SIZE + 4


# --- Cost ------------------------------------------------------------------------------


def test_seven_queries_whatever_the_number_of_members(
    personas: Personas, askers: list[Member], django_assert_num_queries
) -> None:
    def find() -> None:
        # 1 related themes, 2 members by their words, 3 helper scores, 4 declared
        # expertise, 5 who of them may be listed (name for ties), 6 the page's members,
        # 7 their expertise.
        with django_assert_num_queries(7):
            assert people_for_topic(personas.other_org_member, "jeugdzorg").experts

    find()
    for n in range(8):
        helper = new_member(
            f"Helper {n}", expertise=[personas.youth_care], ask_me_about="Jeugdzorg"
        )
        help_times(helper, personas.youth_care, 1 + n % 3, askers=askers)
    find()


def test_a_page_link_whose_member_moved_is_refused_not_silently_empty(
    personas: Personas,
) -> None:
    # The member the link ends at is no longer in the ranking (hid from the finder).
    stale = encode_cursor([repr(3.0), personas.colleague.pk + 10_000])
    with pytest.raises(BadCursor):
        people_for_topic(personas.other_org_member, "jeugdzorg", cursor=stale)
