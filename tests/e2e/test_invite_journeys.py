"""Invites, in a real browser: a community manager invites colleagues by e-mail or with a
shareable link, and newcomers get in giving nothing but their name. Every page visited
is checked with axe (see conftest.py)."""

from collections.abc import Callable

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from plein.core.testing import Personas, code_in, last_mail_to, link_path_in
from plein.members.models import InviteLink, Member
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


def welcome_with_name(page: Page, name: str, *, organisation_pk: int) -> None:
    """On the welcome page: only a name is asked (the organisation is already filled in)."""
    assert path_of(page) == "/welcome/"
    form = main_form(page, "/welcome/")
    expect(form.locator("[required]")).to_have_count(1)
    expect(form.get_by_label(label("Organisation"))).to_have_value(str(organisation_pk))
    form.get_by_label(label("Your name")).fill(name)
    submit(page, form.get_by_role("button"))
    assert path_of(page) == "/"
    expect_logged_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Good to see you, %(name)s") % {"name": name.split(" ")[0]}
    )


def test_manager_invites_two_colleagues_and_one_joins_with_a_click(
    open_page: Callable[..., Page], personas: Personas
) -> None:
    manager = open_page()
    log_in_with_code(manager, personas.community_manager.email)
    visit(manager, "/community/invite/")
    form = main_form(manager, "/community/invite/").filter(
        has=manager.locator("textarea[name=addresses]")
    )
    form.get_by_label(label("E-mail addresses")).fill(
        "Eva Smit <eva.smit@hengelo.example>\nbram@hengelo.example"
    )
    form.get_by_label(label("Organisation")).select_option(label=personas.hengelo.name)
    submit(manager, form.get_by_role("button"))
    main = manager.locator("main")
    expect(main).to_contain_text("eva.smit@hengelo.example")
    expect(main).to_contain_text("bram@hengelo.example")

    # Eva opens the mail on her phone.
    invitee = open_page(phone=True)
    invite_link = link_path_in(last_mail_to("eva.smit@hengelo.example"))
    token = invite_link.rstrip("/").rsplit("/", 1)[-1]
    visit(invitee, invite_link)
    assert path_of(invitee) == "/invite/", "the token leaves the address bar at once"
    expect_language(invitee, "nl")
    expect(invitee.locator("main")).to_contain_text(personas.community_manager.name)
    expect(invitee.locator("main")).to_contain_text(personas.hengelo.name)
    submit(invitee, main_form(invitee, "/invite/").get_by_role("button", name=t("Continue")))
    assert token not in invitee.url

    welcome_with_name(invitee, "Eva Smit", organisation_pk=personas.hengelo.pk)
    eva = Member.objects.get(email="eva.smit@hengelo.example")
    assert (eva.name, eva.organisation) == ("Eva Smit", personas.hengelo)
    assert last_mail_to("bram@hengelo.example"), "both colleagues got an invite"


def test_newcomer_joins_through_a_shareable_invite_link(
    open_page: Callable[..., Page], personas: Personas
) -> None:
    manager = open_page()
    log_in_with_code(manager, personas.community_manager.email)
    visit(manager, "/community/invite/")
    form = main_form(manager, "/community/invite/").filter(
        has=manager.locator("input[name=valid_days]")
    )
    form.get_by_label(label("What is it for? (optional)")).fill("Nieuwsbrief juni")
    form.get_by_label(label("Organisation of newcomers (optional)")).select_option(
        label=personas.almelo.name
    )
    submit(manager, form.get_by_role("button"))
    assert path_of(manager) == "/community/invite/"
    expect(manager.get_by_role("status")).to_contain_text(
        t("The invite link is ready. Copy it from the list below.")
    )
    # The manager copies the link from the table, as shown there.
    row = manager.get_by_role("row").filter(has_text="Nieuwsbrief juni")
    shown = row.locator("code").inner_text().strip()
    assert shown.startswith(f"{settings.BASE_URL}/join/"), shown
    join_path = shown.removeprefix(settings.BASE_URL)

    # A newcomer opens it on their phone, types an address, and types the code from the mail.
    newcomer = open_page(phone=True)
    email = "lotte@almelo-wijkteam.example"
    visit(newcomer, join_path)
    assert path_of(newcomer) == "/join/", "the token leaves the address bar at once"
    expect(newcomer.locator("main")).to_contain_text(personas.almelo.name)
    ask_for_login_mail(newcomer, email, action="/join/")
    type_code(newcomer, code_in(last_mail_to(email)))

    welcome_with_name(newcomer, "Lotte Mulder", organisation_pk=personas.almelo.pk)
    lotte = Member.objects.get(email=email)
    assert lotte.organisation == personas.almelo
    assert InviteLink.objects.get(label="Nieuwsbrief juni").uses == 1
