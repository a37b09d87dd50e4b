"""Every write about members, the door and invites. Views, the CLI and the demo data call
these; none of them writes these models directly."""

import hmac
import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from plein.core import ratelimit
from plein.core.audit import record_change
from plein.core.errors import NotAllowed, PleinError
from plein.core.invitations import (
    INVITATION_VALID_DAYS,
    InviteInvalid,
    Refusals,
    current_language,
    expires_after,
    find_by_token,
    hash_token,
    invitation_expires_at,
    new_link_token,
    new_token,
)
from plein.core.mail import absolute_url, send_templated_mail
from plein.insights.events import record
from plein.insights.models import Event
from plein.members.models import (
    EmailChange,
    Invitation,
    InviteLink,
    LoginRequest,
    Member,
    Organisation,
    normalise_email,
)
from plein.search.index import schedule_index
from plein.search.models import SearchDocument

logger = logging.getLogger("plein.members")

COMMUNITY_MANAGERS = "Community managers"
# Login mails an address may have live (unused, unexpired) at once: enough for a member
# who asks again before the first mail arrives, few enough that an old mail lying in an
# inbox does not stay a way in.
LIVE_LOGIN_MAILS = 3


class LoginFailed(PleinError):
    pass


def _hash_code(salt: str, code: str) -> str:
    return salted_hmac("plein.login-code", f"{salt}:{code}", algorithm="sha256").hexdigest()


def _clean_email(email: str) -> str:
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as error:
        raise PleinError(_("Enter a valid e-mail address, like name@organisation.nl.")) from error
    return email


def safe_next_url(next_url: str | None) -> str:
    """Only same-site paths survive as a destination after login."""
    if (
        next_url
        and url_has_allowed_host_and_scheme(next_url, allowed_hosts=None, require_https=False)
        and next_url.startswith("/")
        and not next_url.startswith("//")
    ):
        return next_url[:500]
    return ""


# --- The door: log in with only an e-mail address ----------------------------------------


def request_login(
    email: str,
    *,
    ip: str,
    next_url: str = "",
    invite_link: InviteLink | None = None,
    browser: str = "",
    known_device: bool = False,
) -> str:
    """Mail a login link and code to `email`, whether or not it belongs to a member: the
    answer (and the work done) looks the same for both, so the door never reveals who is
    a member. Unknown addresses get a way in that depends on PLEIN_SIGNUP. `browser` is a
    secret the asking browser keeps (its code is accepted only there, see
    confirm_login_code); `known_device` says that browser came in as this address before
    (the views check the device cookie). Returns the normalised address."""
    email = _clean_email(email)
    ratelimit.consume("login-request-ip", ip)
    if not known_device:
        # Counted per requesting IP and address, strangers' requests never use up the
        # member's own; the higher per-address cap only bounds the mail strangers can
        # cause an address. A browser the member came in with before passes both.
        ratelimit.consume("login-request-ip-address", f"{ip} {email}")
        ratelimit.consume("login-request-address", email)
    member = Member.objects.get_by_email(email)
    if member is not None and not member.is_active:
        member = None  # a deactivated account is treated like an unknown address

    may_join = invite_link is not None or settings.PLEIN_SIGNUP == "open"
    language = member.preferred_language if member else current_language()
    if member is None and not may_join:
        transaction.on_commit(
            partial(
                send_templated_mail,
                "members/email/join_request",
                to=email,
                context={"join_url": absolute_url(reverse("members:request_access"))},
            )
        )
        return email

    token = new_token()
    code = f"{secrets.randbelow(1_000_000):06d}"
    salt = secrets.token_hex(16)
    now = timezone.now()
    with transaction.atomic():
        # Rows past their use are kept a day (for support questions), then dropped.
        LoginRequest.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()
        login_request = LoginRequest.objects.create(
            email=email,
            token_hash=hash_token(token),
            code_salt=salt,
            code_hash=_hash_code(salt, code),
            next_url=safe_next_url(next_url),
            invite_link=invite_link,
            expires_at=now + timedelta(seconds=settings.PLEIN_LOGIN_TTL_SECONDS),
            browser_hash=hash_token(browser) if browser else "",
            from_known_device=known_device,
        )
        _retire_surplus_mails(login_request, now)
        context = {
            "member": member,
            "code": code,
            "link": absolute_url(reverse("members:login_link", kwargs={"token": token})),
            "minutes": settings.PLEIN_LOGIN_TTL_SECONDS // 60,
        }
        template = "members/email/login" if member else "members/email/welcome"
        transaction.on_commit(
            partial(send_templated_mail, template, to=email, context=context, language=language)
        )
    return email


