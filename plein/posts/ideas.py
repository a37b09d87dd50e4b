"""Every write about ideas: posting, editing, "I'm in" (joining and leaving) and the updates
that move an idea through its stages. Views, the API and the demo data all come through
here; each action checks permissions, runs the privacy guard on every text, writes in one
transaction and notifies.

Ideas are always named. An idea gathers people who join its author: "I'm in" means working
with someone, which needs a name to write to, so an anonymous idea would gather nobody.
(Members who need the shelter of anonymity can ask a question anonymously instead.)

Stages (ALLOWED_NEXT): an idea moves forward, idea → exploring → trying → scaling,
skipping a stage if that is what happened, or stops (from any stage before) with lessons
learned. It never moves back: the timeline is the record of what happened, and "we went
back to exploring" is an update that stays in the same stage, not a new history. A stopped
idea stays stopped: its lessons are its result, and starting again is a new idea that can
link to them. An update in the same stage is news without a move."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.circles.actions import place_for_post
from plein.circles.models import Circle
from plein.core.errors import InvalidField, NotAllowed, PleinError
from plein.core.markdown import render_markdown
from plein.core.privacy import guard
from plein.insights.events import record
from plein.insights.models import Event
from plein.members.models import Member
from plein.notify.actions import notify
from plein.notify.models import Notification
from plein.posts.actions import BODY_MAX, TITLE_MAX, create_post
from plein.posts.models import IdeaParticipant, IdeaUpdate, Post, Revision
from plein.search.index import schedule_post_index
from plein.themes.models import Theme

Stage = Post.Stage

# Forward through the stages (skipping is fine), or stopped with lessons; never back.
_FORWARD = [Stage.IDEA, Stage.EXPLORING, Stage.TRYING, Stage.SCALING]
ALLOWED_NEXT: dict[str, frozenset[str]] = {
    stage: frozenset([*_FORWARD[i:], Stage.STOPPED]) for i, stage in enumerate(_FORWARD)
}
ALLOWED_NEXT[Stage.STOPPED] = frozenset([Stage.STOPPED])

BRINGS_MAX = 500
NEEDS_MAX = 2_000


def next_stages(idea: Post) -> list[str]:
    """The stages an update of `idea` may choose, in order (its own stage first)."""
    allowed = ALLOWED_NEXT.get(idea.stage, frozenset())
    return [stage for stage in Stage.values if stage in allowed]


def may_update(member: Member, idea: Post) -> bool:
    return member.is_active and (idea.author_id == member.pk or member.is_community_manager)


def _text(value: str, *, field: str, required_message: str = "", limit: int = BODY_MAX) -> str:
    value = value.strip()
    if required_message and not value:
        raise InvalidField(field, required_message)
    if len(value) > limit:
        raise InvalidField(
            field,
            _("This text is longer than %(max)d characters. Shorten it a little.") % {"max": limit},
        )
    return value


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise InvalidField("title", _("Give your idea a name: one sentence that says what it is."))
    if len(title) > TITLE_MAX:
        raise InvalidField(
            "title",
            _("Keep the name under %(max)d characters; put the details in the text.")
            % {"max": TITLE_MAX},
        )
    return title


def _clean_idea_texts(title: str, problem: str, idea: str, needs: str) -> tuple[str, ...]:
    return (
        _clean_title(title),
        _text(problem, field="problem", required_message=_("Say which problem the idea solves.")),
        _text(idea, field="body", required_message=_("Describe the idea itself.")),
        _text(needs, field="needs", limit=NEEDS_MAX),
    )


def _require_member(member: Member) -> None:
    if not member.is_active:
        raise NotAllowed(_("Log in to take part."))


def _require_visible(member: Member, idea: Post) -> None:
    # The views find ideas through the visibility rule already; this keeps the API and
    # any other caller to the same rule.
    if not Post.objects.visible_to(member).ideas().filter(pk=idea.pk).exists():
        raise NotAllowed(_("This idea is not (or no longer) open to you."))


# --- Posting and editing ------------------------------------------------------------------


def post_idea(
    author: Member,
    *,
    theme: Theme,
    title: str,
    problem: str,
    idea: str,
    needs: str = "",
    circle: Circle | None = None,
    confirmed_privacy: bool = False,
    submit_key: str = "",
) -> Post:
    """Post an idea in the stage "idea", for all members or in a circle the author may
    post in. A second submit with the same key returns the first idea."""
    _require_member(author)
    title, problem, body, needs = _clean_idea_texts(title, problem, idea, needs)
    circle = place_for_post(author, circle=circle, gathering=None)
    guard(title, problem, body, needs, confirmed=confirmed_privacy)
    return create_post(
        author,
        submit_key=submit_key,
        kind=Post.Kind.IDEA,
        theme=theme,
        is_anonymous=False,
        circle=circle,
        title=title,
        problem=problem,
        body=body,
        body_html=render_markdown(body),
        needs=needs,
        stage=Stage.IDEA,
        stage_changed_at=timezone.now(),
    )


def edit_idea(
    editor: Member,
    idea: Post,
    *,
    title: str,
    problem: str,
    body: str,
    needs: str,
    theme: Theme,
    confirmed_privacy: bool = False,
) -> Post:
    """The author corrects what the idea says (the stage moves by updates only). The
    earlier text is kept as a revision."""
    if idea.author_id != editor.pk:
        raise NotAllowed(_("Only the author can change this idea."))
    if idea.deleted_at is not None:
        raise NotAllowed(_("This has been deleted."))
    title, problem, body, needs = _clean_idea_texts(title, problem, body, needs)
    guard(title, problem, body, needs, confirmed=confirmed_privacy)
    new = (title, problem, body, needs, theme.pk)
    if new == (idea.title, idea.problem, idea.body, idea.needs, idea.theme_id):
        return idea
    with transaction.atomic():
        Revision.objects.create(
            post=idea,
            title=idea.title,
            body="\n\n".join(part for part in (idea.problem, idea.body, idea.needs) if part),
        )
        idea.title, idea.problem, idea.body, idea.needs, idea.theme = (
            title,
            problem,
            body,
            needs,
            theme,
        )
        idea.body_html = render_markdown(body)
        idea.edited_at = timezone.now()
        idea.save(
            update_fields=["title", "problem", "body", "body_html", "needs", "theme", "edited_at"]
        )
        schedule_post_index(idea.pk)
    return idea


# --- I'm in -------------------------------------------------------------------------------


def join_idea(
    member: Member, idea: Post, *, brings: str = "", confirmed_privacy: bool = False
) -> IdeaParticipant:
    """ "I'm in": the member joins the idea, saying what they bring; its author hears."""
    _require_member(member)
    _require_visible(member, idea)
    if idea.author_id == member.pk:
        raise PleinError(_("This is your own idea: you are in already."))
    if idea.stage == Stage.STOPPED:
        raise PleinError(_("This idea has stopped; it takes no new people. Its lessons stay."))
    brings = _text(brings, field="brings", limit=BRINGS_MAX)
    guard(brings, confirmed=confirmed_privacy)
    if IdeaParticipant.objects.filter(idea=idea, member=member).exists():
        raise PleinError(_("You are in already."))
    try:
        with transaction.atomic():
            participant = IdeaParticipant.objects.create(idea=idea, member=member, brings=brings)
            Post.objects.filter(pk=idea.pk).update(
                joiner_count=F("joiner_count") + 1, last_activity_at=timezone.now()
            )
            notify(idea.author, Notification.Kind.IDEA_JOINED, post=idea)
            record(Event.Kind.JOINED_IDEA, member, theme_id=idea.theme_id)
    except IntegrityError:
        # A double click raced past the check: the first click joined.
        raise PleinError(_("You are in already.")) from None
    idea.joiner_count += 1
    return participant


def leave_idea(member: Member, idea: Post) -> None:
    with transaction.atomic():
        deleted, _rows = IdeaParticipant.objects.filter(idea=idea, member=member).delete()
        if not deleted:
            raise PleinError(_("You are not in this idea."))
        Post.objects.filter(pk=idea.pk, joiner_count__gt=0).update(
            joiner_count=F("joiner_count") - 1
        )
    idea.joiner_count = max(0, idea.joiner_count - 1)


# --- Updates and stages -------------------------------------------------------------------


def update_idea(
    writer: Member,
    idea: Post,
    *,
    stage: str,
    body: str,
    lessons: str = "",
    confirmed_privacy: bool = False,
) -> IdeaUpdate:
    """An entry on the idea's timeline, perhaps moving it to another stage (see
    ALLOWED_NEXT). Only the author or a community manager may write one; stopping needs
    the lessons learned. Everyone who is in hears of it (and the author, when a community
    manager wrote it), but not the writer."""
    if not may_update(writer, idea):
        raise NotAllowed(
            _(
                "Only the author of the idea or a community manager can post an update or change its stage."
            )
        )
    if idea.deleted_at is not None:
        raise NotAllowed(_("This has been deleted."))
    if stage not in Stage.values:
        raise InvalidField("stage", _("Choose one of the stages."))
    if stage not in ALLOWED_NEXT.get(idea.stage, frozenset()):
        raise InvalidField(
            "stage",
            _(
                "An idea in the stage “%(current)s” cannot move to “%(stage)s”. Ideas move forward, or stop with lessons learned."
            )
            % {"current": idea.get_stage_display(), "stage": Stage(stage).label},
        )
    body = _text(
        body, field="body", required_message=_("Write what happened: a few lines are enough.")
    )
    lessons = _text(lessons, field="lessons")
    moves_to_stopped = stage == Stage.STOPPED and idea.stage != Stage.STOPPED
    if moves_to_stopped and not lessons:
        raise InvalidField(
            "lessons",
            _("Stopping is a result too: write down what you learned, so others can build on it."),
        )
    guard(body, lessons, confirmed=confirmed_privacy)
    now = timezone.now()
    with transaction.atomic():
        update = IdeaUpdate.objects.create(
            idea=idea,
            author=writer,
            stage=stage,
            previous_stage=idea.stage,
            body=body,
            body_html=render_markdown(body),
        )
        fields = ["last_activity_at"]
        idea.last_activity_at = now
        if stage != idea.stage:
            idea.stage, idea.stage_changed_at = stage, now
            fields += ["stage", "stage_changed_at"]
        if lessons and stage == Stage.STOPPED:
            idea.lessons = lessons
            fields.append("lessons")
        idea.save(update_fields=fields)
        schedule_post_index(idea.pk)
        recipients = set(
            IdeaParticipant.objects.filter(idea=idea, member__is_active=True).values_list(
                "member_id", flat=True
            )
        )
        recipients.add(idea.author_id)
        recipients.discard(writer.pk)
        for member in Member.objects.filter(pk__in=recipients).order_by("pk"):
            notify(member, Notification.Kind.IDEA_UPDATE, post=idea)
    return update
