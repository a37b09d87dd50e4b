"""The circle tests read Plein's English texts (the message ids), whatever language is
the default: in the code under test and on the pages the client fetches."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation

from plein.core.testing import CommittingClient, Personas, make_personas
from plein.members.models import Member


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> CommittingClient:
    client = CommittingClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def personas(db) -> Personas:  # type: ignore[no-untyped-def]
    personas = make_personas()
    # A member's own language choice beats the cookie: choose English for everyone.
    Member.objects.update(preferred_language="en")
    for member in vars(personas).values():
        if isinstance(member, Member):
            member.preferred_language = "en"
    return personas
