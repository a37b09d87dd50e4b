"""Checking a file a member shares, before it is stored: its name, its size, and its type
by content, not only by name.

A type is allowed when its extension is in settings.PLEIN_LIBRARY_FILE_TYPES *and* Plein
knows how to check its content (CHECKS below); the content must then match the extension:

- pdf, png, jpg/jpeg: the format's signature at the start of the file;
- docx, xlsx, pptx (Office Open XML): a zip whose [Content_Types].xml declares the main part
  of that very format (a macro-enabled .docm renamed .docx declares another type) and that
  holds that part;
- odt, ods, odp (OpenDocument): a zip whose `mimetype` entry names that format;
- txt, csv, md: UTF-8 (a BOM is fine) without NUL bytes, not starting like HTML, XML or a
  script, and without <script>, <svg> or <html> anywhere.

Why no library: `filetype` (the obvious pure-Python choice) reads only the first 8 KB and
recognises Office Open XML by the order of the first zip entries, which differs between
Office, LibreOffice and online editors; it cannot tell a text file from HTML either. The
standard library's zipfile reads the zip's directory, which is what this check needs, and
the signatures are a handful of bytes. libmagic is a system dependency we do not want.

Office Open XML and OpenDocument files are zips, and a zip can unpack to far more than it
weighs (a 300 MB run of zeros fits in 300 KB). Such a file is refused, from the sizes its
directory declares and without unpacking anything, when it holds more than
PLEIN_LIBRARY_MAX_ZIP_ENTRIES parts or would unpack to more than PLEIN_LIBRARY_MAX_UNZIPPED_MB
or to more than 100 times its own size (a ratio Apache POI also refuses by default: real
documents stay far below it; below 1 MB unpacked the ratio is not held against a file).

The text of a file is scanned for a citizen service number (BSN) like the texts a member
types (`plein.core.privacy.find_bsns`): txt, csv and md as they are, docx and odt from the
character data of their XML parts, pdf from its text layer (pypdf), each up to a bound
(DOCUMENT_TEXT_MAX characters, DOCUMENT_XML_READ_MAX bytes of XML, PDF_PAGES_MAX pages). A
file with one is refused, saying roughly where it is. A file whose text cannot be read
(encrypted, damaged) is not refused for that: its type was checked, and scanning is a
guard against a slip, not a wall against someone set on getting a BSN through.

Files are always served as downloads (Content-Disposition: attachment, nosniff), so these
checks are a second wall: they keep out what a member did not mean to share (a renamed web
page, an SVG posing as a picture) and give a clear message instead of a surprise later."""

import codecs
import html
import re
import struct
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _

from plein.core.errors import InvalidField
from plein.core.privacy import find_bsns

FILE_NAME_MAX = 150
# Parts of a zip read to identify it are tiny in real files; a bigger one is not honest.
ZIP_PART_READ_MAX = 1024 * 1024
TEXT_CHUNK = 64 * 1024
# A zip may unpack to this many times its size (see the module's docstring) ...
ZIP_RATIO_MAX = 100
# ... once it unpacks to more than this: small files are never refused for their ratio.
ZIP_RATIO_GRACE = 1024 * 1024
# How much of a file's text is scanned for a BSN: about a thousand pages, read in well under
# a second; beyond it a BSN goes unnoticed, which is the price of a bound.
DOCUMENT_TEXT_MAX = 2_000_000
DOCUMENT_XML_READ_MAX = 16 * 1024 * 1024  # bytes of docx/odt XML read for that text
PDF_PAGES_MAX = 100
# Markdown is also scanned as rendered; rendering is slower than scanning, so less of it.
MARKDOWN_RENDER_MAX = 200_000


class FileRejected(InvalidField):
    """The file cannot be shared. The message always ends by asking to choose a file
    again: a browser never keeps a chosen file when a form comes back."""

    def __init__(self, message: str) -> None:
        super().__init__("file", message)


@dataclass(frozen=True)
class CheckedFile:
    name: str  # cleaned, what the download will be called
    extension: str  # lower case, without the dot
    content_type: str  # what the content was checked to be
    size: int


# --- names ------------------------------------------------------------------------------

