from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.notify.models import (
    CHANGEABLE_KINDS,
    MAIL_OR_OFF_KINDS,
    Delivery,
    Notification,
    NotificationSettings,
)

MAIL_OR_OFF = [(Delivery.IMMEDIATELY.value, _("By mail")), (Delivery.OFF.value, Delivery.OFF.label)]


class NotificationSettingsForm(forms.Form):
    """Per kind: immediately, in a daily summary, or off. One radio group per kind."""

    def __init__(self, *args: Any, current: NotificationSettings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in CHANGEABLE_KINDS:
            self.fields[kind] = forms.ChoiceField(
                label=Notification.Kind(kind).label,
                choices=MAIL_OR_OFF if kind in MAIL_OR_OFF_KINDS else Delivery.choices,
                initial=getattr(current, kind),
                widget=forms.RadioSelect,
            )
