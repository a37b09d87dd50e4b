"""Pulse surveys: what community managers do with them, and how members answer.

A survey is written as a draft (from a template or from scratch), published to an
audience (participants are chosen at that moment and mailed a one-click link), answered
at most once per participant, and closed on its date or by hand. Answers are anonymous:
see plein/insights/models/pulse.py for how the data keeps who apart from what."""

import datetime
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from plein.core.errors import NotAllowed, PleinError
from plein.core.mail import absolute_url, send_templated_mail
from plein.insights.forms import add_months
from plein.insights.models import (
    MemberStats,
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyParticipant,
    SurveyQuestion,
    SurveyResponse,
)
from plein.insights.pulse.templates import TEMPLATES
from plein.insights.rollup import roll_up
from plein.members.models import Member, Organisation
from plein.notify.models import Delivery, NotificationSettings
from plein.themes.models import Theme

logger = logging.getLogger("plein.insights")

TOKEN_SALT = "plein.pulse"  # noqa: S105 (a signing salt, not a secret)
MIN_OPTIONS = 2
MAX_OPTIONS = 20
MAX_QUESTIONS = 20
MAX_MONTHS_OPEN = 3
MAX_TEXT = 500
INACTIVE_DAYS = 30
NEW_DAYS = 90
CHOICE_KINDS = (SurveyQuestion.Kind.SINGLE, SurveyQuestion.Kind.MULTIPLE)


class AlreadyAnswered(PleinError):
    pass


class BadPulseLink(PleinError):
    pass


@dataclass(frozen=True)
class QuestionAnswer:
    """One member's answer to one question: the chosen option ids (one for a single
    choice), the scale value, or the text (the free text of an "other" option too)."""

    options: Sequence[int] = field(default_factory=tuple)
    scale: int | None = None
    text: str = ""


# --- Managing --------------------------------------------------------------------------


def _require_manager(manager: Member) -> None:
    if not manager.is_community_manager:
        raise NotAllowed(_("Only community managers can manage pulse surveys."))


def _require_draft(survey: Survey) -> None:
    if not survey.is_draft:
        raise PleinError(_("This pulse is published; its questions can no longer change."))


