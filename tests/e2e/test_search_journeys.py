"""The Vindplaats in a real browser: a policy adviser from Wierden searches from the header
of any page, finds answered questions, answers, a contract template and people, filters,
opens the People tab, downloads the template and says it saved her a day; a search that
finds nothing becomes a question. Every page visited is checked with axe (conftest.py)."""

import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from plein.core.testing import Personas
from plein.library import actions as library_actions
from plein.library.models import Resource
from plein.members import actions as member_actions
from plein.members.models import Member, Organisation
from plein.posts import actions as post_actions
from plein.posts.models import Helped, Post
from tests.e2e.conftest import check_a11y, log_in_with_code, path_of, submit, t, visit

pytestmark = pytest.mark.e2e

# A small but real PDF: the library checks files by their content.
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def settle(page: Page) -> None:
    """Wait until htmx has finished (it may update the URL), then check the page."""
    page.wait_for_load_state("networkidle")
    check_a11y(page)


def youth_care_community(personas: Personas) -> Member:
    """Three colleagues whose answers on youth care helped (one most), a hidden question
    nobody else may find, a contract template shared by Enschede, and the adviser."""
    municipality = Organisation.Kind.MUNICIPALITY
    wierden, _ = member_actions.add_organisation("Gemeente Wierden", kind=municipality)
    enschede, _ = member_actions.add_organisation("Gemeente Enschede", kind=municipality)
    adviser = member_actions.create_member(
        "ilse@wierden.example",
        name="Ilse Brouwer",
        organisation=wierden,
        job_title="Beleidsadviseur jeugd",
    )
    helpers = [
        member_actions.create_member(
            f"{name.split()[0].lower()}@enschede.example",
            name=name,
            organisation=enschede,
            job_title="Jeugdconsulent",
            ask_me_about=ask,
            expertise=[personas.youth_care],
        )
        for name, ask in [
            ("Ruud Wolters", "Wachtlijstbeheer en overbruggingszorg"),
            ("Sevda Yilmaz", "Contracten met jeugdzorgaanbieders"),
            ("Pim de Boer", "Ambulante hulp in het gezin"),
        ]
    ]
    for number, (helper, marks) in enumerate(zip(helpers, [3, 2, 1], strict=True)):
        post = post_actions.ask_question(
            personas.member,
            theme=personas.youth_care,
            title=f"Wachtlijst bij de jeugdzorgaanbieder, aanpak {number}",
            body="Gezinnen wachten maanden. Wat doen jullie in de tussentijd?",
            confirmed_privacy=True,
        )
        reply = post_actions.answer_question(
            helper,
            post,
            body="Wij bellen elke week alle gezinnen op de wachtlijst en zetten "
            "overbruggingszorg in.",
            confirmed_privacy=True,
        )
        post_actions.mark_helped(personas.member, reply, minutes=60)
        for other in [personas.colleague, personas.other_org_member][: marks - 1]:
            post_actions.mark_helped(other, reply, minutes=30)
    hidden = post_actions.ask_question(
        personas.colleague,
        theme=personas.youth_care,
        title="Wachtlijsten jeugdzorg: geheime lijst met namen",
        body="",
        confirmed_privacy=True,
    )
    post_actions.hide_post(personas.community_manager, hidden, reason="Namen van cliënten")
    library_actions.share_file(
        helpers[1],
        theme=personas.youth_care,
        title="Modelcontract jeugdzorg inkoop",
        description="Ons contract met jeugdzorgaanbieders, met afspraken over wachtlijsten.",
        upload=ContentFile(PDF, name="modelcontract-jeugdzorg.pdf"),
        tags=["contract", "inkoop"],
    )
    return adviser


