from django import forms

from plein.notify.models import CHANGEABLE_KINDS, Delivery, Notification, NotificationSettings


class NotificationSettingsForm(forms.Form):
    """Per kind: immediately, in a daily summary, or off. One radio group per kind."""

    def __init__(self, *args, current: NotificationSettings, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for kind in CHANGEABLE_KINDS:
            self.fields[kind] = forms.ChoiceField(
                label=Notification.Kind(kind).label,
                choices=Delivery.choices,
                initial=getattr(current, kind),
                widget=forms.RadioSelect,
            )
