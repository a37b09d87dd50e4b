"""Writes for the shop window: featuring, taking down, the weekly suggestions and deciding
on them. Only community managers feature; the sweep runs as a background task
(plein.showcase.tasks).

Anonymity: a suggestion or feature of anonymous content points at the post, never at its
author, and every page renders authors through author_for. The sweep never looks at
anonymous posts or answers to find people to suggest (that would tie a name to them)."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.core.errors import InvalidField, NotAllowed, PleinError
from plein.core.privacy import guard
from plein.members.models import Member, Organisation
from plein.posts.models import Helped, IdeaUpdate, Post, Reply
from plein.showcase.models import WHY_MAX, Feature, Suggestion
from plein.themes.models import Theme

Reason = Suggestion.Reason

# Thresholds of the weekly sweep (why these numbers: see each reason below).
FAST_HOURS = 24  # a first question helped within a day
RARE_ORGANISATION_ANSWERS = 5  # fewer answers than this in RARE_DAYS: rarely answers
RARE_DAYS = 90
MUCH_HELPED = 5  # helped marks on one story or answer
QUIET_SHARE = 0.15  # a kind of organisation with less than this share of contributions


def _require_manager(member: Member) -> None:
    if not (member.is_active and member.is_community_manager):
        raise NotAllowed(_("Only community managers can change the shop window."))


def _clean_why(why: str) -> str:
    why = " ".join(why.split())
    if not why:
        raise InvalidField(
            "why", _("Write in a sentence why this is a bright spot: members see it.")
        )
    if len(why) > WHY_MAX:
        raise InvalidField(
            "why", _("Keep it short: at most %(max)d characters.") % {"max": WHY_MAX}
        )
    return why


def check_target(
    manager: Member,
    *,
    post: Post | None = None,
    reply: Reply | None = None,
    member: Member | None = None,
) -> None:
    """Raises PleinError when this cannot go in the shop window: exactly one target, one
    the manager can see, not hidden or deleted; an answer (not a comment); a named, active
    member. Anonymous posts may be featured (without their author, as everywhere)."""
    if sum(target is not None for target in (post, reply, member)) != 1:
        raise PleinError(_("Choose one question, idea, story, answer or member to feature."))
    if post is not None:
        if not Post.objects.visible_to(manager).filter(pk=post.pk, hidden_at__isnull=True).exists():
            raise PleinError(_("This post is hidden or deleted; it cannot be featured."))
    elif reply is not None:
        if not reply.is_answer:
            raise PleinError(_("Only answers can be featured, not comments."))
        visible = Reply.objects.visible_to(manager).filter(
            pk=reply.pk, hidden_at__isnull=True, post__hidden_at__isnull=True
        )
        if not visible.exists():
            raise PleinError(_("This answer is hidden or deleted; it cannot be featured."))
    elif member is not None and (not member.is_active or not member.name):
        raise PleinError(_("Only active members with a name can be featured."))


def default_theme(
    *, post: Post | None = None, reply: Reply | None = None, member: Member | None = None
) -> Theme | None:
    if post is not None:
        return post.theme
    if reply is not None:
        return reply.post.theme
    return None


def feature(
    manager: Member,
    *,
    post: Post | None = None,
    reply: Reply | None = None,
    member: Member | None = None,
    why: str,
    theme: Theme | None = None,
    confirmed_privacy: bool = False,
) -> Feature:
    """Put a post, an answer or a member in the shop window, with a short why. It shows on
    the home page and on the page of `theme` (by default the post's theme)."""
    _require_manager(manager)
    why = _clean_why(why)
    check_target(manager, post=post, reply=reply, member=member)
    guard(why, confirmed=confirmed_privacy)
    try:
        with transaction.atomic():
            return Feature.objects.create(
                post=post,
                reply=reply,
                member=member,
                theme=theme or default_theme(post=post, reply=reply, member=member),
                why=why,
                featured_by=manager,
            )
    except IntegrityError as error:
        raise PleinError(_("This is in the shop window already.")) from error


def unfeature(manager: Member, feature: Feature) -> None:
    """Take a feature down; taking it down twice changes nothing."""
    _require_manager(manager)
    Feature.objects.filter(pk=feature.pk, ended_at__isnull=True).update(ended_at=timezone.now())


def accept_suggestion(
    manager: Member, suggestion: Suggestion, *, why: str, confirmed_privacy: bool = False
) -> Feature:
    """Feature what Plein suggested, with the manager's own why."""
    _require_manager(manager)
    if suggestion.status != Suggestion.Status.PENDING:
        raise PleinError(_("This suggestion has been decided already."))
    with transaction.atomic():
        made = feature(
            manager,
            post=suggestion.post,
            reply=suggestion.reply,
            member=suggestion.member,
            why=why,
            confirmed_privacy=confirmed_privacy,
        )
        _decide(manager, suggestion, Suggestion.Status.ACCEPTED, feature=made)
    return made


def dismiss_suggestion(manager: Member, suggestion: Suggestion) -> None:
    _require_manager(manager)
    if suggestion.status != Suggestion.Status.PENDING:
        return  # a second click on "dismiss" (or another manager was quicker)
    _decide(manager, suggestion, Suggestion.Status.DISMISSED)


def _decide(
    manager: Member, suggestion: Suggestion, status: str, *, feature: Feature | None = None
) -> None:
    suggestion.status, suggestion.decided_by = status, manager
    suggestion.decided_at, suggestion.feature = timezone.now(), feature
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "feature"])


