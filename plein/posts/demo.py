"""Demo content for the Werkplaats: about 150 questions over the twelve themes of the demo
community (plein.members.demo), with answers, comments and "this helped me" marks.

Everything is written through the posts actions, exactly as members would: the privacy
guard runs on every text with `confirmed_privacy=False`, so a text that looks like client
data makes the load fail instead of slipping in. Questions are routed to experts, members
are notified and the search index is updated after the commit, as after any post.

What is made is the same on every machine: hand-written Dutch questions (each with a few
variants), answers and comments, combined by a seeded random generator over the people of
the demo community. One fixed story is always there for the README: the demo member asks
anonymously about waiting lists in youth care, gets two answers, marks one as having
saved her two hours, and a member from Almelo marks it "helped me too" (30 minutes).

Loading is idempotent: every demo question has a stable submit_key (demo-question-<n>),
and a question whose key exists is left alone with its whole thread.

Two things are demo-only and happen nowhere else:

- Backdating. Actions stamp "now"; afterwards the timestamps of posts, replies, helped
  marks and notifications are rewritten with queryset updates, so the ten months of activity
  look like ten months (like plein.members.demo does for members' join dates).
- No mail. Hundreds of notifications are created (routing, answers, comments, thanks).
  Before the transaction commits they are marked as mailed and, when older than the
  recipient's last visit, as read, so the after-commit mail step finds nothing to send,
  `plein notify-tick` never sends them later, and members' lists look lived in rather
  than full of unread items. As a second guard, in case an action ever mails directly
  rather than through notify, the load runs with Django's dummy mail backend, so the
  development mailbox (var/mail/) cannot fill up with hundreds of demo messages.

The Dutch texts are in plein/demo/content/questions.toml: demo data, not interface strings,
so they are not translated. Like the members' demo, no text may contain numbers that look
like client data: no phone numbers, dates, postcodes with house numbers and the like
(test_demo_content checks)."""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, Sum
from django.test import override_settings
from django.utils import timezone

from plein.demo import content
from plein.members.demo import DEMO_MEMBER_EMAIL, ORGANISATIONS, Person, Writer, demo_cast
from plein.members.models import Member
from plein.notify.delivery import DIGEST_HOUR
from plein.notify.models import Notification
from plein.posts import actions
from plein.posts.models import Helped, Post, Reply
from plein.themes.models import Theme

# Changing the seed or the texts below changes the demo; a database loaded earlier keeps
# the questions it has (their keys exist) and gets nothing new for those keys.
SEED = 2026

KEY_PREFIX = "demo-question-"
STORY_KEY = f"{KEY_PREFIX}0"

GENERATED_QUESTIONS = 149  # plus the story: 150
WITHIN_DAYS = 300  # about ten months of questions
ANONYMOUS_SHARE = 0.15
WAITING = 20  # open questions without an answer
WAITING_RECENT = 7  # of which asked less than two days ago (the rest longer)
HELPED_BY_ASKER_SHARE = 0.6
# "It saved me about ... minutes": the choices of the helped form, the middle ones most.
MINUTES = (15, 30, 45, 60, 90, 120, 180, 240, 480)
MINUTES_WEIGHTS = (8, 14, 10, 14, 10, 12, 7, 5, 3)
# Nothing in the demo happens in the last hour, so a real notification right after the
# load is not held back by a demo mail "sent" a minute ago (one mail per thread per hour).
QUIET_BEFORE_NOW = timedelta(hours=1)

DUMMY_MAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


# --- The texts: plein/demo/content/questions.toml ---------------------------------------


@dataclass(frozen=True)
class QuestionTemplate:
    """A question with a few variants: `title`, `body` and `answer` are formatted with each
    of `fills` in turn ({0}, {1}), so every variant reads as a question of its own."""

    key: str
    theme: str  # a slug of plein.members.demo.THEMES
    title: str
    body: str
    fills: tuple[tuple[str, ...], ...]
    answer: str  # the answer that fits this question best; the others are per theme


