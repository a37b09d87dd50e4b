"""Circle pages. Every page finds its circle through Circle.objects.visible_to, so a secret
circle answers 404 to whoever is not in it, never 403 (a guessed id tells nothing)."""

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from plein.circles import actions, queries
from plein.circles.forms import (
    CircleForm,
    DecideForm,
    InviteForm,
    JoinRequestForm,
    LeaveForm,
    ProgressNoteForm,
    StartCircleForm,
)
from plein.circles.models import Circle, JoinRequest
from plein.core.actionview import shown_on, template_page
from plein.core.http import MemberRequest
from plein.core.mail import absolute_url
from plein.goals.queries import suggestions_for
from plein.members.actions import parse_addresses
from plein.members.models import Member
from plein.members.views import _log_in

# Session keys: tokens from links are parked in the session and the browser goes on to a
# clean URL at once, as at the door (plein.members.views).
INVITATION_TOKEN = "plein_circle_invitation"  # noqa: S105 (a session key, not a secret)
LINK_TOKEN = "plein_circle_link"  # noqa: S105


def _circle_or_404(request: MemberRequest, pk: int) -> Circle:
    circle = queries.visible_circle(request.user, pk)
    if circle is None:
        raise Http404
    return circle


def _gathering_url(gathering: object) -> str:
    # The gathering pages are another part of the product; until they are there, the
    # circle page lists its gatherings without a link rather than failing.
    try:
        return reverse("gatherings:detail", kwargs={"pk": gathering.pk})  # type: ignore[attr-defined]
    except NoReverseMatch:
        return ""


# --- Lists and the circle page ------------------------------------------------------------


@login_required
@require_safe
def circle_list(request: MemberRequest) -> HttpResponse:
    cursor = request.GET.get("after", "")[:200]
    context = {
        "mine": queries.my_memberships(request.user) if not cursor else [],
        "page": queries.circles_to_discover(request.user, cursor=cursor),
    }
    return render(request, "circles/circle_list.html", context)


def _render_detail(
    request: MemberRequest, circle: Circle, *, status: int = 200, **extra: object
) -> HttpResponse:
    space = queries.circle_space(circle, request.user)
    context = {
        "circle": circle,
        "space": space,
        "upcoming": [(g, _gathering_url(g)) for g in space.upcoming],
        "past": [(g, _gathering_url(g)) for g in space.past],
        "request_form": extra.pop("request_form", None) or JoinRequestForm(),
        "note_form": extra.pop("note_form", None) or ProgressNoteForm(),
        # What may help with the circle's goal comes after the page (what_may_help): the
        # search behind it would double the page's queries.
        "offer_suggestions": space.can_read and circle.goal_is_active,
        **extra,
    }
    return render(request, "circles/circle_detail.html", context, status=status)


@login_required
@require_safe
def circle_detail(request: MemberRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _circle_or_404(request, pk))


@login_required
@require_safe
def what_may_help(request: MemberRequest, pk: int) -> HttpResponse:
    """What may help the circle with its goal (questions, resources, people, gatherings),
    from the personal goals' suggestion code, each reader seeing only what they may: a
    fragment the circle page loads after itself (htmx), or a page of its own without
    JavaScript. For those who read the circle's content, while its goal runs."""
    circle = _circle_or_404(request, pk)
    if not queries.can_read_content(circle, request.user):
        raise PermissionDenied
    suggestions = (
        suggestions_for(request.user, circle.learning_goal) if circle.goal_is_active else None
    )
    context = {
        "circle": circle,
        "suggestions": suggestions,
        "heading": _("What may help the circle with its goal"),
    }
    if request.headers.get("HX-Request") == "true":
        # In place of the circle page's link: the section, or nothing when nothing matches.
        if not suggestions:
            return HttpResponse("")
        return render(request, "goals/includes/suggestions.html", context)
    return render(request, "circles/what_may_help.html", context)


# --- Starting and editing -----------------------------------------------------------------


