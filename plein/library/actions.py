"""Every write about the library: sharing a file or a link, editing, deleting, hiding,
"I reused this" and counting downloads. Views, the API, the CLI and the demo data all
come through here (DESIGN.md rule 2).

Stored files go through Django's storage API (FileSystemStorage under var/media by
default, S3-compatible storage in production). A file is written before the database
transaction (an upload to S3 should not hold a transaction open) and removed again when
the transaction fails; a deleted or replaced file is removed after the commit.

Sharing is not rate-limited, like asking a question; the upload size is capped by
PLEIN_LIBRARY_MAX_UPLOAD_MB."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plein.circles import actions as circle_actions
from plein.core.errors import InvalidField, NotAllowed, PleinError
from plein.core.markdown import render_markdown
from plein.core.privacy import guard
from plein.gatherings.actions import followup_posted
from plein.insights.events import record
from plein.insights.models import Event
from plein.library.files import check_file
from plein.library.models import Resource, Tag
from plein.members.models import Member
from plein.notify.actions import notify
from plein.notify.models import Notification
from plein.posts.actions import MINUTES_MAX, count_help
from plein.posts.models import Helped
from plein.search.index import schedule_index
from plein.search.models import SearchDocument
from plein.themes.models import Theme

if TYPE_CHECKING:
    from plein.circles.models import Circle
    from plein.gatherings.models import Gathering

logger = logging.getLogger("plein.library")

TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
URL_MAX = 1000
TAGS_MAX = 10
TAG_MAX = 50
HIDE_REASON_MAX = 500

_url_validator = URLValidator(schemes=["http", "https"])


# --- Checking what a member typed --------------------------------------------------------


@dataclass(frozen=True)
class _Texts:
    title: str
    description: str
    tags: list[str]


def split_tags(text: str) -> list[str]:
    """Tags as typed in one field: "inkoop, jeugd; contracten" (commas or semicolons)."""
    return [part for part in text.replace(";", ",").split(",") if part.strip()]


def _clean_texts(title: str, description: str, tags: Sequence[str]) -> _Texts:
    title = " ".join(title.split())
    if not title:
        raise InvalidField("title", _("Give it a title that says what it is."))
    if len(title) > TITLE_MAX:
        raise InvalidField(
            "title",
            _("Keep the title under %(max)d characters; put the details in the description.")
            % {"max": TITLE_MAX},
        )
    description = description.strip()
    if len(description) > DESCRIPTION_MAX:
        raise InvalidField(
            "description",
            _("The description is longer than %(max)d characters. Shorten it a little.")
            % {"max": DESCRIPTION_MAX},
        )
    return _Texts(title, description, _clean_tags(tags))


def _clean_tags(tags: Sequence[str]) -> list[str]:
    names: dict[str, str] = {}  # slug: name, first spelling wins
    for tag in tags:
        name = " ".join(tag.split()).lstrip("#").strip()
        if not name:
            continue
        if len(name) > TAG_MAX:
            raise InvalidField(
                "tags",
                _("Keep each tag under %(max)d characters: “%(tag)s…”")
                % {"max": TAG_MAX, "tag": name[:20]},
            )
        slug = slugify(name)
        if not slug:
            raise InvalidField(
                "tags", _("A tag needs letters or digits: “%(tag)s”") % {"tag": name}
            )
        names.setdefault(slug, name)
    if len(names) > TAGS_MAX:
        raise InvalidField("tags", _("Use at most %(max)d tags.") % {"max": TAGS_MAX})
    return list(names.values())


def clean_url(url: str) -> str:
    """An http(s) address; "www.nji.nl/x" gets https:// in front, as a browser would."""
    url = url.strip()
    if not url:
        raise InvalidField("url", _("Give the address of the link, starting with https://."))
    if "://" not in url and not url.lower().startswith(("javascript:", "data:", "mailto:")):
        url = f"https://{url}"
    if len(url) > URL_MAX:
        raise InvalidField(
            "url", _("This address is too long (at most %(max)d characters).") % {"max": URL_MAX}
        )
    try:
        _url_validator(url)
    except ValidationError as error:
        raise InvalidField(
            "url",
            _(
                "This is not a web address Plein can link to. Use an address starting with "
                "https://."
            ),
        ) from error
    return url


