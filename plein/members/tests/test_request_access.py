import pytest
from django.test import override_settings
from django.urls import reverse

from plein.core.testing import last_mail_to

pytestmark = pytest.mark.django_db


@override_settings(PLEIN_SIGNUP="request")
def test_a_request_reaches_every_community_manager(client, personas):
    response = client.post(
        reverse("members:request_access"),
        {
            "email": "noor@losser.example",
            "name": "Noor Smit",
            "organisation_name": "Gemeente Losser",
            "motivation": "Ik werk aan preventie.",
        },
    )
    assert response.status_code == 200
    message = last_mail_to("cm@plein.example")
    assert "Noor Smit" in message.subject
    assert "Ik werk aan preventie." in message.body


def test_missing_fields_keep_what_was_typed(client, personas):
    response = client.post(
        reverse("members:request_access"), {"email": "noor@losser.example", "name": ""}
    )
    assert response.status_code == 400
    assert 'value="noor@losser.example"' in response.content.decode()
