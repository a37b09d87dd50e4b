"""Rebuilding the activity log from the content tables (plein.insights.backfill): the same
events the actions record, at the content's own dates, anonymous authors tied to none."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone

from plein.circles import actions as circle_actions
from plein.circles.models import Circle
from plein.core.testing import (  # noqa: F401
    Personas,
    client_fixture,
    code_in,
    english_fixture,
    last_mail_to,
    link_path_in,
    personas_fixture,
)
from plein.gatherings import actions as gathering_actions
from plein.gatherings import door
from plein.gatherings.models import CheckIn, Gathering, Rsvp
from plein.goals import actions as goal_actions
from plein.insights.backfill import DERIVED_KINDS, rebuild_activity_log
from plein.insights.models import Event
from plein.library import actions as library_actions
from plein.members import actions as member_actions
from plein.members.models import Member
from plein.posts import actions as post_actions
from plein.posts import ideas, stories
from plein.posts.models import Helped, Post, Reply

pytestmark = pytest.mark.django_db

Kind = Event.Kind

STORY = {"learned": "Vroeg beginnen met ouders werkt beter dan een folder."}


def signature(event: Event) -> tuple:
    """What an event says, apart from its moment and id."""
    return (
        event.kind,
        event.member_id,
        event.organisation_id,
        event.theme_id,
        event.source,
        event.minutes,
        event.helper_id,
        event.helper_organisation_id,
    )


def derived_events() -> Counter:
    return Counter(signature(event) for event in Event.objects.filter(kind__in=DERIVED_KINDS))


def ask(author: Member, personas: Personas, *, anonymous: bool = False, title: str = "") -> Post:
    return post_actions.ask_question(
        author,
        theme=personas.youth_care,
        title=title or "Hoe overbruggen jullie de wachttijd?",
        body="Gezinnen wachten lang op hulp.",
        anonymous=anonymous,
    )


def answer(author: Member, post: Post) -> Reply:
    return post_actions.answer_question(author, post, body="Wij bellen elke twee weken.")


def make_gathering(personas: Personas) -> Gathering:
    starts_at = timezone.now() + timedelta(minutes=30)
    return gathering_actions.plan_gathering(
        personas.community_manager,
        title="Preventie in Hengelo",
        theme=personas.prevention,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        location="Het Rozendaal, Hengelo",
    )


def make_content(personas: Personas) -> None:
    """A bit of everything the log records, through the actions."""
    member, colleague = personas.member, personas.colleague
    other, manager = personas.other_org_member, personas.community_manager
    # Werkplaats: a question, two answers, a comment, "helped" with and without minutes.
    question = ask(member, personas)
    first = answer(other, question)
    second = answer(colleague, question)
    post_actions.comment_on(member, first, body="Dank, dat ga ik proberen.")
    post_actions.mark_helped(member, first, minutes=90)
    post_actions.mark_helped(colleague, first)
    post_actions.mark_helped(other, second, minutes=30)
    # An anonymous question answered by someone else; that answer helps another member.
    secret = ask(colleague, personas, anonymous=True, title="Wat als ik het niet weet?")
    reply = answer(other, secret)
    post_actions.mark_helped(member, reply, minutes=45)
    # Broedplaats: a named and an anonymous story (both helped someone), a blog post with
    # a comment, an idea someone joins.
    story = stories.write_story(
        other, theme=personas.prevention, title="Ouders eerst", sections=STORY
    )
    hidden = stories.write_story(
        colleague, theme=personas.youth_care, title="Wat misging", sections=STORY, anonymous=True
    )
    stories.mark_story_helped(member, story, minutes=60)
    stories.mark_story_helped(member, hidden, minutes=120)
    blog = stories.write_blog_post(
        member, theme=personas.prevention, title="Een jaar Plein", body="Wat ik leerde."
    )
    stories.comment_on(other, blog, "Mooi geschreven.")
    idea = ideas.post_idea(
        member,
        theme=personas.youth_care,
        title="Een vast gezicht bij de huisarts",
        problem="Ouders weten niet waar ze heen moeten.",
        idea="Een jeugdconsulent op het spreekuur.",
    )
    ideas.join_idea(other, idea, brings="Ervaring in Almelo")
    # The library: a link, reused by two members.
    resource = library_actions.share_link(
        other, theme=personas.prevention, title="Handreiking", url="https://www.nji.nl/"
    )
    library_actions.mark_reused(member, resource, minutes=240)
    library_actions.mark_reused(colleague, resource)
    # Circles: the host who starts one did not join it; the members who join did.
    circle = circle_actions.start_circle(
        member,
        name="Wachttijden",
        learning_goal="Een aanpak voor de zomer",
        access=Circle.Access.OPEN,
        theme=personas.youth_care,
    )
    circle_actions.join_open_circle(colleague, circle)
    circle_actions.join_open_circle(other, circle)
    circle_actions.add_progress_note(member, circle, body="We hebben drie aanpakken gezien.")
    # Gatherings: sign-ups and check-ins.
    gathering = make_gathering(personas)
    gathering_actions.rsvp(member, gathering, Rsvp.Status.GOING)
    gathering_actions.rsvp(colleague, gathering, Rsvp.Status.GOING)
    door.check_in(gathering, member, method=CheckIn.Method.MEMBER)
    door.check_in(gathering, other, method=CheckIn.Method.HOST)
    # Goals: a personal check-in.
    goal = goal_actions.set_goal(
        manager,
        text="Leren hoe ik vragen goed modereer in de jeugdzorg",
        due=timezone.localdate() + timedelta(days=60),
    )
    goal_actions.check_in(manager, goal, learned="Eerst vragen, dan verbergen.")


def test_the_rebuilt_log_says_what_the_actions_recorded(personas):
    make_content(personas)
    recorded = derived_events()
    assert {kind for kind, *_rest in recorded} == set(DERIVED_KINDS)

    written = rebuild_activity_log()

    assert derived_events() == recorded
    assert written == sum(recorded.values())


def test_the_rebuilt_log_has_what_record_would_write(personas):
    """Independent of the live recording: the events the content calls for, by hand."""
    make_content(personas)
    Event.objects.all().delete()
    rebuild_activity_log()
    member, colleague = personas.member, personas.colleague
    other = personas.other_org_member
    hengelo, almelo = personas.hengelo.pk, personas.almelo.pk
    youth, prevention = personas.youth_care.pk, personas.prevention.pk
    helped = Counter(
        (
            e.member_id,
            e.organisation_id,
            e.theme_id,
            e.minutes,
            e.helper_id,
            e.helper_organisation_id,
        )
        for e in Event.objects.filter(kind=Kind.HELPED)
    )
    assert helped == Counter(
        [
            (member.pk, hengelo, youth, 90, other.pk, almelo),
            (colleague.pk, hengelo, youth, None, other.pk, almelo),
            (other.pk, almelo, youth, 30, colleague.pk, hengelo),
            (member.pk, hengelo, youth, 45, other.pk, almelo),
            (member.pk, hengelo, prevention, 60, other.pk, almelo),
            # The anonymous story helped: the helper is nobody.
            (member.pk, hengelo, youth, 120, None, None),
            (member.pk, hengelo, prevention, 240, other.pk, almelo),
            (colleague.pk, hengelo, prevention, None, other.pk, almelo),
        ]
    )
    kinds = Counter(Event.objects.values_list("kind", flat=True))
    assert kinds == {
        Kind.JOINED: 4,
        Kind.ASKED: 2,
        Kind.ANSWERED: 3,
        Kind.COMMENTED: 2,  # under an answer, under a blog post
        Kind.HELPED: 8,
        Kind.POSTED_STORY: 2,
        Kind.POSTED_BLOG: 1,
        Kind.POSTED_IDEA: 1,
        Kind.JOINED_IDEA: 1,
        Kind.SHARED_RESOURCE: 1,
        Kind.JOINED_CIRCLE: 2,  # not the host who started it
        Kind.GOAL_CHECKIN: 2,  # the personal check-in and the host's progress note
        Kind.RSVP: 2,
        Kind.CHECKED_IN: 2,
    }
    asked = Counter(
        Event.objects.filter(kind=Kind.ASKED).values_list(
            "member_id", "organisation_id", "theme_id"
        )
    )
    assert asked == Counter([(member.pk, hengelo, youth), (None, None, youth)])
    circle_joins = set(
        Event.objects.filter(kind=Kind.JOINED_CIRCLE).values_list("member_id", "theme_id")
    )
    assert circle_joins == {(colleague.pk, youth), (other.pk, youth)}
    goal = Event.objects.get(kind=Kind.GOAL_CHECKIN, member=personas.community_manager)
    assert goal.theme_id is None  # a personal goal says nothing about what it is about


def test_events_take_the_dates_of_the_content(personas):
    question = ask(personas.member, personas)
    reply = answer(personas.other_org_member, question)
    helped = post_actions.mark_helped(personas.member, reply, minutes=60)
    asked_at = timezone.now() - timedelta(days=200)
    Post.objects.filter(pk=question.pk).update(created_at=asked_at)
    Reply.objects.filter(pk=reply.pk).update(created_at=asked_at + timedelta(hours=3))
    Helped.objects.filter(pk=helped.pk).update(created_at=asked_at + timedelta(days=1))
    joined_at = timezone.now() - timedelta(days=400)
    Member.objects.filter(pk=personas.member.pk).update(date_joined=joined_at)

    rebuild_activity_log()

    assert Event.objects.get(kind=Kind.ASKED).at == asked_at
    assert Event.objects.get(kind=Kind.ANSWERED).at == asked_at + timedelta(hours=3)
    assert Event.objects.get(kind=Kind.HELPED).at == asked_at + timedelta(days=1)
    assert Event.objects.get(kind=Kind.JOINED, member=personas.member).at == joined_at


def test_anonymous_authors_are_tied_to_no_event_of_their_posts(personas):
    author, other = personas.colleague, personas.other_org_member
    question = ask(author, personas, anonymous=True)
    reply = answer(other, question)
    # The anonymous asker replies in their own thread, comments and says it helped.
    own = answer(author, question)
    post_actions.comment_on(author, reply, body="Dank je, dat helpt.")
    post_actions.mark_helped(author, reply, minutes=120)
    story = stories.write_story(
        author, theme=personas.prevention, title="Wat misging", sections=STORY, anonymous=True
    )
    stories.comment_on(author, story, "Nog een aanvulling.")
    stories.mark_story_helped(personas.member, story, minutes=30)
    assert own.is_anonymous

    rebuild_activity_log()

    mine = Event.objects.filter(Q(member=author) | Q(helper=author))
    assert list(mine.values_list("kind", flat=True)) == [Kind.JOINED]
    anonymous = Event.objects.filter(member__isnull=True)
    assert Counter(anonymous.values_list("kind", flat=True)) == {
        Kind.ASKED: 1,
        Kind.ANSWERED: 1,
        Kind.COMMENTED: 2,
        Kind.HELPED: 1,
        Kind.POSTED_STORY: 1,
    }
    assert not anonymous.filter(organisation__isnull=False).exists()
    # The asker's own report still counts its minutes (in the theme, for nobody).
    asker_helped = anonymous.get(kind=Kind.HELPED)
    assert (asker_helped.minutes, asker_helped.theme_id) == (120, personas.youth_care.pk)
    assert asker_helped.helper_id == other.pk
    # Help from the anonymous story is counted for the helped member, from nobody.
    story_helped = Event.objects.get(kind=Kind.HELPED, member=personas.member)
    assert (story_helped.helper_id, story_helped.minutes) == (None, 30)


@override_settings(PLEIN_SIGNUP="open")
def test_join_sources_are_read_from_invitations_and_login_requests(
    personas, django_capture_on_commit_callbacks
):
    manager = personas.community_manager
    with django_capture_on_commit_callbacks(execute=True):
        member_actions.invite_members(
            manager, addresses="piet@borne.example", organisation=personas.hengelo
        )
    token = link_path_in(last_mail_to("piet@borne.example")).split("/")[2]
    member_actions.accept_invitation(token)

    link = member_actions.create_invite_link(manager, organisation=personas.almelo)
    gathering = make_gathering(personas)

    def join(email: str, **how: object) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            if how.get("gathering"):
                door.admit_at_door(gathering, email, ip="192.0.2.1")
            else:
                member_actions.request_login(email, ip="192.0.2.1", **how)  # type: ignore[arg-type]
        member_actions.confirm_login_code(email, code_in(last_mail_to(email)), ip="192.0.2.1")

    join("link@almelo.example", invite_link=link)
    join("door@hengelo.example", gathering=True)
    join("self@hengelo.example")
    # What the content cannot tell (added by a manager here) the live log knew...
    Event.objects.filter(kind=Kind.JOINED).exclude(member=personas.member).delete()

    rebuild_activity_log()

    sources = dict(Event.objects.filter(kind=Kind.JOINED).values_list("member__email", "source"))
    assert sources == {
        "piet@borne.example": Event.Source.INVITATION,
        "link@almelo.example": Event.Source.INVITE_LINK,
        "door@hengelo.example": Event.Source.QR,
        "self@hengelo.example": Event.Source.SELF_REGISTRATION,
        # ...and keeps, when the log had it,
        personas.member.email: Event.Source.ADDED,
        # ...but not when it was lost.
        personas.colleague.email: "",
        personas.other_org_member.email: "",
        manager.email: "",
    }
    piet = Event.objects.get(kind=Kind.JOINED, member__email="piet@borne.example")
    assert piet.organisation_id == personas.hengelo.pk


def test_logins_and_visits_are_kept_and_a_second_run_changes_nothing(personas):
    question = ask(personas.member, personas)
    answer(personas.colleague, question)
    login = Event.objects.create(kind=Kind.LOGGED_IN, member=personas.member)
    visit = Event.objects.create(kind=Kind.VISITED, member=personas.colleague)
    rebuild_activity_log()
    first = derived_events()

    rebuild_activity_log()

    assert derived_events() == first
    assert set(Event.objects.exclude(kind__in=DERIVED_KINDS)) == {login, visit}


def test_since_rebuilds_only_from_that_moment(personas):
    old = ask(personas.member, personas, title="Een oude vraag")
    ask(personas.member, personas, title="Een nieuwe vraag")
    long_ago = timezone.now() - timedelta(days=90)
    Post.objects.filter(pk=old.pk).update(created_at=long_ago)
    rebuild_activity_log()
    before = Event.objects.get(kind=Kind.ASKED, at=long_ago)
    Post.objects.filter(pk=old.pk).delete()  # gone from the content, not from history

    written = rebuild_activity_log(since=timezone.now() - timedelta(days=1))

    assert Event.objects.filter(pk=before.pk).exists()
    assert Event.objects.filter(kind=Kind.ASKED).count() == 2
    assert written == 5  # the recent question, and the four members who joined today


def test_the_command_prints_counts_and_what_to_run_next(personas):
    ask(personas.member, personas)
    out = StringIO()

    call_command("insights_backfill", stdout=out)

    text = out.getvalue()
    assert "asked: 1" in text
    assert "joined: 4" in text
    assert "insights-rollup --rebuild" in text


def test_the_command_refuses_a_bad_date(personas):
    with pytest.raises(CommandError):
        call_command("insights_backfill", since="gisteren", stdout=StringIO())
