"""Reminders before a gathering: the sweep and the task (inline backend), the inline
sweep after requests, and `plein worker` running them from the database queue."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from plein.circles.models import Membership
from plein.gatherings import actions, tasks
from plein.gatherings.models import Gathering, Rsvp
from plein.gatherings.tests.helpers import (  # noqa: F401 (fixtures by their names)
    english_fixture,
    make_circle,
    personas_fixture,
    plan,
)
from plein.notify.models import Notification

pytestmark = pytest.mark.django_db

REMINDER = Notification.Kind.GATHERING_REMINDER


def _starting_in(gathering: Gathering, hours: float) -> Gathering:
    starts = timezone.now() + datetime.timedelta(hours=hours)
    Gathering.objects.filter(pk=gathering.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    gathering.refresh_from_db()
    return gathering


def _reminded() -> set[str]:
    return set(
        Notification.objects.filter(kind=REMINDER).values_list("recipient__email", flat=True)
    )


def test_going_and_maybe_members_are_reminded_once(personas, settings):
    settings.PLEIN_REMINDER_HOURS = 24
    cm = personas.community_manager
    gathering = plan(cm, personas.prevention, capacity=2)
    actions.rsvp(personas.member, gathering, Rsvp.Status.GOING)
    actions.rsvp(personas.colleague, gathering, Rsvp.Status.MAYBE)
    actions.rsvp(personas.other_org_member, gathering, Rsvp.Status.NOT_GOING)
    actions.rsvp(cm, gathering, Rsvp.Status.GOING)
    later = plan(cm, personas.prevention, title="Later")
    actions.rsvp(personas.member, later, Rsvp.Status.GOING)
    _starting_in(gathering, 20)
    _starting_in(later, 30)  # outside the window
    tasks.send_due_reminders.enqueue()
    assert _reminded() == {personas.member.email, personas.colleague.email, cm.email}
    assert Rsvp.objects.filter(gathering=gathering, reminded_at__isnull=False).count() == 3
    gathering.refresh_from_db()
    assert gathering.reminders_sent_at is not None
    # Once: a second sweep (and a direct task call) send nothing more.
    tasks.send_due_reminders.enqueue()
    assert tasks.send_reminders.call(gathering.pk) == 0
    assert Notification.objects.filter(kind=REMINDER).count() == 3


def test_someone_signing_up_later_is_reminded_by_the_next_sweep(personas):
    gathering = _starting_in(plan(personas.community_manager, personas.prevention), 5)
    actions.rsvp(personas.member, gathering, Rsvp.Status.GOING)
    tasks.send_due_reminders.call()
    actions.rsvp(personas.colleague, gathering, Rsvp.Status.GOING)
    assert tasks.send_due_reminders.call() == 1
    assert _reminded() == {personas.member.email, personas.colleague.email}


def test_cancelled_started_and_hidden_gatherings_send_no_reminders(personas):
    cm = personas.community_manager
    cancelled = plan(cm, personas.prevention)
    actions.rsvp(personas.member, cancelled, Rsvp.Status.GOING)
    actions.cancel_gathering(cm, cancelled)
    _starting_in(cancelled, 3)
    started = plan(cm, personas.prevention)
    actions.rsvp(personas.member, started, Rsvp.Status.GOING)
    _starting_in(started, -0.5)
    circle = make_circle(cm, members=(personas.colleague,))
    in_circle = plan(cm, personas.prevention, circle=circle)
    actions.rsvp(personas.colleague, in_circle, Rsvp.Status.GOING)
    _starting_in(in_circle, 3)
    Membership.objects.filter(circle=circle, member=personas.colleague).delete()
    tasks.send_due_reminders.enqueue()
    assert tasks.send_reminders.call(cancelled.pk) == 0
    assert tasks.send_reminders.call(started.pk) == 0
    assert tasks.send_reminders.call(123456) == 0
    assert _reminded() == set()


def test_the_inline_sweep_never_runs_inside_a_transaction(personas):
    # A test runs inside a transaction, as would a caller's atomic block.
    assert tasks.sweep_inline() is False


@pytest.mark.django_db(transaction=True)
def test_the_inline_sweep_runs_after_a_request_at_most_every_few_minutes(settings):
    from plein.core.testing import make_personas

    personas = make_personas()
    gathering = _starting_in(plan(personas.community_manager, personas.prevention), 2)
    actions.rsvp(personas.member, gathering, Rsvp.Status.GOING)
    settings.PLEIN_TASKS = "database"
    assert tasks.sweep_inline() is False  # a worker does it
    settings.PLEIN_TASKS = "inline"
    assert tasks.sweep_inline() is True
    assert _reminded() == {personas.member.email}
    actions.rsvp(personas.colleague, gathering, Rsvp.Status.GOING)
    assert tasks.sweep_inline() is False  # throttled
    assert _reminded() == {personas.member.email}


# The worker closes stale connections between tasks, as in production: no test transaction.
@pytest.mark.django_db(transaction=True)
def test_plein_worker_runs_the_sweep_from_the_database_queue(settings):
    from django_tasks_db.models import DBTaskResult

    from plein.core.testing import make_personas

    personas = make_personas()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PLEIN_TASKS = "database"
    gathering = _starting_in(plan(personas.community_manager, personas.prevention), 10)
    actions.rsvp(personas.member, gathering, Rsvp.Status.GOING)
    # Queued, not run: nothing is sent until the worker runs.
    tasks.send_reminders.enqueue(gathering.pk)
    assert _reminded() == set()
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert _reminded() == {personas.member.email}
    finished = DBTaskResult.objects.filter(status="SUCCESSFUL")
    names = set(finished.values_list("task_path", flat=True))
    assert "plein.gatherings.tasks.send_due_reminders" in names
    assert "plein.gatherings.tasks.send_reminders" in names
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
