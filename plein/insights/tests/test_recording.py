"""The actions write the activity log: one event per meaningful thing a member does, with
who, their organisation, the theme, how they joined, minutes saved and who helped, and
nothing that ties an anonymous post to its author."""

import datetime
import re

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from plein.circles import actions as circles
from plein.circles.models import Circle
from plein.core.testing import (  # noqa: F401 (fixtures by their names)
    Personas,
    client_fixture,
    code_in,
    english_fixture,
    last_mail_to,
    link_path_in,
    personas_fixture,
)
from plein.gatherings import actions as gatherings
from plein.gatherings import door
from plein.gatherings.models import CheckIn, Rsvp
from plein.gatherings.tests.helpers import plan
from plein.goals import actions as goals
from plein.insights.models import Event
from plein.library import actions as library
from plein.members import actions as members
from plein.members.models import Member
from plein.posts import actions as posts
from plein.posts import ideas, stories
from plein.posts.models import Post, Reply

pytestmark = pytest.mark.django_db

Kind, Source = Event.Kind, Event.Source


@pytest.fixture(autouse=True)
def _empty_log(personas: Personas) -> None:
    # The personas joined (create_member records that): each test starts with an empty log.
    Event.objects.all().delete()


def only(kind: str) -> Event:
    """The one event of `kind` (fails when there are none or several)."""
    events = list(Event.objects.filter(kind=kind))
    assert len(events) == 1, f"{len(events)} events of kind {kind}"
    return events[0]


def ask(personas: Personas, **extra: object) -> Post:
    values: dict = {
        "theme": personas.youth_care,
        "title": "Hoe korten jullie de wachtlijst in?",
        "body": "Wij zoeken een aanpak voor lange wachtlijsten.",
        **extra,
    }
    return posts.ask_question(values.pop("author", personas.member), **values)


def story(personas: Personas, **extra: object) -> Post:
    values: dict = {
        "theme": personas.prevention,
        "title": "Wat wij leerden van de pilot",
        "sections": {"learned": "Begin klein en vraag ouders vroeg mee te denken."},
        **extra,
    }
    return stories.write_story(values.pop("author", personas.member), **values)


def share(personas: Personas, author: Member) -> object:
    return library.share_link(
        author,
        theme=personas.prevention,
        title="Handreiking vroegsignalering",
        url="https://example.org/handreiking",
    )


# --- Joining and logging in ------------------------------------------------------------


def test_a_member_added_directly_joined_with_source_added(personas):
    lotte = members.create_member("lotte@hengelo.example", organisation=personas.hengelo)
    event = only(Kind.JOINED)
    assert (event.member, event.organisation, event.source) == (
        lotte,
        personas.hengelo,
        Source.ADDED,
    )
    assert Event.objects.count() == 1


def log_in_with_code(email: str, *, invite_link: object = None) -> members.LoginResult:
    with TestCase.captureOnCommitCallbacks(execute=True):
        members.request_login(email, ip="127.0.0.1", invite_link=invite_link)  # type: ignore[arg-type]
    return members.confirm_login_code(email, code_in(last_mail_to(email)), ip="127.0.0.1")


def test_an_existing_member_logging_in_is_one_logged_in_event(personas):
    log_in_with_code(personas.member.email)
    event = only(Kind.LOGGED_IN)
    assert (event.member, event.organisation) == (personas.member, personas.hengelo)
    assert Event.objects.count() == 1


def test_a_newcomer_through_open_signup_registered_themselves(personas, settings):
    settings.PLEIN_SIGNUP = "open"
    result = log_in_with_code("lotte@borne.example")
    event = only(Kind.JOINED)
    assert (event.member, event.source) == (result.member, Source.SELF_REGISTRATION)
    assert event.organisation is None
    assert not Event.objects.filter(kind=Kind.LOGGED_IN).exists()


def test_a_newcomer_through_an_invite_link_joined_by_invite_link(personas, settings):
    settings.PLEIN_SIGNUP = "invite"
    link = members.create_invite_link(personas.community_manager, organisation=personas.hengelo)
    Event.objects.all().delete()
    result = log_in_with_code("lotte@hengelo.example", invite_link=link)
    event = only(Kind.JOINED)
    assert (event.member, event.source) == (result.member, Source.INVITE_LINK)
    assert event.organisation == personas.hengelo
    assert Event.objects.count() == 1