# Characters Windows, macOS or a shell trip over, and controls.
_UNSAFE_CHARACTERS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_EXTENSION = re.compile(r"[a-z0-9]{1,10}")


def clean_file_name(name: str) -> str:
    """The base name of what a browser sent (some send a whole path, C:\\Users\\...), with
    unsafe characters replaced, spaces collapsed and no leading dots. Raises FileRejected
    when nothing usable is left."""
    base = re.split(r"[\\/]", name)[-1]
    base = " ".join(unicodedata.normalize("NFC", base).split())  # tabs, newlines: a space
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE_CHARACTERS.sub("_", base)
    base = " ".join(base.split()).strip(" .")
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    stem = stem.strip(" ._")
    extension = extension.lower()
    if not stem or not _EXTENSION.fullmatch(extension):
        raise FileRejected(
            _(
                "This file has no usable name (it needs a name and an extension such as "
                ".pdf). Rename it on your computer and choose the file again."
            )
        )
    stem = stem[: FILE_NAME_MAX - len(extension) - 1].rstrip(" ._")
    return f"{stem}.{extension}"


# --- settings, read at call time ----------------------------------------------------------


def max_upload_bytes() -> int:
    return int(settings.PLEIN_LIBRARY_MAX_UPLOAD_MB) * 1024 * 1024


def allowed_extensions() -> list[str]:
    """The extensions a member may share: configured and checkable, in configured order."""
    return [ext for ext in dict.fromkeys(settings.PLEIN_LIBRARY_FILE_TYPES) if ext in CHECKS]


def max_unzipped_bytes() -> int:
    return int(settings.PLEIN_LIBRARY_MAX_UNZIPPED_MB) * 1024 * 1024


def max_zip_entries() -> int:
    return int(settings.PLEIN_LIBRARY_MAX_ZIP_ENTRIES)


def unknown_configured_extensions() -> list[str]:
    """Configured extensions Plein cannot check by content (refused; see checks.py)."""
    return [ext for ext in dict.fromkeys(settings.PLEIN_LIBRARY_FILE_TYPES) if ext not in CHECKS]


# --- content ------------------------------------------------------------------------------


def _starts_with(*signatures: bytes) -> Callable[[IO[bytes]], bool]:
    def check(stream: IO[bytes]) -> bool:
        head = stream.read(16)
        return any(head.startswith(signature) for signature in signatures)

    return check


_OVERRIDE_TAG = re.compile(rb"<(?:\w+:)?Override\b[^>]*>")
_ATTRIBUTE = re.compile(rb'(\w+)\s*=\s*"([^"]*)"|(\w+)\s*=\s*\'([^\']*)\'')


def _office_open_xml(main_content_type: str) -> Callable[[IO[bytes]], bool]:
    """A zip whose [Content_Types].xml declares a part of `main_content_type` that exists.
    Read with regular expressions, not an XML parser: the file is untrusted, small, and
    only two attributes of one element matter."""
    wanted = main_content_type.encode()

    def check(stream: IO[bytes]) -> bool:
        with _zip(stream) as archive:
            if archive is None:
                return False
            types = _read_part(archive, "[Content_Types].xml")
            if types is None:
                return False
            names = set(archive.namelist())
            for tag in _OVERRIDE_TAG.findall(types):
                attributes = {
                    (m.group(1) or m.group(3)).lower(): m.group(2) or m.group(4)
                    for m in _ATTRIBUTE.finditer(tag)
                }
                if attributes.get(b"contenttype") == wanted:
                    part = attributes.get(b"partname", b"").decode(errors="replace").lstrip("/")
                    return part in names
            return False

    return check


def _open_document(mimetype: str) -> Callable[[IO[bytes]], bool]:
    def check(stream: IO[bytes]) -> bool:
        with _zip(stream) as archive:
            if archive is None:
                return False
            declared = _read_part(archive, "mimetype")
            return declared is not None and declared.strip() == mimetype.encode()

    return check


