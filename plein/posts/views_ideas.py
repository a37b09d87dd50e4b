"""Idea pages: the board by stage, an idea with its people and timeline, and the forms to
post, edit, join, leave and update. Ideas are found through the visibility rule, so an idea
in a closed circle answers 404 to whoever may not read it (a guessed id tells nothing)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plein.core.actionview import Page, shown_on
from plein.core.http import MemberRequest
from plein.insights.events import count_page_view
from plein.posts import ideas, ideas_queries
from plein.posts.actions import TITLE_MAX
from plein.posts.forms import HideForm, new_submit_key
from plein.posts.forms_ideas import (
    EditIdeaForm,
    IdeaBoardFilterForm,
    IdeaForm,
    IdeaUpdateForm,
    JoinIdeaForm,
)
from plein.posts.models import Post
from plein.posts.views import hide_through_form


def _idea_or_404(request: MemberRequest, pk: int) -> Post:
    idea = ideas_queries.visible_idea(request.user, pk)
    if idea is None:
        raise Http404
    return idea


def _idea_form_page(request: MemberRequest, idea: Post, name: str, form: object) -> Page:
    """The idea page again with the failed form `name` ("join" or "update") as typed; the
    privacy box, if the guard found something, says it is about that form."""

    def page(*, status: int, **extra: object) -> HttpResponse:
        if "privacy_findings" in extra:
            extra["privacy_form"] = name
        return _render_idea(request, idea, status=status, **{f"{name}_form": form}, **extra)

    return page


# --- The board ----------------------------------------------------------------------------


@login_required
def board(request: MemberRequest) -> HttpResponse:
    form = IdeaBoardFilterForm(request.GET)
    valid = form.is_valid()
    filters = form.cleaned_data if valid else {}
    theme, stage = filters.get("theme"), filters.get("stage", "")
    context: dict = {"form": form, "theme": theme, "stage": stage}
    if stage:
        context["stage_label"] = Post.Stage(stage).label
        context["page"] = ideas_queries.stage_page(
            request.user, stage, theme=theme, cursor=filters.get("after", "")
        )
    else:
        context["board"] = ideas_queries.idea_board(request.user, theme=theme)
    return render(request, "posts/ideas/board.html", context, status=200 if valid else 400)


# --- Posting and editing ------------------------------------------------------------------


@login_required
def new_idea(request: MemberRequest) -> HttpResponse:
    if request.method != "POST":
        initial = {
            "submit_key": new_submit_key(),
            "theme": request.GET.get("theme"),
            "title": request.GET.get("title", "")[:TITLE_MAX],
            "circle": request.GET.get("circle"),
        }
        form = IdeaForm(initial=initial, member=request.user)
        return render(request, "posts/ideas/new.html", {"form": form})
    form = IdeaForm(request.POST, member=request.user)
    if not form.is_valid():
        return render(request, "posts/ideas/new.html", {"form": form}, status=400)
    data = form.cleaned_data
    texts = {k: data[k] for k in ("title", "problem", "body", "needs")}
    with shown_on(request, "posts/ideas/new.html", {"form": form}, form=form, privacy=texts):
        idea = ideas.post_idea(
            request.user,
            theme=data["theme"],
            title=data["title"],
            problem=data["problem"],
            idea=data["body"],
            needs=data["needs"],
            circle=data.get("circle"),
            confirmed_privacy=data["confirm_privacy"],
            submit_key=data["submit_key"],
        )
    messages.success(
        request, _("Your idea is posted. We will let you know when someone says “I'm in”.")
    )
    return redirect(idea)


@login_required
def edit_idea(request: MemberRequest, pk: int) -> HttpResponse:
    idea = _idea_or_404(request, pk)
    if idea.author_id != request.user.pk:
        return _render_idea(
            request, idea, status=403, error=_("Only the author can change this idea.")
        )
    initial = {
        "title": idea.title,
        "problem": idea.problem,
        "body": idea.body,
        "needs": idea.needs,
        "theme": idea.theme.slug,
    }
    form = EditIdeaForm(request.POST or None, initial=initial)
    context: dict = {"form": form, "idea": idea}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        texts = {k: data[k] for k in ("title", "problem", "body", "needs")}
        with shown_on(request, "posts/ideas/edit.html", context, form=form, privacy=texts):
            ideas.edit_idea(
                request.user,
                idea,
                title=data["title"],
                problem=data["problem"],
                body=data["body"],
                needs=data["needs"],
                theme=data["theme"],
                confirmed_privacy=data["confirm_privacy"],
            )
        messages.success(request, _("Your changes are saved."))
        return redirect(idea)
    return render(request, "posts/ideas/edit.html", context, status=400 if form.errors else 200)


# --- An idea ------------------------------------------------------------------------------


def _render_idea(
    request: MemberRequest, idea: Post, *, status: int = 200, **extra: object
) -> HttpResponse:
    page = ideas_queries.idea_page(idea, request.user)
    may_update = ideas.may_update(request.user, idea)
    failed_update = extra.get("update_form")
    if isinstance(failed_update, IdeaUpdateForm):
        # Shown again with what was typed, offering only the stages the idea may move to.
        failed_update.limit_stages(ideas.next_stages(idea))
    context = {
        "idea": idea,
        "page": page,
        "is_author": idea.author_id == request.user.pk,
        "may_update": may_update,
        "join_form": extra.pop("join_form", None) or JoinIdeaForm(),
        "update_form": extra.pop("update_form", None)
        or (
            IdeaUpdateForm(stages=ideas.next_stages(idea), initial={"stage": idea.stage})
            if may_update
            else None
        ),
        "stages": [(value, label) for value, label in Post.Stage.choices],
        "hide_form": extra.pop("hide_form", None) or HideForm(),
        **extra,
    }
    return render(request, "posts/ideas/idea.html", context, status=status)


@login_required
def idea(request: MemberRequest, pk: int) -> HttpResponse:
    found = _idea_or_404(request, pk)
    if request.method == "GET":
        count_page_view("idea", found.theme_id)
    return _render_idea(request, found)


@login_required
@require_POST
def join_idea(request: MemberRequest, pk: int) -> HttpResponse:
    idea = _idea_or_404(request, pk)
    form = JoinIdeaForm(request.POST)
    if not form.is_valid():
        return _render_idea(request, idea, status=400, join_form=form)
    brings = form.cleaned_data["brings"]
    # Any other refusal is said on top of the page: after joining (or on one's own idea)
    # the form is gone.
    page = _idea_form_page(request, idea, "join", form)
    with shown_on(request, page, privacy={"brings": brings}):
        ideas.join_idea(
            request.user,
            idea,
            brings=brings,
            confirmed_privacy=form.cleaned_data["confirm_privacy"],
        )
    messages.success(request, _("You are in. The author has been told."))
    return redirect(idea)


@login_required
@require_POST
def leave_idea(request: MemberRequest, pk: int) -> HttpResponse:
    idea = _idea_or_404(request, pk)
    with shown_on(request, partial(_render_idea, request, idea)):
        ideas.leave_idea(request.user, idea)
    messages.success(request, _("You are no longer in this idea."))
    return redirect(idea)


@login_required
@require_POST
def update_idea(request: MemberRequest, pk: int) -> HttpResponse:
    idea = _idea_or_404(request, pk)
    if not ideas.may_update(request.user, idea):
        # Said before the form is read, so nobody learns more than that.
        message = _(
            "Only the author of the idea or a community manager can post an update or change its stage."
        )
        return _render_idea(request, idea, status=403, error=message)
    # All stages are valid choices here: the action says why a move is not allowed.
    form = IdeaUpdateForm(request.POST)
    if not form.is_valid():
        return _render_idea(request, idea, status=400, update_form=form)
    data = form.cleaned_data
    page = _idea_form_page(request, idea, "update", form)
    texts = {"body": data["body"], "lessons": data["lessons"]}
    with shown_on(request, page, form=form, privacy=texts):
        ideas.update_idea(
            request.user,
            idea,
            stage=data["stage"],
            body=data["body"],
            lessons=data["lessons"],
            confirmed_privacy=data["confirm_privacy"],
        )
    messages.success(request, _("Your update is posted; everyone who is in will hear of it."))
    return redirect(idea)


@login_required
@require_POST
def hide_idea(request: MemberRequest, pk: int) -> HttpResponse:
    """A community manager hides an idea and tells its author why, as for stories and blog
    posts (the same action and form): it leaves the board and search for everyone else."""
    idea = _idea_or_404(request, pk)
    done = _("It is hidden and its author has been told why.")
    return hide_through_form(request, idea, _render_idea, reverse("posts:ideas"), done)
