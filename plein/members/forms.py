from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.members.models import Member, Organisation
from plein.themes.forms import theme_filter_field
from plein.themes.models import Theme

INVALID_EMAIL = _("Enter a valid e-mail address, like name@organisation.nl.")


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={"invalid": INVALID_EMAIL},
        help_text=_("We mail you a link and a code. No password needed."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class CodeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={"invalid": INVALID_EMAIL},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    code = forms.CharField(
        label=_("Code from the mail"),
        max_length=12,
        help_text=_("Six digits."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": r"[0-9 ]*"}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("The code is six digits, like 123456."))
        return code


class PasswordLoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class WelcomeForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["name", "organisation", "job_title"]
        labels = {"name": _("Your name"), "job_title": _("Your role (optional)")}
        help_texts = {"name": _("As colleagues know you, for example Anna de Vries.")}
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True


class ProfileForm(forms.ModelForm):
    expertise = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        label=_("Themes I know about"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Member
        fields = [
            "name",
            "organisation",
            "job_title",
            "bio",
            "expertise",
            "ask_me_about",
            "in_people_finder",
            "preferred_language",
        ]
        help_texts = {
            "ask_me_about": _(
                "What colleagues may ask you, for example: setting up a neighbourhood team."
            ),
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True


class InviteMembersForm(forms.Form):
    addresses = forms.CharField(
        label=_("E-mail addresses"),
        help_text=_("One per line, or separated by commas. You can paste from your mail program."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, label=_("Organisation")
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteLinkForm(forms.Form):
    label = forms.CharField(
        label=_("What is it for? (optional)"),
        required=False,
        max_length=150,
        help_text=_("For example: newsletter of June, or the gathering in Hengelo."),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label=_("Organisation of newcomers (optional)"),
    )
    valid_days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=365, initial=14
    )
    max_uses = forms.IntegerField(
        label=_("Maximum number of people"), min_value=1, max_value=10_000, initial=50
    )


class AccessRequestForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"))
    name = forms.CharField(label=_("Your name"), max_length=150)
    organisation_name = forms.CharField(label=_("Your organisation"), max_length=150)
    motivation = forms.CharField(
        label=_("Why would you like to join? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DirectoryFilterForm(forms.Form):
    """Checks the directory's GET parameters; an unknown value is a clear message, not a 500."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label=_("Organisation"),
        empty_label=_("All organisations"),
    )
    theme = theme_filter_field()
    after = forms.CharField(required=False, widget=forms.HiddenInput)


class NewEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,
        error_messages={"invalid": INVALID_EMAIL},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
