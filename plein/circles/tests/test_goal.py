"""A circle's learning goal runs on the personal goals' mechanism (plein.goals): the circle
page suggests matching questions, resources, people and gatherings (each viewer sees only
what they may read); every two weeks the same reminder sweep asks the hosts, by a signed
expiring link, what the circle learned, and the note lands in the circle's learning log;
a host marks the goal reached or adjusts it."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from plein.circles import actions
from plein.circles.models import Circle, ProgressNote
from plein.circles.tests.helpers import circle_with, start
from plein.gatherings.tests.helpers import plan
from plein.goals import actions as goals
from plein.goals.tasks import send_checkin_reminders
from plein.library.tests.helpers import share_link
from plein.members.actions import create_member
from plein.posts.tests.helpers import ask

pytestmark = pytest.mark.django_db

CLOSED, OPEN = Circle.Access.CLOSED, Circle.Access.OPEN
# The circles' default goal (helpers.start): "Een gedeelde aanpak voor vroegsignalering op
# basisscholen". Matching content says "vroegsignalering".
MATCH = "Vroegsignalering"


def make_due(circle: Circle) -> Circle:
    """Move the circle's next progress note into the past, as if two weeks had gone by."""
    circle.next_checkin_at = timezone.now() - datetime.timedelta(minutes=1)
    circle.save(update_fields=["next_checkin_at"])
    return circle


def note_link(circle: Circle, token: str) -> str:
    return reverse("circles:note_by_link", kwargs={"pk": circle.pk, "token": token})


def token_for(circle: Circle, member) -> str:
    return goals.signed_checkin(goals.CIRCLE, circle.pk, member.pk)


# --- Suggestions ---------------------------------------------------------------------------


def what_may_help(client, circle: Circle, *, htmx: bool = True) -> str:
    """What the circle page loads after itself (htmx), or the page without JavaScript."""
    headers = {"HX-Request": "true"} if htmx else {}
    url = reverse("circles:what_may_help", kwargs={"pk": circle.pk})
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 403), response.status_code
    return response.content.decode() if response.status_code == 200 else ""


def _matching_content(personas, n: int = 0) -> None:
    ask(personas.other_org_member, personas.prevention, title=f"{MATCH} op school, vraag {n}")
    share_link(personas.other_org_member, personas.prevention, title=f"{MATCH} handreiking {n}")
    with TestCase.captureOnCommitCallbacks(execute=True):
        plan(personas.community_manager, personas.prevention, title=f"{MATCH} middag {n}")
        create_member(
            f"kenner{n}@x.example",
            name=f"Kenner {n}",
            ask_me_about=f"{MATCH} op basisscholen",
        )


def test_the_circle_page_suggests_what_matches_its_goal(client, personas):
    circle = circle_with(personas)
    _matching_content(personas)
    client.force_login(personas.colleague)
    page = client.get(circle.get_absolute_url()).content.decode()
    assert reverse("circles:what_may_help", kwargs={"pk": circle.pk}) in page
    for html in (what_may_help(client, circle), what_may_help(client, circle, htmx=False)):
        assert "What may help the circle with its goal" in html
        for title in (f"{MATCH} op school, vraag 0", f"{MATCH} handreiking 0", f"{MATCH} middag 0"):
            assert title in html
        assert "Kenner 0" in html
    assert "<html" not in what_may_help(client, circle)  # the fragment is only the section


def test_a_closed_circles_content_is_not_suggested_to_outsiders(client, personas):
    circle = circle_with(personas, access=OPEN)
    other = start(personas.other_org_member, CLOSED, name="Besloten kring elders")
    ask(personas.other_org_member, personas.prevention, title=f"{MATCH} binnen", circle=other)
    ask(personas.other_org_member, personas.prevention, title=f"{MATCH} open vraag")
    # Fatima hosts the open circle but is not in the closed one: only the open question.
    client.force_login(personas.member)
    html = what_may_help(client, circle)
    assert f"{MATCH} open vraag" in html and f"{MATCH} binnen" not in html
    # Its own member sees it, in the same place.
    client.force_login(personas.other_org_member)
    assert f"{MATCH} binnen" in what_may_help(client, circle)


