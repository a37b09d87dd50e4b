"""The language cookie is set like Django's own: Secure, SameSite and lifetime from the
LANGUAGE_COOKIE_* settings, wherever Plein sets it (profile, switcher, logging in)."""

import pytest
from django.urls import reverse

from plein.core.testing import last_mail_to, link_path_in

pytestmark = pytest.mark.django_db

PROFILE = {"name": "Fatima el Amrani", "preferred_language": "en"}


@pytest.fixture
def production(settings):
    # What settings.py sets when PLEIN_DEBUG is off.
    settings.LANGUAGE_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
    return settings


def profile_saved(client, personas):
    client.force_login(personas.member)
    data = {**PROFILE, "organisation": personas.hengelo.pk}
    return client.post(reverse("members:edit_profile"), data)


def language_switched(client, personas):
    client.force_login(personas.member)
    return client.post(reverse("members:set_language"), {"language": "en", "next": "/"})


def logged_in(client, personas):
    client.post(reverse("members:login"), {"email": personas.member.email})
    client.get(link_path_in(last_mail_to(personas.member.email)))
    return client.post(reverse("members:login_link_confirm"))


@pytest.mark.parametrize("make", [profile_saved, language_switched, logged_in])
def test_the_language_cookie_is_secure_in_production(client, personas, production, make):
    response = make(client, personas)
    assert response.status_code == 302
    cookie = response.cookies["django_language"]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 60 * 60 * 24 * 365


@pytest.mark.parametrize("make", [profile_saved, language_switched, logged_in])
def test_the_language_cookie_also_works_over_plain_http_in_development(
    client, personas, settings, make
):
    settings.LANGUAGE_COOKIE_SECURE = False  # make run serves http://127.0.0.1:8000
    response = make(client, personas)
    assert response.cookies["django_language"]["secure"] == ""
