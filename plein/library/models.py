"""The library (bibliotheek): files and links members share, findable in search, with
"I reused this" reports that work like "this helped me" on answers (posts.Helped)."""

import secrets
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from plein.members.models import Member


def resource_upload_path(resource: "Resource", filename: str) -> str:
    """A random path: the stored name never carries what the uploader typed, and nobody
    can guess another file's address (files are served through Plein anyway)."""
    return f"library/{secrets.token_hex(2)}/{secrets.token_urlsafe(16)}"


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class ResourceQuerySet(models.QuerySet["Resource"]):
    def visible_to(self, viewer: "Member | AnonymousUser") -> "ResourceQuerySet":
        """The one visibility rule for resources (DESIGN.md rule 3): members only; deleted
        ones for nobody; hidden ones for their author and community managers; those in a
        closed or secret circle for that circle's members."""
        from plein.circles.models import readable_circle_q
        from plein.members.models import Member

        if not isinstance(viewer, Member) or not viewer.is_active:
            return self.none()
        visible = self.filter(deleted_at__isnull=True)
        if viewer.is_community_manager:
            return visible
        return visible.filter(
            models.Q(hidden_at__isnull=True) | models.Q(author=viewer), readable_circle_q(viewer)
        )


class Resource(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", _("file")
        LINK = "link", _("link")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    description_html = models.TextField(editable=False, blank=True)
    theme = models.ForeignKey(
        "themes.Theme", verbose_name=_("theme"), on_delete=models.PROTECT, related_name="resources"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="resources")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="resources"
    )
    # The organisation that shared it, as it was then (members move on).
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    file = models.FileField(_("file"), upload_to=resource_upload_path, blank=True, max_length=200)
    circle = models.ForeignKey(
        "circles.Circle",
        verbose_name=_("circle"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="resources",
    )
    gathering = models.ForeignKey(
        "gatherings.Gathering",
        verbose_name=_("gathering"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    # The uploaded name, cleaned of paths and odd characters: offered as the download name.
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("shared"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    download_count = models.PositiveIntegerField(default=0)
    helped_count = models.PositiveIntegerField(default=0)
    minutes_saved = models.PositiveIntegerField(default=0)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=500, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Sent along with the form so a double click shares one resource, not two.
    submit_key = models.CharField(max_length=40, blank=True)

    objects = ResourceQuerySet.as_manager()

    # Resources are always shared under the member's name; author_for asks.
    is_anonymous = False

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [
            models.Index(fields=["created_at", "id"], name="resource_created"),
            models.Index(fields=["theme", "created_at"], name="resource_theme_created"),
            models.Index(fields=["author", "created_at"], name="resource_author_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submit_key"],
                condition=~models.Q(submit_key=""),
                name="resource_submit_once",
            ),
            # A file resource has a stored file and no link; a link resource the reverse.
            models.CheckConstraint(
                condition=models.Q(kind="file", url="") & ~models.Q(file="")
                | models.Q(kind="link", file="") & ~models.Q(url=""),
                name="resource_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:detail", kwargs={"pk": self.pk})

    @property
    def is_file(self) -> bool:
        return self.kind == self.Kind.FILE

    @property
    def extension(self) -> str:
        """The file type as members know it ("PDF", "DOCX"), from the checked name."""
        _stem, dot, extension = self.file_name.rpartition(".")
        return extension.upper() if dot else ""

    @property
    def link_host(self) -> str:
        """Where a link goes ("www.nji.nl"), shown so nobody clicks blind."""
        return (urlsplit(self.url).hostname or "") if self.url else ""