def _require_member(member: Member) -> None:
    if not member.is_active:
        raise NotAllowed(_("Log in to take part."))


def _may_edit(member: Member, resource: Resource) -> None:
    if resource.author_id != member.pk:
        raise NotAllowed(_("Only the member who shared this can change it."))
    if resource.deleted_at is not None:
        raise NotAllowed(_("This has been deleted."))


def _already_shared(author: Member, submit_key: str) -> Resource | None:
    if not submit_key:
        return None
    return Resource.objects.filter(author=author, submit_key=submit_key[:40]).first()


# --- Sharing -----------------------------------------------------------------------------


def share_file(
    author: Member,
    *,
    theme: Theme,
    title: str,
    upload: File,
    description: str = "",
    tags: Sequence[str] = (),
    confirmed_privacy: bool = False,
    submit_key: str = "",
    circle: "Circle | None" = None,
    gathering: "Gathering | None" = None,
) -> Resource:
    """Share a file. The file is checked (name, size, type by content) and the privacy
    guard reads the title, description, file name and tags. In a `circle` (or tied to the
    `gathering` where it came up) only who may read there sees it (see
    plein.circles.actions.place_for_post). A second submit with the same key returns the
    first resource."""
    _require_member(author)
    texts = _clean_texts(title, description, tags)
    circle = circle_actions.place_for_post(author, circle=circle, gathering=gathering)
    checked = check_file(upload)
    guard(
        texts.title,
        texts.description,
        checked.name,
        ", ".join(texts.tags),
        confirmed=confirmed_privacy,
    )
    existing = _already_shared(author, submit_key)
    if existing is not None:
        return existing
    resource = _new_resource(author, Resource.Kind.FILE, theme, texts, submit_key)
    resource.circle, resource.gathering = circle, gathering
    resource.file_name = checked.name
    resource.content_type = checked.content_type
    resource.file_size = checked.size
    upload.seek(0)
    resource.file.save(checked.name, upload, save=False)
    return _create(resource, texts.tags, stored=resource.file.name)


def share_link(
    author: Member,
    *,
    theme: Theme,
    title: str,
    url: str,
    description: str = "",
    tags: Sequence[str] = (),
    confirmed_privacy: bool = False,
    submit_key: str = "",
    circle: "Circle | None" = None,
    gathering: "Gathering | None" = None,
) -> Resource:
    """Share a link to something elsewhere (a report, a tool, a video), in a circle or
    tied to a gathering as share_file does."""
    _require_member(author)
    texts = _clean_texts(title, description, tags)
    circle = circle_actions.place_for_post(author, circle=circle, gathering=gathering)
    url = clean_url(url)
    guard(texts.title, texts.description, ", ".join(texts.tags), confirmed=confirmed_privacy)
    existing = _already_shared(author, submit_key)
    if existing is not None:
        return existing
    resource = _new_resource(author, Resource.Kind.LINK, theme, texts, submit_key)
    resource.circle, resource.gathering = circle, gathering
    resource.url = url
    return _create(resource, texts.tags, stored="")


def _new_resource(
    author: Member, kind: str, theme: Theme, texts: _Texts, submit_key: str
) -> Resource:
    return Resource(
        kind=kind,
        theme=theme,
        author=author,
        organisation_id=author.organisation_id,
        title=texts.title,
        description=texts.description,
        description_html=render_markdown(texts.description),
        submit_key=submit_key[:40],
    )


