import logging
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from plein.core.actionview import shown_on
from plein.core.http import MemberRequest
from plein.insights.events import count_page_view
from plein.library import actions, queries
from plein.library.files import FileRejected, clean_file_name, max_upload_bytes, too_large_message
from plein.library.forms import EditForm, HideForm, ResourceFilterForm, ShareForm
from plein.library.models import Resource
from plein.posts.forms import HelpedForm, new_submit_key

logger = logging.getLogger("plein.library")


def _resource_or_404(request: MemberRequest, pk: int) -> Resource:
    resource = queries.visible_resource(request.user, pk)
    if resource is None:
        raise Http404
    return resource


# --- Uploads: stop reading a file that is too large ---------------------------------------


class _SizeLimit(FileUploadHandler):
    """Skips the rest of a file once it passes PLEIN_LIBRARY_MAX_UPLOAD_MB, so a huge
    upload is not written to a temporary file; the other fields are still read, and the
    view says the file was too large."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _limit_uploads(request: HttpRequest) -> _SizeLimit:
    # Upload handlers can only change before the body is read, hence csrf_exempt on the
    # views that call this and csrf_protect on what they call next (Django's documented way).
    handler = _SizeLimit(request, max_upload_bytes())
    request.upload_handlers.insert(0, handler)
    return handler


def _file_again(form: ShareForm | EditForm, request: HttpRequest, limit: _SizeLimit) -> None:
    """A form that comes back loses the chosen file (browsers never keep it): say so at the
    file field, unless the file itself was what went wrong (that message says it)."""
    if "file" not in form.fields:
        return
    if limit.too_large:  # the file was dropped unread: that, not its absence, is the problem
        form.errors.pop("file", None)
        form.add_error("file", too_large_message(limit.limit))
        return
    if form.has_error("file"):
        return
    upload = request.FILES.get("file")
    if upload is None:
        return
    try:
        name = clean_file_name(upload.name or "")
    except FileRejected:
        name = ""
    form.add_error(
        "file",
        _(
            "Your file “%(name)s” is not saved yet. Browsers forget a chosen file when a form comes back: choose the file again."
        )
        % {"name": name}
        if name
        else _("Browsers forget a chosen file when a form comes back: choose the file again."),
    )


# --- List and detail ------------------------------------------------------------------------


@login_required
@require_safe
def resource_list(request: MemberRequest) -> HttpResponse:
    form = ResourceFilterForm(request.GET)
    valid = form.is_valid()
    filters = form.cleaned_data if valid else {}
    tag = filters.get("tag", "")
    page = queries.resource_list_page(
        request.user,
        theme=filters.get("theme"),
        kind=filters.get("kind", ""),
        tag=tag,
        cursor=filters.get("after", ""),
    )
    # The tag's name from the page itself: no query for it.
    tag_name = next(
        (t.name for resource in page.items for t in resource.tags.all() if t.slug == tag), tag
    )
    context = {"form": form, "page": page, "tag": tag, "tag_name": tag_name}
    return render(request, "library/resource_list.html", context, status=200 if valid else 400)


def _render_detail(
    request: MemberRequest, resource: Resource, *, status: int = 200, **extra: object
) -> HttpResponse:
    context = {
        "resource": resource,
        "tags": list(resource.tags.all()),
        "is_author": resource.author_id == request.user.pk,
        "my_reuse": queries.reused_by(request.user, resource),
        "reused_form": extra.pop("reused_form", None) or HelpedForm(),
        "hide_form": extra.pop("hide_form", None) or HideForm(),
        **extra,
    }
    return render(request, "library/resource_detail.html", context, status=status)


@login_required
@require_safe
def resource_detail(request: MemberRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    if request.method == "GET":
        count_page_view("resource", resource.theme_id)
    return _render_detail(request, resource)


# --- Sharing and editing ----------------------------------------------------------------------


@csrf_exempt
@login_required
def share(request: MemberRequest) -> HttpResponse:
    """Share a file or a link (one form). GET ?theme=slug chooses the theme."""
    limit = _limit_uploads(request)
    return _share(request, limit)


@csrf_protect
def _share(request: MemberRequest, limit: _SizeLimit) -> HttpResponse:
    if request.method != "POST":
        # A circle or gathering page links here with ?circle= or ?gathering=.
        initial = {
            "submit_key": new_submit_key(),
            "theme": request.GET.get("theme"),
            "circle": request.GET.get("circle"),
            "gathering": request.GET.get("gathering"),
        }
        form = ShareForm(initial=initial, member=request.user)
        return render(request, "library/share.html", {"form": form})
    form = ShareForm(request.POST, request.FILES, member=request.user)
    # A file dropped for its size must not let the rest through (a link, say) unnoticed.
    if not form.is_valid() or limit.too_large:
        _file_again(form, request, limit)
        return render(request, "library/share.html", {"form": form}, status=400)
    data = form.cleaned_data
    upload = data.get("file")
    common = {
        "theme": data["theme"],
        "title": data["title"],
        "description": data["description"],
        "tags": actions.split_tags(data["tags"]),
        "confirmed_privacy": data["confirm_privacy"],
        "submit_key": data["submit_key"],
        "circle": data.get("circle"),
        "gathering": data.get("gathering"),
    }
    with _shown_on_form(request, form, limit):
        if upload is not None:
            resource = actions.share_file(request.user, upload=upload, **common)
        else:
            resource = actions.share_link(request.user, url=data["url"], **common)
    messages.success(request, _("Thank you for sharing! Colleagues can find it now."))
    return redirect(resource)


def _shown_on_form(
    request: MemberRequest, form: ShareForm | EditForm, limit: _SizeLimit
) -> shown_on:
    """An action's refusal shows the form again with the reason at the field it concerns
    (FileRejected at the file) and every text kept; the privacy box marks what the guard
    found in the member's own texts."""
    data = form.cleaned_data
    upload = data.get("file")
    texts = {
        "title": data["title"],
        "description": data["description"],
        "file_name": _safe_name(upload.name if upload else ""),
        "tags": data["tags"],
    }
    page = partial(_share_failed, request, form, limit)
    return shown_on(request, page, form=form, privacy=texts)