def test_a_newcomer_at_a_gatherings_door_joined_by_qr(personas, settings):
    settings.PLEIN_SIGNUP = "invite"
    gathering = plan(personas.colleague, personas.prevention)
    # The door opens two hours before the start.
    starts = timezone.now() + datetime.timedelta(minutes=30)
    gathering.starts_at, gathering.ends_at = starts, starts + datetime.timedelta(hours=2)
    gathering.save(update_fields=["starts_at", "ends_at"])
    Event.objects.all().delete()
    with TestCase.captureOnCommitCallbacks(execute=True):
        door.admit_at_door(gathering, "lotte@borne.example", ip="127.0.0.1")
    code = code_in(last_mail_to("lotte@borne.example"))
    result = members.confirm_login_code("lotte@borne.example", code, ip="127.0.0.1")
    assert only(Kind.JOINED).source == Source.QR
    door.check_in(gathering, result.member, method=CheckIn.Method.NEWCOMER)
    checked_in = only(Kind.CHECKED_IN)
    assert (checked_in.member, checked_in.theme) == (result.member, personas.prevention)
    assert Event.objects.count() == 2


def test_a_personal_invitation_joins_with_source_invitation(client, personas):
    client.force_login(personas.community_manager)
    client.post(
        reverse("members:invite_members"),
        {"addresses": "lotte@hengelo.example", "organisation": personas.hengelo.pk},
    )
    Event.objects.all().delete()
    path = link_path_in(last_mail_to("lotte@hengelo.example"))
    token = path.rstrip("/").rsplit("/", 1)[1]
    result = members.accept_invitation(token)
    event = only(Kind.JOINED)
    assert (event.member, event.source, event.organisation) == (
        result.member,
        Source.INVITATION,
        personas.hengelo,
    )
    assert Event.objects.count() == 1


def test_an_invitation_for_an_existing_member_is_one_login(client, personas):
    client.force_login(personas.community_manager)
    client.post(
        reverse("members:invite_members"),
        {"addresses": "lotte@hengelo.example", "organisation": personas.hengelo.pk},
    )
    token = link_path_in(last_mail_to("lotte@hengelo.example")).rstrip("/").rsplit("/", 1)[1]
    # Lotte registered herself meanwhile.
    lotte = members.create_member("lotte@hengelo.example", organisation=personas.hengelo)
    Event.objects.all().delete()
    members.accept_invitation(token)
    assert only(Kind.LOGGED_IN).member == lotte
    assert Event.objects.count() == 1


# --- Visits (the last-seen middleware) ---------------------------------------------------


def test_the_first_page_of_a_day_is_one_visit(client, personas):
    client.force_login(personas.member)
    client.get(reverse("themes:list"))
    client.get(reverse("themes:list"))
    assert only(Kind.VISITED).member == personas.member

    # Seen yesterday (and more than five minutes ago): today's first page is a new visit.
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Member.objects.filter(pk=personas.member.pk).update(last_seen=yesterday)
    client.get(reverse("themes:list"))
    client.get(reverse("themes:list"))
    visits = Event.objects.filter(kind=Kind.VISITED, member=personas.member)
    assert visits.count() == 2
    assert {e.organisation for e in visits} == {personas.hengelo}


def test_a_later_page_the_same_day_is_no_new_visit(client, personas):
    client.force_login(personas.member)
    client.get(reverse("themes:list"))
    # Past the five minutes of last_seen, but still today (unless the test runs at the
    # stroke of midnight: then a second visit is right).
    earlier = timezone.now() - datetime.timedelta(minutes=6)
    if timezone.localdate(earlier) != timezone.localdate():
        pytest.skip("too close to midnight")
    Member.objects.filter(pk=personas.member.pk).update(last_seen=earlier)
    client.get(reverse("themes:list"))
    assert Event.objects.filter(kind=Kind.VISITED).count() == 1


# --- Questions, answers, comments, helped ------------------------------------------------


def test_asking_answering_commenting_and_helped(personas):
    question = ask(personas)
    asked = only(Kind.ASKED)
    assert (asked.member, asked.organisation, asked.theme) == (
        personas.member,
        personas.hengelo,
        personas.youth_care,
    )
    answer = posts.answer_question(
        personas.other_org_member, question, body="Wij werken met een wachtlijstcoach."
    )
    answered = only(Kind.ANSWERED)
    assert (answered.member, answered.organisation, answered.theme) == (
        personas.other_org_member,
        personas.almelo,
        personas.youth_care,
    )
    posts.comment_on(personas.colleague, answer, body="Hoeveel uur per week is dat?")
    commented = only(Kind.COMMENTED)
    assert (commented.member, commented.theme) == (personas.colleague, personas.youth_care)

    posts.mark_helped(personas.member, answer, minutes=90)
    helped = only(Kind.HELPED)
    assert (helped.member, helped.organisation, helped.theme, helped.minutes) == (
        personas.member,
        personas.hengelo,
        personas.youth_care,
        90,
    )
    assert (helped.helper, helped.helper_organisation) == (
        personas.other_org_member,
        personas.almelo,
    )


