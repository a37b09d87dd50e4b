"""The invitation mechanics that member invites, circle invites and the door share."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import TestCase
from django.utils import timezone, translation

from plein.circles import actions as circles
from plein.circles.models import CircleInvitation
from plein.circles.tests.helpers import start
from plein.core.invitations import (
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
from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.members import actions as members
from plein.members.models import Invitation

REFUSALS = Refusals(unknown="unknown", used="used", expired="expired", replaced="replaced")


def test_a_token_hashes_as_it_always_did():
    # Tokens already mailed (invites, login mails, e-mail changes) are looked up by this
    # hash: a different function would void every one of them.
    assert hash_token("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_tokens_are_url_safe_and_as_long_as_before():
    mailed, link = new_token(), new_link_token()
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", mailed)  # 32 random bytes
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", link)  # 24 random bytes
    assert new_token() != mailed


def test_an_invitation_lasts_two_weeks():
    now = timezone.now()
    assert invitation_expires_at(now) == now + timedelta(days=14)


def test_a_newcomer_starts_in_the_language_they_read_the_site_in():
    with translation.override("en"):
        assert current_language() == "en"
        assert recipient_language(None) == "en"
        assert recipient_language("nl") == "nl"  # a member's own choice wins
    with translation.override("de"):
        assert current_language() == settings.LANGUAGE_CODE


def _tokens_mailed_to(address: str) -> list[str]:
    """The tokens of the invite links mailed to `address`, oldest first."""
    bodies = [str(m.body) for m in mail.outbox if address in m.to]
    return [match for body in bodies for match in re.findall(r"/invit\w*/([\w-]{43})/", body)]


@pytest.mark.django_db
def test_a_mailed_invitation_is_found_by_its_token_until_it_is_used(personas):
    with TestCase.captureOnCommitCallbacks(execute=True):
        members.invite_members(
            personas.community_manager, addresses="piet@borne.example", organisation=None
        )
    [token] = _tokens_mailed_to("piet@borne.example")
    assert find_by_token(Invitation.objects.all(), token, REFUSALS).email == "piet@borne.example"
    with pytest.raises(InviteInvalid, match="unknown"):
        find_by_token(Invitation.objects.all(), new_token(), REFUSALS)
    members.accept_invitation(token)
    Invitation.objects.update(expires_at=timezone.now())
    # Used and expired: whoever follows it hears it was used (they can just log in).
    with pytest.raises(InviteInvalid, match="used"):
        find_by_token(Invitation.objects.all(), token, REFUSALS)


@pytest.mark.django_db
def test_a_replaced_invitation_says_so_before_it_says_expired(personas):
    circle = start(personas.member)
    for _round in range(2):
        with TestCase.captureOnCommitCallbacks(execute=True):
            circles.invite_by_email(personas.member, circle, ["anouk@almelo.example"])
    old, new = _tokens_mailed_to("anouk@almelo.example")
    CircleInvitation.objects.update(expires_at=timezone.now())
    with pytest.raises(InviteInvalid, match="replaced"):
        find_by_token(CircleInvitation.objects.all(), old, REFUSALS)
    with pytest.raises(InviteInvalid, match="expired"):
        find_by_token(CircleInvitation.objects.all(), new, REFUSALS)
