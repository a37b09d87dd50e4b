"""Rebuilding the activity log from the content tables.

The actions write events as things happen (plein.insights.events.record). Two kinds of
database never saw that happen: an installation that existed before the activity log, and
the demo, whose content is written through the actions "now" and then moved back in time
with queryset updates. For both, `rebuild_activity_log` derives every event that content
leaves a trace of, at the content's own timestamps, exactly as `record` would have written
it: anonymous posts (and everything the anonymous author did in their own thread) without
member and organisation, help from an anonymous post without helper.

Logins and visits (LOGGED_IN, VISITED) leave no trace in the content tables, so they are
kept as they are. A member's organisation is the one they have now: where they were when
it happened is not kept anywhere but in the log itself."""

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q, QuerySet

from plein.circles.models import Membership, ProgressNote
from plein.gatherings.models import CheckIn, Gathering, Rsvp
from plein.goals.models import GoalCheckIn
from plein.insights.models import Event
from plein.library.models import Resource
from plein.members.models import Invitation, LoginRequest, Member
from plein.posts.models import Helped, IdeaParticipant, Post, Reply

Kind = Event.Kind
Source = Event.Source

# The kinds rebuilt from content; every other kind is left alone.
DERIVED_KINDS: tuple[str, ...] = (
    Kind.JOINED,
    Kind.ASKED,
    Kind.POSTED_STORY,
    Kind.POSTED_IDEA,
    Kind.POSTED_BLOG,
    Kind.ANSWERED,
    Kind.COMMENTED,
    Kind.HELPED,
    Kind.SHARED_RESOURCE,
    Kind.JOINED_CIRCLE,
    Kind.JOINED_IDEA,
    Kind.RSVP,
    Kind.CHECKED_IN,
    Kind.GOAL_CHECKIN,
)

POSTED = {
    Post.Kind.QUESTION: Kind.ASKED,
    Post.Kind.STORY: Kind.POSTED_STORY,
    Post.Kind.IDEA: Kind.POSTED_IDEA,
    Post.Kind.BLOG: Kind.POSTED_BLOG,
}

BATCH_SIZE = 5000
# A member made by accepting an invitation or by a login request is created right after the
# invitation or request is used up, in the same transaction: within seconds.
SAME_MOMENT = timedelta(minutes=5)


def rebuild_activity_log(*, since: datetime | None = None) -> int:
    """Replace the events derived from content (DERIVED_KINDS) by what the content says
    now, from `since` on (everything when None). One transaction. Returns how many events
    were written; `rebuild_activity_log_by_kind` says which."""
    return sum(rebuild_activity_log_by_kind(since=since).values())


def rebuild_activity_log_by_kind(*, since: datetime | None = None) -> dict[str, int]:
    counts: Counter[str] = Counter()
    with transaction.atomic():
        # Read before deleting: the sources members joined by live in the log only.
        recorded_sources = _recorded_sources()
        old = Event.objects.filter(kind__in=DERIVED_KINDS)
        if since is not None:
            old = old.filter(at__gte=since)
        old.delete()
        deriver = _Deriver(since=since, recorded_sources=recorded_sources)
        batch: list[Event] = []
        for event in deriver.events():
            counts[event.kind] += 1
            batch.append(event)
            if len(batch) >= BATCH_SIZE:
                Event.objects.bulk_create(batch)
                batch = []
        if batch:
            Event.objects.bulk_create(batch)
    return {kind: counts[kind] for kind in DERIVED_KINDS}


def _recorded_sources() -> dict[int, str]:
    """How members joined as the log recorded it live. Some ways in leave no trace in the
    content tables (added by a community manager, organisation login), so a rebuild keeps
    what the log knew."""
    return dict(
        Event.objects.filter(kind=Kind.JOINED, member__isnull=False)
        .exclude(source="")
        .order_by("at", "id")
        .values_list("member_id", "source")
    )


