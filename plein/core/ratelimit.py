"""Fixed-window rate limits kept in Django's cache (Redis in production, so all
processes share them). Limits are configured in settings.PLEIN_RATE_LIMITS."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import ngettext

from plein.core.errors import RateLimited


def _cache_key(kind: str, key: str, window: int) -> str:
    digest = hashlib.sha256(key.lower().encode()).hexdigest()[:32]
    return f"ratelimit:{kind}:{int(time.time() // window)}:{digest}"


def consume(kind: str, key: str) -> None:
    """Count one event of `kind` for `key`; raise RateLimited once the limit is passed."""
    limit, window = settings.PLEIN_RATE_LIMITS[kind]
    cache_key = _cache_key(kind, key, window)
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    if count > limit:
        minutes = max(1, round((window - time.time() % window) / 60))
        raise RateLimited(
            ngettext(
                "Too many attempts. Please wait %(minutes)d minute and try again.",
                "Too many attempts. Please wait %(minutes)d minutes and try again.",
                minutes,
            )
            % {"minutes": minutes}
        )


def client_ip(request: HttpRequest) -> str:
    # Behind a proxy, set the proxy to overwrite X-Forwarded-For's first entry; with
    # no proxy configured (PLEIN_BEHIND_PROXY off) the header is not trusted.
    if settings.PLEIN_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded.split(",")[0].strip())
    return str(request.META.get("REMOTE_ADDR", ""))
