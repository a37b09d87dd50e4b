import datetime

import pytest
from django.core import mail, signing
from django.utils import timezone

from plein.core.errors import NotAllowed, PleinError
from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.insights.events import record
from plein.insights.models import (
    Event,
    MemberStats,
    Survey,
    SurveyAnswer,
    SurveyParticipant,
    SurveyQuestion,
    SurveyResponse,
)
from plein.insights.pulse import actions as pulse
from plein.insights.rollup import roll_up
from plein.insights.tests.pulse_helpers import (
    answer_barriers,
    barrier_pulse,
    barriers_question,
    in_days,
    option_id,
)
from plein.members.models import Organisation
from plein.notify.models import NotificationSettings

pytestmark = pytest.mark.django_db


def test_the_barriers_template_asks_the_barriers_and_how_useful(personas):
    survey = barrier_pulse(personas)
    questions = list(survey.questions.all())
    assert [(q.key, q.kind) for q in questions] == [("barriers", "multiple"), ("useful", "scale")]
    assert questions[0].text == "What holds you back from using Plein more?"
    options = list(questions[0].options.all())
    assert [o.key for o in options] == [
        "no_time",
        "dont_know_how",
        "feels_vulnerable",
        "login_hard",
        "dont_know_who",
        "manager_no_support",
        "prefer_email",
        "other",
    ]
    assert options[1].label == "I don't know how"
    assert [o.takes_text for o in options] == [False] * 7 + [True]
    assert questions[1].text == "How useful is Plein for your work?"
    assert survey.title == "What holds you back?" and survey.is_draft


def test_the_motivators_template_has_its_own_keys(personas):
    survey = pulse.create_survey(
        personas.community_manager, title="Wat helpt?", template="motivators", closes_on=in_days(7)
    )
    question = survey.questions.get(key="motivators")
    keys = list(question.options.values_list("key", flat=True))
    assert keys[:2] == ["colleague_asked", "gathering"] and keys[-1] == "other"
    assert survey.title == "Wat helpt?"


def test_only_community_managers_create_surveys(personas):
    with pytest.raises(NotAllowed):
        pulse.create_survey(personas.member, title="Mine", closes_on=in_days(7))
    assert not Survey.objects.exists()


def test_a_survey_of_its_own_gets_the_questions_the_manager_writes(personas):
    survey = pulse.create_survey(personas.community_manager, title="Own", closes_on=in_days(7))
    assert not survey.questions.exists()
    question = pulse.add_question(
        personas.community_manager,
        survey,
        kind=SurveyQuestion.Kind.SINGLE,
        text="Which day suits a gathering?",
        options=["Monday", " ", "Thursday"],
        required=True,
    )
    assert list(question.options.values_list("label", flat=True)) == ["Monday", "Thursday"]
    pulse.edit_question(
        personas.community_manager,
        question,
        text="Which day suits you?",
        options=["Monday", "Tuesday", "Thursday"],
    )
    question.refresh_from_db()
    assert question.text == "Which day suits you?" and not question.required
    assert list(question.options.values_list("label", flat=True)) == [
        "Monday",
        "Tuesday",
        "Thursday",
    ]
    second = pulse.add_question(
        personas.community_manager, survey, kind="text", text="Anything else?"
    )
    pulse.move_question(personas.community_manager, second, up=True)
    assert list(survey.questions.values_list("text", flat=True)) == [
        "Anything else?",
        "Which day suits you?",
    ]
    pulse.remove_question(personas.community_manager, second)
    assert survey.questions.count() == 1


def test_publishing_needs_a_question(personas):
    survey = pulse.create_survey(personas.community_manager, title="Empty", closes_on=in_days(7))
    with pytest.raises(PleinError, match="at least one question"):
        pulse.publish_survey(personas.community_manager, survey)
    survey.refresh_from_db()
    assert survey.is_draft and not SurveyParticipant.objects.exists()


def test_a_question_with_500_options_is_refused_and_nothing_is_added(personas):
    survey = pulse.create_survey(personas.community_manager, title="Many", closes_on=in_days(7))
    with pytest.raises(PleinError, match="at most 20 options; this one has 500"):
        pulse.add_question(
            personas.community_manager,
            survey,
            kind="multiple",
            text="Which?",
            options=[f"Option {n}" for n in range(500)],
        )
    with pytest.raises(PleinError, match="at least 2 options"):
        pulse.add_question(
            personas.community_manager, survey, kind="single", text="Which?", options=["Only"]
        )
    assert not survey.questions.exists()


