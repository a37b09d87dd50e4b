from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from plein.core.actionview import shown_on
from plein.core.http import MemberRequest
from plein.core.mail import absolute_url
from plein.gatherings import actions, calendar, queries
from plein.gatherings.forms import (
    ACTION_FIELDS,
    CancelForm,
    FollowUpForm,
    GatheringFilterForm,
    GatheringForm,
    RsvpForm,
    plannable_circles,
)
from plein.gatherings.models import CalendarFeed, Gathering, Rsvp
from plein.insights.events import count_page_view
from plein.posts.forms import new_submit_key


def _gathering_or_404(request: MemberRequest, pk: int) -> Gathering:
    gathering = queries.visible_gathering(request.user, pk)
    if gathering is None:
        raise Http404
    return gathering


# --- Lists -----------------------------------------------------------------------------------


@login_required
@require_safe
def gathering_list(request: MemberRequest) -> HttpResponse:
    form = GatheringFilterForm(request.GET)
    valid = form.is_valid()
    filters = form.cleaned_data if valid else {}
    past = filters.get("when") == "past"
    page = queries.gathering_list_page(
        request.user, past=past, theme=filters.get("theme"), cursor=filters.get("after", "")
    )
    context = {"form": form, "page": page, "past": past, "theme": filters.get("theme")}
    return render(request, "gatherings/gathering_list.html", context, status=200 if valid else 400)


# --- One gathering ---------------------------------------------------------------------------


def _render_detail(
    request: MemberRequest, gathering: Gathering, *, status: int = 200, **extra: object
) -> HttpResponse:
    detail = queries.detail_for(request.user, gathering)
    mine = detail.my_rsvp
    context = {
        "gathering": gathering,
        "detail": detail,
        "may_manage": actions.may_manage(request.user, gathering),
        "listed": mine.listed if mine else True,
        "note_form": extra.pop("note_form", None)
        or FollowUpForm(initial={"submit_key": new_submit_key()}),
        **extra,
    }
    # The door's hosts are the same people as the organiser tools' (plein.gatherings.door).
    if context["may_manage"] and not gathering.is_cancelled and not gathering.is_past:
        context["door_url"] = reverse("gatherings:door", kwargs={"pk": gathering.pk})
    if gathering.has_started and not gathering.is_cancelled:
        context["may_follow_up"] = actions.may_follow_up(request.user, gathering)
    return render(request, "gatherings/gathering_detail.html", context, status=status)


