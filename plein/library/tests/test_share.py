"""Sharing a file or a link: the form, the privacy guard, double submits, bad input."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from plein.library import actions as library
from plein.library.files import FileRejected
from plein.library.models import Resource
from plein.library.tests.helpers import HTML, PDF, PNG, SVG, multipart, stored_name, upload
from plein.search.models import SearchDocument

pytestmark = pytest.mark.django_db

URL = reverse("library:add")


def form(personas, **overrides):
    data = {
        "title": "Modelcontract jeugdzorg inkoop",
        "description": "Wij gebruiken dit **sinds vorig jaar**.",
        "theme": personas.youth_care.slug,
        "tags": "inkoop, contracten; jeugd",
        "submit_key": "key-1",
        "url": "",
        "file": upload(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_visitors_are_sent_to_log_in(client, personas):
    assert client.get(URL)["Location"].startswith(reverse("members:login"))
    response = client.post(URL, form(personas))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Resource.objects.exists()


def test_the_form_chooses_the_theme_from_the_address(client, personas):
    client.force_login(personas.member)
    html = client.get(URL + "?theme=preventie").content.decode()
    assert '<option value="preventie" selected>' in html
    assert 'enctype="multipart/form-data"' in html and 'name="submit_key"' in html
    assert 'accept=".pdf,.docx' in html and "20 MB" in html


def test_a_member_shares_a_file(client, personas):
    client.force_login(personas.member)
    response = client.post(URL, form(personas))
    resource = Resource.objects.get()
    assert response["Location"] == resource.get_absolute_url()
    assert resource.kind == Resource.Kind.FILE and resource.author == personas.member
    assert resource.organisation == personas.hengelo
    assert resource.file_name == "Modelcontract jeugdzorg.pdf"
    assert resource.content_type == "application/pdf" and resource.file_size == len(PDF)
    assert "<strong>sinds vorig jaar</strong>" in resource.description_html
    assert sorted(resource.tags.values_list("slug", flat=True)) == ["contracten", "inkoop", "jeugd"]
    # Stored under a random name through the storage API, not under the member's name.
    assert default_storage.exists(stored_name(resource))
    assert "Modelcontract" not in stored_name(resource)
    with default_storage.open(stored_name(resource)) as stored:
        assert stored.read() == PDF
    assert SearchDocument.objects.filter(
        kind=SearchDocument.Kind.RESOURCE, object_id=resource.pk
    ).exists()


def test_a_member_shares_a_link(client, personas):
    client.force_login(personas.member)
    client.post(URL, form(personas, file=None, url="www.nji.nl/wachtlijsten"))
    resource = Resource.objects.get()
    assert resource.kind == Resource.Kind.LINK
    assert resource.url == "https://www.nji.nl/wachtlijsten"
    assert not resource.file


def test_a_double_submit_shares_once(client, personas):
    client.force_login(personas.member)
    first = client.post(URL, form(personas))
    second = client.post(URL, form(personas))
    assert Resource.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert len(default_storage.listdir("library")[0]) == 1  # the second file was not kept


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", ""),
        ({"title": "x" * 5000}, "title", "200"),
        ({"theme": "bestaat-niet"}, "theme", ""),
        ({"description": "y" * 10_001}, "description", "10000"),
        ({"file": upload("Pagina.pdf", HTML)}, "file", "not really a .pdf file"),
        ({"file": upload("Logo.png", SVG)}, "file", "not really a .png file"),
        ({"file": upload("Tekening.svg", SVG)}, "file", "cannot be shared here"),
        ({"file": upload("Programma.exe", b"MZ")}, "file", "cannot be shared here"),
        ({"file": upload("Leeg.pdf", b"")}, "file", "is empty"),
        ({"file": upload(".pdf", PDF)}, "file", "no usable name"),
        ({"file": None}, "file", "Choose a file to share, or give a link"),
        ({"file": None, "url": "javascript:alert(1)"}, "url", "not a web address"),
        ({"file": None, "url": "ftp://bestanden.example/x.pdf"}, "url", "not a web address"),
        ({"file": None, "url": "https://" + "a" * 1000 + ".nl"}, "url", ""),
        ({"url": "https://www.nji.nl"}, None, "not both"),
        ({"tags": "!!!, ???"}, "tags", "letters or digits"),
        ({"tags": ", ".join(f"tag{n}" for n in range(11))}, "tags", "at most 10 tags"),
    ],
)
def test_bad_input_gets_a_message_and_keeps_every_field(
    client, personas, overrides, field, message
):
    client.force_login(personas.member)
    data = form(personas, **overrides)
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message.replace('"', "&quot;") in html
    if field:
        assert response.context["form"].has_error(field)
        assert f'id="id_{field}_error"' in html
    for kept in ("title", "tags"):
        if kept not in overrides:
            assert f'value="{data[kept]}"' in html
    if "description" not in overrides:
        assert "Wij gebruiken dit **sinds vorig jaar**." in html
    assert 'aria-invalid="true"' in html or not field
    assert not Resource.objects.exists()
    assert not default_storage.exists("library")


def test_a_file_that_comes_back_asks_to_be_chosen_again(client, personas):
    client.force_login(personas.member)
    html = client.post(URL, form(personas, title="")).content.decode()
    assert "Modelcontract jeugdzorg.pdf" in html and "choose the file again" in html
    # A file the browser never sent (a link was shared) asks for nothing.
    html = client.post(URL, form(personas, title="", file=None, url="https://nji.nl")).content
    assert b"choose the file again" not in html


def test_a_file_over_the_limit_is_not_even_read_and_the_form_is_kept(client, personas, settings):
    settings.PLEIN_LIBRARY_MAX_UPLOAD_MB = 1
    client.force_login(personas.member)
    big = upload("Groot.pdf", PDF + b"0" * (1024 * 1024 + 1))
    response = client.post(URL, form(personas, file=big))
    html = response.content.decode()
    assert response.status_code == 400
    assert "larger than 1 MB" in html and "choose the file again" in html
    assert 'value="Modelcontract jeugdzorg inkoop"' in html
    assert not default_storage.exists("library")


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../Checklist.pdf", "Checklist.pdf"),
        ("C:\\Users\\fatima\\..\\Checklist.pdf", "Checklist.pdf"),
        ("/etc/../..\\ Checklist .pdf", "Checklist.pdf"),
    ],
)
def test_a_path_in_the_file_name_is_stripped(client, personas, sent, kept):
    # The test client sends only base names: this body is written by hand, as a browser
    # (or anyone) could send it.
    client.force_login(personas.member)
    fields = {k: v for k, v in form(personas).items() if k != "file"}
    body, content_type = multipart(fields, file=(sent, PDF))
    response = client.post(URL, body, content_type=content_type)
    assert response.status_code == 302
    assert Resource.objects.get().file_name == kept


def test_a_name_that_is_only_a_path_shares_nothing_and_says_so(client, personas):
    client.force_login(personas.member)
    fields = {k: v for k, v in form(personas).items() if k != "file"}
    body, content_type = multipart(fields, file=("../", PDF))
    response = client.post(URL, body, content_type=content_type)
    assert response.status_code == 400
    assert "Choose a file to share" in response.content.decode()
    assert not Resource.objects.exists()


def test_the_privacy_guard_reads_the_file_name_and_can_be_confirmed(client, personas):
    client.force_login(personas.member)
    data = form(personas, file=upload("Gesprek met moeder 06-12345678.pdf"))
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'name="confirm_privacy"' in html
    assert '<mark class="plein-privacy-mark">06-12345678</mark>' in html
    assert "choose the file again" in html
    assert not Resource.objects.exists()
    data = form(personas, file=upload("Gesprek met moeder 06-12345678.pdf"), confirm_privacy="on")
    client.post(URL, data)
    assert Resource.objects.get().file_name == "Gesprek met moeder 06-12345678.pdf"


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": "Dossier BSN 111222333"},
        {"description": "Het gaat om BSN 111222333."},
        {"file": upload("Dossier 111222333.pdf")},
        {"tags": "bsn 111222333"},
    ],
)
def test_a_bsn_anywhere_blocks_even_when_confirmed(client, personas, overrides):
    client.force_login(personas.member)
    response = client.post(URL, form(personas, confirm_privacy="on", **overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert "111222333</mark>" in html
    assert 'name="confirm_privacy"' not in html
    assert not Resource.objects.exists()


def test_scripts_in_the_description_never_reach_the_page(client, personas):
    client.force_login(personas.member)
    description = (
        "<script>alert(1)</script> [klik](javascript:alert(1)) ![x](https://e.example/x.png)"
    )
    client.post(URL, form(personas, description=description))
    html = client.get(Resource.objects.get().get_absolute_url()).content.decode()
    assert "<script>alert" not in html and 'href="javascript:' not in html
    assert "<img" not in html


def test_an_image_is_shared_with_its_sniffed_type(client, personas):
    client.force_login(personas.member)
    client.post(URL, form(personas, file=upload("Stroomschema.PNG", PNG)))
    resource = Resource.objects.get()
    assert (resource.file_name, resource.content_type) == ("Stroomschema.png", "image/png")


def test_a_bsn_inside_the_file_blocks_even_when_confirmed_and_the_form_is_kept(client, personas):
    client.force_login(personas.member)
    notes = upload("Gespreksverslag.txt", "Moeder belde.\nBSN: 123\u00a0456\u00a0782\n".encode())
    response = client.post(URL, form(personas, file=notes, confirm_privacy="on"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "“Gespreksverslag.txt” contains what looks like a citizen service number" in html
    assert "line 2" in html and "choose the file again" in html
    assert 'value="Modelcontract jeugdzorg inkoop"' in html
    assert "Wij gebruiken dit **sinds vorig jaar**." in html
    assert not Resource.objects.exists()
    assert not default_storage.exists("library")


def test_replacing_a_file_with_one_holding_a_bsn_is_refused(personas):
    resource = library.share_file(
        personas.member, theme=personas.youth_care, title="Verslag", upload=upload()
    )
    notes = upload("Verslag.txt", b"BSN 123456782")
    with pytest.raises(FileRejected, match="citizen service number"):
        library.edit_resource(
            personas.member,
            resource,
            theme=personas.youth_care,
            title="Verslag",
            description="",
            tags=[],
            upload=notes,
            confirmed_privacy=True,
        )
    resource.refresh_from_db()
    assert resource.file_name == "Modelcontract jeugdzorg.pdf"
