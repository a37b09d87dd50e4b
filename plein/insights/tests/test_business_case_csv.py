"""The business case as CSV: what Excel needs, numbers as numbers, names that start like a
formula made text, the privacy threshold as on the page, and a fixed number of queries."""

import csv
import io

import pytest
from django.urls import reverse

from plein.core.testing import client_fixture, english_fixture, personas_fixture  # noqa: F401
from plein.insights.business.views import safe_cell
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

CSV = reverse("insights:business_case_csv")


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    delimiter = ";" if text.count(";") > text.count(",") else ","
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def table(rows: list[list[str]]) -> dict[tuple[str, str], list[str]]:
    """The figure rows by (section, name)."""
    start = rows.index(
        [
            "Section",
            "Name",
            "Helped reports",
            "With an estimate",
            "Minutes saved",
            "Hours saved",
            "Euros",
            "Note",
        ]
    )
    return {(row[0], row[1]): row[2:] for row in rows[start + 1 :]}


def test_the_csv_is_an_attachment_excel_reads_as_utf8(client, personas):
    hand_data(personas)
    client.force_login(personas.community_manager)
    response = client.get(CSV, PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="plein-business-case-2026-01-2026-03.csv"'
    )
    assert response.content.startswith("\ufeff".encode())


def test_the_csv_has_the_hand_computed_figures_as_numbers(client, personas):
    hand_data(personas)
    client.force_login(personas.community_manager)
    rows = rows_of(client.get(CSV, PERIOD))
    assert rows[:4] == [
        ["Business case", "the whole community"],
        ["From", "2026-01"],
        ["To (included)", "2026-03"],
        ["Hourly rate (euro)", "60.00"],
    ]
    figures = table(rows)
    assert figures["Total", "the whole community"] == ["4", "3", "360", "6.0", "360", ""]
    assert figures["Month", "2026-01"] == ["3", "2", "120", "2.0", "120", ""]
    assert figures["Month", "2026-02"] == ["0", "0", "0", "0.0", "0", ""]
    assert figures["Month", "2026-03"] == ["1", "1", "240", "4.0", "240", ""]
    assert figures["Theme", "Jeugdzorg"] == ["2", "1", "90", "1.5", "90", ""]
    assert figures["Theme", "Without a theme"] == [
        "1",
        "1",
        "240",
        "4.0",
        "240",
        "Circles without a theme, and themes removed since.",
    ]
    received = "Organisation that received help"
    assert figures[received, "Gemeente Almelo"] == ["2", "2", "270", "4.5", "270", ""]
    assert figures[received, "Gemeente Hengelo"] == ["2", "1", "90", "1.5", "90", ""]
    assert figures["Organisation that gave help", "Gemeente Hengelo"][:5] == [
        "1",
        "1",
        "240",
        "4.0",
        "240",
    ]


def test_dutch_readers_get_semicolons_and_decimal_commas(client, personas):
    hand_data(personas)
    personas.community_manager.preferred_language = "nl"
    personas.community_manager.save(update_fields=["preferred_language"])
    client.cookies["django_language"] = "nl"
    client.force_login(personas.community_manager)
    text = client.get(CSV, PERIOD).content.decode()
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[3][1] == "60,00"
    assert ["2", "2", "270", "4,5", "270", ""] in [row[2:] for row in rows]


@pytest.mark.parametrize("name", ['=HYPERLINK("x")', "+1", "-2", "@SUM"])
def test_a_name_that_starts_like_a_formula_is_made_text(client, personas, name):
    hand_data(personas)
    organisation, _created = member_actions.add_organisation(name)
    organisation_size(organisation, 6)
    helped(FEB, reports=1, estimated=1, minutes=60)
    helped(FEB, Dimension.ORGANISATION, organisation.pk, reports=1, estimated=1, minutes=60)
    client.force_login(personas.community_manager)
    rows = rows_of(client.get(CSV, PERIOD))
    names = [row[1] for row in rows if row and row[0] == "Organisation that received help"]
    assert "'" + name in names
    assert name not in names
    # Every cell that starts like a formula is text; the numbers are plain numbers.
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    row = next(row for row in rows if row[1:2] == ["'" + name])
    assert row[2:7] == ["1", "1", "60", "1.0", "60"]


def test_safe_cell_leaves_ordinary_text_alone():
    assert safe_cell("Gemeente Hengelo") == "Gemeente Hengelo"
    assert safe_cell("") == ""
    assert safe_cell("a=b") == "a=b"
    assert safe_cell("=1+1") == "'=1+1"
    # Organisation names lose these at the edges, but a theme name or a note might not.
    assert safe_cell("\tTab") == "'\tTab"
    assert safe_cell("\rReturn") == "'\rReturn"


@pytest.mark.parametrize(("members", "shown"), [(4, False), (5, True)])
def test_the_csv_keeps_the_privacy_threshold(client, personas, members, shown):
    hand_data(personas, hengelo_members=members)
    client.force_login(personas.community_manager)
    figures = table(rows_of(client.get(CSV, PERIOD)))
    hengelo = figures["Organisation that received help", "Gemeente Hengelo"]
    if shown:
        assert hengelo == ["2", "1", "90", "1.5", "90", ""]
    else:
        assert hengelo == ["", "", "", "", "", "not shown (fewer than 5 members)"]
        rest = next(
            value
            for (section, name), value in figures.items()
            if section == "Organisation that received help" and name.startswith("Everyone else")
        )
        # Hengelo alone in "everyone else" would be Hengelo's figure: Almelo is left out
        # with it (see test_business_case), so everyone else is the whole total here.
        assert figures["Organisation that received help", "Gemeente Almelo"][5] != ""
        assert rest[:3] == ["4", "3", "360"]


def test_an_organisation_manager_gets_no_other_organisation_in_the_csv(client, personas):
    hand_data(personas)
    personas.hengelo.managers.add(personas.colleague)
    client.force_login(personas.colleague)
    response = client.get(CSV, PERIOD)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Gemeente Hengelo" in text and "Almelo" not in text
    response = client.get(CSV, {**PERIOD, "organisation": personas.almelo.pk})
    assert "Almelo" not in response.content.decode()


def test_members_without_a_scope_get_no_csv(client, personas):
    assert client.get(CSV)["Location"].startswith(reverse("members:login"))
    client.force_login(personas.member)
    assert client.get(CSV).status_code == 403


def test_the_csv_makes_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    hand_data(personas)
    client.force_login(personas.community_manager)
    client.get(CSV, PERIOD)
    # 1 session, 2 member, 3-4 permissions, 5 the rate, 6 helped per month, 7 per theme
    # and organisation, 8 organisation sizes, 9 theme names, 10-11 organisation names.
    with django_assert_num_queries(11):
        client.get(CSV, PERIOD)
    for number in range(6):
        organisation, _created = member_actions.add_organisation(f"Organisation {number}")
        organisation_size(organisation, 10)
        for month in (JAN, MAR):
            helped(
                month, Dimension.ORGANISATION, organisation.pk, reports=2, estimated=1, minutes=30
            )
    with django_assert_num_queries(11):
        response = client.get(CSV, PERIOD)
    assert response.content.decode().count("Organisation ") >= 6
