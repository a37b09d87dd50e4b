"""System checks (`plein check`, and every `runserver`/`migrate`) for the library settings."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning

from plein.library.files import CHECKS, unknown_configured_extensions


def check_library_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    unknown = unknown_configured_extensions()
    if unknown:
        messages.append(
            Warning(
                f"PLEIN_LIBRARY_FILE_TYPES names {', '.join(unknown)}, which Plein cannot "
                "check by content; files of those types are refused.",
                hint=f"Plein can check: {', '.join(CHECKS)}.",
                id="plein.library.W001",
            )
        )
    if settings.PLEIN_LIBRARY_MAX_UPLOAD_MB < 1:
        messages.append(
            Warning(
                "PLEIN_LIBRARY_MAX_UPLOAD_MB is below 1: no file can be shared.",
                id="plein.library.W002",
            )
        )
    return messages
