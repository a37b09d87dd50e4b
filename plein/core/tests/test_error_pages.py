"""Errors are normal, translated pages with a way on, never a bare technical page."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_unknown_page_is_a_friendly_404_in_production(client, settings):
    settings.DEBUG = False
    response = client.get("/this/does/not/exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="nl"' in html and 'href="/"' in html


def test_an_expired_form_explains_what_to_do(db):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"email": "fatima@hengelo.example"})
    assert response.status_code == 403
    assert 'href="/"' in response.content.decode()
    assert "utrecht-heading-1" in response.content.decode()
