"""The mechanics every invitation shares: personal invites to the community
(`members.Invitation`), a circle host's invites (`circles.CircleInvitation`), shareable
invite links (`members.InviteLink`, the gathering door's among them, and a circle's link),
and the other mailed one-time links of the door (login mails, e-mail changes).

- A mailed token is `new_token()`; only `hash_token(token)` is stored, so a copy of the
  database lets nobody in. The hash is a plain SHA-256: the token is 256 random bits, so
  there is nothing to guess and no need for a slow or salted hash. Changing the function
  would void every token already mailed.
- A shareable link's token is `new_link_token()`, shorter and kept in the clear: managers
  and hosts copy the link again later, and it only lets someone ask to come in.
- `find_by_token` finds a mailed invitation by its token and refuses it, with the message
  its place gives, when it is unknown, used, replaced or expired, in that order.
- A newcomer starts in `current_language()`, the language they read the site in; an
  invitation mail goes out in `recipient_language(...)`.

What each place does with a valid invitation (log in, join a circle) stays in its own
actions, as do the models: their columns differ in names and labels, and sharing a base
model would mean migrating both tables for no gain."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar, cast

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import timezone, translation

from plein.core.errors import PleinError

# How long a mailed invitation (to the community or to a circle) stays valid.
INVITATION_VALID_DAYS = 14
# secrets.token_urlsafe sizes: 32 bytes (256 bits) for a mailed token, 24 for a link.
TOKEN_BYTES = 32
LINK_TOKEN_BYTES = 24


class InviteInvalid(PleinError):
    """The invitation or invite link cannot be used (unknown, used, replaced, expired)."""


def new_token() -> str:
    """A token for a mailed one-time link; store only its hash_token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_link_token() -> str:
    """A token for a shareable invite link, kept in the clear."""
    return secrets.token_urlsafe(LINK_TOKEN_BYTES)


def expires_after(days: int, *, now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(days=days)


def invitation_expires_at(now: datetime | None = None) -> datetime:
    """When a mailed invitation made `now` stops working."""
    return expires_after(INVITATION_VALID_DAYS, now=now)


def current_language() -> str:
    """A newcomer starts in the language they were reading the site in."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def recipient_language(member_language: str | None) -> str:
    """The language of an invitation mail: the member's own when the address is a
    member's, else the language the inviter invited them in."""
    return member_language or current_language()


class MailedInvitation(Protocol):
    """What find_by_token reads of an invitation row."""

    @property
    def accepted_at(self) -> datetime | None: ...

    @property
    def expires_at(self) -> datetime: ...


M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Refusals:
    """What a place tells whoever follows an invitation that cannot be used. `replaced`
    is only for invitations that can be revoked (they have a `revoked_at`)."""

    unknown: str
    used: str
    expired: str
    replaced: str = ""


def find_by_token(invitations: QuerySet[M], token: str, refusals: Refusals) -> M:
    """The invitation whose mailed token is `token`, or InviteInvalid with the refusal
    that fits: unknown, then used, then replaced, then expired."""
    invitation = invitations.filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise InviteInvalid(refusals.unknown)
    # The QuerySet's TypeVar is bound to Model, so it cannot also say "has these columns":
    # every invitation model passed in has them (MailedInvitation), and revoked_at only
    # where an invitation can be replaced.
    row = cast(MailedInvitation, invitation)
    if row.accepted_at is not None:
        raise InviteInvalid(refusals.used)
    if getattr(row, "revoked_at", None) is not None:
        raise InviteInvalid(refusals.replaced)
    if row.expires_at <= timezone.now():
        raise InviteInvalid(refusals.expired)
    return invitation
