"""The ready-made pulse surveys: what holds members back, and what moves them.

Every question and option has a stable `key`, so repeated pulses from the same template
can be compared (trends): the key stays when a label is reworded or translated. Labels
are stored in the language of the community manager who creates the survey."""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TemplateOption:
    key: str
    label: Promise
    takes_text: bool = False


@dataclass(frozen=True)
class TemplateQuestion:
    key: str
    kind: str  # a SurveyQuestion.Kind value
    text: Promise
    required: bool = False
    options: tuple[TemplateOption, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SurveyTemplate:
    key: str
    name: Promise
    title: Promise
    introduction: Promise
    questions: tuple[TemplateQuestion, ...]


USEFUL = TemplateQuestion(
    key="useful",
    kind="scale",
    text=_("How useful is Plein for your work?"),
)

BARRIERS = SurveyTemplate(
    key="barriers",
    name=_("What holds members back"),
    title=_("What holds you back?"),
    introduction=_(
        "Two quick questions, under a minute. Your answers are anonymous: nobody sees who "
        "answered what."
    ),
    questions=(
        TemplateQuestion(
            key="barriers",
            kind="multiple",
            text=_("What holds you back from using Plein more?"),
            required=True,
            options=(
                TemplateOption("no_time", _("No time")),
                TemplateOption("dont_know_how", _("I don't know how")),
                TemplateOption("feels_vulnerable", _("Asking feels vulnerable")),
                TemplateOption("login_hard", _("Logging in is hard")),
                TemplateOption("dont_know_who", _("I don't know who is there")),
                TemplateOption("manager_no_support", _("My manager doesn't support it")),
                TemplateOption("prefer_email", _("I prefer e-mail")),
                TemplateOption("other", _("Other"), takes_text=True),
            ),
        ),
        USEFUL,
    ),
)

MOTIVATORS = SurveyTemplate(
    key="motivators",
    name=_("What moves members"),
    title=_("What makes Plein worth your time?"),
    introduction=_(
        "Two quick questions, under a minute. Your answers are anonymous: nobody sees who "
        "answered what."
    ),
    questions=(
        TemplateQuestion(
            key="motivators",
            kind="multiple",
            text=_("What made you use Plein, or would help you most?"),
            required=True,
            options=(
                TemplateOption("colleague_asked", _("A colleague asked me")),
                TemplateOption("gathering", _("A gathering")),
                TemplateOption("quick_answer", _("A quick answer to a question")),
                TemplateOption("theme_mails", _("Mails about my themes")),
                TemplateOption("manager_encourages", _("My manager encourages it")),
                TemplateOption("other", _("Other"), takes_text=True),
            ),
        ),
        USEFUL,
    ),
)

TEMPLATES: dict[str, SurveyTemplate] = {t.key: t for t in (BARRIERS, MOTIVATORS)}


def template_choices() -> list[tuple[str, Promise | str]]:
    return [("", _("None: I write my own questions"))] + [
        (t.key, t.name) for t in TEMPLATES.values()
    ]
