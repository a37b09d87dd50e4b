"""Every write about gatherings: planning, editing and cancelling one, RSVPs and the
waiting list, follow-up notes, calendar feeds. Views, the demo data and the API come
through here (DESIGN.md rule 2).

Who may plan: community managers plan any gathering; circle hosts plan gatherings in their
circle; any member may plan an open gathering (outside circles). Members organise their own
intervision meetings and lunch sessions, and Plein lowers thresholds (P0, P4) rather than
routing every meeting through a community manager. Planning notifies nobody, so it cannot
be used to spam the community; community managers can edit or cancel any gathering.

Seats: every RSVP change locks the gathering row (SELECT ... FOR UPDATE on PostgreSQL; on
SQLite the IMMEDIATE transaction serialises writers) and recounts going and waiting list
under that lock, so two members taking the last seat at once get one seat and one place
on the waiting list, and the counters on the gathering are always exact.

Notifications go to members who may still see the gathering at that moment
(`Gathering.objects.visible_to`), so a member removed from a circle hears nothing more."""

import datetime
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plein.circles.models import Circle, Membership
from plein.core.errors import InvalidField, NotAllowed, PleinError
from plein.core.markdown import render_markdown
from plein.core.privacy import guard
from plein.gatherings.models import CalendarFeed, CheckIn, FollowUp, Gathering, Rsvp
from plein.insights.events import record
from plein.insights.models import Event
from plein.members.models import Member
from plein.notify.actions import notify
from plein.notify.models import Notification
from plein.search.index import schedule_index
from plein.search.models import SearchDocument
from plein.themes.models import Theme

TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
LOCATION_MAX = 300
URL_MAX = 500
NOTE_MAX = 10_000
CAPACITY_MAX = 100_000
# A gathering longer than this is almost always a typing mistake in the end date.
LONGEST = datetime.timedelta(days=14)

# RSVPs that keep a member in touch with the gathering: reminders, changes, calendar feed.
ATTENDING = (Rsvp.Status.GOING, Rsvp.Status.MAYBE, Rsvp.Status.WAITLISTED)


class RsvpClosed(PleinError):
    """The gathering takes no RSVPs (cancelled or started)."""


@dataclass(frozen=True)
class RsvpResult:
    rsvp: Rsvp
    # The member asked for a seat and is on the waiting list instead.
    waitlisted: bool
    # Their place on the waiting list (1 is next), when waitlisted.
    position: int | None


# --- Who may do what ---------------------------------------------------------------------


def _require_member(member: Member) -> None:
    if not member.is_active:
        raise NotAllowed(_("Log in to take part."))


def is_circle_host(member: Member, circle: Circle | None) -> bool:
    if circle is None:
        return False
    return Membership.objects.filter(
        circle=circle, member=member, role=Membership.Role.HOST
    ).exists()


def may_plan(member: Member, circle: Circle | None) -> bool:
    if not member.is_active:
        return False
    if member.is_community_manager:
        return True
    if circle is None:
        return True
    return is_circle_host(member, circle)


def may_manage(member: Member, gathering: Gathering) -> bool:
    """Edit and cancel: the organiser, community managers and the circle's hosts."""
    if not member.is_active:
        return False
    if gathering.organiser_id == member.pk or member.is_community_manager:
        return True
    return is_circle_host(member, gathering.circle)


def may_see(member: Member, gathering_id: int) -> bool:
    return Gathering.objects.visible_to(member).filter(pk=gathering_id).exists()


def _visible_or_refuse(member: Member, gathering: Gathering) -> None:
    if not may_see(member, gathering.pk):
        raise NotAllowed(_("This gathering is not available to you."))


# --- Checking what was typed -------------------------------------------------------------


@dataclass(frozen=True)
class _Details:
    title: str
    description: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    location: str
    online_url: str
    capacity: int | None


