"""One content core (DESIGN.md rule 5): questions now, stories, ideas and blog posts later,
are one Post model with a kind. Answers and comments are Replies; "this helped me" is Helped.

Counters (answers, helped marks, minutes saved) are kept on the rows by the actions, so
lists and pages never count or sum over everything."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.circles.models import readable_circle_q
from plein.members.models import Member


class PostQuerySet(models.QuerySet["Post"]):
    def visible_to(self, viewer: "Member | AnonymousUser") -> "PostQuerySet":
        """The one visibility rule for posts, used by every page, list, fragment, mail and
        export. Questions are for members; deleted posts are gone for everyone; a hidden
        post stays visible to its author and to community managers (who moderate it); a
        post in a closed or secret circle only to that circle's members (its author too
        loses it when removed from the circle)."""
        if not isinstance(viewer, Member) or not viewer.is_active:
            return self.none()
        posts = self.filter(deleted_at__isnull=True)
        if viewer.is_community_manager:
            return posts
        return posts.filter(Q(hidden_at__isnull=True) | Q(author=viewer), readable_circle_q(viewer))

    def questions(self) -> "PostQuerySet":
        return self.filter(kind=Post.Kind.QUESTION)

    def ideas(self) -> "PostQuerySet":
        return self.filter(kind=Post.Kind.IDEA)

    def stories(self) -> "PostQuerySet":
        return self.filter(kind=Post.Kind.STORY)

    def blogs(self) -> "PostQuerySet":
        return self.filter(kind=Post.Kind.BLOG)


class Post(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", _("question")
        IDEA = "idea", _("idea")
        STORY = "story", _("story")
        BLOG = "blog", _("blog post")

    class Stage(models.TextChoices):
        """Where an idea is. Stopping with lessons learned is a result, not a failure."""

        IDEA = "idea", _("idea")
        EXPLORING = "exploring", _("exploring")
        TRYING = "trying", _("trying it out")
        SCALING = "scaling", _("scaling up")
        STOPPED = "stopped", _("stopped, with lessons learned")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    theme = models.ForeignKey(
        "themes.Theme", verbose_name=_("theme"), on_delete=models.PROTECT, related_name="posts"
    )
    # Always stored, so the author can edit, follow and be notified; rendered only through
    # plein.posts.authors.author_for, which hides it when is_anonymous is set.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    is_anonymous = models.BooleanField(_("asked anonymously"), default=False)
    # Posted in a circle: then only what the circle's access allows may read it.
    circle = models.ForeignKey(
        "circles.Circle",
        verbose_name=_("circle"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="posts",
    )
    # A question that came up at a gathering (shown in its follow-up space).
    gathering = models.ForeignKey(
        "gatherings.Gathering",
        verbose_name=_("gathering"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), auto_now_add=True)
    answer_count = models.PositiveIntegerField(default=0)
    helped_count = models.PositiveIntegerField(default=0)
    minutes_saved = models.PositiveIntegerField(default=0)
    # Moderation and deletion keep the row (answers and helped reports hang off it).
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=500, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # A double-click on "post" sends the same key twice; the second finds the first.
    submit_key = models.CharField(max_length=40, blank=True)

    # --- Ideas: the problem, what is needed, the stage (body holds the idea itself).
    problem = models.TextField(_("problem"), blank=True)
    needs = models.TextField(_("what is needed"), blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, blank=True)
    stage_changed_at = models.DateTimeField(null=True, blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    # Kept by the actions: members who said "I'm in".
    joiner_count = models.PositiveIntegerField(default=0)
    # --- Stories: the guided parts of the journey (keys: set_out, tried, went_wrong,
    # learned, next), rendered together into body/body_html; optionally about an idea.
    sections = models.JSONField(default=dict, blank=True)
    idea = models.ForeignKey(
        "self",
        verbose_name=_("idea"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            models.Index(fields=["kind", "created_at", "id"], name="post_kind_created"),
            models.Index(fields=["theme", "status", "created_at"], name="post_theme_status"),
            models.Index(fields=["author", "created_at"], name="post_author_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submit_key"],
                condition=~Q(submit_key=""),
                name="post_unique_submit_key",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # URL names per kind: posts:question, posts:idea, posts:story, posts:blog.
        return reverse(f"posts:{self.kind}", kwargs={"pk": self.pk})

    @property
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ReplyQuerySet(models.QuerySet["Reply"]):
    def visible_to(self, viewer: "Member | AnonymousUser") -> "ReplyQuerySet":
        """Replies follow their post; a hidden reply stays visible to its author and to
        community managers, a deleted one to nobody."""
        if not isinstance(viewer, Member) or not viewer.is_active:
            return self.none()
        # Exists() keeps this a primary-key lookup per reply rather than a scan of all posts.
        replies = self.filter(
            Exists(Post.objects.visible_to(viewer).filter(pk=OuterRef("post_id"))),
            deleted_at__isnull=True,
        )
        if viewer.is_community_manager:
            return replies
        return replies.filter(Q(hidden_at__isnull=True) | Q(author=viewer))


class Reply(models.Model):
    """An answer to a question (parent is None) or a short comment under an answer."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="replies")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="replies"
    )
    # Set when the anonymous asker replies in their own thread: shown as "the asker".
    is_anonymous = models.BooleanField(default=False)
    body = models.TextField(_("text"))
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    comment_count = models.PositiveIntegerField(default=0)
    helped_count = models.PositiveIntegerField(default=0)
    minutes_saved = models.PositiveIntegerField(default=0)
    helped_asker = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    submit_key = models.CharField(max_length=40, blank=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["post", "parent", "created_at"], name="reply_post_parent"),
            models.Index(fields=["author", "created_at"], name="reply_author_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submit_key"],
                condition=~Q(submit_key=""),
                name="reply_unique_submit_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.post.title} #{self.pk}"

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#reply-{self.pk}"

    @property
    def is_answer(self) -> bool:
        return self.parent_id is None


