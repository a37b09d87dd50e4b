import pytest
from django.urls import reverse

from plein.members import actions

pytestmark = pytest.mark.django_db


def test_the_welcome_step_requires_a_name(client, personas):
    newcomer = actions.create_member("new@x.example", organisation=personas.almelo)
    client.force_login(newcomer)
    response = client.post(
        reverse("members:welcome"), {"name": "  ", "organisation": personas.almelo.pk}
    )
    assert response.status_code == 400
    newcomer.refresh_from_db()
    assert newcomer.needs_welcome


def test_welcome_requires_login(client, db):
    assert client.get(reverse("members:welcome")).status_code == 302
