"""Headers beyond Django's own: the browser features no Plein page uses are switched off."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

UNUSED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb"]


def policy(response) -> dict[str, str]:
    entries = (entry.strip().partition("=") for entry in response["Permissions-Policy"].split(","))
    return {feature: allowlist for feature, _, allowlist in entries}


def test_pages_switch_off_the_browser_features_plein_does_not_use(client):
    features = policy(client.get("/"))
    for feature in UNUSED_FEATURES:
        assert features[feature] == "()", feature


def test_passkeys_stay_allowed_on_plein_itself(client):
    # Logging in with a passkey (allauth's mfa) needs the Web Authentication API.
    features = policy(client.get("/"))
    assert features.get("publickey-credentials-get", "(self)") == "(self)"
    assert features.get("publickey-credentials-create", "(self)") == "(self)"


def test_no_page_asks_for_the_camera(client, personas):
    # Not even the door: its QR code is scanned by the phone's own camera app, which then
    # opens a link.
    client.force_login(personas.member)
    for response in [client.get(reverse("core:home")), client.get("/no-such-page/")]:
        assert policy(response)["camera"] == "()"


def test_the_policy_is_sent_on_errors_and_files_too(client):
    assert "Permissions-Policy" in client.get("/no-such-page/")
    assert "Permissions-Policy" in client.get(reverse("core:healthz"))
