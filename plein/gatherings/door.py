"""The door of a gathering: QR codes that let people check in, and the check-in itself.

The host shows a QR code on a screen. It points at /gatherings/<pk>/in/<code>/, where the
code is an HMAC of the gathering and the current time window (PLEIN_DOOR_CODE_MINUTES), so
it rotates by itself: a photo of the screen posted online stops working within minutes.
A code stays valid PLEIN_DOOR_CODE_GRACE_MINUTES after its window, for the person who
scanned it just before it changed and is still typing the code from their mail.
A printed QR carries a fixed code (`printed_code`) that works until a host revokes it.
Either kind only opens the door from two hours before the start until the end (plus the
grace period), and never for a cancelled gathering.

A valid scan proves presence; the views then check a member in with one tap, or let
anyone else in through the gathering's own invite link (so a newcomer becomes a member
even when the community is invitation-only) with the usual e-mailed code."""

import base64
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from plein.circles.models import Circle
from plein.core.errors import Conflict, NotAllowed, PleinError
from plein.core.invitations import new_link_token
from plein.gatherings.actions import may_manage
from plein.gatherings.models import CheckIn, Gathering
from plein.insights.events import record
from plein.insights.models import Event
from plein.members.actions import request_login
from plein.members.models import InviteLink, Member
from plein.themes.actions import follow_theme

# The door opens this long before the start: people arrive early, and hosts test the QR.
DOOR_OPENS_BEFORE = timedelta(hours=2)
ROTATING_CODE_LENGTH = 10  # 50 bits: plenty for a code that lives minutes
PRINTED_CODE_LENGTH = 16  # 80 bits: a printed code lives as long as the gathering
# Enough for any gathering; the link only lets someone ask for a login mail.
DOOR_INVITE_MAX_USES = 1000


class DoorCodeInvalid(PleinError):
    """Expired, rotated, revoked, mistyped or forged: we cannot (and need not) tell which."""

    status_code = 400


class DoorClosed(Conflict):
    pass


class GatheringCancelled(PleinError):
    status_code = 410


class NotForYou(NotAllowed):
    """A member who may not see the gathering (a circle they are not in)."""


@dataclass(frozen=True)
class DoorPass:
    """What a valid scan proves: someone stood at this gathering's door at `scanned_at`."""

    gathering_id: int
    scanned_at: datetime
    printed: bool


# --- Who keeps the door ----------------------------------------------------------------


def is_door_host(member: object, gathering: Gathering) -> bool:
    """Who may edit the gathering keeps its door: the organiser, community managers and
    the hosts of the gathering's circle."""
    return isinstance(member, Member) and may_manage(member, gathering)


def _require_host(member: Member, gathering: Gathering) -> None:
    if not is_door_host(member, gathering):
        raise NotAllowed(_("Only the hosts of this gathering can do this."))


def admits_newcomers(gathering: Gathering) -> bool:
    """Only a gathering outside any circle, or in an open one, makes newcomers members at
    the door: a newcomer could never check in at a closed or secret circle's gathering,
    so an account made there would be an empty promise."""
    circle = gathering.circle
    return circle is None or circle.access == Circle.Access.OPEN


# --- Rotating codes ----------------------------------------------------------------------


def _window_seconds() -> int:
    return max(1, settings.PLEIN_DOOR_CODE_MINUTES) * 60


def _window(now: datetime) -> int:
    return int(now.timestamp()) // _window_seconds()


def seconds_until_next_code(now: datetime) -> int:
    seconds = _window_seconds()
    return seconds - int(now.timestamp()) % seconds


def _code_for(gathering: Gathering, window: int) -> str:
    # Keyed with both the gathering's own secret and SECRET_KEY: a copy of the database
    # alone cannot make codes, and renewing door_secret voids every code shown so far.
    digest = salted_hmac(
        f"plein.door-code:{gathering.door_secret}", f"{gathering.pk}:{window}", algorithm="sha256"
    ).digest()
    # Lower-case base32: no look-alike upper and lower case letters for those who type it.
    return base64.b32encode(digest).decode().lower()[:ROTATING_CODE_LENGTH]


