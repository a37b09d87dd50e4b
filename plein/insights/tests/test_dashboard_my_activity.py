"""A member's own figures (/insights/me/): their own activity only, anonymous posts not
tied to them, a fixed number of queries."""

from django.urls import reverse

from plein.core.testing import client_fixture, english_fixture, personas_fixture  # noqa: F401
from plein.gatherings import door
from plein.gatherings.models import CheckIn
from plein.gatherings.tests.helpers import plan
from plein.insights.dashboard.queries import my_figures
from plein.posts import actions as posts

PAGE = reverse("insights:my_activity")


def activity(personas):
    """Fatima asks twice (once anonymously), Joost answers both and helps her once; she
    checks in at a gathering."""
    named = posts.ask_question(
        personas.member,
        theme=personas.youth_care,
        title="Wie heeft ervaring met een wachtlijstaanpak?",
        body="We zoeken een aanpak voor de wachtlijst in de jeugdzorg.",
    )
    anonymous = posts.ask_question(
        personas.member,
        theme=personas.prevention,
        title="Hoe praat ik met ouders over zorgen?",
        body="Een gesprek dat ik lastig vind.",
        anonymous=True,
    )
    answer = posts.answer_question(personas.colleague, named, body="Met een wachtlijstcoach.")
    posts.answer_question(personas.colleague, anonymous, body="Begin bij wat goed gaat.")
    posts.mark_helped(personas.member, answer, minutes=90)
    gathering = plan(personas.colleague, personas.youth_care)
    door.check_in(gathering, personas.member, method=CheckIn.Method.MEMBER)


def test_a_visitor_is_sent_to_the_login(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert reverse("members:login") in response["Location"]


def test_a_member_sees_their_own_figures(client, personas):
    activity(personas)
    fatima, joost = my_figures(personas.member), my_figures(personas.colleague)
    # Her anonymous question is not tied to her, so it is not counted.
    assert (fatima.asked, fatima.answered, fatima.attended, fatima.helped) == (1, 0, 1, 0)
    assert (joost.asked, joost.answered, joost.helped, joost.minutes) == (0, 2, 1, 90)
    client.force_login(personas.colleague)
    page = client.get(PAGE).content.decode()
    assert "1 h 30 min" in page
    assert personas.member.name not in page  # who was helped is not said


def test_the_profile_links_to_it_for_its_owner_only(client, personas):
    client.force_login(personas.member)
    assert PAGE in client.get(personas.member.get_absolute_url()).content.decode()
    assert PAGE not in client.get(personas.colleague.get_absolute_url()).content.decode()


def test_an_organisation_manager_finds_the_dashboard_from_it(client, personas):
    client.force_login(personas.colleague)
    dashboard = f'href="{reverse("insights:dashboard")}"'
    assert dashboard not in client.get(PAGE).content.decode()
    personas.hengelo.managers.add(personas.colleague)
    assert dashboard in client.get(PAGE).content.decode()


def test_the_page_makes_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    client.force_login(personas.colleague)
    client.get(PAGE)  # the first request writes last_seen
    # 1-2 session and member, 3 their own events by kind, 4 the help they gave,
    # 5 unread notifications (the header). Whether they manage an organisation is a
    # flag on the member.
    with django_assert_num_queries(5):
        client.get(PAGE)
    activity(personas)
    with django_assert_num_queries(5):
        client.get(PAGE)
