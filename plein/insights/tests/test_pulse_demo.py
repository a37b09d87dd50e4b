import datetime

import pytest
from django.core import mail
from django.utils import timezone

from plein.insights.models import Survey
from plein.insights.pulse.demo import ROUNDS, load_demo_pulses
from plein.insights.pulse.queries import survey_results, trends_for
from plein.members.demo import load_demo_community

pytestmark = pytest.mark.django_db


def test_nothing_loads_without_the_demo_community() -> None:
    assert load_demo_pulses() == 0
    assert not Survey.objects.exists()


def test_the_demo_pulses_tell_the_story_and_load_once() -> None:
    load_demo_community()
    mail.outbox.clear()
    assert load_demo_pulses() == 3
    assert load_demo_pulses() == 0
    assert not mail.outbox
    first, second = (Survey.objects.get(title=spec.title) for spec in ROUNDS)
    draft = Survey.objects.exclude(pk__in=[first.pk, second.pk]).get()
    assert draft.is_draft and draft.audience_segment == Survey.Segment.NEVER_POSTED
    now = timezone.now()
    assert not first.is_open and not second.is_open
    assert first.published_at and second.published_at and second.closes_at
    assert now - second.closes_at > datetime.timedelta(days=14)  # closed a few weeks ago
    gap = second.published_at - first.published_at
    assert datetime.timedelta(days=100) < gap < datetime.timedelta(days=140)
    for survey in (first, second):
        assert survey.participant_count > 50
        assert 0.5 < survey.response_count / survey.participant_count < 0.7
    results = survey_results(second)
    assert results.shown
    barriers = results.questions[0]
    shares = {option.key: option.share for option in barriers.options}
    assert shares["no_time"] == max(shares.values())
    care = next(group for group in barriers.groups if group.kind == "care_provider")
    municipalities = next(group for group in barriers.groups if group.kind == "municipality")
    care_shares = {option.key: option.share for option in care.options}
    assert care_shares["no_time"] == max(care_shares.values())
    assert care_shares["no_time"] > {o.key: o.share for o in municipalities.options}["no_time"]
    (trend,) = trends_for(second)
    rows = {row.key: row.shares for row in trend.rows}
    assert rows["dont_know_how"] == [38, 21]  # "I don't know how" dropped
    assert rows["login_hard"] == [36, 7]
