"""Following a theme: one POST button, without JavaScript or in place with htmx."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from plein.core.testing import CommittingClient, Personas, make_personas
from plein.themes.actions import follow_theme, unfollow_theme

pytestmark = pytest.mark.django_db


@pytest.fixture(name="client")
def client_fixture() -> Iterator[CommittingClient]:
    client = CommittingClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield client


@pytest.fixture(name="personas")
def personas_fixture(db: None) -> Personas:
    personas = make_personas()
    personas.member.preferred_language = "en"
    personas.member.save(update_fields=["preferred_language"])
    return personas


def follow_url(personas: Personas) -> str:
    return reverse("themes:follow", kwargs={"slug": personas.prevention.slug})


def test_following_twice_follows_once_and_unfollowing_stops(personas):
    follow_theme(personas.member, personas.prevention)
    follow_theme(personas.member, personas.prevention)
    assert list(personas.member.followed_themes.all()) == [personas.prevention]
    unfollow_theme(personas.member, personas.prevention)
    unfollow_theme(personas.member, personas.prevention)
    assert not personas.member.followed_themes.exists()


def test_a_member_follows_and_unfollows_without_javascript(client, personas):
    client.force_login(personas.member)
    response = client.post(follow_url(personas), {"follow": "1"})
    assert response["Location"] == personas.prevention.get_absolute_url()
    assert personas.prevention in personas.member.followed_themes.all()
    response = client.post(follow_url(personas), {"follow": "0", "next": "/questions/"})
    assert response["Location"] == "/questions/"
    assert not personas.member.followed_themes.exists()


def test_a_foreign_next_is_ignored(client, personas):
    client.force_login(personas.member)
    response = client.post(follow_url(personas), {"next": "https://evil.example/"})
    assert response["Location"] == personas.prevention.get_absolute_url()


def test_with_htmx_the_button_comes_back_in_its_new_state(client, personas):
    client.force_login(personas.member)
    response = client.post(
        follow_url(personas), {"follow": "1", "next": "/themes/preventie/"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "You follow Preventie." in html
    assert 'name="follow" value="0"' in html
    assert 'name="next" value="/themes/preventie/"' in html
    assert "<html" not in html


def test_following_needs_a_post_and_a_login(client, personas):
    assert client.post(follow_url(personas)).status_code == 302
    assert not personas.member.followed_themes.exists()
    client.force_login(personas.member)
    assert client.get(follow_url(personas)).status_code == 405
    assert client.post("/themes/no-such-theme/follow/").status_code == 404


def test_the_button_shows_the_members_state(personas):
    request = RequestFactory().get("/themes/preventie/")
    request.user = personas.member

    def button() -> str:
        with translation.override("en"):
            return render_to_string(
                "themes/includes/follow_button.html",
                {"theme": personas.prevention, "user": personas.member},
                request=request,
            )

    assert "Follow this theme" in button()
    assert 'name="next" value="/themes/preventie/"' in button()
    follow_theme(personas.member, personas.prevention)
    assert "Stop following" in button()


def test_visitors_get_no_button(personas):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/themes/preventie/")
    request.user = AnonymousUser()
    html = render_to_string(
        "themes/includes/follow_button.html",
        {"theme": personas.prevention, "user": request.user},
        request=request,
    )
    assert "<form" not in html
