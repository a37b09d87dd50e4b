"""What the demo loaders share: where their progress lines go, and how they keep the demo
from mailing anyone (they run with the dummy mail backend, and the notifications a load
makes are settled, counted as mailed and read, before it commits)."""

from typing import Protocol

from django.db.models import Max
from django.utils import timezone

from plein.notify.models import Notification

DUMMY_MAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


class Writer(Protocol):
    """Where progress goes: a file such as sys.stdout, or a management command's stdout."""

    def write(self, text: str, /) -> object: ...


def progress(stdout: Writer | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


def last_notification() -> int:
    """The newest notification's pk (0 if none): what `settle` settles after."""
    return Notification.objects.aggregate(last=Max("pk"))["last"] or 0


def settle(last_notification: int) -> None:
    """The notifications made after `last_notification` count as mailed and read, so no
    demo mail goes out, now or from notify-tick."""
    now = timezone.now()
    Notification.objects.filter(pk__gt=last_notification).update(
        mail=Notification.Mail.SENT, mailed_at=now, read_at=now
    )