def closing_time(closes_on: datetime.date) -> datetime.datetime:
    """A survey closes at the end of its last day, in the community's time zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(closes_on + datetime.timedelta(days=1), datetime.time(), zone)


def _clean_options(kind: str, options: Sequence[str]) -> list[str]:
    if kind not in CHOICE_KINDS:
        return []
    labels = [label.strip() for label in options if label.strip()]
    if len(labels) < MIN_OPTIONS:
        raise PleinError(_("A choice question needs at least 2 options, one per line."))
    if len(labels) > MAX_OPTIONS:
        raise PleinError(
            _("A choice question can have at most %(max)d options; this one has %(count)d.")
            % {"max": MAX_OPTIONS, "count": len(labels)}
        )
    if any(len(label) > 200 for label in labels):
        raise PleinError(_("An option can be at most 200 characters long."))
    return labels


def _clean_question(kind: str, text: str) -> str:
    if kind not in SurveyQuestion.Kind.values:
        raise PleinError(_("Choose the kind of question."))
    text = text.strip()
    if not text:
        raise PleinError(_("Write the question."))
    if len(text) > 300:
        raise PleinError(_("A question can be at most 300 characters long."))
    return text


@transaction.atomic
def create_survey(
    manager: Member,
    *,
    title: str,
    introduction: str = "",
    template: str | None = None,
    audience: str = Survey.Audience.EVERYONE,
    audience_theme: Theme | None = None,
    audience_organisations: Sequence[Organisation] = (),
    audience_segment: str = "",
    closes_on: datetime.date,
) -> Survey:
    """A draft survey; from a template it has the template's questions (with their keys,
    for trends), otherwise the manager adds questions before publishing."""
    _require_manager(manager)
    chosen = None
    if template:
        chosen = TEMPLATES.get(template)
        if chosen is None:
            raise PleinError(_("There is no such template."))
    title = title.strip() or (str(chosen.title) if chosen else "")
    if not title:
        raise PleinError(_("Give the pulse a title."))
    if not introduction.strip() and chosen:
        introduction = str(chosen.introduction)
    _check_audience(audience, audience_theme, audience_organisations, audience_segment)
    survey = Survey.objects.create(
        title=title[:150],
        introduction=introduction.strip()[:1000],
        created_by=manager,
        audience=audience,
        audience_theme=audience_theme if audience == Survey.Audience.THEME else None,
        audience_segment=audience_segment if audience == Survey.Audience.SEGMENT else "",
        closes_at=closing_time(closes_on),
    )
    if audience == Survey.Audience.ORGANISATIONS:
        survey.audience_organisations.set(audience_organisations)
    if chosen:
        for position, spec in enumerate(chosen.questions):
            question = SurveyQuestion.objects.create(
                survey=survey,
                position=position,
                kind=spec.kind,
                text=str(spec.text),
                key=spec.key,
                required=spec.required,
            )
            SurveyOption.objects.bulk_create(
                SurveyOption(
                    question=question,
                    position=n,
                    label=str(option.label),
                    key=option.key,
                    takes_text=option.takes_text,
                )
                for n, option in enumerate(spec.options)
            )
    return survey


@transaction.atomic
def update_survey(
    manager: Member,
    survey: Survey,
    *,
    title: str,
    introduction: str = "",
    audience: str = Survey.Audience.EVERYONE,
    audience_theme: Theme | None = None,
    audience_organisations: Sequence[Organisation] = (),
    audience_segment: str = "",
    closes_on: datetime.date,
) -> Survey:
    """Change a draft's title, introduction, audience or closing date (a draft planned
    weeks ago needs a new date before it is published)."""
    _require_manager(manager)
    _require_draft(survey)
    if not title.strip():
        raise PleinError(_("Give the pulse a title."))
    _check_audience(audience, audience_theme, audience_organisations, audience_segment)
    survey.title = title.strip()[:150]
    survey.introduction = introduction.strip()[:1000]
    survey.audience = audience
    survey.audience_theme = audience_theme if audience == Survey.Audience.THEME else None
    survey.audience_segment = audience_segment if audience == Survey.Audience.SEGMENT else ""
    survey.closes_at = closing_time(closes_on)
    survey.save(
        update_fields=[
            "title",
            "introduction",
            "audience",
            "audience_theme",
            "audience_segment",
            "closes_at",
        ]
    )
    survey.audience_organisations.set(
        audience_organisations if audience == Survey.Audience.ORGANISATIONS else []
    )
    return survey


def _check_audience(
    audience: str,
    theme: Theme | None,
    organisations: Sequence[Organisation],
    segment: str,
) -> None:
    if audience not in Survey.Audience.values:
        raise PleinError(_("Choose who is asked."))
    if audience == Survey.Audience.THEME and theme is None:
        raise PleinError(_("Choose the theme whose members are asked."))
    if audience == Survey.Audience.ORGANISATIONS and not organisations:
        raise PleinError(_("Choose at least one organisation whose members are asked."))
    if audience == Survey.Audience.SEGMENT and segment not in Survey.Segment.values:
        raise PleinError(_("Choose the step of the funnel whose members are asked."))


@transaction.atomic
def add_question(
    manager: Member,
    survey: Survey,
    *,
    kind: str,
    text: str,
    options: Sequence[str] = (),
    required: bool = False,
) -> SurveyQuestion:
    _require_manager(manager)
    _require_draft(survey)
    text = _clean_question(kind, text)
    labels = _clean_options(kind, options)
    if survey.questions.count() >= MAX_QUESTIONS:
        raise PleinError(_("A pulse can have at most %(max)d questions.") % {"max": MAX_QUESTIONS})
    last = survey.questions.aggregate(last=Max("position"))["last"]
    question = SurveyQuestion.objects.create(
        survey=survey,
        position=0 if last is None else last + 1,
        kind=kind,
        text=text,
        required=required,
    )
    SurveyOption.objects.bulk_create(
        SurveyOption(question=question, position=n, label=label) for n, label in enumerate(labels)
    )
    return question


@transaction.atomic
def edit_question(
    manager: Member,
    question: SurveyQuestion,
    *,
    text: str,
    options: Sequence[str] = (),
    required: bool = False,
) -> SurveyQuestion:
    """Change a draft's question. Options are matched by position, so a template option
    keeps its key (and its trend) when only its label is reworded."""
    _require_manager(manager)
    _require_draft(question.survey)
    question.text = _clean_question(question.kind, text)
    labels = _clean_options(question.kind, options)
    question.required = required
    question.save(update_fields=["text", "required"])
    existing = list(question.options.order_by("position", "id"))
    for option, label in zip(existing, labels, strict=False):
        if option.label != label:
            option.label = label
            option.save(update_fields=["label"])
    SurveyOption.objects.filter(pk__in=[o.pk for o in existing[len(labels) :]]).delete()
    SurveyOption.objects.bulk_create(
        SurveyOption(question=question, position=n, label=label)
        for n, label in enumerate(labels)
        if n >= len(existing)
    )
    return question


@transaction.atomic
def remove_question(manager: Member, question: SurveyQuestion) -> None:
    _require_manager(manager)
    _require_draft(question.survey)
    question.delete()


@transaction.atomic
def move_question(manager: Member, question: SurveyQuestion, *, up: bool) -> None:
    """Swap the question with the one above (or below) it."""
    _require_manager(manager)
    _require_draft(question.survey)
    questions = list(question.survey.questions.order_by("position", "id"))
    index = next(n for n, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for position, q in enumerate(questions):
        if q.position != position:
            q.position = position
            q.save(update_fields=["position"])


def audience_members(survey: Survey, *, now: datetime.datetime | None = None) -> QuerySet[Member]:
    """The active members a survey asks.

    The funnel segments read MemberStats, which the rollup keeps fresh from the activity
    log every 15 minutes: a member who posted a few minutes ago may still count as
    "never posted". A member without a MemberStats row has not been rolled up yet (they
    just joined), so counts as having no activity and no contribution."""
    now = now or timezone.now()
    members = Member.objects.filter(is_active=True)
    if survey.audience == Survey.Audience.THEME:
        theme_id = survey.audience_theme_id or 0
        followers = Member.followed_themes.through.objects.filter(theme_id=theme_id)
        experts = Member.expertise.through.objects.filter(theme_id=theme_id)
        members = members.filter(
            Q(pk__in=followers.values("member_id")) | Q(pk__in=experts.values("member_id"))
        )
    elif survey.audience == Survey.Audience.ORGANISATIONS:
        members = members.filter(
            organisation__in=survey.audience_organisations.values("pk"), organisation__isnull=False
        )
    elif survey.audience == Survey.Audience.SEGMENT:
        segment = survey.audience_segment
        stats = MemberStats.objects.all()
        if segment == Survey.Segment.NEVER_POSTED:
            contributed = stats.filter(first_contribution_at__isnull=False)
            members = members.exclude(pk__in=contributed.values("member_id"))
        elif segment == Survey.Segment.CONTRIBUTORS:
            contributed = stats.filter(first_contribution_at__isnull=False)
            members = members.filter(pk__in=contributed.values("member_id"))
        elif segment == Survey.Segment.INACTIVE:
            recent = stats.filter(last_active_at__gte=now - datetime.timedelta(days=INACTIVE_DAYS))
            members = members.exclude(pk__in=recent.values("member_id"))
        elif segment == Survey.Segment.NEW:
            members = members.filter(date_joined__gte=now - datetime.timedelta(days=NEW_DAYS))
    return members


@transaction.atomic
def publish_survey(manager: Member, survey: Survey) -> int:
    """Choose the participants, open the survey and mail them (after the commit).
    Returns the number of participants."""
    _require_manager(manager)
    # Locked, so two clicks on "publish" choose the participants once.
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    _require_draft(locked)
    now = timezone.now()
    questions = list(locked.questions.prefetch_related("options"))
    if not questions:
        raise PleinError(_("Add at least one question before publishing."))
    for question in questions:
        if question.kind in CHOICE_KINDS and not (
            MIN_OPTIONS <= len(question.options.all()) <= MAX_OPTIONS
        ):
            raise PleinError(
                _("The question “%(question)s” needs 2 to %(max)d options.")
                % {"question": question.text, "max": MAX_OPTIONS}
            )
    if locked.closes_at is None or locked.closes_at <= now:
        raise PleinError(_("The closing date has passed. Choose a date in the future."))
    if locked.closes_at > closing_time(add_months(timezone.localdate(now), MAX_MONTHS_OPEN)):
        raise PleinError(_("A pulse can be open for at most 3 months. Choose an earlier date."))
    if locked.audience == Survey.Audience.SEGMENT:
        # Segments read MemberStats: bring it up to date first, or a member who posted
        # since the last rollup would still count as "never posted".
        roll_up(now=now)
    member_ids = list(audience_members(locked, now=now).values_list("pk", flat=True))
    if not member_ids:
        raise PleinError(_("Nobody is in this audience yet. Choose another one."))
    SurveyParticipant.objects.bulk_create(
        (SurveyParticipant(survey=survey, member_id=pk) for pk in member_ids), batch_size=500
    )
    for instance in (locked, survey):
        instance.published_at = now
        instance.participant_count = len(member_ids)
    locked.save(update_fields=["published_at", "participant_count"])
    survey_id = survey.pk
    transaction.on_commit(lambda: _enqueue_mails(survey_id))
    return len(member_ids)


def _enqueue_mails(survey_id: int) -> None:
    try:
        mail_participants.enqueue(survey_id)
    except Exception:  # the survey is published; mails are a courtesy, the start page shows it
        logger.exception("mailing pulse survey %s failed", survey_id)


def close_survey(manager: Member, survey: Survey) -> None:
    _require_manager(manager)
    if survey.is_draft:
        raise PleinError(_("A draft cannot be closed; it was never open."))
    now = timezone.now()
    if survey.closes_at is not None and survey.closes_at <= now:
        raise PleinError(_("This pulse is already closed."))
    survey.closes_at = now
    survey.save(update_fields=["closes_at"])


# --- The one-click link ----------------------------------------------------------------


def answer_token(survey: Survey, member: Member) -> str:
    return signing.dumps({"s": survey.pk, "m": member.pk}, salt=TOKEN_SALT, compress=True)


def read_answer_token(token: str) -> tuple[Survey, Member]:
    """The survey and member behind a mailed link. The link is valid while the survey is
    open (the answer page says when it closed), and at most the longest time a survey can
    be open, so an old link stays dead even if a survey were reopened."""
    invalid = _("This link is not valid. Copy the whole link from the mail, or log in.")
    try:
        data = signing.loads(
            token,
            salt=TOKEN_SALT,
            max_age=datetime.timedelta(days=31 * MAX_MONTHS_OPEN + 1),
        )
    except signing.SignatureExpired as error:
        raise BadPulseLink(_("This link has expired; the pulse is closed.")) from error
    except signing.BadSignature as error:
        raise BadPulseLink(invalid) from error
    survey_id = data.get("s") if isinstance(data, dict) else None
    member_id = data.get("m") if isinstance(data, dict) else None
    if not isinstance(survey_id, int) or not isinstance(member_id, int):
        raise BadPulseLink(invalid)
    survey = Survey.objects.filter(pk=survey_id).first()
    member = Member.objects.filter(pk=member_id, is_active=True).first()
    if survey is None or member is None:
        raise BadPulseLink(_("This pulse no longer exists."))
    return survey, member


@task()
def mail_participants(survey_id: int) -> int:
    """Mail each participant not mailed yet; returns how many mails went out. A member
    who turned pulse mails off (notification settings) is not mailed: they still find
    the pulse on their start page."""
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None or not survey.is_open:
        return 0
    questions = list(survey.questions.prefetch_related("options"))
    pending = SurveyParticipant.objects.filter(
        survey=survey, mailed=False, has_answered=False, member__is_active=True
    ).select_related("member")
    off = set(
        NotificationSettings.objects.filter(
            member__in=pending.values("member_id"), pulse_survey=Delivery.OFF
        ).values_list("member_id", flat=True)
    )
    sent = 0
    for participant in pending.order_by("pk").iterator(chunk_size=500):
        if participant.member_id in off:
            continue
        # Claimed first, so a second run at the same moment does not mail twice.
        if not SurveyParticipant.objects.filter(pk=participant.pk, mailed=False).update(
            mailed=True
        ):
            continue
        member = participant.member
        link = reverse(
            "insights:survey_answer_link", kwargs={"token": answer_token(survey, member)}
        )
        try:
            send_templated_mail(
                "insights/pulse/email/invitation",
                to=member.email,
                context={
                    "member": member,
                    "survey": survey,
                    "questions": questions,
                    "link": absolute_url(link),
                },
                language=member.preferred_language,
            )
        except Exception:  # one failed mail must not stop the others
            logger.exception("pulse mail for survey %s failed", survey.pk)
            continue
        sent += 1
    return sent


# --- Answering -------------------------------------------------------------------------


def participation(survey: Survey, member: Member) -> SurveyParticipant:
    """The member's invitation to this survey, or the reason they cannot answer it."""
    participant = SurveyParticipant.objects.filter(survey=survey, member=member).first()
    if participant is None:
        raise NotAllowed(_("This pulse was not sent to you, so you cannot answer it."))
    if participant.has_answered:
        raise AlreadyAnswered(_("You already answered this pulse — thank you!"))
    if survey.is_draft:
        raise PleinError(_("This pulse is not open yet."))
    if not survey.is_open:
        raise PleinError(_("This pulse is closed. Thank you all the same!"))
    return participant


