"""Two members taking the last seat at the same moment: one gets it, the other is put on
the waiting list, and the counters stay exact. Real concurrent requests, each thread with
its own database connection, on PostgreSQL (where SELECT ... FOR UPDATE is what holds
the second one back)."""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from plein.core.testing import CommittingClient, make_personas
from plein.gatherings import actions
from plein.gatherings.models import Gathering, Rsvp
from plein.gatherings.tests.helpers import new_member, plan

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs real row locks and concurrent connections: runs on PostgreSQL (CI)",
    ),
]


def _at_once(work: list) -> list:
    """Run each callable in its own thread, released together; their results in order."""
    barrier = threading.Barrier(len(work))
    results: list = [None] * len(work)
    errors: list = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = work[index]()
        except Exception as error:  # pragma: no cover (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def test_two_members_taking_the_last_seat_through_the_action():
    personas = make_personas()
    for round_ in range(5):
        gathering = plan(personas.community_manager, personas.prevention, capacity=2)
        actions.rsvp(personas.community_manager, gathering, Rsvp.Status.GOING)
        first = new_member(f"a{round_}@example.org")
        second = new_member(f"b{round_}@example.org")
        results = _at_once(
            [
                lambda m=first, g=gathering: actions.rsvp(m, g, Rsvp.Status.GOING),
                lambda m=second, g=gathering: actions.rsvp(m, g, Rsvp.Status.GOING),
            ]
        )
        assert sorted(result.waitlisted for result in results) == [False, True]
        gathering.refresh_from_db()
        assert (gathering.going_count, gathering.waitlist_count) == (2, 1)
        statuses = sorted(Rsvp.objects.filter(gathering=gathering).values_list("status", flat=True))
        assert statuses == ["going", "going", "waitlisted"]


def test_two_members_taking_the_last_seat_through_the_page():
    personas = make_personas()
    gathering = plan(personas.community_manager, personas.prevention, capacity=1)
    url = reverse("gatherings:rsvp", args=[gathering.pk])
    clients = []
    for member in (personas.member, personas.colleague):
        client = CommittingClient()
        client.force_login(member)
        clients.append(client)
    responses = _at_once([lambda c=c: c.post(url, {"status": "going"}) for c in clients])
    assert [response.status_code for response in responses] == [302, 302]
    gathering = Gathering.objects.get(pk=gathering.pk)
    assert (gathering.going_count, gathering.waitlist_count) == (1, 1)
    assert sorted(Rsvp.objects.values_list("status", flat=True)) == ["going", "waitlisted"]
