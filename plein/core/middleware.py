from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from plein.core.actionview import ActionRefused
from plein.core.errors import NotAllowed, NotFound, PleinError


class LanguageMiddleware:
    """Dutch unless someone chose otherwise. Plein speaks Dutch by default and English on
    request: the choice (a cookie, or a member's profile, see MemberMiddleware) counts,
    the browser's Accept-Language does not, so a Dutch professional on an English laptop
    still meets a Dutch community."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class PermissionsPolicyMiddleware:
    """Switches off the browser features no Plein page uses (settings.PERMISSIONS_POLICY),
    so that an injected script or a framed page cannot ask for a camera or a location in
    Plein's name. Django's SecurityMiddleware sends the other security headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        header = permissions_policy(settings.PERMISSIONS_POLICY)
        if header:
            response.headers.setdefault("Permissions-Policy", header)
        return response


def permissions_policy(features: dict[str, list[str]]) -> str:
    """{"camera": [], "fullscreen": ["self"]} as "camera=(), fullscreen=(self)"."""
    return ", ".join(
        f"{feature}=({' '.join(allowlist)})" for feature, allowlist in features.items()
    )


class DomainErrorMiddleware:
    """The one place where an action's NotAllowed becomes the 403 page and NotFound the
    404 page, each with the action's message (DESIGN rule 2): views do not catch them. It
    also answers with the page of a refusal that plein.core.actionview.shown_on prepared,
    and gives any other domain error that left a view its status on the 400 page rather
    than a 500. htmx requests get the same status (htmx swaps no error into the page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ActionRefused):
            return exception.response
        if not isinstance(exception, PleinError):
            return None
        if isinstance(exception, NotAllowed):
            template = "403.html"
        elif isinstance(exception, NotFound):
            template = "404.html"
        else:
            template = "400.html"
        context = {"error": exception.message}
        return render(request, template, context, status=exception.status_code)