def _answers_for(  # noqa: C901  one check per question kind, read side by side
    questions: Sequence[SurveyQuestion], answers: Mapping[int, QuestionAnswer]
) -> list[SurveyAnswer]:
    rows: list[SurveyAnswer] = []
    for question in questions:
        given = answers.get(question.pk, QuestionAnswer())
        text = given.text.strip()
        if len(text) > MAX_TEXT:
            raise PleinError(
                _("An answer can be at most %(max)d characters long.") % {"max": MAX_TEXT}
            )
        if question.kind in CHOICE_KINDS:
            options = {option.pk: option for option in question.options.all()}
            chosen = list(dict.fromkeys(given.options))
            if any(pk not in options for pk in chosen):
                raise PleinError(_("That choice does not belong to this question."))
            if question.kind == SurveyQuestion.Kind.SINGLE and len(chosen) > 1:
                raise PleinError(_("Choose one answer to “%(q)s”.") % {"q": question.text})
            if question.required and not chosen:
                raise PleinError(_("Please answer “%(q)s”.") % {"q": question.text})
            rows += [
                SurveyAnswer(
                    question=question,
                    option=options[pk],
                    text=text if options[pk].takes_text else "",
                )
                for pk in chosen
            ]
        elif question.kind == SurveyQuestion.Kind.SCALE:
            if given.scale is None:
                if question.required:
                    raise PleinError(_("Please answer “%(q)s”.") % {"q": question.text})
                continue
            if not 1 <= given.scale <= 5:
                raise PleinError(_("Choose a number from 1 to 5."))
            rows.append(SurveyAnswer(question=question, scale=given.scale))
        else:
            if not text:
                if question.required:
                    raise PleinError(_("Please answer “%(q)s”.") % {"q": question.text})
                continue
            rows.append(SurveyAnswer(question=question, text=text))
    return rows


def answer_survey(
    member: Member, survey: Survey, answers: Mapping[int, QuestionAnswer]
) -> SurveyResponse:
    """Store one participant's anonymous answers, once. The response keeps the date and
    the kind of organisation only; the participant row just turns to "answered"."""
    participation(survey, member)
    questions = list(survey.questions.prefetch_related("options"))
    rows = _answers_for(questions, answers)
    organisation = member.organisation
    with transaction.atomic():
        # The claim and the response commit together: a second attempt (another tab, a
        # double click) finds has_answered set and stores nothing.
        claimed = SurveyParticipant.objects.filter(
            survey=survey, member=member, has_answered=False
        ).update(has_answered=True)
        if not claimed:
            raise AlreadyAnswered(_("You already answered this pulse — thank you!"))
        response = SurveyResponse.objects.create(
            survey=survey,
            submitted_on=timezone.localdate(),
            organisation_kind=organisation.kind if organisation else "",
        )
        for row in rows:
            row.response = response
        SurveyAnswer.objects.bulk_create(rows)
        Survey.objects.filter(pk=survey.pk).update(response_count=F("response_count") + 1)
    return response
