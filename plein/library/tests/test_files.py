"""Checking a shared file: name, size and type by content (plein.library.files)."""

import io
import zipfile

import pytest
from django.core.checks import run_checks

from plein.library import files
from plein.library.files import FileRejected, check_file, clean_file_name
from plein.library.tests.helpers import (
    HTML,
    JPEG,
    PDF,
    PNG,
    SVG,
    docx,
    office,
    open_document,
    pdf_with_text,
    upload,
)

ODF = "application/vnd.oasis.opendocument"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Modelcontract.pdf", PDF, "application/pdf"),
        ("Logo.png", PNG, "image/png"),
        ("Foto.JPG", JPEG, "image/jpeg"),
        ("Foto.jpeg", JPEG, "image/jpeg"),
        (
            "Checklist.docx",
            office("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "Begroting.xlsx",
            office("xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "Presentatie.pptx",
            office("pptx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("Notitie.odt", open_document(f"{ODF}.text"), f"{ODF}.text"),
        ("Tabel.ods", open_document(f"{ODF}.spreadsheet"), f"{ODF}.spreadsheet"),
        ("Dia's.odp", open_document(f"{ODF}.presentation"), f"{ODF}.presentation"),
        ("Lees mij.txt", b"Wachtlijsten: een overzicht.\n", "text/plain; charset=utf-8"),
        ("Cijfers.csv", b"\xef\xbb\xbfgemeente;aantal\nHengelo;12\n", "text/csv; charset=utf-8"),
        ("Werkwijze.md", "# Werkwijze\n\n- stap één\n".encode(), "text/markdown; charset=utf-8"),
    ],
)
def test_every_allowed_type_passes_with_matching_content(name, content, content_type):
    checked = check_file(upload(name, content))
    assert checked.content_type == content_type
    assert checked.size == len(content)
    assert checked.name == name.rsplit(".", 1)[0] + "." + name.rsplit(".", 1)[1].lower()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Contract.pdf", HTML),  # a web page renamed .pdf
        ("Logo.png", SVG),  # an SVG pretending to be an image
        ("Foto.jpg", HTML),
        ("Foto.jpg", PNG),  # a real image, but not the type its name says
        ("Logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("Brief.docx", PDF),
        ("Brief.docx", office("xlsx")),  # a spreadsheet renamed .docx
        (
            "Macro.docx",  # a macro-enabled document renamed .docx
            office("docx", content_type="application/vnd.ms-word.document.macroEnabled.main+xml"),
        ),
        ("Leeg.docx", office("docx", with_part=False)),  # declared, but the part is missing
        ("Notitie.odt", open_document(f"{ODF}.spreadsheet")),
        ("Notitie.odt", office("docx")),
        ("Kapot.xlsx", b"PK\x03\x04 not really a zip"),
        ("Pagina.txt", HTML),
        ("Tekening.md", SVG),
        ("Script.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("Verstopt.md", b"# Titel\n\nGewone tekst.\n\n<script>alert(1)</script>\n"),
        ("Binair.csv", b"a;b\n\x00\x01\x02"),
        ("Latin1.txt", "café".encode("latin-1")),
    ],
)
def test_content_that_does_not_match_its_extension_is_refused(name, content):
    with pytest.raises(FileRejected) as refused:
        check_file(upload(name, content))
    assert "choose the file again" in refused.value.message


def test_markup_cut_in_two_by_a_read_chunk_is_still_found():
    from plein.library import files

    text = b"a" * (files.TEXT_CHUNK - 3) + b"<script>alert(1)</script>"
    with pytest.raises(FileRejected):
        check_file(upload("Lang.txt", text))


@pytest.mark.parametrize("name", ["Programma.exe", "Pagina.html", "Tekening.svg", "Archief.zip"])
def test_forbidden_types_are_refused_with_the_allowed_list(name):
    with pytest.raises(FileRejected) as refused:
        check_file(upload(name, PDF))
    assert ".pdf" in refused.value.message and ".docx" in refused.value.message


def test_an_empty_file_is_refused():
    with pytest.raises(FileRejected) as refused:
        check_file(upload("Leeg.pdf", b""))
    assert "empty" in refused.value.message


def test_size_and_types_are_read_from_the_settings_at_call_time(settings):
    settings.PLEIN_LIBRARY_MAX_UPLOAD_MB = 1
    with pytest.raises(FileRejected) as refused:
        check_file(upload("Groot.pdf", PDF + b"0" * (1024 * 1024)))
    assert "1 MB" in refused.value.message
    settings.PLEIN_LIBRARY_FILE_TYPES = ["pdf"]
    with pytest.raises(FileRejected):
        check_file(upload("Checklist.docx", office("docx")))
    assert check_file(upload("Klein.pdf", PDF)).extension == "pdf"


def test_a_configured_type_plein_cannot_check_is_refused_and_warned_about(settings):
    settings.PLEIN_LIBRARY_FILE_TYPES = ["pdf", "exe"]
    with pytest.raises(FileRejected):
        check_file(upload("Programma.exe", b"MZ\x90\x00"))
    warnings = [m for m in run_checks() if m.id == "plein.library.W001"]
    assert len(warnings) == 1 and "exe" in warnings[0].msg


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../x.pdf", "x.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\fatima\\Bureaublad\\x.pdf", "x.pdf"),
        ("/home/fatima/Verslag  overleg\t2024.PDF", "Verslag overleg 2024.pdf"),
        ("..verborgen.pdf", "verborgen.pdf"),
        ('Wat?"is"<dit>|*.pdf', "Wat__is__dit.pdf"),
        ("Cliëntparticipatie.pdf", "Cliëntparticipatie.pdf"),
        ("rapport.definitief.pdf", "rapport.definitief.pdf"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    ],
)
def test_names_lose_their_path_and_odd_characters(sent, kept):
    assert clean_file_name(sent) == kept


@pytest.mark.parametrize(
    "sent", ["", "..", "../", "C:\\", ".pdf", "...pdf", "geen-extensie", "naam.", "naam.p d f"]
)
def test_a_name_that_is_empty_after_cleaning_is_refused(sent):
    with pytest.raises(FileRejected) as refused:
        clean_file_name(sent)
    assert "choose the file again" in refused.value.message


def test_an_encrypted_or_oversized_zip_part_is_not_trusted():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b" " * (2 * 1024 * 1024))  # compresses to almost nothing
    with pytest.raises(FileRejected):
        check_file(upload("Bom.odt", buffer.getvalue()))


