"""The goal pages: my goals, a goal page, adjusting, completing and the check-in form;
forms keep what was typed, private goals are nobody else's business, and every page
pins its query count."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory, TestCase
from django.urls import reverse

from plein.circles import actions as circle_actions
from plein.circles.tests.helpers import circle_with
from plein.gatherings.tests.helpers import plan
from plein.goals import actions
from plein.goals.models import GoalCheckIn, LearningGoal
from plein.goals.queries import goals_for_start
from plein.goals.tests.helpers import GOAL_TEXT, in_days, make_due, set_goal
from plein.library.tests.helpers import share_link
from plein.posts.tests.helpers import ask

pytestmark = pytest.mark.django_db

LIST = reverse("goals:list")


def url(name: str, goal: LearningGoal) -> str:
    return reverse(f"goals:{name}", kwargs={"pk": goal.pk})


def test_visitors_are_sent_to_log_in(client, personas):
    goal = set_goal(personas.member)
    for path in (LIST, goal.get_absolute_url(), url("adjust", goal)):
        response = client.get(path)
        assert response.status_code == 302 and "login" in response["Location"]


def test_setting_a_goal_from_my_goals_page(client, personas):
    client.force_login(personas.member)
    assert "Set a learning goal" in client.get(LIST).content.decode()
    response = client.post(LIST, {"text": GOAL_TEXT, "due": in_days(40).isoformat()})
    goal = LearningGoal.objects.get()
    assert response.status_code == 302 and response["Location"] == goal.get_absolute_url()
    assert goal.member == personas.member and goal.circle is None


def test_a_past_date_or_vague_goal_keeps_what_was_typed(client, personas):
    client.force_login(personas.member)
    response = client.post(LIST, {"text": GOAL_TEXT, "due": in_days(-2).isoformat()})
    html = response.content.decode()
    assert response.status_code == 400
    assert "This date has passed" in html and GOAL_TEXT in html
    response = client.post(LIST, {"text": "learn stuff", "due": in_days(20).isoformat()})
    html = response.content.decode()
    assert response.status_code == 400 and "more specific" in html and "learn stuff" in html
    response = client.post(LIST, {"text": GOAL_TEXT, "due": "next March"})
    assert response.status_code == 400 and "Enter a date like" in response.content.decode()
    assert not LearningGoal.objects.exists()


def test_a_foreign_circle_cannot_be_chosen(client, personas):
    circle = circle_with(personas)  # Anouk is not in it
    client.force_login(personas.other_org_member)
    response = client.post(
        LIST, {"text": GOAL_TEXT, "due": in_days(20).isoformat(), "circle": circle.pk}
    )
    assert response.status_code == 400 and "circle you are a member of" in response.content.decode()
    assert not LearningGoal.objects.exists()


def test_the_privacy_guard_asks_for_confirmation_and_keeps_the_text(client, personas):
    client.force_login(personas.member)
    text = "Learn from piet.jansen@gmail.com how early signals work"
    data = {"text": text, "due": in_days(20).isoformat()}
    response = client.post(LIST, data)
    assert response.status_code == 400 and "confirm_privacy" in response.content.decode()
    assert client.post(LIST, {**data, "confirm_privacy": "on"}).status_code == 302


def test_my_goals_shows_active_goals_first_with_their_log(client, personas):
    done = set_goal(personas.member, "Learn the basics of motivational interviewing well")
    actions.complete_goal(personas.member, done)
    active = set_goal(personas.member)
    actions.check_in(personas.member, active, learned="Almelo works with one contact person")
    client.force_login(personas.member)
    html = client.get(LIST).content.decode()
    assert html.index(GOAL_TEXT) < html.index("motivational interviewing")
    assert "Almelo works with one contact person" in html


def test_private_goals_are_not_found_by_anyone_else(client, personas):
    goal = set_goal(personas.member)
    for other in (personas.colleague, personas.other_org_member, personas.community_manager):
        client.force_login(other)
        assert client.get(goal.get_absolute_url()).status_code == 404
        assert client.get(url("adjust", goal)).status_code == 404
        for name in ("check_in", "complete", "reopen"):
            assert client.post(url(name, goal), {"learned": "x"}).status_code == 404
        assert GOAL_TEXT not in client.get(LIST).content.decode()
    assert not GoalCheckIn.objects.exists()


def test_a_circle_goal_is_read_by_its_members_until_they_leave(client, personas):
    circle = circle_with(personas)  # Fatima hosts, Joost is in it
    goal = set_goal(personas.member, circle=circle)
    actions.check_in(personas.member, goal, learned="Almelo works with one contact person")
    client.force_login(personas.colleague)
    response = client.get(goal.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200 and GOAL_TEXT in html
    assert "Almelo works with one contact person" in html
    assert "Check in" not in html and "Adjust the goal" not in html  # read only
    response = client.post(url("check_in", goal), {"learned": "Not my goal at all"})
    assert response.status_code == 403 and "only they can check in" in response.content.decode()
    assert client.get(url("adjust", goal)).status_code == 403
    client.force_login(personas.other_org_member)
    assert client.get(goal.get_absolute_url()).status_code == 404
    circle_actions.remove_member(personas.member, circle, personas.colleague)
    client.force_login(personas.colleague)
    assert client.get(goal.get_absolute_url()).status_code == 404
    assert GoalCheckIn.objects.count() == 1


def test_checking_in_on_the_goal_page(client, personas):
    goal = set_goal(personas.member)
    client.force_login(personas.member)
    response = client.post(url("check_in", goal), {"learned": "", "next": "Call Almelo"})
    html = response.content.decode()
    assert response.status_code == 400 and "Write one line about what you learned" in html
    assert "Call Almelo" in html
    response = client.post(url("check_in", goal), {"learned": "They use one contact", "next": ""})
    assert response.status_code == 302 and response["Location"] == goal.get_absolute_url()
    assert "They use one contact" in client.get(goal.get_absolute_url()).content.decode()


def test_the_start_page_check_in_goes_back_to_a_safe_place_only(client, personas):
    goal = set_goal(personas.member)
    client.force_login(personas.member)
    response = client.post(url("check_in", goal), {"learned": "One line", "next": "/"})
    assert response["Location"] == "/"
    response = client.post(
        url("check_in", goal), {"learned": "Two", "next": "https://evil.example/"}
    )
    assert response["Location"] == goal.get_absolute_url()


def test_adjusting_completing_and_reopening(client, personas):
    goal = set_goal(personas.member)
    client.force_login(personas.member)
    page = client.get(url("adjust", goal)).content.decode()
    assert GOAL_TEXT in page
    response = client.post(url("adjust", goal), {"text": GOAL_TEXT, "due": in_days(-1).isoformat()})
    assert response.status_code == 400 and "This date has passed" in response.content.decode()
    new_text = "Learn how schools and neighbourhood teams share early signals"
    response = client.post(url("adjust", goal), {"text": new_text, "due": in_days(70).isoformat()})
    assert response.status_code == 302
    assert client.post(url("complete", goal)).status_code == 302
    goal.refresh_from_db()
    assert goal.text == new_text and goal.status == "completed"
    assert "Reopen the goal" in client.get(goal.get_absolute_url()).content.decode()
    assert client.post(url("reopen", goal)).status_code == 302
    goal.refresh_from_db()
    assert goal.is_active


def test_suggestions_match_the_goal_and_never_leak(client, personas):
    ask(
        personas.colleague,
        personas.prevention,
        title="How do you organise early signals at schools?",
    )
    secret = circle_with(personas, "secret", name="Geheime kring")
    ask(
        personas.colleague,
        personas.prevention,
        title="Early signals in our secret circle?",
        circle=secret,
    )
    share_link(personas.colleague, personas.prevention, title="Guide to early signals")
    with TestCase.captureOnCommitCallbacks(execute=True):
        plan(personas.community_manager, personas.prevention, title="Early signals afternoon")
    goal = set_goal(personas.other_org_member)
    client.force_login(personas.other_org_member)
    html = client.get(goal.get_absolute_url()).content.decode()
    assert "How do you organise early signals at schools?" in html
    assert "Guide to early signals" in html
    assert "Early signals afternoon" in html
    assert "secret circle" not in html


def test_the_goal_page_makes_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    goal = set_goal(personas.member)
    client.force_login(personas.member)
    client.get(goal.get_absolute_url())
    # 1 session, 2 member, 3 goal, 4 learning log, 5 the searcher's circles, 6 gatherings
    # search, 7 questions search, 8 resources search, 9 people's themes, 10 people search,
    # 11 unread notifications. Each kind that matches adds one query to load what was
    # found (and people up to five), so the page never makes more than 19.
    with django_assert_num_queries(11):
        client.get(goal.get_absolute_url())
    for number in range(12):
        actions.check_in(personas.member, goal, learned=f"Lesson number {number}")
        ask(
            personas.colleague, personas.prevention, title=f"Early signals in municipality {number}"
        )
    # ... 8 the questions found
    with django_assert_num_queries(12):
        response = client.get(goal.get_absolute_url())
    assert len(response.context["log"]) == 12
    assert len(response.context["suggestions"].questions) == 3
    # A circle member's read-only view: 1 session, 2 member, 3 goal, 4 log, 5 notifications.
    circle = circle_with(personas, name="Kring")
    shared = set_goal(
        personas.member, "Learn about early signals in primary schools", circle=circle
    )
    client.force_login(personas.colleague)
    client.get(shared.get_absolute_url())
    with django_assert_num_queries(5):
        client.get(shared.get_absolute_url())


def test_my_goals_makes_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    circle = circle_with(personas)
    goal = set_goal(personas.member, circle=circle)
    client.force_login(personas.member)
    client.get(LIST)
    # 1 session, 2 member, 3 my circles (form), 4 goals, 5 their logs, 6 notifications
    with django_assert_num_queries(6):
        client.get(LIST)
    for number in range(8):
        other = set_goal(personas.member, f"Learn about early signals, part {number} of many")
        actions.check_in(personas.member, other, learned="Something")
        actions.check_in(personas.member, goal, learned=f"Lesson {number}")
    with django_assert_num_queries(6):
        response = client.get(LIST)
    assert len(response.context["goals"]) == 9
    assert all(len(g.log) <= 5 for g in response.context["goals"])


def _render_start(member) -> str:
    request = RequestFactory().get("/")
    request.user = member
    return render_to_string(
        "goals/includes/start_section.html",
        {"learning_goals": goals_for_start(member)},
        request=request,
    )


def test_the_start_section_offers_a_check_in_when_due(personas, django_assert_num_queries):
    assert "Set a learning goal" in _render_start(personas.member)
    goal = set_goal(personas.member)
    actions.check_in(personas.member, goal, learned="Almelo works with one contact person")
    html = _render_start(personas.member)
    assert GOAL_TEXT in html and "Last learned: Almelo works" in html
    assert "Check in now" not in html
    make_due(goal)
    html = _render_start(personas.member)
    assert "Check in now" in html and url("check_in", goal) in html
    assert re.search(r'name="next" value="/"', html)


def test_the_start_section_makes_a_fixed_number_of_queries(personas, django_assert_num_queries):
    with django_assert_num_queries(1):
        goals_for_start(personas.member)
    for number in range(6):
        goal = set_goal(personas.member, f"Learn about early signals, part {number} of many")
        for lesson in range(3):
            actions.check_in(personas.member, goal, learned=f"Lesson {lesson}")
    # 1 goals, with their circle and what their latest check-in learned, 2 a search for
    # questions matching the first goal (nothing matches: nothing to load)
    with django_assert_num_queries(2):
        goals = goals_for_start(personas.member)
        _render_start_goals(personas.member, goals)
    assert len(goals) == 3 and all(g.latest_learned == "Lesson 2" for g in goals)  # type: ignore[attr-defined]
    for number in range(5):
        ask(personas.colleague, personas.prevention, title=f"Early signals at school {number}")
    # 3 the questions found, loaded through their visibility rule
    with django_assert_num_queries(3):
        goals = goals_for_start(personas.member)
        html = _render_start_goals(personas.member, goals)
    assert len(goals[0].matches) == 3 and not goals[1].matches  # type: ignore[attr-defined]
    assert "Early signals at school" in html


def test_the_start_section_leaves_circle_questions_out(personas):
    circle = circle_with(personas)
    ask(personas.colleague, personas.prevention, title="Early signals in our circle", circle=circle)
    ask(personas.colleague, personas.prevention, title="Early signals in the open")
    set_goal(personas.member, "Learn how schools spot early signals in our circle")
    matches = goals_for_start(personas.member)[0].matches  # type: ignore[attr-defined]
    assert [post.title for post in matches] == ["Early signals in the open"]


def _render_start_goals(member, goals) -> str:
    request = RequestFactory().get("/")
    request.user = member
    return render_to_string(
        "goals/includes/start_section.html", {"learning_goals": goals}, request=request
    )


def test_people_who_know_the_topic_are_suggested(client, personas):
    # Fatima declared expertise in Jeugdzorg; Anouk wants to learn about it.
    goal = set_goal(
        personas.other_org_member, "Leren hoe gemeenten wachtlijsten in de jeugdzorg aanpakken"
    )
    client.force_login(personas.other_org_member)
    response = client.get(goal.get_absolute_url())
    people = [expert.member for expert in response.context["suggestions"].people]
    assert personas.member in people and personas.other_org_member not in people
    assert personas.member.get_absolute_url() in response.content.decode()