_TEXTS = content.read("questions")
QUESTIONS = content.records("questions", "questions", QuestionTemplate)
THEME_ANSWERS: dict[str, tuple[str, ...]] = content.build(
    dict[str, tuple[str, ...]], _TEXTS["theme_answers"]
)
ANY_ANSWERS: tuple[str, ...] = tuple(_TEXTS["any_answers"])
OPENERS: tuple[str, ...] = tuple(_TEXTS["openers"])
CLOSERS: tuple[str, ...] = tuple(_TEXTS["closers"])
ASKER_THANKS: tuple[str, ...] = tuple(_TEXTS["asker_thanks"])
THANKS_REPLIES: tuple[str, ...] = tuple(_TEXTS["thanks_replies"])
ASKER_QUESTIONS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (asked["question"], tuple(asked["replies"])) for asked in _TEXTS["asker_questions"]
)
OTHER_COMMENTS: tuple[str, ...] = tuple(_TEXTS["other_comments"])

# The fixed story (README): the demo member's anonymous question about waiting lists.
_STORY: dict[str, str] = _TEXTS["story"]
STORY_THEME = _STORY["theme"]
STORY_TITLE = _STORY["title"]
STORY_BODY = _STORY["body"]
STORY_HELPFUL_ANSWER = _STORY["helpful_answer"]
STORY_OTHER_ANSWER = _STORY["other_answer"]
STORY_ASKER_COMMENT = _STORY["asker_comment"]
STORY_REPLY = _STORY["reply"]
STORY_ASKER_MINUTES = 120
STORY_ALMELO_MINUTES = 30
STORY_DAYS_AGO = 23


# --- The plan ---------------------------------------------------------------------------


@dataclass
class PlannedHelped:
    member: str  # e-mail address of a demo member
    minutes: int | None
    at: datetime


@dataclass
class PlannedComment:
    key: str  # a name within the plan; only a question's key is stored (as submit_key)
    author: str
    body: str
    at: datetime


@dataclass
class PlannedAnswer:
    key: str  # a name within the plan, like a comment's
    author: str
    body: str
    at: datetime
    comments: list[PlannedComment] = field(default_factory=list)
    helped: list[PlannedHelped] = field(default_factory=list)


@dataclass
class PlannedQuestion:
    key: str  # demo-question-<n>: the post's submit_key, which makes loading idempotent
    theme: str
    author: str
    anonymous: bool
    title: str
    body: str
    at: datetime
    answers: list[PlannedAnswer] = field(default_factory=list)

    @property
    def last_activity_at(self) -> datetime:
        """What the actions keep: the latest answer or comment (helped marks do not count)."""
        times = [self.at]
        for answer in self.answers:
            times.append(answer.at)
            times += [comment.at for comment in answer.comments]
        return max(times)

    def texts(self) -> list[str]:
        texts = [self.title, self.body]
        for answer in self.answers:
            texts.append(answer.body)
            texts += [comment.body for comment in answer.comments]
        return texts


def _where(person: Person) -> str:
    """'Bij de gemeente Almelo', 'Op het Twents Lyceum': where an answerer works."""
    spec = next((spec for spec in ORGANISATIONS if spec.name == person.organisation), None)
    at = (spec.at if spec is not None else "") or f"bij {person.organisation}"
    return at[0].upper() + at[1:]


def demo_questions(people: Sequence[Person], *, now: datetime) -> list[PlannedQuestion]:
    """The demo questions for `people` (usually demo_people()), with every answer, comment
    and helped mark and when it happened, before `now`. The same for the same input."""
    planner = _Planner(people, now=now)
    questions = []
    story = planner.story()
    if story is not None:
        questions.append(story)
    questions += planner.generated()
    return questions


