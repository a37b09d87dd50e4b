"""Small valid files of every checked type, and resources built through the real actions
with the on-commit work (search index, file removal) run as a real request would."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from plein.library import actions
from plein.library.models import Resource
from plein.members.models import Member
from plein.themes.models import Theme

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
OOXML = "application/vnd.openxmlformats-officedocument"
MAIN_PARTS = {
    "docx": ("word/document.xml", f"{OOXML}.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", f"{OOXML}.spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", f"{OOXML}.presentationml.presentation.main+xml"),
}


def office(
    kind: str,
    *,
    content_type: str | None = None,
    with_part: bool = True,
    body: str = "<document/>",
    extra: dict[str, bytes] | None = None,
) -> bytes:
    part, main_type = MAIN_PARTS[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{part}" ContentType="{content_type or main_type}"/></Types>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        if with_part:
            archive.writestr(part, body)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(*paragraphs: str) -> bytes:
    """A Word document whose paragraphs are cut into runs, as Word does (a run per word)."""
    runs = [
        "".join(f"<w:r><w:t xml:space='preserve'>{word} </w:t></w:r>" for word in p.split(" "))
        for p in paragraphs
    ]
    body = "".join(f"<w:p>{r}</w:p>" for r in runs)
    return office("docx", body=f'<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>')


def open_document(mimetype: str, *, body: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml",
            f"<office:document-content><office:body>{body}</office:body></office:document-content>",
        )
    return buffer.getvalue()


def pdf_with_text(*pages: str) -> bytes:
    """A PDF with a text layer: one line of Helvetica on each page."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids["
        + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(pages)))
        + b"]/Count %d>>" % len(pages),
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    for i, text in enumerate(pages):
        stream = b"BT /F1 12 Tf 72 712 Td (" + text.encode("latin-1") + b") Tj ET"
        objects.append(
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 3 0 R>>>>"
            b"/Contents %d 0 R>>" % (5 + 2 * i)
        )
        objects.append(b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stored_name(resource: Resource) -> str:
    """Where the resource's file is in the storage."""
    assert resource.file.name
    return resource.file.name


def upload(name: str = "Modelcontract jeugdzorg.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def share_file(
    author: Member, theme: Theme, title: str = "Modelcontract jeugdzorg", **kw
) -> Resource:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return actions.share_file(
            author, theme=theme, title=title, upload=kw.pop("upload", None) or upload(), **kw
        )


def share_link(
    author: Member, theme: Theme, title: str = "Handreiking wachtlijsten", **kw
) -> Resource:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return actions.share_link(
            author,
            theme=theme,
            title=title,
            url=kw.pop("url", "https://www.nji.nl/wachtlijsten"),
            **kw,
        )


def reused(member: Member, resource: Resource, minutes: int | None = None) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.mark_reused(member, resource, minutes=minutes)


def multipart(fields: dict[str, str], *, file: tuple[str, bytes]) -> tuple[bytes, str]:
    """A multipart/form-data body with `file` sent under exactly the name given (the test
    client would strip a path), and its content type."""
    boundary = "PleinTestBoundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    name, content = file
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