def _ensure_door_secret(gathering: Gathering) -> None:
    if gathering.door_secret:
        return
    # Two screens opening the door page at once must agree on one secret.
    Gathering.objects.filter(pk=gathering.pk, door_secret="").update(
        door_secret=secrets.token_hex(32)
    )
    gathering.door_secret = (
        Gathering.objects.filter(pk=gathering.pk).values_list("door_secret", flat=True).get()
    )


def current_door_code(gathering: Gathering, now: datetime | None = None) -> str:
    """The code the door page shows now (made the first time a door is opened)."""
    _ensure_door_secret(gathering)
    return _code_for(gathering, _window(now or timezone.now()))


def door_code_is_valid(gathering: Gathering, code: str, now: datetime | None = None) -> bool:
    """A rotating code of the current window, or of an earlier window that ended less than
    the grace period ago. Compared in constant time."""
    if not gathering.door_secret or not code or not code.isascii():
        return False
    now = now or timezone.now()
    code = code.strip().lower()
    seconds = _window_seconds()
    grace = settings.PLEIN_DOOR_CODE_GRACE_MINUTES * 60
    # A window's code is shown until (window + 1) * seconds and accepted `grace` longer.
    oldest = max(0, (int(now.timestamp()) - grace) // seconds)
    valid = False
    for window in range(oldest, _window(now) + 1):
        # No early exit: every candidate costs the same, hit or miss.
        valid |= hmac.compare_digest(_code_for(gathering, window), code)
    return valid


def printed_code_is_valid(gathering: Gathering, code: str) -> bool:
    return bool(gathering.printed_code and code.isascii()) and hmac.compare_digest(
        gathering.printed_code, code.strip().lower()
    )


def door_is_open(gathering: Gathering, now: datetime | None = None) -> None:
    """Raise a clear error when nobody can check in now."""
    now = now or timezone.now()
    if gathering.is_cancelled:
        raise GatheringCancelled(
            _("This gathering has been cancelled, so there is nothing to check in to.")
        )
    if now < gathering.starts_at - DOOR_OPENS_BEFORE:
        raise DoorClosed(_("Check-in opens two hours before the gathering starts. Come back then!"))
    if now > gathering.ends_at + timedelta(minutes=settings.PLEIN_DOOR_CODE_GRACE_MINUTES):
        raise DoorClosed(_("This gathering is over, so check-in has closed."))


def open_door(gathering: Gathering, code: str, now: datetime | None = None) -> DoorPass:
    """Check a scanned code: a DoorPass when it lets its bearer in, else a domain error."""
    now = now or timezone.now()
    printed = printed_code_is_valid(gathering, code)
    if not printed and not door_code_is_valid(gathering, code, now):
        raise DoorCodeInvalid(
            _(
                "This code no longer works: door codes change every few minutes. "
                "Ask the host to show the current code, and scan it again."
            )
        )
    door_is_open(gathering, now)
    return DoorPass(gathering_id=gathering.pk, scanned_at=now, printed=printed)


# --- Host actions ------------------------------------------------------------------------


def print_door_code(host: Member, gathering: Gathering) -> str:
    """The fixed code of the gathering's printed QR: the existing one, or a new one."""
    _require_host(host, gathering)
    with transaction.atomic():
        locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
        if not locked.printed_code:
            alphabet = "abcdefghijkmnpqrstuvwxyz23456789"  # no look-alikes (l, 1, o, 0)
            locked.printed_code = "".join(
                secrets.choice(alphabet) for _ in range(PRINTED_CODE_LENGTH)
            )
            locked.save(update_fields=["printed_code"])
    gathering.printed_code = locked.printed_code
    return gathering.printed_code


def revoke_printed_code(host: Member, gathering: Gathering) -> None:
    """The printed QR stops working at once; a new print gets a new code."""
    _require_host(host, gathering)
    Gathering.objects.filter(pk=gathering.pk).update(printed_code="")
    gathering.printed_code = ""


def renew_door_secret(host: Member, gathering: Gathering) -> None:
    """Every rotating code shown so far stops working (say, a photo of the screen went
    round). The printed code is separate: revoke that on its own."""
    _require_host(host, gathering)
    gathering.door_secret = secrets.token_hex(32)
    Gathering.objects.filter(pk=gathering.pk).update(door_secret=gathering.door_secret)


# --- Checking in -------------------------------------------------------------------------


def check_in(gathering: Gathering, member: Member, *, method: str) -> CheckIn:
    """Record that `member` was at `gathering`. Checking in twice returns the first
    check-in. The member starts following the gathering's theme (unless a host checked
    them in: a host's tick should not change what someone reads).

    RSVPs are left as they are. A check-in says who came; an RSVP says who planned to
    and holds a seat. Turning a walk-in into a "going" RSVP after the fact would take a
    seat the waiting list is counting on, or push the count past the capacity, and would
    tell the waiting list something that is no longer useful. Attendance for insights
    and for the follow-up mail is read from check-ins (and RSVPs)."""
    if method not in CheckIn.Method.values:
        raise ValueError(f"unknown check-in method {method!r}")
    if not member.is_active:
        raise NotAllowed(_("This account has been closed."))
    require_visible(member, gathering)
    if gathering.is_cancelled:
        raise GatheringCancelled(
            _("This gathering has been cancelled, so there is nothing to check in to.")
        )
    with transaction.atomic():
        # The row lock makes the counter exact when the whole room scans at once.
        Gathering.objects.select_for_update().filter(pk=gathering.pk).values_list("pk").get()
        checkin, created = CheckIn.objects.get_or_create(
            gathering=gathering, member=member, defaults={"method": method}
        )
        if created:
            Gathering.objects.filter(pk=gathering.pk).update(checkin_count=F("checkin_count") + 1)
            gathering.checkin_count += 1
            record(Event.Kind.CHECKED_IN, member, theme_id=gathering.theme_id)
            if method != CheckIn.Method.HOST:
                follow_theme(member, gathering.theme)
    return checkin


def require_visible(member: Member, gathering: Gathering) -> None:
    """Only who may see a gathering checks in; the message names nothing of the circle."""
    if not Gathering.objects.visible_to(member).filter(pk=gathering.pk).exists():
        raise NotForYou(
            _(
                "You cannot check in here: this gathering is for the members of its circle. "
                "Ask the host if you think you belong."
            )
        )


def method_for(member: Member, door_pass: DoorPass) -> str:
    """How someone came in: a member who joined after the scan joined at the door."""
    if member.date_joined >= door_pass.scanned_at:
        return CheckIn.Method.NEWCOMER
    return CheckIn.Method.PRINTED if door_pass.printed else CheckIn.Method.MEMBER


def _door_invite(gathering: Gathering) -> InviteLink:
    """The gathering's own invite link, made the first time a newcomer comes to its door.
    It expires when the door closes (plus the life of a login mail, for the last one in)."""
    with transaction.atomic():
        locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
        invite = locked.door_invite  # a query of its own: FOR UPDATE refuses outer joins
        expires_at = (
            gathering.ends_at
            + timedelta(minutes=settings.PLEIN_DOOR_CODE_GRACE_MINUTES)
            + timedelta(seconds=settings.PLEIN_LOGIN_TTL_SECONDS)
        )
        if invite is None:
            invite = InviteLink.objects.create(
                token=new_link_token(),
                label=gathering.title[:150],
                created_by_id=gathering.organiser_id,
                expires_at=expires_at,
                max_uses=DOOR_INVITE_MAX_USES,
            )
            locked.door_invite = invite
            locked.save(update_fields=["door_invite"])
        elif invite.expires_at != expires_at and invite.revoked_at is None:
            # The gathering moved: its door moves with it.
            invite.expires_at = expires_at
            invite.save(update_fields=["expires_at"])
    gathering.door_invite = invite
    return invite


def admit_at_door(
    gathering: Gathering, email: str, *, ip: str, browser: str = "", known_device: bool = False
) -> str:
    """Someone without a session at the door: mail them a login link and code that lead
    back to the check-in. A newcomer is made a member through the gathering's invite link
    (see admits_newcomers). Returns the normalised address."""
    door_is_open(gathering)
    invite = _door_invite(gathering) if admits_newcomers(gathering) else None
    return request_login(
        email,
        ip=ip,
        next_url=reverse("gatherings:door_complete", kwargs={"pk": gathering.pk}),
        invite_link=invite,
        browser=browser,
        known_device=known_device,
    )