@contextmanager
def _zip(stream: IO[bytes]) -> Iterator[zipfile.ZipFile | None]:
    """The stream as a zip archive, or None if it is not one."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        yield None
        return
    with archive:
        yield archive


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > ZIP_PART_READ_MAX or info.flag_bits & 0x1:  # huge, or encrypted
        return None
    try:
        with archive.open(info) as part:
            return part.read(ZIP_PART_READ_MAX + 1)[:ZIP_PART_READ_MAX]
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError, NotImplementedError):
        return None


# How browsers decide a text is HTML (WHATWG MIME Sniffing, "identify an unknown MIME
# type"), plus SVG, XML and scripts.
_MARKUP_START = re.compile(
    rb"^\s*(?:<!doctype\s+html|<html|<head|<script|<iframe|<h1|<div|<font|<table|<a|<style"
    rb"|<title|<b|<body|<br|<p|<svg|<!--|<\?xml|<xsl|<object|<embed)(?:[\s>/]|$)"
    rb"|^#!",
    re.IGNORECASE,
)
_MARKUP_ANYWHERE = re.compile(rb"<\s*(?:script|svg|html)\b", re.IGNORECASE)


class _NotText(Exception):
    pass


def _plain_text(stream: IO[bytes]) -> bool:
    """UTF-8 without NUL bytes, and no web page, SVG or script in disguise. Read in chunks;
    a tag cut in two by a chunk border is caught by keeping the previous chunk's tail."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = True
    tail = b""
    try:
        while chunk := stream.read(TEXT_CHUNK):
            if b"\x00" in chunk:
                raise _NotText
            decoder.decode(chunk)
            if first:
                if _MARKUP_START.search(chunk.removeprefix(codecs.BOM_UTF8)[:1024]):
                    raise _NotText
                first = False
            if _MARKUP_ANYWHERE.search(tail + chunk):
                raise _NotText
            tail = chunk[-16:]
        decoder.decode(b"", final=True)
    except (UnicodeDecodeError, _NotText):
        return False
    return True


@dataclass(frozen=True)
class TypeCheck:
    content_type: str
    matches: Callable[[IO[bytes]], bool]
    zipped: bool = False  # a zip archive: its unpacked size and parts are bounded


_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"
_JPEG = TypeCheck("image/jpeg", _starts_with(b"\xff\xd8\xff"))

CHECKS: dict[str, TypeCheck] = {
    "pdf": TypeCheck("application/pdf", _starts_with(b"%PDF-")),
    "png": TypeCheck("image/png", _starts_with(b"\x89PNG\r\n\x1a\n")),
    "jpg": _JPEG,
    "jpeg": _JPEG,
    "docx": TypeCheck(
        f"{_OOXML}.wordprocessingml.document",
        _office_open_xml(f"{_OOXML}.wordprocessingml.document.main+xml"),
        zipped=True,
    ),
    "xlsx": TypeCheck(
        f"{_OOXML}.spreadsheetml.sheet",
        _office_open_xml(f"{_OOXML}.spreadsheetml.sheet.main+xml"),
        zipped=True,
    ),
    "pptx": TypeCheck(
        f"{_OOXML}.presentationml.presentation",
        _office_open_xml(f"{_OOXML}.presentationml.presentation.main+xml"),
        zipped=True,
    ),
    "odt": TypeCheck(f"{_ODF}.text", _open_document(f"{_ODF}.text"), zipped=True),
    "ods": TypeCheck(f"{_ODF}.spreadsheet", _open_document(f"{_ODF}.spreadsheet"), zipped=True),
    "odp": TypeCheck(f"{_ODF}.presentation", _open_document(f"{_ODF}.presentation"), zipped=True),
    "txt": TypeCheck("text/plain; charset=utf-8", _plain_text),
    "csv": TypeCheck("text/csv; charset=utf-8", _plain_text),
    "md": TypeCheck("text/markdown; charset=utf-8", _plain_text),
}