def test_outsiders_of_a_closed_circle_and_reached_goals_get_no_suggestions(client, personas):
    circle = circle_with(personas)
    _matching_content(personas)
    client.force_login(personas.other_org_member)
    assert "What may help" not in client.get(circle.get_absolute_url()).content.decode()
    url = reverse("circles:what_may_help", kwargs={"pk": circle.pk})
    assert client.get(url).status_code == 403  # an outsider of a closed circle
    actions.reach_goal(personas.member, circle)
    client.force_login(personas.colleague)
    assert "What may help" not in client.get(circle.get_absolute_url()).content.decode()
    assert what_may_help(client, circle) == ""


def test_what_may_help_makes_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    circle = circle_with(personas)
    _matching_content(personas)
    client.force_login(personas.member)
    what_may_help(client, circle)
    # 1 session, 2 member, 3 the circle, 4 the viewer's membership, and 12 for the
    # suggestions when every kind matches: 5 the viewer's circles (the search audience),
    # 2 each (search, load) for gatherings, questions and resources, 5 for people (related
    # themes, search, names, members, their expertise: plein.search.people.people_for_topic)
    with django_assert_num_queries(16):
        what_may_help(client, circle)
    for n in range(1, 5):
        _matching_content(personas, n)
    url = reverse("circles:what_may_help", kwargs={"pk": circle.pk})
    with django_assert_num_queries(16):
        response = client.get(url, headers={"HX-Request": "true"})
    suggestions = response.context["suggestions"]
    assert len(suggestions.questions) == 3 and len(suggestions.people) == 3


# --- The two-weekly request for a progress note ---------------------------------------------


def test_the_hosts_are_asked_once_per_period_and_members_not(client, personas):
    circle = circle_with(personas)
    actions.make_host(personas.member, circle, personas.colleague)
    start(personas.other_org_member, name="Kring zonder hosts die wachten")
    assert send_checkin_reminders.call() == 0  # not due yet: two weeks after the start
    make_due(circle)
    assert send_checkin_reminders.call() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [personas.member.email, personas.colleague.email]
    )
    assert all(circle.name in m.subject and circle.learning_goal in m.body for m in mail.outbox)
    assert send_checkin_reminders.call() == 0  # once per period
    # The note (by the link) opens the next period; two weeks later they are asked again.
    found = re.search(r"https?://[^/\s]+(/circles/\d+/notes/\S+/)", str(mail.outbox[0].body))
    assert found, "no progress-note link in the mail"
    host = personas.member if mail.outbox[0].to == [personas.member.email] else personas.colleague
    client.force_login(host)
    response = client.post(found.group(1), {"body": "We leerden hoe Almelo het doet."})
    assert response.status_code == 302 and response["Location"] == circle.get_absolute_url()
    circle.refresh_from_db()
    assert circle.next_checkin_at is not None
    assert circle.next_checkin_at > timezone.now() + datetime.timedelta(days=13)
    assert send_checkin_reminders.call() == 0
    make_due(circle)
    assert send_checkin_reminders.call() == 2


def test_plain_members_reached_goals_and_inactive_hosts_get_nothing(personas):
    circle = make_due(circle_with(personas))
    actions.reach_goal(personas.member, circle)
    assert send_checkin_reminders.call() == 0
    actions.reopen_goal(personas.member, circle)
    make_due(circle)
    personas.member.is_active = False
    personas.member.save(update_fields=["is_active"])
    assert send_checkin_reminders.call() == 0 and not mail.outbox


def test_the_note_appears_in_the_circles_learning_log(client, personas):
    circle = circle_with(personas)
    client.force_login(personas.member)
    path = note_link(circle, token_for(circle, personas.member))
    response = client.get(path)
    assert response.status_code == 200 and "What did the circle learn?" in response.content.decode()
    response = client.post(path, {"body": ""})
    assert response.status_code == 400
    client.post(path, {"body": "Drie scholen delen nu signalen."})
    assert ProgressNote.objects.get().author == personas.member
    client.force_login(personas.colleague)
    html = client.get(circle.get_absolute_url()).content.decode()
    assert "Learning log" in html and "Drie scholen delen nu signalen." in html