class _Planner:
    def __init__(self, people: Sequence[Person], *, now: datetime) -> None:
        self.people = list(people)
        self.now = now
        self.latest = now - QUIET_BEFORE_NOW
        self.rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)

    # The fixed story ----------------------------------------------------------------------

    def story(self) -> PlannedQuestion | None:
        asker = next((p for p in self.people if p.email == DEMO_MEMBER_EMAIL), None)
        # Two youth-care people from elsewhere answer; the first one helps most.
        helpers = [
            p
            for p in self.people
            if STORY_THEME in p.themes
            and p.organisation not in (asker.organisation if asker else "", "Gemeente Almelo")
            and p.email != DEMO_MEMBER_EMAIL
        ]
        almelo = next((p for p in self.people if p.organisation == "Gemeente Almelo"), None)
        if asker is None or len(helpers) < 2 or almelo is None:
            return None
        first, second = helpers[0], helpers[1]
        asked = self.now - timedelta(days=STORY_DAYS_AGO, hours=2)
        helpful = PlannedAnswer(
            f"{STORY_KEY}-a1",
            first.email,
            STORY_HELPFUL_ANSWER,
            asked + timedelta(hours=3, minutes=12),
            comments=[
                PlannedComment(
                    f"{STORY_KEY}-c1", asker.email, STORY_ASKER_COMMENT, asked + timedelta(days=1)
                ),
                PlannedComment(
                    f"{STORY_KEY}-c2",
                    first.email,
                    STORY_REPLY,
                    asked + timedelta(days=1, hours=1, minutes=40),
                ),
            ],
            helped=[
                PlannedHelped(asker.email, STORY_ASKER_MINUTES, asked + timedelta(days=2, hours=4)),
                PlannedHelped(
                    almelo.email, STORY_ALMELO_MINUTES, asked + timedelta(days=9, hours=6)
                ),
            ],
        )
        other = PlannedAnswer(
            f"{STORY_KEY}-a2",
            second.email,
            STORY_OTHER_ANSWER,
            asked + timedelta(days=1, hours=5, minutes=30),
        )
        return PlannedQuestion(
            STORY_KEY,
            STORY_THEME,
            asker.email,
            True,
            STORY_TITLE,
            STORY_BODY,
            asked,
            [helpful, other],
        )

    # The generated questions --------------------------------------------------------------

    def generated(self) -> list[PlannedQuestion]:
        rng = self.rng
        variants = [(template, fill) for template in QUESTIONS for fill in template.fills]
        rng.shuffle(variants)
        variants = variants[:GENERATED_QUESTIONS]
        count = len(variants)
        anonymous = set(rng.sample(range(count), round(count * ANONYMOUS_SHARE)))
        waiting = rng.sample(range(count), min(WAITING, count))
        recent = set(waiting[:WAITING_RECENT])
        questions = []
        for index, (template, fill) in enumerate(variants):
            number = index + 1
            asker = self._asker(template.theme)
            if index in recent:
                asked = self.now - timedelta(hours=rng.uniform(3, 40))
            elif index in waiting:
                asked = self.now - timedelta(days=rng.uniform(2.5, 24))
            else:
                asked = self.now - timedelta(days=0.5 + (WITHIN_DAYS - 0.5) * rng.random() ** 1.25)
            question = PlannedQuestion(
                f"{KEY_PREFIX}{number}",
                template.theme,
                asker.email,
                index in anonymous,
                template.title.format(*fill),
                template.body.format(*fill),
                asked,
            )
            if index not in waiting:
                self._thread(question, template, fill, asker)
            questions.append(question)
        return questions

    def _asker(self, theme: str) -> Person:
        experts = [p for p in self.people if theme in p.themes]
        return self.rng.choice(experts if experts and self.rng.random() < 0.4 else self.people)

    def _others(self, exclude: set[str], *, theme: str | None = None) -> list[Person]:
        return [
            p
            for p in self.people
            if p.email not in exclude and (theme is None or theme in p.themes)
        ]

    def _thread(
        self,
        question: PlannedQuestion,
        template: QuestionTemplate,
        fill: tuple[str, ...],
        asker: Person,
    ) -> None:
        rng = self.rng
        wanted = rng.choices((1, 2, 3, 4), weights=(30, 35, 25, 10))[0]
        general = list(THEME_ANSWERS[template.theme])
        rng.shuffle(general)
        bodies = [template.answer.format(*fill), *general][:wanted]
        if wanted == 4:
            bodies.append(rng.choice(ANY_ANSWERS))
        rng.shuffle(bodies)
        # Answers: from people who know the theme, mostly; minutes to days after the question.
        taken = {asker.email}
        at = question.at + self._first_answer_delay()
        for number, body in enumerate(bodies, start=1):
            experts = self._others(taken, theme=template.theme)
            pool = experts if experts and rng.random() < 0.8 else self._others(taken)
            if not pool:
                break
            answerer = rng.choice(pool)
            taken.add(answerer.email)
            if number > 1:
                at += timedelta(minutes=rng.uniform(30, 2 * 24 * 60))
            question.answers.append(
                PlannedAnswer(
                    f"{question.key}-a{number}", answerer.email, self._dress(body, answerer), at
                )
            )
        for answer in question.answers:
            self._comments(question, answer)
        if question.answers and rng.random() < HELPED_BY_ASKER_SHARE:
            answer = rng.choice(question.answers)
            answer.helped.append(
                PlannedHelped(
                    question.author,
                    self._minutes(),
                    max([answer.at, *(c.at for c in answer.comments)])
                    + timedelta(minutes=rng.uniform(20, 3 * 24 * 60)),
                )
            )
        self._fit_before_now(question)
        for answer in question.answers:
            self._helped_too(question, answer)

    def _first_answer_delay(self) -> timedelta:
        draw = self.rng.random()
        if draw < 0.5:
            return timedelta(minutes=self.rng.uniform(15, 180))
        if draw < 0.85:
            return timedelta(hours=self.rng.uniform(3, 24))
        return timedelta(days=self.rng.uniform(1, 4))

    def _dress(self, body: str, answerer: Person) -> str:
        """Now and then an opening line and a closing line around an answer."""
        if body in ANY_ANSWERS:
            return body
        where = _where(answerer)
        if self.rng.random() < 0.35:
            opener = self.rng.choice(OPENERS)
            body = f"{opener.format(at=where, at_lower=where[0].lower() + where[1:])} {body}"
        if self.rng.random() < 0.3:
            body = f"{body}\n\n{self.rng.choice(CLOSERS)}"
        return body

    def _comments(self, question: PlannedQuestion, answer: PlannedAnswer) -> None:
        rng = self.rng
        key = f"{answer.key}-c"
        comments = answer.comments
        if rng.random() < 0.3:
            if rng.random() < 0.5:
                text, replies = rng.choice(ASKER_THANKS), THANKS_REPLIES
                reply_chance = 0.3
            else:
                text, replies = rng.choice(ASKER_QUESTIONS)
                reply_chance = 0.85
            at = answer.at + timedelta(minutes=rng.uniform(10, 24 * 60))
            comments.append(PlannedComment(f"{key}{len(comments) + 1}", question.author, text, at))
            if rng.random() < reply_chance:
                at += timedelta(minutes=rng.uniform(15, 8 * 60))
                comments.append(
                    PlannedComment(
                        f"{key}{len(comments) + 1}", answer.author, rng.choice(replies), at
                    )
                )
        if rng.random() < 0.15:
            others = self._others({question.author, answer.author})
            comments.append(
                PlannedComment(
                    f"{key}{len(comments) + 1}",
                    rng.choice(others).email,
                    rng.choice(OTHER_COMMENTS),
                    answer.at + timedelta(minutes=rng.uniform(60, 3 * 24 * 60)),
                )
            )
        comments.sort(key=lambda comment: comment.at)

    def _minutes(self, *, maybe_none: bool = False) -> int | None:
        if maybe_none and self.rng.random() < 0.25:
            return None
        return self.rng.choices(MINUTES, weights=MINUTES_WEIGHTS)[0]

    def _fit_before_now(self, question: PlannedQuestion) -> None:
        """A thread of a recent question may run past now: squeeze it in proportionally."""
        times = [question.last_activity_at]
        times += [helped.at for answer in question.answers for helped in answer.helped]
        end = max(times)
        if end <= self.latest:
            return
        factor = (self.latest - question.at) / (end - question.at)

        def squeeze(at: datetime) -> datetime:
            return question.at + (at - question.at) * factor

        for answer in question.answers:
            answer.at = squeeze(answer.at)
            for comment in answer.comments:
                comment.at = squeeze(comment.at)
            for helped in answer.helped:
                helped.at = squeeze(helped.at)

    def _helped_too(self, question: PlannedQuestion, answer: PlannedAnswer) -> None:
        """Others find an answer later (through search, a theme page) and say it helped
        them too, each with their own estimate, or none."""
        rng = self.rng
        chance = 0.3 if answer.helped else 0.12
        if rng.random() >= chance or self.latest - answer.at < timedelta(hours=2):
            return
        count = 2 if rng.random() < 0.3 else 1
        exclude = {question.author, answer.author}
        for person in rng.sample(self._others(exclude), count):
            span = (self.latest - answer.at).total_seconds()
            at = answer.at + timedelta(seconds=max(span * rng.random(), 3600))
            answer.helped.append(PlannedHelped(person.email, self._minutes(maybe_none=True), at))


