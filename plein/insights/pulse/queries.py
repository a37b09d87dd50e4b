"""Reading pulse surveys: the list, the open pulse on a member's start page, results and
trends. Every figure passes the privacy threshold (`big_enough`): nothing about a survey
is shown below PLEIN_INSIGHTS_MIN_GROUP responses, nor about a kind of organisation with
fewer responses than that."""

import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plein.insights.access import big_enough
from plein.insights.charts import Chart, Series
from plein.insights.models import (
    Survey,
    SurveyAnswer,
    SurveyParticipant,
    SurveyQuestion,
)
from plein.members.models import Member, Organisation


@dataclass
class SurveyLists:
    drafts: list[Survey]
    open: list[Survey]
    closed: list[Survey]


def survey_lists() -> SurveyLists:
    """All surveys in one query, split by state."""
    lists = SurveyLists([], [], [])
    now = timezone.now()
    for survey in Survey.objects.order_by("-created_at", "-id"):
        if survey.published_at is None:
            lists.drafts.append(survey)
        elif survey.closes_at is not None and survey.closes_at > now:
            lists.open.append(survey)
        else:
            lists.closed.append(survey)
    return lists


def response_rate(survey: Survey) -> int | None:
    """Percentage of participants who answered (a count of people, so shown whatever the
    group size: it says nothing about what anyone answered)."""
    if not survey.participant_count:
        return None
    return round(100 * survey.response_count / survey.participant_count)


def open_pulse_for(member: Member) -> Survey | None:
    """The open survey this member was asked and has not answered (the soonest to close).
    One query; the caller loads its questions only when there is one."""
    now = timezone.now()
    participant = (
        SurveyParticipant.objects.filter(
            member=member,
            has_answered=False,
            survey__published_at__lte=now,
            survey__closes_at__gt=now,
        )
        .select_related("survey")
        .order_by("survey__closes_at", "survey_id")
        .first()
    )
    return participant.survey if participant else None


def questions_of(survey: Survey) -> list[SurveyQuestion]:
    return list(survey.questions.prefetch_related("options"))


@dataclass
class OptionResult:
    label: str
    key: str
    count: int
    share: int  # percentage of the responses that answered the question


@dataclass
class GroupResult:
    """One kind of organisation's answers to a choice question."""

    kind: str
    label: str
    responses: int
    options: list[OptionResult]


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int  # responses that answered this question
    options: list[OptionResult] = field(default_factory=list)
    scale: list[OptionResult] = field(default_factory=list)
    average: float | None = None
    texts: list[str] = field(default_factory=list)
    groups: list[GroupResult] = field(default_factory=list)
    hidden_groups: int = 0

    @property
    def chart(self) -> Chart | None:
        """The options' shares (choice) or the distribution (scale) as bars."""
        rows = self.options or self.scale
        if not rows:
            return None
        return Chart(
            title=_("Answers, as a share of the responses"),
            description=_("Share of the %(count)d responses to this question per answer.")
            % {"count": self.answered},
            labels=[row.label for row in rows],
            series=[Series(_("Share of responses"), [row.share for row in rows])],
            kind="bars",
            unit="%",
        )

    @property
    def group_chart(self) -> Chart | None:
        """The options' shares per kind of organisation (the groups big enough to show)."""
        if not self.groups:
            return None
        return Chart(
            title=_("Per kind of organisation"),
            description=_("Share of each kind of organisation's responses per answer."),
            labels=[row.label for row in self.options],
            series=[
                Series(
                    _("%(kind)s (%(count)d responses)") % {"kind": g.label, "count": g.responses},
                    [row.share for row in g.options],
                )
                for g in self.groups
            ],
            kind="bars",
            unit="%",
        )


@dataclass
class SurveyResults:
    survey: Survey
    shown: bool  # enough responses to show anything
    rate: int | None
    questions: list[QuestionResult]


