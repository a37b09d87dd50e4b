"""The whole room scans at once: every check-in counted exactly, and one member tapping
twice on two phones is checked in once. Real concurrent threads with their own database
connections, on PostgreSQL (where SELECT ... FOR UPDATE holds the others back)."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from plein.core.testing import make_personas
from plein.gatherings import door
from plein.gatherings.models import CheckIn, Gathering
from plein.gatherings.tests.test_door import make_gathering
from plein.members import actions as member_actions
from plein.members.models import Member

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs real row locks and concurrent connections: runs on PostgreSQL (CI)",
    ),
]


def at_once(work: list[Callable[[], object]]) -> None:
    barrier = threading.Barrier(len(work))
    errors: list[Exception] = []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as error:  # pragma: no cover (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors


def test_a_room_scanning_at_once_is_counted_exactly():
    personas = make_personas()
    gathering = make_gathering(personas)
    members = [member_actions.create_member(f"m{i}@borne.example", name=f"M{i}") for i in range(6)]

    def checks_in(member: Member) -> Callable[[], object]:
        return lambda: door.check_in(gathering, member, method=CheckIn.Method.MEMBER)

    # Everyone at once, and the first member on two phones.
    at_once([checks_in(member) for member in members] + [checks_in(members[0])] * 2)
    assert CheckIn.objects.filter(gathering=gathering).count() == 6
    assert Gathering.objects.get(pk=gathering.pk).checkin_count == 6
