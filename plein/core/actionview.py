"""The one way a view runs an action (DESIGN rule 2). The view says up front which page
tells the member why an action refused; the action's domain error then lands there:

    form = NewEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with shown_on(request, "members/email_change.html", {"form": form}, form=form):
            actions.request_email_change(request.user, form.cleaned_data["email"])
        messages.success(request, _("We mailed a link."))
        return redirect("members:edit_profile")

- InvalidField: the message goes next to its field of `form` (on top of the form when the
  form has no such field), and the page is rendered again with what the member typed.
- A privacy guard error: the privacy box of `privacy` (the texts the guard read) instead.
- Any other PleinError: on top of the form, or as the page's `error` without a form or
  with `others_on_page` (base.html shows it), with the error's status code (or `status`).
- NotAllowed and NotFound pass through to DomainErrorMiddleware: the 403 and 404 pages.

The refusal page leaves the view as an ActionRefused that DomainErrorMiddleware answers
with, so the view needs no try/except and no "did it work?" check after the action."""

from collections.abc import Callable
from types import TracebackType

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plein.core.errors import InvalidField, NotAllowed, NotFound, PleinError
from plein.core.privacy import PrivacyFindings, privacy_box

# A page renderer that takes the status and the extra context (error, privacy box).
Page = Callable[..., HttpResponse]


class ActionRefused(Exception):
    """The page that says why an action refused; DomainErrorMiddleware answers with it."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__(response.status_code)
        self.response = response


class shown_on:  # lower case: read as a phrase, `with shown_on(request, page)`
    """Shows a domain error raised in the block on `page`: a template (rendered with
    `context`) or a function called as page(status=..., **extra_context). `fields` maps
    an action's field names to the form's, where they differ."""

    def __init__(
        self,
        request: HttpRequest,
        page: str | Page,
        context: dict | None = None,
        *,
        form: BaseForm | None = None,
        privacy: dict[str, str] | None = None,
        others_on_page: bool = False,
        fields: dict[str, str] | None = None,
        status: int | None = None,
    ) -> None:
        self.request = request
        self.page = page
        self.context = context if context is not None else {}
        self.form = form
        self.privacy = privacy
        self.others_on_page = others_on_page
        self.fields = fields or {}
        self.status = status

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if not isinstance(error, PleinError) or isinstance(error, NotAllowed | NotFound):
            return  # no error, or one DomainErrorMiddleware (or Django) answers
        raise ActionRefused(self.refusal(error)) from error

    def refusal(self, error: PleinError) -> HttpResponse:
        extra: dict[str, object] = {}
        field = (
            self.fields.get(error.field, error.field) if isinstance(error, InvalidField) else None
        )
        if isinstance(error, PrivacyFindings) and self.privacy is not None:
            extra.update(privacy_box(error, **self.privacy))
        elif self.form is not None and (field is not None or not self.others_on_page):
            self.form.add_error(field if field in self.form.fields else None, error.message)
        else:
            extra["error"] = error.message
        status = self.status or error.status_code
        if isinstance(self.page, str):
            return template_page(self.request, self.page, self.context)(status=status, **extra)
        return self.page(status=status, **extra)


def template_page(request: HttpRequest, template: str, context: dict | None = None) -> Page:
    """`template` with `context` as a page function: page(status=..., **extra_context)."""

    def page(*, status: int = 200, **extra: object) -> HttpResponse:
        return render(request, template, {**(context or {}), **extra}, status=status)

    return page
