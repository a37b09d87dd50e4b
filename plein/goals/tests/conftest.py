"""The goals tests read Plein's English texts (the message ids), whatever language is
the default: in the code under test and on the pages the client fetches."""

from collections.abc import Iterator

import pytest

from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    client_fixture,
    english_fixture,
    personas_fixture,
)


@pytest.fixture(autouse=True)
def _english(english: None) -> Iterator[None]:
    yield
