"""The insights rollup as a background task. `plein worker` enqueues it through
`plein.insights.rollup.maybe_roll_up` when the last rollup is older than
PLEIN_INSIGHTS_ROLLUP_MINUTES; without a worker it runs inline when enqueued."""

from typing import Any

from django_tasks import task


@task()
def roll_up_task() -> dict[str, Any]:
    """Bring the insights aggregates up to date; returns what it did (JSON, for the task
    result)."""
    from plein.insights.rollup import roll_up

    return roll_up().as_dict()
