"""Who changed what about whom: entries in the admin's own history (Django's LogEntry),
shown on the object's "History" page in the admin. Actions write them, so a change made
outside the admin is recorded too. An entry names the fields that changed, never their
content, in the admin's own format, so it is shown in the reader's language."""

import json

from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import Model
from django.utils.translation import override


def record_change(actor: Model, obj: Model, *fields: str) -> None:
    with override(None):  # stored untranslated, as the admin does; translated when shown
        verbose = [str(getattr(obj._meta.get_field(name), "verbose_name", name)) for name in fields]
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": verbose}}]),
        single_object=True,
    )
