"""Issue 7's story in a real browser. A small community is built through the real actions
(two municipalities of at least five members, a care provider, three themes, invitations
of which some were never accepted, questions answered and marked helped with the minutes
they saved, help flowing from Hengelo to Almelo) and rolled up. Then:

- the programme lead (organisation manager of Hengelo) and the community manager open
  the insights page and see the funnel, the active members, the contributors, the median
  answer time and the share with a helpful answer, each as worked out by hand below; the
  community manager sets the hourly rate on the business case, sees the hours and euros,
  opens the printable report, downloads the CSV, and reads the dashboard on a phone;
- the community manager reads the results of the last (closed) pulse with its trend
  since the round before, and sends the next pulse to members who joined but never
  posted: one of them answers through the mailed one-click link, a member who posted is
  not asked.

Every page visited is checked with axe (see conftest.py)."""

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import Locator, Page, expect

from plein.core.testing import Personas, last_mail_to
from plein.insights.models import Event, Survey, SurveyParticipant
from plein.insights.pulse import actions as pulse
from plein.insights.rollup import roll_up
from plein.insights.tests.pulse_helpers import answer_barriers, in_days
from plein.members import actions as member_actions
from plein.members.models import Member, Organisation
from plein.posts import actions as posts
from plein.posts.models import Post
from plein.themes.actions import create_or_update_theme
from tests.e2e.conftest import (
    label,
    log_in_with_code,
    main_form,
    path_of,
    submit,
    t,
    visit,
)

pytestmark = pytest.mark.e2e

QUIET_DAYS = 45  # joined this long ago and did nothing since: not active in the last 30 days


@dataclass
class Community:
    lead: Member  # the programme lead: organisation manager of Hengelo
    quiet: list[Member]  # joined 45 days ago, nothing since
    never_posted: list[Member]
    posted: list[Member]
    helped_by_invitee: Member  # joined by invitation, marked an answer "helped me too"


def _asked_hours_ago(question: Post, hours: int) -> None:
    """Asked `hours` ago, so the answer given now took that long. The rollup reads the
    answer time from the question's and answer's creation times; no action dates a post
    in the past, so this one write stands in for the clock."""
    Post.objects.filter(pk=question.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=hours)
    )


def _accept_invitation(address: str) -> Member:
    """Follow the invite link in the mail, as the newcomer would."""
    match = re.search(r"/invite/([^/\s]+)/", str(last_mail_to(address).body))
    assert match, f"no invite link in the mail to {address}"
    return member_actions.accept_invitation(match.group(1)).member


