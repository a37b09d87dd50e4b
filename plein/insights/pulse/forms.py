"""Forms for pulse surveys: creating one, writing its questions, and answering it.

The forms check the shape of the input (so errors sit next to the field and the input is
kept); the actions in plein.insights.pulse check the rules."""

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.insights.forms import add_months
from plein.insights.models import Survey, SurveyQuestion
from plein.insights.pulse.actions import MAX_MONTHS_OPEN, MAX_TEXT, QuestionAnswer
from plein.insights.pulse.templates import template_choices
from plein.members.models import Organisation
from plein.themes.models import Theme

SCALE_LABELS = {
    1: _("1 (not at all)"),
    2: "2",
    3: "3",
    4: "4",
    5: _("5 (very much)"),
}


def _default_closing() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=14)


class SurveyForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Start from"),
        choices=template_choices,
        required=False,
        widget=forms.RadioSelect,
        initial="barriers",
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to use the template's title."),
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leave empty to use the template's introduction."),
    )
    audience = forms.ChoiceField(
        label=_("Ask"),
        choices=Survey.Audience.choices,
        widget=forms.RadioSelect,
        initial=Survey.Audience.EVERYONE,
    )
    audience_theme = forms.ModelChoiceField(
        label=_("Theme (if you ask the members of a theme)"),
        queryset=Theme.objects.all(),
        required=False,
    )
    audience_organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations (if you ask some organisations)"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_segment = forms.ChoiceField(
        label=_("Step of the funnel (if you ask a step of the funnel)"),
        choices=Survey.Segment.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    closes_on = forms.DateField(
        label=_("Open until (the last day)"),
        initial=_default_closing,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("At most 3 months from today."),
    )

    def clean_closes_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["closes_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("Choose a day from today on."))
        if day > add_months(today, MAX_MONTHS_OPEN):
            raise forms.ValidationError(_("A pulse can be open for at most 3 months."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        audience = data.get("audience")
        if audience == Survey.Audience.THEME and not data.get("audience_theme"):
            self.add_error("audience_theme", _("Choose the theme whose members are asked."))
        if audience == Survey.Audience.ORGANISATIONS and not data.get("audience_organisations"):
            self.add_error(
                "audience_organisations",
                _("Choose at least one organisation whose members are asked."),
            )
        if audience == Survey.Audience.SEGMENT and not data.get("audience_segment"):
            self.add_error("audience_segment", _("Choose the step of the funnel."))
        if (
            "template" in self.fields
            and not data.get("template")
            and not (data.get("title") or "").strip()
        ):
            self.add_error("title", _("Give the pulse a title, or start from a template."))
        return data


class SurveySettingsForm(SurveyForm):
    """A draft's title, introduction, audience and date (its questions stay as they are)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["template"]
        self.fields["title"].required = True
        self.fields["title"].help_text = ""
        self.fields["introduction"].help_text = ""

    @classmethod
    def initial_for(cls, survey: Survey) -> dict[str, Any]:
        return {
            "title": survey.title,
            "introduction": survey.introduction,
            "audience": survey.audience,
            "audience_theme": survey.audience_theme_id,
            "audience_organisations": list(survey.audience_organisations.all()),
            "audience_segment": survey.audience_segment,
            "closes_on": survey.last_day,
        }


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of question"),
        choices=SurveyQuestion.Kind.choices,
        widget=forms.RadioSelect,
        initial=SurveyQuestion.Kind.SINGLE,
    )
    text = forms.CharField(label=_("Question"), max_length=300)
    options = forms.CharField(
        label=_("Options, one per line (for a choice question)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("2 to 20 options."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def option_lines(self) -> list[str]:
        return [line for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]


class EditQuestionForm(QuestionForm):
    """The kind stays: its answers' shape depends on it (remove and add to change it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


def _other_field(name: str) -> str:
    return f"{name}_other"


class AnswerForm(forms.Form):
    """One field per question; a choice question with an "other" option also gets a short
    text field for it."""

    def __init__(self, *args: Any, questions: Sequence[SurveyQuestion], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "pulse_%s")
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = f"q{question.pk}"
            options = list(question.options.all())
            choices = [(str(o.pk), o.label) for o in options]
            field: forms.Field
            if question.kind == SurveyQuestion.Kind.SINGLE:
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
            elif question.kind == SurveyQuestion.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple
                )
            elif question.kind == SurveyQuestion.Kind.SCALE:
                field = forms.TypedChoiceField(
                    choices=[(str(n), label) for n, label in SCALE_LABELS.items()],
                    coerce=int,
                    empty_value=None,
                    widget=forms.RadioSelect,
                )
            else:
                field = forms.CharField(
                    max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
                )
            field.label = question.text
            field.required = question.required
            self.fields[name] = field
            other = next((o for o in options if o.takes_text), None)
            if other is not None:
                self.fields[_other_field(name)] = forms.CharField(
                    label=_("%(option)s: in your own words (optional)") % {"option": other.label},
                    max_length=MAX_TEXT,
                    required=False,
                )

    def answers(self) -> dict[int, QuestionAnswer]:
        result = {}
        for question in self.questions:
            name = f"q{question.pk}"
            value = self.cleaned_data.get(name)
            other = self.cleaned_data.get(_other_field(name), "") or ""
            if question.kind == SurveyQuestion.Kind.SINGLE:
                result[question.pk] = QuestionAnswer(
                    options=[int(value)] if value else [], text=other
                )
            elif question.kind == SurveyQuestion.Kind.MULTIPLE:
                result[question.pk] = QuestionAnswer(
                    options=[int(v) for v in value or []], text=other
                )
            elif question.kind == SurveyQuestion.Kind.SCALE:
                result[question.pk] = QuestionAnswer(scale=value)
            else:
                result[question.pk] = QuestionAnswer(text=value or "")
        return result
