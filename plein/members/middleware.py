from collections.abc import Callable
from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from plein.insights.events import record
from plein.insights.models import Event
from plein.members.models import Member

LAST_SEEN_PRECISION = timedelta(minutes=5)


class MemberMiddleware:
    """For a logged-in member: speak their preferred language, and note when they were last
    seen (at most one write per five minutes, so a page view normally writes nothing), and
    log the first page of each day as a visit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            assert isinstance(user, Member)
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
            now = timezone.now()
            if user.last_seen is None or now - user.last_seen > LAST_SEEN_PRECISION:
                # The first page of a local day is a visit (one event a member a day).
                first_today = user.last_seen is None or timezone.localdate(
                    user.last_seen
                ) != timezone.localdate(now)
                Member.objects.filter(pk=user.pk).update(last_seen=now)
                user.last_seen = now
                if first_today:
                    record(Event.Kind.VISITED, user, at=now)
        return self.get_response(request)