# --- The weekly sweep -------------------------------------------------------------------


def week_of(moment: datetime.datetime) -> datetime.date:
    """The Monday of the week `moment` falls in, in the community's time zone."""
    day = timezone.localdate(moment)
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True)
class _Candidate:
    reason: str
    post_id: int | None = None
    reply_id: int | None = None
    member_id: int | None = None


def suggest_candidates(now: datetime.datetime | None = None) -> int:
    """Find this week's candidates for the shop window; returns how many new suggestions
    were made. Safe to run any number of times: a target gets one suggestion per reason
    and week, and what was suggested last week (the sweep looks back seven days) or is in
    the shop window now is not suggested again."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=7)
    week = week_of(now)
    candidates = [
        *_first_askers_helped_fast(since, now),
        *_rare_organisation_helpers(since, now),
        *_ideas_moved_stage(since, now),
        *_much_helped(since, now),
        *_quiet_group_members(since, now),
    ]
    candidates = list(dict.fromkeys(candidates))
    if not candidates:
        return 0
    recent = set(
        Suggestion.objects.filter(
            Q(week__gte=week - datetime.timedelta(days=7))
            | Q(reason=Reason.MUCH_HELPED),  # a count that only grows: suggest it once
            reason__in={c.reason for c in candidates},
        ).values_list("reason", "post_id", "reply_id", "member_id")
    )
    featured = set(
        Feature.objects.filter(ended_at__isnull=True).values_list(
            "post_id", "reply_id", "member_id"
        )
    )
    new = [
        Suggestion(
            reason=c.reason,
            post_id=c.post_id,
            reply_id=c.reply_id,
            member_id=c.member_id,
            week=week,
        )
        for c in candidates
        if (c.reason, c.post_id, c.reply_id, c.member_id) not in recent
        and (c.post_id, c.reply_id, c.member_id) not in featured
    ]
    # ignore_conflicts: two sweeps at the same moment make each suggestion once.
    Suggestion.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _public_posts(prefix: str = "") -> Q:
    """Posts that may be suggested: shown to the whole community (not in a circle), not
    hidden or deleted. `prefix` is the path to the post ("idea__", "post__")."""
    return Q(
        **{
            f"{prefix}circle__isnull": True,
            f"{prefix}hidden_at__isnull": True,
            f"{prefix}deleted_at__isnull": True,
        }
    )


def _first_askers_helped_fast(since: datetime.datetime, now: datetime.datetime) -> list[_Candidate]:
    """(a) A member's first question that the asker marked helped within a day. The
    question is suggested, never the asker: an anonymous asker stays unnamed."""
    earlier = Post.objects.filter(
        author=OuterRef("reply__post__author"),
        kind=Post.Kind.QUESTION,
        created_at__lt=OuterRef("reply__post__created_at"),
    )
    post_ids = (
        Helped.objects.filter(
            by_asker=True,
            created_at__gte=since,
            created_at__lte=now,
            reply__post__kind=Post.Kind.QUESTION,
            reply__post__circle__isnull=True,
            reply__post__hidden_at__isnull=True,
            reply__post__deleted_at__isnull=True,
        )
        .filter(
            ~Exists(earlier),
            created_at__lte=F("reply__post__created_at") + datetime.timedelta(hours=FAST_HOURS),
        )
        .values_list("reply__post_id", flat=True)
        .distinct()
    )
    return [_Candidate(Reason.FIRST_ASKER_HELPED_FAST, post_id=pk) for pk in post_ids]


def _helpful_answers(since: datetime.datetime, now: datetime.datetime) -> Q:
    return Q(
        reply__parent__isnull=True,
        reply__is_anonymous=False,
        reply__hidden_at__isnull=True,
        reply__deleted_at__isnull=True,
        reply__post__circle__isnull=True,
        reply__post__hidden_at__isnull=True,
        reply__post__deleted_at__isnull=True,
        created_at__gte=since,
        created_at__lte=now,
    )


def _rare_organisation_helpers(
    since: datetime.datetime, now: datetime.datetime
) -> list[_Candidate]:
    """(b) An answer that helped this week, by a member of an organisation that gave fewer
    than RARE_ORGANISATION_ANSWERS answers in the last RARE_DAYS days: the answer is
    suggested (it names its helper, who answered openly)."""
    helped = list(
        Helped.objects.filter(
            _helpful_answers(since, now), reply__author__organisation__isnull=False
        )
        .values_list("reply_id", "reply__author__organisation_id")
        .distinct()
    )
    if not helped:
        return []
    answers = dict(
        Reply.objects.filter(
            parent__isnull=True,
            deleted_at__isnull=True,
            created_at__gte=now - datetime.timedelta(days=RARE_DAYS),
            author__organisation_id__in={org for _, org in helped},
        )
        .exclude(author=F("post__author"))
        .values("author__organisation_id")
        .annotate(n=Count("id"))
        .values_list("author__organisation_id", "n")
    )
    return [
        _Candidate(Reason.RARE_ORGANISATION_HELPER, reply_id=reply_id)
        for reply_id, org in helped
        if answers.get(org, 0) < RARE_ORGANISATION_ANSWERS
    ]


def _ideas_moved_stage(since: datetime.datetime, now: datetime.datetime) -> list[_Candidate]:
    """(c) An idea that moved to another stage this week."""
    post_ids = (
        IdeaUpdate.objects.filter(
            _public_posts("idea__"),
            created_at__gte=since,
            created_at__lte=now,
            idea__kind=Post.Kind.IDEA,
        )
        .exclude(stage=F("previous_stage"))
        .values_list("idea_id", flat=True)
        .distinct()
    )
    return [_Candidate(Reason.IDEA_MOVED_STAGE, post_id=pk) for pk in post_ids]


def _much_helped(since: datetime.datetime, now: datetime.datetime) -> list[_Candidate]:
    """(d) A story or an answer that reached MUCH_HELPED helped marks, with a mark this
    week. Anonymous stories are suggested too (shown without their author)."""
    stories = (
        Post.objects.filter(
            _public_posts(),
            kind=Post.Kind.STORY,
            helped_count__gte=MUCH_HELPED,
            helped_marks__created_at__gte=since,
            helped_marks__created_at__lte=now,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    answers = (
        Reply.objects.filter(
            _public_posts("post__"),
            parent__isnull=True,
            hidden_at__isnull=True,
            deleted_at__isnull=True,
            helped_count__gte=MUCH_HELPED,
            helped_marks__created_at__gte=since,
            helped_marks__created_at__lte=now,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    return [_Candidate(Reason.MUCH_HELPED, post_id=pk) for pk in stories] + [
        _Candidate(Reason.MUCH_HELPED, reply_id=pk) for pk in answers
    ]


def _quiet_group_members(since: datetime.datetime, now: datetime.datetime) -> list[_Candidate]:
    """(e) A member of a kind of organisation (municipality, care provider, school, ...)
    that made less than QUIET_SHARE of the contributions of the last RARE_DAYS days, who
    posted or answered openly this week. Anonymous contributions never count: they would
    tie the member to them."""
    named_posts = Post.objects.filter(_public_posts(), is_anonymous=False)
    named_answers = Reply.objects.filter(
        parent__isnull=True,
        is_anonymous=False,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        post__circle__isnull=True,
    )
    window = now - datetime.timedelta(days=RARE_DAYS)
    per_kind: Counter[str] = Counter()
    for rows in (named_posts, named_answers):
        per_kind.update(
            dict(
                rows.filter(
                    created_at__gte=window,
                    created_at__lte=now,
                    author__organisation__isnull=False,
                )
                .values("author__organisation__kind")
                .annotate(n=Count("id"))
                .values_list("author__organisation__kind", "n")
            )
        )
    total = sum(per_kind.values())
    if not total:
        return []
    quiet = [kind for kind in Organisation.Kind.values if per_kind[kind] < total * QUIET_SHARE]
    if not quiet:
        return []
    this_week = Q(created_at__gte=since, created_at__lte=now)
    member_ids = (
        Member.objects.filter(is_active=True, organisation__kind__in=quiet)
        .exclude(name="")
        .filter(
            Exists(named_posts.filter(this_week, author=OuterRef("pk")))
            | Exists(named_answers.filter(this_week, author=OuterRef("pk")))
        )
        .values_list("pk", flat=True)
    )
    return [_Candidate(Reason.QUIET_GROUP_MEMBER, member_id=pk) for pk in member_ids]