# --- Loading ----------------------------------------------------------------------------


@dataclass
class QuestionSummary:
    questions: int
    questions_created: int
    themes: int
    answers: int
    comments: int
    helped: int
    minutes_saved: int
    anonymous: int
    waiting: int


def load_demo_questions(
    *, stdout: Writer | None = None, now: datetime | None = None
) -> QuestionSummary:
    """Add the demo questions that are missing (see the module docstring). Needs the demo
    community (plein.members.demo.load_demo_community); questions of demo people who are
    not active members, or of themes that do not exist, are left out. One transaction."""
    now = now or timezone.now()
    # Why the dummy backend: see the module docstring ("No mail").
    with override_settings(EMAIL_BACKEND=DUMMY_MAIL_BACKEND), transaction.atomic():
        cast = demo_cast()
        members, themes = cast.members, cast.themes
        plan = [
            question
            for question in demo_questions(cast.people, now=now)
            if question.theme in themes
        ]
        existing = set(
            Post.objects.filter(submit_key__startswith=KEY_PREFIX).values_list(
                "submit_key", flat=True
            )
        )
        todo = sorted(
            (question for question in plan if question.key not in existing),
            key=lambda question: question.at,
        )
        loader = _Loader(members, themes, now=now)
        for question in todo:
            loader.load(question)
        loader.backdate()
        _progress(stdout, f"Questions: {len(plan)} ({len(todo)} new)")
        return _summary(created=len(todo))


