import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    # Stored files go to a fresh folder per test, never to var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
