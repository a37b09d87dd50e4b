from django import forms
from django.utils.translation import gettext_lazy as _

from plein.circles.models import Circle, member_circle_ids
from plein.goals.actions import LINE_MAX, TEXT_MAX
from plein.members.models import Member
from plein.posts.forms import PrivacyConfirmField


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("What do you want to learn?"),
        max_length=TEXT_MAX,
        help_text=_(
            "Specific, so you know when you got there. For example: learn how other "
            "municipalities organise early signals."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    due = forms.DateField(
        label=_("By when?"),
        help_text=_("For example: 2027-03-01."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Enter a date like 2027-03-01."),
            "required": _("Choose a date by which you want to have learned this."),
        },
    )
    confirm_privacy = PrivacyConfirmField()

    def __init__(self, *args: object, member: Member, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["circle"] = forms.ModelChoiceField(
            queryset=Circle.objects.filter(pk__in=member_circle_ids(member)).order_by("name", "id"),
            required=False,
            label=_("Share with a circle (optional)"),
            empty_label=_("Nobody: keep it private"),
            help_text=_(
                "A private goal is for you alone. Shared with a circle, whoever reads that "
                "circle's questions can read the goal and your learning log: in an open "
                "circle every member, in a closed one its members and the community managers."
            ),
            error_messages={
                "invalid_choice": _("You can only share a goal with a circle you are a member of.")
            },
        )
        # The privacy confirmation comes last, under what it is about.
        self.order_fields(["text", "due", "circle", "confirm_privacy"])


class CheckInForm(forms.Form):
    learned = forms.CharField(
        label=_("What did you learn?"),
        max_length=LINE_MAX,
        error_messages={"required": _("Write one line about what you learned.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    next = forms.CharField(
        label=_("What is next? (optional)"),
        max_length=LINE_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    confirm_privacy = PrivacyConfirmField()