def _create(resource: Resource, tags: list[str], *, stored: str | None) -> Resource:
    try:
        with transaction.atomic():
            resource.save()
            _set_tags(resource, tags)
            schedule_index(SearchDocument.Kind.RESOURCE, resource.pk)
            followup_posted(resource.gathering, resource.author)
            record(Event.Kind.SHARED_RESOURCE, resource.author, theme_id=resource.theme_id)
    except IntegrityError:
        _delete_file(resource.file.storage, stored)
        if not resource.submit_key:
            raise
        # The same submit raced past the check: the other request made the resource.
        return Resource.objects.get(author=resource.author, submit_key=resource.submit_key)
    except BaseException:
        _delete_file(resource.file.storage, stored)
        raise
    return resource


def _set_tags(resource: Resource, names: list[str]) -> None:
    slugs = {slugify(name): name for name in names}
    Tag.objects.bulk_create(
        [Tag(name=name, slug=slug) for slug, name in slugs.items()], ignore_conflicts=True
    )
    resource.tags.set(Tag.objects.filter(slug__in=slugs))


def _delete_file(storage: Storage, name: str | None) -> None:
    """Remove a stored file; a failure is logged (an orphan file harms nobody: it is never
    served without its resource)."""
    if not name:
        return
    try:
        storage.delete(name)
    except Exception:
        logger.exception("could not delete stored library file %s", name)


def _delete_file_on_commit(storage: Storage, name: str | None) -> None:
    if name:
        transaction.on_commit(partial(_delete_file, storage, name), robust=True)


# --- Changing ----------------------------------------------------------------------------


def edit_resource(
    editor: Member,
    resource: Resource,
    *,
    theme: Theme,
    title: str,
    description: str,
    tags: Sequence[str],
    url: str | None = None,
    upload: File | None = None,
    confirmed_privacy: bool = False,
) -> Resource:
    """The member who shared it changes the texts, the theme, the tags, the link (of a
    link) or the file (of a file: `upload` replaces it; None keeps it)."""
    _may_edit(editor, resource)
    texts = _clean_texts(title, description, tags)
    checked = None
    if resource.is_file and upload is not None:
        checked = check_file(upload)
    elif not resource.is_file and url is not None:
        url = clean_url(url)
    file_name = checked.name if checked else resource.file_name
    guard(
        texts.title,
        texts.description,
        file_name,
        ", ".join(texts.tags),
        confirmed=confirmed_privacy,
    )
    unchanged = (
        checked is None
        and (url is None or url == resource.url)
        and (texts.title, texts.description, theme.pk)
        == (
            resource.title,
            resource.description,
            resource.theme_id,
        )
        and {slugify(tag) for tag in texts.tags}
        == set(resource.tags.values_list("slug", flat=True))
    )
    if unchanged:
        return resource
    old_file = resource.file.name if checked else ""
    if checked is not None and upload is not None:
        upload.seek(0)
        resource.file.save(checked.name, upload, save=False)
        resource.file_name = checked.name
        resource.content_type = checked.content_type
        resource.file_size = checked.size
    if not resource.is_file and url is not None:
        resource.url = url
    resource.title, resource.description, resource.theme = (
        texts.title,
        texts.description,
        theme,
    )
    resource.description_html = render_markdown(texts.description)
    resource.edited_at = timezone.now()
    new_file = resource.file.name if checked else ""
    try:
        with transaction.atomic():
            resource.save(
                update_fields=[
                    "title",
                    "description",
                    "description_html",
                    "theme",
                    "url",
                    "file",
                    "file_name",
                    "content_type",
                    "file_size",
                    "edited_at",
                ]
            )
            _set_tags(resource, texts.tags)
            _delete_file_on_commit(resource.file.storage, old_file)
            schedule_index(SearchDocument.Kind.RESOURCE, resource.pk)
    except BaseException:
        _delete_file(resource.file.storage, new_file)
        raise
    return resource


