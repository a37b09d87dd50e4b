"""QR at the door, in a real browser: the host shows the check-in screen, a newcomer scans
its code with her phone, types her e-mail address and the code from the mail, gives her
name, and is checked in, a member, following the gathering's theme. A member checks in
with one tap. Every page visited is checked with axe (see conftest.py)."""

import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from plein.core.testing import Personas, code_in, last_mail_to
from plein.gatherings.models import CheckIn, Gathering
from plein.members.models import Member
from tests.e2e.conftest import (
    ask_for_login_mail,
    expect_logged_in,
    label,
    log_in_with_code,
    main_form,
    path_of,
    submit,
    t,
    type_code,
    visit,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def gathering(personas: Personas, settings: Settings) -> Gathering:
    # Long code windows: the screen must not reload itself while axe reads it.
    settings.PLEIN_DOOR_CODE_MINUTES = 60
    settings.PLEIN_SIGNUP = "request"  # an invitation-only community: the door still admits
    starts_at = timezone.now() + timedelta(minutes=20)
    return Gathering.objects.create(
        title="Vroegsignalering op de basisschool",
        theme=personas.prevention,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        location="Het Rozendaal, Hengelo",
        organiser=personas.community_manager,
    )


def open_the_door(host: Page, personas: Personas, gathering: Gathering) -> str:
    """The host logs in and opens the check-in screen; returns the address in the QR."""
    log_in_with_code(host, personas.community_manager.email)
    visit(host, f"/gatherings/{gathering.pk}/door/")
    expect(host.get_by_role("heading", level=1)).to_have_text(gathering.title)
    qr = host.get_by_role("img", name=t("QR code to check in at %s") % gathering.title)
    expect(qr).to_be_visible()
    return host.get_by_test_id("scan-url").inner_text().strip()


def test_a_newcomer_scans_the_code_and_is_checked_in_within_a_minute(
    open_page: Callable[..., Page], personas: Personas, gathering: Gathering
) -> None:
    host = open_page()
    scan_address = open_the_door(host, personas, gathering)
    assert f"/gatherings/{gathering.pk}/in/" in scan_address

    started = time.monotonic()
    phone = open_page(phone=True)
    visit(phone, scan_address)
    assert path_of(phone) == f"/gatherings/{gathering.pk}/in/", "the code leaves the address bar"
    expect(phone.get_by_role("heading", level=1)).to_contain_text(gathering.title)
    ask_for_login_mail(phone, "lotte@borne.example", action=f"/gatherings/{gathering.pk}/in/")
    type_code(phone, code_in(last_mail_to("lotte@borne.example")))

    assert path_of(phone) == "/welcome/"
    form = main_form(phone, "/welcome/")
    form.get_by_label(label("Your name")).fill("Lotte de Vries")
    submit(phone, form.get_by_role("button"))

    assert path_of(phone) == f"/gatherings/{gathering.pk}/in/done/"
    expect(phone.get_by_role("heading", level=1)).to_have_text(t("You are checked in"))
    expect_logged_in(phone)
    assert time.monotonic() - started < 60

    lotte = Member.objects.get(email="lotte@borne.example")
    assert lotte.name == "Lotte de Vries"
    checkin = CheckIn.objects.get(gathering=gathering)
    assert (checkin.member, checkin.method) == (lotte, CheckIn.Method.NEWCOMER)
    assert list(lotte.followed_themes.all()) == [personas.prevention]

    # The host's screen counts her.
    visit(host, f"/gatherings/{gathering.pk}/door/")
    expect(host.get_by_test_id("checkin-count")).to_contain_text("1")


def test_a_member_checks_in_with_one_tap(
    open_page: Callable[..., Page], personas: Personas, gathering: Gathering
) -> None:
    host = open_page()
    scan_address = open_the_door(host, personas, gathering)

    phone = open_page(phone=True)
    log_in_with_code(phone, personas.member.email)
    visit(phone, scan_address)
    form = main_form(phone, f"/gatherings/{gathering.pk}/in/")
    submit(phone, form.get_by_role("button", name=t("Check me in")))
    expect(phone.get_by_role("heading", level=1)).to_have_text(t("You are checked in"))
    assert CheckIn.objects.get(gathering=gathering).member == personas.member


def test_an_old_code_asks_for_the_current_one(
    open_page: Callable[..., Page], personas: Personas, gathering: Gathering
) -> None:
    phone = open_page(phone=True)
    visit(phone, f"/gatherings/{gathering.pk}/in/aaaaaaaaaa/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        t("You cannot check in with this code")
    )
