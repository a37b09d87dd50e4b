"""One flow for an action's errors: shown_on puts them on the page that says why, the
middleware answers NotAllowed with 403 and NotFound with 404, each with the message."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from plein.core.actionview import ActionRefused, shown_on
from plein.core.errors import Conflict, InvalidField, NotAllowed, NotFound, PleinError
from plein.core.middleware import DomainErrorMiddleware

pytestmark = pytest.mark.django_db


class NameForm(forms.Form):
    name = forms.CharField()


def _request() -> HttpRequest:
    request = RequestFactory().post("/", {"name": "Fatima"})
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _refusal(error: PleinError, **options: object) -> HttpResponse:
    with pytest.raises(ActionRefused) as refused, shown_on(_request(), "400.html", **options):  # type: ignore[arg-type]
        raise error
    return refused.value.response


def test_an_invalid_field_goes_next_to_its_field_keeping_what_was_typed():
    form = NameForm({"name": "Fatima"})
    assert form.is_valid()
    response = _refusal(InvalidField("name", "Not that name."), form=form)
    assert response.status_code == 400
    assert form.errors == {"name": ["Not that name."]}
    assert form["name"].value() == "Fatima"


def test_an_error_about_no_field_goes_on_top_of_the_form_or_the_page():
    form = NameForm({"name": "Fatima"})
    assert form.is_valid()
    assert _refusal(Conflict("Done already."), form=form).status_code == 409
    assert form.non_field_errors() == ["Done already."]
    response = _refusal(PleinError("Try again later."), status=429)
    assert response.status_code == 429
    assert "Try again later." in response.content.decode()


def test_a_page_function_gets_the_status_and_the_error():
    def page(*, status: int, **extra: object) -> HttpResponse:
        return HttpResponse(str(extra["error"]), status=status)

    with pytest.raises(ActionRefused) as refused, shown_on(_request(), page):
        raise PleinError("No.")
    response = refused.value.response
    assert (response.status_code, response.content) == (400, b"No.")


@pytest.mark.parametrize(
    ("error", "status"), [(NotAllowed("Not yours."), 403), (NotFound("Gone."), 404)]
)
def test_not_allowed_and_not_found_pass_to_the_middleware(error, status):
    with pytest.raises(type(error)), shown_on(_request(), "400.html"):
        raise error
    middleware = DomainErrorMiddleware(lambda request: HttpResponse())
    response = middleware.process_exception(_request(), error)
    assert response is not None and response.status_code == status
    assert error.message in response.content.decode()


def test_other_exceptions_are_left_to_django():
    middleware = DomainErrorMiddleware(lambda request: HttpResponse())
    assert middleware.process_exception(_request(), ValueError("bug")) is None