def _retire_surplus_mails(login_request: LoginRequest, now: datetime) -> None:
    """Keep at most LIVE_LOGIN_MAILS mails live for the address. The new one always stays
    (whoever just asked expects it to work); of the others, those asked from a known
    browser go last, so strangers' requests, however many, never retire a mail the member
    asked for from a browser they came in with before. Retiring expires a mail: `used_at`
    keeps meaning it was used."""
    live = LoginRequest.objects.filter(
        email=login_request.email, used_at__isnull=True, expires_at__gt=now
    ).exclude(pk=login_request.pk)
    keep = live.order_by("-from_known_device", "-created_at", "-pk").values("pk")[
        : LIVE_LOGIN_MAILS - 1
    ]
    live.exclude(pk__in=keep).update(expires_at=now)


def _retire_live_mails(email: str, now: datetime) -> None:
    # Retiring expires a mail: `used_at` keeps meaning it was used to log in (the insights
    # backfill reads it so).
    LoginRequest.objects.filter(email=email, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )


@dataclass
class LoginResult:
    member: Member
    next_url: str
    is_new: bool = False


def confirm_login_link(token: str) -> LoginResult:
    """Use a login link (by POST only: mail scanners that pre-open links use nothing)."""
    login_request = LoginRequest.objects.filter(
        token_hash=hash_token(token), used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    if login_request is None:
        raise LoginFailed(
            _("This login link has expired or has already been used. Ask for a new one below.")
        )
    return _complete_login(login_request)


def confirm_login_code(email: str, code: str, *, ip: str, browser: str = "") -> LoginResult:
    """Use the 6-digit code from a login mail. It is checked against the live mails that
    `browser` asked for (the code is typed into the browser that asked) and those asked
    for without a browser session, never against a mail another browser asked for: a
    stranger typing codes for the address cannot spend the member's guesses. Each mail's
    code is checked at most PLEIN_LOGIN_CODE_ATTEMPTS times; then only its link works."""
    ratelimit.consume("login-code-ip", ip)
    email = normalise_email(email)
    code = "".join(code.split())
    browsers = ["", hash_token(browser)] if browser else [""]
    candidates = LoginRequest.objects.filter(
        email=email, used_at__isnull=True, expires_at__gt=timezone.now(), browser_hash__in=browsers
    ).order_by("-created_at", "-pk")[:LIVE_LOGIN_MAILS]
    found = tries_left = False
    for login_request in candidates:
        found = True
        if not _reserve_code_check(login_request):
            continue
        if hmac.compare_digest(login_request.code_hash, _hash_code(login_request.code_salt, code)):
            return _complete_login(login_request, by_code=True)
        attempts = login_request.failed_attempts + 1
        tries_left = tries_left or attempts < settings.PLEIN_LOGIN_CODE_ATTEMPTS
    if not found:
        raise LoginFailed(
            _(
                "This code has expired or has already been used, or the mail was asked for in "
                "another browser. Use the link in the mail, or ask for a new one."
            )
        )
    if not tries_left:
        raise LoginFailed(
            _(
                "That code was wrong too many times. Use the link in the mail, or ask for a new mail."
            )
        )
    raise LoginFailed(_("That code is not right. Check the mail and try again."))


def _reserve_code_check(login_request: LoginRequest) -> bool:
    """Count a check of the mail's code before comparing it, in one conditional UPDATE:
    guesses arriving together cannot all read the same count and each get a check, so a
    mail's code is compared at most PLEIN_LOGIN_CODE_ATTEMPTS times in all."""
    return bool(
        LoginRequest.objects.filter(
            pk=login_request.pk,
            used_at__isnull=True,
            failed_attempts__lt=settings.PLEIN_LOGIN_CODE_ATTEMPTS,
        ).update(failed_attempts=F("failed_attempts") + 1)
    )


def _complete_login(login_request: LoginRequest, *, by_code: bool = False) -> LoginResult:
    now = timezone.now()
    with transaction.atomic():
        # The conditional update makes "use once" hold even when link and code race, or
        # two of the address's mails are used at once.
        used = LoginRequest.objects.filter(
            pk=login_request.pk, used_at__isnull=True, expires_at__gt=now
        ).update(
            used_at=now,
            # The right code was counted when its check was reserved; it did not fail.
            **({"failed_attempts": F("failed_attempts") - 1} if by_code else {}),
        )
        if not used:
            raise LoginFailed(_("This link or code has already been used. Ask for a new one."))
        # The member is in: the address's other mails are no longer needed, and each would
        # stay a way in for whoever reads that inbox until it expires.
        _retire_live_mails(login_request.email, now)
        member = Member.objects.get_by_email(login_request.email)
        is_new = member is None
        if member is None:
            invite_link = login_request.invite_link
            if invite_link is not None:
                _use_invite_link(invite_link)
            elif settings.PLEIN_SIGNUP != "open":
                raise LoginFailed(_("This community admits members by invitation."))
            member = Member.objects.create_user(
                login_request.email,
                organisation=invite_link.organisation if invite_link else None,
                preferred_language=current_language(),
            )
            logger.info("New member %s joined through the door", member.pk)
            record(Event.Kind.JOINED, member, source=_join_source(invite_link))
        elif not member.is_active:
            raise LoginFailed(_("This account has been closed. Contact the community manager."))
        else:
            record(Event.Kind.LOGGED_IN, member)
    return LoginResult(member=member, next_url=login_request.next_url, is_new=is_new)


def _join_source(invite_link: InviteLink | None) -> str:
    """How a newcomer came in through the door: a gathering's door invite means they
    scanned its QR code; another invite link was shared with them; none means open signup."""
    if invite_link is None:
        return Event.Source.SELF_REGISTRATION
    # Imported here: gatherings build on members, not the other way round.
    from plein.gatherings.models import Gathering

    if Gathering.objects.filter(door_invite=invite_link).exists():
        return Event.Source.QR
    return Event.Source.INVITE_LINK


def _use_invite_link(invite_link: InviteLink) -> None:
    used = InviteLink.objects.filter(
        pk=invite_link.pk,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
        uses__lt=F("max_uses"),
    ).update(uses=F("uses") + 1)
    if not used:
        raise InviteInvalid(_("This invite link has expired or has been used up."))


# --- Invites ----------------------------------------------------------------------------


@dataclass
class InviteOutcome:
    invited: list[str] = field(default_factory=list)
    already_members: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)


