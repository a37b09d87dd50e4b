from django import forms
from django.utils.translation import gettext_lazy as _

from plein.posts.forms import PrivacyConfirmField
from plein.showcase.models import WHY_MAX
from plein.themes.models import Theme


class TargetForm(forms.Form):
    """What the feature form is about, from its query string: one of ?post=, ?reply=,
    ?member= (the view finds it through the visibility rules)."""

    post = forms.IntegerField(required=False, min_value=1)
    reply = forms.IntegerField(required=False, min_value=1)
    member = forms.IntegerField(required=False, min_value=1)

    def clean(self) -> dict:
        data = super().clean() or {}
        if sum(bool(data.get(name)) for name in ("post", "reply", "member")) != 1:
            raise forms.ValidationError(_("Choose one post, answer or member to feature."))
        return data


class WhyForm(forms.Form):
    why = forms.CharField(
        label=_("Why is this a bright spot?"),
        max_length=WHY_MAX,
        help_text=_("One or two sentences; members see it next to it in the shop window."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write in a sentence why this is a bright spot: members see it.")
        },
    )
    confirm_privacy = PrivacyConfirmField()


class FeatureForm(WhyForm):
    field_order = ["why", "theme", "confirm_privacy"]

    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        label=_("Also show it on the page of this theme"),
        to_field_name="slug",
        empty_label=_("Only on the home page"),
    )
