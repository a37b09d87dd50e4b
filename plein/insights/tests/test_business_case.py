"""The business case: figures against hand-computed values, privacy, access, bad input and
query counts of the page and the printed report."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plein.core.testing import client_fixture, english_fixture, personas_fixture  # noqa: F401
from plein.insights.access import InsightsScope
from plein.insights.business import queries as business_case
from plein.insights.business.actions import set_hourly_rate
from plein.insights.forms import Period
from plein.insights.models import Dimension
from plein.insights.tests.test_business_case_data import (
    FEB,
    JAN,
    MAR,
    PERIOD,
    hand_data,
    helped,
    organisation_size,
)
from plein.members import actions as member_actions

PAGE = reverse("insights:business_case")
PRINT = reverse("insights:business_case_print")
EVERYTHING = InsightsScope(everything=True, organisation_ids=frozenset())


def figures(row: business_case.Row) -> tuple:
    return (row.label, row.reports, row.estimated, row.minutes, row.hours, row.euros)


def org_manager(personas):
    """Joost manages Hengelo (an organisation manager, not a community manager)."""
    personas.hengelo.managers.add(personas.colleague)
    return personas.colleague


# --- the figures ---------------------------------------------------------------------------


def test_the_community_figures_match_the_hand_computation(personas):
    hand_data(personas)
    case = business_case.build(EVERYTHING, Period(JAN, MAR))
    h = Decimal
    # 4 reports, 3 with an estimate, 90 + 30 + 240 = 360 minutes = 6.0 h = €360 at €60.
    assert figures(case.total) == ("the whole community", 4, 3, 360, h("6.0"), 360)
    assert [(m.month, m.hours, m.euros, m.total_hours, m.total_euros) for m in case.months] == [
        (JAN, h("2.0"), 120, h("2.0"), 120),
        (FEB, h("0.0"), 0, h("2.0"), 120),
        (MAR, h("4.0"), 240, h("6.0"), 360),
    ]
    assert [figures(row) for row in case.themes] == [
        ("Jeugdzorg", 2, 1, 90, h("1.5"), 90),
        ("Preventie", 1, 1, 30, h("0.5"), 30),
        ("Without a theme", 1, 1, 240, h("4.0"), 240),
    ]
    assert case.themes[-1].rest
    assert [figures(row) for row in case.receiving] == [
        ("Gemeente Almelo", 2, 2, 270, h("4.5"), 270),
        ("Gemeente Hengelo", 2, 1, 90, h("1.5"), 90),
    ]
    # The anonymous answer's help belongs to no organisation: it is "everyone else".
    assert [figures(row)[1:] for row in case.giving] == [
        (1, 1, 240, h("4.0"), 240),
        (2, 1, 90, h("1.5"), 90),
        (1, 1, 30, h("0.5"), 30),
    ]
    assert [row.label for row in case.giving][:2] == ["Gemeente Hengelo", "Gemeente Almelo"]
    assert case.giving[-1].rest


def test_the_euros_follow_the_hourly_rate_from_the_exact_minutes(personas):
    hand_data(personas)
    set_hourly_rate(personas.community_manager, Decimal("62.50"))
    case = business_case.build(EVERYTHING, Period(JAN, MAR))
    # 360 minutes * €62.50 / 60 = €375; Hengelo received 90 minutes: €93.75 → €94.
    assert case.total.euros == 375
    assert case.receiving[1].euros == 94
    assert [m.total_euros for m in case.months] == [125, 125, 375]


def test_a_theme_or_an_organisation_is_the_headline_subject(personas):
    hand_data(personas)
    case = business_case.build(EVERYTHING, Period(JAN, MAR, theme=personas.youth_care))
    assert figures(case.total) == ("Jeugdzorg", 2, 1, 90, Decimal("1.5"), 90)
    assert [m.minutes for m in case.months] == [90, 0, 0]
    case = business_case.build(EVERYTHING, Period(JAN, MAR, organisation=personas.hengelo))
    assert figures(case.total) == ("Gemeente Hengelo", 2, 1, 90, Decimal("1.5"), 90)
    assert case.given is not None and (case.given.minutes, case.given.euros) == (240, 240)
    assert [m.total_hours for m in case.months] == [Decimal("1.5")] * 3
    assert not case.theme_ignored
    both = Period(JAN, MAR, theme=personas.youth_care, organisation=personas.almelo)
    case = business_case.build(EVERYTHING, both)
    assert (case.total.minutes, case.theme_ignored) == (270, True)


def test_only_the_months_of_the_period_count(personas):
    hand_data(personas)
    helped(FEB.replace(year=2025), reports=9, estimated=9, minutes=900)
    case = business_case.build(EVERYTHING, Period(FEB, MAR))
    assert (case.total.reports, case.total.minutes) == (1, 240)
    assert [m.total_hours for m in case.months] == [Decimal("0.0"), Decimal("4.0")]


# --- privacy -------------------------------------------------------------------------------


@pytest.mark.parametrize(("members", "shown"), [(4, False), (5, True)])
def test_an_organisation_of_fewer_than_five_members_is_not_shown(client, personas, members, shown):
    hand_data(personas, hengelo_members=members)
    # A third, big organisation received help once in February: 60 minutes.
    enschede, _created = member_actions.add_organisation("Gemeente Enschede")
    organisation_size(enschede, 20)
    helped(FEB, reports=1, estimated=1, minutes=60)
    helped(FEB, Dimension.ORGANISATION, enschede.pk, reports=1, estimated=1, minutes=60)
    case = business_case.build(EVERYTHING, Period(JAN, MAR))
    hengelo = [row for row in case.receiving if row.label == "Gemeente Hengelo"]
    assert len(hengelo) == 1 and hengelo[0].shown is shown
    giving = next(row for row in case.giving if row.label == "Gemeente Hengelo")
    assert giving.shown is shown
    if shown:
        assert hengelo[0].minutes == 90 and not case.receiving[-1].rest
    else:
        # Hengelo's figures are part of "everyone else", so the table still adds up to
        # the total. Alone there they would be "everyone else" under another name, so
        # the next smallest organisation, Almelo (7), is left out with it.
        assert (hengelo[0].reports, hengelo[0].minutes) == (0, 0)
        assert [(row.label, row.shown) for row in case.receiving[:3]] == [
            ("Gemeente Enschede", True),
            ("Gemeente Almelo", False),
            ("Gemeente Hengelo", False),
        ]
        rest = case.receiving[-1]
        assert rest.rest and (rest.reports, rest.minutes) == (4, 360)
        assert (case.giving[-1].reports, case.giving[-1].minutes) == (5, 420)
    assert sum(row.minutes for row in case.receiving) == 420
    client.force_login(personas.community_manager)
    html = client.get(PAGE, PERIOD).content.decode()
    assert ("not shown (fewer than 5 members)" in html) is not shown
    html = client.get(PRINT, PERIOD).content.decode()
    assert ("Gemeente Hengelo" in html) is shown  # the top five lists only what is shown
    # An organisation chosen as the subject follows the same rule.
    for organisation, minutes in ((personas.hengelo, 90), (personas.almelo, 270)):
        case = business_case.build(EVERYTHING, Period(JAN, MAR, organisation=organisation))
        assert case.total.shown is shown and case.total.minutes == (minutes if shown else 0)
        assert all(m.shown is shown for m in case.months)


@pytest.mark.parametrize(
    ("sizes", "hidden"),
    [
        ({1: 4, 2: 7, 3: 20}, {1, 2}),  # 4 alone is too few: the next smallest joins it
        ({1: 4, 2: 1, 3: 7}, {1, 2}),  # 4 + 1 together are enough
        ({1: 5, 2: 7}, set()),
        ({1: 2, 2: 1}, {1, 2}),  # nobody else to hide with them
        ({1: 0, 2: 3, 3: 3, 4: 9}, {1, 2, 3}),
        ({}, set()),
    ],
)
def test_small_organisations_are_left_out_together_with_enough_others(sizes, hidden):
    assert business_case._hide_enough(sizes) == hidden


def test_the_size_of_an_organisation_is_its_latest_count_up_to_the_end_of_the_period(personas):
    hand_data(personas, hengelo_members=4)
    organisation_size(personas.hengelo, 5, month=JAN)
    organisation_size(personas.almelo, 7, month=JAN)
    organisation_size(personas.hengelo, 9, month=MAR.replace(month=6))  # after the period
    case = business_case.build(EVERYTHING, Period(JAN, MAR))
    assert not next(row for row in case.receiving if row.label == "Gemeente Hengelo").shown
    case = business_case.build(EVERYTHING, Period(JAN, FEB))
    assert next(row for row in case.receiving if row.label == "Gemeente Hengelo").shown


def test_an_organisation_manager_sees_their_own_organisation_and_everyone_else(client, personas):
    hand_data(personas)
    client.force_login(org_manager(personas))
    for url in (PAGE, PRINT):
        response = client.get(url, PERIOD)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Gemeente Hengelo" in html
        assert "Almelo" not in html
    case = response.context["case"]
    assert [figures(row)[1:4] for row in case.receiving] == [(2, 1, 90), (2, 2, 270)]
    assert case.receiving[-1].rest and case.receiving[-1].label.startswith("Everyone else")
    assert [figures(row)[1:4] for row in case.giving] == [(1, 1, 240), (3, 2, 120)]
    # Asking for another organisation is the form's error, never its figures.
    response = client.get(PAGE, {**PERIOD, "organisation": personas.almelo.pk})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["case"].subject == "the whole community"


def test_no_member_is_named_on_the_pages(client, personas):
    hand_data(personas)
    client.force_login(personas.community_manager)
    for url in (PAGE, PRINT):
        html = client.get(url, PERIOD).content.decode()
        for member in (personas.member, personas.colleague, personas.other_org_member):
            assert member.name not in html and member.email not in html


# --- the pages -----------------------------------------------------------------------------


def test_visitors_go_to_the_login_and_members_without_a_scope_get_403(client, personas):
    for url in (PAGE, PRINT):
        assert client.get(url)["Location"].startswith(reverse("members:login"))
    client.force_login(personas.member)
    for url in (PAGE, PRINT):
        assert client.get(url).status_code == 403
    assert client.post(PAGE, {"hourly_rate": "50"}).status_code == 403


def test_the_page_shows_the_figures_the_method_and_the_charts(client, personas):
    hand_data(personas)
    client.force_login(personas.community_manager)
    response = client.get(PAGE, PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "€&nbsp;360" in html and "6.0" in html
    assert "How we count" in html
    assert "(40 hours)" in html  # the cap of one estimate, from posts.MINUTES_MAX
    assert "saves 0 minutes" in html
    assert "€ 60 an hour" in html
    assert "fewer than 5 members are not shown" in html
    assert html.count("<svg") >= 5
    assert reverse("insights:business_case_csv") + "?start=2026-01&amp;end=2026-03" in html
    assert 'name="hourly_rate"' in html  # the community manager's form
    assert f'href="{reverse("insights:dashboard")}?start=2026-01&amp;end=2026-03"' in html


def test_the_page_writes_euros_the_dutch_way(client, personas):
    # 2,300 hours at €60 = €138,000, the story of the issue.
    helped(JAN, reports=900, estimated=800, minutes=2300 * 60)
    personas.community_manager.preferred_language = "nl"
    personas.community_manager.save(update_fields=["preferred_language"])
    client.cookies["django_language"] = "nl"
    client.force_login(personas.community_manager)
    html = client.get(PAGE, PERIOD).content.decode()
    assert "€&nbsp;138.000" in html
    assert "2.300,0" in html


def test_the_printed_report_has_the_headline_method_top_five_period_and_rate(client, personas):
    hand_data(personas)
    for number in range(7):
        organisation, _created = member_actions.add_organisation(f"Organisation {number}")
        organisation_size(organisation, 10)
        helped(JAN, Dimension.ORGANISATION, organisation.pk, reports=1, estimated=1, minutes=10)
    client.force_login(personas.community_manager)
    response = client.get(PRINT, PERIOD)
    html = response.content.decode()
    assert "plein-nav" not in html and "<form" not in html
    assert "January 2026 to March 2026" in html and "Hourly rate € 60" in html
    assert "Made on" in html and "How we count" in html
    assert "€&nbsp;360" in html
    assert html.count("Organisation ") <= 5 + html.count("Organisation that")
    receiving = response.context["case"].top_receiving()
    assert [row.label for row in receiving][:2] == ["Gemeente Almelo", "Gemeente Hengelo"]
    assert len(receiving) == 5


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-05", "end": "2026-01"}, "The period ends before it starts"),
        ({"start": "1990-01", "end": "2040-01"}, "at most 5 years"),
        ({"start": "garbage"}, "Enter a month as year and month"),
        ({"theme": "999999"}, "Select a valid choice"),
    ],
)
def test_bad_filters_say_what_is_wrong_and_keep_what_was_typed(client, personas, query, message):
    hand_data(personas)
    client.force_login(personas.community_manager)
    for url in (PAGE, PRINT):
        response = client.get(url, query)
        assert response.status_code == 200
    response = client.get(PAGE, query)
    html = response.content.decode()
    assert message in html
    assert f'value="{query.get("start", "")}"' in html or "start" not in query
    csv = client.get(reverse("insights:business_case_csv"), query)
    assert csv.status_code == 200


def test_the_pages_make_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    hand_data(personas)
    client.force_login(personas.community_manager)
    client.get(PAGE, PERIOD)
    # 1 session, 2 member, 3-4 the community manager's permissions (user, groups),
    # 5 the hourly rate, 6 helped per month, 7 helped per theme and organisation,
    # 8 organisation sizes, 9 theme names, 10 organisation names (receiving),
    # 11 organisation names (giving), 12 themes and 13 organisations of the filter form,
    # 14 unread notifications.
    with django_assert_num_queries(14):
        client.get(PAGE, PERIOD)
    # The printed report: no filter form and no menu (no notifications).
    with django_assert_num_queries(11):
        client.get(PRINT, PERIOD)
    for number in range(6):
        organisation, _created = member_actions.add_organisation(f"Organisation {number}")
        organisation_size(organisation, 10)
        for month in (JAN, FEB, MAR):
            for dimension in (Dimension.ORGANISATION, Dimension.HELPER_ORGANISATION):
                helped(month, dimension, organisation.pk, reports=2, estimated=1, minutes=30)
    with django_assert_num_queries(14):
        response = client.get(PAGE, PERIOD)
    assert len(response.context["case"].receiving) == 8
    with django_assert_num_queries(11):
        client.get(PRINT, PERIOD)


def test_an_organisation_managers_page_makes_a_fixed_number_of_queries(
    client, personas, django_assert_num_queries
):
    hand_data(personas)
    client.force_login(org_manager(personas))
    client.get(PAGE, PERIOD)
    # 1 session, 2 member, 3 managed organisations, 4 the rate, 5 per month, 6 per group,
    # 7 sizes, 8 theme names, 9-10 organisation names, 11-12 the filter form, 13
    # notifications.
    with django_assert_num_queries(13):
        client.get(PAGE, PERIOD)
