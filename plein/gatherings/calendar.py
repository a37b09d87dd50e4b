"""iCalendar files (RFC 5545) with `icalendar`: one gathering, or a member's feed.

- UID is stable per gathering (its primary key and the site's host), so a calendar app
  updates the event it already has instead of adding a second one;
- SEQUENCE is the gathering's own counter, raised by every edit and by cancelling;
- a cancelled gathering stays in the file with STATUS:CANCELLED, so apps remove it;
- times carry TZID=Europe/Amsterdam with its VTIMEZONE, so they stay right across
  daylight saving time whatever zone the reader's device is in;
- DTSTAMP is when the gathering last changed (stable between polls of an unchanged feed).

The texts are plain: the description as the organiser typed it and a link back to the
page; the attendee list is never in a calendar file."""

import datetime
import zoneinfo
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from plein.core.mail import absolute_url
from plein.gatherings.models import Gathering

PRODID = "-//Plein//Gatherings//NL"


def _host() -> str:
    return urlsplit(settings.BASE_URL).hostname or "plein"


def uid_for(gathering: Gathering) -> str:
    return f"gathering-{gathering.pk}@{_host()}"


def _event(gathering: Gathering) -> Event:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    url = absolute_url(gathering.get_absolute_url())
    event = Event()
    event.add("uid", uid_for(gathering))
    event.add("sequence", gathering.sequence)
    changed = max(
        moment
        for moment in (gathering.created_at, gathering.edited_at, gathering.cancelled_at)
        if moment is not None
    )
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("dtstart", gathering.starts_at.astimezone(zone))
    event.add("dtend", gathering.ends_at.astimezone(zone))
    event.add("summary", gathering.title)
    description = gathering.description
    description = f"{description}\n\n{url}" if description else url
    event.add("description", description)
    event.add("url", url)
    if gathering.location:
        event.add("location", gathering.location)
    elif gathering.online_url:
        event.add("location", gathering.online_url)
    if gathering.online_url and gathering.location:
        event.add("conference", gathering.online_url, parameters={"VALUE": "URI"})
    event.add("status", "CANCELLED" if gathering.is_cancelled else "CONFIRMED")
    return event


def calendar_bytes(gatherings: Iterable[Gathering], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # Calendar apps poll a feed; once an hour is plenty for gatherings.
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for gathering in gatherings:
        calendar.add_component(_event(gathering))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def gathering_calendar(gathering: Gathering) -> bytes:
    return calendar_bytes([gathering], name=gathering.title)


def feed_calendar(gatherings: Iterable[Gathering]) -> bytes:
    return calendar_bytes(
        gatherings, name=_("%(site)s: my gatherings") % {"site": settings.PLEIN_SITE_NAME}
    )
