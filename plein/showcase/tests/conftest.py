"""The shop window tests read Plein's English texts (the message ids)."""

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