# --- zip bombs (issue 14) ---------------------------------------------------------------


def _zip_with_zeros(kind: str, megabytes: int) -> bytes:
    """A valid Office or OpenDocument file plus one entry of `megabytes` MB of zeros,
    written a megabyte at a time (it never sits in memory whole)."""
    base = office(kind) if kind != "odt" else open_document(f"{ODF}.text")
    buffer = io.BytesIO(base)
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/zeros.bin", "w", force_zip64=True) as entry,
    ):
        for _ in range(megabytes):
            entry.write(bytes(1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_an_office_file_that_unpacks_to_300_mb_is_refused_without_unpacking(kind):
    content = _zip_with_zeros(kind, 300)
    assert len(content) < 1024 * 1024  # 300 MB of zeros weigh well under a megabyte
    with pytest.raises(FileRejected) as refused:
        check_file(upload(f"Brief.{kind}", content))
    assert "unpacks to more than" in refused.value.message
    assert "choose the file again" in refused.value.message


def test_an_office_file_may_unpack_to_at_most_100_times_its_size():
    # 5 MB of zeros in a file of a few KB: under 100 MB, but a thousand times its size.
    with pytest.raises(FileRejected, match="unpacks to more than"):
        check_file(upload("Brief.docx", _zip_with_zeros("docx", 5)))


def test_a_small_office_file_is_never_refused_for_its_ratio():
    # Under ZIP_RATIO_GRACE unpacked, a high ratio is an ordinary, repetitive document.
    body = "<w:document><w:body>" + "<w:p/>" * 50_000 + "</w:body></w:document>"
    content = office("docx", body=body)
    assert len(body) > 100 * len(content)
    assert check_file(upload("Leeg.docx", content)).extension == "docx"


def test_an_office_file_with_too_many_parts_is_refused(settings):
    parts = {f"customXml/item{n}.xml": b"<x/>" for n in range(1001)}
    with pytest.raises(FileRejected, match="1000 parts"):
        check_file(upload("Veel.xlsx", office("xlsx", extra=parts)))
    settings.PLEIN_LIBRARY_MAX_ZIP_ENTRIES = 2000  # read at call time
    assert check_file(upload("Veel.xlsx", office("xlsx", extra=parts))).extension == "xlsx"


def test_the_unzipped_bound_is_read_from_the_settings(settings):
    content = _zip_with_zeros("docx", 2)
    settings.PLEIN_LIBRARY_MAX_UNZIPPED_MB = 1
    with pytest.raises(FileRejected, match="more than 1 MB"):
        check_file(upload("Brief.docx", content))


# --- a BSN in a file's text (issue 14) ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("Notitie.txt", b"Verslag\nGesprek met moeder.\nBSN 123 456 782\n", "line 3"),
        ("Lijst.csv", b"\xef\xbb\xbfnaam;nummer\nJan;12.34.56.782\n", "line 2"),
        ("Werkwijze.md", b"# Werkwijze\n\nNummer: 1234**5**6782\n", "line 3"),
        ("Arabisch.txt", "رقم ١٢٣٤٥٦٧٨٢".encode(), "line 1"),
        ("Verslag.docx", docx("Gesprek met moeder.", "Haar BSN is 1234 56782."), "paragraph 2"),
        (
            "Verslag.odt",
            open_document(
                f"{ODF}.text", body="<text:p>Inleiding</text:p><text:p>BSN 123456782</text:p>"
            ),
            "paragraph 2",
        ),
        ("Verslag.pdf", pdf_with_text("Inleiding", "Moeder, BSN 123 456 782"), "page 2"),
    ],
)
def test_a_file_whose_text_holds_a_bsn_is_refused_saying_where(name, content, where):
    with pytest.raises(FileRejected) as refused:
        check_file(upload(name, content))
    message = refused.value.message
    assert "citizen service number (BSN)" in message and where in message
    assert "choose the file again" in message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Notitie.txt", b"Open van 09.00-17.00 uur, KvK 12345672, 12-03-1980.\n"),
        ("Werkwijze.md", b"| jaar | aantal |\n|---|---|\n| 2023 | 1.234 |\n"),
        ("Verslag.docx", docx("Gesprek met moeder.", "Zaak Z/24/123456 loopt.")),
        ("Verslag.pdf", pdf_with_text("Inleiding", "Budget 2019-2023")),
        ("Verslag.pdf", PDF),  # no pages, no text
        ("Kapot.pdf", b"%PDF-1.4\n garbage 123456782"),  # unreadable: not refused for that
    ],
)
def test_a_file_without_a_bsn_passes(name, content):
    assert check_file(upload(name, content)).name == name


def test_a_bsn_past_the_scanned_part_of_a_text_file_goes_unnoticed():
    # The bound is honest: what is not read is not scanned (a huge log file, say).
    filler = b"Gewone tekst zonder nummers.\n" * (files.DOCUMENT_TEXT_MAX // 29 + 1)
    check_file(upload("Log.txt", filler + b"BSN 123456782\n"))
