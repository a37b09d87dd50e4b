import pytest

pytestmark = pytest.mark.django_db


def test_visitors_see_what_plein_is_and_a_login_box(client, personas):
    html = client.get("/").content.decode()
    assert 'action="/login/"' in html and 'name="email"' in html
    assert "Jeugdzorg" in html


def test_members_get_their_start_page(client, personas, django_assert_num_queries):
    client.force_login(personas.member)
    client.get("/")
    # 1 session, 2 member, 3 own themes, 4 all themes, 5 waiting for you, 6 my questions,
    # 7 my circles, 8 gatherings coming up, 9 unread notifications
    with django_assert_num_queries(9):
        html = client.get("/").content.decode()
    assert "Fatima" in html
    assert 'action="/login/"' not in html