def test_a_closing_date_in_the_past_or_too_far_ahead_is_refused(personas):
    survey = pulse.create_survey(
        personas.community_manager, title="Late", template="barriers", closes_on=in_days(-1)
    )
    with pytest.raises(PleinError, match="closing date has passed"):
        pulse.publish_survey(personas.community_manager, survey)
    far = pulse.create_survey(
        personas.community_manager, title="Far", template="barriers", closes_on=in_days(120)
    )
    with pytest.raises(PleinError, match="at most 3 months"):
        pulse.publish_survey(personas.community_manager, far)
    assert Survey.objects.filter(published_at__isnull=False).count() == 0


def test_publishing_asks_everyone_active_and_mails_a_one_click_link(
    personas, django_capture_on_commit_callbacks
):
    survey = barrier_pulse(personas)
    with django_capture_on_commit_callbacks(execute=True):
        count = pulse.publish_survey(personas.community_manager, survey)
    assert count == 4
    survey.refresh_from_db()
    assert survey.participant_count == 4 and survey.is_open
    message = next(m for m in mail.outbox if personas.member.email in m.to)
    assert "What holds you back from using Plein more?" in message.body
    assert "/insights/pulse/answer/" in message.body
    assert SurveyParticipant.objects.filter(survey=survey, mailed=True).count() == 4
    with pytest.raises(PleinError, match="is published"):
        pulse.add_question(personas.community_manager, survey, kind="text", text="Late?")


def test_members_who_turned_pulse_mails_off_are_asked_but_not_mailed(
    personas, django_capture_on_commit_callbacks
):
    NotificationSettings.objects.create(member=personas.colleague, pulse_survey="off")
    survey = barrier_pulse(personas)
    with django_capture_on_commit_callbacks(execute=True):
        pulse.publish_survey(personas.community_manager, survey)
    assert not [m for m in mail.outbox if personas.colleague.email in m.to]
    assert SurveyParticipant.objects.filter(survey=survey, member=personas.colleague).exists()


def _participants(survey: Survey) -> set[str]:
    return set(survey.participants.values_list("member__email", flat=True))


def test_a_theme_asks_its_followers_and_experts(personas):
    personas.other_org_member.followed_themes.add(personas.youth_care)
    survey = barrier_pulse(personas, audience="theme", audience_theme=personas.youth_care)
    pulse.publish_survey(personas.community_manager, survey)
    assert _participants(survey) == {personas.member.email, personas.other_org_member.email}


def test_organisations_ask_their_members(personas):
    survey = barrier_pulse(
        personas, audience="organisations", audience_organisations=[personas.almelo]
    )
    pulse.publish_survey(personas.community_manager, survey)
    assert _participants(survey) == {
        personas.other_org_member.email,
        personas.community_manager.email,
    }


def _activity(member, *, contributed=None, active=None):
    """What the member did, as the activity log has it (the pulse rolls it up itself)."""
    if contributed is not None:
        record(Event.Kind.ASKED, member, at=contributed)
    if active is not None:
        record(Event.Kind.VISITED, member, at=active)


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("never_posted", {"colleague", "community_manager"}),
        ("contributors", {"member", "other_org_member"}),
        ("inactive", {"other_org_member", "community_manager"}),
        ("new", {"member", "colleague", "community_manager"}),
    ],
)
def test_a_step_of_the_funnel_asks_its_members(personas, segment, expected):
    now = timezone.now()
    # Only what each test member did below; not the joins of building the personas.
    Event.objects.all().delete()
    _activity(personas.member, contributed=now - datetime.timedelta(days=3), active=now)
    _activity(personas.colleague, active=now - datetime.timedelta(days=2))
    _activity(
        personas.other_org_member,
        contributed=now - datetime.timedelta(days=200),
        active=now - datetime.timedelta(days=45),
    )
    # The community manager did nothing at all.
    personas.other_org_member.date_joined = now - datetime.timedelta(days=200)
    personas.other_org_member.save(update_fields=["date_joined"])
    survey = barrier_pulse(personas, audience="segment", audience_segment=segment)
    pulse.publish_survey(personas.community_manager, survey)
    assert _participants(survey) == {getattr(personas, name).email for name in expected}


def test_a_step_of_the_funnel_is_chosen_from_fresh_figures(personas):
    """Publishing rolls up first: someone who posted a minute ago has posted."""
    roll_up()
    assert MemberStats.objects.get(member=personas.colleague).first_contribution_at is None
    record(Event.Kind.ANSWERED, personas.colleague)
    survey = barrier_pulse(personas, audience="segment", audience_segment="never_posted")
    pulse.publish_survey(personas.community_manager, survey)
    assert personas.colleague.email not in _participants(survey)


