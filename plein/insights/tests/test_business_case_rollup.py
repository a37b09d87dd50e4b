"""End to end: helped reports through the real actions, the rollup, then the business
case's figures, page and CSV."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from plein.core.testing import client_fixture, english_fixture, personas_fixture  # noqa: F401
from plein.insights.access import InsightsScope
from plein.insights.business import queries as business_case
from plein.insights.forms import default_period
from plein.insights.rollup import roll_up
from plein.library import actions as library_actions
from plein.members import actions as member_actions
from plein.posts import actions as post_actions
from plein.posts import stories

EVERYTHING = InsightsScope(everything=True, organisation_ids=frozenset())


@pytest.fixture(name="helped_reports")
def helped_reports_fixture(personas):
    """This month, through the actions:

    1. Fatima (Hengelo) asks in youth care, Anouk (Almelo) answers, Fatima: helped, 90 min.
    2. Joost (Hengelo) marks Anouk's answer "helped me too", without an estimate.
    3. Anouk marks Joost's anonymous story (prevention) helpful, 30 min: no helper known.
    4. Anouk reuses Fatima's link (prevention), 240 min.

    Total 4 reports (3 with an estimate), 360 min = 6.0 h = €360 at €60.
    Themes: prevention 2 reports, 270 min; youth care 2 reports, 90 min.
    Received: Almelo 2 reports, 270 min; Hengelo 2 reports, 90 min.
    Given: Almelo 2 reports, 90 min; Hengelo 1 report, 240 min; anonymous 1, 30 min.
    Both organisations get three more members, so both have five (Almelo counts the
    community manager)."""
    p = personas
    for number in range(3):
        for organisation in (p.hengelo, p.almelo):
            member_actions.create_member(
                f"extra{number}@{organisation.pk}.example", organisation=organisation
            )
    question = post_actions.ask_question(
        p.member,
        theme=p.youth_care,
        title="Wachtlijst jeugdzorg",
        body="Hoe pakken jullie dit aan?",
    )
    answer = post_actions.answer_question(p.other_org_member, question, body="Zo doen wij het.")
    post_actions.mark_helped(p.member, answer, minutes=90)
    post_actions.mark_helped(p.colleague, answer)
    story = stories.write_story(
        p.colleague,
        theme=p.prevention,
        title="Samen met de school",
        sections={"learned": "Begin klein, met één school."},
        anonymous=True,
    )
    stories.mark_story_helped(p.other_org_member, story, minutes=30)
    link = library_actions.share_link(
        p.member, theme=p.prevention, title="Handreiking", url="https://www.nji.nl/preventie"
    )
    library_actions.mark_reused(p.other_org_member, link, minutes=240)
    roll_up()
    return p


def summary(row: business_case.Row) -> tuple:
    return (row.label, row.reports, row.minutes, row.hours, row.euros)


def test_the_rolled_up_reports_make_the_hand_computed_business_case(helped_reports):
    p = helped_reports
    case = business_case.build(EVERYTHING, default_period())
    assert summary(case.total) == ("the whole community", 4, 360, Decimal("6.0"), 360)
    assert case.total.estimated == 3
    assert [m.minutes for m in case.months] == [0] * 11 + [360]
    assert case.months[-1].total_euros == 360
    assert [summary(row) for row in case.themes] == [
        ("Preventie", 2, 270, Decimal("4.5"), 270),
        ("Jeugdzorg", 2, 90, Decimal("1.5"), 90),
    ]
    assert [summary(row) for row in case.receiving] == [
        ("Gemeente Almelo", 2, 270, Decimal("4.5"), 270),
        ("Gemeente Hengelo", 2, 90, Decimal("1.5"), 90),
    ]
    assert [summary(row)[1:] for row in case.giving] == [
        (1, 240, Decimal("4.0"), 240),
        (2, 90, Decimal("1.5"), 90),
        (1, 30, Decimal("0.5"), 30),
    ]
    assert [row.label for row in case.giving][:2] == ["Gemeente Hengelo", "Gemeente Almelo"]
    assert case.giving[-1].rest
    assert [row.estimated for row in case.receiving] == [2, 1]
    assert [row.estimated for row in case.themes] == [2, 1]
    # The anonymous story's author is in no figure of their own.
    scope = InsightsScope(everything=False, organisation_ids=frozenset({p.hengelo.pk}))
    own = business_case.build(scope, default_period())
    assert [summary(row)[1:3] for row in own.giving] == [(1, 240), (3, 120)]


def test_the_page_and_the_csv_show_the_rolled_up_figures(client, helped_reports):
    p = helped_reports
    client.force_login(p.community_manager)
    html = client.get(reverse("insights:business_case")).content.decode()
    assert "€&nbsp;360" in html and "Gemeente Almelo" in html
    text = client.get(reverse("insights:business_case_csv")).content.decode()
    rows = list(csv.reader(io.StringIO(text[1:])))
    received = next(
        r for r in rows if r[:2] == ["Organisation that received help", "Gemeente Hengelo"]
    )
    assert received[2:7] == ["2", "1", "90", "1.5", "90"]
    for member in (p.member, p.colleague, p.other_org_member):
        assert member.name not in html and member.name not in text
