"""Security baseline: CSP with nonces and no inline script, deploy checks, tokens kept out of logs."""

import logging
import os
import subprocess
import sys

import pytest

from plein.core.logging import RedactTokens

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "<script" not in response.content.decode()
    assert 'style="' not in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "PLEIN_DEBUG": "false",
        "PLEIN_SECRET_KEY": "x" * 20 + "Kq8#mZ2!pL5$vN9@wR3^tY7&uI1*oP4(aS6)dF0",
        "PLEIN_BASE_URL": "https://plein.example",
        "PLEIN_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "plein.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "line",
    [
        '"GET /login/link/h8P_kf7_B4Tk5Y4rGarguqGBmAxXWckRL-RDTNCPcnU/ HTTP/1.1" 302 0',
        '"GET /invite/abcdefghijklmnop1234/ HTTP/1.1" 302 0',
        '"GET /join/abcdefghijklmnop1234/ HTTP/1.1" 302 0',
    ],
)
def test_log_lines_never_contain_login_or_invite_tokens(line):
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, "%s", (line,), None)
    assert RedactTokens().filter(record)
    message = record.getMessage()
    assert "[redacted]" in message
    assert "abcdefghijklmnop1234" not in message and "h8P_kf7" not in message


def test_the_runserver_logger_is_filtered(settings):
    assert "redact_tokens" in settings.LOGGING["handlers"]["console"]["filters"]
    assert settings.LOGGING["loggers"]["django.server"]["handlers"] == ["console"]