def build_community(personas: Personas) -> Community:
    """Thirteen members: Hengelo 6, Almelo 5, Zorggroep Twente 2 (a care provider).

    By hand, for the whole community at the end of this month:
    - invited 16: 13 members plus 3 invitations to Almelo never accepted;
    - joined 13; active in the last 30 days 10 (Bram, Femke and Kees joined 45 days ago
      and did nothing since); contributed 7 (the four askers and three who answered);
      helped someone 2 (Fatima and Joost, whose answers were marked helped);
    - questions 4: 3 answered (75%), after 2, 3 and 5 hours (median 3 h); 2 with a
      helpful answer (50%), after 2 and 3 hours (lower median 2 h);
    - helped reports 3, all with minutes: 120 + 240 + 60 = 420 minutes = 7.0 hours; all
      three received in Almelo, all three given by Hengelo; per theme Inkoop 300
      minutes (5.0 h), Jeugdzorg 120 (2.0 h). At € 75 an hour: € 525 (Inkoop € 375).
    For Hengelo alone: 6 members, 5 active, 4 contributed, 2 helped someone."""
    hengelo, almelo = personas.hengelo, personas.almelo
    manager = personas.community_manager
    procurement = create_or_update_theme(
        "Inkoop", slug="inkoop", description="Samen inkopen.", order=3
    )
    care, _ = member_actions.add_organisation(
        "Zorggroep Twente", kind=Organisation.Kind.CARE_PROVIDER
    )
    lead = member_actions.create_member(
        "ingrid@hengelo.example",
        name="Ingrid Smit",
        organisation=hengelo,
        job_title="Programmaleider sociaal domein",
    )
    # Organisation managers are named in the admin (Organisation.managers), nowhere else.
    hengelo.managers.add(lead)
    pieter = member_actions.create_member(
        "pieter@hengelo.example",
        name="Pieter de Vries",
        organisation=hengelo,
        expertise=[personas.prevention],
    )
    sanne = member_actions.create_member(
        "sanne@hengelo.example", name="Sanne Kok", organisation=hengelo
    )
    bram = member_actions.create_member(
        "bram@hengelo.example", name="Bram Meijer", organisation=hengelo
    )
    femke = member_actions.create_member(
        "femke@almelo.example", name="Femke Mulder", organisation=almelo
    )
    carer = member_actions.create_member(
        "lotte@zorggroep.example", name="Lotte Veldman", organisation=care
    )
    kees = member_actions.create_member(
        "kees@zorggroep.example", name="Kees Bos", organisation=care
    )
    # Five invitations to Almelo: two accepted, three not (yet).
    member_actions.invite_members(
        manager,
        addresses=(
            "rob@almelo.example, eva@almelo.example, "
            "tim@almelo.example, noor@almelo.example, daan@almelo.example"
        ),
        organisation=almelo,
    )
    rob = _accept_invitation("rob@almelo.example")
    eva = _accept_invitation("eva@almelo.example")

    quiet = [bram, femke, kees]
    # They joined 45 days ago: their JOINED events (their only ones) and their join date
    # are moved back, as no action can date a join in the past.
    Event.objects.filter(member__in=quiet).update(at=timezone.now() - dt.timedelta(days=QUIET_DAYS))
    Member.objects.filter(pk__in=[m.pk for m in quiet]).update(
        date_joined=timezone.now() - dt.timedelta(days=QUIET_DAYS)
    )

    # Help flows from Hengelo to Almelo.
    waitlist = posts.ask_question(
        personas.other_org_member,
        theme=personas.youth_care,
        title="Hoe houden jullie de wachtlijst jeugdhulp kort?",
        body="Bij ons wachten gezinnen maanden op hulp.",
    )
    _asked_hours_ago(waitlist, 2)
    answer = posts.answer_question(
        personas.member, waitlist, body="Wij werken met een wachtlijstcoach per wijk."
    )
    posts.mark_helped(personas.other_org_member, answer, minutes=120)

    tender = posts.ask_question(
        rob,
        theme=procurement,
        title="Hoe kopen jullie samen jeugdhulp in?",
        body="Wij overwegen een regionale aanbesteding.",
    )
    _asked_hours_ago(tender, 3)
    answer = posts.answer_question(
        personas.colleague, tender, body="Via de regio Twente, met één raamcontract."
    )
    posts.mark_helped(rob, answer, minutes=240)
    posts.mark_helped(eva, answer, minutes=60)

    # Answered, not (yet) marked helped.
    signals = posts.ask_question(
        carer,
        theme=personas.prevention,
        title="Welke signalen van schulden zien jullie het eerst?",
        body="We willen eerder in gesprek met gezinnen.",
    )
    _asked_hours_ago(signals, 5)
    posts.answer_question(pieter, signals, body="Achterstand bij de woningcorporatie.")

    # Waiting for an answer.
    posts.ask_question(
        sanne,
        theme=personas.youth_care,
        title="Wie heeft een goed format voor een gezinsplan?",
        body="Het liefst één dat ook de school gebruikt.",
    )
    roll_up()
    return Community(
        lead=lead,
        quiet=quiet,
        never_posted=[lead, bram, femke, kees, eva, manager],
        posted=[personas.member, personas.colleague, personas.other_org_member, rob, sanne],
        helped_by_invitee=eva,
    )


# --- Reading the pages ---------------------------------------------------------------------


def _text(locator: Locator) -> str:
    return " ".join(locator.inner_text().replace("\N{NO-BREAK SPACE}", " ").split())


def table_row(table: Locator, heading: str) -> list[str]:
    """The cells of the row whose header cell says `heading` (exactly)."""
    exact = re.compile(rf"^\s*{re.escape(heading)}\s*$")
    row = table.locator("tr").filter(has=table.page.locator("th", has_text=exact))
    expect(row).to_have_count(1)
    return [_text(cell) for cell in row.locator("td").all()]


def fact(container: Locator, term: str) -> str:
    """The <dd> after the <dt> that says `term`."""
    exact = re.compile(rf"^\s*{re.escape(term)}\s*$")
    dt_ = container.locator("dt").filter(has_text=exact)
    expect(dt_).to_have_count(1)
    return _text(dt_.locator("xpath=following-sibling::dd[1]"))


def business_table(page: Page, caption_id: str) -> Locator:
    return page.locator("table", has=page.locator(f"caption#{caption_id}"))


