"""The search index: one row per findable thing, rebuilt from its source by
plein.search.index (the builders are in plein.search.documents).

Each database adds its own full-text structure next to this table (migrations 0002 and
0003): SQLite an FTS5 table `search_document_fts` (rowid = SearchDocument.id: stemmed
title and body, plus facet words), PostgreSQL a tsvector column `search_vector` with a GIN
index. Neither is a model field, because django.contrib.postgres needs psycopg, which
SQLite installs do not have.

Facet words ("kquestion", "t12", "o5", "m202611", "xhidden", "c3", "xcircle") put the filters and the
searcher's rights inside the full-text match itself, so a search walks only what the
searcher may see and what the filters keep: pages stay full and counts honest.

No author is stored: anonymous askers must never be findable by name (DESIGN.md rule 4),
and anonymous content carries no organisation either."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", _("Questions")
        ANSWER = "answer", _("Answers")
        COMMENT = "comment", _("Comments")
        IDEA = "idea", _("Ideas")
        STORY = "story", _("Stories")
        BLOG = "blog", _("Blog posts")
        RESOURCE = "resource", _("Library")
        MEMBER = "member", _("People")
        THEME = "theme", _("Themes")
        GATHERING = "gathering", _("Gatherings")
        CIRCLE = "circle", _("Circles")
        CARNIVAL = "carnival", _("Blog carnivals")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    theme = models.ForeignKey(
        "themes.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "members.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Content of a closed or secret circle (and a secret circle itself) is for the circle's
    # members only: the facet words "xcircle" and "c<id>" keep it out of everyone else's
    # matches. Content of an open circle carries only "c<id>".
    circle_id = models.PositiveBigIntegerField(null=True, blank=True)
    circle_only = models.BooleanField(default=False)
    # Deleted things are removed from the index rather than flagged: their text should not
    # linger. Hidden ones stay, for the community managers who moderate them.
    is_hidden = models.BooleanField(default=False)
    answered = models.BooleanField(default=False)
    # Multiplies the text rank: answered and helpful content comes first (see documents).
    quality = models.FloatField(default=1.0)
    created_at = models.DateTimeField()
    title = models.TextField()
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

    @property
    def facets(self) -> list[str]:
        """The facet words of this document (see the module docstring)."""
        words = [f"k{self.kind}", f"m{self.created_at:%Y%m}"]
        if self.theme_id:
            words.append(f"t{self.theme_id}")
        if self.organisation_id:
            words.append(f"o{self.organisation_id}")
        if self.is_hidden:
            words.append(HIDDEN_FACET)
        if self.circle_id:
            words.append(f"c{self.circle_id}")
        if self.circle_only:
            words.append(CIRCLE_ONLY_FACET)
        return words


HIDDEN_FACET = "xhidden"
CIRCLE_ONLY_FACET = "xcircle"


class SearchWord(models.Model):
    """Words that occur in titles and theme names: the vocabulary for "did you mean" on
    a search without results. A suggestion is only shown after a search proves the
    searcher would find something with it, so a word from hidden content reveals nothing."""

    word = models.CharField(max_length=40, unique=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word


class IndexVersion(models.Model):
    """Which version of the document builders made the index. When the code's version is
    newer (a new kind of document, other facets), `migrate` rebuilds the index."""

    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search index version")
        verbose_name_plural = _("search index version")

    def __str__(self) -> str:
        return str(self.version)
