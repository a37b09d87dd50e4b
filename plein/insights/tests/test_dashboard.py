"""The community dashboard: who may see it, its figures against hand-computed values from
constructed Aggregate rows, the privacy threshold at 4 and 5 members, bad filters, and a
query count that does not grow with the data."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.core.testing import client_fixture, english_fixture, personas_fixture  # noqa: F401
from plein.insights.access import InsightsScope
from plein.insights.dashboard import queries as dashboard_queries
from plein.insights.forms import Period, add_months, first_of_month
from plein.insights.models import Aggregate, AnswerTimeCount, Dimension, Measure, RollupState
from plein.members import actions as member_actions
from plein.themes.actions import create_or_update_theme

PAGE = reverse("insights:dashboard")
EVERYTHING = InsightsScope(everything=True, organisation_ids=frozenset())


def this_month() -> date:
    return first_of_month(timezone.localdate())


def add(
    month: date,
    measure: str,
    value: int,
    *,
    dimension: str = Dimension.ALL,
    key: object = "",
    members: int | None = None,
) -> None:
    """One rollup figure, as plein.insights.rollup writes it."""
    Aggregate.objects.create(
        month=month,
        measure=str(measure),
        dimension=str(dimension),
        key=str(key),
        value=value,
        members=value if members is None else members,
    )


def rolled_up() -> None:
    RollupState.objects.create(last_event_id=0, rolled_at=timezone.now())


def org_manager(personas):
    """Joost manages Hengelo (an organisation manager, not a community manager)."""
    personas.hengelo.managers.add(personas.colleague)
    return personas.colleague


def hand_data(personas) -> tuple[date, date]:
    """Two months of figures, small enough to compute by hand."""
    now, before = this_month(), add_months(this_month(), -1)
    rolled_up()
    # The funnel and the 90-9-1 split of the community at the end of this month.
    for measure, value in (
        (Measure.INVITED, 20),
        (Measure.MEMBERS, 12),
        (Measure.ACTIVE_30_DAYS, 8),
        (Measure.CONTRIBUTED, 6),
        (Measure.HELPED_SOMEONE, 3),
        (Measure.READERS, 9),
        (Measure.OCCASIONAL, 2),
        (Measure.REGULARS, 1),
    ):
        add(now, measure, value)
    add(before, Measure.MEMBERS, 11)
    add(before, Measure.INVITED, 99)  # an earlier month's funnel is not the period's end
    # Active members and contributors per month.
    add(before, Measure.ACTIVE_MEMBERS, 7)
    add(before, Measure.CONTRIBUTORS, 5)
    add(now, Measure.ACTIVE_MEMBERS, 8)
    add(now, Measure.CONTRIBUTORS, 6)
    # Questions: 10 + 6 asked, 8 + 4 answered, 4 + 4 with a helpful answer.
    for month, asked, answered, helped in ((before, 10, 8, 4), (now, 6, 4, 4)):
        add(month, "asked", asked, members=asked)
        add(month, Measure.QUESTIONS_ANSWERED, answered, members=0)
        add(month, Measure.QUESTIONS_HELPED, helped, members=0)
    first, helpful = AnswerTimeCount.Measure.FIRST_ANSWER, AnswerTimeCount.Measure.FIRST_HELPFUL
    for month, timing, minutes, questions in (
        (before, first, 30, 5),
        (before, first, 180, 4),
        (now, first, 180, 2),
        (now, first, 3000, 1),
        (before, helpful, 60, 2),
        (now, helpful, 2880, 3),
    ):
        AnswerTimeCount.objects.create(
            month=month, theme=None, measure=timing, minutes=minutes, questions=questions
        )
    # New members by source: QR 5, invitation 3 + 3, SSO 2 (too few to show).
    add(now, "joined", 5, dimension=Dimension.SOURCE, key="qr")
    add(now, "joined", 3, dimension=Dimension.SOURCE, key="invitation")
    add(before, "joined", 3, dimension=Dimension.SOURCE, key="invitation")
    add(before, "joined", 2, dimension=Dimension.SOURCE, key="sso")
    # Per theme.
    youth, prevention = personas.youth_care.pk, personas.prevention.pk
    theme = Dimension.THEME
    add(before, "asked", 6, dimension=theme, key=youth)
    add(now, "asked", 4, dimension=theme, key=youth)
    add(now, Measure.QUESTIONS_ANSWERED, 5, dimension=theme, key=youth, members=0)
    add(now, Measure.QUESTIONS_HELPED, 2, dimension=theme, key=youth, members=0)
    add(now, Measure.PAGE_VIEWS, 100, dimension=theme, key=youth, members=0)
    add(before, Measure.PAGE_VIEWS, 20, dimension=theme, key=youth, members=0)
    add(now, Measure.WAITING_QUESTIONS, 3, dimension=theme, key=youth, members=0)
    add(now, Measure.HELPERS, 0, dimension=theme, key=youth)
    add(now, Measure.WAITING_QUESTIONS, 1, dimension=theme, key=prevention, members=0)
    add(now, Measure.HELPERS, 2, dimension=theme, key=prevention)
    # Per organisation: Hengelo has 5 members (shown), Almelo 4 (not shown).
    org = Dimension.ORGANISATION
    hengelo, almelo = personas.hengelo.pk, personas.almelo.pk
    for key, members, active, contributed, asked, answered, helped in (
        (hengelo, 5, 4, 2, 7, 9, 3),
        (almelo, 4, 3, 1, 2, 2, 1),
    ):
        add(now, Measure.MEMBERS, members, dimension=org, key=key)
        add(now, Measure.ACTIVE_30_DAYS, active, dimension=org, key=key)
        add(now, Measure.CONTRIBUTED, contributed, dimension=org, key=key)
        add(before, "asked", asked, dimension=org, key=key)
        add(now, "answered", answered, dimension=org, key=key)
        add(now, "helped", helped, dimension=Dimension.HELPER_ORGANISATION, key=key)
    return before, now


def default_period() -> Period:
    return Period(start=add_months(this_month(), -11), end=this_month())


# --- access --------------------------------------------------------------------------------


def test_a_visitor_is_sent_to_the_login(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert reverse("members:login") in response["Location"]


def test_a_member_without_a_scope_may_not_see_it(client, personas):
    client.force_login(personas.member)
    assert client.get(PAGE).status_code == 403


def test_a_community_manager_sees_the_community_and_every_organisation(client, personas):
    hand_data(personas)
    client.force_login(personas.community_manager)
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Per organisation" in page
    assert "Gemeente Hengelo" in page and "Gemeente Almelo" in page
    assert "Update the figures now" in page


def test_an_organisation_manager_sees_the_community_and_only_their_organisation(client, personas):
    hand_data(personas)
    client.force_login(org_manager(personas))
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your organisation" in page
    assert "Gemeente Hengelo" in page
    assert "Gemeente Almelo" not in page  # neither a row nor an option of the filter
    assert "Update the figures now" not in page
    board = response.context["board"]
    assert [row.organisation for row in board.organisations] == [personas.hengelo]
    assert board.funnel.steps[1].count == 12  # the community's figures


def test_an_organisation_manager_asking_for_another_organisation_gets_a_form_error(
    client, personas
):
    hand_data(personas)
    client.force_login(org_manager(personas))
    response = client.get(PAGE, {"organisation": personas.almelo.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    board = response.context["board"]
    assert board.period.organisation is None  # the community's figures, never Almelo's
    assert board.funnel.steps[1].count == 12


def test_an_organisation_manager_may_filter_on_their_own_organisation(client, personas):
    hand_data(personas)
    client.force_login(org_manager(personas))
    response = client.get(PAGE, {"organisation": personas.hengelo.pk})
    board = response.context["board"]
    assert board.period.organisation == personas.hengelo
    assert board.funnel.size == 5
    assert [step.count for step in board.funnel.steps] == [0, 5, 4, 2, 0]


def test_only_a_community_manager_may_update_the_figures(client, personas):
    client.force_login(personas.member)
    assert client.post(reverse("insights:refresh_figures")).status_code == 403
    client.force_login(org_manager(personas))
    assert client.post(reverse("insights:refresh_figures")).status_code == 403
    assert not RollupState.objects.filter(rolled_at__isnull=False).exists()


def test_a_community_manager_updates_the_figures_and_keeps_the_filters(client, personas):
    client.force_login(personas.community_manager)
    response = client.post(reverse("insights:refresh_figures"), {"query": "start=2026-01&theme=1"})
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?start=2026-01&theme=1"
    assert RollupState.objects.get().rolled_at is not None  # the task ran inline
    page = client.get(response["Location"]).content.decode()
    assert "The figures are up to date." in page


# --- the figures ---------------------------------------------------------------------------


def test_the_figures_match_the_hand_computation(personas):
    before, now = hand_data(personas)
    board = dashboard_queries.build(EVERYTHING, default_period())
    assert board.end_month == now
    assert board.funnel is not None and board.split is not None
    assert [(s.count, s.share) for s in board.funnel.steps] == [
        (20, None),
        (12, 60),  # 12 of 20 invited joined
        (8, 67),
        (6, 75),
        (3, 50),
    ]
    assert [(s.count, s.share) for s in board.split.steps] == [(9, 75), (2, 17), (1, 8)]
    questions = board.questions
    assert (questions.asked, questions.answered_share, questions.helped_share) == (16, 75, 50)
    # First answers: 5 at 30 min, 6 at 180 min, 1 at 3000: the lower median of 12 is the
    # 6th, 180 minutes. First helpful: 2 at 60, 3 at 2880: the 3rd, 2880 minutes.
    assert (questions.first_answer_minutes, questions.first_answer) == (180, "3 h")
    assert (questions.first_helpful_minutes, questions.first_helpful) == (2880, "2 days")
    assert [(row.label, row.joined, row.shown) for row in board.sources] == [
        ("Personal invitation", 6, True),
        ("QR code at a gathering", 5, True),
        ("Organisation login (SSO)", 2, False),
    ]
    assert [(r.month, r.active, r.contributors, r.shown) for r in board.months][-2:] == [
        (before, 7, 5, True),
        (now, 8, 6, True),
    ]
    youth, prevention = board.themes  # by name: Jeugdzorg, Preventie
    assert (youth.asked, youth.answered_share, youth.helped_share, youth.page_views) == (
        10,
        50,
        20,
        120,
    )
    assert (youth.waiting, youth.helpers, youth.needs_helpers) == (3, 0, True)
    assert (prevention.waiting, prevention.helpers, prevention.needs_helpers) == (1, 2, False)
    assert board.themes_needing_helpers == [youth]
    almelo, hengelo = board.organisations  # by name
    assert (hengelo.members, hengelo.active_30_days, hengelo.contributed) == (5, 4, 2)
    assert (hengelo.asked, hengelo.answered, hengelo.helped, hengelo.shown) == (7, 9, 3, True)
    assert (almelo.members, almelo.shown) == (4, False)


def test_the_page_shows_the_figures_in_words(client, personas):
    hand_data(personas)
    client.force_login(personas.community_manager)
    page = client.get(PAGE).content.decode()
    assert "3 h" in page and "2 days" in page
    assert "75%" in page and "60%" in page
    assert "waiting questions, nobody listed as helper" in page
    assert page.count("<svg") >= 4  # funnel, split, sources, months
    # Almelo's row says why it has no figures; its numbers are not on the page.
    almelo_row = re.search(r"Gemeente Almelo</th>(.*?)</tr>", page, re.S)
    assert almelo_row and "not shown: fewer than 5 members" in almelo_row.group(1)


def test_a_theme_filter_narrows_the_questions(personas):
    hand_data(personas)
    AnswerTimeCount.objects.create(
        month=this_month(),
        theme=personas.youth_care,
        measure=AnswerTimeCount.Measure.FIRST_ANSWER,
        minutes=45,
        questions=2,
    )
    add(this_month(), Measure.QUESTIONS_ANSWERED, 5, dimension=Dimension.THEME, key="999")
    period = Period(start=default_period().start, end=this_month(), theme=personas.youth_care)
    questions = dashboard_queries.build(EVERYTHING, period).questions
    assert (questions.asked, questions.answered, questions.helped) == (10, 5, 2)
    assert (questions.first_answer, questions.first_helpful) == ("45 min", "")


def test_before_the_first_rollup_the_page_says_so(client, personas):
    client.force_login(personas.community_manager)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "have not been worked out yet" in response.content.decode()
    assert response.context["board"].funnel is None


def test_months_after_the_last_rollup_are_not_drawn(personas):
    hand_data(personas)
    RollupState.objects.update(rolled_at=timezone.now() - timedelta(days=62))
    board = dashboard_queries.build(EVERYTHING, default_period())
    assert board.end_month is not None and board.end_month < this_month()
    assert all(row.month <= board.end_month for row in board.months)


def test_a_period_after_the_last_rollup_has_no_figures_yet(personas):
    hand_data(personas)
    later = add_months(this_month(), 2)
    board = dashboard_queries.build(EVERYTHING, Period(start=later, end=add_months(later, 1)))
    assert (board.end_month, board.funnel, board.months) == (None, None, [])
    assert board.questions.asked == 0


# --- privacy -------------------------------------------------------------------------------


@pytest.mark.parametrize(("members", "shown"), [(4, False), (5, True)])
def test_the_funnel_and_split_need_five_members(client, personas, members, shown):
    rolled_up()
    add(this_month(), Measure.MEMBERS, members)
    add(this_month(), Measure.INVITED, members + 3)
    add(this_month(), Measure.READERS, members)
    client.force_login(personas.community_manager)
    response = client.get(PAGE)
    page = response.content.decode()
    board = response.context["board"]
    assert board.funnel.shown is shown and board.split.shown is shown
    assert ("Not shown: fewer than 5 members." in page) is not shown
    invited = f">{members + 3}</td>"
    assert (invited in page) is shown


@pytest.mark.parametrize(("members", "shown"), [(4, False), (5, True)])
def test_an_organisation_row_needs_five_members(personas, members, shown):
    rolled_up()
    org = Dimension.ORGANISATION
    add(this_month(), Measure.MEMBERS, members, dimension=org, key=personas.hengelo.pk)
    add(this_month(), "asked", 1, dimension=org, key=personas.hengelo.pk)
    hengelo = next(
        row
        for row in dashboard_queries.build(EVERYTHING, default_period()).organisations
        if row.organisation == personas.hengelo
    )
    assert hengelo.shown is shown


@pytest.mark.parametrize(("joined", "shown"), [(4, False), (5, True)])
def test_a_way_of_joining_needs_five_members(client, personas, joined, shown):
    rolled_up()
    add(this_month(), "joined", joined, dimension=Dimension.SOURCE, key="qr")
    client.force_login(personas.community_manager)
    response = client.get(PAGE)
    assert [row.shown for row in response.context["board"].sources] == [shown]
    chart = response.context["charts"]["sources"]
    assert chart.series[0].values == [joined if shown else None]


@pytest.mark.parametrize(("members", "shown"), [(4, False), (5, True)])
def test_monthly_active_members_need_a_group_of_five(personas, members, shown):
    rolled_up()
    add(this_month(), Measure.MEMBERS, members)
    add(this_month(), Measure.ACTIVE_MEMBERS, 3)
    board = dashboard_queries.build(EVERYTHING, default_period())
    assert board.months[-1].shown is shown
    values = dashboard_queries.charts(board)["months"].series[0].values
    assert values[-1] == (3 if shown else None)


def test_the_threshold_follows_the_setting(personas, settings):
    settings.PLEIN_INSIGHTS_MIN_GROUP = 10
    hand_data(personas)
    board = dashboard_queries.build(EVERYTHING, default_period())
    assert board.funnel is not None and board.funnel.shown  # 12 members
    assert not any(row.shown for row in board.organisations)


def test_no_member_is_named_on_the_page(client, personas):
    hand_data(personas)
    client.force_login(personas.community_manager)
    page = client.get(PAGE).content.decode()
    for member in (personas.member, personas.colleague, personas.other_org_member):
        assert member.name not in page
        assert member.email not in page


# --- bad filters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message", "kept"),
    [
        ({"start": "2026-05", "end": "2026-01"}, "The period ends before it starts", "2026-05"),
        ({"start": "1990-01", "end": "2040-01"}, "at most 5 years", "1990-01"),
        ({"start": "garbage"}, "Enter a month as year and month", "garbage"),
        ({"theme": "abc"}, "Select a valid choice", None),
    ],
)
def test_bad_filters_say_what_is_wrong_and_show_the_default_period(
    client, personas, query, message, kept
):
    # A theme is chosen from a list: nothing typed to keep.
    hand_data(personas)
    client.force_login(personas.community_manager)
    response = client.get(PAGE, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    if kept is not None:  # what was typed is still in the box
        assert f'value="{kept}"' in page
    board = response.context["board"]
    assert board.period.end == this_month()
    assert board.funnel.steps[1].count == 12


# --- queries -------------------------------------------------------------------------------


def test_the_page_makes_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    hand_data(personas)
    client.force_login(personas.community_manager)
    client.get(PAGE)  # the first request writes last_seen
    # 1-2 session and member, 3-4 the community manager's permissions, 5 the rollup
    # state, 6 the Aggregate rows, 7 the answer times, 8 the themes of the table,
    # 9 the organisations of the table, 10 unread notifications (the header),
    # 11-12 the filter's themes and organisations.
    with django_assert_num_queries(12):
        client.get(PAGE)
    # More months, themes, organisations and rows do not add queries.
    for n in range(5):
        theme = create_or_update_theme(
            f"Thema {n}", slug=f"thema-{n}", description=".", order=10 + n
        )
        organisation, _ = member_actions.add_organisation(f"Organisatie {n}", kind="municipality")
        for back in range(12):
            month = add_months(this_month(), -back)
            add(month, "asked", 3, dimension=Dimension.THEME, key=theme.pk)
            add(month, Measure.MEMBERS, 9, dimension=Dimension.ORGANISATION, key=organisation.pk)
    with django_assert_num_queries(12):
        client.get(PAGE)


def test_an_organisation_managers_page_makes_a_fixed_number_of_queries(
    client, personas, django_assert_num_queries
):
    hand_data(personas)
    client.force_login(org_manager(personas))
    query = {"organisation": personas.hengelo.pk, "theme": personas.youth_care.pk}
    client.get(PAGE, query)
    # 1-2 session and member, 3 their organisations (the scope), 4-5 the chosen theme and
    # organisation checked by the form, 6-9 as for a community manager (rollup state,
    # Aggregate rows, answer times, themes), 10 their organisations for the table,
    # 11 unread notifications, 12-13 the filter's themes and organisations.
    with django_assert_num_queries(13):
        client.get(PAGE, query)
