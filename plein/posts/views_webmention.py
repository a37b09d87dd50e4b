"""The public Webmention endpoint (https://www.w3.org/TR/webmention/): blogs announce a
post that links to a blog carnival. The work is in plein.posts.webmention; this view
only turns its answer into HTTP. Senders are programs of unknown language, so the
answers are short English plain text."""

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from plein.core.actionview import shown_on
from plein.core.errors import RateLimited
from plein.core.ratelimit import client_ip
from plein.posts.webmention import WebmentionBusy, receive_webmention

TEXT = "text/plain; charset=utf-8"
RETRY_AFTER_SECONDS = "3600"
# Refused for now, not for good (RateLimited, WebmentionBusy): the sender may try again.
TRY_AGAIN = {RateLimited.status_code, WebmentionBusy.status_code}


def _refused(*, status: int, error: str) -> HttpResponse:
    """A refusal as the sender reads it: the reason in plain text, with its status."""
    response = HttpResponse(f"{error}\n", status=status, content_type=TEXT)
    if status in TRY_AGAIN:
        response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


@csrf_exempt  # other sites post here; there is no session or form to protect
@require_POST
def webmention(request: HttpRequest) -> HttpResponse:
    with translation.override("en"), shown_on(request, _refused):
        receive_webmention(
            source=request.POST.get("source", ""),
            target=request.POST.get("target", ""),
            sender_ip=client_ip(request),
        )
        return HttpResponse(
            "Accepted: the source will be checked for a link to the blog carnival, "
            "and then shown on its page (or put before its host).\n",
            status=202,
            content_type=TEXT,
        )