def _require_manager(member: Member) -> None:
    if not member.is_community_manager:
        raise NotAllowed(_("Only community managers can do this."))


def parse_addresses(text: str) -> tuple[list[str], list[str]]:
    """Split pasted text (one per line, or separated by commas, semicolons or spaces, as
    copied from a mail program: "Name <a@b.nl>") into valid and invalid addresses."""
    valid: list[str] = []
    invalid: list[str] = []
    for raw in text.replace(";", ",").replace("\n", ",").split(","):
        candidate = raw.strip()
        if "<" in candidate and candidate.endswith(">"):
            candidate = candidate[candidate.rindex("<") + 1 : -1]
        if not candidate:
            continue
        for part in candidate.split():
            address = normalise_email(part)
            try:
                validate_email(address)
            except ValidationError:
                invalid.append(part)
            else:
                if address not in valid:
                    valid.append(address)
    return valid, invalid


def invite_members(
    inviter: Member, *, addresses: str, organisation: Organisation | None, message: str = ""
) -> InviteOutcome:
    """Mail a personal invite to each new address. Existing members are reported, not
    mailed; earlier open invites to the same address are replaced."""
    _require_manager(inviter)
    valid, invalid = parse_addresses(addresses)
    if not valid:
        raise PleinError(_("Enter at least one valid e-mail address."))
    outcome = InviteOutcome(invalid=invalid)
    existing = set(Member.objects.filter(email__in=valid).values_list("email", flat=True))
    now = timezone.now()
    with transaction.atomic():
        for email in valid:
            if email in existing:
                outcome.already_members.append(email)
                continue
            Invitation.objects.filter(email=email, accepted_at__isnull=True).update(expires_at=now)
            token = new_token()
            Invitation.objects.create(
                email=email,
                organisation=organisation,
                invited_by=inviter,
                token_hash=hash_token(token),
                expires_at=invitation_expires_at(now),
            )
            context = {
                "inviter": inviter,
                "organisation": organisation,
                "message": message,
                "link": absolute_url(reverse("members:invite", kwargs={"token": token})),
                "days": INVITATION_VALID_DAYS,
            }
            transaction.on_commit(
                partial(send_templated_mail, "members/email/invitation", to=email, context=context)
            )
            outcome.invited.append(email)
    return outcome


