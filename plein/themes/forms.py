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
