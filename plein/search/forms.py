from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.members.models import Organisation
from plein.search.models import SearchDocument
from plein.themes.forms import theme_filter_field

# What someone types in a search box; longer is a pasted document, not a search.
QUERY_MAX = 500
PERIODS = {
    "week": timedelta(days=7),
    "month": timedelta(days=31),
    "year": timedelta(days=365),
}


class CursorField(forms.CharField):
    """A page link's cursor. Whatever it holds, a damaged one is for the view to explain
    (a message and the first page), not a form error that would drop the search."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]


class SearchForm(forms.Form):
    """Checks the search page's GET parameters: an unknown value is a clear message on the
    page (and the text typed stays in the box), never a 500."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=QUERY_MAX,
        error_messages={
            "max_length": _(
                "That is too long to search for: use at most %(limit_value)d characters "
                "(you typed %(show_value)d)."
            )
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Everything")), *SearchDocument.Kind.choices],
    )
    theme = theme_filter_field()
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label=_("Organisation"),
        empty_label=_("All organisations"),
    )
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("All kinds")), *Organisation.Kind.choices],
    )
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("week", _("Past week")),
            ("month", _("Past month")),
            ("year", _("Past year")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("", _("Best match")), ("latest", _("Latest activity"))],
    )
    after = CursorField(required=False, widget=forms.HiddenInput)

    def since(self) -> datetime | None:
        period = self.cleaned_data.get("period")
        return timezone.now() - PERIODS[period] if period else None