def delete_resource(member: Member, resource: Resource) -> None:
    """The member who shared it, or a community manager, deletes a resource. The row stays
    (reuse reports count in the insights) but nobody sees it any more, and the stored file
    itself is removed: whoever deletes a file means it to be gone."""
    if resource.author_id != member.pk and not member.is_community_manager:
        raise NotAllowed(_("Only the member who shared this or a community manager can delete it."))
    if resource.deleted_at is not None:
        return
    with transaction.atomic():
        resource.deleted_at = timezone.now()
        resource.save(update_fields=["deleted_at"])
        _delete_file_on_commit(resource.file.storage, resource.file.name)
        schedule_index(SearchDocument.Kind.RESOURCE, resource.pk)


def hide_resource(manager: Member, resource: Resource, *, reason: str) -> None:
    """A community manager hides a resource; the member who shared it still sees it, with
    the reason, and is told so (a notification, mailed at once). The file is kept, so
    hiding can be undone."""
    if not manager.is_community_manager:
        raise NotAllowed(_("Only community managers can hide resources."))
    reason = reason.strip()
    if not reason:
        raise PleinError(_("Say why you hide this; the member who shared it will see the reason."))
    with transaction.atomic():
        resource.hidden_at = timezone.now()
        resource.hidden_reason = reason[:HIDE_REASON_MAX]
        resource.save(update_fields=["hidden_at", "hidden_reason"])
        schedule_index(SearchDocument.Kind.RESOURCE, resource.pk)
        notify(
            resource.author,
            Notification.Kind.MODERATION,
            resource=resource,
            message=resource.hidden_reason,
        )


def unhide_resource(manager: Member, resource: Resource) -> None:
    if not manager.is_community_manager:
        raise NotAllowed(_("Only community managers can show hidden resources again."))
    with transaction.atomic():
        resource.hidden_at = None
        resource.hidden_reason = ""
        resource.save(update_fields=["hidden_at", "hidden_reason"])
        schedule_index(SearchDocument.Kind.RESOURCE, resource.pk)


# --- "I reused this" and downloads -------------------------------------------------------


def mark_reused(member: Member, resource: Resource, *, minutes: int | None = None) -> Helped:
    """ "I reused this — it saved me about N minutes": the same helped report as on answers
    (posts.Helped), once per member and resource, never for your own. It counts for the
    sharer in the people finder, in the resource's theme, and the sharer is told who
    reused it (a notification, mailed as their setting for reuse says)."""
    _require_member(member)
    if resource.author_id == member.pk:
        raise PleinError(_("You cannot mark your own resource as reused."))
    # The API or a stale page may name a resource the member may not see (any more).
    if not Resource.objects.visible_to(member).filter(pk=resource.pk).exists():
        raise NotAllowed(_("This is not (or no longer) in the library."))
    if minutes is not None and not 1 <= minutes <= MINUTES_MAX:
        raise PleinError(
            _("Time saved is between 1 minute and a working week (%(max)d hours).")
            % {"max": MINUTES_MAX // 60}
        )
    try:
        with transaction.atomic():
            helped = Helped.objects.create(resource=resource, member=member, minutes=minutes)
            Resource.objects.filter(pk=resource.pk).update(
                helped_count=F("helped_count") + 1,
                minutes_saved=F("minutes_saved") + (minutes or 0),
            )
            count_help(resource.author_id, resource.theme_id)
            schedule_index(SearchDocument.Kind.RESOURCE, resource.pk)
            notify(
                resource.author,
                Notification.Kind.REUSED,
                resource=resource,
                helped=helped,
            )
            record(
                Event.Kind.HELPED,
                member,
                theme_id=resource.theme_id,
                minutes=minutes,
                helper=resource.author,
            )
    except IntegrityError as error:
        raise PleinError(_("You already marked that you reused this.")) from error
    return helped


def record_download(resource: Resource) -> None:
    """One more download (a counter on the row: lists never count rows)."""
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)
