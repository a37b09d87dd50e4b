"""The rollup checked against figures computed by hand on a small fixed data set.

The people (all active, date_joined 2025-12-01 00:00 unless said otherwise):
  F = Fatima, Hengelo (municipality), expertise youth care (Y)
  J = Joost, Hengelo (municipality), expertise prevention (P)
  A = Anouk, Almelo (municipality)
  C = the community manager, Almelo (municipality)
  S = Sanne, Zorggroep (care provider), joined 2026-02-10 09:00 (JOINED event, QR)
The events (local time, Europe/Amsterdam); "anon" has neither member nor organisation:
  e0  2025-12-01 10:00 J JOINED source invitation
  e1  2026-01-05 10:00 F ASKED Y
  e2  2026-01-05 12:00 J ANSWERED Y
  e3  2026-01-06 09:00 F HELPED Y 30 min, helper J (Hengelo)
  e4  2026-01-20 10:00 anon ASKED P
  e5  2026-01-31 23:30 A VISITED (22:30 UTC: January locally)
  e6  2026-02-01 00:30 F COMMENTED Y (still January in UTC: February locally)
  e7  2026-02-10 09:00 S JOINED source qr
  e8  2026-02-11 10:00 S ASKED P
  e9  2026-02-12 10:00 A ANSWERED P
  e10 2026-02-13 10:00 S HELPED P 90 min, helper A (Almelo)
  e11 2026-02-14 10:00 J ANSWERED P
  e12 2026-02-15 10:00 S HELPED P no minutes, helper J (Hengelo)
  e13 2026-02-16 10:00 anon ANSWERED Y
  e14 2026-03-02 10:00 F ASKED Y
  e15 2026-03-03 10:00 F ANSWERED P
  e16 2026-03-04 10:00 F POSTED_STORY Y
  e17 2026-03-05 10:00 F COMMENTED Y
  e18 2026-03-10 10:00 C LOGGED_IN
  e19 2026-03-11 10:00 S HELPED Y 15 min, helper F (Hengelo)
The rollup runs at NOW = 2026-03-15 12:00, so March is the running month."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from plein.core.testing import Personas, english_fixture, personas_fixture  # noqa: F401
from plein.insights import rollup, tasks
from plein.insights.events import count_page_view, page_view_key
from plein.insights.models import (
    Aggregate,
    AnswerTimeCount,
    Dimension,
    Event,
    Measure,
    MemberStats,
    PageViewCount,
    RollupState,
)
from plein.insights.rollup import (
    answer_time_bucket,
    last_rolled_at,
    median_minutes,
    rebuild,
    roll_up,
)
from plein.insights.tasks import maybe_roll_up
from plein.members import actions as member_actions
from plein.members.models import Invitation, Member, Organisation
from plein.posts import actions as post_actions
from plein.posts.models import Helped, Post, Reply

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=AMS)
DEC, JAN, FEB, MAR = date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
K = Event.Kind
ALL, THEME, ORG, KIND = Dimension.ALL, Dimension.THEME, Dimension.ORGANISATION, "organisation_kind"
MUNI, CARE = Organisation.Kind.MUNICIPALITY.value, Organisation.Kind.CARE_PROVIDER.value


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


class World:
    """The data set of the module docstring."""

    def __init__(self, personas: Personas) -> None:
        self.p = personas
        self.zorg, _ = member_actions.add_organisation(
            "Zorggroep Twente", kind=Organisation.Kind.CARE_PROVIDER
        )
        self.F, self.J = personas.member, personas.colleague
        self.A, self.C = personas.other_org_member, personas.community_manager
        self.S = member_actions.create_member(
            "sanne@zorg.example", name="Sanne de Vries", organisation=self.zorg
        )
        self.Y, self.P = personas.youth_care, personas.prevention
        Member.objects.update(date_joined=at(2025, 12, 1, 0))
        Member.objects.filter(pk=self.S.pk).update(date_joined=at(2026, 2, 10, 9))
        self.questions()
        self.invitations()
        # Forget what the actions above recorded: the events are exactly the list above.
        Event.objects.all().delete()

    def event(self, kind: str, who: Member | None, when: datetime, **fields: Any) -> Event:
        helper = fields.pop("helper", None)
        return Event.objects.create(
            kind=kind,
            at=when,
            member=who,
            organisation_id=who.organisation_id if who else None,
            helper=helper,
            helper_organisation_id=helper.organisation_id if helper else None,
            **fields,
        )

    def first_events(self) -> None:
        """e0 to e10."""
        F, J, A, S, Y, P = self.F, self.J, self.A, self.S, self.Y, self.P
        self.event(K.JOINED, J, at(2025, 12, 1), source=Event.Source.INVITATION)
        self.event(K.ASKED, F, at(2026, 1, 5), theme=Y)
        self.event(K.ANSWERED, J, at(2026, 1, 5, 12), theme=Y)
        self.event(K.HELPED, F, at(2026, 1, 6, 9), theme=Y, minutes=30, helper=J)
        self.event(K.ASKED, None, at(2026, 1, 20), theme=P)
        self.event(K.VISITED, A, at(2026, 1, 31, 23, 30))
        self.event(K.COMMENTED, F, at(2026, 2, 1, 0, 30), theme=Y)
        self.event(K.JOINED, S, at(2026, 2, 10, 9), source=Event.Source.QR)
        self.event(K.ASKED, S, at(2026, 2, 11), theme=P)
        self.event(K.ANSWERED, A, at(2026, 2, 12), theme=P)
        self.event(K.HELPED, S, at(2026, 2, 13), theme=P, minutes=90, helper=A)

    def later_events(self) -> None:
        """e11 to e19."""
        F, J, C, S, Y, P = self.F, self.J, self.C, self.S, self.Y, self.P
        self.event(K.ANSWERED, J, at(2026, 2, 14), theme=P)
        self.event(K.HELPED, S, at(2026, 2, 15), theme=P, helper=J)
        self.event(K.ANSWERED, None, at(2026, 2, 16), theme=Y)
        self.event(K.ASKED, F, at(2026, 3, 2), theme=Y)
        self.event(K.ANSWERED, F, at(2026, 3, 3), theme=P)
        self.event(K.POSTED_STORY, F, at(2026, 3, 4), theme=Y)
        self.event(K.COMMENTED, F, at(2026, 3, 5), theme=Y)
        self.event(K.LOGGED_IN, C, at(2026, 3, 10))
        self.event(K.HELPED, S, at(2026, 3, 11), theme=Y, minutes=15, helper=F)

    def questions(self) -> None:
        """Questions through the real actions, then moved back in time:
        Q1 (F, Y) 2026-01-10 09:00: F's own reply at 09:10 (not an answer), J answers at
           09:45 (45 min), F marks it helpful at 13:00 (240 min).
        Q2 (A, P) 2026-01-20 10:00: J answers 2026-01-22 10:07 (2 days 7 min = 2887 min).
        Q5 (F, Y) 2026-01-25: answered by J, then deleted by F: counts nowhere.
        Q3 (S, Y, anonymous) 2026-02-05 08:00: no answer; open, so waiting.
        Q4 (J, P) 2026-02-20 10:00: F answers at 10:30 but deletes it; A answers
           2026-03-05 10:00 (13 days = 18720 min); J marks it helpful 2026-03-06 10:00
           (14 days = 20160 min).
        Q6 (A, P) 2026-02-25: no answer, hidden by the community manager: not waiting."""
        F, J, A, S, C, Y, P = self.F, self.J, self.A, self.S, self.C, self.Y, self.P

        def ask(who: Member, theme: Any, when: datetime, **kwargs: Any) -> Post:
            post = post_actions.ask_question(
                who,
                theme=theme,
                title=f"Question {when:%Y%m%d%H%M}",
                body="Wie weet dit?",
                **kwargs,
            )
            Post.objects.filter(pk=post.pk).update(created_at=when)
            return Post.objects.get(pk=post.pk)

        def answer(who: Member, post: Post, when: datetime) -> Reply:
            reply = post_actions.answer_question(who, post, body="Zo doe je dat.")
            Reply.objects.filter(pk=reply.pk).update(created_at=when)
            return reply

        def helped(who: Member, reply: Reply, when: datetime) -> None:
            mark = post_actions.mark_helped(who, reply, minutes=30)
            Helped.objects.filter(pk=mark.pk).update(created_at=when)

        q1 = ask(F, Y, at(2026, 1, 10, 9))
        answer(F, q1, at(2026, 1, 10, 9, 10))
        helped(F, answer(J, q1, at(2026, 1, 10, 9, 45)), at(2026, 1, 10, 13))
        q2 = ask(A, P, at(2026, 1, 20))
        answer(J, q2, at(2026, 1, 22, 10, 7))
        q5 = ask(F, Y, at(2026, 1, 25))
        answer(J, q5, at(2026, 1, 25, 11))
        post_actions.delete_question(F, q5)
        ask(S, Y, at(2026, 2, 5, 8), anonymous=True)
        q4 = ask(J, P, at(2026, 2, 20))
        post_actions.delete_reply(F, answer(F, q4, at(2026, 2, 20, 10, 30)))
        helped(J, answer(A, q4, at(2026, 3, 5)), at(2026, 3, 6))
        q6 = ask(A, P, at(2026, 2, 25))
        post_actions.hide_post(C, q6, reason="Off topic")

    def invitations(self) -> None:
        """S's invitation (Zorggroep) made 2026-01-15, accepted when she joined on 02-10;
        new@ (Zorggroep) invited twice in February, never accepted; an invitation to A's
        address (already a member) in January."""

        def invite(email: str, organisation: Organisation, when: datetime, **kwargs: Any) -> None:
            Invitation.objects.create(
                email=email,
                organisation=organisation,
                token_hash=f"hash-{email}-{when:%Y%m%d}",
                created_at=when,
                expires_at=when + timedelta(days=14),
                **kwargs,
            )

        invite("sanne@zorg.example", self.zorg, at(2026, 1, 15), accepted_at=at(2026, 2, 10, 9))
        invite("new@zorg.example", self.zorg, at(2026, 2, 1, 12))
        invite("new@zorg.example", self.zorg, at(2026, 2, 20))
        invite(self.A.email, self.p.almelo, at(2026, 1, 10))


@pytest.fixture
def world(personas: Personas) -> World:
    world = World(personas)
    world.first_events()
    world.later_events()
    return world


def figures(month: date, dimension: str = ALL, key: object = "") -> dict[str, tuple[int, int, int]]:
    """measure -> (value, minutes, members) of one month, dimension and key."""
    rows = Aggregate.objects.filter(month=month, dimension=dimension, key=str(key))
    return {row.measure: (row.value, row.minutes, row.members) for row in rows}


def values(month: date, dimension: str = ALL, key: object = "") -> dict[str, int]:
    return {measure: figure[0] for measure, figure in figures(month, dimension, key).items()}


def snapshot() -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    aggregates = set(
        Aggregate.objects.values_list(
            "month", "measure", "dimension", "key", "value", "minutes", "members"
        )
    )
    times = set(
        AnswerTimeCount.objects.values_list("month", "theme_id", "measure", "minutes", "questions")
    )
    stats = set(
        MemberStats.objects.values_list(
            "member_id",
            "organisation_id",
            "joined_at",
            "source",
            "last_active_at",
            "first_contribution_at",
            "contributions",
            "first_helped_someone_at",
        )
    )
    return aggregates, times, stats


# --- event kinds -----------------------------------------------------------------------------


def test_event_counts_per_kind_and_dimension(world: World) -> None:
    roll_up(now=NOW)
    H, AL, Z = world.p.hengelo.pk, world.p.almelo.pk, world.zorg.pk
    Y, P = world.Y.pk, world.P.pk
    # January: e1..e5. ASKED e1 (F) and e4 (anonymous): 2 events, 1 member.
    jan = figures(JAN)
    assert jan[K.ASKED] == (2, 0, 1)
    assert jan[K.ANSWERED] == (1, 0, 1)  # e2 J
    assert jan[K.HELPED] == (1, 30, 1)  # e3 F, 30 min
    assert jan[K.VISITED] == (1, 0, 1)  # e5 A, 23:30 local on the 31st
    assert K.COMMENTED not in jan  # e6 is 2026-01-31 23:30 UTC, but February locally
    assert figures(JAN, THEME, Y)[K.ASKED] == (1, 0, 1)
    assert figures(JAN, THEME, P)[K.ASKED] == (1, 0, 0)  # only the anonymous e4
    # Anonymous e4 is in no organisation's row; the theme-less VISITED in no theme's row.
    hengelo = figures(JAN, ORG, H)
    assert (hengelo[K.ASKED], hengelo[K.ANSWERED], hengelo[K.HELPED]) == (
        (1, 0, 1),
        (1, 0, 1),
        (1, 30, 1),
    )
    assert figures(JAN, ORG, AL)[K.VISITED] == (1, 0, 1)
    assert K.VISITED not in hengelo and K.ASKED not in figures(JAN, ORG, AL)
    assert values(JAN, KIND, MUNI)[K.ASKED] == 1
    assert values(JAN, KIND, MUNI)[K.VISITED] == 1
    assert figures(JAN, Dimension.HELPER_ORGANISATION, H)[K.HELPED] == (1, 30, 1)  # J helped
    assert not Aggregate.objects.filter(month=JAN, dimension=Dimension.SOURCE).exists()

    # February: e6..e13. ANSWERED e9 (A), e11 (J), e13 (anonymous): 3 events, 2 members.
    feb = figures(FEB)
    assert feb[K.ANSWERED] == (3, 0, 2)
    assert feb[K.HELPED] == (2, 90, 1)  # e10 90 min + e12 no minutes, both S
    assert feb[K.COMMENTED] == (1, 0, 1)
    assert feb[K.JOINED] == (1, 0, 1)
    assert figures(FEB, Dimension.SOURCE, "qr") == {K.JOINED: (1, 0, 1)}
    assert figures(FEB, THEME, Y)[K.ANSWERED] == (1, 0, 0)  # anonymous e13 only
    assert figures(FEB, THEME, P)[K.ANSWERED] == (2, 0, 2)
    assert figures(FEB, THEME, P)[K.HELPED] == (2, 90, 1)
    assert K.JOINED not in values(FEB, THEME, P)  # JOINED has no theme
    assert figures(FEB, ORG, Z)[K.HELPED] == (2, 90, 1)
    assert values(FEB, ORG, H)[K.ANSWERED] == 1  # e11 J; e13 is anonymous
    assert values(FEB, ORG, AL)[K.ANSWERED] == 1  # e9 A
    assert figures(FEB, KIND, CARE)[K.HELPED] == (2, 90, 1)
    assert figures(FEB, KIND, MUNI)[K.ANSWERED] == (2, 0, 2)
    # Who gave the help: A (Almelo) 90 min in e10, J (Hengelo) without minutes in e12.
    assert figures(FEB, Dimension.HELPER_ORGANISATION, AL)[K.HELPED] == (1, 90, 1)
    assert figures(FEB, Dimension.HELPER_ORGANISATION, H) == {K.HELPED: (1, 0, 1)}
    # Of the HELPED reports, those with an estimate: e10 only (90 min, by S; helper A).
    estimated = rollup.HELPED_ESTIMATED
    assert feb[estimated] == (1, 90, 1)
    assert figures(FEB, THEME, P)[estimated] == (1, 90, 1)
    assert figures(FEB, KIND, CARE)[estimated] == (1, 90, 1)
    assert figures(FEB, Dimension.HELPER_ORGANISATION, AL)[estimated] == (1, 90, 1)
    assert jan[estimated] == (1, 30, 1)  # e3

    # December: e0 only.
    assert figures(DEC, Dimension.SOURCE, "invitation") == {K.JOINED: (1, 0, 1)}
    # March: e14..e19; e19 S helped by F (Hengelo), 15 min.
    assert figures(MAR)[K.HELPED] == (1, 15, 1)
    assert figures(MAR, Dimension.HELPER_ORGANISATION, H)[K.HELPED] == (1, 15, 1)
    assert values(MAR, ORG, AL)[K.LOGGED_IN] == 1  # e18 C


def test_active_members_and_contributors(world: World) -> None:
    roll_up(now=NOW)
    H, AL, Z = world.p.hengelo.pk, world.p.almelo.pk, world.zorg.pk
    Y, P = world.Y.pk, world.P.pk
    active, contributors = Measure.ACTIVE_MEMBERS, Measure.CONTRIBUTORS

    def pair(month: date, dimension: str = ALL, key: object = "") -> tuple[int, int]:
        got = values(month, dimension, key)
        return got.get(active, 0), got.get(contributors, 0)

    # January: active F, J, A (VISITED); contributors F (asked), J (answered).
    assert pair(JAN) == (3, 2)
    assert pair(JAN, THEME, Y) == (2, 2)  # F, J
    assert pair(JAN, THEME, P) == (0, 0)  # anonymous only
    assert pair(JAN, ORG, H) == (2, 2)
    assert pair(JAN, ORG, AL) == (1, 0)
    assert pair(JAN, KIND, MUNI) == (3, 2)
    # February: F (commented), S (joined, asked), A and J (answered): all four contribute.
    assert pair(FEB) == (4, 4)
    assert pair(FEB, THEME, Y) == (1, 1)  # F; e13 is anonymous
    assert pair(FEB, THEME, P) == (3, 3)  # S, A, J
    assert pair(FEB, ORG, Z) == (1, 1)
    assert pair(FEB, KIND, CARE) == (1, 1)
    assert pair(FEB, KIND, MUNI) == (3, 3)
    # March: F contributes; C logs in; S reports being helped (not a contribution).
    assert pair(MAR) == (3, 1)
    assert pair(MAR, THEME, Y) == (2, 1)  # F, S
    assert pair(MAR, ORG, AL) == (1, 0)
    assert pair(MAR, ORG, Z) == (1, 0)
    assert figures(MAR)[active] == (3, 0, 3)  # members = value


# --- funnel and 90-9-1 -----------------------------------------------------------------------

FUNNEL = (
    Measure.INVITED,
    Measure.MEMBERS,
    Measure.ACTIVE_30_DAYS,
    Measure.CONTRIBUTED,
    Measure.HELPED_SOMEONE,
)
SPLIT = (Measure.READERS, Measure.OCCASIONAL, Measure.REGULARS)


def steps(
    month: date, measures: tuple[str, ...], dimension: str = ALL, key: object = ""
) -> tuple[int, ...]:
    got = values(month, dimension, key)
    return tuple(got.get(measure, 0) for measure in measures)


def test_funnel(world: World) -> None:
    roll_up(now=NOW)
    H, AL, Z = world.p.hengelo.pk, world.p.almelo.pk, world.zorg.pk
    # End of January: members F, J, A, C (S joins in February).
    #   invited: + S's address (invited 01-15, accepted only 02-10); A's invitation is an
    #   address of a member, so not counted. active 30 days (01-02..01-31): F, J, A.
    #   contributed: F, J. helped someone: J (e3).
    assert steps(JAN, FUNNEL) == (5, 4, 3, 2, 1)
    assert steps(JAN, FUNNEL, ORG, H) == (2, 2, 2, 2, 1)
    assert steps(JAN, FUNNEL, ORG, AL) == (2, 2, 1, 0, 0)
    assert steps(JAN, FUNNEL, ORG, Z) == (1, 0, 0, 0, 0)  # only S's open invitation
    assert steps(JAN, FUNNEL, KIND, MUNI) == (4, 4, 3, 2, 1)
    assert steps(JAN, FUNNEL, KIND, CARE) == (1, 0, 0, 0, 0)
    # End of February: members F, J, A, C, S. invited: + new@ (two invitations, one
    #   address). active 30 days (01-30..02-28): A (e5, 01-31), F, S, J.
    #   contributed: F, J, S (e8), A (e9). helped someone: J, A (e10).
    assert steps(FEB, FUNNEL) == (6, 5, 4, 4, 2)
    assert steps(FEB, FUNNEL, ORG, Z) == (2, 1, 1, 1, 0)
    assert steps(FEB, FUNNEL, ORG, AL) == (2, 2, 1, 1, 1)
    assert steps(FEB, FUNNEL, KIND, CARE) == (2, 1, 1, 1, 0)
    # March, at NOW (03-15 12:00): active 30 days from 02-13 12:00: J (e11), S (e12, e19),
    #   F, C (e18); not A (last e9 on 02-12). helped someone: + F (e19).
    assert steps(MAR, FUNNEL) == (6, 5, 4, 4, 3)
    assert steps(MAR, FUNNEL, ORG, H) == (2, 2, 2, 2, 2)
    assert steps(MAR, FUNNEL, ORG, AL) == (2, 2, 1, 1, 1)
    assert figures(MAR)[Measure.MEMBERS] == (5, 0, 5)  # members = value


def test_ninety_nine_one_split(world: World) -> None:
    roll_up(now=NOW)
    H, AL = world.p.hengelo.pk, world.p.almelo.pk
    # January (contributions 2025-11..2026-01): F 1 (e1), J 1 (e2); A and C none.
    assert steps(JAN, SPLIT) == (2, 2, 0)
    assert steps(JAN, SPLIT, ORG, AL) == (2, 0, 0)
    # February (12..02): F 2 (e1, e6), J 2 (e2, e11), A 1 (e9), S 1 (e8); C none.
    assert steps(FEB, SPLIT) == (1, 4, 0)
    assert steps(FEB, SPLIT, KIND, CARE) == (0, 1, 0)
    # March (01..03): F 6 (e1, e6, e14..e17) is a regular; J 2, A 1, S 1; C none.
    assert steps(MAR, SPLIT) == (1, 3, 1)
    assert steps(MAR, SPLIT, ORG, H) == (0, 1, 1)
    assert steps(MAR, SPLIT, ORG, AL) == (1, 1, 0)
    assert steps(MAR, SPLIT, KIND, MUNI) == (1, 2, 1)
    # Together they are the members.
    assert sum(steps(MAR, SPLIT)) == values(MAR)[Measure.MEMBERS]
    # December (10..12): F, J, A, C joined, nobody contributed.
    assert steps(DEC, SPLIT) == (4, 0, 0)


# --- questions --------------------------------------------------------------------------------


def test_question_cohorts_and_answer_times(world: World) -> None:
    roll_up(now=NOW)
    Y, P = world.Y.pk, world.P.pk
    answered, helped = Measure.QUESTIONS_ANSWERED, Measure.QUESTIONS_HELPED
    # January: Q1 (Y) answered and helped, Q2 (P) answered; Q5 deleted.
    assert steps(JAN, (answered, helped)) == (2, 1)
    assert steps(JAN, (answered, helped), THEME, Y) == (1, 1)
    assert steps(JAN, (answered, helped), THEME, P) == (1, 0)
    assert figures(JAN)[answered] == (2, 0, 0)  # about posts, not people
    # February: Q4 (P) answered (the deleted answer aside) and helped; Q3 and Q6 not.
    assert steps(FEB, (answered, helped)) == (1, 1)
    assert steps(FEB, (answered, helped), THEME, P) == (1, 1)
    assert steps(FEB, (answered, helped), THEME, Y) == (0, 0)
    first, helpful = AnswerTimeCount.Measure.FIRST_ANSWER, AnswerTimeCount.Measure.FIRST_HELPFUL
    assert set(
        AnswerTimeCount.objects.values_list("month", "theme_id", "measure", "minutes", "questions")
    ) == {
        # Q1: 45 min (F's own reply at 10 min is no answer), helpful after 240 min.
        (JAN, None, first, 45, 1),
        (JAN, Y, first, 45, 1),
        (JAN, None, helpful, 240, 1),
        (JAN, Y, helpful, 240, 1),
        # Q2: 2887 min, in whole hours: 2880.
        (JAN, None, first, 2880, 1),
        (JAN, P, first, 2880, 1),
        # Q4: 13 days (the deleted answer after 30 min does not count); helpful after 14.
        (FEB, None, first, 18720, 1),
        (FEB, P, first, 18720, 1),
        (FEB, None, helpful, 20160, 1),
        (FEB, P, helpful, 20160, 1),
    }


def test_waiting_questions_and_helpers_on_the_running_month_only(world: World) -> None:
    roll_up(now=NOW)
    Y, P = world.Y.pk, world.P.pk
    # Q3 (Y) waits; Q6 (P) is hidden; the others have answers. F lists Y, J lists P.
    assert figures(MAR, THEME, Y)[Measure.WAITING_QUESTIONS] == (1, 0, 0)
    assert figures(MAR, THEME, P)[Measure.WAITING_QUESTIONS] == (0, 0, 0)
    assert figures(MAR, THEME, Y)[Measure.HELPERS] == (1, 0, 1)
    assert figures(MAR, THEME, P)[Measure.HELPERS] == (1, 0, 1)
    Member.objects.filter(pk=world.J.pk).update(is_active=False)
    roll_up(now=NOW)
    assert figures(MAR, THEME, P)[Measure.HELPERS] == (0, 0, 0)
    assert not Aggregate.objects.filter(
        month=FEB, measure__in=[Measure.WAITING_QUESTIONS, Measure.HELPERS]
    ).exists()


# --- member stats -----------------------------------------------------------------------------


def test_member_stats(world: World) -> None:
    roll_up(now=NOW)
    stats = {row.member_id: row for row in MemberStats.objects.all()}
    F, J, A, C, S = (stats[m.pk] for m in (world.F, world.J, world.A, world.C, world.S))
    assert (F.contributions, F.first_contribution_at, F.last_active_at) == (
        6,
        at(2026, 1, 5),
        at(2026, 3, 5),
    )
    assert F.first_helped_someone_at == at(2026, 3, 11)  # e19: S helped by F
    assert (J.joined_at, J.source) == (at(2025, 12, 1), Event.Source.INVITATION)
    assert J.first_helped_someone_at == at(2026, 1, 6, 9)
    assert (A.contributions, A.first_helped_someone_at) == (1, at(2026, 2, 13))
    assert (S.joined_at, S.source, S.contributions) == (at(2026, 2, 10, 9), "qr", 1)
    # S's HELPED events make her active, not a contributor.
    assert S.last_active_at == at(2026, 3, 11)
    assert (C.contributions, C.first_contribution_at, C.source) == (0, None, "")
    assert C.joined_at == at(2025, 12, 1, 0)  # no JOINED event: date_joined
    assert (S.organisation_id, F.organisation_id) == (world.zorg.pk, world.p.hengelo.pk)


def test_anonymous_events_are_in_totals_but_tied_to_nobody(world: World) -> None:
    roll_up(now=NOW)
    # e4 (ASKED) and e13 (ANSWERED) are anonymous: in ALL and THEME, never per organisation.
    for month, kind in ((JAN, K.ASKED), (FEB, K.ANSWERED)):
        total = values(month)[kind]
        per_organisation = Aggregate.objects.filter(month=month, measure=kind, dimension=ORG)
        assert sum(row.value for row in per_organisation) == total - 1
        per_kind = Aggregate.objects.filter(month=month, measure=kind, dimension=KIND)
        assert sum(row.value for row in per_kind) == total - 1
        per_theme = Aggregate.objects.filter(month=month, measure=kind, dimension=THEME)
        assert sum(row.value for row in per_theme) == total
    # And they add to nobody's contributions: F 6, J 2, A 1, S 1 are the named ones.
    assert sum(MemberStats.objects.values_list("contributions", flat=True)) == 10
    assert Event.objects.filter(kind__in=Event.CONTRIBUTIONS).count() == 12


def test_moving_organisation_moves_the_member_in_the_funnel(world: World) -> None:
    roll_up(now=NOW)
    Member.objects.filter(pk=world.A.pk).update(organisation=world.zorg)
    roll_up(now=NOW)
    assert MemberStats.objects.get(member=world.A).organisation_id == world.zorg.pk
    # March: Z has S and now A; A's past events stay with Almelo.
    assert values(MAR, ORG, world.zorg.pk)[Measure.MEMBERS] == 2
    assert values(FEB, ORG, world.p.almelo.pk)[K.ANSWERED] == 1


# --- incremental == rebuild -------------------------------------------------------------------


def test_incremental_rollup_equals_a_rebuild(personas: Personas) -> None:
    world = World(personas)
    world.first_events()
    first = roll_up(now=at(2026, 2, 13, 12))
    assert first.rebuilt and first.events == 11
    world.later_events()
    # A late event in an old month, and a new member without events.
    world.event(K.COMMENTED, world.A, at(2025, 12, 20), theme=world.Y)
    member_actions.create_member("late@almelo.example", organisation=world.p.almelo)
    Event.objects.filter(member__email="late@almelo.example").delete()
    second = roll_up(now=NOW)
    assert not second.rebuilt and second.events == 10
    assert second.months == [DEC, JAN, FEB, MAR]
    incremental = snapshot()
    rebuilt = rebuild(now=NOW)
    assert rebuilt.rebuilt
    assert snapshot() == incremental


def test_incremental_rollups_across_the_turn_of_a_month_equal_a_rebuild(world: World) -> None:
    roll_up(now=NOW)
    # A late answer to Q3 (asked in February, no new event in February), a new event in
    # April, and the next rollup on 2 April: March is no longer the running month.
    q3 = Post.objects.get(is_anonymous=True)
    reply = post_actions.answer_question(world.A, q3, body="Probeer dit eens.")
    Reply.objects.filter(pk=reply.pk).update(created_at=at(2026, 4, 1, 9))
    Event.objects.filter(at__gt=NOW).delete()  # what answer_question recorded (real today)
    world.event(K.LOGGED_IN, world.J, at(2026, 4, 2, 9))
    later = at(2026, 4, 2, 12)
    summary = roll_up(now=later)
    assert summary.months == [FEB, MAR, date(2026, 4, 1)]
    assert values(FEB, THEME, world.Y.pk)[Measure.QUESTIONS_ANSWERED] == 1
    assert not Aggregate.objects.filter(month=MAR, measure=Measure.WAITING_QUESTIONS).exists()
    incremental = snapshot()
    rebuild(now=later)
    assert snapshot() == incremental


def test_a_second_rollup_without_new_events_changes_nothing(world: World) -> None:
    roll_up(now=NOW)
    before = snapshot()
    again = roll_up(now=NOW)
    assert (again.events, again.members, again.page_views) == (0, 0, 0)
    assert again.months == [JAN, FEB, MAR]  # the running month and the two before
    assert snapshot() == before
    assert RollupState.objects.get().last_event_id == Event.objects.latest("id").pk


def test_rebuild_forgets_months_before_the_first_event(world: World) -> None:
    Aggregate.objects.create(month=date(2020, 1, 1), measure=K.ASKED, dimension=ALL, value=9)
    rebuild(now=NOW)
    assert Aggregate.objects.earliest("month").month == DEC


# --- page views -------------------------------------------------------------------------------


def test_page_views_are_flushed_from_the_cache_and_not_lost(personas: Personas) -> None:
    theme = personas.youth_care.pk
    for _ in range(3):
        count_page_view("question", theme)
    count_page_view("theme", theme)
    count_page_view("gathering")
    assert roll_up().page_views == 5
    today = timezone.localdate()
    month = today.replace(day=1)
    assert PageViewCount.objects.get(day=today, page="question", theme_id=theme).views == 3
    assert PageViewCount.objects.get(day=today, page="gathering", theme__isnull=True).views == 1
    assert values(month, ALL)[Measure.PAGE_VIEWS] == 5
    assert values(month, THEME, theme)[Measure.PAGE_VIEWS] == 4
    assert values(month, Dimension.PAGE, "question")[Measure.PAGE_VIEWS] == 3
    # Flushed counters are zero, not gone: a second rollup moves nothing again.
    assert roll_up().page_views == 0
    count_page_view("question", theme)
    assert roll_up().page_views == 1
    assert PageViewCount.objects.get(day=today, page="question", theme_id=theme).views == 4
    assert values(month, ALL)[Measure.PAGE_VIEWS] == 6


def test_a_view_counted_while_flushing_is_kept(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    theme = personas.prevention.pk
    count_page_view("idea", theme)
    count_page_view("idea", theme)
    read = cache.get_many

    def read_then_count(keys: list[str]) -> dict[str, Any]:
        found = read(keys)
        count_page_view("idea", theme)  # someone opens the page right after the read
        return found

    monkeypatch.setattr(cache, "get_many", read_then_count)
    assert roll_up().page_views == 2
    monkeypatch.undo()
    key = page_view_key(timezone.localdate(), "idea", theme)
    assert cache.get(key) == 1
    assert roll_up().page_views == 1
    assert PageViewCount.objects.get(page="idea", theme_id=theme).views == 3


def test_page_views_of_yesterday_are_flushed_into_yesterday(personas: Personas) -> None:
    yesterday = timezone.localdate(NOW) - timedelta(days=1)
    cache.set(page_view_key(yesterday, "story", None), 7)
    cache.set(page_view_key(yesterday - timedelta(days=3), "story", None), 9)  # too old
    assert roll_up(now=NOW).page_views == 7
    assert PageViewCount.objects.get(day=yesterday, page="story").views == 7


# --- buckets and medians ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "bucket"),
    [
        (-5, 0),
        (0, 0),
        (1, 1),
        (119, 119),
        (120, 120),
        (121, 120),
        (134, 120),
        (135, 135),
        (1439, 1425),
        (1440, 1440),
        (1441, 1440),
        (1499, 1440),
        (1500, 1500),
        (20159, 20100),
        (20160, 20160),
        (20161, 20160),
        (21599, 20160),
        (21600, 21600),
        (100_000, 99_360),
    ],
)
def test_answer_time_bucket(minutes: int, bucket: int) -> None:
    assert answer_time_bucket(minutes) == bucket


@pytest.mark.parametrize(
    ("counts", "median"),
    [
        ([], None),
        ([(30, 0)], None),
        ([(30, 1)], 30),
        ([(10, 1), (20, 1)], 10),  # the lower median of two
        ([(10, 1), (20, 1), (30, 1)], 20),
        ([(30, 2), (10, 1), (20, 1)], 20),  # 10, 20, 30, 30: the lower middle is 20
        ([(30, 1), (10, 2), (30, 2)], 30),  # buckets repeat across months: 10 10 30 30 30
        ([(5, 3), (600, 1)], 5),
    ],
)
def test_median_minutes(counts: list[tuple[int, int]], median: int | None) -> None:
    assert median_minutes(counts) == median


# --- running it -------------------------------------------------------------------------------


def test_maybe_roll_up_runs_only_when_stale(personas: Personas, settings: Any) -> None:
    settings.PLEIN_INSIGHTS_ROLLUP_MINUTES = 15
    assert last_rolled_at() is None
    assert maybe_roll_up() is True  # never rolled up: runs (inline in tests)
    assert last_rolled_at() is not None
    assert maybe_roll_up() is False
    RollupState.objects.update(rolled_at=timezone.now() - timedelta(minutes=16))
    cache.delete(tasks.ENQUEUED_KEY)
    assert maybe_roll_up() is True
    assert timezone.now() - last_rolled_at() < timedelta(minutes=1)  # type: ignore[operator]


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_a_request_rolls_up_when_stale(settings: Any) -> None:
    settings.PLEIN_TASKS = "database"
    assert tasks.roll_up_after_request() is False  # the worker does it
    settings.PLEIN_TASKS = "inline"
    cache.delete(tasks.AFTER_REQUEST_KEY)  # conftest holds it back for other tests
    count_page_view("theme")
    assert tasks.roll_up_after_request() is True
    assert PageViewCount.objects.get(page="theme").views == 1
    assert tasks.roll_up_after_request() is False  # asked again within minutes
    cache.delete(tasks.AFTER_REQUEST_KEY)
    assert tasks.roll_up_after_request() is False  # fresh now


# The worker closes stale connections between tasks, as in production: no test transaction.
@pytest.mark.django_db(transaction=True)
def test_plein_worker_rolls_up_from_the_database_queue(settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PLEIN_TASKS = "database"
    count_page_view("resource")
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    rolled = DBTaskResult.objects.filter(task_path="plein.insights.tasks.roll_up_task")
    assert list(rolled.values_list("status", flat=True)) == ["SUCCESSFUL"]
    assert last_rolled_at() is not None
    # Fresh: the next minute's jobs do not queue another.
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert rolled.count() == 1


def test_a_rollup_while_another_runs_does_nothing(personas: Personas) -> None:
    cache.add(rollup.LOCK_KEY, 1)
    assert roll_up().skipped
    assert last_rolled_at() is None


def test_the_command_prints_what_it_did(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("insights_rollup")
    out = capsys.readouterr().out
    assert "insights-rollup (rebuild): 20 new event(s)" in out
    call_command("insights_rollup", "--rebuild")
    assert "(rebuild)" in capsys.readouterr().out
    call_command("insights_rollup")
    out = capsys.readouterr().out
    assert "insights-rollup: 0 new event(s)" in out and " s" in out
