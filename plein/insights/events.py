"""Writing the activity log. Actions call `record` inside their own transaction, so an
event exists exactly when what it records does. Views call `count_page_view`."""

from datetime import date, datetime

from django.core.cache import cache
from django.utils import timezone

from plein.insights.models import Event
from plein.members.models import Member

# The kinds of page whose views are counted (per day and theme, never per person).
PAGES = ("theme", "question", "story", "idea", "blog", "resource", "gathering")
PAGE_VIEW_TTL_SECONDS = 3 * 24 * 60 * 60


def record(
    kind: str,
    member: Member | None,
    *,
    theme_id: int | None = None,
    anonymous: bool = False,
    source: str = "",
    minutes: int | None = None,
    helper: Member | None = None,
    helper_anonymous: bool = False,
    at: datetime | None = None,
) -> Event:
    """Note that `member` did `kind`. For an anonymous post pass `anonymous=True`: the
    event then keeps only its theme, so it counts in the totals and is tied to nobody.
    For HELPED, `member` is who was helped and `helper` who helped (`helper_anonymous`
    when the help came from an anonymous post: then the helper is not kept either)."""
    named = member is not None and not anonymous
    helper_named = helper is not None and not helper_anonymous
    return Event.objects.create(
        at=at or timezone.now(),
        kind=kind,
        member=member if named else None,
        organisation_id=member.organisation_id if named and member else None,
        theme_id=theme_id,
        source=source,
        minutes=minutes,
        helper=helper if helper_named else None,
        helper_organisation_id=helper.organisation_id if helper_named and helper else None,
    )


def page_view_key(day: date, page: str, theme_id: int | None) -> str:
    return f"plein:views:{day.isoformat()}:{page}:{theme_id or 0}"


def count_page_view(page: str, theme_id: int | None = None) -> None:
    """One more view of a kind of page in a theme today. Counted in the cache (no query,
    nothing about the reader); the rollup moves the counts into PageViewCount."""
    key = page_view_key(timezone.localdate(), page, theme_id)
    # add() starts the counter; incr() is atomic in Redis (and per process in locmem).
    if not cache.add(key, 1, timeout=PAGE_VIEW_TTL_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=PAGE_VIEW_TTL_SECONDS)
