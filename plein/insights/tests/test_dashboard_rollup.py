"""The dashboard end to end: content made through the real actions, recorded in the
activity log, rolled up by plein.insights.rollup, and read back by the dashboard."""

from django.urls import reverse
from django.utils import timezone

from plein.core.testing import client_fixture, english_fixture, personas_fixture  # noqa: F401
from plein.insights.access import InsightsScope
from plein.insights.dashboard import queries as dashboard_queries
from plein.insights.forms import Period, add_months, first_of_month
from plein.insights.rollup import roll_up
from plein.members import actions as member_actions
from plein.posts import actions as posts
from plein.themes.actions import create_or_update_theme

EVERYTHING = InsightsScope(everything=True, organisation_ids=frozenset())


def test_recorded_activity_reaches_the_dashboard(client, personas):
    # A fifth member, so the community is big enough to show its figures.
    member_actions.create_member(
        "pieter@hengelo.example", name="Pieter de Vries", organisation=personas.hengelo
    )
    procurement = create_or_update_theme(
        "Inkoop", slug="inkoop", description="Samen inkopen.", order=3
    )
    question = posts.ask_question(
        personas.member,
        theme=personas.youth_care,
        title="Wie heeft ervaring met een wachtlijstaanpak?",
        body="We zoeken een aanpak voor de wachtlijst in de jeugdzorg.",
    )
    answer = posts.answer_question(
        personas.colleague, question, body="Wij werken met een wachtlijstcoach."
    )
    posts.mark_helped(personas.member, answer, minutes=90)
    posts.ask_question(
        personas.other_org_member,
        theme=procurement,
        title="Hoe kopen jullie samen jeugdhulp in?",
        body="Wij overwegen een regionale aanbesteding.",
        anonymous=True,
    )
    roll_up()

    month = first_of_month(timezone.localdate())
    board = dashboard_queries.build(EVERYTHING, Period(start=add_months(month, -11), end=month))
    assert board.funnel is not None and board.funnel.shown
    steps = {step.label: step.count for step in board.funnel.steps}
    assert steps["Joined"] == 5
    # The asker and the one who answered; the anonymous question is tied to nobody.
    assert steps["Contributed"] == 2
    assert steps["Helped someone"] == 1  # the colleague, whose answer helped
    questions = board.questions
    assert (questions.asked, questions.answered_share, questions.helped_share) == (2, 50, 50)
    assert questions.first_answer == "0 min"  # answered within the minute
    youth = next(row for row in board.themes if row.theme == personas.youth_care)
    inkoop = next(row for row in board.themes if row.theme == procurement)
    assert (youth.asked, youth.answered_share, youth.waiting) == (1, 100, 0)
    assert (inkoop.asked, inkoop.waiting, inkoop.helpers, inkoop.needs_helpers) == (1, 1, 0, True)
    hengelo = next(row for row in board.organisations if row.organisation == personas.hengelo)
    assert (hengelo.members, hengelo.shown) == (3, False)  # three members: not shown
    assert (hengelo.helped, hengelo.answered) == (1, 1)  # counted, not shown

    client.force_login(personas.community_manager)
    page = client.get(reverse("insights:dashboard")).content.decode()
    assert "waiting questions, nobody listed as helper" in page
    for member in (personas.member, personas.colleague, personas.other_org_member):
        assert member.name not in page