@login_required
@require_safe
def gathering_detail(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = _gathering_or_404(request, pk)
    if request.method == "GET":
        count_page_view("gathering", gathering.theme_id)
    return _render_detail(request, gathering)


@login_required
@require_POST
def rsvp(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = _gathering_or_404(request, pk)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        return _render_detail(
            request, gathering, status=400, error=_("Choose going, maybe or not going.")
        )
    with shown_on(request, partial(_render_detail, request, gathering)):
        result = actions.rsvp(
            request.user, gathering, form.cleaned_data["status"], listed=form.cleaned_data["listed"]
        )
    status = result.rsvp.status
    if result.waitlisted:
        messages.warning(
            request,
            _(
                "The gathering is full: you are on the waiting list (number %(position)d). "
                "When a seat comes free it is yours at once, and we let you know."
            )
            % {"position": result.position or 1},
        )
    elif status == Rsvp.Status.GOING:
        messages.success(request, _("You are going. See you there!"))
    elif status == Rsvp.Status.MAYBE:
        messages.success(request, _("Noted: maybe. You will get the reminder and any changes."))
    else:
        messages.success(request, _("Noted: you are not going."))
    return redirect(gathering)


@login_required
@require_POST
def add_note(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = _gathering_or_404(request, pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, gathering, note_form=form, status=400)
    data = form.cleaned_data
    page = partial(_render_detail, request, gathering, note_form=form)
    with shown_on(request, page, form=form, privacy={"body": data["body"]}):
        actions.add_followup(
            request.user,
            gathering,
            body=data["body"],
            confirmed_privacy=data["confirm_privacy"],
            submit_key=data["submit_key"],
        )
    messages.success(request, _("Your note is added to the follow-up."))
    return redirect(f"{gathering.get_absolute_url()}#follow-up")


# --- Planning, editing, cancelling -------------------------------------------------------------


@login_required
def plan(request: MemberRequest) -> HttpResponse:
    """Plan a gathering. GET ?theme=slug and ?circle=pk preselect them."""
    member = request.user
    if request.method != "POST":
        initial: dict = {"submit_key": new_submit_key(), "theme": request.GET.get("theme")}
        circle_pk = request.GET.get("circle", "")
        if circle_pk.isdigit():
            circle = plannable_circles(member).filter(pk=int(circle_pk)).first()
            if circle is not None:
                initial["circle"] = circle
                if circle.theme_id and not initial["theme"]:
                    initial["theme"] = circle.theme.slug if circle.theme else None
        form = GatheringForm(initial=initial, member=member)
        return render(request, "gatherings/plan.html", {"form": form})
    form = GatheringForm(request.POST, member=member)
    if not form.is_valid():
        return render(request, "gatherings/plan.html", {"form": form}, status=400)
    data = form.cleaned_data
    texts = {key: data[key] for key in ("title", "description", "location")}
    with shown_on(
        request,
        "gatherings/plan.html",
        {"form": form},
        form=form,
        privacy=texts,
        fields=ACTION_FIELDS,
    ):
        gathering = actions.plan_gathering(
            member,
            title=data["title"],
            description=data["description"],
            theme=data["theme"],
            circle=data["circle"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data["location"],
            online_url=data["online_url"],
            capacity=data["capacity"],
            confirmed_privacy=data["confirm_privacy"],
            submit_key=data["submit_key"],
        )
    messages.success(request, _("The gathering is planned. Members can sign up now."))
    return redirect(gathering)


@login_required
def edit(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = _gathering_or_404(request, pk)
    if not actions.may_manage(request.user, gathering):
        return render(request, "403.html", status=403)
    if gathering.is_cancelled:
        messages.error(request, _("This gathering has been cancelled; it cannot be changed."))
        return redirect(gathering)
    initial = GatheringForm.initial_for(gathering)
    context: dict = {"gathering": gathering}
    if request.method != "POST":
        context["form"] = GatheringForm(initial=initial, member=request.user, editing=True)
        return render(request, "gatherings/edit.html", context)
    form = GatheringForm(request.POST, initial=initial, member=request.user, editing=True)
    context["form"] = form
    if not form.is_valid():
        return render(request, "gatherings/edit.html", context, status=400)
    data = form.cleaned_data
    texts = {key: data[key] for key in ("title", "description", "location")}
    with shown_on(
        request, "gatherings/edit.html", context, form=form, privacy=texts, fields=ACTION_FIELDS
    ):
        actions.edit_gathering(
            request.user,
            gathering,
            title=data["title"],
            description=data["description"],
            theme=data["theme"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data["location"],
            online_url=data["online_url"],
            capacity=data["capacity"],
            confirmed_privacy=data["confirm_privacy"],
        )
    messages.success(request, _("Your changes are saved. Members who signed up are told."))
    return redirect(gathering)


@login_required
def cancel(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = _gathering_or_404(request, pk)
    if not actions.may_manage(request.user, gathering):
        return render(request, "403.html", status=403)
    context: dict = {"gathering": gathering}
    if request.method != "POST":
        context["form"] = CancelForm()
        return render(request, "gatherings/confirm_cancel.html", context)
    form = CancelForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render(request, "gatherings/confirm_cancel.html", context, status=400)
    reason = form.cleaned_data["reason"]
    page = "gatherings/confirm_cancel.html"
    with shown_on(request, page, context, form=form, privacy={"reason": reason}):
        actions.cancel_gathering(request.user, gathering, reason=reason)
    messages.success(request, _("The gathering is cancelled. Everyone who signed up is told."))
    return redirect(gathering)


# --- Calendars ---------------------------------------------------------------------------------


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def gathering_ics(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = _gathering_or_404(request, pk)
    return _ics(calendar.gathering_calendar(gathering), f"gathering-{gathering.pk}.ics")


@login_required
@never_cache
def calendar_page(request: MemberRequest) -> HttpResponse:
    """Get, copy, renew or stop the secret address of one's calendar feed."""
    if request.method == "POST":
        what = request.POST.get("action")
        if what == "revoke":
            actions.revoke_calendar_feed(request.user)
            messages.success(request, _("Your calendar address no longer works."))
        elif what == "renew":
            actions.renew_calendar_feed(request.user)
            messages.success(
                request,
                _("You have a new calendar address. The old one no longer works."),
            )
        else:
            actions.calendar_feed_for(request.user)
        return redirect("gatherings:calendar")
    feed = CalendarFeed.objects.filter(member=request.user).first()
    feed_url = ""
    if feed is not None:
        feed_url = absolute_url(reverse("gatherings:calendar_feed", kwargs={"token": feed.token}))
    context = {
        "feed": feed,
        "feed_url": feed_url,
        "webcal_url": feed_url.replace("https://", "webcal://").replace("http://", "webcal://"),
        "site_name": settings.PLEIN_SITE_NAME,
    }
    return render(request, "gatherings/calendar.html", context)


@require_safe
@never_cache
def calendar_feed(request: MemberRequest, token: str) -> HttpResponse:
    """The personal feed, polled by calendar apps without a login: the secret address is
    the key. A renewed or stopped address, or a member who left, gets 404 and nothing
    else; what is in it is decided by visible_to at every poll."""
    feed = (
        CalendarFeed.objects.select_related("member")
        .filter(token=token, member__is_active=True)
        .first()
        if token
        else None
    )
    if feed is None:
        raise Http404
    gatherings = queries.feed_gatherings(feed.member)
    response = _ics(calendar.feed_calendar(gatherings), "plein.ics")
    response["Content-Disposition"] = 'inline; filename="plein.ics"'
    response["Referrer-Policy"] = "no-referrer"
    return response
