from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from plein.core.authors import author_for
from plein.posts.models import Post, Reply


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
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
class ReplyAdmin(admin.ModelAdmin):
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
