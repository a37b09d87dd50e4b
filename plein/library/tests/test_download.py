"""Downloads: only through Plein, with access checks, as an attachment, counted."""

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import Resolver404, resolve, reverse

from plein.library import actions
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


def url(resource: Resource) -> str:
    return reverse("library:download", args=[resource.pk])


def test_a_member_downloads_the_file_as_an_attachment(client, personas):
    resource = share_file(personas.member, personas.youth_care)
    client.force_login(personas.other_org_member)
    response = client.get(url(resource))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Modelcontract jeugdzorg.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "private" in response["Cache-Control"]
    assert Resource.objects.get().download_count == 1
    client.get(url(resource))
    assert Resource.objects.get().download_count == 2


def test_a_name_with_odd_characters_is_sent_safely(client, personas):
    resource = share_file(
        personas.member,
        personas.youth_care,
        upload=upload("Cliëntreis; stap 1 “def”.docx", office("docx")),
    )
    client.force_login(personas.colleague)
    response = client.get(url(resource))
    assert response["Content-Disposition"].startswith(
        "attachment; filename*=utf-8''Cli%C3%ABntreis"
    )
    assert response["Content-Type"].endswith("wordprocessingml.document")


def test_a_head_request_is_not_counted(client, personas):
    resource = share_file(personas.member, personas.youth_care)
    client.force_login(personas.colleague)
    assert client.head(url(resource)).status_code == 200
    assert Resource.objects.get().download_count == 0


def test_visitors_are_sent_to_log_in(client, personas):
    resource = share_file(personas.member, personas.youth_care)
    response = client.get(url(resource))
    assert response.status_code == 302 and "login" in response["Location"]
    assert Resource.objects.get().download_count == 0


def test_deleted_hidden_unknown_and_link_resources_are_404(client, personas):
    deleted = share_file(personas.member, personas.youth_care, title="Weg")
    hidden = share_file(personas.member, personas.youth_care, title="Verborgen")
    link = share_link(personas.member, personas.youth_care)
    actions.delete_resource(personas.member, deleted)
    actions.hide_resource(personas.community_manager, hidden, reason="Verouderd")
    client.force_login(personas.colleague)
    for resource in (deleted, hidden, link):
        assert client.get(url(resource)).status_code == 404
    assert client.get("/library/999999/download/").status_code == 404
    assert client.post(url(hidden)).status_code == 405
    client.force_login(personas.member)  # the sharer may still fetch their hidden file
    assert client.get(url(hidden)).status_code == 200


def test_a_file_the_storage_lost_is_a_404_not_a_500(client, personas):
    resource = share_file(personas.member, personas.youth_care)
    default_storage.delete(stored_name(resource))
    client.force_login(personas.colleague)
    assert client.get(url(resource)).status_code == 404


def test_stored_files_have_no_public_address(client, personas):
    resource = share_file(personas.member, personas.youth_care, upload=upload("x.txt", b"tekst"))
    assert not settings.MEDIA_URL or settings.MEDIA_URL == "/"
    client.force_login(personas.member)
    for path in (f"/media/{stored_name(resource)}", f"/{stored_name(resource)}", "/media/"):
        with pytest.raises(Resolver404):
            resolve(path)
        assert client.get(path).status_code == 404


def test_a_file_that_slipped_past_the_checks_is_still_only_an_attachment(client, personas):
    # Should the content checks ever miss something, the browser is told not to sniff
    # and not to render it: nothing runs with Plein's rights.
    resource = share_file(personas.member, personas.youth_care)
    Resource.objects.filter(pk=resource.pk).update(file_name="x.html")
    with default_storage.open(stored_name(resource), "wb") as stored:
        stored.write(HTML)
    client.force_login(personas.colleague)
    response = client.get(url(resource))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
