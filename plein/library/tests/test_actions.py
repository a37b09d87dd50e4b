"""The actions themselves: search kept in step, stored files never orphaned, races."""

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.test import TestCase

from plein.core.errors import NotAllowed, PleinError
from plein.library import actions
from plein.library.models import Resource
from plein.library.tests.helpers import share_file, share_link, stored_name, upload
from plein.notify.models import Notification
from plein.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def stored_files() -> list[str]:
    if not default_storage.exists("library"):
        return []
    return [
        f"library/{folder}/{name}"
        for folder in default_storage.listdir("library")[0]
        for name in default_storage.listdir(f"library/{folder}")[1]
    ]


@pytest.fixture
def scheduled(monkeypatch):
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(actions, "schedule_index", lambda kind, pk: calls.append((kind, pk)))
    return calls


def test_every_change_search_can_see_is_scheduled_for_indexing(personas, scheduled):
    resource = share_file(personas.member, personas.youth_care)
    actions.edit_resource(
        personas.member,
        resource,
        theme=personas.prevention,
        title="Nieuw",
        description="",
        tags=["x"],
    )
    actions.mark_reused(personas.colleague, resource, minutes=5)
    actions.hide_resource(personas.community_manager, resource, reason="Even niet")
    actions.unhide_resource(personas.community_manager, resource)
    actions.delete_resource(personas.member, resource)
    link = share_link(personas.member, personas.youth_care)
    kind = SearchDocument.Kind.RESOURCE
    assert scheduled == [(kind, resource.pk)] * 6 + [(kind, link.pk)]
    actions.record_download(link)  # downloads change nothing search sees
    assert len(scheduled) == 7


def test_the_search_index_follows_a_resource(personas):
    resource = share_file(
        personas.member, personas.youth_care, title="Checklist keukentafelgesprek"
    )
    documents = SearchDocument.objects.filter(
        kind=SearchDocument.Kind.RESOURCE, object_id=resource.pk
    )
    assert documents.get().title == "Checklist keukentafelgesprek"
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.delete_resource(personas.member, resource)
    assert not documents.exists()


def test_a_failed_write_leaves_no_stored_file(personas, monkeypatch):
    def broken(resource, names):
        raise IntegrityError("boom")

    monkeypatch.setattr(actions, "_set_tags", broken)
    with pytest.raises(IntegrityError):
        actions.share_file(personas.member, theme=personas.youth_care, title="x", upload=upload())
    assert not Resource.objects.exists()
    assert stored_files() == []


def test_a_racing_double_submit_returns_the_first_and_drops_its_file(personas, monkeypatch):
    first = share_file(personas.member, personas.youth_care, submit_key="k")
    # The second request passed the key check before the first one committed.
    monkeypatch.setattr(actions, "_already_shared", lambda author, key: None)
    second = actions.share_file(
        personas.member, theme=personas.youth_care, title="x", upload=upload(), submit_key="k"
    )
    assert second.pk == first.pk
    assert stored_files() == [stored_name(first)]


def test_only_active_members_share(personas):
    personas.member.is_active = False
    with pytest.raises(NotAllowed):
        actions.share_link(
            personas.member, theme=personas.youth_care, title="x", url="https://a.nl"
        )


def test_a_5000_character_title_is_refused_by_the_action_too(personas):
    with pytest.raises(actions.InvalidField) as refused:
        actions.share_link(
            personas.member, theme=personas.youth_care, title="x" * 5000, url="https://a.nl"
        )
    assert refused.value.field == "title"


def test_tags_are_shared_by_spelling_and_count(personas):
    one = share_link(
        personas.member, personas.youth_care, tags=["#Inkoop", " jeugd  zorg ", "inkoop"]
    )
    two = share_link(personas.colleague, personas.youth_care, tags=["INKOOP"])
    assert sorted(one.tags.values_list("name", flat=True)) == ["Inkoop", "jeugd zorg"]
    assert list(two.tags.values_list("name", flat=True)) == ["Inkoop"]


def test_deleting_twice_or_editing_after_deleting(personas):
    resource = share_link(personas.member, personas.youth_care)
    actions.delete_resource(personas.member, resource)
    actions.delete_resource(personas.member, resource)  # nothing happens
    with pytest.raises(PleinError):
        actions.edit_resource(
            personas.member, resource, theme=personas.youth_care, title="x", description="", tags=[]
        )


def test_an_edit_that_changes_nothing_writes_nothing(personas, scheduled):
    resource = share_link(personas.member, personas.youth_care, tags=["Inkoop"])
    scheduled.clear()
    actions.edit_resource(
        personas.member,
        resource,
        theme=personas.youth_care,
        title=" Handreiking   wachtlijsten ",
        description="",
        tags=["inkoop"],
        url=resource.url,
    )
    assert Resource.objects.get().edited_at is None
    assert scheduled == []


def test_hiding_tells_the_sharer_why_after_the_commit(personas):
    resource = share_link(personas.member, personas.youth_care)
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        actions.hide_resource(personas.community_manager, resource, reason="  Verouderd  ")
    [notification] = Notification.objects.all()
    assert (notification.recipient, notification.kind) == (
        personas.member,
        Notification.Kind.MODERATION,
    )
    assert (notification.resource, notification.message) == (resource, "Verouderd")
    assert notification.mail == Notification.Mail.PENDING  # mailed once the hiding commits
    assert len(callbacks) == 2  # the search index and the mail
    with pytest.raises(NotAllowed):
        actions.hide_resource(personas.colleague, resource, reason="Weg ermee")
    assert Notification.objects.count() == 1
