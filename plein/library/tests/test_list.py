"""The library list: newest first, filters, keyset pages, bounded queries."""

import pytest
from django.urls import reverse

from plein.library.models import Resource
from plein.library.tests.helpers import reused, share_file, share_link

pytestmark = pytest.mark.django_db

URL = reverse("library:list")


def test_visitors_are_sent_to_log_in(client, personas):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_shows_what_each_resource_is(client, personas):
    pdf = share_file(personas.member, personas.youth_care, tags=["Inkoop"])
    share_link(personas.colleague, personas.prevention, url="https://www.nji.nl/x")
    reused(personas.other_org_member, pdf, minutes=60)
    client.force_login(personas.other_org_member)
    html = client.get(URL).content.decode()
    assert html.index("Handreiking wachtlijsten") < html.index("Modelcontract jeugdzorg")
    assert "PDF" in html and "www.nji.nl" in html
    assert "Fatima el Amrani" in html and "Gemeente Hengelo" in html
    assert "Jeugdzorg" in html and "Preventie" in html
    assert f'href="{URL}?tag=inkoop"' in html
    assert "1 colleague" in html or "1 collega" in html


def test_filters_by_theme_kind_and_tag(client, personas):
    share_file(personas.member, personas.youth_care, title="Bestand jeugd", tags=["inkoop"])
    share_link(personas.member, personas.youth_care, title="Link jeugd")
    share_link(personas.member, personas.prevention, title="Link preventie", tags=["inkoop"])
    client.force_login(personas.colleague)

    def titles(**params: str) -> set[str]:
        return {r.title for r in client.get(URL, params).context["page"].items}

    assert titles(theme="jeugdzorg") == {"Bestand jeugd", "Link jeugd"}
    assert titles(kind="link") == {"Link jeugd", "Link preventie"}
    assert titles(tag="inkoop") == {"Bestand jeugd", "Link preventie"}
    assert titles(tag="inkoop", kind="file") == {"Bestand jeugd"}
    assert titles(tag="bestaat-niet") == set()
    assert "“inkoop”" in client.get(URL, {"tag": "inkoop"}).content.decode()


def test_deleted_and_hidden_resources_are_left_out(client, personas):
    from plein.library import actions

    gone = share_link(personas.member, personas.youth_care, title="Weg")
    hidden = share_link(personas.member, personas.youth_care, title="Verborgen")
    share_link(personas.member, personas.youth_care, title="Zichtbaar")
    actions.delete_resource(personas.member, gone)
    actions.hide_resource(personas.community_manager, hidden, reason="Verouderd")
    client.force_login(personas.colleague)
    assert {r.title for r in client.get(URL).context["page"].items} == {"Zichtbaar"}
    client.force_login(personas.member)  # the sharer still sees the hidden one
    assert {r.title for r in client.get(URL).context["page"].items} == {"Verborgen", "Zichtbaar"}


@pytest.mark.parametrize(
    "params",
    [
        {"after": "not-a-cursor"},
        {"after": "WyJ4Il0"},  # a valid encoding of the wrong shape
        {"after": "!!!"},
        {"after": "x" * 5000},
        {"theme": "bestaat-niet"},
        {"kind": "virus"},
        {"tag": "<script>"},
    ],
)
def test_tampered_filters_and_cursors_never_break_the_page(client, personas, params):
    share_link(personas.member, personas.youth_care)
    client.force_login(personas.colleague)
    response = client.get(URL, params)
    assert response.status_code in (200, 400)
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_queries_are_pinned_and_pages_follow_each_other(
    client, personas, django_assert_num_queries
):
    for number in range(3):
        share_link(personas.member, personas.youth_care, title=f"Link {number}", tags=["a", "b"])
    client.force_login(personas.other_org_member)
    client.get(URL)
    # 1 session, 2 member, 3 resources page, 4 their tags, 5 theme options,
    # 6 unread notifications
    with django_assert_num_queries(6):
        client.get(URL)
    for number in range(25):
        share_file(
            personas.colleague, personas.prevention, title=f"Bestand {number}", tags=[f"t{number}"]
        )
    with django_assert_num_queries(6):
        response = client.get(URL)
    page = response.context["page"]
    assert len(page.items) == 20 and page.next_cursor
    assert f"after={page.next_cursor}" in response.content.decode()
    rest = client.get(URL, {"after": page.next_cursor}).context["page"]
    assert len(rest.items) == 8 and not rest.next_cursor
    assert not {r.pk for r in page.items} & {r.pk for r in rest.items}
    assert Resource.objects.count() == 28
