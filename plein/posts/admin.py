from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from plein.core.admin import PleinModelAdmin
from plein.core.authors import author_for
from plein.posts.models import Carnival, CarnivalEntry, Post, Reply


@admin.register(Post)
class PostAdmin(PleinModelAdmin):
    """Moderation view. The author column goes through author_for, so an anonymous asker
    stays anonymous here too; the author field itself is never shown, searched or filtered."""

    list_display = ["title", "theme", "status", "shown_author", "created_at", "hidden_at"]
    list_filter = ["status", "theme", "is_anonymous"]
    list_select_related = ["theme", "author__organisation"]
    search_fields = ["title"]
    fields = ["title", "theme", "status", "shown_author", "body", "hidden_at", "hidden_reason"]
    readonly_fields = ["title", "theme", "shown_author", "body"]
    show_full_result_count = False  # no COUNT(*) over every post on each list page

    @admin.display(description=_("author"))
    def shown_author(self, post: Post) -> str:
        return author_for(post, None).name

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # questions are asked on the site, through the privacy guard

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # hide instead: answers and thanks hang off a question


@admin.register(Reply)
class ReplyAdmin(PleinModelAdmin):
    list_display = ["__str__", "shown_author", "created_at", "helped_count", "hidden_at"]
    list_select_related = ["post", "author__organisation"]
    fields = ["post", "shown_author", "body", "hidden_at"]
    readonly_fields = ["post", "shown_author", "body"]
    show_full_result_count = False

    @admin.display(description=_("author"))
    def shown_author(self, reply: Reply) -> str:
        return author_for(reply, None).name

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Carnival)
class CarnivalAdmin(PleinModelAdmin):
    """Carnivals are opened, changed and deleted on the site (privacy guard, period checks,
    search index); here they are only looked at."""

    list_display = ["title", "host", "starts_on", "ends_on", "entry_count", "waiting_count"]
    list_select_related = ["host"]
    readonly_fields = ["title", "intro", "theme", "host", "starts_on", "ends_on", "roundup"]
    fields = [*readonly_fields, "deleted_at"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # moderation happens on the carnival's queue page (counters, mails)


@admin.register(CarnivalEntry)
class CarnivalEntryAdmin(PleinModelAdmin):
    """Entries, e.g. to find Webmention spam by blog. Who submitted a Plein post is not
    shown: an anonymous story's entry must not name its author here either."""

    list_display = ["__str__", "carnival", "via", "status", "source_host", "created_at"]
    list_filter = ["status", "via"]
    list_select_related = ["carnival"]
    search_fields = ["source_host", "title"]
    fields = ["carnival", "via", "source_url", "status", "failure", "title", "excerpt"]
    readonly_fields = ["carnival", "via", "source_url", "failure", "title", "excerpt"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # moderation happens on the carnival's queue page (counters, mails)
