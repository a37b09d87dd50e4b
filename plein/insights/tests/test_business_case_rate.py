"""The hourly rate: who may set it, what is a rate, and the form on the business case page."""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from plein.core.errors import NotAllowed, PleinError
from plein.core.testing import client_fixture, english_fixture, personas_fixture  # noqa: F401
from plein.insights.business.actions import hourly_rate, set_hourly_rate
from plein.insights.models import BusinessCaseSettings

PAGE = reverse("insights:business_case")


def test_the_rate_is_the_setting_until_a_community_manager_sets_one(personas):
    assert hourly_rate() == Decimal(60)
    with override_settings(PLEIN_INSIGHTS_DEFAULT_HOURLY_RATE=45):
        assert hourly_rate() == Decimal(45)
    row = set_hourly_rate(personas.community_manager, Decimal("72.5"))
    assert hourly_rate() == Decimal("72.50")
    assert row.changed_by == personas.community_manager and row.changed_at is not None
    set_hourly_rate(personas.community_manager, Decimal("80"))
    assert BusinessCaseSettings.objects.count() == 1
    assert hourly_rate() == Decimal(80)


@pytest.mark.parametrize(
    ("rate", "kept"), [("1", "1.00"), ("1000", "1000.00"), ("62.505", "62.51"), ("59.994", "59.99")]
)
def test_a_rate_from_1_to_1000_euros_is_kept_in_cents(personas, rate, kept):
    row = set_hourly_rate(personas.community_manager, Decimal(rate))
    row.refresh_from_db()
    assert str(row.hourly_rate) == kept


@pytest.mark.parametrize(
    "rate", ["0", "-60", "0.5", "0.999", "1000.01", "1000000", "NaN", "Infinity"]
)
def test_an_absurd_rate_is_refused_with_a_message(personas, rate):
    with pytest.raises(PleinError, match="from 1 to 1000"):
        set_hourly_rate(personas.community_manager, Decimal(rate))
    assert hourly_rate() == Decimal(60)


def test_only_a_community_manager_sets_the_rate(personas):
    personas.hengelo.managers.add(personas.colleague)
    for member in (personas.member, personas.colleague):
        with pytest.raises(NotAllowed):
            set_hourly_rate(member, Decimal(50))
    assert not BusinessCaseSettings.objects.exists()


def test_the_form_sets_the_rate_and_says_so(client, personas):
    client.force_login(personas.community_manager)
    response = client.post(f"{PAGE}?start=2026-01&end=2026-03", {"hourly_rate": "€ 60,50"})
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?start=2026-01&end=2026-03"
    assert hourly_rate() == Decimal("60.50")
    html = client.get(response["Location"]).content.decode()
    assert "The hourly rate is set" in html
    assert "€ 60.50 an hour" in html
    assert 'value="60.50"' in html
    response = client.post(PAGE, {"hourly_rate": "75.5"})
    assert response.status_code == 302 and hourly_rate() == Decimal("75.50")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Enter an amount in euros"),
        ("-60", "Enter an amount in euros"),
        ("1.000,00", "no thousands separator"),
        ("", "Enter the hourly rate in euros."),
        ("0", "from 1 to 1000"),
        ("1000000", "from 1 to 1000"),
        ("1000,01", "from 1 to 1000"),
        ("9" * 30, "at most 20 characters"),
    ],
)
def test_bad_input_comes_back_with_what_was_typed_and_the_message(client, personas, typed, message):
    client.force_login(personas.community_manager)
    response = client.post(PAGE, {"hourly_rate": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if typed:
        assert f'value="{typed}"' in html
    assert hourly_rate() == Decimal(60)


def test_members_and_organisation_managers_may_not_set_the_rate(client, personas):
    personas.hengelo.managers.add(personas.colleague)
    client.force_login(personas.colleague)
    html = client.get(PAGE).content.decode()
    assert 'name="hourly_rate"' not in html
    assert client.post(PAGE, {"hourly_rate": "50"}).status_code == 403
    client.force_login(personas.member)
    assert client.post(PAGE, {"hourly_rate": "50"}).status_code == 403
    assert not BusinessCaseSettings.objects.exists()