def check_file(upload: File, name: str | None = None) -> CheckedFile:
    """Check an uploaded file (name, size, type by content) or raise FileRejected with a
    message for the member. `name` defaults to the name the browser sent."""
    cleaned = clean_file_name(name if name is not None else upload.name or "")
    extension = cleaned.rsplit(".", 1)[1]
    size = upload.size or 0
    if size <= 0:
        raise FileRejected(
            _("“%(name)s” is empty. Check the file on your computer and choose the file again.")
            % {"name": cleaned}
        )
    limit = max_upload_bytes()
    if size > limit:
        raise FileRejected(too_large_message(limit))
    allowed = allowed_extensions()
    if extension not in allowed:
        raise FileRejected(
            _(
                "Files of type .%(extension)s cannot be shared here. Allowed are: "
                "%(allowed)s. Save it as one of those (a PDF, for example) and choose the "
                "file again."
            )
            % {"extension": extension, "allowed": ", ".join(f".{ext}" for ext in allowed)}
        )
    check = CHECKS[extension]
    upload.seek(0)
    try:
        if check.zipped:
            _refuse_zip_bomb(upload, size, cleaned)
            upload.seek(0)
        matches = check.matches(upload)
    finally:
        upload.seek(0)
    if not matches:
        raise FileRejected(
            _(
                "“%(name)s” is not really a .%(extension)s file: its content is of another "
                "kind (a renamed file, perhaps a web page or an image of another type). Save "
                "it in the right format and choose the file again."
            )
            % {"name": cleaned, "extension": extension}
        )
    _refuse_bsn(upload, cleaned, extension)
    return CheckedFile(
        name=cleaned, extension=extension, content_type=check.content_type, size=size
    )