# --- The signed link -------------------------------------------------------------------------


def test_a_forged_or_mismatched_link_is_a_400(client, personas):
    circle = circle_with(personas)
    other = start(personas.member, name="Tweede kring")
    token = token_for(circle, personas.member)
    client.force_login(personas.member)
    goal = goals.set_goal(
        personas.member,
        text="Learn how other municipalities organise early signals",
        due=timezone.localdate() + datetime.timedelta(days=30),
    )
    for path in (
        note_link(circle, token[:-2] + "xx"),
        note_link(circle, "nonsense"),
        note_link(other, token),  # a real link, for another circle
        note_link(circle, goals.checkin_token(goal)),  # a personal goal's link
        note_link(circle, signing.dumps({"k": "circle", "g": circle.pk}, salt="other")),
    ):
        response = client.get(path)
        assert response.status_code == 400, path
        assert "not valid" in response.content.decode()
    assert client.post(note_link(circle, "nonsense"), {"body": "x"}).status_code == 400
    assert not ProgressNote.objects.exists()


def test_an_expired_link_is_a_400(client, personas):
    circle = circle_with(personas)
    signed_at = time.time() - goals.TOKEN_MAX_AGE.total_seconds() - 3600
    with mock.patch("django.core.signing.time.time", return_value=signed_at):
        token = token_for(circle, personas.member)
    client.force_login(personas.member)
    response = client.get(note_link(circle, token))
    assert response.status_code == 400 and "expired" in response.content.decode()


def test_someone_elses_link_is_a_403(client, personas):
    circle = circle_with(personas)
    path = note_link(circle, token_for(circle, personas.member))
    for other in (personas.colleague, personas.other_org_member):
        client.force_login(other)
        for method in (client.get, client.post):
            response = method(path, {"body": "Niet van mij"})
            assert response.status_code == 403
            assert "someone else" in response.content.decode()
    # Signed for a plain member, it still takes a host.
    client.force_login(personas.colleague)
    response = client.post(note_link(circle, token_for(circle, personas.colleague)), {"body": "x"})
    assert response.status_code == 403
    assert not ProgressNote.objects.exists()


# --- Reached and adjusted --------------------------------------------------------------------


def test_a_host_marks_the_goal_reached_and_reopens_it(client, personas):
    circle = circle_with(personas)
    client.force_login(personas.colleague)
    assert client.post(reverse("circles:reach_goal", args=[circle.pk])).status_code == 403
    client.force_login(personas.member)
    html = client.get(circle.get_absolute_url()).content.decode()
    assert "The circle reached this goal" in html
    response = client.post(reverse("circles:reach_goal", args=[circle.pk]))
    assert response.status_code == 302
    circle.refresh_from_db()
    assert circle.goal_reached_at is not None
    html = client.get(circle.get_absolute_url()).content.decode()
    assert "Reached on" in html and "Reopen the goal" in html
    assert client.get(reverse("circles:reach_goal", args=[circle.pk])).status_code == 405
    client.post(reverse("circles:reopen_goal", args=[circle.pk]))
    circle.refresh_from_db()
    assert circle.goal_reached_at is None and circle.next_checkin_at > timezone.now()


def test_changing_the_goal_marks_it_adjusted(personas):
    circle = circle_with(personas)
    edit: dict = {"name": circle.name, "access": circle.access, "description": ""}
    actions.update_circle(personas.member, circle, learning_goal=circle.learning_goal, **edit)
    assert circle.goal_adjusted_at is None
    actions.update_circle(
        personas.member,
        circle,
        learning_goal="Een gedeelde aanpak voor vroegsignalering op alle scholen",
        **edit,
    )
    assert circle.goal_adjusted_at is not None
