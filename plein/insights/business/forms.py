"""The hourly-rate form of the business case. It only reads the amount; whether the rate
is allowed is the action's to say (plein.insights.business.actions.set_hourly_rate)."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

# Whole euros, or euros and cents after one comma or point: 60, 62,50, 62.5, € 60.
# Thousands separators are refused rather than guessed: "1.000" is 1 euro in English
# and 1000 in Dutch.
AMOUNT = re.compile(r"^(\d{1,7})(?:[.,](\d{1,2}))?$")


class HourlyRateForm(forms.Form):
    hourly_rate = forms.CharField(
        label=_("Hourly rate in euros"),
        help_text=_("What an hour of a professional's time is worth, for example 60 or 62,50."),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": _("Enter the hourly rate in euros.")},
    )

    def clean_hourly_rate(self) -> Decimal:
        text = self.cleaned_data["hourly_rate"].replace("€", "").replace(" ", "").strip()
        match = AMOUNT.match(text)
        if match is None:
            raise forms.ValidationError(
                _("Enter an amount in euros, like 60 or 62,50 (no thousands separator).")
            )
        euros, cents = match.groups()
        return Decimal(f"{euros}.{cents or '0'}")
