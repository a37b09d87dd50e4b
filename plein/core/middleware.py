from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class LanguageMiddleware:
    """Dutch unless someone chose otherwise. Plein speaks Dutch by default and English on
    request: the choice (a cookie, or a member's profile, see MemberMiddleware) counts,
    the browser's Accept-Language does not, so a Dutch professional on an English laptop
    still meets a Dutch community."""

    def __init__(self, get_response) -> None:  # type: ignore[no-untyped-def]
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

    def __init__(self, get_response) -> None:  # type: ignore[no-untyped-def]
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
