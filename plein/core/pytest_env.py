"""A pytest plugin, loaded by `-p plein.core.pytest_env` in pyproject's addopts: the tests
run in Plein's development mode (PLEIN_DEBUG=true: the built-in secret key, the local
mailbox) unless the environment says otherwise.

It must act before pytest-django imports the settings, which happens before any
conftest.py is read; plugins named with -p are imported earlier still."""

import os

os.environ.setdefault("PLEIN_DEBUG", "true")
