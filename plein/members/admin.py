from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from plein.members.models import Invitation, InviteLink, Member, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["managers"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    ordering = ["name", "id"]
    list_display = ["name", "email", "organisation", "last_seen", "is_active"]
    list_filter = ["is_active", "is_staff", "groups", "organisation__kind", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["expertise", "groups", "user_permissions"]
    readonly_fields = ["date_joined", "last_seen", "last_login"]
    powers = ["is_staff", "is_superuser", "groups", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Community managers run the membership, but only a superuser hands out powers;
        # otherwise a manager could make anyone (themselves included) a superuser.
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else fields + self.powers

    fieldsets = (
        (None, {"fields": ["email", "name", "organisation", "job_title", "preferred_language"]}),
        (_("Profile"), {"fields": ["bio", "expertise", "ask_me_about"]}),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["date_joined", "last_seen", "last_login"]}),
    )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "organisation",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_select_related = ["organisation", "invited_by"]
    search_fields = ["email"]
    readonly_fields = [
        "email",
        "organisation",
        "invited_by",
        "created_at",
        "accepted_at",
        "accepted_by",
    ]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False  # invites are sent from the community page, which mails them


@admin.register(InviteLink)
class InviteLinkAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "organisation",
        "created_at",
        "expires_at",
        "uses",
        "max_uses",
        "revoked_at",
    ]
    list_select_related = ["organisation"]
    readonly_fields = ["uses", "created_by", "created_at"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False
