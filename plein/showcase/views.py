"""The community manager's shop window pages. Everything under /showcase/ answers 404 to
members who are not community managers (visitors are sent to log in first): a member
has no business there, and 404 is what the rest of Plein answers for pages that are not
theirs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from plein.core.actionview import shown_on
from plein.core.http import MemberRequest
from plein.members.models import Member
from plein.posts.models import Post, Reply
from plein.showcase import actions, queries
from plein.showcase.forms import FeatureForm, TargetForm, WhyForm
from plein.showcase.models import Feature, Suggestion


def _require_manager(request: MemberRequest) -> None:
    if not request.user.is_community_manager:
        raise Http404


@login_required
@require_safe
def manage(request: MemberRequest) -> HttpResponse:
    _require_manager(request)
    context = {
        "suggestions": queries.pending_suggestions(request.user),
        "features": queries.current_features(request.user),
    }
    return render(request, "showcase/manage.html", context)


def _target(request: MemberRequest) -> dict:
    """The post, answer or member named in the query string, found through the
    visibility rules; 404 when there is none."""
    form = TargetForm(request.GET)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    viewer = request.user
    if data.get("post"):
        post = Post.objects.visible_to(viewer).select_related("theme").filter(pk=data["post"])
        return {"post": get_object_or_404(post)}
    if data.get("reply"):
        reply = Reply.objects.visible_to(viewer).select_related("post__theme")
        return {"reply": get_object_or_404(reply, pk=data["reply"])}
    member = Member.objects.select_related("organisation").filter(is_active=True)
    return {"member": get_object_or_404(member, pk=data["member"])}


@login_required
def new(request: MemberRequest) -> HttpResponse:
    """The feature form: /showcase/new/?post=<pk> (or ?reply=, ?member=)."""
    _require_manager(request)
    target = _target(request)
    theme = actions.default_theme(**target)
    form = FeatureForm(request.POST or None, initial={"theme": theme.slug if theme else None})
    context: dict = {
        "form": form,
        "target": queries.target_for(Feature(**target), request.user),
        "query": request.GET.urlencode(),
    }
    if request.method != "POST":
        return render(request, "showcase/new.html", context)
    if not form.is_valid():
        return render(request, "showcase/new.html", context, status=400)
    data = form.cleaned_data
    privacy = {"why": data["why"]}
    with shown_on(request, "showcase/new.html", context, form=form, privacy=privacy):
        actions.feature(
            request.user,
            **target,
            why=data["why"],
            theme=data["theme"],
            confirmed_privacy=data["confirm_privacy"],
        )
    messages.success(request, _("It is in the shop window now."))
    return redirect("showcase:manage")


def _suggestion_or_404(pk: int) -> Suggestion:
    rows = Suggestion.objects.select_related(*queries._RELATED[:-1])
    return get_object_or_404(rows, pk=pk)


@login_required
def accept(request: MemberRequest, pk: int) -> HttpResponse:
    """Accept a suggestion with a why. The manager's page posts here; a GET (or a form
    with a mistake) shows the suggestion on a page of its own."""
    _require_manager(request)
    suggestion = _suggestion_or_404(pk)
    form = WhyForm(request.POST or None)
    context: dict = {
        "form": form,
        "suggestion": suggestion,
        "target": queries.target_for(suggestion, request.user),
    }
    if request.method != "POST":
        return render(request, "showcase/accept.html", context)
    if not form.is_valid():
        return render(request, "showcase/accept.html", context, status=400)
    privacy = {"why": form.cleaned_data["why"]}
    with shown_on(request, "showcase/accept.html", context, form=form, privacy=privacy):
        actions.accept_suggestion(
            request.user,
            suggestion,
            why=form.cleaned_data["why"],
            confirmed_privacy=form.cleaned_data["confirm_privacy"],
        )
    messages.success(request, _("It is in the shop window now."))
    return redirect("showcase:manage")


@login_required
@require_POST
def dismiss(request: MemberRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    actions.dismiss_suggestion(request.user, _suggestion_or_404(pk))
    messages.success(request, _("Suggestion dismissed."))
    return redirect("showcase:manage")


@login_required
@require_POST
def take_down(request: MemberRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    actions.unfeature(request.user, get_object_or_404(Feature, pk=pk))
    messages.success(request, _("Taken out of the shop window."))
    return redirect(reverse("showcase:manage"))
