import pytest

from plein.core.testing import CommittingClient, Personas, make_personas


@pytest.fixture
def client() -> CommittingClient:
    return CommittingClient()


@pytest.fixture
def personas(db) -> Personas:  # type: ignore[no-untyped-def]
    return make_personas()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():  # type: ignore[no-untyped-def]
    # Rate limits live in the cache; every test starts with none used.
    from django.core.cache import cache

    from plein.insights.tasks import AFTER_REQUEST_KEY

    cache.clear()
    # Tests roll the insights up themselves: a rollup after some request would make
    # query counts depend on which request came first.
    cache.set(AFTER_REQUEST_KEY, 1)
    yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    # Uploaded files (the library) go to a fresh folder per test, never to var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