class _Deriver:
    """Turns content rows into unsaved Events. Reads with values_list() and iterator(), so
    memory stays flat however much content there is."""

    def __init__(self, *, since: datetime | None, recorded_sources: dict[int, str]) -> None:
        self.since = since
        self.recorded_sources = recorded_sources
        # Every event needs its member's organisation: one query for all of them.
        self.organisation_of: dict[int, int | None] = dict(
            Member.objects.values_list("pk", "organisation_id")
        )

    def events(self) -> Iterator[Event]:
        yield from self._joined()
        yield from self._posts()
        yield from self._replies()
        yield from self._helped()
        yield from self._resources()
        yield from self._circle_memberships()
        yield from self._idea_participants()
        yield from self._rsvps()
        yield from self._checkins()
        yield from self._goal_checkins()

    def _event(
        self,
        kind: str,
        at: datetime,
        member_id: int | None,
        *,
        theme_id: int | None = None,
        anonymous: bool = False,
        source: str = "",
        minutes: int | None = None,
        helper_id: int | None = None,
        helper_anonymous: bool = False,
    ) -> Event:
        """The event `record` writes for these arguments (see plein.insights.events)."""
        named = member_id is not None and not anonymous
        helper_named = helper_id is not None and not helper_anonymous
        return Event(
            at=at,
            kind=kind,
            member_id=member_id if named else None,
            organisation_id=self.organisation_of.get(member_id) if named and member_id else None,
            theme_id=theme_id,
            source=source,
            minutes=minutes,
            helper_id=helper_id if helper_named else None,
            helper_organisation_id=(
                self.organisation_of.get(helper_id) if helper_named and helper_id else None
            ),
        )

    def _since(self, queryset: QuerySet, field: str) -> QuerySet:
        if self.since is None:
            return queryset
        return queryset.filter(**{f"{field}__gte": self.since})

    # --- Joining ------------------------------------------------------------------------

    def _joined(self) -> Iterator[Event]:
        members = self._since(Member.objects.order_by(), "date_joined")
        rows = list(members.values_list("pk", "email", "date_joined"))
        derived = self._derived_sources(rows)
        for pk, _email, joined in rows:
            source = self.recorded_sources.get(pk) or derived.get(pk, "")
            yield self._event(Kind.JOINED, joined, pk, source=source)

    def _derived_sources(self, rows: Iterable[tuple[int, str, datetime]]) -> dict[int, str]:
        """How members joined, as far as the invitations and login requests still tell:
        an invitation accepted the moment they joined; else the login request used the
        moment they joined, through a gathering's door invite (QR), another invite link,
        or none (they registered themselves). Login requests are dropped a day after
        they expire, so for older members only invitations tell: else the source is
        unknown ("")."""
        joined_at = {pk: joined for pk, _email, joined in rows}
        member_of_email = {email: pk for pk, email, _joined in rows}
        sources: dict[int, str] = {}
        invitations = Invitation.objects.filter(
            accepted_by__isnull=False, accepted_at__isnull=False
        )
        for accepted_by, accepted_at in invitations.values_list(
            "accepted_by_id", "accepted_at"
        ).iterator(chunk_size=BATCH_SIZE):
            joined = joined_at.get(accepted_by or 0)
            if joined and accepted_at and abs(joined - accepted_at) <= SAME_MOMENT:
                sources[accepted_by or 0] = Source.INVITATION
        door_invites = set(
            Gathering.objects.filter(door_invite__isnull=False).values_list(
                "door_invite_id", flat=True
            )
        )
        # A login request is marked used only by the login it made (mails retired by a
        # newer one expire instead); mails of older Plein versions were marked used when
        # superseded, so the request that made the member is the one used closest to
        # joining.
        closest: dict[int, tuple[timedelta, int | None]] = {}
        logins = LoginRequest.objects.filter(used_at__isnull=False).order_by()
        for email, used_at, invite_link_id in logins.values_list(
            "email", "used_at", "invite_link_id"
        ).iterator(chunk_size=BATCH_SIZE):
            member_id = member_of_email.get(email)
            if member_id is None or member_id in sources or used_at is None:
                continue
            gap = abs(joined_at[member_id] - used_at)
            if gap <= SAME_MOMENT and (member_id not in closest or gap < closest[member_id][0]):
                closest[member_id] = (gap, invite_link_id)
        for joiner, (_gap, link_id) in closest.items():
            if link_id is None:
                sources[joiner] = Source.SELF_REGISTRATION
            elif link_id in door_invites:
                sources[joiner] = Source.QR
            else:
                sources[joiner] = Source.INVITE_LINK
        return sources

    # --- Posts, replies, help -----------------------------------------------------------

    def _posts(self) -> Iterator[Event]:
        # Deleted and hidden posts were posted all the same: they count.
        posts = self._since(Post.objects.order_by(), "created_at")
        for kind, at, author_id, theme_id, anonymous in posts.values_list(
            "kind", "created_at", "author_id", "theme_id", "is_anonymous"
        ).iterator(chunk_size=BATCH_SIZE):
            yield self._event(POSTED[kind], at, author_id, theme_id=theme_id, anonymous=anonymous)

    def _replies(self) -> Iterator[Event]:
        """An answer is a reply to a question that is not under another reply; comments
        under answers and under stories and blog posts are comments. A reply marked
        anonymous is the anonymous author's own, in their thread."""
        replies = self._since(Reply.objects.order_by(), "created_at")
        for at, author_id, theme_id, anonymous, parent_id, post_kind in replies.values_list(
            "created_at", "author_id", "post__theme_id", "is_anonymous", "parent_id", "post__kind"
        ).iterator(chunk_size=BATCH_SIZE):
            answer = parent_id is None and post_kind == Post.Kind.QUESTION
            kind = Kind.ANSWERED if answer else Kind.COMMENTED
            yield self._event(kind, at, author_id, theme_id=theme_id, anonymous=anonymous)

    def _helped(self) -> Iterator[Event]:
        """Recorded for who was helped; the helper is the author of the answer, resource or
        story, unless that was anonymous. The anonymous asker saying an answer to their
        own question helped is kept anonymous too: otherwise the report would tie them to
        the thread (the asker is the only one whose report is `by_asker`)."""
        helped = self._since(Helped.objects.order_by(), "created_at")
        rows = helped.values_list(
            "created_at",
            "member_id",
            "minutes",
            "by_asker",
            "reply_id",
            "reply__author_id",
            "reply__is_anonymous",
            "reply__post__theme_id",
            "reply__post__is_anonymous",
            "resource__author_id",
            "resource__theme_id",
            "post__author_id",
            "post__is_anonymous",
            "post__theme_id",
        )
        for row in rows.iterator(chunk_size=BATCH_SIZE):
            (at, member_id, minutes, by_asker, reply_id) = row[:5]
            (reply_author, reply_anonymous, reply_theme, question_anonymous) = row[5:9]
            (resource_author, resource_theme, post_author, post_anonymous, post_theme) = row[9:]
            if reply_id is not None:
                helper_id, helper_anonymous, theme_id = reply_author, reply_anonymous, reply_theme
                anonymous = by_asker and question_anonymous
            elif resource_author is not None:
                helper_id, helper_anonymous, theme_id = resource_author, False, resource_theme
                anonymous = False
            else:
                helper_id, helper_anonymous, theme_id = post_author, post_anonymous, post_theme
                anonymous = False
            yield self._event(
                Kind.HELPED,
                at,
                member_id,
                theme_id=theme_id,
                anonymous=anonymous,
                minutes=minutes,
                helper_id=helper_id,
                helper_anonymous=helper_anonymous,
            )

    def _resources(self) -> Iterator[Event]:
        resources = self._since(Resource.objects.order_by(), "created_at")
        for at, author_id, theme_id in resources.values_list(
            "created_at", "author_id", "theme_id"
        ).iterator(chunk_size=BATCH_SIZE):
            yield self._event(Kind.SHARED_RESOURCE, at, author_id, theme_id=theme_id)

    # --- Circles, ideas, gatherings, goals ----------------------------------------------

    def _circle_memberships(self) -> Iterator[Event]:
        # The host who started a circle did not join one (as the actions record it).
        memberships = self._since(Membership.objects.order_by(), "joined_at").exclude(
            Q(role=Membership.Role.HOST) & Q(member_id=F("circle__created_by_id"))
        )
        for at, member_id, theme_id in memberships.values_list(
            "joined_at", "member_id", "circle__theme_id"
        ).iterator(chunk_size=BATCH_SIZE):
            yield self._event(Kind.JOINED_CIRCLE, at, member_id, theme_id=theme_id)

    def _idea_participants(self) -> Iterator[Event]:
        participants = self._since(IdeaParticipant.objects.order_by(), "created_at")
        for at, member_id, theme_id in participants.values_list(
            "created_at", "member_id", "idea__theme_id"
        ).iterator(chunk_size=BATCH_SIZE):
            yield self._event(Kind.JOINED_IDEA, at, member_id, theme_id=theme_id)

    def _rsvps(self) -> Iterator[Event]:
        """A sign-up is a seat or a place on the waiting list; someone who signed up and
        later cancelled leaves no trace (their row says "not going")."""
        signed_up = Rsvp.objects.order_by().filter(
            status__in=(Rsvp.Status.GOING, Rsvp.Status.WAITLISTED)
        )
        for at, member_id, theme_id in (
            self._since(signed_up, "created_at")
            .values_list("created_at", "member_id", "gathering__theme_id")
            .iterator(chunk_size=BATCH_SIZE)
        ):
            yield self._event(Kind.RSVP, at, member_id, theme_id=theme_id)

    def _checkins(self) -> Iterator[Event]:
        checkins = self._since(CheckIn.objects.order_by(), "created_at")
        for at, member_id, theme_id in checkins.values_list(
            "created_at", "member_id", "gathering__theme_id"
        ).iterator(chunk_size=BATCH_SIZE):
            yield self._event(Kind.CHECKED_IN, at, member_id, theme_id=theme_id)

    def _goal_checkins(self) -> Iterator[Event]:
        # A personal goal is private: the event says only that someone checked in.
        checkins = self._since(GoalCheckIn.objects.order_by(), "created_at")
        for at, member_id in checkins.values_list("created_at", "goal__member_id").iterator(
            chunk_size=BATCH_SIZE
        ):
            yield self._event(Kind.GOAL_CHECKIN, at, member_id)
        # A host's progress note is the circle's check-in on its goal, in the circle's theme.
        notes = self._since(ProgressNote.objects.order_by(), "created_at")
        for at, author_id, theme_id in notes.values_list(
            "created_at", "author_id", "circle__theme_id"
        ).iterator(chunk_size=BATCH_SIZE):
            yield self._event(Kind.GOAL_CHECKIN, at, author_id, theme_id=theme_id)