def _share(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def survey_results(  # noqa: C901  per question kind, within one threshold rule
    survey: Survey, *, seed: int | None = None
) -> SurveyResults:
    """Per question: the options' counts and shares, the scale's distribution and average,
    the free text (shuffled, without dates or names) and, for choice questions, the
    answers per kind of organisation with enough responses. Nothing at all below the
    threshold. Five queries when shown, one question-free query otherwise."""
    rate = response_rate(survey)
    if not big_enough(survey.response_count):
        return SurveyResults(survey, False, rate, [])
    questions = questions_of(survey)  # 2 queries
    answers = SurveyAnswer.objects.filter(question__survey=survey)
    counts: dict[tuple[int, int | None, int | None, str], int] = {}
    # 3: how many answers per question, option, scale value and kind of organisation.
    for row in answers.values(
        "question_id", "option_id", "scale", "response__organisation_kind"
    ).annotate(n=Count("id")):
        key = (
            row["question_id"],
            row["option_id"],
            row["scale"],
            row["response__organisation_kind"],
        )
        counts[key] = row["n"]
    # 4: how many responses answered each question, in total and per kind of organisation.
    answered: dict[int, int] = defaultdict(int)
    answered_by_kind: dict[tuple[int, str], int] = defaultdict(int)
    for question_id, kind, n in (
        answers.values("question_id", "response__organisation_kind")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "response__organisation_kind", "n")
    ):
        answered[question_id] += n
        answered_by_kind[question_id, kind] = n
    # 5: the free text, shuffled so the order gives nothing away.
    texts: dict[int, list[str]] = defaultdict(list)
    for question_id, text in answers.exclude(text="").values_list("question_id", "text"):
        texts[question_id].append(text)
    # The database's order follows the order of answering; a shuffle that cannot be
    # predicted hides it (a seed only for tests).
    shuffle = random.SystemRandom() if seed is None else random.Random(seed)  # noqa: S311
    kinds = dict(Organisation.Kind.choices)
    results = []
    for question in questions:
        total = answered[question.pk]
        result = QuestionResult(question, total)
        by_option: dict[int | None, int] = defaultdict(int)
        by_scale: dict[int | None, int] = defaultdict(int)
        by_kind_option: dict[tuple[str, int | None], int] = defaultdict(int)
        for (question_id, option_id, scale, kind), n in counts.items():
            if question_id != question.pk:
                continue
            by_option[option_id] += n
            by_scale[scale] += n
            by_kind_option[kind, option_id] += n
        if question.kind in (SurveyQuestion.Kind.SINGLE, SurveyQuestion.Kind.MULTIPLE):
            options = list(question.options.all())
            result.options = [
                OptionResult(o.label, o.key, by_option[o.pk], _share(by_option[o.pk], total))
                for o in options
            ]
            for kind, label in kinds.items():
                group = answered_by_kind.get((question.pk, kind), 0)
                if not group:
                    continue
                if not big_enough(group):
                    result.hidden_groups += 1
                    continue
                result.groups.append(
                    GroupResult(
                        kind,
                        str(label),
                        group,
                        [
                            OptionResult(
                                o.label,
                                o.key,
                                by_kind_option[kind, o.pk],
                                _share(by_kind_option[kind, o.pk], group),
                            )
                            for o in options
                        ],
                    )
                )
            unknown = answered_by_kind.get((question.pk, ""), 0)
            if unknown and not big_enough(unknown):
                result.hidden_groups += 1
        elif question.kind == SurveyQuestion.Kind.SCALE:
            result.scale = [
                OptionResult(
                    str(value), str(value), by_scale[value], _share(by_scale[value], total)
                )
                for value in range(1, 6)
            ]
            if total:
                result.average = round(
                    sum(value * by_scale[value] for value in range(1, 6)) / total, 1
                )
        result.texts = texts[question.pk]
        shuffle.shuffle(result.texts)
        results.append(result)
    return SurveyResults(survey, True, rate, results)


@dataclass
class TrendRow:
    label: str
    key: str
    shares: list[int | None]


@dataclass
class Trend:
    """One template question across the published surveys that asked it, oldest first."""

    text: str
    surveys: list[Survey]
    rows: list[TrendRow]

    @property
    def chart(self) -> Chart:
        return Chart(
            title=self.text,
            description=_("Share of the responses per answer in each pulse, oldest first."),
            labels=[row.label for row in self.rows],
            series=[
                Series(
                    _("%(title)s (%(month)s)")
                    % {
                        "title": survey.title,
                        "month": date_format(timezone.localtime(survey.published_at), "M Y")
                        if survey.published_at
                        else "",
                    },
                    [row.shares[n] for row in self.rows],
                )
                for n, survey in enumerate(self.surveys)
            ],
            kind="bars",
            unit="%",
        )


def trends_for(survey: Survey) -> list[Trend]:
    """For each template choice question in `survey`, the share of each option in every
    published survey that asked the same question (same key) with enough answers to it,
    up to this one. Three queries: the keyed questions, the answers, the responses."""
    keyed = [
        q
        for q in survey.questions.prefetch_related("options")
        if q.key and q.kind in (SurveyQuestion.Kind.SINGLE, SurveyQuestion.Kind.MULTIPLE)
    ]
    if not keyed or survey.published_at is None:
        return []
    keys = [q.key for q in keyed]
    published = Q(
        question__survey__published_at__isnull=False,
        question__survey__published_at__lte=survey.published_at,
    )
    counts: dict[tuple[str, int, str], int] = {}
    answered: dict[tuple[str, int], int] = {}
    rows = (
        SurveyAnswer.objects.filter(published, question__key__in=keys)
        .values("question__key", "question__survey_id", "option__key")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["question__key"], row["question__survey_id"], row["option__key"]] = row["n"]
    per_survey = (
        SurveyAnswer.objects.filter(published, question__key__in=keys)
        .values("question__key", "question__survey_id")
        .annotate(n=Count("response_id", distinct=True))
    )
    for key, survey_id, n in per_survey.values_list("question__key", "question__survey_id", "n"):
        answered[key, survey_id] = n
    survey_ids = {sid for (_key, sid), n in answered.items() if big_enough(n)}
    surveys = {s.pk: s for s in Survey.objects.filter(pk__in=survey_ids)}
    trends = []
    for question in keyed:
        asked = sorted(
            (surveys[sid] for (key, sid) in answered if key == question.key and sid in surveys),
            key=lambda s: (s.published_at, s.pk),
        )
        if len(asked) < 2:
            continue
        trends.append(
            Trend(
                question.text,
                asked,
                [
                    TrendRow(
                        option.label,
                        option.key,
                        [
                            _share(
                                counts.get((question.key, s.pk, option.key), 0),
                                answered[question.key, s.pk],
                            )
                            if option.key
                            else None
                            for s in asked
                        ],
                    )
                    for option in question.options.all()
                ],
            )
        )
    return trends