def _share_failed(
    request: MemberRequest,
    form: ShareForm | EditForm,
    limit: _SizeLimit,
    *,
    status: int,
    **extra: object,
) -> HttpResponse:
    if not form.has_error("file"):  # a rejected file's own message asks for another
        _file_again(form, request, limit)
    context: dict = {"form": form, **extra}
    template = "library/share.html" if isinstance(form, ShareForm) else "library/edit.html"
    if isinstance(form, EditForm):
        context["resource"] = form.resource
    return render(request, template, context, status=status)


def _safe_name(name: str) -> str:
    try:
        return clean_file_name(name)
    except FileRejected:
        return ""


@csrf_exempt
@login_required
def edit(request: MemberRequest, pk: int) -> HttpResponse:
    limit = _limit_uploads(request)
    return _edit(request, pk, limit)


@csrf_protect
def _edit(request: MemberRequest, pk: int, limit: _SizeLimit) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    if resource.author_id != request.user.pk:
        return render(request, "403.html", status=403)
    initial = {
        "title": resource.title,
        "description": resource.description,
        "theme": resource.theme.slug,
        "tags": ", ".join(tag.name for tag in resource.tags.all()),
        "url": resource.url,
    }
    if request.method != "POST":
        form = EditForm(initial=initial, resource=resource)
        return render(request, "library/edit.html", {"form": form, "resource": resource})
    form = EditForm(request.POST, request.FILES, initial=initial, resource=resource)
    if not form.is_valid() or limit.too_large:
        _file_again(form, request, limit)
        context = {"form": form, "resource": resource}
        return render(request, "library/edit.html", context, status=400)
    data = form.cleaned_data
    with _shown_on_form(request, form, limit):
        actions.edit_resource(
            request.user,
            resource,
            theme=data["theme"],
            title=data["title"],
            description=data["description"],
            tags=actions.split_tags(data["tags"]),
            url=data.get("url"),
            upload=data.get("file"),
            confirmed_privacy=data["confirm_privacy"],
        )
    messages.success(request, _("Your changes are saved."))
    return redirect(resource)


@login_required
def delete(request: MemberRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    if request.method == "POST":
        actions.delete_resource(request.user, resource)
        messages.success(request, _("Deleted. Nobody can find or download it any more."))
        return redirect("library:list")
    if resource.author_id != request.user.pk and not request.user.is_community_manager:
        return render(request, "403.html", status=403)
    return render(request, "library/confirm_delete.html", {"resource": resource})


@login_required
@require_POST
def hide(request: MemberRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    form = HideForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, resource, hide_form=form, status=400)
    with shown_on(request, partial(_render_detail, request, resource, hide_form=form)):
        actions.hide_resource(request.user, resource, reason=form.cleaned_data["reason"])
    messages.success(request, _("Hidden. The member who shared it sees why."))
    return redirect(resource)


@login_required
@require_POST
def unhide(request: MemberRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    with shown_on(request, partial(_render_detail, request, resource)):
        actions.unhide_resource(request.user, resource)
    messages.success(request, _("Everyone can see it again."))
    return redirect(resource)


# --- "I reused this" and downloads ------------------------------------------------------------


@login_required
@require_POST
def reused(request: MemberRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    form = HelpedForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, resource, reused_form=form, status=400)
    with shown_on(request, partial(_render_detail, request, resource, reused_form=form)):
        actions.mark_reused(request.user, resource, minutes=form.cleaned_data["minutes"])
    messages.success(request, _("Thank you! Knowing what gets reused helps everyone."))
    return redirect(resource)


@login_required
@require_safe
def download(request: MemberRequest, pk: int) -> FileResponse:
    """The file, only through Plein (never a public address): as an attachment under its
    checked name and type, counted."""
    resource = _resource_or_404(request, pk)
    if not resource.is_file or not resource.file:
        raise Http404
    try:
        handle = resource.file.open("rb")
    except OSError as error:  # the storage lost it: say so in the log, not to the member
        logger.error("library file of resource %s is missing: %s", resource.pk, error)
        raise Http404 from error
    if request.method == "GET":
        actions.record_download(resource)
    response = FileResponse(
        handle, as_attachment=True, filename=resource.file_name, content_type=resource.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser render it anyway, nothing in it runs with Plein's rights.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response