def section(page: Page, heading_id: str) -> Locator:
    return page.locator(f"section[aria-labelledby='{heading_id}']")


def expect_no_sideways_scroll(phone: Page) -> None:
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{phone.url} is {width}px wide on a 360px phone"


def expect_community_figures(page: Page) -> None:
    funnel = section(page, "funnel-heading").locator("table").first
    assert table_row(funnel, t("Invited")) == ["16", ""]
    assert table_row(funnel, t("Joined")) == ["13", "81%"]
    assert table_row(funnel, t("Active in the last 30 days")) == ["10", "77%"]
    assert table_row(funnel, t("Contributed")) == ["7", "70%"]
    assert table_row(funnel, t("Helped someone")) == ["2", "29%"]
    questions = section(page, "questions-heading")
    assert fact(questions, t("Asked")) == "4"
    assert fact(questions, t("Answered")) == "75%"
    assert fact(questions, t("With a helpful answer")) == "50%"
    assert fact(questions, t("Median time to the first answer")) == t("%(hours)d h") % {"hours": 3}
    assert fact(questions, t("Median time to the first helpful answer")) == t("%(hours)d h") % {
        "hours": 2
    }


def expect_charts_with_tables(page: Page) -> None:
    """Every chart has its figures as a table, behind a disclosure that opens."""
    charts = page.locator("figure.plein-chart")
    assert charts.count() >= 3
    for chart in charts.all():
        if chart.locator("svg[role='img']").count():
            expect(chart.locator("details table")).to_have_count(1)
    first = charts.first
    first.locator("summary").click()
    expect(first.locator("details table")).to_be_visible()


# --- a. the programme lead and the community manager ------------------------------------------


