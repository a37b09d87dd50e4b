from django.conf import settings
from django.http import HttpRequest

from plein.core.http import mailbox_is_open


def plein(request: HttpRequest) -> dict[str, object]:
    return {
        "site_name": settings.PLEIN_SITE_NAME,
        "base_url": settings.BASE_URL,
        # The footer links the development mailbox only where it opens.
        "debug_mailbox": mailbox_is_open(request),
    }