def _progress(stdout: Writer | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


def _summary(*, created: int) -> QuestionSummary:
    posts = Post.objects.filter(submit_key__startswith=KEY_PREFIX)
    replies = Reply.objects.filter(post__in=posts)
    helped = Helped.objects.filter(reply__post__in=posts)
    return QuestionSummary(
        questions=posts.count(),
        questions_created=created,
        themes=posts.values("theme").distinct().count(),
        answers=replies.filter(parent__isnull=True).count(),
        comments=replies.filter(parent__isnull=False).count(),
        helped=helped.count(),
        minutes_saved=helped.aggregate(total=Sum("minutes"))["total"] or 0,
        anonymous=posts.filter(is_anonymous=True).count(),
        waiting=posts.filter(status=Post.Status.OPEN, answer_count=0).count(),
    )


class _Loader:
    """Runs a plan through the actions, remembering what to backdate afterwards."""

    def __init__(
        self, members: dict[str, Member], themes: dict[str, Theme], *, now: datetime
    ) -> None:
        self.members = members
        self.themes = themes
        self.now = now
        self.rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
        self.posts: list[Post] = []
        self.replies: list[Reply] = []
        self.helped: list[Helped] = []
        self.clock = NotificationClock(self.rng, now=now)

    def load(self, planned: PlannedQuestion) -> None:
        post = actions.ask_question(
            self.members[planned.author],
            theme=self.themes[planned.theme],
            title=planned.title,
            body=planned.body,
            anonymous=planned.anonymous,
            confirmed_privacy=False,  # a text that looks like client data must stop the load
            submit_key=planned.key,
        )
        post.created_at, post.last_activity_at = planned.at, planned.last_activity_at
        self.posts.append(post)
        self.clock.note(planned.at)
        answers: dict[str, Reply] = {}
        for planned_answer in planned.answers:
            reply = actions.answer_question(
                self.members[planned_answer.author],
                post,
                body=planned_answer.body,
                confirmed_privacy=False,
            )
            self._stamp(reply, planned_answer.at)
            answers[planned_answer.key] = reply
        later: list[tuple[datetime, PlannedComment | PlannedHelped, Reply]] = []
        for planned_answer in planned.answers:
            reply = answers[planned_answer.key]
            later += [(comment.at, comment, reply) for comment in planned_answer.comments]
            later += [(helped.at, helped, reply) for helped in planned_answer.helped]
        for at, event, reply in sorted(later, key=lambda item: item[0]):
            if isinstance(event, PlannedComment):
                comment = actions.comment_on(
                    self.members[event.author],
                    reply,
                    body=event.body,
                    confirmed_privacy=False,
                )
                self._stamp(comment, at)
            else:
                helped = actions.mark_helped(
                    self.members[event.member], reply, minutes=event.minutes
                )
                helped.created_at = at
                self.helped.append(helped)
                self.clock.note(at)

    def _stamp(self, reply: Reply, at: datetime) -> None:
        reply.created_at = at
        self.replies.append(reply)
        self.clock.note(at)

    def backdate(self) -> None:
        """Demo only: give everything its moment in the past (actions stamp "now"), and
        settle the notifications: mailed, and read if the member has been in since."""
        for post in self.posts:
            Post.objects.filter(pk=post.pk).update(
                created_at=post.created_at, last_activity_at=post.last_activity_at
            )
        for reply in self.replies:
            Reply.objects.filter(pk=reply.pk).update(created_at=reply.created_at)
        for helped in self.helped:
            Helped.objects.filter(pk=helped.pk).update(created_at=helped.created_at)
        self.clock.backdate()


class NotificationClock:
    """Demo only: actions stamp their notifications "now". This notes the moment each one
    belongs to (call `note` right after the action) and later moves them there: mailed
    then (or in that day's summary), and read if the member has been in since."""

    def __init__(self, rng: random.Random, *, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.last = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
        self.at: dict[int, datetime] = {}

    def note(self, at: datetime) -> None:
        """The notifications the last action made belong to the moment it happened."""
        new = list(Notification.objects.filter(pk__gt=self.last).values_list("pk", flat=True))
        for pk in new:
            self.at[pk] = at
        if new:
            self.last = max(new)

    def backdate(self) -> None:
        notifications = Notification.objects.filter(pk__in=list(self.at)).order_by("pk")
        rows = list(notifications.values_list("pk", "recipient_id", "mail"))
        last_seen = dict(
            Member.objects.filter(pk__in={row[1] for row in rows}).values_list("pk", "last_seen")
        )
        for pk, recipient_id, mail in rows:
            at = self.at[pk]
            changes: dict[str, object] = {"created_at": at}
            if mail == Notification.Mail.PENDING:
                changes.update(mail=Notification.Mail.SENT, mailed_at=at)
            elif mail == Notification.Mail.DAILY:
                changes.update(
                    mail=Notification.Mail.IN_SUMMARY, mailed_at=min(_next_digest(at), self.now)
                )
            seen = last_seen.get(recipient_id)
            if seen is not None and at < seen:
                delay = timedelta(minutes=self.rng.uniform(5, 36 * 60))
                changes["read_at"] = min(at + delay, seen)
            Notification.objects.filter(pk=pk).update(**changes)


def _next_digest(at: datetime) -> datetime:
    """When the daily summary after `at` went out (DIGEST_HOUR, local time)."""
    local = timezone.localtime(at)
    digest = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return digest if digest > local else digest + timedelta(days=1)