def test_the_programme_lead_and_the_community_manager_read_the_figures_and_the_business_case(
    open_page: Callable[..., Page], personas: Personas
) -> None:
    community = build_community(personas)

    # The programme lead (organisation manager of Hengelo) finds the insights from her
    # own figures.
    lead = open_page()
    log_in_with_code(lead, community.lead.email)
    visit(lead, "/insights/me/")
    submit(lead, lead.get_by_role("link", name=t("Insights for the community")))
    assert path_of(lead) == "/insights/"
    expect_community_figures(lead)
    organisations = section(lead, "organisations-heading")
    expect(organisations).to_contain_text(personas.hengelo.name)
    expect(organisations).not_to_contain_text(personas.almelo.name)
    expect(lead.get_by_role("button", name=t("Update the figures now"))).to_have_count(0)
    expect_charts_with_tables(lead)

    # Her own organisation on its own.
    filters = lead.locator("main form.plein-filters")
    filters.get_by_label(label("Organisation")).select_option(label=personas.hengelo.name)
    submit(lead, filters.get_by_role("button", name=t("Show")))
    funnel = section(lead, "funnel-heading").locator("table").first
    assert table_row(funnel, t("Joined"))[0] == "6"
    assert table_row(funnel, t("Active in the last 30 days"))[0] == "5"
    assert table_row(funnel, t("Contributed"))[0] == "4"
    assert table_row(funnel, t("Helped someone"))[0] == "2"

    # The business case: what Hengelo gave, at the default rate of € 60; she may not set it.
    submit(lead, lead.get_by_role("link", name=t("The business case: hours and money saved")))
    assert path_of(lead).startswith("/insights/business-case/")
    expect(lead.locator("main")).to_contain_text(personas.hengelo.name)
    given = _text(section(lead, "headline-heading"))
    assert "7,0" in given and "€ 420" in given
    expect(lead.get_by_label(label("Hourly rate in euros"))).to_have_count(0)

    # The community manager sets the hourly rate and reads the business case.
    manager = open_page()
    log_in_with_code(manager, personas.community_manager.email)
    visit(manager, "/insights/")
    expect_community_figures(manager)
    expect(section(manager, "organisations-heading")).to_contain_text(personas.almelo.name)
    submit(manager, manager.get_by_role("link", name=t("The business case: hours and money saved")))
    figures = manager.locator("dl.plein-business__figures")
    assert fact(figures, t("Hours saved")) == "7,0"
    assert fact(figures, t("Worth")) == "€ 420"
    assert fact(figures, t("Helped reports")) == "3"
    rate = manager.locator("section.plein-business__rate form")
    rate.get_by_label(label("Hourly rate in euros")).fill("75")
    submit(manager, rate.get_by_role("button", name=t("Set the hourly rate")))
    expect(manager.locator(".plein-messages")).to_contain_text(
        t("The hourly rate is set. The figures use it now.")
    )
    figures = manager.locator("dl.plein-business__figures")
    assert fact(figures, t("Hours saved")) == "7,0"
    assert fact(figures, t("Worth")) == "€ 525"
    themes = business_table(manager, "themes-table")
    assert table_row(themes, "Inkoop") == ["2", "2", "5,0", "€ 375"]
    assert table_row(themes, "Jeugdzorg") == ["1", "1", "2,0", "€ 150"]
    chart = section(manager, "themes-heading").locator("figure.plein-chart")
    chart.locator("summary").click()
    expect(chart.locator("details table")).to_contain_text("Inkoop")
    # The help flowed from Hengelo to Almelo.
    receiving = business_table(manager, "receiving-table")
    assert table_row(receiving, personas.almelo.name) == ["3", "3", "7,0", "€ 525"]
    giving = business_table(manager, "giving-table")
    assert table_row(giving, personas.hengelo.name) == ["3", "3", "7,0", "€ 525"]
    # The page itself prints without the menu.
    manager.emulate_media(media="print")
    expect(manager.locator("header.plein-header")).to_be_hidden()
    expect(manager.locator("section.plein-business__rate")).to_be_hidden()
    manager.emulate_media(media="screen")
    expect(manager.locator("header.plein-header")).to_be_visible()

    # The CSV: the figures as numbers, Dutch style (semicolons, decimal comma).
    with manager.expect_download() as download:
        manager.get_by_role("link", name=t("Download the figures (CSV)")).click()
    content = Path(download.value.path()).read_bytes().decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    rate_row = next(row for row in rows if row and row[0] == t("Hourly rate (euro)"))
    assert Decimal(rate_row[1].replace(",", ".")) == 75
    by_section = {(row[0], row[1]): row[2:7] for row in rows if len(row) >= 7}
    total = next(cells for (name, _), cells in by_section.items() if name == t("Total"))
    assert total == ["3", "3", "420", "7,0", "525"]
    assert by_section[(t("Theme"), "Inkoop")] == ["2", "2", "300", "5,0", "375"]
    assert by_section[(t("Theme"), "Jeugdzorg")] == ["1", "1", "120", "2,0", "150"]
    assert by_section[(t("Organisation that received help"), personas.almelo.name)][:3] == [
        "3",
        "3",
        "420",
    ]
    assert by_section[(t("Organisation that gave help"), personas.hengelo.name)][:3] == [
        "3",
        "3",
        "420",
    ]
    assert not any(m.name in content for m in Member.objects.exclude(name=""))

    # The one-page report: no menu on screen, and its "back" line not on paper.
    submit(manager, manager.get_by_role("link", name=t("One-page report to print")))
    assert path_of(manager).startswith("/insights/business-case/print/")
    expect(manager.locator("nav")).to_have_count(0)
    report = manager.locator("dl.plein-business__figures")
    assert fact(report, t("Worth")) == "€ 525"
    manager.emulate_media(media="print")
    expect(manager.locator(".plein-business-print__back")).to_be_hidden()
    expect(manager.locator("h1")).to_be_visible()
    manager.emulate_media(media="screen")

    # On a phone the dashboard, the printable report and the business case fit the screen: no scrolling sideways.
    phone = open_page(phone=True)
    log_in_with_code(phone, personas.community_manager.email)
    for path in ("/insights/", "/insights/business-case/print/", "/insights/business-case/"):
        visit(phone, path)
        expect_no_sideways_scroll(phone)
    expect(section(phone, "headline-heading")).to_contain_text("525")


# --- b. the pulse ----------------------------------------------------------------------------


def _closed_round(personas: Personas, answers: list[tuple[Member, list[str]]]) -> Survey:
    """A barriers pulse to everyone, answered through the real action, then closed. Made
    in Dutch, the community's language (a template's questions are stored in the language
    they were made in)."""
    with translation.override("nl"):
        survey = pulse.create_survey(
            personas.community_manager, title="", template="barriers", closes_on=in_days(14)
        )
    pulse.publish_survey(personas.community_manager, survey)
    for member, keys in answers:
        answer_barriers(member, survey, keys)
    pulse.close_survey(personas.community_manager, survey)
    survey.refresh_from_db()
    return survey


def _mails_to(address: str) -> int:
    return sum(address in message.to for message in mail.outbox)


