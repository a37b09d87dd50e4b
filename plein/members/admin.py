from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from plein.core.admin import PleinModelAdmin
from plein.members import actions
from plein.members.models import Invitation, InviteLink, Member, Organisation

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldsetSpec, _ListDisplayT


@admin.register(Organisation)
class OrganisationAdmin(PleinModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["managers"]


@admin.register(Member)
class MemberAdmin(PleinModelAdmin):
    """Who is a member, for support. Nobody changes a member's address here (only the
    member, through a link mailed to the new address), and a community manager changes
    only what their work needs: suspending, and the organisation, each through an action
    that records it in the member's history. Only a superuser hands out powers."""

    ordering = ["name", "id"]
    list_display = ["name", "email", "organisation", "is_active"]
    list_filter = ["is_active", "is_staff", "groups", "organisation__kind", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["expertise", "groups", "user_permissions"]
    fieldsets = (
        (None, {"fields": ["email", "name", "organisation", "job_title", "preferred_language"]}),
        (_("Profile"), {"fields": ["bio", "expertise", "ask_me_about"]}),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
    )
    # What a community manager may change; each goes through its action in save_model.
    managed = ["organisation", "is_active"]
    # Seen only by superusers, to the day: to the minute it would tell who is online now.
    dates = ["date_joined", "last_seen_day", "last_login_day"]

    def get_list_display(self, request: HttpRequest) -> "_ListDisplayT[Member]":
        shown = list(super().get_list_display(request))
        return [*shown, "last_seen_day"] if request.user.is_superuser else shown

    def get_fieldsets(self, request: HttpRequest, obj: Member | None = None) -> "_FieldsetSpec":
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return (*fieldsets, (_("Dates"), {"fields": self.dates}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Member | None = None) -> list[str]:
        fields = [str(field) for _name, options in self.fieldsets for field in options["fields"]]
        if request.user.is_superuser:
            return ["email", *self.dates]
        assert isinstance(request.user, Member)
        if obj is not None and not actions.may_manage_member(request.user, obj):
            return fields
        return [field for field in fields if field not in self.managed]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # members arrive through the door or an invitation

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # The confirmation page would list everything a member wrote, anonymous questions
        # included. Suspend instead.
        return False

    def save_model(
        self, request: HttpRequest, obj: Member, form: forms.ModelForm[Member], change: bool
    ) -> None:
        manager = request.user
        assert isinstance(manager, Member)
        by_action = [name for name in self.managed if name in form.changed_data]
        direct = [
            name
            for name in form.changed_data
            if name not in by_action and not obj._meta.get_field(name).many_to_many
        ]
        for name in by_action:  # the actions compare with what is stored
            setattr(obj, Member._meta.get_field(name).attname, form.initial[name])  # type: ignore[union-attr]
        if direct:  # only a superuser's form has such fields
            obj.save(update_fields=direct)
        if "organisation" in by_action:
            actions.move_member(manager, obj, form.cleaned_data["organisation"])
        if "is_active" in by_action:
            actions.set_member_active(manager, obj, active=form.cleaned_data["is_active"])

    def construct_change_message(
        self,
        request: HttpRequest,
        form: forms.Form,
        formsets: Iterable[BaseFormSet[Any]],
        add: bool = False,
    ) -> list[dict[str, dict[str, list[str]]]]:
        # The actions record a move or a suspension themselves; not twice.
        message = super().construct_change_message(request, form, formsets, add)
        with override(None):
            by_action = {
                str(form.fields[name].label) for name in self.managed if name in form.fields
            }
        for entry in message:
            if "changed" in entry:
                entry["changed"]["fields"] = [
                    label for label in entry["changed"]["fields"] if label not in by_action
                ]
        return [entry for entry in message if entry.get("changed", {}).get("fields", True)]

    def log_change(  # type: ignore[override]  # None: the actions recorded all of it
        self, request: HttpRequest, obj: Member, message: Any
    ) -> LogEntry | None:
        return super().log_change(request, obj, message) if message else None

    @admin.display(description=_("last seen"))
    def last_seen_day(self, member: Member) -> date | None:
        return timezone.localdate(member.last_seen) if member.last_seen else None

    @admin.display(description=_("last login"))
    def last_login_day(self, member: Member) -> date | None:
        return timezone.localdate(member.last_login) if member.last_login else None


@admin.register(Invitation)
class InvitationAdmin(PleinModelAdmin):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # invites are sent from the community page, which mails them


@admin.register(InviteLink)
class InviteLinkAdmin(PleinModelAdmin):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