@login_required
def start(request: MemberRequest) -> HttpResponse:
    """The guided "start a small circle" flow: why small, a specific goal with a date,
    closed by default, invite colleagues right away."""
    form = StartCircleForm(request.POST or None, initial={"access": Circle.Access.CLOSED})
    context: dict = {"form": form}
    if request.method != "POST":
        return render(request, "circles/start.html", context)
    if not form.is_valid():
        return render(request, "circles/start.html", context, status=400)
    data = form.cleaned_data
    valid, invalid = parse_addresses(data["invite_emails"])
    if invalid:
        form.add_error(
            "invite_emails",
            _("These are not e-mail addresses: %(addresses)s") % {"addresses": ", ".join(invalid)},
        )
        return render(request, "circles/start.html", context, status=400)
    texts = {key: data[key] for key in ("name", "learning_goal", "description", "message")}
    with shown_on(request, "circles/start.html", context, form=form, privacy=texts):
        circle = actions.start_circle(
            request.user,
            name=data["name"],
            description=data["description"],
            access=data["access"],
            learning_goal=data["learning_goal"],
            goal_due=data["goal_due"],
            theme=data["theme"],
            invite_emails=valid,
            message=data["message"],
            confirmed_privacy=data["confirm_privacy"],
        )
    if valid:
        messages.success(
            request,
            _("Your circle has started. We mailed an invite to %(count)d colleague(s).")
            % {"count": len(valid)},
        )
    else:
        messages.success(request, _("Your circle has started. Now invite a few colleagues."))
    return redirect(circle)


@login_required
def edit(request: MemberRequest, pk: int) -> HttpResponse:
    circle = _circle_or_404(request, pk)
    initial = {
        "name": circle.name,
        "learning_goal": circle.learning_goal,
        "goal_due": circle.goal_due,
        "description": circle.description,
        "access": circle.access,
        "theme": circle.theme.slug if circle.theme else None,
    }
    form = CircleForm(request.POST or None, initial=initial)
    context: dict = {"form": form, "circle": circle}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        texts = {key: data[key] for key in ("name", "learning_goal", "description")}
        with shown_on(request, "circles/edit.html", context, form=form, privacy=texts):
            actions.update_circle(
                request.user,
                circle,
                name=data["name"],
                description=data["description"],
                access=data["access"],
                learning_goal=data["learning_goal"],
                goal_due=data["goal_due"],
                theme=data["theme"],
                confirmed_privacy=data["confirm_privacy"],
            )
        messages.success(request, _("Your changes are saved."))
        return redirect(circle)
    if request.method != "POST":
        actions._require_host(request.user, circle)
    return render(request, "circles/edit.html", context, status=400 if form.errors else 200)


def _post_note(
    request: MemberRequest,
    circle: Circle,
    form: ProgressNoteForm,
    page: Callable[..., HttpResponse],
) -> HttpResponse:
    """Validate the progress-note form and add the note; `page` (called with the status
    and what it needs to say why) shows the form again when it cannot go in."""
    if not form.is_valid():
        return page(status=400)
    body = form.cleaned_data["body"]
    with shown_on(request, page, form=form, privacy={"body": body}):
        actions.add_progress_note(
            request.user, circle, body=body, confirmed_privacy=form.cleaned_data["confirm_privacy"]
        )
    messages.success(request, _("Your progress note is in the circle's learning log."))
    return redirect(circle)


@login_required
@require_POST
def add_note(request: MemberRequest, pk: int) -> HttpResponse:
    circle = _circle_or_404(request, pk)
    form = ProgressNoteForm(request.POST)
    return _post_note(
        request, circle, form, partial(_render_detail, request, circle, note_form=form)
    )


@login_required
def note_by_link(request: MemberRequest, pk: int, token: str) -> HttpResponse:
    """The link in the two-weekly reminder to the hosts: the progress-note form for that
    circle. Forged, expired or someone else's links get a clear page, never a 500."""
    with shown_on(request, "goals/link_invalid.html", {"circles": True}):
        circle = actions.circle_for_note_link(token, request.user, pk)
    form = ProgressNoteForm(request.POST or None)
    context: dict = {"circle": circle, "note_form": form, "token": token}
    if request.method != "POST":
        return render(request, "circles/note_link.html", context)
    return _post_note(
        request, circle, form, template_page(request, "circles/note_link.html", context)
    )


def _goal_step(
    request: MemberRequest, pk: int, step: Callable[[Member, Circle], Circle], done: str
) -> HttpResponse:
    """A host marks the circle's goal reached, or takes it up again."""
    circle = _circle_or_404(request, pk)
    with shown_on(request, partial(_render_detail, request, circle)):
        step(request.user, circle)
    messages.success(request, done)
    return redirect(circle)


@login_required
@require_POST
def reach_goal(request: MemberRequest, pk: int) -> HttpResponse:
    done = _("Well done! The circle's goal is reached; its learning log stays.")
    return _goal_step(request, pk, actions.reach_goal, done)


