"""The door of a gathering: the host's QR screen and printable code, and the pages a
scanned code leads to. The whole newcomer path (scan, e-mail, code, name, checked in)
works without JavaScript on a phone."""

from datetime import datetime, timedelta
from functools import partial
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.backends.base import SessionBase
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plein.core.actionview import shown_on
from plein.core.errors import PleinError
from plein.core.http import MemberRequest
from plein.core.ratelimit import client_ip
from plein.gatherings import door
from plein.gatherings.models import CheckIn, Gathering
from plein.members.device import is_known_device, login_browser
from plein.members.forms import EmailForm
from plein.members.models import Member
from plein.members.views import LOGIN_EMAIL

# A valid scan leaves a pass in the session; the code itself leaves the address bar at
# once. Login keeps an anonymous session's data, so the pass survives the e-mailed code.
DOOR_PASS = "plein_door_pass"  # noqa: S105 (a session key, not a secret)
DOOR_PASS_VALID = timedelta(minutes=30)
# The host's screen reloads itself at least this often (for the check-in count).
SCREEN_REFRESH_SECONDS = 30


def _gathering(pk: int) -> Gathering:
    return get_object_or_404(
        Gathering.objects.select_related("theme", "circle", "organiser"), pk=pk
    )


def _host_gathering(request: MemberRequest, pk: int) -> Gathering:
    """Hosts only; for anyone else the door's controls do not exist."""
    gathering = _gathering(pk)
    if not door.is_door_host(request.user, gathering):
        raise Http404
    return gathering


def _qr_svg(url: str, label: str) -> SafeString:
    """The QR code as inline SVG with an accessible name (no inline styles: the CSP)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=2, omitsize=True, svgclass="plein-door-qr", dark="#000", light="#fff"
    )
    return format_html(
        '<svg role="img" aria-label="{}" {}', label, mark_safe(svg.removeprefix("<svg "))
    )


def _store_pass(session: SessionBase, door_pass: door.DoorPass) -> None:
    session[DOOR_PASS] = {
        "gathering": door_pass.gathering_id,
        "at": door_pass.scanned_at.isoformat(),
        "printed": door_pass.printed,
    }


def _pass(request: HttpRequest, gathering: Gathering) -> door.DoorPass | None:
    """The pass from a scan of this gathering's code in the last half hour, if any."""
    stored = request.session.get(DOOR_PASS)
    if not isinstance(stored, dict) or stored.get("gathering") != gathering.pk:
        return None
    try:
        scanned_at = datetime.fromisoformat(stored["at"])
    except (KeyError, TypeError, ValueError):
        return None
    if not timezone.now() - DOOR_PASS_VALID <= scanned_at <= timezone.now():
        return None
    return door.DoorPass(gathering.pk, scanned_at, bool(stored.get("printed")))


def _refused(request: HttpRequest, *, status: int, error: str) -> HttpResponse:
    """The door's refusal page (a shown_on page): what to do, nothing about the gathering."""
    context = {"door_error": error}
    return render(request, "gatherings/door/refused.html", context, status=status)


def _refusing(request: HttpRequest) -> shown_on:
    return shown_on(request, partial(_refused, request))


def _no_pass(request: HttpRequest) -> HttpResponse:
    error = _("To check in, scan the QR code the host shows at the door (again) with your phone.")
    return _refused(request, status=door.DoorCodeInvalid.status_code, error=error)


# --- The host's side -----------------------------------------------------------------------


@login_required
def screen(request: MemberRequest, pk: int) -> HttpResponse:
    """Full screen for a projector or a tablet at the door: the rotating QR code. When the
    code changes (and every half minute, for the check-in count) htmx fetches the part that
    changes; without JavaScript the page reloads itself. ?still=1 stops both (for someone
    who needs the screen to hold still; the code then expires in time)."""
    gathering = _host_gathering(request, pk)
    now = timezone.now()
    still = bool(request.GET.get("still"))
    context: dict[str, Any] = {"gathering": gathering, "still": still}
    # Not an action: a closed door is a state of the screen, which keeps reloading.
    try:
        door.door_is_open(gathering, now)
    except PleinError as error:
        context["door_error"] = error.message
        context["refresh"] = SCREEN_REFRESH_SECONDS
    else:
        code = door.current_door_code(gathering, now)
        scan_url = request.build_absolute_uri(
            reverse("gatherings:door_scan", kwargs={"pk": gathering.pk, "code": code})
        )
        context["scan_url"] = scan_url
        context["qr"] = _qr_svg(scan_url, _("QR code to check in at %s") % gathering.title)
        # One second late, so the reload lands in the new window.
        context["refresh"] = min(SCREEN_REFRESH_SECONDS, door.seconds_until_next_code(now) + 1)
    if request.headers.get("HX-Request") == "true":
        return render(request, "gatherings/door/includes/live.html", context)
    return render(request, "gatherings/door/screen.html", context)


