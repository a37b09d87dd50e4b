from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from plein.gatherings.queries import for_theme
from plein.insights.events import count_page_view
from plein.library.queries import most_reused
from plein.members.models import Member
from plein.members.queries import theme_experts
from plein.posts.carnivals_queries import running_carnivals
from plein.posts.ideas_queries import ideas_for_theme
from plein.posts.queries import question_list_page, waiting_for
from plein.posts.stories_queries import stories_for_theme
from plein.showcase.queries import shop_window
from plein.themes.models import Theme


def theme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "themes/theme_list.html", {"themes": Theme.objects.all()})


def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    if request.method == "GET":
        count_page_view("theme", theme.pk)
    context: dict = {
        "theme": theme,
        "shop_window": shop_window(request.user, theme=theme),
        "experts": [],
        "questions": [],
        "waiting": [],
        "resources": [],
        "upcoming_gatherings": [],
        "past_gatherings": [],
        "ideas": [],
        "stories": [],
        # Blog carnivals are public: visitors see the running ones of this theme too.
        "running_carnivals": list(running_carnivals(request.user, theme=theme)),
    }
    if isinstance(request.user, Member):
        context["experts"] = theme_experts(theme)
        context["questions"] = question_list_page(request.user, theme=theme, size=5).items
        context["waiting"] = waiting_for(request.user, theme=theme)
        context["resources"] = most_reused(request.user, theme)
        context["upcoming_gatherings"], context["past_gatherings"] = for_theme(request.user, theme)
        context["ideas"] = ideas_for_theme(theme, request.user)
        context["stories"] = stories_for_theme(theme, request.user)
    return render(request, "themes/theme_detail.html", context)
