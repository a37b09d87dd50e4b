import email
import email.policy
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from plein.circles.queries import my_memberships
from plein.core.http import mailbox_is_open
from plein.core.queries import themes_marking_expertise
from plein.gatherings.queries import upcoming_for
from plein.goals.queries import goals_for_start
from plein.insights.pulse.views import pulse_for_start_page
from plein.members.forms import EmailForm
from plein.members.models import Member
from plein.posts.queries import new_in_followed_themes, waiting_for
from plein.showcase.queries import shop_window
from plein.themes.models import Theme


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        assert isinstance(request.user, Member)
        themes = themes_marking_expertise(request.user)
        context = {
            "themes": themes,
            "my_themes": [theme for theme in themes if theme.is_expertise],  # type: ignore[attr-defined]
            "waiting": waiting_for(request.user),
            "my_circles": my_memberships(request.user, limit=5),
            "upcoming_gatherings": upcoming_for(request.user),
            "followed_new": new_in_followed_themes(request.user),
            "learning_goals": goals_for_start(request.user),
            "shop_window": shop_window(request.user),
            **pulse_for_start_page(request.user),
        }
        return render(request, "core/start.html", context)
    context = {
        "form": EmailForm(),
        "themes": Theme.objects.all(),
        "shop_window": shop_window(request.user),
    }
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    # Not a domain error: an unreachable database is what this answer reports.
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# --- Development mailbox: every mail sent in development, readable in the browser. ------


def _mailbox(request: HttpRequest) -> Path:
    # Every login code and link is in these mails: only the developer's own browser may
    # read them, never another machine on the network (runserver 0.0.0.0) nor a visitor
    # coming through a reverse proxy on this machine (which connects from 127.0.0.1).
    if not mailbox_is_open(request):
        raise Http404
    return Path(settings.EMAIL_FILE_PATH)


def _read(path: Path) -> dict:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    return {
        "id": path.stem,
        "subject": message["subject"],
        "to": message["to"],
        "date": message["date"],
        "text": body.get_content() if body else "",
    }


def dev_mailbox(request: HttpRequest) -> HttpResponse:
    folder = _mailbox(request)
    files = sorted(folder.glob("*.eml"), reverse=True)[:50] if folder.exists() else []
    return render(request, "core/dev_mailbox.html", {"mails": [_read(path) for path in files]})


def dev_mail(request: HttpRequest, mail_id: str) -> HttpResponse:
    path = _mailbox(request) / f"{mail_id}.eml"
    if "/" in mail_id or not path.is_file():
        raise Http404
    return render(request, "core/dev_mail.html", {"mail": _read(path)})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after its page was open too long: explain, in the member's language."""
    return render(request, "403_csrf.html", status=403)