def find_invitation(token: str) -> Invitation:
    return find_by_token(
        Invitation.objects.select_related("organisation", "invited_by"),
        token,
        Refusals(
            unknown=_("This invite link is not valid. Check that you copied all of it."),
            used=_("This invite has already been used. Log in with your e-mail address instead."),
            expired=_("This invite has expired. Ask the person who invited you for a new one."),
        ),
    )


def accept_invitation(token: str) -> LoginResult:
    """Following a personal invite logs the newcomer in at once: the mail proved the
    address. Someone who already has an account is simply logged in."""
    with transaction.atomic():
        invitation = find_invitation(token)
        used = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            accepted_at=timezone.now()
        )
        if not used:
            raise InviteInvalid(_("This invite has already been used."))
        member = Member.objects.get_by_email(invitation.email)
        is_new = member is None
        if member is None:
            member = Member.objects.create_user(
                invitation.email,
                organisation=invitation.organisation,
                preferred_language=current_language(),
            )
            record(Event.Kind.JOINED, member, source=Event.Source.INVITATION)
        elif not member.is_active:
            raise InviteInvalid(_("This account has been closed. Contact the community manager."))
        else:
            record(Event.Kind.LOGGED_IN, member)
        Invitation.objects.filter(pk=invitation.pk).update(accepted_by=member)
    return LoginResult(member=member, next_url="", is_new=is_new)


def create_invite_link(
    creator: Member,
    *,
    organisation: Organisation | None,
    label: str = "",
    valid_days: int = 14,
    max_uses: int = 50,
) -> InviteLink:
    _require_manager(creator)
    if not 1 <= valid_days <= 365:
        raise PleinError(_("An invite link can be valid for 1 to 365 days."))
    if not 1 <= max_uses <= 10_000:
        raise PleinError(_("An invite link can be used 1 to 10,000 times."))
    return InviteLink.objects.create(
        token=new_link_token(),
        label=label,
        organisation=organisation,
        created_by=creator,
        expires_at=expires_after(valid_days),
        max_uses=max_uses,
    )


def find_invite_link(token: str) -> InviteLink:
    invite_link = InviteLink.objects.select_related("organisation").filter(token=token).first()
    if invite_link is None:
        raise InviteInvalid(_("This invite link is not valid. Check that you copied all of it."))
    if not invite_link.is_usable:
        raise InviteInvalid(
            _("This invite link has expired or has been used up. Ask for a new one.")
        )
    return invite_link


def revoke_invite_link(manager: Member, invite_link: InviteLink) -> None:
    _require_manager(manager)
    invite_link.revoked_at = timezone.now()
    invite_link.save(update_fields=["revoked_at"])


