"""Circle content in the search: a closed or secret circle's questions, answers and
resources are found by its members (and community managers) only, in results, counts and
suggestions; an open circle's by everyone; a secret circle itself only by its members.
Removal from a circle takes effect on the next search, without reindexing."""

import datetime as dt

import pytest
from django.test import TestCase
from django.utils import timezone

from plein.circles import actions as circles
from plein.circles.models import Circle
from plein.core.testing import Personas
from plein.gatherings import actions as gatherings
from plein.library import actions as library
from plein.members.models import Member
from plein.posts import actions as posts
from plein.search.queries import search_page, similar_questions
from plein.search.tests.helpers import indexed_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(db: None) -> Personas:
    return indexed_personas()


def start(personas: Personas, access: str, name: str = "Preventie op school") -> Circle:
    """A circle hosted by Fatima with Joost as member; Anouk stays outside."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        circle = circles.start_circle(
            personas.member,
            name=name,
            learning_goal="Juni: een gedeelde aanpak voor vroegsignalering",
            access=access,
            confirmed_privacy=True,
        )
        token = circles.renew_invite_link(personas.member, circle)
        circles.join_by_invite_link(token, personas.colleague)
    return circle


def ask_in(personas: Personas, circle: Circle, title: str, *, anonymous: bool = False):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return posts.ask_question(
            personas.member,
            theme=personas.prevention,
            title=title,
            body="Hoe pakken jullie de signalering aan?",
            circle=circle,
            anonymous=anonymous,
            confirmed_privacy=True,
        )


def kinds(viewer: Member, text: str) -> dict[str, int]:
    return search_page(viewer, text).counts.by_kind


@pytest.mark.parametrize("access", ["closed", "secret"])
def test_closed_and_secret_circle_content_is_found_by_its_members_only(
    personas: Personas, access: str
) -> None:
    circle = start(personas, access)
    post = ask_in(personas, circle, "Kwetsbare signalen op de basisschool")
    with TestCase.captureOnCommitCallbacks(execute=True):
        posts.answer_question(
            personas.colleague,
            post,
            body="Wij gebruiken een signaleringskaart.",
            confirmed_privacy=True,
        )
        library.share_link(
            personas.colleague,
            theme=personas.prevention,
            title="Signaleringskaart basisschool",
            url="https://example.org/kaart",
            circle=circle,
            confirmed_privacy=True,
        )

    for reader in (personas.member, personas.colleague, personas.community_manager):
        # The question is found by what its answer says, too.
        assert kinds(reader, "signaleringskaart") == {"question": 1, "answer": 1, "resource": 1}
        assert [p.pk for p in similar_questions(reader, "signalen basisschool")] == [post.pk]
    outsider = personas.other_org_member
    assert kinds(outsider, "signaleringskaart") == {}
    assert search_page(outsider, "signaleringskaart").results == []
    assert similar_questions(outsider, "signalen basisschool") == []
    # Not even a "did you mean" built from the circle's words.
    assert search_page(outsider, "signaleringskaard").suggestion == ""


def test_open_circle_content_is_found_by_everyone(personas: Personas) -> None:
    circle = start(personas, "open")
    post = ask_in(personas, circle, "Kwetsbare signalen op de basisschool")

    for viewer in (personas.other_org_member, personas.colleague, personas.community_manager):
        assert [r.object.pk for r in search_page(viewer, "kwetsbare signalen").results] == [post.pk]


def test_removal_from_a_circle_takes_effect_on_the_next_search(personas: Personas) -> None:
    circle = start(personas, "closed")
    ask_in(personas, circle, "Kwetsbare signalen op de basisschool")
    assert kinds(personas.colleague, "kwetsbare") == {"question": 1}

    circles.remove_member(personas.member, circle, personas.colleague)

    assert kinds(personas.colleague, "kwetsbare") == {}


def test_a_secret_circle_is_found_by_its_members_only_and_a_closed_one_by_everyone(
    personas: Personas,
) -> None:
    secret = start(personas, "secret", name="Vertrouwelijk intervisieoverleg")
    closed = start(personas, "closed", name="Besloten intervisiekring")

    assert kinds(personas.colleague, "intervisie") == {"circle": 2}
    assert kinds(personas.community_manager, "intervisie") == {"circle": 2}
    found = search_page(personas.other_org_member, "intervisie").results
    assert [(r.kind, r.object.pk) for r in found] == [("circle", closed.pk)]
    assert secret.pk not in {r.object.pk for r in found}


def test_anonymous_questions_in_a_circle_carry_no_organisation_in_the_index(
    personas: Personas,
) -> None:
    circle = start(personas, "closed")
    ask_in(personas, circle, "Anoniem: twijfel over een melding", anonymous=True)
    hengelo = personas.hengelo.pk

    # Filtering on the asker's organisation must not single the anonymous asker out.
    page = search_page(personas.colleague, "twijfel melding", organisation_id=hengelo)
    assert page.results == []
    assert kinds(personas.colleague, "twijfel melding") == {"question": 1}


def test_gatherings_are_found_and_a_closed_circles_gathering_by_its_members_only(
    personas: Personas,
) -> None:
    circle = start(personas, "closed")
    starts = timezone.now() + dt.timedelta(days=7)

    def plan(title: str, circle: Circle | None = None):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return gatherings.plan_gathering(
                personas.member if circle else personas.community_manager,
                title=title,
                theme=personas.prevention,
                circle=circle,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                location="Bibliotheek Almelo",
                confirmed_privacy=True,
            )

    public = plan("Netwerkmiddag schoolmaatschappelijk werk")
    closed = plan("Kringmiddag schoolmaatschappelijk werk", circle)

    assert kinds(personas.colleague, "schoolmaatschappelijk") == {"gathering": 2}
    found = search_page(personas.other_org_member, "schoolmaatschappelijk").results
    assert [(r.kind, r.object.pk) for r in found] == [("gathering", public.pk)]
    assert closed.pk not in {r.object.pk for r in found}

    # A cancelled gathering is still found (its page says it was cancelled); an edit is
    # found by its new words.
    with TestCase.captureOnCommitCallbacks(execute=True):
        gatherings.cancel_gathering(personas.community_manager, public)
    assert kinds(personas.other_org_member, "schoolmaatschappelijk") == {"gathering": 1}
    with TestCase.captureOnCommitCallbacks(execute=True):
        gatherings.edit_gathering(
            personas.member,
            closed,
            title="Kringmiddag jeugdverpleegkunde",
            theme=personas.prevention,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            location="Bibliotheek Almelo",
            confirmed_privacy=True,
        )
    assert kinds(personas.colleague, "jeugdverpleegkunde") == {"gathering": 1}


def test_closing_an_open_circle_closes_its_content_in_the_search_at_once(
    personas: Personas,
) -> None:
    circle = start(personas, "open")
    ask_in(personas, circle, "Kwetsbare signalen op de basisschool")
    assert kinds(personas.other_org_member, "kwetsbare") == {"question": 1}

    with TestCase.captureOnCommitCallbacks(execute=True):
        circles.update_circle(
            personas.member,
            circle,
            name=circle.name,
            learning_goal=circle.learning_goal,
            access="closed",
            confirmed_privacy=True,
        )

    assert kinds(personas.other_org_member, "kwetsbare") == {}
    assert kinds(personas.colleague, "kwetsbare") == {"question": 1}
