"""Changing, deleting, hiding: who may, what happens to the stored file."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from plein.library.models import Resource
from plein.library.tests.helpers import (
    HTML,
    PDF,
    office,
    share_file,
    share_link,
    stored_name,
    upload,
)

pytestmark = pytest.mark.django_db


def edit_form(resource, **overrides):
    data = {
        "title": "Modelcontract jeugdzorg 2025",
        "description": "Nieuwe versie.",
        "theme": "preventie",
        "tags": "inkoop",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_sharer_edits_texts_theme_and_tags(client, personas):
    resource = share_file(personas.member, personas.youth_care, tags=["oud"])
    stored = stored_name(resource)
    client.force_login(personas.member)
    edit_url = reverse("library:edit", args=[resource.pk])
    html = client.get(edit_url).content.decode()
    assert 'value="Modelcontract jeugdzorg"' in html and 'value="oud"' in html
    response = client.post(edit_url, edit_form(resource))
    assert response["Location"] == resource.get_absolute_url()
    resource.refresh_from_db()
    assert resource.title == "Modelcontract jeugdzorg 2025"
    assert resource.theme == personas.prevention and resource.edited_at
    assert list(resource.tags.values_list("slug", flat=True)) == ["inkoop"]
    assert stored_name(resource) == stored and default_storage.exists(stored)


def test_replacing_the_file_removes_the_old_one(client, personas):
    resource = share_file(personas.member, personas.youth_care)
    old = stored_name(resource)
    client.force_login(personas.member)
    new = upload("Checklist.docx", office("docx"))
    client.post(reverse("library:edit", args=[resource.pk]), edit_form(resource, file=new))
    resource.refresh_from_db()
    assert resource.file_name == "Checklist.docx" and resource.content_type.endswith(".document")
    assert not default_storage.exists(old) and default_storage.exists(stored_name(resource))


def test_a_bad_replacement_keeps_the_old_file_and_the_typed_texts(client, personas):
    resource = share_file(personas.member, personas.youth_care)
    client.force_login(personas.member)
    response = client.post(
        reverse("library:edit", args=[resource.pk]),
        edit_form(resource, file=upload("Pagina.pdf", HTML)),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "not really a .pdf file" in html and 'value="Modelcontract jeugdzorg 2025"' in html
    resource.refresh_from_db()
    assert resource.title == "Modelcontract jeugdzorg" and default_storage.exists(
        stored_name(resource)
    )
    with default_storage.open(stored_name(resource)) as stored:
        assert stored.read() == PDF


def test_the_sharer_changes_a_link(client, personas):
    resource = share_link(personas.member, personas.youth_care)
    client.force_login(personas.member)
    edit_url = reverse("library:edit", args=[resource.pk])
    client.post(edit_url, edit_form(resource, url="https://www.movisie.nl/nieuw"))
    assert Resource.objects.get().url == "https://www.movisie.nl/nieuw"
    response = client.post(edit_url, edit_form(resource, url="javascript:alert(1)"))
    assert response.status_code == 400 and response.context["form"].has_error("url")
    assert Resource.objects.get().url == "https://www.movisie.nl/nieuw"


def test_the_privacy_guard_reads_edits_too(client, personas):
    resource = share_link(personas.member, personas.youth_care)
    client.force_login(personas.member)
    edit_url = reverse("library:edit", args=[resource.pk])
    data = edit_form(resource, description="Bel 06-12345678", url=resource.url)
    response = client.post(edit_url, data)
    assert response.status_code == 400 and 'name="confirm_privacy"' in response.content.decode()
    client.post(edit_url, {**data, "confirm_privacy": "on"})
    assert Resource.objects.get().description == "Bel 06-12345678"


def test_others_cannot_edit(client, personas):
    resource = share_link(personas.member, personas.youth_care)
    for other in (personas.colleague, personas.community_manager):
        client.force_login(other)
        edit_url = reverse("library:edit", args=[resource.pk])
        assert client.get(edit_url).status_code == 403
        assert client.post(edit_url, edit_form(resource, url=resource.url)).status_code == 403
    assert Resource.objects.get().title == "Handreiking wachtlijsten"


def test_the_sharer_deletes_and_the_file_is_gone(client, personas):
    resource = share_file(personas.member, personas.youth_care)
    stored = stored_name(resource)
    client.force_login(personas.member)
    delete_url = reverse("library:delete", args=[resource.pk])
    assert (
        "Delete" in client.get(delete_url).content.decode()
        or client.get(delete_url).status_code == 200
    )
    response = client.post(delete_url)
    assert response["Location"] == reverse("library:list")
    assert Resource.objects.get().deleted_at is not None
    assert not default_storage.exists(stored)
    assert client.get(resource.get_absolute_url()).status_code == 404


def test_a_community_manager_may_delete_others_may_not(client, personas):
    resource = share_link(personas.member, personas.youth_care)
    client.force_login(personas.colleague)
    delete_url = reverse("library:delete", args=[resource.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url).status_code == 403
    assert Resource.objects.get().deleted_at is None
    client.force_login(personas.community_manager)
    assert client.get(delete_url).status_code == 200
    client.post(delete_url)
    assert Resource.objects.get().deleted_at is not None


def test_a_community_manager_hides_with_a_reason_and_shows_again(client, personas):
    resource = share_file(personas.member, personas.youth_care)
    hide_url = reverse("library:hide", args=[resource.pk])
    client.force_login(personas.community_manager)
    response = client.post(hide_url, {"reason": ""})
    assert response.status_code == 400
    client.post(hide_url, {"reason": "Bevat mogelijk cliëntgegevens"})
    resource.refresh_from_db()
    assert resource.hidden_at and resource.hidden_reason == "Bevat mogelijk cliëntgegevens"
    assert default_storage.exists(stored_name(resource))  # kept: hiding can be undone
    client.force_login(personas.member)
    assert "Bevat mogelijk" in client.get(resource.get_absolute_url()).content.decode()
    client.force_login(personas.community_manager)
    client.post(reverse("library:unhide", args=[resource.pk]))
    assert Resource.objects.get().hidden_at is None


def test_members_cannot_hide_or_unhide(client, personas):
    resource = share_link(personas.member, personas.youth_care)
    client.force_login(personas.colleague)
    assert (
        client.post(reverse("library:hide", args=[resource.pk]), {"reason": "x"}).status_code == 403
    )
    assert client.post(reverse("library:unhide", args=[resource.pk])).status_code == 403
    assert Resource.objects.get().hidden_at is None


def test_posts_without_login_change_nothing(client, personas):
    resource = share_link(personas.member, personas.youth_care)
    for name in ("edit", "delete", "hide", "unhide", "reused"):
        response = client.post(reverse(f"library:{name}", args=[resource.pk]), {"reason": "x"})
        assert response.status_code == 302 and "login" in response["Location"], name
    resource.refresh_from_db()
    assert (resource.deleted_at, resource.hidden_at, resource.helped_count) == (None, None, 0)