def test_a_policy_adviser_finds_answers_a_template_and_the_people_who_know(
    page: Page, personas: Personas
) -> None:
    adviser = youth_care_community(personas)
    log_in_with_code(page, adviser.email)

    # The search box in the header of any page.
    visit(page, "/themes/")
    header = page.locator("header form[role='search']")
    header.get_by_role("searchbox").fill("wachtlijsten jeugdzorg")
    submit(page, header.get_by_role("button"))
    assert path_of(page).startswith("/search/?q=wachtlijsten+jeugdzorg")
    settle(page)

    results = page.locator("ol.plein-search-results > li")
    expect(results.first).to_be_visible()
    titles = results.locator("h2").all_inner_texts()
    # Answered questions, their answers and the template, never the hidden question.
    assert any("aanpak 0" in title for title in titles)
    assert any(title.startswith(t("Answer to: %(title)s")[:6]) for title in titles)
    assert "Modelcontract jeugdzorg inkoop" in titles
    assert not any("geheime" in title for title in titles)
    # Other word forms are highlighted: "wachtlijst", "jeugdzorgaanbieder".
    marked = {text.lower() for text in page.locator("main mark").all_inner_texts()}
    assert {"wachtlijst", "jeugdzorgaanbieder"} <= marked

    # Filter by theme: htmx brings the results in place and puts the filter in the URL.
    page.locator("details.plein-filters-details summary").click()
    page.get_by_label(t("Theme"), exact=True).select_option(label=personas.youth_care.name)
    page.wait_for_url(re.compile(r"theme=jeugdzorg"))
    settle(page)
    expect(results.first).to_be_visible()
    assert not any("geheime" in title for title in results.locator("h2").all_inner_texts())

    # The People tab: the three colleagues whose answers helped most, best first.
    submit(page, page.locator("nav.plein-tabs").get_by_role("link", name=re.compile(t("People"))))
    experts = page.locator("li.plein-expert")
    expect(experts.first).to_be_visible()
    names = experts.locator("h2").all_inner_texts()
    assert names[:3] == ["Ruud Wolters", "Sevda Yilmaz", "Pim de Boer"]
    expect(experts.first).to_contain_text("Wachtlijstbeheer en overbruggingszorg")

    # The Library tab, the template, its download.
    visit(page, "/search/?q=wachtlijsten+jeugdzorg&kind=resource")
    submit(page, page.get_by_role("link", name="Modelcontract jeugdzorg inkoop"))
    resource = Resource.objects.get(title="Modelcontract jeugdzorg inkoop")
    with page.expect_download() as download_info:
        page.locator(f"a[href='/library/{resource.pk}/download/']").click()
    download = download_info.value
    assert download.suggested_filename == "modelcontract-jeugdzorg.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == PDF

    # "I reused this: saved me a day" (eight working hours).
    page.locator("details.plein-helped summary").click()
    page.locator("#reused-amount").fill("8")
    page.locator("select[name='unit']").select_option("hours")
    submit(page, page.locator("form[action$='/reused/'] button"))
    expect(page.locator("main")).to_contain_text(
        t("You marked that you reused this (it saved you about %(saved)s).")[:20]
    )
    reuse = Helped.objects.get(resource=resource, member=adviser)
    assert reuse.minutes == 8 * 60
    resource.refresh_from_db()
    assert (resource.download_count, resource.helped_count) == (1, 1)


def test_a_search_without_results_becomes_a_question(phone_page: Page, personas: Personas) -> None:
    page = phone_page
    youth_care_community(personas)
    log_in_with_code(page, personas.other_org_member.email)

    visit(page, "/search/?q=wachtlijstn+gezinscoach")
    main = page.locator("main")
    expect(main).to_contain_text(t("Did you mean"))
    submit(page, main.get_by_role("link", name=re.compile("wachtlijst")))
    expect(page.locator("ol.plein-search-results > li").first).to_be_visible()

    visit(page, "/search/?q=gezinscoach+schoolverzuim")
    submit(page, page.get_by_role("link", name=t("Ask this as a question")))
    assert path_of(page).startswith("/questions/ask/")
    expect(
        page.get_by_label(re.compile(re.escape(t("Your question in one sentence"))))
    ).to_have_value("gezinscoach schoolverzuim")
    assert not Post.objects.filter(title__contains="gezinscoach").exists()
