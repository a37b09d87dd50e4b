"""A resource's page: what it is, where to get it, reuse, and who may see it."""

import pytest
from django.urls import reverse

from plein.library import actions
from plein.library.models import Resource
from plein.library.tests.helpers import reused, share_file, share_link

pytestmark = pytest.mark.django_db


def test_visitors_are_sent_to_log_in_and_come_back(client, personas):
    resource = share_link(personas.member, personas.youth_care)
    response = client.get(resource.get_absolute_url())
    assert response.status_code == 302
    assert f"next={resource.get_absolute_url()}" in response["Location"]


def test_a_file_page_offers_the_download(client, personas):
    resource = share_file(
        personas.member, personas.youth_care, description="Zie **artikel 3**.", tags=["inkoop"]
    )
    client.force_login(personas.colleague)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert f'href="{reverse("library:download", args=[resource.pk])}"' in html
    assert "Modelcontract jeugdzorg.pdf" in html
    assert "<strong>artikel 3</strong>" in html
    assert "Fatima el Amrani" in html and "inkoop" in html
    assert f'action="/library/{resource.pk}/reused/"' in html
    assert reverse("library:edit", args=[resource.pk]) not in html  # not the sharer


def test_a_link_page_links_out_safely(client, personas):
    resource = share_link(personas.member, personas.youth_care, url="https://www.nji.nl/a?b=c")
    client.force_login(personas.colleague)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert (
        '<a class="utrecht-button-link utrecht-button-link--primary-action" href="https://www.nji.nl/a?b=c" rel="noopener noreferrer nofollow">'
        in html
    )
    assert "www.nji.nl" in html


def test_reuse_count_and_time_saved_are_shown(client, personas):
    resource = share_file(personas.member, personas.youth_care)
    reused(personas.colleague, resource, minutes=90)
    reused(personas.other_org_member, resource, minutes=60)
    client.force_login(personas.community_manager)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "2 h 30 min" in html or "2 u 30 min" in html
    client.force_login(personas.colleague)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert f'action="/library/{resource.pk}/reused/"' not in html  # already said


def test_the_sharer_sees_edit_and_delete(client, personas):
    resource = share_link(personas.member, personas.youth_care)
    client.force_login(personas.member)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert reverse("library:edit", args=[resource.pk]) in html
    assert reverse("library:delete", args=[resource.pk]) in html
    assert "/reused/" not in html


def test_community_managers_see_moderation(client, personas):
    resource = share_link(personas.member, personas.youth_care)
    client.force_login(personas.community_manager)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert reverse("library:hide", args=[resource.pk]) in html
    assert reverse("library:delete", args=[resource.pk]) in html
    client.force_login(personas.colleague)
    assert (
        reverse("library:hide", args=[resource.pk])
        not in client.get(resource.get_absolute_url()).content.decode()
    )


def test_unknown_deleted_and_hidden_resources_are_404_for_others(client, personas):
    client.force_login(personas.colleague)
    assert client.get("/library/999999/").status_code == 404
    gone = share_link(personas.member, personas.youth_care)
    actions.delete_resource(personas.member, gone)
    assert client.get(gone.get_absolute_url()).status_code == 404
    hidden = share_link(personas.member, personas.youth_care)
    actions.hide_resource(personas.community_manager, hidden, reason="Verouderde versie")
    assert client.get(hidden.get_absolute_url()).status_code == 404
    client.force_login(personas.member)
    assert "Verouderde versie" in client.get(hidden.get_absolute_url()).content.decode()


def test_queries_are_pinned_and_do_not_grow_with_tags_or_reuse(
    client, personas, django_assert_num_queries
):
    resource = share_file(personas.member, personas.youth_care, tags=["a"])
    client.force_login(personas.other_org_member)
    client.get(resource.get_absolute_url())
    # 1 session, 2 member, 3 resource (theme, sharer), 4 its tags, 5 the viewer's reuse
    # report, 6 unread notifications
    with django_assert_num_queries(6):
        client.get(resource.get_absolute_url())
    actions.edit_resource(
        personas.member,
        resource,
        theme=personas.youth_care,
        title=resource.title,
        description="Meer tekst",
        tags=[f"tag {n}" for n in range(10)],
    )
    for member in (personas.colleague, personas.community_manager):
        reused(member, resource, minutes=30)
    with django_assert_num_queries(6):
        response = client.get(resource.get_absolute_url())
    assert "tag 9" in response.content.decode()
    assert Resource.objects.get().helped_count == 2
