"""The door, in a real browser: log in by link, by code, join with open sign-up, and
switch language. Every page visited is checked with axe (see conftest.py)."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from plein.core.testing import Personas, code_in, last_mail_to, link_path_in
from plein.members.models import Member
from tests.e2e.conftest import (
    ask_for_login_mail,
    expect_language,
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


def check_your_mail_page(page: Page) -> tuple[str, str, list[str]]:
    """What a visitor sees after asking for a login mail: path, heading and form fields."""
    fields = (
        main_form(page, "/login/code/")
        .locator("input:visible")
        .evaluate_all("inputs => inputs.map(input => input.name)")
    )
    return path_of(page), page.get_by_role("heading", level=1).inner_text(), fields


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_member_logs_in_with_the_link_from_the_mail(
    open_page: Callable[..., Page], personas: Personas, phone: bool
) -> None:
    email = personas.member.email

    # Someone who is not a member asks for a mail first: remember what they see.
    stranger = open_page(phone=phone)
    visit(stranger, "/login/")
    ask_for_login_mail(stranger, "nobody@elsewhere.example")
    strangers_view = check_your_mail_page(stranger)

    page = open_page(phone=phone)
    visit(page, "/members/")
    assert path_of(page) == "/login/?next=/members/"
    expect_language(page, "nl")
    ask_for_login_mail(page, email)
    # The member sees exactly what an unknown address gets: the door tells no one who is in.
    assert check_your_mail_page(page) == strangers_view
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Check your mail"))
    expect(page.locator("main")).to_contain_text(email)

    link = link_path_in(last_mail_to(email))
    token = link.rstrip("/").rsplit("/", 1)[-1]
    continue_button = main_form(page, "/login/link/").get_by_role("button")

    # Opening the link uses nothing (mail scanners open links too): twice is fine.
    for _ in range(2):
        visit(page, link)
        assert path_of(page) == "/login/link/", "the token leaves the address bar at once"
        expect(continue_button).to_have_accessible_name(t("Continue"))

    submit(page, continue_button)
    assert path_of(page) == "/members/", "back to the page they wanted"
    assert token not in page.url
    expect_logged_in(page)
    expect_language(page, "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Members"))

    # The link worked once; after that it says so clearly, and offers a new mail.
    visit(page, link)
    submit(page, continue_button)
    expect(page.get_by_role("alert")).to_have_text(
        t("This login link has expired or has already been used. Ask for a new one below.")
    )
    expect(main_form(page, "/login/").get_by_label(label("Your e-mail address"))).to_be_editable()
    assert token not in page.url


def test_member_logs_in_with_the_code_from_the_mail(phone_page: Page, personas: Personas) -> None:
    page = phone_page
    email = personas.member.email
    visit(page, "/login/")
    ask_for_login_mail(page, email)
    code = code_in(last_mail_to(email))

    # A typo gets a clear message, and the code box stays there to try again.
    type_code(page, f"{(int(code) + 1) % 1_000_000:06d}")
    assert path_of(page) == "/login/code/"
    expect(page.get_by_role("alert")).to_have_text(
        t("That code is not right. Check the mail and try again.")
    )
    code_box = main_form(page, "/login/code/").get_by_label(label("Code from the mail"))
    expect(code_box).to_be_editable()
    expect(page.locator("header form[action='/logout/']")).to_have_count(0)

    # As people type it from a phone screen: with a space in the middle.
    type_code(page, f"{code[:3]} {code[3:]}")
    assert path_of(page) == "/"
    expect_logged_in(page)
    expect_language(page, "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Good to see you, %(name)s") % {"name": "Fatima"}
    )


def test_newcomer_joins_with_open_sign_up_and_only_gives_a_name(
    page: Page, personas: Personas, settings: Settings
) -> None:
    settings.PLEIN_SIGNUP = "open"  # the default, whatever the environment says
    email = "sanne.devries@twentezorg.example"
    visit(page, "/")
    ask_for_login_mail(page, email, action="/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Check your mail"))

    type_code(page, code_in(last_mail_to(email)))
    assert path_of(page) == "/welcome/"
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Welcome! What is your name?"))
    form = main_form(page, "/welcome/")
    # Only the name is asked for: it is the one required field.
    expect(form.locator("[required]")).to_have_count(1)
    name = form.get_by_label(label("Your name"))
    expect(name).to_have_attribute("required", "")
    name.fill("Sanne de Vries")
    submit(page, form.get_by_role("button"))

    assert path_of(page) == "/"
    expect_logged_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Good to see you, %(name)s") % {"name": "Sanne"}
    )
    member = Member.objects.get(email=email)
    assert member.name == "Sanne de Vries"
    assert member.preferred_language == "nl"


def test_visitor_switches_to_english_and_back(page: Page) -> None:
    visit(page, "/")
    expect_language(page, "nl")
    language = page.locator("header form[action='/language/']")

    submit(page, language.get_by_role("button", name="English"))
    assert path_of(page) == "/"
    expect_language(page, "en")

    submit(page, language.get_by_role("button", name="Nederlands"))
    assert path_of(page) == "/"
    expect_language(page, "nl")


def test_member_switches_to_english_and_it_is_remembered(
    phone_page: Page, personas: Personas
) -> None:
    page = phone_page
    log_in_with_code(page, personas.member.email)
    visit(page, "/members/")
    expect_language(page, "nl")
    language = page.locator("header form[action='/language/']")

    submit(page, language.get_by_role("button", name="English"))
    assert path_of(page) == "/members/", "the switch stays on the same page"
    expect_language(page, "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Members", "en"))
    personas.member.refresh_from_db()
    assert personas.member.preferred_language == "en"

    visit(page, "/")
    expect_language(page, "en")

    submit(page, language.get_by_role("button", name="Nederlands"))
    expect_language(page, "nl")
    personas.member.refresh_from_db()
    assert personas.member.preferred_language == "nl"
