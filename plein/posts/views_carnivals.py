"""Blog carnival pages: the list and a carnival's page (public: blogs outside Plein link
to it and send their Webmentions for it), the forms to open, edit and delete one, to take
part (enter a post, register an address), the host's moderation queue and the roundup.
A deleted or unknown carnival answers 404; who may do what is the actions' rule, and a
refusal is said on the page (403 or 400), never a 500."""

from collections.abc import Callable
from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plein.core.actionview import Page, shown_on
from plein.core.http import MemberRequest
from plein.core.mail import absolute_url
from plein.members.models import Member
from plein.posts import carnivals, carnivals_queries
from plein.posts.forms_carnivals import (
    CarnivalForm,
    EnterPostForm,
    RegisterAddressForm,
    RoundupForm,
)
from plein.posts.models import Carnival, CarnivalEntry


def _carnival_or_404(request: HttpRequest, pk: int) -> Carnival:
    carnival = carnivals_queries.visible_carnival(request.user, pk)
    if carnival is None:
        raise Http404
    return carnival


def _entry_or_404(carnival: Carnival, entry_pk: int) -> CarnivalEntry:
    entry = carnivals_queries.entry_of(carnival, entry_pk)
    if entry is None:
        raise Http404
    return entry


def _not_allowed(request: HttpRequest, carnival: Carnival | None, message: str) -> HttpResponse:
    # Not "error": base.html would say it a second time above the page.
    context = {"carnival": carnival, "message": message}
    return render(request, "posts/carnivals/not_allowed.html", context, status=403)


def _host_only(request: HttpRequest, carnival: Carnival) -> HttpResponse:
    message = _("Only the host of this blog carnival or a community manager can do this.")
    return _not_allowed(request, carnival, message)


def webmention_endpoint() -> str:
    return absolute_url(reverse("posts:webmention"))


# --- The list and one carnival -----------------------------------------------------------


def carnival_list(request: HttpRequest) -> HttpResponse:
    context = {
        "carnivals": carnivals_queries.carnival_list(request.user),
        "may_open": getattr(request.user, "is_community_manager", False),
    }
    return render(request, "posts/carnivals/list.html", context)


def _render_carnival(
    request: HttpRequest, carnival: Carnival, *, status: int = 200, **extra: object
) -> HttpResponse:
    viewer = request.user
    page = carnivals_queries.entries_page(
        carnival,
        viewer,
        cursor=request.GET.get("after", "")[:200],
    )
    may_host = carnivals.may_host(viewer, carnival)
    member = viewer if viewer.is_authenticated else None
    takes_part = member is not None and carnival.accepts_entries
    context = {
        "carnival": carnival,
        "page": page,
        "may_host": may_host,
        "own_entries": carnivals_queries.own_entries(carnival, viewer),
        "takes_part": takes_part,
        "enter_form": extra.pop("enter_form", None)
        or (EnterPostForm(member=member, carnival=carnival) if takes_part else None),  # type: ignore[arg-type]
        "register_form": extra.pop("register_form", None) or RegisterAddressForm(),
        "page_url": absolute_url(carnival.get_absolute_url()),
        "webmention_url": webmention_endpoint(),
        **extra,
    }
    response = render(request, "posts/carnivals/carnival.html", context, status=status)
    # W3C Webmention discovery: the header, and <link rel="webmention"> in the page.
    response["Link"] = f'<{context["webmention_url"]}>; rel="webmention"'
    return response


