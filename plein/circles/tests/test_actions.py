"""The circle actions: each rule, and each bad input with a clear message."""

import datetime

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from plein.circles import actions
from plein.circles.models import Circle, CircleInvitation, JoinRequest, Membership
from plein.circles.tests.helpers import circle_with, start
from plein.core.errors import NotAllowed, PleinError
from plein.core.privacy import PrivacyBlocked, PrivacyWarning
from plein.members.models import Member
from plein.notify.models import Notification

pytestmark = pytest.mark.django_db

CLOSED, OPEN, SECRET = Circle.Access.CLOSED, Circle.Access.OPEN, Circle.Access.SECRET
TOKEN_IN_MAIL = r"/circles/invitation/([A-Za-z0-9_\-]+)/"


def roles(circle: Circle) -> dict[str, str]:
    return dict(Membership.objects.filter(circle=circle).values_list("member__email", "role"))


def count(circle: Circle) -> int:
    circle.refresh_from_db()
    assert circle.member_count == Membership.objects.filter(circle=circle).count()
    return circle.member_count


# --- Starting and changing -----------------------------------------------------------------


def test_the_starter_becomes_host_and_the_count_is_kept(personas):
    circle = start(personas.member, learning_goal="  Een   gedeelde aanpak  ")
    assert roles(circle) == {"fatima@hengelo.example": "host"}
    assert count(circle) == 1
    assert circle.access == CLOSED and circle.learning_goal == "Een gedeelde aanpak"
    assert circle.created_by == personas.member


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"learning_goal": ""}, "learning_goal"),
        ({"learning_goal": "x" * 301}, "learning_goal"),
        ({"description": "x" * 2001}, "description"),
        ({"access": "public"}, "access"),
        ({"goal_due": datetime.date(2020, 1, 1)}, "goal_due"),
        ({"invite_emails": ["not an address"]}, "invite_emails"),
        ({"invite_emails": [f"p{i}@x.example" for i in range(31)]}, "invite_emails"),
    ],
)
def test_bad_input_when_starting_names_the_field(personas, changes, field):
    kw = {"name": "Kring", "learning_goal": "Iets leren", **changes}
    with pytest.raises(actions.InvalidField) as caught:
        actions.start_circle(personas.member, **kw)
    assert caught.value.field == field and caught.value.message
    assert not Circle.objects.exists()


def test_the_privacy_guard_reads_name_goal_and_description(personas):
    with pytest.raises(PrivacyBlocked):
        actions.start_circle(personas.member, name="Kring", learning_goal="BSN 111222333")
    with pytest.raises(PrivacyWarning):
        actions.start_circle(
            personas.member, name="Kring", learning_goal="Leren", description="Bel 0612345678"
        )
    actions.start_circle(
        personas.member,
        name="Kring",
        learning_goal="Leren",
        description="Bel 0612345678",
        confirmed_privacy=True,
    )


def test_starting_with_invites_mails_each_colleague(personas):
    start(personas.member, invite_emails=["joost@hengelo.example", "nieuw@enschede.example"])
    assert sorted(m.to[0] for m in mail.outbox) == [
        "joost@hengelo.example",
        "nieuw@enschede.example",
    ]
    newcomer = next(m for m in mail.outbox if m.to == ["nieuw@enschede.example"])
    assert "/circles/invitation/" in newcomer.body
    assert "member of the community too" in newcomer.body


def test_only_hosts_change_a_circle_and_a_past_date_may_stay(personas):
    circle = circle_with(personas)
    with pytest.raises(NotAllowed):
        actions.update_circle(personas.colleague, circle, name="X", learning_goal="Y", access=OPEN)
    Circle.objects.filter(pk=circle.pk).update(goal_due=datetime.date(2020, 1, 1))
    circle.refresh_from_db()
    actions.update_circle(
        personas.member,
        circle,
        name="Nieuwe naam",
        learning_goal="Y",
        access=OPEN,
        goal_due=circle.goal_due,
    )
    circle.refresh_from_db()
    assert (circle.name, circle.access) == ("Nieuwe naam", OPEN)