class Helped(models.Model):
    """One "this helped me" report: who, which answer, about how many minutes it saved.
    Kept as rows (not only counters) for the insights and the business case."""

    # Exactly one of these: an answer that helped, or a library resource that was reused.
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="helped_marks"
    )
    resource = models.ForeignKey(
        "library.Resource",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="helped_marks",
    )
    # A story (or another post that is not a question) that helped.
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="helped_marks"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helped_marks"
    )
    by_asker = models.BooleanField(default=False)
    minutes = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("helped report")
        verbose_name_plural = _("helped reports")
        constraints = [
            models.UniqueConstraint(fields=["reply", "member"], name="helped_once_per_member"),
            models.UniqueConstraint(fields=["resource", "member"], name="reused_once_per_member"),
            models.UniqueConstraint(fields=["post", "member"], name="post_helped_once"),
            # Exactly one of: an answer, a resource, a post (a story).
            models.CheckConstraint(
                condition=models.Q(reply__isnull=False, resource__isnull=True, post__isnull=True)
                | models.Q(reply__isnull=True, resource__isnull=False, post__isnull=True)
                | models.Q(reply__isnull=True, resource__isnull=True, post__isnull=False),
                name="helped_answer_resource_or_post",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reply_id or self.resource_id or self.post_id}: {self.minutes or 0} min"


class Revision(models.Model):
    """What a post or reply said before an edit. The editor is always the author, so no
    editor is stored (an anonymous author must not be traceable through history)."""

    post = models.ForeignKey(Post, null=True, on_delete=models.CASCADE, related_name="revisions")
    reply = models.ForeignKey(Reply, null=True, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"revision {self.pk}"


class HelperScore(models.Model):
    """How often a member's named answers (and shared resources) in a theme helped someone:
    a counter kept by the actions, so the people finder ranks helpers without counting
    every helped report. Anonymous answers never count here (they would name the asker)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helper_scores"
    )
    theme = models.ForeignKey("themes.Theme", on_delete=models.CASCADE, related_name="+")
    helped_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("helper score")
        verbose_name_plural = _("helper scores")
        constraints = [
            models.UniqueConstraint(fields=["member", "theme"], name="helper_score_once")
        ]
        indexes = [
            models.Index(fields=["theme", "-helped_count"], name="helper_score_theme"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.theme_id}: {self.helped_count}"


class IdeaParticipant(models.Model):
    """A member who said "I'm in" to an idea, and what they bring."""

    idea = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_participations"
    )
    brings = models.CharField(_("what I bring"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idea participant")
        verbose_name_plural = _("idea participants")
        constraints = [models.UniqueConstraint(fields=["idea", "member"], name="idea_join_once")]

    def __str__(self) -> str:
        return f"{self.member_id} in idea {self.idea_id}"


class IdeaUpdate(models.Model):
    """One entry of an idea's timeline: an update, perhaps moving it to another stage."""

    idea = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="idea_updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=12, choices=Post.Stage.choices)
    previous_stage = models.CharField(max_length=12, choices=Post.Stage.choices, blank=True)
    body = models.TextField(_("update"))
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("idea update")
        verbose_name_plural = _("idea updates")

    def __str__(self) -> str:
        return f"idea {self.idea_id}: {self.stage}"


# Days after a carnival's last day during which entries are still taken.
ENTRY_GRACE_DAYS = 3


class CarnivalQuerySet(models.QuerySet["Carnival"]):
    def visible_to(self, viewer: "Member | AnonymousUser") -> "CarnivalQuerySet":
        """A blog carnival invites blogs from outside Plein, so its page (the question,
        the introduction, the roundup and the verified external entries) is public; only
        a deleted carnival is gone. Which entries a viewer sees is CarnivalEntry's rule."""
        return self.filter(deleted_at__isnull=True)


class Carnival(models.Model):
    """A blog carnival (blogkermis): a community manager asks one question for a period;
    members answer with a blog post on Plein or on their own blog (which joins by sending
    a Webmention, or by a member registering the address); the host closes with a roundup."""

    title = models.CharField(_("question"), max_length=200)
    intro = models.TextField(_("introduction"))
    intro_html = models.TextField(editable=False, blank=True)
    theme = models.ForeignKey(
        "themes.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carnivals",
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        related_name="hosted_carnivals",
    )
    # Entries are taken from starts_on to ends_on, both inclusive, in Europe/Amsterdam.
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    roundup = models.TextField(_("roundup"), blank=True)
    roundup_html = models.TextField(editable=False, blank=True)
    roundup_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Kept by refresh_counts(): published entries (lists), and entries waiting for the
    # host's approval (the host's badge), so no list counts rows.
    entry_count = models.PositiveIntegerField(default=0)
    waiting_count = models.PositiveIntegerField(default=0)

    objects = CarnivalQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("blog carnival")
        verbose_name_plural = _("blog carnivals")
        indexes = [models.Index(fields=["ends_on", "id"], name="carnival_ends")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="carnival_period_forward"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("posts:carnival", kwargs={"pk": self.pk})

    @property
    def is_upcoming(self) -> bool:
        return timezone.localdate() < self.starts_on

    @property
    def has_ended(self) -> bool:
        return timezone.localdate() > self.ends_on

    @property
    def is_running(self) -> bool:
        return not self.is_upcoming and not self.has_ended

    @property
    def accepts_entries(self) -> bool:
        """Entries come in from the first day until ENTRY_GRACE_DAYS after the last (a
        blog post written on the last day may announce itself a day later), and never
        once the roundup is out or the carnival deleted."""
        last = self.ends_on + datetime.timedelta(days=ENTRY_GRACE_DAYS)
        return (
            self.deleted_at is None
            and self.roundup_at is None
            and self.starts_on <= timezone.localdate() <= last
        )

    def refresh_counts(self) -> None:
        """Recount this carnival's published and waiting entries into its counters (one
        query and one UPDATE; a carnival has tens of entries, not millions)."""
        # An entry whose Plein post was deleted is gone for every reader: not counted.
        counts = dict(
            CarnivalEntry.objects.filter(carnival=self)
            .exclude(post__deleted_at__isnull=False)
            .values_list("status")
            .annotate(n=models.Count("pk"))
            .values_list("status", "n")
        )
        Carnival.objects.filter(pk=self.pk).update(
            entry_count=counts.get(CarnivalEntry.Status.PUBLISHED, 0),
            waiting_count=counts.get(CarnivalEntry.Status.MODERATION, 0),
        )
        self.refresh_from_db(fields=["entry_count", "waiting_count"])


class CarnivalEntryQuerySet(models.QuerySet["CarnivalEntry"]):
    def visible_to(self, viewer: "Member | AnonymousUser") -> "CarnivalEntryQuerySet":
        """Published entries only (the host's moderation queue is its own query). An
        external entry is a public blog post and is shown to everyone; an entry that is a
        Plein post follows the post's own rule, so visitors and anyone who may not read
        the post never see it (not even its title)."""
        published = self.filter(
            status=CarnivalEntry.Status.PUBLISHED, carnival__deleted_at__isnull=True
        )
        readable_post = Exists(Post.objects.visible_to(viewer).filter(pk=OuterRef("post_id")))
        return published.filter(Q(post__isnull=True) | readable_post)


class CarnivalEntry(models.Model):
    """One contribution to a carnival: a Plein post, or a post on someone's own blog."""

    class Via(models.TextChoices):
        PLEIN = "plein", _("a post on Plein")
        MEMBER = "member", _("registered by a member")
        WEBMENTION = "webmention", _("a Webmention")

    class Status(models.TextChoices):
        # An external address waits for the background check (fetch, link, title).
        PENDING = "pending", _("being checked")
        # Checked, and waiting for the host's approval (the moderation queue).
        MODERATION = "moderation", _("waiting for approval")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")
        # The check failed; `failure` says why in words for the submitter and the host.
        FAILED = "failed", _("could not be checked")

    carnival = models.ForeignKey(Carnival, on_delete=models.CASCADE, related_name="entries")
    via = models.CharField(max_length=12, choices=Via.choices)
    # Exactly one of: a Plein post, or the address of an external post.
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="carnival_entries"
    )
    source_url = models.URLField(_("address of the blog post"), max_length=500, blank=True)
    # Lower-cased host of source_url: trusted once the host approved an entry from it.
    source_host = models.CharField(max_length=255, blank=True)
    # Who joined with a post or registered the address; empty for a Webmention.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carnival_entries",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    failure = models.CharField(max_length=300, blank=True)
    # Taken from the external page by the check (a Plein post shows its own title).
    title = models.CharField(_("title"), max_length=300, blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True)
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    check_count = models.PositiveSmallIntegerField(default=0)

    objects = CarnivalEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("carnival entry")
        verbose_name_plural = _("carnival entries")
        indexes = [
            models.Index(
                fields=["carnival", "status", "published_at", "id"], name="carnival_entry_list"
            ),
            models.Index(fields=["source_host", "status"], name="carnival_entry_host"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, source_url="")
                | Q(post__isnull=True) & ~Q(source_url=""),
                name="carnival_entry_post_or_url",
            ),
            models.UniqueConstraint(
                fields=["carnival", "post"],
                condition=Q(post__isnull=False),
                name="carnival_entry_post_once",
            ),
            models.UniqueConstraint(
                fields=["carnival", "source_url"],
                condition=~Q(source_url=""),
                name="carnival_entry_url_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.source_url or f"post {self.post_id}"

    @property
    def is_external(self) -> bool:
        return self.post_id is None
