import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.circles.models import Circle, Membership
from plein.gatherings.actions import DESCRIPTION_MAX, LOCATION_MAX, NOTE_MAX, TITLE_MAX, URL_MAX
from plein.gatherings.models import Gathering, Rsvp
from plein.members.models import Member
from plein.posts.forms import PrivacyConfirmField, SubmitKeyField
from plein.themes.forms import theme_choice_field, theme_filter_field


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def plannable_circles(member: Member) -> QuerySet[Circle]:
    """Circles a member may plan gatherings in: all for community managers, else those
    they host."""
    if member.is_community_manager:
        return Circle.objects.all()
    return Circle.objects.filter(
        memberships__member=member, memberships__role=Membership.Role.HOST
    ).distinct()


class GatheringForm(forms.Form):
    """Plan or change a gathering. Times are entered in Europe/Amsterdam (the community's
    time zone, whatever the browser's); a gathering takes place on one day. Only the shape
    is checked here; the actions check the content and say what is wrong."""

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("For example: Early signals in primary schools: an afternoon in Hengelo"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("What will happen? (optional)"),
        required=False,
        max_length=DESCRIPTION_MAX,
        help_text=_("Programme, who it is for, what to bring. Markdown works: **bold**, lists."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    theme = theme_choice_field()
    circle = forms.ModelChoiceField(
        queryset=Circle.objects.none(),
        required=False,
        label=_("Circle (optional)"),
        empty_label=_("Open to all members"),
        help_text=_("A gathering in a closed circle is seen by its members only."),
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_time = forms.TimeField(
        label=_("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Dutch time."),
    )
    end_time = forms.TimeField(
        label=_("Ends at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    location = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=LOCATION_MAX,
        help_text=_("Address or building and room. Leave empty for an online gathering."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    online_url = forms.CharField(
        label=_("Online link (optional)"),
        required=False,
        max_length=URL_MAX,
        help_text=_("A video call link, starting with https://."),
        widget=forms.URLInput(attrs={"autocomplete": "off", "inputmode": "url"}),
    )
    # No minimum here: the action explains what a number of seats must be.
    capacity = forms.IntegerField(
        label=_("Number of seats (optional)"),
        required=False,
        help_text=_("Leave empty for no limit. When it is full, members join a waiting list."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    confirm_privacy = PrivacyConfirmField()
    submit_key = SubmitKeyField()

    def __init__(self, *args: object, member: Member, editing: bool = False, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if editing:
            # A gathering stays in its circle: moving it would change who may see it.
            del self.fields["circle"]
            del self.fields["submit_key"]
        else:
            self.fields["circle"].queryset = plannable_circles(member)  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            zone = _zone()
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, start), zone)
            data["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, end), zone)
        return data

    @staticmethod
    def initial_for(gathering: Gathering) -> dict:
        starts = gathering.starts_at.astimezone(_zone())
        ends = gathering.ends_at.astimezone(_zone())
        return {
            "title": gathering.title,
            "description": gathering.description,
            "theme": gathering.theme.slug,
            "date": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": ends.time().replace(second=0, microsecond=0),
            "location": gathering.location,
            "online_url": gathering.online_url,
            "capacity": gathering.capacity,
        }


# Which field an action's message belongs to, for the one-day form.
ACTION_FIELDS = {"starts_at": "start_time", "ends_at": "end_time"}


class RsvpForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (Rsvp.Status.GOING, _("I'm going")),
            (Rsvp.Status.MAYBE, _("Maybe")),
            (Rsvp.Status.NOT_GOING, _("I'm not going")),
        ]
    )
    listed = forms.BooleanField(
        required=False,
        label=_("Show my name on the attendee list"),
        help_text=_("If not, you are counted but not named."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled? (optional)"),
        required=False,
        max_length=500,
        help_text=_("Everyone who signed up gets this message."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FollowUpForm(forms.Form):
    body = forms.CharField(
        label=_("Your note"),
        max_length=NOTE_MAX,
        help_text=_(
            "What was said or agreed, what to read on. Markdown works. Never include client data."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    confirm_privacy = PrivacyConfirmField()
    submit_key = SubmitKeyField()


class GatheringFilterForm(forms.Form):
    theme = theme_filter_field()
    when = forms.ChoiceField(
        choices=[("", _("Upcoming")), ("past", _("Past"))],
        required=False,
        label=_("When"),
    )
    after = forms.CharField(required=False, widget=forms.HiddenInput)
