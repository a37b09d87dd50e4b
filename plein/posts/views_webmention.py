"""The public Webmention endpoint (https://www.w3.org/TR/webmention/): blogs announce a
post that links to a blog carnival. The work is in plein.posts.webmention; this view
only turns its answer into HTTP. Senders are programs of unknown language, so the
answers are short English plain text."""

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from plein.core.errors import PleinError, RateLimited
from plein.core.ratelimit import client_ip
from plein.posts.webmention import WebmentionBusy, receive_webmention

TEXT = "text/plain; charset=utf-8"
RETRY_AFTER_SECONDS = "3600"


@csrf_exempt  # other sites post here; there is no session or form to protect
@require_POST
def webmention(request: HttpRequest) -> HttpResponse:
    with translation.override("en"):
        try:
            receive_webmention(
                source=request.POST.get("source", ""),
                target=request.POST.get("target", ""),
                sender_ip=client_ip(request),
            )
        except PleinError as error:
            response = HttpResponse(
                f"{error.message}\n", status=error.status_code, content_type=TEXT
            )
            if isinstance(error, (RateLimited, WebmentionBusy)):
                response["Retry-After"] = RETRY_AFTER_SECONDS
            return response
        return HttpResponse(
            "Accepted: the source will be checked for a link to the blog carnival, "
            "and then shown on its page (or put before its host).\n",
            status=202,
            content_type=TEXT,
        )
