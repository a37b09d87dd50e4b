"""The library's demo content: realistic, checked like any member's, loaded once."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from plein.core.privacy import PrivacyWarning, scan
from plein.library import demo
from plein.library.demo import KEY_PREFIX, RESOURCES, demo_resources, load_demo_resources
from plein.library.files import check_file
from plein.library.models import Resource, Tag
from plein.library.tests.helpers import stored_name, upload
from plein.members.demo import THEMES, demo_people, load_demo_community
from plein.notify.delivery import tick
from plein.notify.models import Notification
from plein.posts.models import Helped, HelperScore
from plein.search.models import SearchDocument


def test_no_demo_text_looks_like_client_data() -> None:
    for resource in RESOURCES:
        texts = [resource.title, resource.description, ", ".join(resource.tags)]
        if resource.file is not None:
            texts += [resource.file.name, *resource.file.lines]
        for text in texts:
            assert scan(text) == [], text


def test_the_texts_cover_every_theme_with_links_and_real_files() -> None:
    assert len(RESOURCES) >= 80
    assert {r.theme for r in RESOURCES} == {spec.slug for spec in THEMES}
    assert len({r.title for r in RESOURCES}) == len(RESOURCES)
    files = [r.file for r in RESOURCES if r.file is not None]
    assert {f.kind for f in files} == {"pdf", "csv", "md", "txt", "docx"}
    assert 15 <= len(files) <= len(RESOURCES) / 2
    for resource in RESOURCES:
        assert bool(resource.link) != (resource.file is not None)
        assert not resource.link or ".example/" in resource.link


@pytest.mark.parametrize("demo_file", [r.file for r in RESOURCES if r.file is not None])
def test_every_generated_file_passes_the_content_checks(demo_file) -> None:
    checked = check_file(upload(demo_file.name, demo.make_file(demo_file)))
    assert checked.name == demo_file.name


def test_the_generated_pdf_and_docx_are_real_documents(tmp_path) -> None:
    lines = ("Checklist keukentafelgesprek", "1. Wat gaat goed (en wie helpt)?", "Één cliënt")
    pdf = demo.pdf(lines)
    # The cross-reference table points at each object.
    xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref:].startswith(b"xref\n0 6\n")
    for entry, number in zip(pdf[xref:].split(b"\n")[3:8], range(1, 6), strict=True):
        assert pdf[int(entry[:10]) :].startswith(b"%d 0 obj" % number)
    # (Also read back with poppler's pdftotext and pdftoppm while writing this.)
    assert "\\311\\351n" not in pdf.decode("cp1252")  # text in WinAnsi bytes, not escapes
    assert "Één cliënt".encode("cp1252") in pdf
    with zipfile.ZipFile(io.BytesIO(demo.docx(lines))) as archive:
        assert archive.testzip() is None
        assert "Één cliënt" in archive.read("word/document.xml").decode()
    assert demo.docx(lines) == demo.docx(lines)  # the same bytes every time


def test_the_plan_is_the_same_every_time_and_in_order() -> None:
    now = timezone.now()
    people = demo_people()
    plan = demo_resources(people, now=now)
    assert plan == demo_resources(people, now=now)
    emails = {person.email for person in people}
    for planned in plan:
        assert planned.author in emails
        assert planned.at < now
        assert len({reuse.member for reuse in planned.reuses}) == len(planned.reuses)
        for reuse in planned.reuses:
            assert reuse.member != planned.author
            assert planned.at < reuse.at < now
    assert sum(1 for planned in plan if planned.reuses) >= len(plan) / 2


@pytest.mark.django_db
def test_a_text_that_trips_the_privacy_guard_stops_the_load(monkeypatch) -> None:
    load_demo_community()
    slip = demo.DemoResource(
        "jeugdzorg", "Bel me", "Op 06 12345678.", (), link="https://a.example/"
    )
    monkeypatch.setattr(demo, "RESOURCES", (slip,))
    with pytest.raises(PrivacyWarning):
        load_demo_resources()
    assert not Resource.objects.exists()


def snapshot() -> dict[str, object]:
    return {
        model.__name__: (model.objects.count(), model.objects.aggregate(last=Max("pk"))["last"])
        for model in (Resource, Tag, Helped, HelperScore, SearchDocument)
    }


@pytest.mark.django_db
def test_demo_data_loads_a_lived_in_library_once(
    settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    out = StringIO()
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_data", stdout=out)

    resources = Resource.objects.filter(submit_key__startswith=KEY_PREFIX)
    assert resources.count() == len(RESOURCES)
    file_count = sum(1 for r in RESOURCES if r.file is not None)
    assert f"Demo library: 84 resources (84 new, {file_count} files)" in out.getvalue()
    assert resources.values("theme").distinct().count() == 12
    files = resources.filter(kind=Resource.Kind.FILE)
    for resource in files:
        assert default_storage.exists(stored_name(resource))
        assert resource.download_count >= resource.helped_count
    marks = Helped.objects.filter(resource__in=resources)
    assert marks.count() >= 60
    assert marks.filter(minutes__isnull=False).count() >= marks.count() * 0.6
    for resource in resources.prefetch_related("helped_marks"):
        assert resource.helped_count == len(resource.helped_marks.all())
        assert resource.minutes_saved == sum(m.minutes or 0 for m in resource.helped_marks.all())
        assert all(resource.created_at < m.created_at < now for m in resource.helped_marks.all())
        assert resource.author_id not in {m.member_id for m in resource.helped_marks.all()}
    first, last = min(r.created_at for r in resources), max(r.created_at for r in resources)
    assert (last - first).days > 200
    # Sharers count as helpful in their theme; everything is findable.
    assert HelperScore.objects.filter(member__resources__in=resources).exists()
    assert (
        SearchDocument.objects.filter(
            kind=SearchDocument.Kind.RESOURCE, object_id__in=resources.values("pk")
        ).count()
        == resources.count()
    )

    # Sharers heard about each reuse back then: nothing is mailed now or by notify-tick.
    notices = Notification.objects.filter(kind=Notification.Kind.REUSED)
    assert notices.count() == marks.count()
    assert not notices.filter(mail__in=["pending", "daily"]).exists()
    for notice in notices.select_related("helped"):
        assert notice.helped is not None and notice.created_at == notice.helped.created_at
    assert tick().thread_mails == 0

    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("demo_data", stdout=StringIO())
    assert snapshot() == before
    assert callbacks == []
