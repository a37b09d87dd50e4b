from django.conf import settings


def plein(request):  # type: ignore[no-untyped-def]
    return {
        "site_name": settings.PLEIN_SITE_NAME,
        "base_url": settings.BASE_URL,
        "debug_mailbox": settings.DEBUG,
    }
