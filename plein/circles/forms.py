from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plein.circles.actions import DESCRIPTION_MAX, GOAL_MAX, MESSAGE_MAX, NAME_MAX, NOTE_MAX
from plein.circles.models import Circle, Membership, member_circle_ids
from plein.gatherings.models import Gathering
from plein.members.models import Member
from plein.posts.forms import PrivacyConfirmField
from plein.themes.models import Theme

# --- "Post in this circle": the fields the ask and share forms add ------------------------


def _wanted_pk(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def add_place_fields(form: forms.Form, member: Member) -> None:
    """Give an ask or share form a "circle" choice among the member's circles (plus an
    open circle a link asked for) and a hidden "gathering" the question or resource came
    up at. Both are optional; the action checks them again."""
    prefix_circle = form.add_prefix("circle")
    wanted = _wanted_pk(form.data.get(prefix_circle) if form.is_bound else None)
    if wanted is None:
        wanted = _wanted_pk(form.initial.get("circle"))
    circles = Circle.objects.filter(
        Q(pk__in=member_circle_ids(member)) | Q(pk=wanted or 0, access=Circle.Access.OPEN)
    ).order_by("name", "id")
    form.fields["circle"] = forms.ModelChoiceField(
        queryset=circles,
        required=False,
        label=_("Post in a circle (optional)"),
        empty_label=_("No circle: for all members"),
        help_text=_(
            "In a closed or secret circle only its members (and the community managers who "
            "moderate) can read it."
        ),
    )
    form.fields["gathering"] = forms.ModelChoiceField(
        queryset=Gathering.objects.visible_to(member),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("This gathering is not (or no longer) open to you."),
        },
    )


# --- Circle forms -----------------------------------------------------------------------


class CircleForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        help_text=_("For example: Preventie op school"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    learning_goal = forms.CharField(
        label=_("What do you want to learn together?"),
        max_length=GOAL_MAX,
        help_text=_(
            "Specific, so you know when you got there. For example: a shared approach for "
            "early signals in primary schools."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    goal_due = forms.DateField(
        label=_("By when?"),
        required=False,
        help_text=_("A date gives the circle a rhythm. For example: 2027-06-30."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date like 2027-06-30.")},
    )
    description = forms.CharField(
        label=_("More about the circle (optional)"),
        required=False,
        max_length=DESCRIPTION_MAX,
        help_text=_("Who is it for, how do you work together? Never include client data."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    access = forms.ChoiceField(
        label=_("Who can join?"),
        choices=Circle.Access.choices,
        initial=Circle.Access.CLOSED,
        widget=forms.RadioSelect,
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        label=_("Theme (optional)"),
        to_field_name="slug",
        empty_label=_("No theme"),
    )
    confirm_privacy = PrivacyConfirmField()


class StartCircleForm(CircleForm):
    invite_emails = forms.CharField(
        label=_("Invite colleagues by e-mail (optional)"),
        required=False,
        max_length=5000,
        help_text=_(
            "One address per line, or separated by commas. They get a mail with a link; "
            "colleagues who are not on the platform yet join with it, no password needed."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
    )
    message = forms.CharField(
        label=_("A personal word in the invite (optional)"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        max_length=5000,
        help_text=_("One address per line, or separated by commas."),
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
    )
    message = StartCircleForm.base_fields["message"]


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("A word to the hosts (optional)"),
        required=False,
        max_length=MESSAGE_MAX,
        help_text=_("Why would you like to join? Never include client data."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProgressNoteForm(forms.Form):
    body = forms.CharField(
        label=_("Where does the circle stand?"),
        max_length=NOTE_MAX,
        help_text=_("What did you learn or do, what is next? Markdown works."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm_privacy = PrivacyConfirmField()


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Let in")), ("decline", _("Decline"))])


class LeaveForm(forms.Form):
    new_host = forms.ModelChoiceField(
        queryset=Member.objects.none(),
        required=False,
        label=_("Who hosts the circle after you?"),
        empty_label=_("Choose a member"),
    )

    def __init__(self, *args: object, circle: Circle, member: Member, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        others = Membership.objects.filter(circle=circle).exclude(member=member)
        field = self.fields["new_host"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Member.objects.filter(
            pk__in=others.values("member_id"), is_active=True
        ).order_by("name", "id")
