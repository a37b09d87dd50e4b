"""Wrong codes sent in parallel: each mail's code is checked at most
PLEIN_LOGIN_CODE_ATTEMPTS times however many arrive at once (issue 14, point 4)."""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import OperationalError, close_old_connections, connection

from plein.core.errors import PleinError
from plein.core.testing import code_in, last_mail_to
from plein.members import actions
from plein.members.models import LoginRequest

THREADS = 25
BROWSER = "the-browser-that-asked"


def retrying_on_a_locked_database(work: Callable[[], None]) -> None:
    # SQLite's in-memory test database lets one writer in at a time and answers "locked"
    # (busy_timeout does not cover its shared cache) instead of waiting: try again, as a
    # member would. PostgreSQL never gets here.
    for _ in range(200):
        try:
            work()
            return
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("the database stayed locked")


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_codes_are_checked_at_most_five_times(personas, settings, monkeypatch):
    settings.PLEIN_RATE_LIMITS = {**settings.PLEIN_RATE_LIMITS, "login-code-ip": (1000, 900)}
    email = personas.member.email
    # As the login view asks, for the member's browser; each thread types into that browser.
    actions.request_login(email, ip="203.0.113.7", browser=BROWSER)
    code = code_in(last_mail_to(email))
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    checks = 0
    count_lock = threading.Lock()
    compare = actions.hmac.compare_digest

    def counting_compare(a: str, b: str) -> bool:
        nonlocal checks
        with count_lock:
            checks += 1
        return compare(a, b)

    monkeypatch.setattr(actions.hmac, "compare_digest", counting_compare)
    start = threading.Barrier(THREADS)
    refused: list[str] = []

    def guess() -> None:
        try:
            start.wait()

            def attempt() -> None:
                try:
                    actions.confirm_login_code(email, wrong, ip="203.0.113.7", browser=BROWSER)
                except PleinError as error:
                    refused.append(error.message)

            retrying_on_a_locked_database(attempt)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()

    assert len(refused) == THREADS
    assert checks <= settings.PLEIN_LOGIN_CODE_ATTEMPTS
    assert LoginRequest.objects.get().failed_attempts == settings.PLEIN_LOGIN_CODE_ATTEMPTS
    # ... and the mail's own code is refused now too: its guesses are spent.
    with pytest.raises(PleinError):
        actions.confirm_login_code(email, code, ip="203.0.113.7", browser=BROWSER)