def test_a_double_submit_is_one_event(personas):
    ask(personas, submit_key="abc")
    ask(personas, submit_key="abc")
    assert Event.objects.filter(kind=Kind.ASKED).count() == 1


def test_a_failed_action_writes_no_event(personas):
    question = ask(personas)
    answer = posts.answer_question(personas.colleague, question, body="Een antwoord.")
    posts.mark_helped(personas.member, answer)
    with pytest.raises(posts.PleinError):
        posts.mark_helped(personas.member, answer)
    assert Event.objects.filter(kind=Kind.HELPED).count() == 1


def test_an_anonymous_question_and_the_askers_replies_name_nobody(personas):
    author = personas.member
    question = ask(personas, anonymous=True)
    answer = posts.answer_question(personas.colleague, question, body="Probeer een coach.")
    reply = posts.answer_question(author, question, body="Dank, dat gaan we doen.")
    assert reply.is_anonymous
    posts.comment_on(author, answer, body="Hoe begonnen jullie?")
    posts.mark_helped(personas.other_org_member, answer, minutes=30)
    # The asker's own "this helped me" would say who asked: it is tied to nobody either.
    posts.mark_helped(author, answer, minutes=60)
    askers_report = Event.objects.get(kind=Kind.HELPED, minutes=60)
    assert (askers_report.member, askers_report.organisation) == (None, None)
    assert askers_report.helper == personas.colleague

    for kind in (Kind.ASKED, Kind.ANSWERED, Kind.COMMENTED):
        anonymous = Event.objects.filter(kind=kind, member__isnull=True)
        assert anonymous.count() == 1, kind
        event = anonymous.get()
        assert (event.organisation, event.theme) == (None, personas.youth_care)
    # Joost's named answer is his; nothing anywhere is Fatima's.
    assert Event.objects.filter(kind=Kind.ANSWERED, member=personas.colleague).exists()
    assert not Event.objects.filter(member=author).exists()
    assert not Event.objects.filter(helper=author).exists()


def test_help_from_the_anonymous_askers_reply_keeps_the_helper_out(personas):
    question = ask(personas, anonymous=True)
    reply = posts.answer_question(personas.member, question, body="Wat bij ons werkte: X.")
    assert reply.is_anonymous and reply.is_answer
    posts.mark_helped(personas.colleague, reply, minutes=15)
    helped = only(Kind.HELPED)
    assert (helped.member, helped.helper, helped.helper_organisation) == (
        personas.colleague,
        None,
        None,
    )
    assert helped.minutes == 15


# --- Stories, blog posts, ideas ----------------------------------------------------------


def test_a_story_its_comments_and_help_from_it(personas):
    post = story(personas)
    posted = only(Kind.POSTED_STORY)
    assert (posted.member, posted.organisation, posted.theme) == (
        personas.member,
        personas.hengelo,
        personas.prevention,
    )
    stories.comment_on(personas.colleague, post, "Herkenbaar, dank voor het delen.")
    assert only(Kind.COMMENTED).member == personas.colleague
    stories.mark_story_helped(personas.other_org_member, post, minutes=120)
    helped = only(Kind.HELPED)
    assert (helped.member, helped.organisation, helped.minutes, helped.theme) == (
        personas.other_org_member,
        personas.almelo,
        120,
        personas.prevention,
    )
    assert (helped.helper, helped.helper_organisation) == (personas.member, personas.hengelo)


def test_an_anonymous_story_and_help_from_it_name_nobody(personas):
    author = personas.member
    post = story(personas, anonymous=True)
    stories.comment_on(author, post, "Aanvulling van de schrijver.")
    stories.mark_story_helped(personas.colleague, post, minutes=45)
    posted = only(Kind.POSTED_STORY)
    assert (posted.member, posted.organisation, posted.theme) == (None, None, personas.prevention)
    commented = only(Kind.COMMENTED)
    assert (commented.member, commented.organisation) == (None, None)
    helped = only(Kind.HELPED)
    assert (helped.member, helped.minutes) == (personas.colleague, 45)
    assert (helped.helper, helped.helper_organisation) == (None, None)
    assert not Event.objects.filter(member=author).exists()
    assert not Event.objects.filter(helper=author).exists()


