"""The community dashboard (community and organisation managers) and a member's own
figures (every member)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_tasks import TaskResultStatus

from plein.core.http import MemberRequest
from plein.insights.access import min_group, require_scope
from plein.insights.dashboard import queries
from plein.insights.forms import PeriodForm
from plein.insights.tasks import roll_up_task


@login_required
@require_safe
def dashboard(request: MemberRequest) -> HttpResponse:
    scope = require_scope(request.user)
    # Bad filters show the form's message, with what was typed, and the default period.
    form = PeriodForm(request.GET or None, scope=scope)
    board = queries.build(scope, form.period())
    context = {
        "form": form,
        "board": board,
        "charts": queries.charts(board),
        "may_refresh": request.user.is_community_manager,
        "everything": scope.everything,
        "min_group": min_group(),
        "query": request.GET.urlencode(),
    }
    return render(request, "insights/dashboard.html", context)


@login_required
@require_POST
def refresh_figures(request: MemberRequest) -> HttpResponse:
    """Roll up now instead of at the next scheduled rollup (community managers)."""
    if not request.user.is_community_manager:
        raise PermissionDenied
    result = roll_up_task.enqueue()
    if result.status == TaskResultStatus.SUCCESSFUL:
        messages.success(request, _("The figures are up to date."))
    elif result.status == TaskResultStatus.FAILED:
        messages.error(request, _("The figures could not be updated. Try again later."))
    else:
        messages.success(request, _("The figures are being updated. Reload the page in a minute."))
    # Back to the same filters; the path is ours, the query only re-encoded.
    query = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(reverse("insights:dashboard") + (f"?{query}" if query else ""))


@login_required
@require_safe
def my_activity(request: MemberRequest) -> HttpResponse:
    context = {
        "figures": queries.my_figures(request.user),
        "has_insights": request.user.is_organisation_manager or request.user.is_community_manager,
    }
    return render(request, "insights/my_activity.html", context)
