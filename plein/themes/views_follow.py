"""Following a theme: one button on the theme page (and wherever a theme is shown)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from plein.core.http import MemberRequest
from plein.members.actions import safe_next_url
from plein.themes import actions
from plein.themes.models import Theme


@login_required
@require_POST
def follow(request: MemberRequest, slug: str) -> HttpResponse:
    """POST follow=1 to follow, follow=0 to stop. With htmx the button comes back in its
    new state; without, the page the button was on (or the theme page) is shown again."""
    theme = get_object_or_404(Theme, slug=slug)
    if request.POST.get("follow") == "0":
        actions.unfollow_theme(request.user, theme)
    else:
        actions.follow_theme(request.user, theme)
    if request.headers.get("HX-Request") == "true":
        return render(
            request,
            "themes/includes/follow_button.html",
            {"theme": theme, "user": request.user, "next_url": request.POST.get("next", "")},
        )
    return HttpResponseRedirect(safe_next_url(request.POST.get("next")) or theme.get_absolute_url())
