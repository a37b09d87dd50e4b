import datetime
import re
import time

import pytest
from django.conf import settings
from django.urls import reverse

from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    client_fixture,
    english_fixture,
    last_mail_to,
    personas_fixture,
)
from plein.insights.models import Survey, SurveyParticipant, SurveyResponse
from plein.insights.pulse import actions as pulse
from plein.insights.tests.pulse_helpers import (
    answer_barriers,
    barrier_pulse,
    barriers_question,
    in_days,
    more_members,
    option_id,
)

pytestmark = pytest.mark.django_db


def test_a_community_manager_creates_edits_and_publishes_a_pulse(client, personas):
    client.force_login(personas.community_manager)
    assert client.get(reverse("insights:survey_create")).status_code == 200
    response = client.post(
        reverse("insights:survey_create"),
        {
            "template": "",
            "title": "Bijeenkomsten",
            "audience": "segment",
            "audience_segment": "never_posted",
            "closes_on": in_days(10).isoformat(),
        },
    )
    survey = Survey.objects.get()
    assert response.url == reverse("insights:survey_edit", kwargs={"pk": survey.pk})
    edit = reverse("insights:survey_edit", kwargs={"pk": survey.pk})
    html = client.get(edit).content.decode()
    assert "No questions yet" in html
    response = client.post(
        edit,
        {"kind": "multiple", "text": "Which?", "options": "\n".join(f"O{n}" for n in range(500))},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "at most 20 options; this one has 500" in html
    assert "O499" in html  # nothing lost: the options are still in the form
    assert not survey.questions.exists()
    response = client.post(
        edit,
        {"kind": "single", "text": "Which day?", "options": "Monday\nThursday", "required": "on"},
    )
    assert response.status_code == 302
    question = survey.questions.get()
    response = client.post(
        reverse(
            "insights:survey_question_edit", kwargs={"pk": survey.pk, "question_pk": question.pk}
        ),
        {"text": "Which day suits you?", "options": "Monday\nTuesday\nThursday"},
    )
    assert response.status_code == 302
    assert question.options.count() == 3
    response = client.post(reverse("insights:survey_publish", kwargs={"pk": survey.pk}))
    assert response.url == survey.get_absolute_url()
    survey.refresh_from_db()
    assert not survey.is_draft and survey.participant_count == 4  # nobody posted yet
    html = client.get(survey.get_absolute_url()).content.decode()
    assert "0 of 4 members answered" in html and "Close the pulse now" in html


def test_publishing_without_questions_says_why_on_the_draft(client, personas):
    survey = pulse.create_survey(personas.community_manager, title="Empty", closes_on=in_days(5))
    client.force_login(personas.community_manager)
    response = client.post(reverse("insights:survey_publish", kwargs={"pk": survey.pk}))
    assert response.status_code == 400
    assert "Add at least one question before publishing." in response.content.decode()


def test_the_create_form_asks_for_the_audiences_detail(client, personas):
    client.force_login(personas.community_manager)
    response = client.post(
        reverse("insights:survey_create"),
        {"template": "barriers", "audience": "theme", "closes_on": in_days(10).isoformat()},
    )
    assert response.status_code == 400
    assert "Choose the theme whose members are asked." in response.content.decode()
    assert not Survey.objects.exists()


def test_members_cannot_manage_pulses(client, personas):
    survey = barrier_pulse(personas)
    client.force_login(personas.member)
    assert client.get(reverse("insights:survey_create")).status_code == 403
    assert client.get(reverse("insights:survey_edit", kwargs={"pk": survey.pk})).status_code == 403
    response = client.post(reverse("insights:survey_publish", kwargs={"pk": survey.pk}))
    assert response.status_code == 403
    assert Survey.objects.get().is_draft


def _published(personas):
    survey = barrier_pulse(personas)
    pulse.publish_survey(personas.community_manager, survey)
    return survey


def _form_data(survey: Survey, *keys: str, useful: str = "4", other: str = "") -> dict:
    question = barriers_question(survey)
    useful_question = survey.questions.get(key="useful")
    return {
        f"q{question.pk}": [str(option_id(survey, key)) for key in keys],
        f"q{question.pk}_other": other,
        f"q{useful_question.pk}": useful,
    }


def test_a_participant_answers_on_the_answer_page_and_is_thanked(client, personas):
    survey = _published(personas)
    client.force_login(personas.member)
    url = reverse("insights:survey_answer", kwargs={"pk": survey.pk})
    html = client.get(url).content.decode()
    assert "<fieldset" in html and "<legend" in html and "1 (not at all)" in html
    response = client.post(url, _form_data(survey, useful="4"))  # the required one unanswered
    assert response.status_code == 400
    assert re.search(r'value="4"[^>]*checked', response.content.decode())  # input kept
    assert not SurveyResponse.objects.exists()
    response = client.post(url, _form_data(survey, "no_time", "other", other="Te veel mail"))
    assert response.url == reverse("insights:survey_thanks")
    assert SurveyResponse.objects.count() == 1
    html = client.get(url).content.decode()
    assert "You already answered this pulse — thank you!" in html
    response = client.post(url, _form_data(survey, "login_hard"))
    assert "You already answered this pulse — thank you!" in response.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_someone_not_asked_or_too_late_gets_a_clear_message(client, personas):
    survey = barrier_pulse(
        personas, audience="organisations", audience_organisations=[personas.almelo]
    )
    pulse.publish_survey(personas.community_manager, survey)
    client.force_login(personas.member)
    url = reverse("insights:survey_answer", kwargs={"pk": survey.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert "This pulse was not sent to you" in response.content.decode()
    pulse.close_survey(personas.community_manager, survey)
    client.force_login(personas.other_org_member)
    response = client.post(url, _form_data(survey, "no_time"))
    assert "This pulse is closed" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def _link_from_mail(address: str) -> str:
    match = re.search(
        r"https?://\S+?(/insights/pulse/answer/\S+?/)", str(last_mail_to(address).body)
    )
    assert match
    return match.group(1)


def test_the_one_click_link_opens_the_form_without_logging_in(client, personas):
    survey = barrier_pulse(personas)
    client.force_login(personas.community_manager)
    client.post(reverse("insights:survey_publish", kwargs={"pk": survey.pk}))
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # logout() drops every cookie
    link = _link_from_mail(personas.member.email)
    response = client.get(link)
    assert response.status_code == 200
    assert "What holds you back from using Plein more?" in response.content.decode()
    # Opening the link (as a mail scanner does) answered nothing.
    assert not SurveyParticipant.objects.filter(has_answered=True).exists()
    response = client.post(link, _form_data(survey, "dont_know_how"))
    assert response.url == reverse("insights:survey_thanks")
    assert SurveyParticipant.objects.get(member=personas.member).has_answered
    assert "_auth_user_id" not in client.session  # the link does not log in
    response = client.get(link)
    assert "You already answered this pulse — thank you!" in response.content.decode()


def test_a_tampered_or_expired_link_gets_a_clear_page(client, personas, monkeypatch):
    survey = _published(personas)
    token = pulse.answer_token(survey, personas.member)
    tampered = reverse("insights:survey_answer_link", kwargs={"token": token[:-3] + "abc"})
    response = client.get(tampered)
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    # Signed 200 days ago: longer than any pulse can be open.
    past = time.time() - datetime.timedelta(days=200).total_seconds()
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: past)
        old = pulse.answer_token(survey, personas.member)
    response = client.get(reverse("insights:survey_answer_link", kwargs={"token": old}))
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()


def test_a_link_to_a_closed_pulse_says_it_is_closed(client, personas):
    survey = _published(personas)
    token = pulse.answer_token(survey, personas.member)
    pulse.close_survey(personas.community_manager, survey)
    response = client.get(reverse("insights:survey_answer_link", kwargs={"token": token}))
    assert "This pulse is closed" in response.content.decode()


def test_the_answer_page_makes_the_same_number_of_queries_with_more_options(
    client, personas, django_assert_num_queries
):
    survey = _published(personas)
    client.force_login(personas.member)
    url = reverse("insights:survey_answer", kwargs={"pk": survey.pk})
    client.get(url)
    # 1 session, 2 member, 3 the survey, 4 her invitation, 5-6 questions and options,
    # 7 unread notifications
    with django_assert_num_queries(7):
        client.get(url)
    other = _published(personas)
    for member in more_members(5, personas.hengelo):
        SurveyParticipant.objects.create(survey=other, member=member)
        answer_barriers(member, other, ["no_time"])
    draft = pulse.create_survey(personas.community_manager, title="Own", closes_on=in_days(5))
    pulse.add_question(
        personas.community_manager, draft, kind="single", text="A?", options=["1", "2", "3"]
    )
    pulse.add_question(personas.community_manager, draft, kind="text", text="B?")
    pulse.publish_survey(personas.community_manager, draft)
    url = reverse("insights:survey_answer", kwargs={"pk": draft.pk})
    with django_assert_num_queries(7):
        client.get(url)


def test_the_start_page_asks_the_open_pulse_and_takes_the_answer(client, personas):
    survey = _published(personas)
    client.force_login(personas.member)
    html = client.get("/").content.decode()
    assert "Quick question from the community manager" in html
    assert "What holds you back from using Plein more?" in html
    response = client.post(
        reverse("insights:survey_answer", kwargs={"pk": survey.pk}),
        _form_data(survey, "feels_vulnerable"),
    )
    assert response.url == reverse("insights:survey_thanks")
    html = client.get("/").content.decode()
    assert "Quick question from the community manager" not in html


def test_the_pulse_list_shows_drafts_open_and_closed_with_the_response_rate(client, personas):
    barrier_pulse(personas)
    closed = _published(personas)
    answer_barriers(personas.member, closed, ["no_time"])
    pulse.close_survey(personas.community_manager, closed)
    _published(personas)
    client.force_login(personas.community_manager)
    html = client.get(reverse("insights:surveys")).content.decode()
    assert "Drafts" in html and "1 of 4 members answered (25%)" in html
    assert html.count("What holds you back?") == 3


def test_the_pulse_list_makes_the_same_number_of_queries_with_more_pulses(
    client, personas, django_assert_num_queries
):
    _published(personas)
    client.force_login(personas.community_manager)
    url = reverse("insights:surveys")
    client.get(url)
    # 1 session, 2 member, 3-4 the community manager's permissions (scope), 5 all pulses,
    # 6 unread notifications
    with django_assert_num_queries(6):
        client.get(url)
    for _ in range(3):
        barrier_pulse(personas)
        _published(personas)
    with django_assert_num_queries(6):
        client.get(url)


def test_the_draft_editor_makes_the_same_number_of_queries_with_more_questions(
    client, personas, django_assert_num_queries
):
    survey = barrier_pulse(personas)
    client.force_login(personas.community_manager)
    url = reverse("insights:survey_edit", kwargs={"pk": survey.pk})
    client.get(url)
    # 1 session, 2 member, 3-4 permissions, 5 the survey, 6-7 questions and options,
    # 8 how many members it would ask, 9 unread notifications
    with django_assert_num_queries(9):
        client.get(url)
    for n in range(3):
        pulse.add_question(
            personas.community_manager, survey, kind="single", text=f"Q{n}?", options=["a", "b"]
        )
    with django_assert_num_queries(9):
        client.get(url)


def test_a_draft_gets_a_new_date_and_audience_before_it_is_published(client, personas):
    survey = barrier_pulse(personas)
    client.force_login(personas.community_manager)
    url = reverse("insights:survey_settings", kwargs={"pk": survey.pk})
    html = client.get(url).content.decode()
    assert 'value="What holds you back?"' in html
    data = {
        "title": "Nieuwe leden",
        "audience": "segment",
        "audience_segment": "new",
        "closes_on": in_days(-1).isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Choose a day from today on." in response.content.decode()
    response = client.post(url, {**data, "closes_on": in_days(200).isoformat()})
    assert "at most 3 months" in response.content.decode()
    response = client.post(url, {**data, "closes_on": in_days(20).isoformat()})
    assert response.url == reverse("insights:survey_edit", kwargs={"pk": survey.pk})
    survey.refresh_from_db()
    assert survey.title == "Nieuwe leden" and survey.audience_segment == "new"
    assert survey.last_day == in_days(20)
    assert survey.questions.count() == 2  # the template's questions stay
    client.force_login(personas.member)
    assert client.get(url).status_code == 403
