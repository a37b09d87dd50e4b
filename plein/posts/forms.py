import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.members.models import Member
from plein.posts.actions import BODY_MAX, MINUTES_MAX, TITLE_MAX
from plein.posts.models import Post
from plein.themes.forms import theme_choice_field, theme_filter_field


class SubmitKeyField(forms.CharField):
    """A hidden key that makes a double-click on submit create one post, not two."""

    def __init__(self) -> None:
        super().__init__(required=False, max_length=40, widget=forms.HiddenInput)


def new_submit_key() -> str:
    return uuid.uuid4().hex


class PrivacyConfirmField(forms.BooleanField):
    def __init__(self) -> None:
        super().__init__(
            required=False,
            label=_("This is not client data: post it anyway"),
        )


class QuestionForm(forms.Form):
    title = forms.CharField(
        label=_("Your question in one sentence"),
        max_length=TITLE_MAX,
        help_text=_(
            "For example: How do other municipalities shorten waiting lists in youth care?"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=_("More about your situation (optional)"),
        required=False,
        max_length=BODY_MAX,
        help_text=_("What have you tried, what do you need? Never include client data."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    theme = theme_choice_field()
    anonymous = forms.BooleanField(
        label=_("Ask anonymously"),
        required=False,
        help_text=_(
            "Others see your question, but not your name, organisation or profile. Not even "
            "community managers can see who asked. You still get notified of answers, can "
            "reply as “the asker” and mark answers as helpful."
        ),
    )
    confirm_privacy = PrivacyConfirmField()
    submit_key = SubmitKeyField()

    def __init__(self, *args: object, member: Member | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if member is not None:
            # Imported here: the circle forms use this module's fields.
            from plein.circles.forms import add_place_fields

            add_place_fields(self, member)


class EditQuestionForm(forms.Form):
    title = QuestionForm.base_fields["title"]
    body = QuestionForm.base_fields["body"]
    theme = QuestionForm.base_fields["theme"]
    confirm_privacy = PrivacyConfirmField()


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Share what worked for you. Markdown works: **bold**, lists, links."),
    )
    confirm_privacy = PrivacyConfirmField()
    submit_key = SubmitKeyField()


class CommentForm(ReplyForm):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HelpedForm(forms.Form):
    amount = forms.IntegerField(
        label=_("It saved me about"),
        required=False,
        min_value=1,
        max_value=MINUTES_MAX,
        error_messages={"invalid": _("Enter a whole number, like 30.")},
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=[("minutes", _("minutes")), ("hours", _("hours"))],
        initial="minutes",
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        amount = data.get("amount")
        if amount is not None:
            minutes = amount * 60 if data.get("unit") == "hours" else amount
            if minutes > MINUTES_MAX:
                raise forms.ValidationError(
                    _(
                        "That is more than a working week. Make an estimate of at most %(max)d hours."
                    )
                    % {"max": MINUTES_MAX // 60}
                )
            data["minutes"] = minutes
        else:
            data["minutes"] = None
        return data


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Why is this hidden?"), max_length=500)
    message = forms.CharField(
        label=_("Message to the author (optional)"),
        help_text=_("Delivered through the platform. You do not learn who the author is."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionFilterForm(forms.Form):
    theme = theme_filter_field()
    status = forms.ChoiceField(
        choices=[("", _("All")), *Post.Status.choices], required=False, label=_("Status")
    )
    after = forms.CharField(required=False, widget=forms.HiddenInput)