def test_the_community_manager_reads_the_last_pulse_and_asks_those_who_never_posted(
    open_page: Callable[..., Page], personas: Personas
) -> None:
    community = build_community(personas)
    people = Member.objects.filter(is_active=True).order_by("pk")
    respondents = list(people[:6])
    # The first round, four months ago: half did not know how.
    first = _closed_round(
        personas,
        [(m, ["dont_know_how"]) for m in respondents[:3]]
        + [(m, ["no_time"]) for m in respondents[3:]],
    )
    # No action publishes in the past: this round is moved back to four months ago.
    Survey.objects.filter(pk=first.pk).update(published_at=timezone.now() - dt.timedelta(days=120))
    # The last round, after the gatherings with the QR check-in: one in five.
    last = _closed_round(
        personas,
        [(respondents[0], ["dont_know_how"])] + [(m, ["no_time"]) for m in respondents[1:5]],
    )

    manager = open_page()
    log_in_with_code(manager, personas.community_manager.email)
    visit(manager, "/insights/pulse/")
    submit(manager, manager.locator(f"main a[href='/insights/pulse/{last.pk}/']").first)
    assert path_of(manager) == f"/insights/pulse/{last.pk}/"
    main = manager.locator("main")
    expect(main).to_contain_text(t("What holds you back from using Plein more?"))
    expect(main).to_contain_text(t("No time"))
    trends = section(manager, "trends-heading")
    expect(trends).to_be_visible()
    trends.locator("summary").first.click()
    trend_table = trends.locator("details table").first
    expect(trend_table).to_be_visible()
    trend_text = _text(trend_table)
    # "I don't know how": 3 of 6 (50%) in the first round, 1 of 5 (20%) in the last.
    assert "50%" in trend_text and "20%" in trend_text, trend_text
    cells = {}
    for row in trend_table.locator("tbody tr").all():
        cells[_text(row.locator("th"))] = [_text(c) for c in row.locator("td").all()]
    # One row per option, one column per round, oldest first.
    assert cells[t("I don't know how")] == ["50%", "20%"]
    assert cells[t("No time")] == ["50%", "80%"]
    # Nobody who answered is named.
    for member in respondents:
        if member.name:
            expect(main).not_to_contain_text(member.name)

    # The results and their trend read on a phone too.
    on_the_way = open_page(phone=True)
    log_in_with_code(on_the_way, personas.community_manager.email)
    visit(on_the_way, f"/insights/pulse/{last.pk}/")
    expect(section(on_the_way, "trends-heading")).to_be_visible()
    expect_no_sideways_scroll(on_the_way)

    # The next pulse, from the barriers template, for members who joined but never posted.
    fatima_mails = _mails_to(personas.member.email)
    visit(manager, "/insights/pulse/new/")
    form = main_form(manager, "/insights/pulse/new/")
    form.get_by_label(t("What holds members back")).check()
    form.get_by_label(t("a step of the funnel")).check()
    form.get_by_label(t("joined but never posted")).check()
    submit(manager, form.get_by_role("button", name=t("Create the draft")))
    upcoming = Survey.objects.exclude(pk__in=[first.pk, last.pk]).get()
    assert path_of(manager) == f"/insights/pulse/{upcoming.pk}/edit/"
    submit(manager, manager.get_by_role("button", name=t("Publish the pulse")))
    assert path_of(manager) == f"/insights/pulse/{upcoming.pk}/"
    asked = set(
        SurveyParticipant.objects.filter(survey=upcoming).values_list("member_id", flat=True)
    )
    assert asked == {m.pk for m in community.never_posted}
    # Fatima posted: she is not asked and gets no mail.
    assert _mails_to(personas.member.email) == fatima_mails

    # Bram never posted: the mail's one-click link opens the pulse without logging in.
    bram = community.quiet[0]
    message = last_mail_to(bram.email)
    match = re.search(r"https?://\S+?(/insights/pulse/answer/\S+?/)", str(message.body))
    assert match, "no pulse link in the mail"
    phone = open_page(phone=True)
    visit(phone, match.group(1))
    expect(phone.get_by_role("heading", level=1)).to_have_text(upcoming.title)
    expect_no_sideways_scroll(phone)
    answer = phone.locator("main form")
    answer.get_by_label(t("I don't know who is there")).check()
    answer.get_by_label("4", exact=True).check()
    submit(phone, answer.get_by_role("button", name=t("Send my answers")))
    assert path_of(phone) == "/insights/pulse/thanks/"
    upcoming.refresh_from_db()
    assert upcoming.response_count == 1
    assert SurveyParticipant.objects.get(survey=upcoming, member=bram).has_answered