@login_required
def printable(request: MemberRequest, pk: int) -> HttpResponse:
    """The fixed code to print and hang at the door, and the controls to revoke it or to
    void the screen's codes."""
    gathering = _host_gathering(request, pk)
    context: dict[str, Any] = {"gathering": gathering}
    if gathering.printed_code:
        scan_url = request.build_absolute_uri(
            reverse(
                "gatherings:door_scan", kwargs={"pk": gathering.pk, "code": gathering.printed_code}
            )
        )
        context["scan_url"] = scan_url
        context["qr"] = _qr_svg(scan_url, _("QR code to check in at %s") % gathering.title)
    return render(request, "gatherings/door/print.html", context)


@login_required
@require_POST
def make_printed_code(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = _host_gathering(request, pk)
    door.print_door_code(request.user, gathering)
    return redirect("gatherings:door_print", pk=gathering.pk)


@login_required
@require_POST
def revoke_printed_code(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = _host_gathering(request, pk)
    door.revoke_printed_code(request.user, gathering)
    messages.success(request, _("The printed code no longer works. Take the prints down."))
    return redirect("gatherings:door_print", pk=gathering.pk)


@login_required
@require_POST
def renew_codes(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = _host_gathering(request, pk)
    door.renew_door_secret(request.user, gathering)
    messages.success(
        request, _("Every code the screen showed so far no longer works. Show the new one.")
    )
    return redirect("gatherings:door_print", pk=gathering.pk)


# --- The guest's side ----------------------------------------------------------------------


def scan(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Where the QR code points. A valid code leaves a pass in the session and moves on to
    a clean URL (the code stays out of history and Referer); any other code gets a page
    saying what to do, and nothing about the gathering."""
    gathering = _gathering(pk)
    with _refusing(request):
        door_pass = door.open_door(gathering, code)
    _store_pass(request.session, door_pass)
    return redirect("gatherings:door_in", pk=gathering.pk)


def come_in(request: HttpRequest, pk: int) -> HttpResponse:
    """After a valid scan: a member taps "Check me in"; anyone else types an address."""
    gathering = _gathering(pk)
    user = request.user
    if (
        isinstance(user, Member)
        and CheckIn.objects.filter(gathering=gathering, member=user).exists()
    ):
        return redirect("gatherings:door_complete", pk=gathering.pk)
    door_pass = _pass(request, gathering)
    if door_pass is None:
        return _no_pass(request)
    if isinstance(user, Member):
        return _member_comes_in(request, user, gathering, door_pass)

    form = EmailForm(request.POST or None)
    context = {
        "gathering": gathering,
        "form": form,
        # A closed circle's gathering is circle content: a visitor sees no title.
        "show_details": door.admits_newcomers(gathering),
    }
    if request.method == "POST" and form.is_valid():
        with shown_on(request, "gatherings/door/email.html", context):
            email = door.admit_at_door(
                gathering,
                form.cleaned_data["email"],
                ip=client_ip(request),
                browser=login_browser(request),
                known_device=is_known_device(request, form.cleaned_data["email"]),
            )
        request.session[LOGIN_EMAIL] = email
        return redirect("members:login_code")
    return render(
        request, "gatherings/door/email.html", context, status=400 if form.errors else 200
    )


def _member_comes_in(
    request: HttpRequest, member: Member, gathering: Gathering, door_pass: door.DoorPass
) -> HttpResponse:
    with _refusing(request):
        door.require_visible(member, gathering)
    if request.method == "POST":
        with _refusing(request):
            door.check_in(gathering, member, method=door.method_for(member, door_pass))
        request.session.pop(DOOR_PASS, None)
        return redirect("gatherings:door_complete", pk=gathering.pk)
    return render(request, "gatherings/door/member.html", {"gathering": gathering})


@login_required
def complete(request: MemberRequest, pk: int) -> HttpResponse:
    """Checked in. A newcomer lands here straight after the code from the mail (and their
    name): this GET checks them in, as only a valid scan in this browser, a moment ago,
    leaves the pass it needs (a link from elsewhere cannot check anyone in)."""
    gathering = _gathering(pk)
    checkin = CheckIn.objects.filter(gathering=gathering, member=request.user).first()
    if checkin is None:
        door_pass = _pass(request, gathering)
        if door_pass is None:
            return _no_pass(request)
        with _refusing(request):
            checkin = door.check_in(
                gathering, request.user, method=door.method_for(request.user, door_pass)
            )
        request.session.pop(DOOR_PASS, None)
    context = {
        "gathering": gathering,
        "checkin": checkin,
        "is_newcomer": checkin.method == CheckIn.Method.NEWCOMER,
        "follows_theme": request.user.followed_themes.filter(pk=gathering.theme_id).exists(),
    }
    return render(request, "gatherings/door/done.html", context)
