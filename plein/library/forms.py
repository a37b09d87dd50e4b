from django import forms
from django.utils.translation import gettext_lazy as _

from plein.circles.forms import add_place_fields
from plein.library.actions import DESCRIPTION_MAX, TITLE_MAX, URL_MAX
from plein.library.files import allowed_extensions, max_upload_bytes
from plein.library.models import Resource
from plein.members.models import Member
from plein.posts.forms import PrivacyConfirmField, SubmitKeyField
from plein.themes.forms import theme_choice_field, theme_filter_field

# Wide enough for ten tags; the action says what is wrong with a tag.
TAGS_FIELD_MAX = 600


class ShareForm(forms.Form):
    """One form for a file or a link: the member fills in one of the two. Only the form's
    shape is checked here; the actions check the content (and say what is wrong)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("For example: Model contract youth care purchasing 2025"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    file = forms.FileField(
        label=_("A file"),
        required=False,
        # The actions check emptiness and the name (a browser may send a path), with
        # clearer messages than the field's own.
        allow_empty_file=True,
        widget=forms.FileInput,
    )
    url = forms.CharField(
        label=_("Or a link"),
        required=False,
        max_length=URL_MAX,
        help_text=_("The address of a web page or document elsewhere, starting with https://."),
        widget=forms.URLInput(attrs={"autocomplete": "off", "inputmode": "url"}),
    )
    description = forms.CharField(
        label=_("What is it and how did it help you? (optional)"),
        required=False,
        max_length=DESCRIPTION_MAX,
        help_text=_("Markdown works: **bold**, lists, links. Never include client data."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    theme = theme_choice_field()
    tags = forms.CharField(
        label=_("Tags (optional)"),
        required=False,
        max_length=TAGS_FIELD_MAX,
        help_text=_("A few words others would search for, separated by commas."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    confirm_privacy = PrivacyConfirmField()
    submit_key = SubmitKeyField()

    def __init__(self, *args: object, member: Member | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _describe_file_field(self.fields["file"])
        if member is not None:
            add_place_fields(self, member)
            # The circle choice right after the theme; the gathering is hidden.
            order = ["title", "file", "url", "description", "theme", "circle", "tags"]
            self.order_fields(order)

    def clean(self) -> dict:
        data = super().clean() or {}
        has_file = bool(data.get("file"))
        has_url = bool((data.get("url") or "").strip())
        if has_file and has_url:
            raise forms.ValidationError(
                _("Share a file or a link, not both. Empty the link, or leave out the file.")
            )
        if not has_file and not has_url and "file" not in self.errors:
            self.add_error("file", _("Choose a file to share, or give a link below."))
        return data


class EditForm(forms.Form):
    title = ShareForm.base_fields["title"]
    description = ShareForm.base_fields["description"]
    theme = ShareForm.base_fields["theme"]
    tags = ShareForm.base_fields["tags"]
    confirm_privacy = PrivacyConfirmField()

    def __init__(self, *args: object, resource: Resource, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.resource = resource
        if resource.is_file:
            self.fields["file"] = forms.FileField(
                label=_("Replace the file (optional)"),
                required=False,
                allow_empty_file=True,
                widget=forms.FileInput,
            )
            _describe_file_field(
                self.fields["file"],
                _("Leave empty to keep “%(name)s”.") % {"name": resource.file_name},
            )
        else:
            self.fields["url"] = forms.CharField(
                label=_("Link"),
                max_length=URL_MAX,
                widget=forms.URLInput(attrs={"autocomplete": "off", "inputmode": "url"}),
            )
        # Fields in the order of the share form.
        order = ["title", "file", "url", "description", "theme", "tags", "confirm_privacy"]
        self.order_fields([name for name in order if name in self.fields])


def _describe_file_field(field: forms.Field, first: str = "") -> None:
    """Which types and how large, from the settings as they are now."""
    extensions = allowed_extensions()
    field.widget.attrs["accept"] = ",".join(f".{ext}" for ext in extensions)
    rule = _("Up to %(max)d MB: %(types)s.") % {
        "max": max_upload_bytes() // (1024 * 1024),
        "types": ", ".join(ext.upper() for ext in extensions),
    }
    field.help_text = f"{first} {rule}".strip()


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this hidden?"),
        max_length=500,
        help_text=_("The member who shared it sees this reason."),
    )


class ResourceFilterForm(forms.Form):
    theme = theme_filter_field()
    kind = forms.ChoiceField(
        choices=[("", _("Files and links")), ("file", _("Files")), ("link", _("Links"))],
        required=False,
        label=_("Kind"),
    )
    # A tag is chosen by following its link; it travels as its slug.
    tag = forms.SlugField(required=False, max_length=60, widget=forms.HiddenInput)
    after = forms.CharField(required=False, widget=forms.HiddenInput)