def _clean_details(  # noqa: C901  the form's checks in field order, each with its own message
    *,
    title: str,
    description: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str,
    online_url: str,
    capacity: int | None,
    now: datetime.datetime | None = None,
    check_past: bool = True,
) -> _Details:
    title = " ".join(title.split())
    if not title:
        raise InvalidField("title", _("Give the gathering a title that says what it is about."))
    if len(title) > TITLE_MAX:
        raise InvalidField(
            "title", _("Keep the title under %(max)d characters.") % {"max": TITLE_MAX}
        )
    description = description.strip()
    if len(description) > DESCRIPTION_MAX:
        raise InvalidField(
            "description",
            _("The description is longer than %(max)d characters. Shorten it a little.")
            % {"max": DESCRIPTION_MAX},
        )
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("gathering times must be timezone-aware")
    now = now or timezone.now()
    if check_past and starts_at < now:
        raise InvalidField(
            "starts_at", _("This start lies in the past. Choose a moment that is still to come.")
        )
    if ends_at <= starts_at:
        raise InvalidField(
            "ends_at", _("The gathering ends before it starts. Choose an end after the start.")
        )
    if ends_at - starts_at > LONGEST:
        raise InvalidField(
            "ends_at",
            _("A gathering can last at most %(days)d days. Check the end.")
            % {"days": LONGEST.days},
        )
    location = " ".join(location.split())
    if len(location) > LOCATION_MAX:
        raise InvalidField(
            "location", _("Keep the place under %(max)d characters.") % {"max": LOCATION_MAX}
        )
    online_url = _clean_url(online_url)
    if not location and not online_url:
        raise InvalidField(
            "location",
            _("Say where it is: give a place, an online link, or both."),
        )
    if capacity is not None:
        if capacity <= 0:
            raise InvalidField(
                "capacity",
                _("The number of seats must be 1 or more. Leave it empty for no limit."),
            )
        if capacity > CAPACITY_MAX:
            raise InvalidField(
                "capacity",
                _("At most %(max)d seats. Leave it empty for no limit.") % {"max": CAPACITY_MAX},
            )
    return _Details(title, description, starts_at, ends_at, location, online_url, capacity)


def _clean_url(url: str) -> str:
    # The same checks as the library's links (http(s) only, https:// added when left out).
    from plein.library.actions import clean_url

    url = url.strip()
    if not url:
        return ""
    if len(url) > URL_MAX:
        raise InvalidField(
            "online_url",
            _("This address is too long (at most %(max)d characters).") % {"max": URL_MAX},
        )
    try:
        return clean_url(url)
    except InvalidField as error:
        raise InvalidField("online_url", error.message) from error


# --- Planning, editing, cancelling ---------------------------------------------------------


def plan_gathering(
    organiser: Member,
    *,
    title: str,
    description: str = "",
    theme: Theme,
    circle: Circle | None = None,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str = "",
    online_url: str = "",
    capacity: int | None = None,
    confirmed_privacy: bool = False,
    submit_key: str = "",
) -> Gathering:
    """Plan a gathering. The privacy guard reads the title, description and place. A second
    submit with the same key returns the first gathering."""
    _require_member(organiser)
    if not may_plan(organiser, circle):
        raise NotAllowed(_("Only the hosts of this circle can plan gatherings in it."))
    details = _clean_details(
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online_url=online_url,
        capacity=capacity,
    )
    guard(details.title, details.description, details.location, confirmed=confirmed_privacy)
    submit_key = submit_key[:40]
    if submit_key:
        existing = Gathering.objects.filter(organiser=organiser, submit_key=submit_key).first()
        if existing is not None:
            return existing
    gathering = Gathering(
        organiser=organiser,
        theme=theme,
        circle=circle,
        title=details.title,
        description=details.description,
        description_html=render_markdown(details.description),
        starts_at=details.starts_at,
        ends_at=details.ends_at,
        location=details.location,
        online_url=details.online_url,
        capacity=details.capacity,
        submit_key=submit_key,
    )
    try:
        with transaction.atomic():
            gathering.save()
            schedule_index(SearchDocument.Kind.GATHERING, gathering.pk)
    except IntegrityError:
        if not submit_key:
            raise
        return Gathering.objects.get(organiser=organiser, submit_key=submit_key)
    return gathering