def test_a_secret_circle_is_not_found_for_an_outsider_acting_as_host(personas):
    circle = start(personas.member, SECRET)
    with pytest.raises(actions.CircleNotFound):
        actions.update_circle(
            personas.other_org_member, circle, name="X", learning_goal="Y", access=OPEN
        )


# --- Joining and asking ---------------------------------------------------------------------


def test_anyone_joins_an_open_circle_once(personas):
    circle = start(personas.member, OPEN)
    actions.join_open_circle(personas.other_org_member, circle)
    assert count(circle) == 2
    with pytest.raises(PleinError, match="already a member"):
        actions.join_open_circle(personas.other_org_member, circle)
    assert count(circle) == 2


def test_a_closed_circle_cannot_be_joined_directly(personas):
    circle = start(personas.member, CLOSED)
    with pytest.raises(NotAllowed):
        actions.join_open_circle(personas.other_org_member, circle)


def test_a_secret_circle_behaves_as_not_found(personas):
    circle = start(personas.member, SECRET)
    for act in (
        lambda: actions.join_open_circle(personas.other_org_member, circle),
        lambda: actions.request_to_join(personas.other_org_member, circle),
    ):
        with pytest.raises(actions.CircleNotFound) as caught:
            act()
        assert caught.value.status_code == 404
    assert not JoinRequest.objects.exists()


def test_a_request_tells_each_host_and_cannot_be_made_twice(personas):
    circle = circle_with(personas)
    actions.make_host(personas.member, circle, personas.colleague)
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.request_to_join(personas.other_org_member, circle, message="Mag ik erbij?")
    notes = Notification.objects.filter(kind=Notification.Kind.JOIN_REQUEST, circle=circle)
    assert {n.recipient for n in notes} == {personas.member, personas.colleague}
    assert {n.message for n in notes} == {"Mag ik erbij?"}
    with pytest.raises(PleinError, match="already asked"):
        actions.request_to_join(personas.other_org_member, circle)
    assert JoinRequest.objects.filter(status="pending").count() == 1


def test_requests_for_open_circles_and_by_members_are_refused(personas):
    open_circle = start(personas.member, OPEN)
    with pytest.raises(PleinError, match="open"):
        actions.request_to_join(personas.other_org_member, open_circle)
    closed = circle_with(personas)
    with pytest.raises(PleinError, match="already a member"):
        actions.request_to_join(personas.colleague, closed)
    with pytest.raises(PleinError):
        actions.request_to_join(personas.other_org_member, closed, message="x" * 501)
    with pytest.raises(PrivacyBlocked):
        actions.request_to_join(personas.other_org_member, closed, message="BSN 111222333")


def test_a_host_lets_in_and_the_member_is_told(personas):
    circle = circle_with(personas)
    join_request = actions.request_to_join(personas.other_org_member, circle)
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.decide_request(personas.member, join_request, accept=True)
    assert roles(circle)["anouk@almelo.example"] == "member"
    assert count(circle) == 3
    assert Notification.objects.filter(
        recipient=personas.other_org_member, kind=Notification.Kind.CIRCLE_JOINED
    ).exists()
    with pytest.raises(PleinError, match="already answered"):
        actions.decide_request(personas.member, join_request, accept=False)


def test_a_declined_member_may_ask_again(personas):
    circle = circle_with(personas)
    first = actions.request_to_join(personas.other_org_member, circle)
    actions.decide_request(personas.member, first, accept=False)
    assert "anouk@almelo.example" not in roles(circle)
    actions.request_to_join(personas.other_org_member, circle, message="Nog een keer")


