"""Building pulse surveys for tests, through the real actions."""

import datetime

from django.utils import timezone

from plein.core.testing import Personas
from plein.insights.models import Survey, SurveyQuestion
from plein.insights.pulse import actions as pulse
from plein.members import actions as member_actions
from plein.members.models import Member, Organisation


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def barrier_pulse(personas: Personas, **audience: object) -> Survey:
    """A draft from the barriers template, open for two weeks once published."""
    return pulse.create_survey(
        personas.community_manager,
        title="",
        template="barriers",
        closes_on=in_days(14),
        **audience,  # type: ignore[arg-type]
    )


def more_members(count: int, organisation: Organisation, *, prefix: str = "extra") -> list[Member]:
    return [
        member_actions.create_member(
            f"{prefix}{n}@{organisation.pk}.example",
            name=f"{prefix.title()} {n}",
            organisation=organisation,
            preferred_language="en",
        )
        for n in range(count)
    ]


def barriers_question(survey: Survey) -> SurveyQuestion:
    return survey.questions.get(key="barriers")


def option_id(survey: Survey, key: str) -> int:
    return barriers_question(survey).options.get(key=key).pk


def answer_barriers(
    member: Member, survey: Survey, keys: list[str], *, useful: int | None = 3, other: str = ""
) -> None:
    question = barriers_question(survey)
    useful_question = survey.questions.get(key="useful")
    answers = {
        question.pk: pulse.QuestionAnswer(
            options=[option_id(survey, key) for key in keys], text=other
        ),
        useful_question.pk: pulse.QuestionAnswer(scale=useful),
    }
    pulse.answer_survey(member, survey, answers)
