import logging
import re

# Paths that carry a secret token: a login link, a personal invite or a shareable invite.
TOKEN_IN_PATH = re.compile(r"/(login/link|invite|join)/[A-Za-z0-9_\-]{8,}")


class RedactTokens(logging.Filter):
    """Keeps login and invite tokens out of every log line (runserver, gunicorn, errors)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if TOKEN_IN_PATH.search(message):
            record.msg = TOKEN_IN_PATH.sub(r"/\1/[redacted]", message)
            record.args = ()
        return True
