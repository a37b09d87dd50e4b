"""The period and filters every insights page shares (read from GET parameters)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.insights.access import InsightsScope
from plein.members.models import Organisation
from plein.themes.models import Theme

MAX_PERIOD_MONTHS = 5 * 12
DEFAULT_PERIOD_MONTHS = 12


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """Every first-of-month from start to end, both included."""
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    return [add_months(start, n) for n in range(max(count, 0))]


@dataclass(frozen=True)
class Period:
    start: date  # first day of the first month
    end: date  # first day of the last month (included)
    theme: Theme | None = None
    organisation: Organisation | None = None

    @property
    def months(self) -> list[date]:
        return months_between(self.start, self.end)


def default_period() -> Period:
    end = first_of_month(timezone.localdate())
    return Period(start=add_months(end, 1 - DEFAULT_PERIOD_MONTHS), end=end)


class MonthField(forms.DateField):
    """A month as YYYY-MM (`<input type="month">`; a plain text box in older browsers)."""

    input_formats = ["%Y-%m", "%Y-%m-%d", "%m-%Y"]
    widget = forms.DateInput(attrs={"type": "month", "placeholder": "2026-01"}, format="%Y-%m")
    default_error_messages = {"invalid": _("Enter a month as year and month, like 2026-03.")}

    def to_python(self, value: str | date | None) -> date | None:
        day = super().to_python(value)
        return first_of_month(day) if day else None


class PeriodForm(forms.Form):
    start = MonthField(label=_("From"), required=False)
    end = MonthField(label=_("To (included)"), required=False)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        empty_label=_("All themes"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The whole community"),
    )

    def __init__(self, *args: Any, scope: InsightsScope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.order_by("name")
        if not scope.everything:
            organisations = organisations.filter(pk__in=scope.organisation_ids)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        default = default_period()
        start = data.get("start") or (
            add_months(data["end"], 1 - DEFAULT_PERIOD_MONTHS) if data.get("end") else default.start
        )
        end = data.get("end") or (
            add_months(start, DEFAULT_PERIOD_MONTHS - 1) if data.get("start") else default.end
        )
        if end < start:
            raise forms.ValidationError(_("The period ends before it starts. Swap the months."))
        if len(months_between(start, end)) > MAX_PERIOD_MONTHS:
            raise forms.ValidationError(
                _("Choose a period of at most %(years)d years.")
                % {"years": MAX_PERIOD_MONTHS // 12}
            )
        data["start"], data["end"] = start, end
        return data

    def period(self) -> Period:
        """The chosen period, or the last twelve months when the input is not valid (the
        form then shows what was wrong, with what was typed)."""
        if not self.is_valid():
            return default_period()
        data = self.cleaned_data
        return Period(
            start=data["start"],
            end=data["end"],
            theme=data.get("theme"),
            organisation=data.get("organisation"),
        )