def test_a_blog_post_and_a_comment_on_it(personas):
    post = stories.write_blog_post(
        personas.colleague,
        theme=personas.prevention,
        title="Drie lessen over preventie",
        body="Preventie begint bij de wijk.",
    )
    blog = only(Kind.POSTED_BLOG)
    assert (blog.member, blog.organisation, blog.theme) == (
        personas.colleague,
        personas.hengelo,
        personas.prevention,
    )
    stories.comment_on(personas.other_org_member, post, "Mooi geschreven.")
    assert only(Kind.COMMENTED).member == personas.other_org_member


def test_posting_and_joining_an_idea(personas):
    idea = ideas.post_idea(
        personas.member,
        theme=personas.youth_care,
        title="Een gedeelde wachtlijstcoach",
        problem="Elke gemeente zoekt zelf een coach.",
        idea="Samen een coach aanstellen voor de regio.",
    )
    posted = only(Kind.POSTED_IDEA)
    assert (posted.member, posted.theme) == (personas.member, personas.youth_care)
    ideas.join_idea(personas.other_org_member, idea, brings="Ervaring met aanbesteden.")
    joined = only(Kind.JOINED_IDEA)
    assert (joined.member, joined.organisation, joined.theme) == (
        personas.other_org_member,
        personas.almelo,
        personas.youth_care,
    )


def test_a_post_in_a_circle_without_a_theme_counts_too(personas):
    circle = circles.start_circle(
        personas.member, name="Kring wachtlijsten", learning_goal="Een aanpak voor juni"
    )
    ask(personas, circle=circle)
    assert only(Kind.ASKED).member == personas.member


# --- The library -------------------------------------------------------------------------


def test_sharing_a_resource_and_reusing_it(personas):
    resource = share(personas, personas.other_org_member)
    shared = only(Kind.SHARED_RESOURCE)
    assert (shared.member, shared.organisation, shared.theme) == (
        personas.other_org_member,
        personas.almelo,
        personas.prevention,
    )
    library.mark_reused(personas.member, resource, minutes=240)  # type: ignore[arg-type]
    helped = only(Kind.HELPED)
    assert (helped.member, helped.organisation, helped.minutes, helped.theme) == (
        personas.member,
        personas.hengelo,
        240,
        personas.prevention,
    )
    assert (helped.helper, helped.helper_organisation) == (
        personas.other_org_member,
        personas.almelo,
    )


# --- Circles -----------------------------------------------------------------------------


def test_every_way_into_a_circle_is_one_joined_circle(personas):
    circle = circles.start_circle(
        personas.member,
        name="Kring preventie",
        learning_goal="Een aanpak voor juni",
        access=Circle.Access.OPEN,
        theme=personas.prevention,
    )
    # The host who starts a circle did not join one.
    assert not Event.objects.filter(kind=Kind.JOINED_CIRCLE).exists()
    circles.join_open_circle(personas.colleague, circle)
    joined = only(Kind.JOINED_CIRCLE)
    assert (joined.member, joined.theme) == (personas.colleague, personas.prevention)

    closed = circles.start_circle(
        personas.member, name="Kring gesloten", learning_goal="Een aanpak voor juni"
    )
    request = circles.request_to_join(personas.other_org_member, closed)
    circles.decide_request(personas.member, request, accept=True)
    token = circles.renew_invite_link(personas.member, closed)
    circles.join_by_invite_link(token, personas.community_manager)
    circles.join_by_invite_link(token, personas.community_manager)  # already in: nothing
    with TestCase.captureOnCommitCallbacks(execute=True):
        circles.invite_by_email(personas.member, closed, ["joost@hengelo.example"])
    body = str(last_mail_to("joost@hengelo.example").body)
    match = re.search(r"/circles/invitation/([A-Za-z0-9_\-]+)/", body)
    assert match
    circles.accept_invitation(match.group(1), personas.colleague)
    in_closed = Event.objects.filter(kind=Kind.JOINED_CIRCLE, theme__isnull=True)
    assert sorted(in_closed.values_list("member__email", flat=True)) == [
        "anouk@almelo.example",
        "cm@plein.example",
        "joost@hengelo.example",
    ]


