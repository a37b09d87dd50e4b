"""What the door knows about a browser. The device cookie: a browser that came in through the door as an address before passes
that address's rate limits at the door (not the per-IP one), so strangers asking for mails
for the address cannot lock its member out of their own browser.

The cookie holds no address, only an HMAC of it, signed with a timestamp; checking it
needs no database query."""

import hmac
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from plein.members.models import normalise_email

COOKIE_NAME = "plein_device"
# A random value this browser keeps in its session while it waits for a login mail: the
# mail's code is accepted only where it was asked for (see actions.confirm_login_code).
LOGIN_BROWSER = "plein_login_browser"
_SALT = "plein.members.device"
MAX_AGE = 60 * 60 * 24 * 365


def _digest(email: str) -> str:
    return salted_hmac(
        "plein.members.device-email", normalise_email(email), algorithm="sha256"
    ).hexdigest()


def remember_device(response: HttpResponse, email: str) -> None:
    # One address per browser, the last to come in: on a shared computer the others meet
    # the ordinary limits again.
    response.set_signed_cookie(
        COOKIE_NAME,
        _digest(email),
        salt=_SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )


def is_known_device(request: HttpRequest, email: str) -> bool:
    value = request.get_signed_cookie(COOKIE_NAME, default=None, salt=_SALT, max_age=MAX_AGE)
    return value is not None and hmac.compare_digest(value, _digest(email))


def login_browser(request: HttpRequest) -> str:
    return str(request.session.setdefault(LOGIN_BROWSER, secrets.token_urlsafe(24)))
