"""Demo pulse surveys: two rounds of the barriers pulse about four months apart, and the
draft of the next one, so the results and the trend tell the story of issue 7: "I don't
know how" and "logging in is hard" dropped after the gatherings with the QR check-in
started, while "no time" is still the biggest barrier among care providers.

Everything goes through the real actions (create, publish, answer), with a seeded random
generator; afterwards the rounds are moved back in time (actions always stamp "now"). A
round is published while it is open, then closed in the past before the transaction
commits, so its invitation mails find it closed and none is sent. Running it again adds
nothing: the rounds are found by their titles.

The Dutch titles and free text below are demo data, not interface strings."""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation

from plein.insights.models import Survey, SurveyParticipant, SurveyResponse
from plein.insights.pulse import actions
from plein.members.demo import COMMUNITY_MANAGER_EMAIL
from plein.members.models import Member, Organisation

SEED = 2026
RESPONSE_SHARE = 0.6
DUMMY_MAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


@dataclass(frozen=True)
class Round:
    title: str
    published_days_ago: int
    open_days: int
    # Share of respondents choosing each barrier, per kind of organisation ("" for all).
    shares: dict[str, dict[str, float]]
    useful: tuple[float, ...]  # weights of the answers 1..5 to "how useful"


ALL = ""
CARE = Organisation.Kind.CARE_PROVIDER.value
EDUCATION = Organisation.Kind.EDUCATION.value

ROUNDS = (
    Round(
        title="Wat houdt je tegen? (voorjaar)",
        published_days_ago=170,
        open_days=21,
        shares={
            "no_time": {ALL: 0.42, CARE: 0.62},
            "dont_know_how": {ALL: 0.38},
            "feels_vulnerable": {ALL: 0.26},
            "login_hard": {ALL: 0.34},
            "dont_know_who": {ALL: 0.28},
            "manager_no_support": {ALL: 0.08, EDUCATION: 0.3},
            "prefer_email": {ALL: 0.16},
            "other": {ALL: 0.06},
        },
        useful=(2, 4, 5, 3, 1),
    ),
    Round(
        title="Wat houdt je tegen? (najaar)",
        published_days_ago=50,
        open_days=28,
        shares={
            "no_time": {ALL: 0.34, CARE: 0.6},
            "dont_know_how": {ALL: 0.16},
            "feels_vulnerable": {ALL: 0.2},
            "login_hard": {ALL: 0.09},
            "dont_know_who": {ALL: 0.17},
            "manager_no_support": {ALL: 0.07, EDUCATION: 0.25},
            "prefer_email": {ALL: 0.14},
            "other": {ALL: 0.05},
        },
        useful=(1, 2, 4, 5, 2),
    ),
)
NEXT_TITLE = "Wat houdt je tegen? (nieuwe leden die nog niets plaatsten)"
OTHER_TEXTS = (
    "Ons eigen dossiersysteem vraagt al genoeg tijd",
    "Ik weet niet of ik over een casus mag schrijven",
    "Mijn team gebruikt vooral de groepsapp",
    "Ik lees liever eerst een tijdje mee",
    "Te veel verschillende platforms",
    "Het past niet in mijn rooster",
)


def load_demo_pulses(*, now: datetime | None = None) -> int:
    """Add the demo pulses that are missing; returns how many surveys were created."""
    manager = Member.objects.filter(email=COMMUNITY_MANAGER_EMAIL, is_active=True).first()
    if manager is None or not manager.is_community_manager:
        return 0
    now = now or timezone.now()
    rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
    created = 0
    # The community speaks Dutch: template questions are stored in the creator's language.
    with (
        override_settings(EMAIL_BACKEND=DUMMY_MAIL_BACKEND),
        translation.override("nl"),
        transaction.atomic(),
    ):
        for spec in ROUNDS:
            if Survey.objects.filter(title=spec.title).exists():
                continue
            _load_round(manager, spec, now, rng)
            created += 1
        if not Survey.objects.filter(title=NEXT_TITLE).exists():
            actions.create_survey(
                manager,
                title=NEXT_TITLE,
                template="barriers",
                audience=Survey.Audience.SEGMENT,
                audience_segment=Survey.Segment.NEVER_POSTED,
                closes_on=timezone.localdate(now) + timedelta(days=21),
            )
            created += 1
    return created


def _load_round(manager: Member, spec: Round, now: datetime, rng: random.Random) -> None:
    survey = actions.create_survey(
        manager,
        title=spec.title,
        template="barriers",
        closes_on=timezone.localdate() + timedelta(days=14),
    )
    actions.publish_survey(manager, survey)
    question = survey.questions.get(key="barriers")
    useful = survey.questions.get(key="useful")
    option_ids = dict(question.options.values_list("key", "pk"))
    participants = list(
        Member.objects.filter(
            pk__in=SurveyParticipant.objects.filter(survey=survey).values("member_id")
        )
        .exclude(pk=manager.pk)
        .select_related("organisation")
        .order_by("email")
    )
    by_kind: dict[str, list[Member]] = defaultdict(list)
    for member in participants:
        by_kind[member.organisation.kind if member.organisation else ""].append(member)
    for kind, members in sorted(by_kind.items()):
        respondents = rng.sample(members, round(RESPONSE_SHARE * len(members)))
        # Exact shares per group (not a coin per member), so the story holds for the
        # small demo community too.
        chosen: dict[int, list[str]] = defaultdict(list)
        for key, shares in spec.shares.items():
            share = shares.get(kind, shares[ALL])
            for member in rng.sample(respondents, round(share * len(respondents))):
                chosen[member.pk].append(key)
        # Someone the exact shares left without a barrier picks one by the same weights.
        named = [key for key in spec.shares if key != "other"]
        weights = [spec.shares[key].get(kind, spec.shares[key][ALL]) for key in named]
        for member in respondents:
            keys = chosen[member.pk] or rng.choices(named, weights=weights)
            text = rng.choice(OTHER_TEXTS) if "other" in keys else ""
            scale = rng.choices(range(1, 6), weights=spec.useful)[0]
            actions.answer_survey(
                member,
                survey,
                {
                    question.pk: actions.QuestionAnswer(
                        options=[option_ids[key] for key in keys], text=text
                    ),
                    useful.pk: actions.QuestionAnswer(scale=scale),
                },
            )
    _move_back(survey, spec, now, rng)


def _move_back(survey: Survey, spec: Round, now: datetime, rng: random.Random) -> None:
    """Put the round where it belongs in time: published `published_days_ago`, closed
    `open_days` later, each response on a day while it was open (most in the first days,
    as with a mailed link)."""
    published = now - timedelta(days=spec.published_days_ago)
    first_day = timezone.localdate(published)
    last_day = first_day + timedelta(days=spec.open_days - 1)
    Survey.objects.filter(pk=survey.pk).update(
        created_at=published - timedelta(days=2),
        published_at=published,
        closes_at=actions.closing_time(last_day),
    )
    for response_id in SurveyResponse.objects.filter(survey=survey).values_list("pk", flat=True):
        offset = min(int(rng.expovariate(1 / 3)), spec.open_days - 1)
        SurveyResponse.objects.filter(pk=response_id).update(
            submitted_on=first_day + timedelta(days=offset)
        )
