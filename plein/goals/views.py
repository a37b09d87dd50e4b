"""Learning goal pages. A goal is found through LearningGoal.objects.visible_to, so
someone else's private goal answers 404 (never 403: a guessed id tells nothing); a circle
member reads a shared goal, and only its own member changes it or checks in."""

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from plein.core.actionview import shown_on, template_page
from plein.core.http import MemberRequest
from plein.goals import actions, queries
from plein.goals.forms import CheckInForm, GoalForm
from plein.goals.models import LearningGoal


def _goal_or_404(request: MemberRequest, pk: int) -> LearningGoal:
    goal = queries.visible_goal(request.user, pk)
    if goal is None:
        raise Http404
    return goal


def _safe_next(request: MemberRequest) -> str | None:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return None


# --- My goals -------------------------------------------------------------------------------


@login_required
def goal_list(request: MemberRequest) -> HttpResponse:
    """My goals, active first with their learning log, and the form to set a new one."""
    form = GoalForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        page = partial(_render_list, request, form)
        with shown_on(request, page, form=form, privacy={"text": data["text"]}):
            goal = actions.set_goal(
                request.user,
                text=data["text"],
                due=data["due"],
                circle=data["circle"],
                confirmed_privacy=data["confirm_privacy"],
            )
        messages.success(
            request,
            _(
                "Your learning goal is set. Every two weeks we ask you in one line what you learned."
            ),
        )
        return redirect(goal)
    return _render_list(request, form, status=400 if form.errors else 200)


def _render_list(
    request: MemberRequest, form: GoalForm, *, status: int, **extra: object
) -> HttpResponse:
    context = {"form": form, "goals": queries.my_goals(request.user), **extra}
    return render(request, "goals/goal_list.html", context, status=status)


# --- One goal ------------------------------------------------------------------------------


def _render_detail(
    request: MemberRequest, goal: LearningGoal, *, status: int = 200, **extra: object
) -> HttpResponse:
    is_owner = goal.member_id == request.user.pk
    context = {
        "goal": goal,
        "is_owner": is_owner,
        "log": queries.learning_log(goal),
        "checkin_form": extra.pop("checkin_form", None) or CheckInForm(),
        # Suggestions are for the learner; a circle member reads the goal and the log.
        "suggestions": queries.suggestions_for(request.user, goal.text)
        if is_owner and goal.is_active
        else None,
        **extra,
    }
    return render(request, "goals/goal_detail.html", context, status=status)


@login_required
@require_safe
def goal_detail(request: MemberRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _goal_or_404(request, pk))


def _check_in(
    request: MemberRequest,
    goal: LearningGoal,
    form: CheckInForm,
    page: Callable[..., HttpResponse],
    done: Callable[[], str],
) -> HttpResponse:
    """Validate and check in, then on to done(); else `page` shows the form again."""
    if not form.is_valid():
        return page(status=400)
    data = form.cleaned_data
    texts = {"learned": data["learned"], "next": data["next"]}
    # An error not about what was typed (a completed goal) is said on top of the page,
    # where a reader without the form sees it too.
    with shown_on(request, page, form=form, privacy=texts, others_on_page=True):
        actions.check_in(
            request.user,
            goal,
            learned=data["learned"],
            next=data["next"],
            confirmed_privacy=data["confirm_privacy"],
        )
    messages.success(request, _("Thank you. Your check-in is in your learning log."))
    return redirect(done())


@login_required
@require_POST
def check_in(request: MemberRequest, pk: int) -> HttpResponse:
    """The check-in form of the goal page and of the start page (which sends `next`)."""
    goal = _goal_or_404(request, pk)
    form = CheckInForm(request.POST)
    page = partial(_render_detail, request, goal, checkin_form=form)
    return _check_in(
        request, goal, form, page, lambda: _safe_next(request) or goal.get_absolute_url()
    )


@login_required
def check_in_by_link(request: MemberRequest, pk: int, token: str) -> HttpResponse:
    """The link in the reminder mail: the one-line check-in form for that goal. A link
    that is forged, expired or for someone else's goal gets a clear page, never a 500."""
    with shown_on(request, "goals/link_invalid.html"):
        goal = actions.goal_for_token(token, request.user, pk)
    form = CheckInForm(request.POST or None)
    context: dict = {"goal": goal, "form": form, "token": token}
    if not goal.is_active:
        context["error"] = _("This goal is completed. Reopen it to check in again.")
        return render(request, "goals/checkin_link.html", context)
    if request.method != "POST":
        return render(request, "goals/checkin_link.html", context)
    page = template_page(request, "goals/checkin_link.html", context)
    return _check_in(request, goal, form, page, goal.get_absolute_url)


@login_required
def adjust(request: MemberRequest, pk: int) -> HttpResponse:
    goal = _goal_or_404(request, pk)
    if goal.member_id != request.user.pk:
        return _render_detail(
            request, goal, status=403, error=_("Only the member whose goal this is can change it.")
        )
    initial = {"text": goal.text, "due": goal.due, "circle": goal.circle_id}
    form = GoalForm(request.POST or None, member=request.user, initial=initial)
    context: dict = {"form": form, "goal": goal}
    if request.method != "POST":
        return render(request, "goals/adjust.html", context)
    if not form.is_valid():
        return render(request, "goals/adjust.html", context, status=400)
    data = form.cleaned_data
    privacy = {"text": data["text"]}
    with shown_on(request, "goals/adjust.html", context, form=form, privacy=privacy):
        actions.adjust_goal(
            request.user,
            goal,
            text=data["text"],
            due=data["due"],
            circle=data["circle"],
            confirmed_privacy=data["confirm_privacy"],
        )
    messages.success(request, _("Your goal is adjusted. Your learning log stays as it was."))
    return redirect(goal)


@login_required
@require_POST
def complete(request: MemberRequest, pk: int) -> HttpResponse:
    goal = _goal_or_404(request, pk)
    with shown_on(request, partial(_render_detail, request, goal)):
        actions.complete_goal(request.user, goal)
    messages.success(request, _("Well done! Your goal is completed; its learning log stays here."))
    return redirect(goal)


@login_required
@require_POST
def reopen(request: MemberRequest, pk: int) -> HttpResponse:
    goal = _goal_or_404(request, pk)
    with shown_on(request, partial(_render_detail, request, goal)):
        actions.reopen_goal(request.user, goal)
    messages.success(request, _("Your goal is active again."))
    return redirect(goal)
