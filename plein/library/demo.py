"""Demo content for the library: 84 resources over the twelve themes of the demo community
(plein.members.demo), most of them links, about a quarter real small files made here (a
PDF written by hand, CSV, Markdown, plain text, a Word document built with zipfile), and
"I reused this" marks with the time they saved.

Everything goes through the library actions, exactly as members would: every file passes
the content checks, and the privacy guard reads every title, description, file name and
tag with `confirmed_privacy=False`, so a text that looks like client data stops the load.
Files are stored through the storage API (var/media by default); the search index is
updated after the commit.

What is made is the same on every machine: the texts of plein/demo/content/resources.toml,
shared by and reused by demo people chosen with a seeded random generator. Links go to
fictional sites under the reserved `.example` domain, like the members' addresses. Loading is idempotent: every demo
resource has a stable submit_key (demo-resource-<n>); a resource whose key exists is left
alone with its reuse marks, and a run that adds nothing writes nothing.

Demo-only, as in plein.posts.demo: afterwards the times of resources and reuse marks are
moved into the past (actions stamp "now"), and files get a plausible download count. The
sharers' notifications about reuse are settled the same way (heard about back then: mailed,
and read if they have been in since), so neither the commit nor `plein notify-tick` mails
them; the load runs with the dummy mail backend as a second guard.

The Dutch texts are demo data, not interface strings, so they are not translated."""

import io
import random
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings
from django.utils import timezone

from plein.demo import content
from plein.library import actions
from plein.library.models import Resource
from plein.members.demo import Person, Writer, demo_cast
from plein.members.models import Member
from plein.notify.delivery import digest_cutoff
from plein.notify.models import Notification
from plein.posts.demo import DUMMY_MAIL_BACKEND
from plein.posts.models import Helped
from plein.themes.models import Theme

SEED = 2016  # not the members' or the questions' seed: other choices, same every time
KEY_PREFIX = "demo-resource-"
WITHIN_DAYS = 300
REUSED_SHARE = 0.65  # resources that someone said they reused
# "It saved me about ... minutes": as on answers (plein.posts.demo), a bit more for
# documents (a contract template saves a day, not a quarter of an hour).
MINUTES = (30, 60, 90, 120, 180, 240, 480, 960)
MINUTES_WEIGHTS = (8, 14, 8, 12, 8, 8, 6, 2)
QUIET_BEFORE_NOW = timedelta(hours=1)


@dataclass(frozen=True)
class DemoFile:
    name: str
    kind: str  # pdf, csv, md, txt, docx
    lines: tuple[str, ...]  # the content: paragraphs, or CSV rows with ";" between cells


@dataclass(frozen=True)
class DemoResource:
    theme: str
    title: str
    description: str
    tags: tuple[str, ...]
    link: str = ""  # a path on one of the fictional sites, or
    file: DemoFile | None = None


# --- The texts ----------------------------------------------------------------------------

RESOURCES = content.records("resources", "resources", DemoResource)


# --- Files, made here -----------------------------------------------------------------------


def make_file(demo: DemoFile) -> bytes:
    if demo.kind == "pdf":
        return pdf(demo.lines)
    if demo.kind == "docx":
        return docx(demo.lines)
    if demo.kind == "md":
        return ("\n\n".join(demo.lines) + "\n").encode()
    return ("\n".join(demo.lines) + "\n").encode()  # csv, txt


def pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page PDF with `lines` of text, written by hand: five objects, a cross
    reference table with their byte offsets, and the trailer."""

    def text(line: str) -> str:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({escaped}) Tj"

    stream_lines = ["BT", "/F1 16 Tf", "72 770 Td", text(lines[0]), "/F1 11 Tf"]
    for line in lines[1:]:
        stream_lines += ["0 -24 Td", text(line)]
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def docx(lines: tuple[str, ...]) -> bytes:
    """A minimal Word document: the content types, the package relationship and the main
    part with one paragraph per line (the first one bold, as a title)."""
    word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraphs = []
    for index, line in enumerate(lines):
        bold = "<w:rPr><w:b/></w:rPr>" if index == 0 else ""
        paragraphs.append(
            f'<w:p><w:r>{bold}<w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{word}"><w:body>{"".join(paragraphs)}</w:body></w:document>'
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    relationships = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # A fixed date: the same bytes on every machine.
        for name, text in (
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", relationships),
            ("word/document.xml", document),
        ):
            archive.writestr(zipfile.ZipInfo(name, (2016, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


# --- The plan -------------------------------------------------------------------------------


@dataclass
class PlannedReuse:
    member: str  # e-mail address
    minutes: int | None
    at: datetime


@dataclass
class PlannedResource:
    key: str
    resource: DemoResource
    author: str  # e-mail address
    at: datetime
    reuses: list[PlannedReuse] = field(default_factory=list)
    downloads: int = 0


def demo_resources(people: list[Person], *, now: datetime) -> list[PlannedResource]:
    """Who shares what when, who reused it and how much time it saved them; the same for
    the same people and `now`."""
    rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
    latest = now - QUIET_BEFORE_NOW
    plan = []
    for number, resource in enumerate(RESOURCES, start=1):
        experts = [p for p in people if resource.theme in p.themes]
        pool = experts if experts and rng.random() < 0.7 else people
        author = rng.choice(pool)
        at = now - timedelta(days=1 + (WITHIN_DAYS - 1) * rng.random() ** 1.2)
        planned = PlannedResource(f"{KEY_PREFIX}{number}", resource, author.email, at)
        if rng.random() < REUSED_SHARE:
            count = rng.choices((1, 2, 3, 4), weights=(45, 30, 17, 8))[0]
            others = [p for p in people if p.email != author.email]
            for person in rng.sample(others, min(count, len(others))):
                span = (latest - at).total_seconds()
                when = at + timedelta(seconds=max(span * rng.random(), 600))
                minutes = (
                    None if rng.random() < 0.2 else rng.choices(MINUTES, weights=MINUTES_WEIGHTS)[0]
                )
                planned.reuses.append(PlannedReuse(person.email, minutes, min(when, latest)))
        if resource.file is not None:
            planned.downloads = len(planned.reuses) * rng.randint(1, 4) + rng.randint(0, 9)
        plan.append(planned)
    return plan


# --- Loading --------------------------------------------------------------------------------


@dataclass
class ResourceSummary:
    resources: int
    resources_created: int
    files: int
    reused: int
    minutes_saved: int


def load_demo_resources(
    *, stdout: Writer | None = None, now: datetime | None = None
) -> ResourceSummary:
    """Add the demo resources that are missing (see the module docstring). Needs the demo
    community (plein.members.demo.load_demo_community); resources of demo people who are
    not active members, or of themes that do not exist, are left out. One transaction."""
    now = now or timezone.now()
    # Why the dummy backend: see the module docstring.
    with override_settings(EMAIL_BACKEND=DUMMY_MAIL_BACKEND), transaction.atomic():
        cast = demo_cast()
        members, themes = cast.members, cast.themes
        plan = [
            planned
            for planned in demo_resources(cast.people, now=now)
            if planned.resource.theme in themes
        ]
        existing = set(
            Resource.objects.filter(submit_key__startswith=KEY_PREFIX).values_list(
                "submit_key", flat=True
            )
        )
        todo = [planned for planned in plan if planned.key not in existing]
        for planned in todo:
            _load(planned, members, themes, now=now)
        if stdout is not None:
            stdout.write(f"Resources: {len(plan)} ({len(todo)} new)\n")
        return _summary(created=len(todo))


def _load(
    planned: PlannedResource,
    members: dict[str, Member],
    themes: dict[str, Theme],
    *,
    now: datetime,
) -> None:
    demo = planned.resource
    common: dict[str, Any] = {
        "theme": themes[demo.theme],
        "title": demo.title,
        "description": demo.description,
        "tags": list(demo.tags),
        "confirmed_privacy": False,  # a text that looks like client data must stop the load
        "submit_key": planned.key,
    }
    author = members[planned.author]
    if demo.file is not None:
        upload = ContentFile(make_file(demo.file), name=demo.file.name)
        resource = actions.share_file(author, upload=upload, **common)
    else:
        resource = actions.share_link(author, url=demo.link, **common)
    # Demo only: the moment it was shared, and what it was downloaded since.
    Resource.objects.filter(pk=resource.pk).update(
        created_at=planned.at, download_count=planned.downloads
    )
    for reuse in planned.reuses:
        if reuse.member not in members:
            continue
        helped = actions.mark_reused(members[reuse.member], resource, minutes=reuse.minutes)
        Helped.objects.filter(pk=helped.pk).update(created_at=reuse.at)
        _settle_notifications(helped, reuse.at, now=now)


def _settle_notifications(helped: Helped, at: datetime, *, now: datetime) -> None:
    """Demo only: the sharer heard about this reuse when it happened (see the module
    docstring), in a mail then or in the next morning's summary."""
    notifications = Notification.objects.filter(helped=helped).select_related("recipient")
    for notification in notifications:
        changes: dict[str, object] = {"created_at": at}
        if notification.mail == Notification.Mail.PENDING:
            changes.update(mail=Notification.Mail.SENT, mailed_at=at)
        elif notification.mail == Notification.Mail.DAILY:
            summary = digest_cutoff(at) + timedelta(days=1)
            changes.update(mail=Notification.Mail.IN_SUMMARY, mailed_at=min(summary, now))
        seen = notification.recipient.last_seen
        if seen is not None and at < seen:
            changes["read_at"] = min(at + timedelta(hours=6), seen)
        Notification.objects.filter(pk=notification.pk).update(**changes)


def _summary(*, created: int) -> ResourceSummary:
    resources = Resource.objects.filter(submit_key__startswith=KEY_PREFIX)
    marks = Helped.objects.filter(resource__in=resources)
    return ResourceSummary(
        resources=resources.count(),
        resources_created=created,
        files=resources.filter(kind=Resource.Kind.FILE).count(),
        reused=marks.count(),
        minutes_saved=marks.aggregate(total=Sum("minutes"))["total"] or 0,
    )
