"""The library in a real browser: sharing a file (and a renamed web page that is refused,
with the form kept), the list, a resource's page, "I reused this" with the time it saved,
editing, and the phone layout. Every page visited is checked with axe (see conftest.py)."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from plein.core.testing import Personas
from plein.library import actions as library_actions
from plein.library.models import Resource
from tests.e2e.conftest import check_a11y, log_in_with_code, main_form, submit, visit

pytestmark = pytest.mark.e2e

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def test_a_member_shares_a_contract_another_reuses_it(
    page: Page, open_page: Callable[..., Page], personas: Personas
) -> None:
    log_in_with_code(page, personas.other_org_member.email)
    visit(page, "/library/add/?theme=jeugdzorg")
    form = main_form(page, "/library/add/")
    form.locator("#id_title").fill("Modelcontract jeugdzorg inkoop")
    form.locator("#id_description").fill("Met de **resultaatafspraken** uitgewerkt.")
    form.locator("#id_tags").fill("inkoop, contracten")

    # A web page renamed .pdf: refused, everything typed kept, the file asked for again.
    form.locator("#id_file").set_input_files(
        {"name": "Modelcontract.pdf", "mimeType": "application/pdf", "buffer": HTML}
    )
    submit(page, form.locator("button[type=submit]"))
    expect(page.locator("#id_file_error")).to_contain_text(".pdf")
    expect(page.locator("#id_title")).to_have_value("Modelcontract jeugdzorg inkoop")
    assert not Resource.objects.exists()

    form = main_form(page, "/library/add/")
    form.locator("#id_file").set_input_files(
        {"name": "Modelcontract.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    submit(page, form.locator("button[type=submit]"))
    resource = Resource.objects.get()
    assert page.url.endswith(resource.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Modelcontract jeugdzorg inkoop")

    # The sharer edits, and sees the delete confirmation.
    visit(page, f"/library/{resource.pk}/edit/")
    visit(page, f"/library/{resource.pk}/delete/")

    # A colleague finds it in the list, downloads it and says it saved a day.
    other = open_page()
    log_in_with_code(other, personas.member.email)
    visit(other, "/library/?theme=jeugdzorg")
    other.get_by_role("link", name="Modelcontract jeugdzorg inkoop").click()
    other.wait_for_load_state()
    check_a11y(other)
    with other.expect_download() as download:
        other.locator(f'a[href="/library/{resource.pk}/download/"]').click()
    assert download.value.suggested_filename == "Modelcontract.pdf"
    other.locator("details.plein-helped summary").click()
    other.locator("#reused-amount").fill("8")
    other.locator('select[name="unit"]').select_option("hours")
    submit(other, other.locator('form[action$="/reused/"] button'))
    expect(other.locator("main")).to_contain_text(re.compile("8 (h|u)"))
    resource.refresh_from_db()
    assert (resource.helped_count, resource.minutes_saved, resource.download_count) == (1, 480, 1)


def test_the_library_on_a_phone_and_for_a_community_manager(
    phone_page: Page, page: Page, personas: Personas
) -> None:
    for number in range(3):
        library_actions.share_link(
            personas.member,
            theme=personas.youth_care,
            title=f"Handreiking wachtlijsten {number}",
            url="https://www.nji.example/wachtlijsten",
            tags=["wachtlijsten"],
        )
    resource = Resource.objects.order_by("pk").first()
    assert resource is not None
    log_in_with_code(phone_page, personas.colleague.email)
    visit(phone_page, "/library/")
    visit(phone_page, "/library/?tag=wachtlijsten&kind=link")
    visit(phone_page, resource.get_absolute_url())
    log_in_with_code(page, personas.community_manager.email)
    visit(page, resource.get_absolute_url())
    page.locator(".plein-moderation summary").click()
    page.locator("#id_reason").fill("Verouderde versie")
    submit(page, page.locator('form[action$="/hide/"] button'))
