"""Community managers run members, organisations, themes and invites in the admin,
through a group with permissions, without being superusers."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_community_manager_is_not_a_superuser_but_may_use_the_admin(client, personas):
    manager = personas.community_manager
    assert manager.is_community_manager and manager.is_staff and not manager.is_superuser
    client.force_login(manager)
    for url in [
        "/admin/members/member/",
        f"/admin/members/member/{personas.member.pk}/change/",
        "/admin/members/organisation/",
        "/admin/themes/theme/",
        "/admin/members/invitation/",
        "/admin/members/invitelink/",
    ]:
        assert client.get(url).status_code == 200, url


def test_a_community_manager_cannot_delete_members_or_hand_out_powers(client, personas):
    client.force_login(personas.community_manager)
    assert client.get(f"/admin/members/member/{personas.member.pk}/delete/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def test_members_do_not_get_into_the_admin(client, personas):
    client.force_login(personas.member)
    response = client.get("/admin/members/member/")
    assert response.status_code == 302
    assert not personas.member.is_community_manager


def test_the_member_list_in_the_admin_does_not_query_per_row(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.community_manager)
    with django_assert_max_num_queries(12):
        client.get("/admin/members/member/")


def test_a_community_manager_cannot_make_anyone_a_superuser(client, personas):
    manager = personas.community_manager
    client.force_login(manager)
    url = f"/admin/members/member/{manager.pk}/change/"
    form = client.get(url).content.decode()
    assert 'name="is_superuser"' not in form and 'name="groups"' not in form
    client.post(
        url,
        {
            "email": manager.email,
            "name": manager.name,
            "preferred_language": "nl",
            "is_active": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00",
        },
    )
    manager.refresh_from_db()
    assert not manager.is_superuser
