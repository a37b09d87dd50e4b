from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from plein.core.http import MemberRequest
from plein.members.models import Member
from plein.search.forms import SearchForm
from plein.search.models import SearchDocument
from plein.search.people import people_for_topic
from plein.search.queries import BadCursor, search_page


@login_required
@require_GET
def results(request: MemberRequest) -> HttpResponse:
    """One search over everything the member may see; the People tab is the people
    finder. htmx asks for the results alone while the member types."""
    form = SearchForm(request.GET)
    context: dict[str, object] = {"form": form}
    status = 200
    if form.is_valid():
        # Not a domain error: a damaged "next page" link falls back to the first page.
        try:
            context.update(_search(request.user, form, cursor=form.cleaned_data["after"]))
        except BadCursor:
            context["error"] = _(
                "That link to a next page of results was damaged. Here is the first page."
            )
            context.update(_search(request.user, form, cursor=""))
            status = 400
    else:
        status = 400
    template = "search/results.html"
    if request.headers.get("HX-Request"):
        template = "search/includes/results.html"
    return render(request, template, context, status=status)


def _search(viewer: Member, form: SearchForm, *, cursor: str) -> dict[str, Any]:
    data = form.cleaned_data
    found: dict[str, Any] = {
        "page": search_page(
            viewer,
            data["q"],
            kind=data["kind"],
            theme=data["theme"],
            organisation_id=data["organisation"].pk if data["organisation"] else None,
            since=form.since(),
            order="latest" if data["sort"] == "latest" else "relevance",
            cursor="" if data["kind"] == SearchDocument.Kind.MEMBER else cursor,
        )
    }
    if data["kind"] == SearchDocument.Kind.MEMBER:
        found["people"] = people_for_topic(
            viewer,
            data["q"],
            theme=data["theme"],
            organisation=data["organisation"],
            organisation_kind=data["organisation_kind"],
            cursor=cursor,
        )
    return found