@login_required
@require_POST
def reopen_goal(request: MemberRequest, pk: int) -> HttpResponse:
    return _goal_step(request, pk, actions.reopen_goal, _("The circle's goal is active again."))


# --- Joining, asking, leaving -------------------------------------------------------------


@login_required
@require_POST
def join(request: MemberRequest, pk: int) -> HttpResponse:
    circle = _circle_or_404(request, pk)
    with shown_on(request, partial(_render_detail, request, circle)):
        actions.join_open_circle(request.user, circle)
    messages.success(request, _("Welcome to the circle!"))
    return redirect(circle)


@login_required
@require_POST
def ask_to_join(request: MemberRequest, pk: int) -> HttpResponse:
    circle = _circle_or_404(request, pk)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, circle, request_form=form, status=400)
    # An error not about the form (asked before, already a member) goes on top of the
    # page: the form may not even show.
    page = partial(_render_detail, request, circle, request_form=form)
    with shown_on(request, page, form=form, others_on_page=True):
        actions.request_to_join(request.user, circle, message=form.cleaned_data["message"])
    messages.success(request, _("Your request is sent. You will hear when a host lets you in."))
    return redirect(circle)


@login_required
@require_POST
def withdraw(request: MemberRequest, pk: int) -> HttpResponse:
    circle = _circle_or_404(request, pk)
    join_request = JoinRequest.objects.filter(
        circle=circle, member=request.user, status=JoinRequest.Status.PENDING
    ).first()
    if join_request is None:
        messages.info(request, _("There was no request waiting."))
        return redirect(circle)
    with shown_on(request, partial(_render_detail, request, circle)):
        actions.withdraw_request(request.user, join_request)
    messages.success(request, _("Your request is withdrawn."))
    return redirect(circle)


@login_required
def leave(request: MemberRequest, pk: int) -> HttpResponse:
    circle = _circle_or_404(request, pk)
    membership = actions.membership_of(circle, request.user)
    if membership is None:
        messages.info(request, _("You are not a member of this circle."))
        return redirect(circle)
    form = LeaveForm(
        request.POST if request.method == "POST" else None, circle=circle, member=request.user
    )
    context = {"circle": circle, "form": form, "membership": membership}
    if request.method == "POST" and form.is_valid():
        with shown_on(request, "circles/leave.html", context, form=form):
            actions.leave_circle(request.user, circle, new_host=form.cleaned_data["new_host"])
        messages.success(request, _("You left the circle."))
        # A secret circle is gone for whoever left it.
        return redirect("circles:list" if circle.is_secret else circle)
    return render(request, "circles/leave.html", context, status=400 if form.errors else 200)


# --- Hosts: requests, members, invitations ------------------------------------------------


def _host_circle_or_404(request: MemberRequest, pk: int) -> Circle:
    circle = _circle_or_404(request, pk)
    actions._require_host(request.user, circle)
    return circle


@login_required
@require_safe
def requests(request: MemberRequest, pk: int) -> HttpResponse:
    circle = _host_circle_or_404(request, pk)
    context = {"circle": circle, "requests": queries.requests_for_hosts(circle)}
    return render(request, "circles/requests.html", context)


def _back_to_requests(
    request: MemberRequest, circle: Circle, *, status: int, error: str
) -> HttpResponse:
    # Decided already (by another host): the list of requests says what is left.
    messages.error(request, error)
    return redirect("circles:requests", pk=circle.pk)


@login_required
@require_POST
def decide(request: MemberRequest, pk: int, request_pk: int) -> HttpResponse:
    circle = _circle_or_404(request, pk)
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("member", "circle"), pk=request_pk, circle=circle
    )
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to let in or to decline."))
        return redirect("circles:requests", pk=circle.pk)
    accept = form.cleaned_data["decision"] == "accept"
    with shown_on(request, partial(_back_to_requests, request, circle)):
        actions.decide_request(request.user, join_request, accept=accept)
    name = join_request.member.name or join_request.member.email
    if accept:
        messages.success(request, _("%(name)s is now a member.") % {"name": name})
    else:
        messages.success(request, _("You declined the request of %(name)s.") % {"name": name})
    return redirect("circles:requests", pk=circle.pk)


@login_required
@require_POST
def remove_member(request: MemberRequest, pk: int, member_pk: int) -> HttpResponse:
    circle = _circle_or_404(request, pk)
    member = get_object_or_404(Member, pk=member_pk)
    with shown_on(request, partial(_render_detail, request, circle)):
        actions.remove_member(request.user, circle, member)
    messages.success(
        request,
        _("%(name)s is no longer a member of the circle.") % {"name": member.name or member.email},
    )
    return redirect(circle)


