"""The search index: one row per findable thing, rebuilt from its source by plein.search.index.

Each database adds its own full-text structure next to this table (migration 0002):
SQLite an FTS5 table `search_document_fts` (rowid = SearchDocument.id, stemmed title and
body), PostgreSQL a tsvector column `search_vector` with a GIN index. Neither is a model
field, because django.contrib.postgres needs psycopg, which SQLite installs do not have.

No author is stored: anonymous askers must never be findable by name (DESIGN.md rule 4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", _("question")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    theme = models.ForeignKey(
        "themes.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the searcher's rights are checked against inside the search query. Deleted
    # things are removed from the index rather than flagged: their text should not linger.
    status = models.CharField(max_length=12, blank=True)
    answered = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    title = models.TextField()
    # The question's text followed by its visible answers and comments.
    body = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