def test_an_audience_needs_its_detail(personas):
    with pytest.raises(PleinError, match="Choose the theme"):
        barrier_pulse(personas, audience="theme")
    with pytest.raises(PleinError, match="Choose the step of the funnel"):
        barrier_pulse(personas, audience="segment", audience_segment="everyone")


def _published(personas):
    survey = barrier_pulse(personas)
    pulse.publish_survey(personas.community_manager, survey)
    return survey


def test_a_participant_answers_once_and_the_response_is_anonymous(personas):
    survey = _published(personas)
    answer_barriers(personas.member, survey, ["no_time", "other"], other="Te veel mail")
    survey.refresh_from_db()
    assert survey.response_count == 1
    response = SurveyResponse.objects.get()
    assert response.organisation_kind == Organisation.Kind.MUNICIPALITY
    assert response.submitted_on == timezone.localdate()
    assert SurveyAnswer.objects.filter(response=response).count() == 3
    assert SurveyAnswer.objects.get(option__key="other").text == "Te veel mail"
    assert SurveyParticipant.objects.get(member=personas.member).has_answered
    # No column of a response or an answer points at a member.
    for model in (SurveyResponse, SurveyAnswer):
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            assert related is None or related._meta.model_name != "member", field
    with pytest.raises(PleinError, match="You already answered this pulse — thank you!"):
        answer_barriers(personas.member, survey, ["login_hard"])
    assert SurveyResponse.objects.count() == 1
    survey.refresh_from_db()
    assert survey.response_count == 1


def test_a_second_answer_racing_past_the_first_check_stores_nothing(personas, monkeypatch):
    survey = _published(personas)
    answer_barriers(personas.member, survey, ["no_time"])
    # As if the second request had checked before the first one committed.
    monkeypatch.setattr(pulse, "participation", lambda survey, member: None)
    with pytest.raises(pulse.AlreadyAnswered):
        answer_barriers(personas.member, survey, ["login_hard"])
    assert SurveyResponse.objects.count() == 1


def test_someone_who_was_not_asked_cannot_answer(personas):
    survey = barrier_pulse(
        personas, audience="organisations", audience_organisations=[personas.almelo]
    )
    pulse.publish_survey(personas.community_manager, survey)
    with pytest.raises(NotAllowed, match="not sent to you"):
        answer_barriers(personas.member, survey, ["no_time"])
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_takes_no_answers(personas):
    survey = _published(personas)
    pulse.close_survey(personas.community_manager, survey)
    with pytest.raises(PleinError, match="This pulse is closed"):
        answer_barriers(personas.member, survey, ["no_time"])
    assert not SurveyResponse.objects.exists()
    with pytest.raises(PleinError, match="already closed"):
        pulse.close_survey(personas.community_manager, survey)


def test_answers_are_checked(personas):
    survey = _published(personas)
    question = barriers_question(survey)
    useful = survey.questions.get(key="useful")
    other_survey = _published(personas)
    bad = [
        ({question.pk: pulse.QuestionAnswer()}, "Please answer"),
        (
            {question.pk: pulse.QuestionAnswer(options=[option_id(other_survey, "no_time")])},
            "does not belong",
        ),
        (
            {
                question.pk: pulse.QuestionAnswer(options=[option_id(survey, "no_time")]),
                useful.pk: pulse.QuestionAnswer(scale=6),
            },
            "from 1 to 5",
        ),
        (
            {
                question.pk: pulse.QuestionAnswer(
                    options=[option_id(survey, "other")], text="x" * 501
                )
            },
            "at most 500",
        ),
    ]
    for answers, message in bad:
        with pytest.raises(PleinError, match=message):
            pulse.answer_survey(personas.member, survey, answers)
    assert not SurveyResponse.objects.exists()
    assert not SurveyParticipant.objects.filter(has_answered=True).exists()


def test_the_one_click_link_names_the_survey_and_member_and_cannot_be_forged(personas):
    survey = _published(personas)
    token = pulse.answer_token(survey, personas.member)
    assert pulse.read_answer_token(token) == (survey, personas.member)
    with pytest.raises(pulse.BadPulseLink, match="not valid"):
        pulse.read_answer_token(token[:-2] + "xx")
    forged = signing.dumps({"s": survey.pk, "m": personas.colleague.pk}, salt="other")
    with pytest.raises(pulse.BadPulseLink, match="not valid"):
        pulse.read_answer_token(forged)