@login_required
@require_POST
def make_host(request: MemberRequest, pk: int, member_pk: int) -> HttpResponse:
    circle = _circle_or_404(request, pk)
    member = get_object_or_404(Member, pk=member_pk)
    with shown_on(request, partial(_render_detail, request, circle)):
        actions.make_host(request.user, circle, member)
    messages.success(
        request, _("%(name)s is now a host of the circle.") % {"name": member.name or member.email}
    )
    return redirect(circle)


def _render_invite(
    request: MemberRequest, circle: Circle, form: InviteForm, *, status: int = 200
) -> HttpResponse:
    link = (
        absolute_url(reverse("circles:link", kwargs={"token": circle.invite_token}))
        if circle.invite_token
        else ""
    )
    context = {"circle": circle, "form": form, "invite_link": link}
    return render(request, "circles/invite.html", context, status=status)


@login_required
def invite(request: MemberRequest, pk: int) -> HttpResponse:
    circle = _host_circle_or_404(request, pk)
    if request.method != "POST":
        return _render_invite(request, circle, InviteForm())
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _render_invite(request, circle, form, status=400)
    valid, invalid = parse_addresses(form.cleaned_data["emails"])
    if invalid or not valid:
        form.add_error(
            "emails",
            _("These are not e-mail addresses: %(addresses)s") % {"addresses": ", ".join(invalid)}
            if invalid
            else _("Enter at least one e-mail address."),
        )
        return _render_invite(request, circle, form, status=400)
    with shown_on(request, partial(_render_invite, request, circle, form), form=form):
        outcome = actions.invite_by_email(
            request.user, circle, valid, message=form.cleaned_data["message"]
        )
    if outcome.invited:
        messages.success(
            request,
            _("Invite mailed to: %(addresses)s") % {"addresses": ", ".join(outcome.invited)},
        )
    if outcome.already_members:
        messages.info(
            request,
            _("Already in the circle: %(addresses)s")
            % {"addresses": ", ".join(outcome.already_members)},
        )
    return redirect("circles:invite", pk=circle.pk)


@login_required
@require_POST
def invite_link(request: MemberRequest, pk: int) -> HttpResponse:
    circle = _host_circle_or_404(request, pk)
    if request.POST.get("action") == "disable":
        actions.disable_invite_link(request.user, circle)
        messages.success(request, _("The circle's link no longer works."))
    else:
        actions.renew_invite_link(request.user, circle)
        messages.success(request, _("A new link is ready; an older one no longer works."))
    return redirect("circles:invite", pk=circle.pk)


# --- Following an invitation or the circle's link -------------------------------------------


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    request.session[INVITATION_TOKEN] = token
    return redirect("circles:invitation_confirm")


def invitation_confirm(request: HttpRequest) -> HttpResponse:
    """A personal invitation by mail. Opening the link only shows a button (mail scanners
    use nothing up); the POST joins, logging in whoever the mail was for."""
    token = request.session.get(INVITATION_TOKEN, "")
    member = request.user if isinstance(request.user, Member) else None
    with shown_on(request, "circles/invitation_invalid.html", status=400):
        found = actions.find_invitation(token)
        if request.method == "POST":
            accepted = actions.accept_invitation(token, member)
            request.session.pop(INVITATION_TOKEN, None)
            messages.success(request, _("Welcome to the circle!"))
            if member is None:
                return _log_in(request, accepted.login)
            return redirect(accepted.circle)
    return render(request, "circles/invitation.html", {"invitation": found, "member": member})


def link(request: HttpRequest, token: str) -> HttpResponse:
    request.session[LINK_TOKEN] = token
    return redirect("circles:link_confirm")


@login_required
def link_confirm(request: MemberRequest) -> HttpResponse:
    """The circle's shared link: a logged-in member joins with one button."""
    token = request.session.get(LINK_TOKEN, "")
    with shown_on(request, "circles/invitation_invalid.html", status=400):
        circle = actions.find_circle_by_link(token)
        if request.method == "POST":
            actions.join_by_invite_link(token, request.user)
            request.session.pop(LINK_TOKEN, None)
            messages.success(request, _("Welcome to the circle!"))
            return redirect(circle)
    already = actions.membership_of(circle, request.user) is not None
    return render(request, "circles/link.html", {"circle": circle, "already": already})
