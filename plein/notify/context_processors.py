from collections.abc import Callable
from functools import cache

from django.http import HttpRequest

from plein.members.models import Member
from plein.notify.queries import unread_count


def notifications(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """{{ unread_notifications }} for the header. A callable, which templates call when they
    use it: pages that do not show it, and visitors, cost no query; cached, so a page that
    shows it twice costs one. A view may pass its own number instead."""

    @cache
    def unread() -> int:
        user = getattr(request, "user", None)
        if isinstance(user, Member) and user.is_active:
            return unread_count(user)
        return 0

    return {"unread_notifications": unread}
