from django import forms
from django.utils.translation import gettext_lazy as _

from plein.members.models import Member
from plein.posts.actions import BODY_MAX, TITLE_MAX
from plein.posts.forms import PrivacyConfirmField, SubmitKeyField
from plein.posts.ideas import BRINGS_MAX, NEEDS_MAX
from plein.posts.models import Post
from plein.themes.forms import theme_choice_field, theme_filter_field


class IdeaForm(forms.Form):
    title = forms.CharField(
        label=_("Your idea in one sentence"),
        max_length=TITLE_MAX,
        help_text=_("For example: One contact person per family across all care providers."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    problem = forms.CharField(
        label=_("The problem"),
        max_length=BODY_MAX,
        help_text=_("What goes wrong now, and for whom? Never include client data."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    body = forms.CharField(
        label=_("The idea"),
        max_length=BODY_MAX,
        help_text=_("How would it work? Markdown works: **bold**, lists, links."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    needs = forms.CharField(
        label=_("What is needed (optional)"),
        required=False,
        max_length=NEEDS_MAX,
        help_text=_("Who or what would help: a municipality to try it with, a data expert, time."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    theme = theme_choice_field()
    confirm_privacy = PrivacyConfirmField()
    submit_key = SubmitKeyField()

    def __init__(self, *args: object, member: Member | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if member is not None:
            from plein.circles.forms import add_place_fields

            add_place_fields(self, member)
            # Ideas do not come from gatherings (yet): only the circle choice stays.
            del self.fields["gathering"]


class EditIdeaForm(forms.Form):
    title = IdeaForm.base_fields["title"]
    problem = IdeaForm.base_fields["problem"]
    body = IdeaForm.base_fields["body"]
    needs = IdeaForm.base_fields["needs"]
    theme = IdeaForm.base_fields["theme"]
    confirm_privacy = PrivacyConfirmField()


class JoinIdeaForm(forms.Form):
    brings = forms.CharField(
        label=_("What do you bring? (optional)"),
        required=False,
        max_length=BRINGS_MAX,
        help_text=_("For example: experience with a pilot in Almelo, or a day a month."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm_privacy = PrivacyConfirmField()


class IdeaUpdateForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Post.Stage.choices)
    body = forms.CharField(
        label=_("What happened?"),
        max_length=BODY_MAX,
        help_text=_("What you did, what you found, what is next."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lessons = forms.CharField(
        label=_("Lessons learned (needed when you stop)"),
        required=False,
        max_length=BODY_MAX,
        help_text=_(
            "Stopping with lessons is a result, not a failure: what would you tell someone "
            "who starts something like this?"
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm_privacy = PrivacyConfirmField()

    def __init__(self, *args: object, stages: list[str] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if stages is not None:
            self.limit_stages(stages)

    def limit_stages(self, stages: list[str]) -> None:
        """Offer only the stages the idea may move to. A posted form is validated against
        all stages, so the action can say why a move is not allowed."""
        field = self.fields["stage"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s, Post.Stage(s).label) for s in stages]


class IdeaBoardFilterForm(forms.Form):
    theme = theme_filter_field()
    stage = forms.ChoiceField(
        choices=[("", _("All stages")), *Post.Stage.choices], required=False, label=_("Stage")
    )
    after = forms.CharField(required=False, widget=forms.HiddenInput)
