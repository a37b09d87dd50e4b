import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.insights.models import Survey
from plein.insights.pulse import actions as pulse
from plein.insights.pulse.queries import survey_results, trends_for
from plein.insights.tests.pulse_helpers import answer_barriers, barrier_pulse, more_members
from plein.members import actions as member_actions
from plein.members.models import Organisation

pytestmark = pytest.mark.django_db


def _open_pulse(personas):
    survey = barrier_pulse(personas)
    pulse.publish_survey(personas.community_manager, survey)
    return survey


def _care_provider():
    organisation, _ = member_actions.add_organisation(
        "Zorg Twente", kind=Organisation.Kind.CARE_PROVIDER
    )
    return organisation


def test_results_stay_hidden_at_4_responses_and_show_at_5(client, personas):
    members = more_members(5, personas.hengelo)
    survey = _open_pulse(personas)
    for n, member in enumerate(members[:4]):
        answer_barriers(member, survey, ["no_time"], other=f"Eigen woorden {n}")
    client.force_login(personas.community_manager)
    html = client.get(survey.get_absolute_url()).content.decode()
    assert "The results are shown from 5 responses on" in html
    assert "4 of 9 members answered" in html
    assert "Eigen woorden" not in html and "No time" not in html
    answer_barriers(members[4], survey, ["dont_know_how", "other"], other="Eigen woorden 4")
    html = client.get(survey.get_absolute_url()).content.decode()
    assert "The results are shown from" not in html
    assert "5 of 9 members answered" in html and "response rate 56%" in html
    assert "What holds you back from using Plein more?" in html
    assert "<svg" in html and "80%" in html  # four of five chose "no time"
    assert "Eigen woorden 4" in html and "average 3" in html
    # Nobody who answered is named, nor any date of answering.
    for member in members:
        assert member.name not in html and member.email not in html
    assert timezone.localdate().strftime("%Y-%m-%d") not in html


def test_a_kind_of_organisation_is_broken_down_only_from_5_responses(personas):
    care = _care_provider()
    municipal = more_members(5, personas.hengelo)
    carers = more_members(4, care, prefix="carer")
    survey = _open_pulse(personas)
    for member in municipal:
        answer_barriers(member, survey, ["dont_know_how"])
    for member in carers:
        answer_barriers(member, survey, ["no_time"])
    survey.refresh_from_db()
    results = survey_results(survey, seed=1)
    barriers = results.questions[0]
    assert [group.label for group in barriers.groups] == ["municipality"]
    assert barriers.hidden_groups == 1
    assert barriers.groups[0].options[1].share == 100
    shares = {row.key: row.share for row in barriers.options}
    assert shares["no_time"] == 44 and shares["dont_know_how"] == 56
    carer = more_members(1, care, prefix="late")[0]
    # A member who joined after publishing was not asked: the care providers stay at 4.
    with pytest.raises(pulse.PleinError):
        answer_barriers(carer, survey, ["no_time"])
    assert len(survey_results(survey).questions[0].groups) == 1


def test_the_breakdown_appears_once_a_group_reaches_5(personas):
    care = _care_provider()
    carers = more_members(5, care, prefix="carer")
    survey = _open_pulse(personas)
    for member in carers:
        answer_barriers(member, survey, ["no_time"])
    survey.refresh_from_db()
    barriers = survey_results(survey).questions[0]
    assert [group.label for group in barriers.groups] == ["care provider"]
    assert barriers.hidden_groups == 0


def test_trends_compare_the_same_template_question_across_pulses(personas):
    members = more_members(6, personas.hengelo)
    first = _open_pulse(personas)
    for n, member in enumerate(members[:5]):
        answer_barriers(member, first, ["dont_know_how"] if n < 2 else ["no_time"])
    pulse.close_survey(personas.community_manager, first)
    Survey.objects.filter(pk=first.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=120)
    )
    second = _open_pulse(personas)
    for member in members[:5]:
        answer_barriers(member, second, ["no_time"])
    trends = trends_for(second)
    assert len(trends) == 1
    trend = trends[0]
    assert [s.pk for s in trend.surveys] == [first.pk, second.pk]
    rows = {row.label: row.shares for row in trend.rows}
    assert rows["I don't know how"] == [40, 0]
    assert rows["No time"] == [60, 100]
    # The first pulse's page compares with nothing later.
    assert trends_for(first) == []


def test_a_pulse_below_the_threshold_is_left_out_of_the_trend(personas):
    members = more_members(5, personas.hengelo)
    first = _open_pulse(personas)
    for member in members[:4]:
        answer_barriers(member, first, ["dont_know_how"])
    pulse.close_survey(personas.community_manager, first)
    Survey.objects.filter(pk=first.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=120)
    )
    second = _open_pulse(personas)
    for member in members:
        answer_barriers(member, second, ["no_time"])
    assert trends_for(second) == []


def test_an_organisation_manager_sees_results_and_a_member_does_not(client, personas):
    survey = _open_pulse(personas)
    personas.hengelo.managers.add(personas.colleague)
    client.force_login(personas.colleague)
    assert client.get(survey.get_absolute_url()).status_code == 200
    assert client.get(reverse("insights:surveys")).status_code == 200
    # Seeing is not managing.
    assert client.get(reverse("insights:survey_create")).status_code == 403
    client.force_login(personas.member)
    assert client.get(survey.get_absolute_url()).status_code == 403
    assert client.get(reverse("insights:surveys")).status_code == 403


def test_the_results_page_makes_the_same_number_of_queries_with_more_answers(
    client, personas, django_assert_num_queries
):
    members = more_members(12, personas.hengelo)
    first = _open_pulse(personas)
    for member in members[:6]:
        answer_barriers(member, first, ["no_time"], other="Iets")
    pulse.close_survey(personas.community_manager, first)
    Survey.objects.filter(pk=first.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=120)
    )
    survey = _open_pulse(personas)
    for member in members[:5]:
        answer_barriers(member, survey, ["no_time", "other"], other="Te druk")
    client.force_login(personas.community_manager)
    client.get(survey.get_absolute_url())
    # 1 session, 2 member, 3 the survey, 4-5 the community manager's permissions, 6-7
    # questions and their options, 8 answers counted per question, option, scale and kind
    # of organisation, 9 responses per question and kind, 10 the free text, 11-12 the
    # template questions and options for the trend, 13 their answers counted per pulse,
    # 14 responses per pulse, 15 the pulses compared, 16 unread notifications
    with django_assert_num_queries(16):
        client.get(survey.get_absolute_url())
    for member in members[5:]:
        answer_barriers(member, survey, ["dont_know_how", "other"], other="Nieuw")
    with django_assert_num_queries(16):
        html = client.get(survey.get_absolute_url()).content.decode()
    assert "Nieuw" in html and "Compared with earlier pulses" in html
