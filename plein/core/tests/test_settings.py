"""Settings that only show when settings.py is read afresh, so each test reads it in a
new Python with the environment it names."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SECRET = "x" * 20 + "Kq8#mZ2!pL5$vN9@wR3^tY7&uI1*oP4(aS6)dF0"


def read_settings(tmp_path: Path, **environment: str) -> dict:
    """DEBUG and SECURE_PROXY_SSL_HEADER as settings.py makes them from `environment`
    alone: none of this test run's own PLEIN_* variables (PLEIN_DEBUG among them)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PLEIN_")}
    env.update(PLEIN_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="plein.settings")
    env.update(environment)
    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps({'DEBUG': settings.DEBUG, "
        "'proxy': settings.SECURE_PROXY_SSL_HEADER, 'mail': settings.EMAIL_BACKEND}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_debug_mode_is_off_unless_asked_for(tmp_path):
    assert read_settings(tmp_path, PLEIN_SECRET_KEY=SECRET)["DEBUG"] is False
    development = read_settings(tmp_path, PLEIN_DEBUG="true")
    assert development["DEBUG"] is True
    assert development["mail"] == "plein.core.mail.MailboxBackend"


def test_without_debug_mode_a_secret_key_is_required_and_the_error_says_how(tmp_path):
    env = {name: value for name, value in os.environ.items() if not name.startswith("PLEIN_")}
    env["PLEIN_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "plein.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "PLEIN_SECRET_KEY" in result.stderr
    assert "PLEIN_DEBUG=true" in result.stderr  # what a developer on a checkout wants


@pytest.mark.parametrize("debug", ["false", "true"])
def test_x_forwarded_proto_is_trusted_only_behind_a_proxy(tmp_path, debug):
    direct = read_settings(tmp_path, PLEIN_DEBUG=debug, PLEIN_SECRET_KEY=SECRET)
    assert direct["proxy"] is None
    proxied = read_settings(
        tmp_path, PLEIN_DEBUG=debug, PLEIN_SECRET_KEY=SECRET, PLEIN_BEHIND_PROXY="true"
    )
    assert proxied["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_the_tests_themselves_run_in_development_mode():
    # pyproject's addopts load plein.core.pytest_env before pytest-django reads settings.
    from django.conf import settings

    assert os.environ["PLEIN_DEBUG"] == "true"
    assert settings.SECRET_KEY.startswith("development-only")
