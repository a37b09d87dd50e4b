"""A pulse survey, in a real browser: the community manager creates a barriers pulse for
members who joined but never posted and publishes it; a member opens the one-click link
from the mail on her phone (not logged in) and answers; a colleague answers on his start
page. Every page visited is checked with axe (see conftest.py)."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from plein.core.testing import Personas, last_mail_to
from plein.insights.models import Survey, SurveyResponse
from plein.posts.actions import ask_question
from tests.e2e.conftest import check_a11y, log_in_with_code, main_form, path_of, submit, t, visit

pytestmark = pytest.mark.e2e


def _link_in_mail(address: str) -> str:
    match = re.search(
        r"https?://\S+?(/insights/pulse/answer/\S+?/)", str(last_mail_to(address).body)
    )
    assert match, "no pulse link in the mail"
    return match.group(1)


def test_a_barriers_pulse_for_members_who_never_posted_is_answered_from_the_mail_and_the_start_page(
    open_page: Callable[..., Page], personas: Personas
) -> None:
    # Anouk has asked a question: she is not in "joined but never posted" (publishing
    # rolls up the activity log first, so it knows).
    ask_question(
        personas.other_org_member,
        theme=personas.youth_care,
        title="Wie heeft ervaring met een wachtlijstcoach?",
        body="We willen er een aanstellen en zoeken ervaringen.",
    )
    manager = open_page()
    log_in_with_code(manager, personas.community_manager.email)
    visit(manager, "/insights/pulse/")
    manager.get_by_role("link", name=t("New pulse")).click()
    manager.wait_for_url("**/insights/pulse/new/")
    check_a11y(manager)
    form = main_form(manager, "/insights/pulse/new/")
    form.get_by_label(t("What holds members back")).check()
    form.get_by_label(t("a step of the funnel")).check()
    form.get_by_label(t("joined but never posted")).check()
    submit(manager, form.get_by_role("button", name=t("Create the draft")))
    survey = Survey.objects.get()
    assert path_of(manager) == f"/insights/pulse/{survey.pk}/edit/"
    expect(
        manager.locator("main strong", has_text=t("What holds you back from using Plein more?"))
    ).to_be_visible()
    submit(manager, manager.get_by_role("button", name=t("Publish the pulse")))
    assert path_of(manager) == f"/insights/pulse/{survey.pk}/"
    survey.refresh_from_db()
    asked = set(survey.participants.values_list("member__email", flat=True))
    assert personas.other_org_member.email not in asked
    assert {personas.member.email, personas.colleague.email} <= asked

    # Fatima opens the link from the mail on her phone, without logging in.
    phone = open_page(phone=True)
    visit(phone, _link_in_mail(personas.member.email))
    expect(phone.get_by_role("heading", level=1)).to_have_text(survey.title)
    answer = phone.locator("main form")
    answer.get_by_label(t("I don't know how")).check()
    answer.get_by_label(t("Logging in is hard")).check()
    answer.get_by_label(t("5 (very much)")).check()
    submit(phone, answer.get_by_role("button", name=t("Send my answers")))
    assert path_of(phone) == "/insights/pulse/thanks/"
    expect(phone.get_by_role("heading", level=1)).to_have_text(t("Thank you for your answers"))

    # Joost answers on his start page; forgetting the required question keeps his input.
    desk = open_page()
    log_in_with_code(desk, personas.colleague.email)
    visit(desk, "/")
    card = desk.locator(
        "section",
        has=desk.get_by_role("heading", name=t("Quick question from the community manager")),
    )
    expect(card).to_be_visible()
    card.get_by_label("4", exact=True).check()
    submit(desk, card.get_by_role("button", name=t("Send my answers")))
    assert path_of(desk) == f"/insights/pulse/{survey.pk}/answer/"
    expect(desk.get_by_label("4", exact=True)).to_be_checked()
    desk.locator("main form").get_by_label(t("No time")).check()
    submit(desk, desk.locator("main form").get_by_role("button", name=t("Send my answers")))
    assert path_of(desk) == "/insights/pulse/thanks/"
    visit(desk, "/")
    expect(
        desk.get_by_role("heading", name=t("Quick question from the community manager"))
    ).to_have_count(0)

    assert SurveyResponse.objects.filter(survey=survey).count() == 2
    # Two responses: below the threshold, the manager sees the count, not the answers.
    visit(manager, f"/insights/pulse/{survey.pk}/")
    expect(manager.get_by_text(t("I don't know how"))).to_have_count(0)