def test_only_hosts_decide(personas):
    circle = circle_with(personas)
    join_request = actions.request_to_join(personas.other_org_member, circle)
    for not_host in (personas.colleague, personas.other_org_member):
        with pytest.raises(NotAllowed):
            actions.decide_request(not_host, join_request, accept=True)
    assert JoinRequest.objects.get().status == "pending"


def test_withdrawing_a_request(personas):
    circle = circle_with(personas)
    join_request = actions.request_to_join(personas.other_org_member, circle)
    with pytest.raises(NotAllowed):
        actions.withdraw_request(personas.colleague, join_request)
    actions.withdraw_request(personas.other_org_member, join_request)
    with pytest.raises(PleinError, match="already answered or withdrawn"):
        actions.decide_request(personas.member, join_request, accept=True)
    with pytest.raises(PleinError, match="already answered or withdrawn"):
        actions.withdraw_request(personas.other_org_member, join_request)


# --- Invitations ---------------------------------------------------------------------------


def _token_from_last_mail(address: str) -> str:
    import re

    body = str([m for m in mail.outbox if address in m.to][-1].body)
    match = re.search(TOKEN_IN_MAIL, body)
    assert match
    return match.group(1)


def test_an_invited_member_accepts_and_joins(personas):
    circle = circle_with(personas, SECRET)
    with TestCase.captureOnCommitCallbacks(execute=True):
        outcome = actions.invite_by_email(
            personas.member,
            circle,
            ["Anouk@Almelo.example", "joost@hengelo.example"],
            message="Welkom!",
        )
    assert outcome.invited == ["anouk@almelo.example"]
    assert outcome.already_members == ["joost@hengelo.example"]
    token = _token_from_last_mail("anouk@almelo.example")
    assert "Welkom!" in mail.outbox[-1].body
    assert CircleInvitation.objects.get().token_hash != token  # only a hash is kept
    accepted = actions.accept_invitation(token, personas.other_org_member)
    assert accepted.circle == circle and not accepted.login.is_new
    assert roles(circle)["anouk@almelo.example"] == "member"
    with pytest.raises(actions.InviteInvalid, match="already been used"):
        actions.accept_invitation(token, personas.other_org_member)


def test_an_invite_for_someone_else_is_refused_with_the_address(personas):
    circle = circle_with(personas)
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.invite_by_email(personas.member, circle, ["anouk@almelo.example"])
    token = _token_from_last_mail("anouk@almelo.example")
    with pytest.raises(actions.InviteInvalid, match=r"anouk@almelo\.example"):
        actions.accept_invitation(token, personas.community_manager)
    assert "cm@plein.example" not in roles(circle)


def test_a_newcomer_joins_the_community_through_a_circle_invite(personas):
    circle = circle_with(personas)
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.invite_by_email(personas.member, circle, ["nieuw@enschede.example"])
    token = _token_from_last_mail("nieuw@enschede.example")
    accepted = actions.accept_invitation(token, None)
    newcomer = Member.objects.get(email="nieuw@enschede.example")
    assert accepted.login.member == newcomer and accepted.login.is_new
    assert accepted.login.next_url == circle.get_absolute_url()
    assert roles(circle)["nieuw@enschede.example"] == "member"


def test_expired_replaced_and_forged_invites_say_why(personas):
    circle = circle_with(personas)
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.invite_by_email(personas.member, circle, ["anouk@almelo.example"])
    old = _token_from_last_mail("anouk@almelo.example")
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.invite_by_email(personas.member, circle, ["anouk@almelo.example"])
    new = _token_from_last_mail("anouk@almelo.example")
    with pytest.raises(actions.InviteInvalid, match="replaced by a newer one"):
        actions.accept_invitation(old, personas.other_org_member)
    with pytest.raises(actions.InviteInvalid, match="not valid"):
        actions.accept_invitation("forged", personas.other_org_member)
    CircleInvitation.objects.update(expires_at=timezone.now())
    with pytest.raises(actions.InviteInvalid, match="expired"):
        actions.accept_invitation(new, personas.other_org_member)