def edit_gathering(
    member: Member,
    gathering: Gathering,
    *,
    title: str,
    description: str = "",
    theme: Theme,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str = "",
    online_url: str = "",
    capacity: int | None = None,
    confirmed_privacy: bool = False,
) -> Gathering:
    """Change a gathering. Calendars pick the change up (SEQUENCE goes up); members who are
    going, maybe going or waiting are told when the time or the place changed; more seats
    move the waiting list up."""
    _require_member(member)
    if not may_manage(member, gathering):
        raise NotAllowed(
            _(
                "Only the organiser, the circle's hosts and community managers can change this gathering."
            )
        )
    if gathering.is_cancelled:
        raise NotAllowed(_("This gathering has been cancelled; it cannot be changed any more."))
    time_changed = starts_at != gathering.starts_at or ends_at != gathering.ends_at
    details = _clean_details(
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online_url=online_url,
        capacity=capacity,
        # A gathering under way may still get a better description or more seats; only a
        # new time must lie ahead.
        check_past=time_changed,
    )
    guard(details.title, details.description, details.location, confirmed=confirmed_privacy)
    with transaction.atomic():
        schedule_index(SearchDocument.Kind.GATHERING, gathering.pk)
        locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
        if details.capacity is not None and details.capacity < locked.going_count:
            raise InvalidField(
                "capacity",
                _(
                    "%(going)d members are already going. Choose at least %(going)d seats; "
                    "nobody loses a seat they have."
                )
                % {"going": locked.going_count},
            )
        place_changed = (
            details.location != locked.location or details.online_url != locked.online_url
        )
        time_changed = details.starts_at != locked.starts_at or details.ends_at != locked.ends_at
        locked.title = details.title
        locked.description = details.description
        locked.description_html = render_markdown(details.description)
        locked.theme = theme
        locked.starts_at = details.starts_at
        locked.ends_at = details.ends_at
        locked.location = details.location
        locked.online_url = details.online_url
        locked.capacity = details.capacity
        locked.sequence += 1
        locked.edited_at = timezone.now()
        locked.save(
            update_fields=[
                "title",
                "description",
                "description_html",
                "theme",
                "starts_at",
                "ends_at",
                "location",
                "online_url",
                "capacity",
                "sequence",
                "edited_at",
            ]
        )
        _fill_free_seats(locked)
        if time_changed or place_changed:
            for recipient in _attending_members(locked):
                message = _change_message(
                    recipient, locked, time_changed=time_changed, place_changed=place_changed
                )
                notify(
                    recipient,
                    Notification.Kind.GATHERING_CHANGED,
                    gathering=locked,
                    message=message,
                )
    _copy(locked, gathering)
    return gathering


def cancel_gathering(member: Member, gathering: Gathering, *, reason: str = "") -> Gathering:
    """Cancel: the page and calendars say so (STATUS:CANCELLED), and everyone who was
    going, maybe going or waiting hears it, with the reason if one is given."""
    _require_member(member)
    if not may_manage(member, gathering):
        raise NotAllowed(
            _(
                "Only the organiser, the circle's hosts and community managers can cancel this gathering."
            )
        )
    reason = " ".join(reason.split())[:500]
    if reason:
        # Mailed to the attendees: never a BSN (other findings are the organiser's call).
        guard(reason, confirmed=True)
    with transaction.atomic():
        locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
        if locked.is_cancelled:
            _copy(locked, gathering)
            return gathering
        if locked.is_past:
            raise NotAllowed(_("This gathering is over; it cannot be cancelled any more."))
        locked.cancelled_at = timezone.now()
        locked.sequence += 1
        locked.save(update_fields=["cancelled_at", "sequence"])
        schedule_index(SearchDocument.Kind.GATHERING, locked.pk)
        for recipient in _attending_members(locked):
            notify(recipient, Notification.Kind.GATHERING_CHANGED, gathering=locked, message=reason)
    _copy(locked, gathering)
    return gathering


def _copy(source: Gathering, target: Gathering) -> None:
    """Bring the caller's object up to date with what was saved under the lock."""
    if source is not target:
        for field in Gathering._meta.concrete_fields:
            setattr(target, field.attname, getattr(source, field.attname))


def _attending_members(gathering: Gathering) -> list[Member]:
    """Going, maybe going and waiting members who may still see the gathering."""
    members = Member.objects.filter(
        is_active=True,
        rsvps__gathering=gathering,
        rsvps__status__in=ATTENDING,
    ).order_by("pk")
    return [member for member in members if may_see(member, gathering.pk)]


def _when(gathering: Gathering) -> str:
    starts = timezone.localtime(gathering.starts_at)
    ends = timezone.localtime(gathering.ends_at)
    if starts.date() == ends.date():
        return _("%(day)s, %(start)s to %(end)s") % {
            "day": date_format(starts, "DATE_FORMAT"),
            "start": date_format(starts, "TIME_FORMAT"),
            "end": date_format(ends, "TIME_FORMAT"),
        }
    return _("%(start)s to %(end)s") % {
        "start": date_format(starts, "DATETIME_FORMAT"),
        "end": date_format(ends, "DATETIME_FORMAT"),
    }


def _change_message(
    recipient: Member, gathering: Gathering, *, time_changed: bool, place_changed: bool
) -> str:
    """What changed, in the recipient's language (the message is stored as written)."""
    with translation.override(recipient.preferred_language or None):
        parts = []
        if time_changed:
            parts.append(_("New time: %(when)s.") % {"when": _when(gathering)})
        if place_changed:
            where = ", ".join(part for part in (gathering.location, gathering.online_url) if part)
            parts.append(_("New place: %(where)s.") % {"where": where})
        return " ".join(parts)


# --- RSVPs and the waiting list ----------------------------------------------------------


