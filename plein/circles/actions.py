"""Every write about circles: starting and changing one, joining (open), asking to join
(closed), invitations by e-mail and by link, hosts deciding, removing, leaving, and the
hosts' progress notes. Views, the demo data and (later) the API all come through here.

Each action checks who may do it, runs the privacy guard over what members type, writes in
one transaction and schedules its mails and notifications for after the commit.

A secret circle does not exist for someone who is not in it: actions raise CircleNotFound
(404) for it, never NotAllowed (403), so a guessed id tells nothing."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.circles.models import Circle, CircleInvitation, JoinRequest, Membership, ProgressNote
from plein.core.errors import InvalidField, NotAllowed, NotFound, PleinError
from plein.core.invitations import (
    INVITATION_VALID_DAYS,
    InviteInvalid,
    Refusals,
    current_language,
    find_by_token,
    hash_token,
    invitation_expires_at,
    new_link_token,
    new_token,
    recipient_language,
)
from plein.core.mail import absolute_url, send_templated_mail
from plein.core.markdown import render_markdown
from plein.core.privacy import guard
from plein.goals.actions import CIRCLE as CIRCLE_CHECKIN
from plein.goals.actions import BadCheckInLink, read_checkin
from plein.goals.models import CHECKIN_EVERY
from plein.insights.events import record
from plein.insights.models import Event
from plein.members.actions import LoginResult, parse_addresses
from plein.members.models import Member, normalise_email
from plein.notify.actions import notify
from plein.notify.models import Notification
from plein.search.index import schedule_circle_index
from plein.themes.models import Theme

if TYPE_CHECKING:
    from plein.gatherings.models import Gathering

logger = logging.getLogger("plein.circles")

NAME_MAX = 120
DESCRIPTION_MAX = 2000
GOAL_MAX = 300
NOTE_MAX = 2000
MESSAGE_MAX = 500
# One invite round: a small circle is 3 to 8 people; a few more for a bigger open one.
INVITES_MAX = 30


# The circle does not exist for this member (a secret circle they are not in). The name
# the circle code and its tests use for core's NotFound.
CircleNotFound = NotFound


@dataclass
class InviteOutcome:
    invited: list[str] = field(default_factory=list)
    already_members: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Texts:
    name: str
    description: str
    learning_goal: str


# --- Helpers -----------------------------------------------------------------------------


def _require_member(member: Member) -> None:
    if not member.is_active:
        raise NotAllowed(_("Log in to take part."))


def membership_of(circle: Circle, member: Member) -> Membership | None:
    return Membership.objects.filter(circle=circle, member=member).first()


def _require_host(member: Member, circle: Circle) -> Membership:
    _require_member(member)
    membership = membership_of(circle, member)
    if membership is None or not membership.is_host:
        if circle.is_secret and membership is None and not member.is_community_manager:
            raise CircleNotFound(_("This circle does not exist or you are not a member."))
        raise NotAllowed(_("Only the hosts of this circle can do this."))
    return membership


def _require_visible(member: Member, circle: Circle) -> None:
    if not Circle.objects.visible_to(member).filter(pk=circle.pk).exists():
        raise CircleNotFound(_("This circle does not exist or you are not a member."))


def _clean_texts(name: str, description: str, learning_goal: str) -> _Texts:
    name = " ".join(name.split())
    if not name:
        raise InvalidField("name", _("Give the circle a name."))
    if len(name) > NAME_MAX:
        raise InvalidField("name", _("Keep the name under %(max)d characters.") % {"max": NAME_MAX})
    learning_goal = " ".join(learning_goal.split())
    if not learning_goal:
        raise InvalidField(
            "learning_goal",
            _("Write down what the circle wants to learn, as specifically as you can."),
        )
    if len(learning_goal) > GOAL_MAX:
        raise InvalidField(
            "learning_goal",
            _("Keep the learning goal under %(max)d characters; say more in the description.")
            % {"max": GOAL_MAX},
        )
    description = description.strip()
    if len(description) > DESCRIPTION_MAX:
        raise InvalidField(
            "description",
            _("The description is longer than %(max)d characters. Shorten it a little.")
            % {"max": DESCRIPTION_MAX},
        )
    return _Texts(name, description, learning_goal)


def _check_access(access: str) -> str:
    if access not in Circle.Access.values:
        raise InvalidField("access", _("Choose who can join: open, closed or secret."))
    return access


def _check_due(goal_due: date | None, *, unchanged: date | None = None) -> date | None:
    # A date already on the circle may lie in the past (the goal was due); a new one not.
    if goal_due is not None and goal_due != unchanged and goal_due < timezone.localdate():
        raise InvalidField("goal_due", _("Choose a date in the future for the learning goal."))
    return goal_due


def _clean_addresses(emails: Sequence[str]) -> list[str]:
    valid, invalid = parse_addresses(",".join(emails))
    if invalid:
        raise InvalidField(
            "invite_emails",
            _("These are not e-mail addresses: %(addresses)s") % {"addresses": ", ".join(invalid)},
        )
    if len(valid) > INVITES_MAX:
        raise InvalidField(
            "invite_emails",
            _("Invite at most %(max)d people at a time.") % {"max": INVITES_MAX},
        )
    return valid


def _add_member(circle: Circle, member: Member, *, role: str = Membership.Role.MEMBER) -> bool:
    """Make `member` a member of `circle` (in the caller's transaction). False when they
    already were one."""
    try:
        with transaction.atomic():
            Membership.objects.create(circle=circle, member=member, role=role)
    except IntegrityError:
        return False
    Circle.objects.filter(pk=circle.pk).update(member_count=F("member_count") + 1)
    # Whatever else was waiting for this member is settled by their joining.
    now = timezone.now()
    JoinRequest.objects.filter(
        circle=circle, member=member, status=JoinRequest.Status.PENDING
    ).update(status=JoinRequest.Status.ACCEPTED, decided_at=now)
    if role == Membership.Role.MEMBER:
        # Every way in (open, invite, link, approval) comes through here; the host who
        # starts a circle did not join one.
        record(Event.Kind.JOINED_CIRCLE, member, theme_id=circle.theme_id)
    return True


def _drop_member(circle: Circle, membership: Membership) -> None:
    membership.delete()
    Circle.objects.filter(pk=circle.pk, member_count__gt=0).update(
        member_count=F("member_count") - 1
    )


def _hosts(circle: Circle) -> list[Member]:
    return [
        m.member
        for m in Membership.objects.filter(circle=circle, role=Membership.Role.HOST)
        .select_related("member")
        .order_by("joined_at", "id")
    ]


# --- Starting and changing a circle ------------------------------------------------------


def start_circle(
    host: Member,
    *,
    name: str,
    learning_goal: str,
    description: str = "",
    access: str = Circle.Access.CLOSED,
    goal_due: date | None = None,
    theme: Theme | None = None,
    invite_emails: Sequence[str] = (),
    message: str = "",
    confirmed_privacy: bool = False,
) -> Circle:
    """Start a circle with `host` as its first host, and invite people by e-mail at once."""
    _require_member(host)
    texts = _clean_texts(name, description, learning_goal)
    access = _check_access(access)
    goal_due = _check_due(goal_due)
    addresses = _clean_addresses(invite_emails)
    guard(texts.name, texts.description, texts.learning_goal, message, confirmed=confirmed_privacy)
    with transaction.atomic():
        circle = Circle.objects.create(
            name=texts.name,
            description=texts.description,
            access=access,
            learning_goal=texts.learning_goal,
            goal_due=goal_due,
            theme=theme,
            created_by=host,
            next_checkin_at=timezone.now() + CHECKIN_EVERY,
        )
        _add_member(circle, host, role=Membership.Role.HOST)
        circle.member_count = 1
        schedule_circle_index(circle.pk)
        if addresses:
            _invite(host, circle, addresses, message=message)
    return circle


def update_circle(
    host: Member,
    circle: Circle,
    *,
    name: str,
    learning_goal: str,
    description: str = "",
    access: str,
    goal_due: date | None = None,
    theme: Theme | None = None,
    confirmed_privacy: bool = False,
) -> Circle:
    _require_host(host, circle)
    texts = _clean_texts(name, description, learning_goal)
    access = _check_access(access)
    goal_due = _check_due(goal_due, unchanged=circle.goal_due)
    guard(texts.name, texts.description, texts.learning_goal, confirmed=confirmed_privacy)
    before_goal = circle.learning_goal
    circle.name, circle.description, circle.learning_goal = (
        texts.name,
        texts.description,
        texts.learning_goal,
    )
    goal_changed = (texts.learning_goal, goal_due) != (before_goal, circle.goal_due)
    access_changed = access != circle.access
    circle.access, circle.goal_due, circle.theme = access, goal_due, theme
    if goal_changed:
        circle.goal_adjusted_at = timezone.now()
    with transaction.atomic():
        circle.save(
            update_fields=[
                "name",
                "description",
                "learning_goal",
                "access",
                "goal_due",
                "theme",
                "goal_adjusted_at",
            ]
        )
        # Who may find the circle's content depends on its access.
        schedule_circle_index(circle.pk, with_content=access_changed)
    return circle


def add_progress_note(
    host: Member, circle: Circle, *, body: str, confirmed_privacy: bool = False
) -> ProgressNote:
    """A host's note on the way to the learning goal (a check-in), shown under the goal."""
    _require_host(host, circle)
    body = body.strip()
    if not body:
        raise InvalidField("body", _("Write what the circle learned or did first."))
    if len(body) > NOTE_MAX:
        raise InvalidField(
            "body",
            _("This text is longer than %(max)d characters. Shorten it a little.")
            % {"max": NOTE_MAX},
        )
    guard(body, confirmed=confirmed_privacy)
    now = timezone.now()
    with transaction.atomic():
        note = ProgressNote.objects.create(
            circle=circle, author=host, body=body, body_html=render_markdown(body), created_at=now
        )
        # A note is the circle's check-in: the hosts are next asked two weeks from now.
        circle.next_checkin_at = now + CHECKIN_EVERY
        circle.save(update_fields=["next_checkin_at"])
        record(Event.Kind.GOAL_CHECKIN, host, theme_id=circle.theme_id, at=now)
    return note


def reach_goal(host: Member, circle: Circle) -> Circle:
    """A host marks the circle's learning goal reached: the page says so and the
    two-weekly requests for a progress note stop. The learning log stays."""
    _require_host(host, circle)
    if circle.goal_is_active:
        circle.goal_reached_at = timezone.now()
        circle.save(update_fields=["goal_reached_at"])
    return circle


def reopen_goal(host: Member, circle: Circle) -> Circle:
    """A host takes a reached goal up again; the next request comes in two weeks."""
    _require_host(host, circle)
    if not circle.goal_is_active:
        circle.goal_reached_at = None
        circle.next_checkin_at = timezone.now() + CHECKIN_EVERY
        circle.save(update_fields=["goal_reached_at", "next_checkin_at"])
    return circle


def circle_for_note_link(token: str, host: Member, pk: int) -> Circle:
    """The circle behind the link in a progress-note reminder, for the logged-in `host`:
    the signed link of the personal goals (plein.goals.actions.read_checkin), for the
    kind "circle". Forged, expired or mismatched: BadCheckInLink (400); mailed to someone
    else, or the member no longer hosts the circle: NotAllowed (403)."""
    read_checkin(token, host, kind=CIRCLE_CHECKIN, pk=pk)
    circle = Circle.objects.filter(pk=pk).first()
    if circle is None:
        raise BadCheckInLink(_("This circle no longer exists."))
    _require_host(host, circle)
    return circle


# --- Joining ----------------------------------------------------------------------------


def join_open_circle(member: Member, circle: Circle) -> Membership:
    _require_member(member)
    _require_visible(member, circle)
    if not circle.is_open:
        raise NotAllowed(_("This circle is closed: ask the hosts to let you in."))
    with transaction.atomic():
        if not _add_member(circle, member):
            raise PleinError(_("You are already a member of this circle."))
    return Membership.objects.get(circle=circle, member=member)


def request_to_join(member: Member, circle: Circle, *, message: str = "") -> JoinRequest:
    """Ask the hosts of a closed circle to let you in; each host is told."""
    _require_member(member)
    _require_visible(member, circle)
    if circle.is_secret:
        # Only its members see a secret circle, and they need not ask.
        raise CircleNotFound(_("This circle does not exist or you are not a member."))
    if circle.is_open:
        raise PleinError(_("This circle is open: you can join it right away."))
    if membership_of(circle, member) is not None:
        raise PleinError(_("You are already a member of this circle."))
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise InvalidField(
            "message",
            _("Keep your message under %(max)d characters.") % {"max": MESSAGE_MAX},
        )
    guard(message, confirmed=True)  # a BSN still blocks; warnings need no second step here
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(circle=circle, member=member, message=message)
            for host in _hosts(circle):
                notify(host, Notification.Kind.JOIN_REQUEST, circle=circle, message=message)
    except IntegrityError as error:
        raise PleinError(
            _("You already asked to join this circle. The hosts will answer soon.")
        ) from error
    return join_request


def withdraw_request(member: Member, join_request: JoinRequest) -> None:
    if join_request.member_id != member.pk:
        raise NotAllowed(_("Only the member who asked can withdraw this request."))
    with transaction.atomic():
        changed = JoinRequest.objects.filter(
            pk=join_request.pk, status=JoinRequest.Status.PENDING
        ).update(status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now())
    if not changed:
        raise PleinError(_("This request was already answered or withdrawn."))
    join_request.status = JoinRequest.Status.WITHDRAWN


def decide_request(host: Member, join_request: JoinRequest, *, accept: bool) -> None:
    """A host lets the member in (they are told) or declines."""
    circle = join_request.circle
    _require_host(host, circle)
    status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    with transaction.atomic():
        # Conditional: two hosts deciding at once, or the member withdrawing meanwhile.
        changed = JoinRequest.objects.filter(
            pk=join_request.pk, status=JoinRequest.Status.PENDING
        ).update(status=status, decided_at=timezone.now())
        if not changed:
            raise PleinError(_("This request was already answered or withdrawn."))
        if accept:
            member = join_request.member
            if not member.is_active:
                raise PleinError(_("This member's account has been closed."))
            if _add_member(circle, member):
                notify(member, Notification.Kind.CIRCLE_JOINED, circle=circle)
    join_request.status = status


# --- Invitations by e-mail ----------------------------------------------------------------


def invite_by_email(
    host: Member, circle: Circle, emails: Sequence[str], *, message: str = ""
) -> InviteOutcome:
    """Mail each address a personal link to the circle. Someone who is not in the
    community yet joins it by following the link (the mail proves the address). Members of
    the circle are reported, not mailed; an earlier open invite to the same address is
    replaced."""
    _require_host(host, circle)
    addresses = _clean_addresses(emails)
    if not addresses:
        raise InvalidField("emails", _("Enter at least one e-mail address."))
    message = message.strip()[:MESSAGE_MAX]
    guard(message, confirmed=True)
    with transaction.atomic():
        return _invite(host, circle, addresses, message=message)


def _invite(host: Member, circle: Circle, addresses: list[str], *, message: str) -> InviteOutcome:
    outcome = InviteOutcome()
    inside = set(
        Membership.objects.filter(circle=circle, member__email__in=addresses).values_list(
            "member__email", flat=True
        )
    )
    known = dict(
        Member.objects.filter(email__in=addresses, is_active=True).values_list(
            "email", "preferred_language"
        )
    )
    now = timezone.now()
    for email in addresses:
        if email in inside:
            outcome.already_members.append(email)
            continue
        CircleInvitation.objects.filter(
            circle=circle, email=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        token = new_token()
        CircleInvitation.objects.create(
            circle=circle,
            email=email,
            invited_by=host,
            token_hash=hash_token(token),
            expires_at=invitation_expires_at(now),
        )
        context = {
            "inviter": host,
            "circle": circle,
            "message": message,
            "is_member": email in known,
            "link": absolute_url(reverse("circles:invitation", kwargs={"token": token})),
            "days": INVITATION_VALID_DAYS,
        }
        transaction.on_commit(
            partial(
                send_templated_mail,
                "circles/email/invitation",
                to=email,
                context=context,
                # A newcomer reads it in the language the host invited them in.
                language=recipient_language(known.get(email)),
            )
        )
        outcome.invited.append(email)
    return outcome


def find_invitation(token: str) -> CircleInvitation:
    return find_by_token(
        CircleInvitation.objects.select_related("circle", "invited_by"),
        token,
        Refusals(
            unknown=_("This invite link is not valid. Check that you copied all of it."),
            used=_(
                "This invite has already been used. Log in to find the circle on your start page."
            ),
            replaced=_("This invite was replaced by a newer one. Use the link in the latest mail."),
            expired=_("This invite has expired. Ask a host of the circle for a new one."),
        ),
    )


@dataclass
class Accepted:
    circle: Circle
    login: LoginResult


def accept_invitation(token: str, member: Member | None) -> Accepted:
    """Follow a circle invitation. A logged-in member must be the invited address; without
    a login the mail proved the address, so its member is logged in (and someone new joins
    the community) as with a personal invite to the community."""
    with transaction.atomic():
        invitation = find_invitation(token)
        if member is not None and normalise_email(member.email) != invitation.email:
            raise InviteInvalid(
                _(
                    "This invite was sent to %(email)s. Log out and open the link again to "
                    "join with that address."
                )
                % {"email": invitation.email}
            )
        used = CircleInvitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(accepted_at=timezone.now())
        if not used:
            raise InviteInvalid(_("This invite has already been used."))
        is_new = False
        if member is None:
            member = Member.objects.get_by_email(invitation.email)
            if member is None:
                member = Member.objects.create_user(
                    invitation.email, preferred_language=current_language()
                )
                is_new = True
                logger.info("New member %s joined through a circle invite", member.pk)
                record(Event.Kind.JOINED, member, source=Event.Source.INVITATION)
            elif member.is_active:
                # The mail logs them in (the view does): one login, one event.
                record(Event.Kind.LOGGED_IN, member)
        if not member.is_active:
            raise InviteInvalid(_("This account has been closed. Contact the community manager."))
        _add_member(invitation.circle, member)
    next_url = invitation.circle.get_absolute_url()
    return Accepted(
        circle=invitation.circle,
        login=LoginResult(member=member, next_url=next_url, is_new=is_new),
    )


# --- The circle's invite link -------------------------------------------------------------


def renew_invite_link(host: Member, circle: Circle) -> str:
    """A new link for the circle; the old one stops working. Returns the token."""
    _require_host(host, circle)
    circle.invite_token = new_link_token()
    with transaction.atomic():
        circle.save(update_fields=["invite_token"])
    return circle.invite_token


def disable_invite_link(host: Member, circle: Circle) -> None:
    _require_host(host, circle)
    circle.invite_token = ""
    with transaction.atomic():
        circle.save(update_fields=["invite_token"])


def find_circle_by_link(token: str) -> Circle:
    circle = Circle.objects.filter(invite_token=token).first() if token else None
    if circle is None:
        raise InviteInvalid(
            _("This circle link no longer works. Ask a host of the circle for a new one.")
        )
    return circle


def join_by_invite_link(token: str, member: Member) -> Circle:
    """Join through the circle's shared link (any logged-in member who has it)."""
    _require_member(member)
    circle = find_circle_by_link(token)
    with transaction.atomic():
        _add_member(circle, member)
    return circle


# --- Members and hosts ---------------------------------------------------------------------


def remove_member(host: Member, circle: Circle, member: Member) -> None:
    """A host removes a member. It takes effect on their next request: the circle's
    content is read through memberships, which are gone."""
    _require_host(host, circle)
    if member.pk == host.pk:
        raise PleinError(_("To leave the circle yourself, use “Leave this circle”."))
    with transaction.atomic():
        membership = membership_of(circle, member)
        if membership is None:
            raise PleinError(_("This person is not a member of the circle (any more)."))
        _drop_member(circle, membership)
        # Their open invitations would let them straight back in.
        CircleInvitation.objects.filter(
            circle=circle, email=member.email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())


def make_host(host: Member, circle: Circle, member: Member) -> None:
    _require_host(host, circle)
    with transaction.atomic():
        changed = Membership.objects.filter(circle=circle, member=member).update(
            role=Membership.Role.HOST
        )
    if not changed:
        raise PleinError(_("Only members of the circle can become its host."))


def leave_circle(member: Member, circle: Circle, *, new_host: Member | None = None) -> None:
    """Leave a circle. The last host names another member as host first."""
    _require_member(member)
    with transaction.atomic():
        membership = membership_of(circle, member)
        if membership is None:
            raise PleinError(_("You are not a member of this circle."))
        if membership.is_host:
            other_hosts = (
                Membership.objects.filter(circle=circle, role=Membership.Role.HOST)
                .exclude(member=member)
                .exists()
            )
            if not other_hosts:
                if not Membership.objects.filter(circle=circle).exclude(member=member).exists():
                    raise PleinError(
                        _(
                            "You are the only member of this circle, so it needs you as its "
                            "host. Invite someone to take over first."
                        )
                    )
                if new_host is None or new_host.pk == member.pk:
                    raise InvalidField(
                        "new_host",
                        _("You are the last host. Choose who hosts the circle after you."),
                    )
                promoted = Membership.objects.filter(circle=circle, member=new_host).update(
                    role=Membership.Role.HOST
                )
                if not promoted:
                    raise InvalidField(
                        "new_host", _("The new host must be a member of the circle.")
                    )
        _drop_member(circle, membership)


# --- Posting in a circle (questions and resources) -----------------------------------------


def place_for_post(
    author: Member, *, circle: Circle | None, gathering: "Gathering | None"
) -> Circle | None:
    """The circle a new question or resource goes into, checked: the author belongs to it
    (or it is open), and a gathering it came up at is one they may see; a gathering in a
    circle puts the post in that circle too."""
    if gathering is not None:
        from plein.gatherings.models import Gathering

        if not Gathering.objects.visible_to(author).filter(pk=gathering.pk).exists():
            raise InvalidField("gathering", _("This gathering is not (or no longer) open to you."))
        if gathering.circle_id is not None:
            if circle is not None and circle.pk != gathering.circle_id:
                raise InvalidField(
                    "circle",
                    _("This gathering belongs to another circle; post in that circle."),
                )
            circle = gathering.circle
    if circle is None:
        return None
    if circle.is_open:
        _require_visible(author, circle)
        return circle
    if membership_of(circle, author) is None:
        raise InvalidField(
            "circle",
            _("You can only post in a closed circle you belong to. Choose another circle."),
        )
    return circle