def test_only_hosts_invite(personas):
    circle = circle_with(personas)
    with pytest.raises(NotAllowed):
        actions.invite_by_email(personas.colleague, circle, ["x@y.example"])
    with pytest.raises(actions.InvalidField):
        actions.invite_by_email(personas.member, circle, [])


def test_the_invite_link_can_be_renewed_and_switched_off(personas):
    circle = circle_with(personas)
    first = actions.renew_invite_link(personas.member, circle)
    second = actions.renew_invite_link(personas.member, circle)
    with pytest.raises(actions.InviteInvalid, match="no longer works"):
        actions.join_by_invite_link(first, personas.other_org_member)
    assert actions.join_by_invite_link(second, personas.other_org_member) == circle
    assert actions.join_by_invite_link(second, personas.other_org_member) == circle  # twice: fine
    assert count(circle) == 3
    actions.disable_invite_link(personas.member, circle)
    with pytest.raises(actions.InviteInvalid):
        actions.join_by_invite_link(second, personas.community_manager)
    with pytest.raises(actions.InviteInvalid):
        actions.join_by_invite_link("", personas.community_manager)
    with pytest.raises(NotAllowed):
        actions.renew_invite_link(personas.colleague, circle)


# --- Removing, leaving, hosts, notes ------------------------------------------------------------


def test_a_host_removes_a_member_and_their_open_invites(personas):
    circle = circle_with(personas)
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.invite_by_email(personas.member, circle, ["joost@hengelo.example"])
    actions.remove_member(personas.member, circle, personas.colleague)
    assert "joost@hengelo.example" not in roles(circle)
    assert count(circle) == 1
    with pytest.raises(PleinError, match="not a member"):
        actions.remove_member(personas.member, circle, personas.colleague)
    with pytest.raises(PleinError, match="Leave this circle"):
        actions.remove_member(personas.member, circle, personas.member)


def test_members_cannot_remove_each_other(personas):
    circle = circle_with(personas)
    with pytest.raises(NotAllowed):
        actions.remove_member(personas.colleague, circle, personas.member)


def test_the_last_host_names_another_before_leaving(personas):
    circle = circle_with(personas)
    with pytest.raises(actions.InvalidField, match="last host"):
        actions.leave_circle(personas.member, circle)
    with pytest.raises(actions.InvalidField, match="must be a member"):
        actions.leave_circle(personas.member, circle, new_host=personas.other_org_member)
    actions.leave_circle(personas.member, circle, new_host=personas.colleague)
    assert roles(circle) == {"joost@hengelo.example": "host"}
    assert count(circle) == 1
    with pytest.raises(PleinError, match="only member"):
        actions.leave_circle(personas.colleague, circle)
    with pytest.raises(PleinError, match="not a member"):
        actions.leave_circle(personas.member, circle)


def test_a_member_leaves_and_a_second_host_leaves_freely(personas):
    circle = circle_with(personas)
    actions.make_host(personas.member, circle, personas.colleague)
    actions.leave_circle(personas.colleague, circle)
    assert roles(circle) == {"fatima@hengelo.example": "host"}
    with pytest.raises(PleinError, match="Only members"):
        actions.make_host(personas.member, circle, personas.other_org_member)


def test_progress_notes_are_for_hosts_and_guarded(personas):
    circle = circle_with(personas)
    note = actions.add_progress_note(personas.member, circle, body="We hebben **drie** scholen.")
    assert "<strong>drie</strong>" in note.body_html
    with pytest.raises(NotAllowed):
        actions.add_progress_note(personas.colleague, circle, body="Ik ook")
    with pytest.raises(actions.InvalidField):
        actions.add_progress_note(personas.member, circle, body="  ")
    with pytest.raises(PrivacyBlocked):
        actions.add_progress_note(personas.member, circle, body="BSN 111222333")
