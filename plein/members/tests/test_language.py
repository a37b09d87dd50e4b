"""Dutch by default, English on request; a member's choice is remembered."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dutch_is_the_default(client, db):
    html = client.get("/").content.decode()
    assert '<html lang="nl"' in html


def test_a_visitor_switches_to_english_without_javascript(client, db):
    response = client.post(reverse("members:set_language"), {"language": "en", "next": "/themes/"})
    assert response["Location"] == "/themes/"
    assert '<html lang="en"' in client.get("/themes/").content.decode()


def test_a_members_choice_is_stored_on_their_profile(client, personas):
    client.force_login(personas.member)
    client.post(reverse("members:set_language"), {"language": "en", "next": "/"})
    personas.member.refresh_from_db()
    assert personas.member.preferred_language == "en"
    client.cookies.clear()
    client.force_login(personas.member)
    assert '<html lang="en"' in client.get("/").content.decode()


def test_an_unknown_language_or_foreign_next_is_ignored(client, db):
    response = client.post(
        reverse("members:set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert '<html lang="nl"' in client.get("/").content.decode()


def test_language_switch_needs_post(client, db):
    assert client.get(reverse("members:set_language")).status_code == 405


def test_the_browsers_language_does_not_switch_plein_to_english(client, db):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="nl"' in response.content.decode()
    assert response["Content-Language"] == "nl"