def too_large_message(limit: int) -> str:
    return _(
        "This file is larger than %(max)d MB. Make it smaller (for example save a PDF for "
        "screen, or split it), or share a link to it instead, and choose the file again."
    ) % {"max": limit // (1024 * 1024)}


# --- zip bombs ----------------------------------------------------------------------------

_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_COMMENT_MAX = 0xFFFF


def _refuse_zip_bomb(stream: IO[bytes], size: int, name: str) -> None:
    """Refuse a zip with too many parts, or that would unpack to too much (see the module's
    docstring). Reads only the zip's directory: the sizes it declares are also all that
    zipfile will ever unpack, so they are the sizes that count."""
    entries_limit = max_zip_entries()
    unzipped_limit = min(max_unzipped_bytes(), max(ZIP_RATIO_MAX * size, ZIP_RATIO_GRACE))
    declared = _declared_entry_count(stream, size)
    too_many = declared is not None and declared > entries_limit
    if not too_many:
        stream.seek(0)
        with _zip(stream) as archive:
            if archive is None:
                return  # not a zip at all: the type check says so
            entries = archive.infolist()
        too_many = len(entries) > entries_limit
        if not too_many and sum(entry.file_size for entry in entries) <= unzipped_limit:
            return
    raise FileRejected(
        _(
            "“%(name)s” unpacks to more than %(max)d MB or holds more than %(parts)d parts: "
            "more than a document can be. Save it again from the program that made it, or "
            "share a PDF, and choose the file again."
        )
        % {"name": name, "max": unzipped_limit // (1024 * 1024), "parts": entries_limit}
    )


def _declared_entry_count(stream: IO[bytes], size: int) -> int | None:
    """The number of entries the zip's end record declares, read before zipfile builds an
    object for every entry of a directory that may hold millions. None if not found (zipfile
    then decides); a Zip64 archive declares 0xFFFF here, which is more than any limit."""
    tail_size = min(size, _END_RECORD_SIZE + _COMMENT_MAX)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    at = tail.rfind(_END_OF_CENTRAL_DIRECTORY)
    if at < 0 or len(tail) - at < _END_RECORD_SIZE:
        return None
    (total,) = struct.unpack_from("<H", tail, at + 10)
    return int(total)


# --- client data in a file's text -----------------------------------------------------------


@dataclass(frozen=True)
class DocumentText:
    text: str
    unit: str  # what a line break in `text` separates: "line", "paragraph" or "page"

    def where(self, position: int) -> str:
        """Roughly where `position` is, for the member: "on line 12", "on page 3"."""
        number = self.text.count(self.separator, 0, position) + 1
        if self.unit == "page":
            return _("on page %(number)d") % {"number": number}
        if self.unit == "paragraph":
            return _("in paragraph %(number)d") % {"number": number}
        return _("on line %(number)d") % {"number": number}

    @property
    def separator(self) -> str:
        return "\f" if self.unit == "page" else "\n"


def _refuse_bsn(upload: IO[bytes], name: str, extension: str) -> None:
    upload.seek(0)
    try:
        document = document_text(upload, extension)
    finally:
        upload.seek(0)
    if document is None:
        return
    text = document.text
    found = find_bsns(text, markdown=False)
    if not found and extension == "md":
        found = find_bsns(text[:MARKDOWN_RENDER_MAX], markdown=True)
    if found:
        raise FileRejected(
            _(
                "“%(name)s” contains what looks like a citizen service number (BSN) "
                "%(where)s. Client data must never be shared here: remove it from the file, "
                "save it and choose the file again."
            )
            % {"name": name, "where": document.where(found[0].start)}
        )


def document_text(stream: IO[bytes], extension: str) -> DocumentText | None:
    """The text of a checked file, up to DOCUMENT_TEXT_MAX characters, or None for a type
    without text (images, spreadsheets, slides) or a file whose text cannot be read."""
    if extension in ("txt", "csv", "md"):
        data = stream.read(DOCUMENT_TEXT_MAX * 4)  # UTF-8: at most 4 bytes a character
        text = data.decode("utf-8-sig", errors="ignore")
        return DocumentText(text[:DOCUMENT_TEXT_MAX], "line")
    if extension == "docx":
        return _xml_text(stream, _DOCX_PARTS)
    if extension == "odt":
        return _xml_text(stream, _ODT_PARTS)
    if extension == "pdf":
        return _pdf_text(stream)
    return None


# The body first, so paragraph numbers count in it; then headers, footers, notes, comments.
_DOCX_PARTS = re.compile(r"word/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
_ODT_PARTS = re.compile(r"content\.xml|styles\.xml")
_XML_LINE_END = re.compile(
    rb"</(?:\w+:)?(?:p|h)>|<(?:\w+:)?(?:br|cr|line-break)\b[^>]*>", re.IGNORECASE
)
_XML_SPACE = re.compile(rb"<(?:\w+:)?(?:tab|s)\b[^>]*>")
_XML_TAG = re.compile(rb"<[^>]*>")


def _xml_text(stream: IO[bytes], parts: re.Pattern[str]) -> DocumentText | None:
    """The character data of the document's XML parts, a line per paragraph. Read with
    regular expressions, not an XML parser, as the type check does: the XML is untrusted,
    and only the text between tags and where paragraphs end matter (Word cuts a number into
    runs at will, <w:t>12</w:t>...<w:t>3</w:t>, which joins up again this way)."""
    texts: list[str] = []
    budget = DOCUMENT_XML_READ_MAX
    with _zip(stream) as archive:
        if archive is None:
            return None
        infos = [info for info in archive.infolist() if parts.fullmatch(info.filename)]
        infos.sort(key=lambda info: not info.filename.endswith(("document.xml", "content.xml")))
        for info in infos:
            if budget <= 0 or info.flag_bits & 0x1:  # spent, or encrypted
                continue
            try:
                with archive.open(info) as part:
                    data = part.read(budget)
            except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
                continue
            except NotImplementedError:  # a compression zipfile cannot unpack
                continue
            budget -= len(data)
            data = _XML_LINE_END.sub(b"\n", data)
            data = _XML_SPACE.sub(b" ", data)
            texts.append(html.unescape(_XML_TAG.sub(b"", data).decode("utf-8", errors="ignore")))
    return DocumentText("\n".join(texts)[:DOCUMENT_TEXT_MAX], "paragraph")


def _pdf_text(stream: IO[bytes]) -> DocumentText | None:
    """The text layer of the first PDF_PAGES_MAX pages, a page per form feed. pypdf is
    pure Python and well kept; a PDF it cannot read (damaged, encrypted) has no text here."""
    from pypdf import PdfReader  # only when a PDF comes in: it takes a moment to import

    pages: list[str] = []
    length = 0
    try:
        reader = PdfReader(stream)
        if reader.is_encrypted:
            return None
        for page in reader.pages[:PDF_PAGES_MAX]:
            text = page.extract_text() or ""
            pages.append(text)
            length += len(text)
            if length >= DOCUMENT_TEXT_MAX:
                break
    except Exception:  # any damage in an untrusted file: no text, not a crash
        return None
    return DocumentText("\f".join(pages)[:DOCUMENT_TEXT_MAX], "page")