def rsvp(member: Member, gathering: Gathering, status: str, *, listed: bool = True) -> RsvpResult:
    """Going, maybe or not going. "Going" takes a seat when one is left and otherwise a
    place on the waiting list (the result says so). Leaving a seat gives it to the first
    member on the waiting list, who is told."""
    _require_member(member)
    if status not in (Rsvp.Status.GOING, Rsvp.Status.MAYBE, Rsvp.Status.NOT_GOING):
        raise InvalidField("status", _("Choose going, maybe or not going."))
    _visible_or_refuse(member, gathering)
    with transaction.atomic():
        locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
        if locked.is_cancelled:
            raise RsvpClosed(_("This gathering has been cancelled; it takes no sign-ups."))
        if locked.has_started:
            raise RsvpClosed(
                _("This gathering has already started or is over; sign-ups are closed.")
            )
        now = timezone.now()
        current = Rsvp.objects.filter(gathering=locked, member=member).first()
        before = current.status if current else None
        if current is None:
            current = Rsvp(gathering=locked, member=member, created_at=now)
        new_status = status
        if status == Rsvp.Status.GOING and before not in (
            Rsvp.Status.GOING,
            Rsvp.Status.WAITLISTED,
        ):
            free = locked.capacity is None or locked.going_count < locked.capacity
            new_status = Rsvp.Status.GOING if free else Rsvp.Status.WAITLISTED
        elif status == Rsvp.Status.GOING and before is not None:
            new_status = before  # already going, or already waiting: keep the place in line
        current.status = new_status
        current.listed = listed
        current.updated_at = now
        if new_status == Rsvp.Status.WAITLISTED and before != Rsvp.Status.WAITLISTED:
            current.waitlisted_at = now
        elif new_status != Rsvp.Status.WAITLISTED:
            current.waitlisted_at = None
        current.save()
        if status == Rsvp.Status.GOING and before not in (
            Rsvp.Status.GOING,
            Rsvp.Status.WAITLISTED,
        ):
            # A new sign-up (a seat or a place in line), not a change to an existing one.
            record(Event.Kind.RSVP, member, theme_id=locked.theme_id, at=now)
        _recount(locked)
        if before == Rsvp.Status.GOING and new_status != Rsvp.Status.GOING:
            _fill_free_seats(locked)
    _copy(locked, gathering)
    position = waitlist_position(current) if current.status == Rsvp.Status.WAITLISTED else None
    return RsvpResult(
        rsvp=current,
        waitlisted=current.status == Rsvp.Status.WAITLISTED,
        position=position,
    )


def waitlist_position(rsvp: Rsvp) -> int | None:
    if rsvp.status != Rsvp.Status.WAITLISTED or rsvp.waitlisted_at is None:
        return None
    ahead = Rsvp.objects.filter(
        Q(waitlisted_at__lt=rsvp.waitlisted_at)
        | Q(waitlisted_at=rsvp.waitlisted_at, pk__lt=rsvp.pk),
        gathering_id=rsvp.gathering_id,
        status=Rsvp.Status.WAITLISTED,
    ).count()
    return ahead + 1


def _recount(gathering: Gathering) -> None:
    """Exact counters, counted under the gathering's row lock."""
    counts = Rsvp.objects.filter(gathering=gathering).aggregate(
        going=Count("pk", filter=Q(status=Rsvp.Status.GOING)),
        waiting=Count("pk", filter=Q(status=Rsvp.Status.WAITLISTED)),
    )
    gathering.going_count = counts["going"]
    gathering.waitlist_count = counts["waiting"]
    gathering.save(update_fields=["going_count", "waitlist_count"])


def _fill_free_seats(gathering: Gathering) -> list[Member]:
    """Give free seats to the waiting list, first come first served, skipping members who
    can no longer see the gathering (they stay on the list, unnamed, and lose nothing
    should they come back). Call with the gathering row locked."""
    moved: list[Member] = []
    if gathering.is_cancelled or gathering.has_started:
        return moved
    free = None if gathering.capacity is None else gathering.capacity - gathering.going_count
    if free is not None and free <= 0:
        return moved
    waiting = (
        Rsvp.objects.filter(gathering=gathering, status=Rsvp.Status.WAITLISTED)
        .select_related("member")
        .order_by("waitlisted_at", "pk")
    )
    now = timezone.now()
    for entry in waiting:
        if free is not None and len(moved) >= free:
            break
        if not entry.member.is_active or not may_see(entry.member, gathering.pk):
            continue
        entry.status = Rsvp.Status.GOING
        entry.waitlisted_at = None
        entry.updated_at = now
        entry.save(update_fields=["status", "waitlisted_at", "updated_at"])
        moved.append(entry.member)
    if moved:
        _recount(gathering)
        for member in moved:
            notify(member, Notification.Kind.GATHERING_SEAT, gathering=gathering)
    return moved