# --- Access requests (PLEIN_SIGNUP = "request") --------------------------------------------


def request_access(email: str, *, name: str, organisation_name: str, motivation: str) -> None:
    """Someone without an invite asks to join; every community manager gets a mail."""
    email = _clean_email(email)
    managers = Member.objects.filter(is_active=True, groups__name=COMMUNITY_MANAGERS).values_list(
        "email", flat=True
    )
    context = {
        "email": email,
        "name": name,
        "organisation_name": organisation_name,
        "motivation": motivation,
        "invite_url": absolute_url(reverse("members:invite_members")),
    }
    for manager_email in managers:
        transaction.on_commit(
            partial(
                send_templated_mail,
                "members/email/access_requested",
                to=manager_email,
                context=context,
            )
        )


# --- Profile and roles -----------------------------------------------------------------


def update_profile(member: Member, **changes: Any) -> Member:
    """Save the profile fields a member may change about themselves."""
    expertise = changes.pop("expertise", None)
    allowed = {
        "name",
        "organisation",
        "job_title",
        "bio",
        "ask_me_about",
        "preferred_language",
        "in_people_finder",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise PleinError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in changes.items():
        setattr(member, name, value)
    with transaction.atomic():
        member.save(update_fields=list(changes))
        if expertise is not None:
            member.expertise.set(expertise)
        schedule_index(SearchDocument.Kind.MEMBER, member.pk)
    return member


def set_preferred_language(member: Member, language: str) -> None:
    if language in dict(settings.LANGUAGES) and member.preferred_language != language:
        member.preferred_language = language
        member.save(update_fields=["preferred_language"])


def make_community_manager(member: Member) -> None:
    """Community managers are a group with a permission, not superusers: they use the admin
    for members, organisations, themes and invites, and nothing else."""
    group = community_manager_group()
    with transaction.atomic():
        member.groups.add(group)
        if not member.is_staff:
            member.is_staff = True
            member.save(update_fields=["is_staff"])


def community_manager_group() -> Group:
    group, _created = Group.objects.get_or_create(name=COMMUNITY_MANAGERS)
    wanted = Permission.objects.filter(
        content_type__app_label__in=["members", "themes"],
    ).exclude(codename__in=["delete_member"])
    group.permissions.add(*wanted)
    return group


def create_member(
    email: str,
    *,
    name: str = "",
    organisation: Organisation | None = None,
    job_title: str = "",
    bio: str = "",
    ask_me_about: str = "",
    expertise: list | None = None,
    preferred_language: str = "nl",
) -> Member:
    """Add a member directly (demo data, the CLI, tests). Members normally arrive through
    the door or an invite."""
    with transaction.atomic():
        member = Member.objects.create_user(
            _clean_email(email),
            name=name,
            organisation=organisation,
            job_title=job_title,
            bio=bio,
            ask_me_about=ask_me_about,
            preferred_language=preferred_language,
        )
        if expertise:
            member.expertise.set(expertise)
        schedule_index(SearchDocument.Kind.MEMBER, member.pk)
        record(Event.Kind.JOINED, member, source=Event.Source.ADDED)
    return member


def add_organisation(
    name: str, *, kind: str = Organisation.Kind.OTHER
) -> tuple[Organisation, bool]:
    """The organisation with this name, created when new. An existing one keeps the kind
    someone gave it in the admin. Returns (organisation, created)."""
    name = " ".join(name.split())
    if not name:
        raise PleinError(_("An organisation needs a name."))
    return Organisation.objects.get_or_create(name=name, defaults={"kind": kind})


# --- Changes to an account: only the member moves their address; managers suspend -------

EMAIL_CHANGE_VALID_HOURS = 24


def request_email_change(member: Member, new_email: str) -> None:
    """Mail a confirmation link to `new_email` and a notice to the member's current
    address. Nothing changes until that link is used: whoever holds an account cannot
    move it to an address they do not read, and its owner hears of every attempt. Whether
    the new address is taken is only said to whoever reads it (see confirm_email_change)."""
    new_email = _clean_email(new_email)
    if new_email == member.email:
        raise PleinError(_("That is already the address you log in with."))
    ratelimit.consume("email-change-member", str(member.pk))
    token = new_token()
    now = timezone.now()
    context = {
        "member": member,
        "new_email": new_email,
        "link": absolute_url(reverse("members:email_change", kwargs={"token": token})),
        "hours": EMAIL_CHANGE_VALID_HOURS,
    }
    send = partial(send_templated_mail, context=context, language=member.preferred_language)
    with transaction.atomic():
        EmailChange.objects.filter(member=member, used_at__isnull=True).update(used_at=now)
        EmailChange.objects.create(
            member=member,
            old_email=member.email,
            new_email=new_email,
            token_hash=hash_token(token),
            expires_at=now + timedelta(hours=EMAIL_CHANGE_VALID_HOURS),
        )
        transaction.on_commit(partial(send, "members/email/email_change_confirm", to=new_email))
        transaction.on_commit(partial(send, "members/email/email_change_notice", to=member.email))


def confirm_email_change(token: str) -> Member:
    """Use the link from the mail to the new address (by POST: mail scanners open links).
    It works once, and not after the member's address changed in some other way."""
    with transaction.atomic():
        change = (
            EmailChange.objects.select_for_update()
            .select_related("member")
            .filter(token_hash=hash_token(token), used_at__isnull=True)
            .filter(expires_at__gt=timezone.now())
            .first()
        )
        if change is None or change.member.email != change.old_email:
            raise PleinError(
                _("This link has expired or has already been used. Ask for a new one.")
            )
        if Member.objects.filter(email=change.new_email).exists():
            raise PleinError(
                _("%(email)s already belongs to another account on Plein.")
                % {"email": change.new_email}
            )
        member = change.member
        now = timezone.now()
        change.used_at = now
        change.save(update_fields=["used_at"])
        member.email = change.new_email
        member.save(update_fields=["email"])
        # Login mails still on their way to the old address no longer open this account.
        _retire_live_mails(change.old_email, now)
        schedule_index(SearchDocument.Kind.MEMBER, member.pk)
        record_change(member, member, "email")
    logger.info("Member %s confirmed a new e-mail address", member.pk)
    return member


def may_manage_member(manager: Member, member: Member) -> bool:
    """A community manager runs the membership but not the people who hold the keys:
    suspending a superuser, a fellow manager or themselves is for a superuser."""
    if manager.is_superuser:
        return True
    return (
        manager.is_community_manager
        and member != manager
        and not member.is_superuser
        and not member.is_community_manager
    )


def _require_may_manage(manager: Member, member: Member) -> None:
    if not may_manage_member(manager, member):
        raise NotAllowed(_("Only a superuser can change this member's account."))


def set_member_active(manager: Member, member: Member, *, active: bool) -> None:
    """Suspend a member (they can no longer log in, and their open sessions end at their
    next request) or let them back in. Recorded in the member's admin history."""
    _require_may_manage(manager, member)
    if member.is_active == active:
        return
    with transaction.atomic():
        member.is_active = active
        member.save(update_fields=["is_active"])
        if not active:
            _retire_live_mails(member.email, timezone.now())
        schedule_index(SearchDocument.Kind.MEMBER, member.pk)
        record_change(manager, member, "is_active")
    logger.info(
        "Member %s %s by %s", member.pk, "reinstated" if active else "suspended", manager.pk
    )


def move_member(manager: Member, member: Member, organisation: Organisation | None) -> None:
    """Put a member in another organisation (or none), for example after a job change.
    Recorded in the member's admin history."""
    _require_may_manage(manager, member)
    if member.organisation_id == (organisation.pk if organisation else None):
        return
    with transaction.atomic():
        member.organisation = organisation
        member.save(update_fields=["organisation"])
        schedule_index(SearchDocument.Kind.MEMBER, member.pk)
        record_change(manager, member, "organisation")
