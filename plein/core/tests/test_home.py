import pytest

from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    client_fixture,
    english_fixture,
    personas_fixture,
)

pytestmark = pytest.mark.django_db


def test_visitors_see_what_plein_is_and_a_login_box(client, personas):
    html = client.get("/").content.decode()
    assert 'action="/login/"' in html and 'name="email"' in html
    assert "Jeugdzorg" in html


def test_members_get_their_start_page(client, personas, django_assert_num_queries):
    client.force_login(personas.member)
    client.get("/")
    # 1 session, 2 member, 3 all themes (marking her own), 4 waiting for you, 5 my
    # circles, 6 gatherings coming up, 7 new in followed themes, 8 learning goals (with
    # their latest check-in; a member without goals: no matching questions to look for),
    # 9 the shop window, 10 an open pulse survey she has not answered (none here; with
    # one, its questions and options follow), 11 unread notifications
    with django_assert_num_queries(11):
        html = client.get("/").content.decode()
    assert "Fatima" in html
    assert 'action="/login/"' not in html


def test_the_start_page_shows_what_is_new_in_followed_themes_that_the_member_may_see(
    client, personas
):
    from django.test import TestCase

    from plein.circles import actions as circles
    from plein.posts.actions import ask_question
    from plein.themes.actions import follow_theme

    follow_theme(personas.other_org_member, personas.prevention)
    with TestCase.captureOnCommitCallbacks(execute=True):
        circle = circles.start_circle(
            personas.member, name="Besloten kring", learning_goal="Samen leren over preventie"
        )
    ask_question(
        personas.member,
        theme=personas.prevention,
        title="Open vraag over preventie op school",
        body="",
        confirmed_privacy=True,
    )
    ask_question(
        personas.member,
        theme=personas.prevention,
        title="Kringvraag over preventie",
        body="",
        circle=circle,
        confirmed_privacy=True,
    )
    client.force_login(personas.other_org_member)
    html = client.get("/").content.decode()
    assert "Open vraag over preventie op school" in html
    assert "Kringvraag over preventie" not in html


def _fill_start_page(personas, number: int) -> None:
    """`number` more of everything the start page lists for the member: goals with
    check-ins, circles, own questions, questions waiting in her themes, bright spots,
    gatherings, new posts in a theme she follows."""
    import datetime

    from django.test import TestCase
    from django.utils import timezone

    from plein.circles import actions as circles
    from plein.gatherings.actions import plan_gathering
    from plein.goals import actions as goals
    from plein.posts.actions import ask_question
    from plein.showcase.tests.helpers import feature
    from plein.themes.actions import follow_theme

    follow_theme(personas.member, personas.prevention)
    soon = timezone.now() + datetime.timedelta(days=7)
    for n in range(number):
        goal = goals.set_goal(
            personas.member,
            text=f"Leren over vroegsignalering, deel {n}",
            due=timezone.localdate() + datetime.timedelta(days=60),
        )
        goals.check_in(personas.member, goal, learned=f"Les {n}")
        with TestCase.captureOnCommitCallbacks(execute=True):
            circles.start_circle(
                personas.member, name=f"Kring {n}", learning_goal="Samen leren over preventie"
            )
        for author, theme in (
            (personas.member, personas.prevention),
            (personas.other_org_member, personas.youth_care),
        ):
            ask_question(
                author,
                theme=theme,
                title=f"Vraag {n} over {theme.name} van {author.get_short_name()}",
                body="",
                confirmed_privacy=True,
            )
        with TestCase.captureOnCommitCallbacks(execute=True):  # indexed, to be found
            ask_question(
                personas.colleague,
                theme=personas.prevention,
                title=f"Vroegsignalering in de wijk {n}",
                body="",
                confirmed_privacy=True,
            )
        post = ask_question(
            personas.other_org_member,
            theme=personas.prevention,
            title=f"Lichtpuntvraag {n}",
            body="",
            confirmed_privacy=True,
        )
        feature(personas.community_manager, post=post)
        plan_gathering(
            personas.community_manager,
            title=f"Bijeenkomst {n}",
            theme=personas.youth_care,
            starts_at=soon,
            ends_at=soon + datetime.timedelta(hours=2),
            location="Hengelo",
        )


def test_the_start_page_makes_the_same_number_of_queries_with_more_rows(
    client, personas, django_assert_num_queries
):
    client.force_login(personas.member)
    _fill_start_page(personas, 1)
    client.get("/")
    # As above, and 9-10 the questions matching her first goal (search, load): 13,
    # whatever the member has or the community posts.
    with django_assert_num_queries(13):
        client.get("/")
    _fill_start_page(personas, 4)
    with django_assert_num_queries(13):
        html = client.get("/").content.decode()
    assert "Vraag 3 over Jeugdzorg" in html and "Leren over vroegsignalering" in html
    assert "Questions that match it:" in html and "Vroegsignalering in de wijk 3" in html


def test_the_start_page_puts_the_five_learning_sections_in_order(client, personas):
    client.force_login(personas.member)
    _fill_start_page(personas, 1)
    html = client.get("/").content.decode()
    headings = [
        'id="learning-goals-heading"',
        'id="help-heading"',
        'id="shop-window-heading"',
        'id="upcoming-gatherings-heading"',
        'id="followed-heading"',
    ]
    positions = [html.index(heading) for heading in headings]
    assert positions == sorted(positions)
    # Asking and the member's circles stay above them, in a compact bar.
    assert html.index('id="learn-heading"') < positions[0]
    assert html.index('id="circles-heading"') < positions[0]


def test_a_member_without_circle_or_goal_is_offered_a_small_circle_first(client, personas):
    client.force_login(personas.member)
    assert 'id="first-step-heading"' in client.get("/").content.decode()
    _fill_start_page(personas, 1)
    assert 'id="first-step-heading"' not in client.get("/").content.decode()


def test_the_themes_she_knows_about_are_named_and_all_themes_listed(client, personas):
    client.force_login(personas.member)
    response = client.get("/")
    assert response.context["my_themes"] == [personas.youth_care]
    assert list(response.context["themes"]) == [personas.youth_care, personas.prevention]


def test_a_host_sees_when_the_circle_is_due_a_progress_note(client, personas):
    import datetime

    from django.utils import timezone

    from plein.circles import actions as circles

    circle = circles.start_circle(
        personas.member, name="Preventiekring", learning_goal="Samen leren over preventie"
    )
    client.force_login(personas.member)
    assert "time for a progress note" not in client.get("/").content.decode()
    circle.next_checkin_at = timezone.now() - datetime.timedelta(minutes=1)
    circle.save(update_fields=["next_checkin_at"])
    assert "time for a progress note" in client.get("/").content.decode()