# --- After the gathering -------------------------------------------------------------------


def is_attendee(member: Member, gathering: Gathering) -> bool:
    return (
        Rsvp.objects.filter(gathering=gathering, member=member, status=Rsvp.Status.GOING).exists()
        or CheckIn.objects.filter(gathering=gathering, member=member).exists()
    )


def may_follow_up(member: Member, gathering: Gathering) -> bool:
    """Attendees (going or checked in), the organiser, the circle's hosts and community
    managers add notes, once the gathering has started."""
    return member.is_active and (may_manage(member, gathering) or is_attendee(member, gathering))


def add_followup(
    author: Member,
    gathering: Gathering,
    *,
    body: str,
    confirmed_privacy: bool = False,
    submit_key: str = "",
) -> FollowUp:
    """A note after the gathering (what was said, agreed, where to read on). The first
    follow-up of any kind tells the attendees, once."""
    _require_member(author)
    _visible_or_refuse(author, gathering)
    if gathering.is_cancelled:
        raise NotAllowed(_("This gathering was cancelled; it has no follow-up."))
    if not gathering.has_started:
        raise NotAllowed(_("Notes can be added once the gathering has started."))
    if not may_follow_up(author, gathering):
        raise NotAllowed(
            _("Only members who were there, the organiser and the hosts can add notes.")
        )
    body = body.strip()
    if not body:
        raise InvalidField("body", _("Write the note first."))
    if len(body) > NOTE_MAX:
        raise InvalidField(
            "body",
            _("The note is longer than %(max)d characters. Shorten it a little.")
            % {"max": NOTE_MAX},
        )
    guard(body, confirmed=confirmed_privacy)
    submit_key = submit_key[:40]
    if submit_key:
        existing = FollowUp.objects.filter(
            gathering=gathering, author=author, submit_key=submit_key
        ).first()
        if existing is not None:
            return existing
    with transaction.atomic():
        note = FollowUp.objects.create(
            gathering=gathering,
            author=author,
            body=body,
            body_html=render_markdown(body),
            submit_key=submit_key,
        )
        notify_followup_once(gathering.pk, exclude_member_id=author.pk)
    return note


def followup_posted(gathering: Gathering | None, author: Member) -> None:
    """A question or resource was posted for `gathering` (by its action, in its
    transaction): once the gathering has begun that is follow-up, and the attendees hear
    of the first one. Before it, it is preparation, and nobody is told."""
    if gathering is not None and gathering.has_started:
        notify_followup_once(gathering.pk, exclude_member_id=author.pk)


def notify_followup_once(gathering_id: int, *, exclude_member_id: int | None = None) -> int:
    """Tell the attendees (going or checked in) that the follow-up has started, the first
    time anything is posted for the gathering: a note, or a question or resource with its
    `gathering` set (their actions call this). Later calls do nothing. Returns how many
    members were told."""
    with transaction.atomic():
        won = Gathering.objects.filter(
            pk=gathering_id, followup_notified_at__isnull=True, cancelled_at__isnull=True
        ).update(followup_notified_at=timezone.now())
        if not won:
            return 0
        gathering = Gathering.objects.get(pk=gathering_id)
        attendee_ids = set(
            Rsvp.objects.filter(gathering=gathering, status=Rsvp.Status.GOING).values_list(
                "member_id", flat=True
            )
        ) | set(CheckIn.objects.filter(gathering=gathering).values_list("member_id", flat=True))
        attendee_ids.discard(exclude_member_id)
        told = 0
        for member in Member.objects.filter(pk__in=attendee_ids, is_active=True).order_by("pk"):
            if may_see(member, gathering.pk):
                notify(member, Notification.Kind.GATHERING_FOLLOWUP, gathering=gathering)
                told += 1
        return told


# --- Calendar feeds ------------------------------------------------------------------------


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def calendar_feed_for(member: Member) -> CalendarFeed:
    """The member's feed, made on first use."""
    _require_member(member)
    feed, _created = CalendarFeed.objects.get_or_create(
        member=member, defaults={"token": _new_token()}
    )
    return feed


def renew_calendar_feed(member: Member) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    _require_member(member)
    feed, created = CalendarFeed.objects.get_or_create(
        member=member, defaults={"token": _new_token()}
    )
    if not created:
        feed.token = _new_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


def revoke_calendar_feed(member: Member) -> None:
    CalendarFeed.objects.filter(member=member).delete()
