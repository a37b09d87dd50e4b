from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from plein.members.queries import theme_experts
from plein.themes.models import Theme


def theme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "themes/theme_list.html", {"themes": Theme.objects.all()})


def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    experts = theme_experts(theme) if request.user.is_authenticated else []
    return render(request, "themes/theme_detail.html", {"theme": theme, "experts": experts})