def carnival(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_carnival(request, _carnival_or_404(request, pk))


# --- Opening, editing, deleting ----------------------------------------------------------


@login_required
def new_carnival(request: MemberRequest) -> HttpResponse:
    if not request.user.is_community_manager:
        message = _("Only community managers can open a blog carnival.")
        return _not_allowed(request, None, message)
    return _carnival_form(request, None)


@login_required
def edit_carnival(request: MemberRequest, pk: int) -> HttpResponse:
    carnival = _carnival_or_404(request, pk)
    if not carnivals.may_host(request.user, carnival):
        return _host_only(request, carnival)
    return _carnival_form(request, carnival)


def _carnival_form(request: MemberRequest, carnival: Carnival | None) -> HttpResponse:
    """Open a carnival (`carnival` None) or edit one; the caller checked who may."""
    initial = CarnivalForm.initial_for(carnival) if carnival is not None else None
    form = CarnivalForm(request.POST or None, initial=initial)
    context: dict = {"form": form, "carnival": carnival}
    if request.method != "POST" or not form.is_valid():
        status = 400 if form.errors else 200
        return render(request, "posts/carnivals/form.html", context, status=status)
    texts = {name: form.cleaned_data[name] for name in ("title", "intro")}
    with shown_on(request, "posts/carnivals/form.html", context, form=form, privacy=texts):
        if carnival is None:
            carnival = carnivals.open_carnival(request.user, **form.action_fields())
            done = _("The blog carnival is open. Invite people to take part!")
        else:
            carnivals.edit_carnival(request.user, carnival, **form.action_fields())
            done = _("Your changes are saved.")
    messages.success(request, done)
    return redirect(carnival)


@login_required
def delete_carnival(request: MemberRequest, pk: int) -> HttpResponse:
    carnival = _carnival_or_404(request, pk)
    if request.method == "POST":
        carnivals.delete_carnival(request.user, carnival)
        messages.success(request, _("The blog carnival has been deleted."))
        return redirect("posts:carnivals")
    if not carnivals.may_host(request.user, carnival):
        return _host_only(request, carnival)
    return render(request, "posts/carnivals/confirm_delete.html", {"carnival": carnival})


# --- Taking part -------------------------------------------------------------------------


def _refused(
    request: HttpRequest, carnival: Carnival, form: forms.Form, field: str, form_name: str
) -> Page:
    """A refused entry: the message beside the field, or on top of the page when the
    carnival no longer shows its forms (it closed)."""

    def page(*, status: int, error: str) -> HttpResponse:
        if carnival.accepts_entries:
            form.add_error(field, error)
            return _render_carnival(request, carnival, status=status, **{form_name: form})
        return _render_carnival(request, carnival, status=status, error=error)

    return page


@login_required
@require_POST
def enter_post(request: MemberRequest, pk: int) -> HttpResponse:
    carnival = _carnival_or_404(request, pk)
    form = EnterPostForm(request.POST, member=request.user, carnival=carnival)
    if not form.is_valid():
        return _render_carnival(request, carnival, status=400, enter_form=form)
    with shown_on(request, _refused(request, carnival, form, "post", "enter_form")):
        carnivals.enter_post(request.user, carnival, form.cleaned_data["post"])
    messages.success(request, _("Your post has joined the blog carnival."))
    return redirect(carnival)


@login_required
@require_POST
def register_address(request: MemberRequest, pk: int) -> HttpResponse:
    carnival = _carnival_or_404(request, pk)
    form = RegisterAddressForm(request.POST)
    if not form.is_valid():
        return _render_carnival(request, carnival, status=400, register_form=form)
    with shown_on(request, _refused(request, carnival, form, "url", "register_form")):
        carnivals.register_address(request.user, carnival, form.cleaned_data["url"])
    messages.success(
        request,
        _("Thank you. We are checking your blog post; it appears here once that is done."),
    )
    return redirect(carnival)


def _entry_step(
    request: MemberRequest,
    pk: int,
    entry_pk: int,
    step: Callable[[Member, CarnivalEntry], object],
    done: str,
) -> HttpResponse:
    """One POST on one entry (withdraw, check again, approve, reject): the action, then
    back to where the button was; a refusal is said on the carnival page."""
    carnival = _carnival_or_404(request, pk)
    entry = _entry_or_404(carnival, entry_pk)
    with shown_on(request, partial(_render_carnival, request, carnival)):
        step(request.user, entry)
    messages.success(request, done)
    back = request.POST.get("next", "")
    if back == "queue" and carnivals.may_host(request.user, carnival):
        return redirect("posts:carnival_queue", pk=carnival.pk)
    return redirect(carnival)


@login_required
@require_POST
def withdraw_entry(request: MemberRequest, pk: int, entry_pk: int) -> HttpResponse:
    return _entry_step(
        request, pk, entry_pk, carnivals.withdraw_entry, _("The entry has been taken out.")
    )


@login_required
@require_POST
def check_entry_again(request: MemberRequest, pk: int, entry_pk: int) -> HttpResponse:
    return _entry_step(
        request, pk, entry_pk, carnivals.check_again, _("We are checking the address again.")
    )


@login_required
@require_POST
def approve_entry(request: MemberRequest, pk: int, entry_pk: int) -> HttpResponse:
    return _entry_step(request, pk, entry_pk, carnivals.approve_entry, _("The entry is published."))


@login_required
@require_POST
def reject_entry(request: MemberRequest, pk: int, entry_pk: int) -> HttpResponse:
    return _entry_step(request, pk, entry_pk, carnivals.reject_entry, _("The entry is rejected."))


# --- The host's pages ---------------------------------------------------------------------


@login_required
def carnival_queue(request: MemberRequest, pk: int) -> HttpResponse:
    carnival = _carnival_or_404(request, pk)
    if not carnivals.may_host(request.user, carnival):
        return _host_only(request, carnival)
    waiting, failed = carnivals_queries.moderation_queue(carnival)
    context = {"carnival": carnival, "waiting": waiting, "failed": failed}
    return render(request, "posts/carnivals/queue.html", context)


@login_required
def roundup(request: MemberRequest, pk: int) -> HttpResponse:
    carnival = _carnival_or_404(request, pk)
    if not carnivals.may_host(request.user, carnival):
        return _host_only(request, carnival)
    form = RoundupForm(request.POST or None, initial={"text": carnival.roundup})
    context: dict = {"form": form, "carnival": carnival}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        page = "posts/carnivals/roundup.html"
        with shown_on(request, page, context, form=form, privacy={"text": data["text"]}):
            carnivals.write_roundup(
                request.user, carnival, text=data["text"], confirmed_privacy=data["confirm_privacy"]
            )
        messages.success(request, _("The roundup is published."))
        return redirect(carnival)
    status = 400 if form.errors else 200
    return render(request, "posts/carnivals/roundup.html", context, status=status)
