"""The member directory: filters by organisation and theme, keyset pages, bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plein.members import actions

pytestmark = pytest.mark.django_db


def add_members(personas, count: int, prefix: str) -> None:
    for number in range(count):
        actions.create_member(
            f"{prefix}{number}@x.example",
            name=f"{prefix.title()} {number:03d}",
            organisation=personas.almelo if number % 2 else personas.hengelo,
            expertise=[personas.youth_care, personas.prevention],
        )


def test_it_requires_login(client, db):
    response = client.get(reverse("members:directory"))
    assert response.status_code == 302


def test_it_lists_members_with_organisation_and_themes(client, personas):
    client.force_login(personas.member)
    html = client.get(reverse("members:directory")).content.decode()
    assert "Anouk Visser" in html and "Gemeente Almelo" in html and "Jeugdzorg" in html


def test_it_filters_by_organisation_and_theme(client, personas):
    client.force_login(personas.member)
    url = reverse("members:directory")
    html = client.get(url, {"organisation": personas.almelo.pk}).content.decode()
    assert "Anouk Visser" in html and "Joost Bakker" not in html
    html = client.get(url, {"theme": "preventie"}).content.decode()
    assert "Joost Bakker" in html and "Anouk Visser" not in html


def test_an_unknown_theme_or_organisation_gets_a_clear_message(client, personas):
    client.force_login(personas.member)
    response = client.get(reverse("members:directory"), {"theme": "bestaat-niet"})
    assert response.status_code == 400
    assert "utrecht-form-field-error-message" in response.content.decode()
    response = client.get(reverse("members:directory"), {"organisation": "abc"})
    assert response.status_code == 400


def test_members_who_have_not_given_a_name_are_not_listed(client, personas):
    actions.create_member("nameless@x.example")
    client.force_login(personas.member)
    assert "nameless@x.example" not in client.get(reverse("members:directory")).content.decode()


def test_pages_follow_each_other_without_gaps_or_repeats(client, personas):
    add_members(personas, 30, "lid")
    client.force_login(personas.member)
    seen: list[str] = []
    url = reverse("members:directory")
    params: dict[str, str] = {"theme": "jeugdzorg"}
    while True:
        response = client.get(url, params)
        page = response.context["page"]
        seen += [member.email for member in page.items]
        if not page.next_cursor:
            break
        params["after"] = page.next_cursor
    assert len(seen) == len(set(seen)) == 31  # 30 added + Fatima


def test_a_tampered_cursor_shows_the_first_page(client, personas):
    client.force_login(personas.member)
    response = client.get(reverse("members:directory"), {"after": "!!not base64"})
    assert response.status_code == 200
    assert "Anouk Visser" in response.content.decode()


def queries_for(client, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("members:directory"), params)
    assert response.status_code == 200
    return len(queries)


def test_the_number_of_queries_is_pinned_and_does_not_grow(
    client, personas, django_assert_num_queries
):
    client.force_login(personas.member)
    client.get(reverse("members:directory"))  # first request notes last_seen
    # 1 session, 2 member, 3 members page (with organisation), 4 their themes,
    # 5 organisation options, 6 theme options, 7 unread notifications
    with django_assert_num_queries(7):
        client.get(reverse("members:directory"))
    filtered = {"organisation": personas.hengelo.pk, "theme": "jeugdzorg"}
    before = queries_for(client, filtered)
    add_members(personas, 40, "extra")
    assert queries_for(client, filtered) == before
    assert queries_for(client, {}) == 7
