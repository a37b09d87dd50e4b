import pytest

pytestmark = pytest.mark.django_db


def test_visitors_see_what_plein_is_and_a_login_box(client, personas):
    html = client.get("/").content.decode()
    assert 'action="/login/"' in html and 'name="email"' in html
    assert "Jeugdzorg" in html


def test_members_get_their_start_page(client, personas, django_assert_num_queries):
    client.force_login(personas.member)
    client.get("/")
    # 1 session, 2 member, 3 own themes, 4 all themes, 5 waiting for you, 6 my questions,
    # 7 my circles, 8 gatherings coming up, 9 new in followed themes, 10 learning goals
    # (a member without goals: one query), 11 the shop window, 12 unread notifications
    with django_assert_num_queries(12):
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
