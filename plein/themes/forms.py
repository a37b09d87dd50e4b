from django import forms
from django.utils.translation import gettext_lazy as _

from plein.themes.models import Theme


def theme_filter_field() -> forms.ModelChoiceField:
    """The optional "theme" filter of list pages, addressed by slug in the URL."""
    return forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("Theme"),
        empty_label=_("All themes"),
    )


def theme_choice_field() -> forms.ModelChoiceField:
    """The required "theme" of something members write or share, chosen by slug (so a
    `?theme=` link can preselect it)."""
    return forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        label=_("Theme"),
        to_field_name="slug",
        empty_label=_("Choose a theme"),
    )
