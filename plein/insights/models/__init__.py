"""Insights (PRODUCT.md P1): what holds people back, what moves them, and whether it pays.

- `activity`: the append-only log of meaningful events written by the actions, the daily
  page-view counts, and the rollups the dashboards read (never the log itself).
- `pulse`: short anonymous surveys about barriers and motivators.
"""

from plein.insights.models.activity import (
    Aggregate,
    AnswerTimeCount,
    BusinessCaseSettings,
    Dimension,
    Event,
    Measure,
    MemberStats,
    PageViewCount,
    RollupState,
)
from plein.insights.models.pulse import (
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyParticipant,
    SurveyQuestion,
    SurveyResponse,
)

__all__ = [
    "Aggregate",
    "AnswerTimeCount",
    "BusinessCaseSettings",
    "Dimension",
    "Event",
    "Measure",
    "MemberStats",
    "PageViewCount",
    "RollupState",
    "Survey",
    "SurveyAnswer",
    "SurveyOption",
    "SurveyParticipant",
    "SurveyQuestion",
    "SurveyResponse",
]
