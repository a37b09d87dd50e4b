import pytest
from django.urls import reverse

from plein.library.actions import share_link
from plein.members import actions
from plein.themes.models import Theme

pytestmark = pytest.mark.django_db


def test_the_theme_list_is_public(client, personas):
    html = client.get(reverse("themes:list")).content.decode()
    assert "Jeugdzorg" in html and "Preventie" in html


def test_a_theme_page_shows_who_knows_about_it_to_members_only(client, personas):
    url = personas.youth_care.get_absolute_url()
    visitor_html = client.get(url).content.decode()
    assert "Jeugdzorg" in visitor_html and "Fatima el Amrani" not in visitor_html
    client.force_login(personas.other_org_member)
    member_html = client.get(url).content.decode()
    assert "Fatima el Amrani" in member_html and "Wachtlijsten in de jeugdzorg" in member_html


def test_an_unknown_theme_is_a_friendly_404(client, db):
    response = client.get("/themes/bestaat-niet/")
    assert response.status_code == 404


def test_theme_page_queries_are_pinned_and_do_not_grow(client, personas, django_assert_num_queries):
    client.force_login(personas.member)
    url = personas.youth_care.get_absolute_url()
    client.get(url)
    # 1 session, 2 member, 3 theme, 4 experts (with organisation), 5 recent questions,
    # 6 waiting for an answer, 7 most reused resources, 8 upcoming and 9 recent
    # gatherings, 10 ideas, 11 stories, 12 the theme's shop window, 13 whether the member
    # follows the theme, 14 unread notifications, 15 the theme's running blog carnivals
    with django_assert_num_queries(15):
        client.get(url)
    for number in range(30):
        actions.create_member(
            f"expert{number}@x.example",
            name=f"Expert {number}",
            organisation=personas.almelo,
            expertise=[personas.youth_care],
        )
        Theme.objects.create(name=f"Extra {number}", slug=f"extra-{number}", order=50 + number)
        share_link(
            personas.colleague,
            title=f"Handreiking {number}",
            url=f"https://example.org/{number}",
            theme=personas.youth_care,
        )
    with django_assert_num_queries(15):
        html = client.get(url).content.decode()
    assert html.count("Handreiking ") == 5
    with django_assert_num_queries(4):  # session, member, themes, unread notifications
        client.get(reverse("themes:list"))
