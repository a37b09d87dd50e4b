"""Posting "in this circle" from the ask and share forms: the circle choice, ?circle= and
?gathering= links, the badge on question and resource pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.circles.models import Circle
from plein.circles.tests.helpers import circle_with, start
from plein.gatherings.models import Gathering
from plein.library.models import Resource
from plein.posts.models import Post

pytestmark = pytest.mark.django_db

ASK = reverse("posts:ask")
SHARE = reverse("library:add")
BADGE = "only its members can read this"


def question(personas, **overrides):
    return {
        "title": "Welke signalen zien leerkrachten het eerst?",
        "body": "We willen eerder in gesprek.",
        "theme": personas.prevention.slug,
        "submit_key": "",
        "post": "1",
        **overrides,
    }


def link(personas, **overrides):
    return {
        "title": "Signalenkaart basisonderwijs",
        "url": "https://www.nji.nl/signalen",
        "description": "",
        "theme": personas.prevention.slug,
        "tags": "",
        "submit_key": "",
        **overrides,
    }


def gathering_in(personas, circle: Circle | None) -> Gathering:
    # Built directly: the gathering actions are another part's; only the row matters here.
    start_at = timezone.now() + datetime.timedelta(days=3)
    return Gathering.objects.create(
        title="Netwerkochtend preventie",
        theme=personas.prevention,
        circle=circle,
        starts_at=start_at,
        ends_at=start_at + datetime.timedelta(hours=2),
        organiser=personas.member,
    )


def test_the_ask_form_offers_my_circles_and_a_link_preselects_one(client, personas):
    mine = circle_with(personas, name="Mijn kring")
    start(personas.other_org_member, Circle.Access.CLOSED, name="Andermans kring")
    client.force_login(personas.colleague)
    html = client.get(ASK, {"circle": mine.pk}).content.decode()
    assert f'<option value="{mine.pk}" selected>Mijn kring</option>' in html
    assert "Andermans kring" not in html


def test_asking_in_a_circle_shows_the_badge(client, personas):
    circle = circle_with(personas)
    client.force_login(personas.colleague)
    response = client.post(ASK, question(personas, circle=circle.pk))
    post = Post.objects.get()
    assert response.status_code == 302 and post.circle == circle
    html = client.get(response["Location"]).content.decode()
    assert BADGE in html and circle.get_absolute_url() in html


def test_asking_in_someone_elses_closed_circle_is_refused_and_keeps_the_text(client, personas):
    circle = circle_with(personas)
    client.force_login(personas.other_org_member)
    response = client.post(ASK, question(personas, circle=circle.pk))
    html = response.content.decode()
    assert response.status_code == 400 and not Post.objects.exists()
    assert "Welke signalen zien leerkrachten het eerst?" in html
    assert "We willen eerder in gesprek." in html


def test_an_open_circle_from_a_link_can_be_chosen_by_anyone(client, personas):
    circle = start(personas.member, Circle.Access.OPEN, name="Open kring")
    client.force_login(personas.other_org_member)
    assert "Open kring" in client.get(ASK, {"circle": circle.pk}).content.decode()
    response = client.post(ASK, question(personas, circle=circle.pk))
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "In circle" in html and BADGE not in html


def test_a_question_from_a_gathering_in_a_circle_lands_in_that_circle(client, personas):
    circle = circle_with(personas)
    gathering = gathering_in(personas, circle)
    client.force_login(personas.colleague)
    html = client.get(ASK, {"gathering": gathering.pk}).content.decode()
    assert f'name="gathering" value="{gathering.pk}"' in html
    response = client.post(ASK, question(personas, gathering=gathering.pk))
    post = Post.objects.get()
    assert response.status_code == 302
    assert (post.gathering, post.circle) == (gathering, circle)


def test_a_gathering_the_member_may_not_see_is_refused(client, personas):
    circle = circle_with(personas)
    gathering = gathering_in(personas, circle)
    client.force_login(personas.other_org_member)
    response = client.post(ASK, question(personas, gathering=gathering.pk))
    assert response.status_code == 400 and not Post.objects.exists()
    assert "not (or no longer) open to you" in response.content.decode()


def test_a_gathering_outside_circles_keeps_the_chosen_circle(client, personas):
    circle = circle_with(personas)
    gathering = gathering_in(personas, None)
    client.force_login(personas.member)
    client.post(ASK, question(personas, gathering=gathering.pk, circle=circle.pk))
    post = Post.objects.get()
    assert (post.gathering, post.circle) == (gathering, circle)


def test_sharing_a_link_in_a_circle_shows_the_badge(client, personas):
    circle = circle_with(personas, name="Mijn kring")
    client.force_login(personas.colleague)
    html = client.get(SHARE, {"circle": circle.pk}).content.decode()
    assert f'<option value="{circle.pk}" selected>Mijn kring</option>' in html
    response = client.post(SHARE, link(personas, circle=circle.pk))
    resource = Resource.objects.get()
    assert response.status_code == 302 and resource.circle == circle
    assert BADGE in client.get(response["Location"]).content.decode()
    client.force_login(personas.other_org_member)
    assert client.get(response["Location"]).status_code == 404


def test_sharing_in_a_circle_one_is_not_in_keeps_the_form(client, personas):
    circle = circle_with(personas)
    client.force_login(personas.other_org_member)
    response = client.post(SHARE, link(personas, circle=circle.pk))
    assert response.status_code == 400 and not Resource.objects.exists()
    assert "Signalenkaart basisonderwijs" in response.content.decode()


def test_sharing_from_a_gathering(client, personas):
    circle = circle_with(personas)
    gathering = gathering_in(personas, circle)
    client.force_login(personas.member)
    assert (
        f'value="{gathering.pk}"' in client.get(SHARE, {"gathering": gathering.pk}).content.decode()
    )
    client.post(SHARE, link(personas, gathering=gathering.pk))
    resource = Resource.objects.get()
    assert (resource.gathering, resource.circle) == (gathering, circle)


def test_the_question_page_in_a_circle_costs_the_same_however_big_the_circle(
    client, personas, django_assert_max_num_queries
):
    from plein.circles import actions
    from plein.members.actions import create_member
    from plein.posts.tests.helpers import answer, ask

    circle = circle_with(personas)
    post = ask(personas.member, personas.prevention, title="In de kring", circle=circle)
    answer(personas.colleague, post)
    client.force_login(personas.colleague)
    url = reverse("posts:question", kwargs={"pk": post.pk})
    client.get(url)
    with django_assert_max_num_queries(100) as before:
        client.get(url)
    token = actions.renew_invite_link(personas.member, circle)
    for number in range(5):
        someone = create_member(f"lid{number}@x.example", name=f"Lid {number}")
        actions.join_by_invite_link(token, someone)
        answer(someone, post)
    with django_assert_max_num_queries(len(before.captured_queries)):
        html = client.get(url).content.decode()
    assert BADGE in html