def test_a_newcomer_through_a_circle_invitation_joins_the_community_too(personas):
    circle = circles.start_circle(
        personas.member, name="Kring nieuw", learning_goal="Een aanpak voor juni"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        circles.invite_by_email(personas.member, circle, ["nieuw@enschede.example"])
    body = str(last_mail_to("nieuw@enschede.example").body)
    match = re.search(r"/circles/invitation/([A-Za-z0-9_\-]+)/", body)
    assert match
    Event.objects.all().delete()
    accepted = circles.accept_invitation(match.group(1), None)
    newcomer = accepted.login.member
    assert only(Kind.JOINED).member == newcomer
    assert only(Kind.JOINED).source == Source.INVITATION
    assert only(Kind.JOINED_CIRCLE).member == newcomer
    assert Event.objects.count() == 2


# --- Gatherings --------------------------------------------------------------------------


def test_rsvp_once_per_sign_up_and_checked_in(personas):
    gathering = plan(personas.colleague, personas.prevention, capacity=1)
    gatherings.rsvp(personas.member, gathering, Rsvp.Status.GOING)
    gatherings.rsvp(personas.member, gathering, Rsvp.Status.GOING)  # no change
    event = only(Kind.RSVP)
    assert (event.member, event.organisation, event.theme) == (
        personas.member,
        personas.hengelo,
        personas.prevention,
    )
    # A place on the waiting list is a sign-up too; getting the seat later is not another.
    gatherings.rsvp(personas.other_org_member, gathering, Rsvp.Status.GOING)
    gatherings.rsvp(personas.member, gathering, Rsvp.Status.NOT_GOING)
    assert Rsvp.objects.get(member=personas.other_org_member).status == Rsvp.Status.GOING
    assert Event.objects.filter(kind=Kind.RSVP).count() == 2
    gatherings.rsvp(personas.colleague, gathering, Rsvp.Status.MAYBE)
    assert Event.objects.filter(kind=Kind.RSVP).count() == 2

    door.check_in(gathering, personas.other_org_member, method=CheckIn.Method.MEMBER)
    door.check_in(gathering, personas.other_org_member, method=CheckIn.Method.MEMBER)
    checked = only(Kind.CHECKED_IN)
    assert (checked.member, checked.organisation, checked.theme) == (
        personas.other_org_member,
        personas.almelo,
        personas.prevention,
    )


# --- Goals -------------------------------------------------------------------------------


def test_a_goal_check_in_says_only_that_someone_checked_in(personas):
    goal = goals.set_goal(
        personas.member,
        text="Leren hoe andere gemeenten vroegsignalering organiseren",
        due=timezone.localdate() + datetime.timedelta(days=60),
    )
    goals.check_in(personas.member, goal, learned="Enschede werkt met wijkteams.")
    event = only(Kind.GOAL_CHECKIN)
    assert (event.member, event.organisation, event.theme) == (
        personas.member,
        personas.hengelo,
        None,
    )


def test_a_hosts_progress_note_is_a_goal_check_in(personas):
    circle = circles.start_circle(
        personas.member,
        name="Kring preventie",
        learning_goal="Een aanpak voor juni",
        theme=personas.prevention,
    )
    circles.add_progress_note(personas.member, circle, body="We hebben drie scholen gesproken.")
    event = only(Kind.GOAL_CHECKIN)
    assert (event.member, event.theme) == (personas.member, personas.prevention)


def test_no_event_outside_the_ones_above(personas):
    # Reading, editing and deleting are not events.
    question = ask(personas)
    posts.edit_question(
        personas.member,
        question,
        title="Hoe korten jullie de wachtlijst in, regionaal?",
        body=question.body,
        theme=personas.youth_care,
        confirmed_privacy=False,
    )
    answer = posts.answer_question(personas.colleague, question, body="Met een coach.")
    posts.delete_reply(personas.colleague, Reply.objects.get(pk=answer.pk))
    kinds = sorted(Event.objects.values_list("kind", flat=True))
    assert kinds == [Kind.ANSWERED, Kind.ASKED]


def test_mail_is_not_needed_for_events(personas):
    # Events are written in the action's transaction, not after the commit like mails.
    mail.outbox.clear()
    ask(personas)
    assert Event.objects.filter(kind=Kind.ASKED).exists()


def test_a_visit_costs_one_insert_and_a_later_page_nothing(
    client, personas, django_assert_num_queries
):
    client.force_login(personas.member)
    client.get(reverse("themes:list"))
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Member.objects.filter(pk=personas.member.pk).update(last_seen=yesterday)
    # 1 session, 2 member, 3 last_seen, 4 the visit, 5 themes, 6 unread notifications
    with django_assert_num_queries(6):
        client.get(reverse("themes:list"))
    # 1 session, 2 member, 3 themes, 4 unread notifications
    with django_assert_num_queries(4):
        client.get(reverse("themes:list"))
