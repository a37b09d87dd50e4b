"""Shared test personas, built through the real actions (never by writing models directly).

Use the `personas` fixture (see conftest.py) or call `make_personas()` in a test."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, TestCase
from django.utils import translation

from plein.members import actions
from plein.members.models import Member, Organisation
from plein.themes.actions import create_or_update_theme
from plein.themes.models import Theme

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


class CommittingClient(Client):
    """A test client whose requests end like real ones: the work actions scheduled with
    transaction.on_commit (mails, notifications) runs when the request is done, although
    the test's own transaction never commits."""

    def request(self, **request: Any) -> "_MonkeyPatchedWSGIResponse":
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@dataclass
class Personas:
    hengelo: Organisation
    almelo: Organisation
    youth_care: Theme
    prevention: Theme
    member: Member  # a youth-care worker at Hengelo
    colleague: Member  # same organisation as `member`
    other_org_member: Member  # a policy adviser at Almelo
    community_manager: Member


def make_personas() -> Personas:
    municipality = Organisation.Kind.MUNICIPALITY
    hengelo, _ = actions.add_organisation("Gemeente Hengelo", kind=municipality)
    almelo, _ = actions.add_organisation("Gemeente Almelo", kind=municipality)
    youth_care = create_or_update_theme(
        "Jeugdzorg", slug="jeugdzorg", description="Zorg voor jeugd.", order=1
    )
    prevention = create_or_update_theme(
        "Preventie", slug="preventie", description="Voorkomen.", order=2
    )
    member = actions.create_member(
        "fatima@hengelo.example",
        name="Fatima el Amrani",
        organisation=hengelo,
        job_title="Jeugdconsulent",
        ask_me_about="Wachtlijsten in de jeugdzorg",
        expertise=[youth_care],
    )
    colleague = actions.create_member(
        "joost@hengelo.example", name="Joost Bakker", organisation=hengelo, expertise=[prevention]
    )
    other_org_member = actions.create_member(
        "anouk@almelo.example",
        name="Anouk Visser",
        organisation=almelo,
        job_title="Beleidsadviseur",
    )
    community_manager = actions.create_member(
        "cm@plein.example", name="Marieke Jansen", organisation=almelo
    )
    actions.make_community_manager(community_manager)
    return Personas(
        hengelo,
        almelo,
        youth_care,
        prevention,
        member,
        colleague,
        other_org_member,
        community_manager,
    )


LINK_PATTERN = re.compile(r"https?://\S+?/(login/link|invite|join)/([A-Za-z0-9_\-]+)/")
CODE_PATTERN = re.compile(r"\b(\d{6})\b")


def last_mail_to(address: str) -> mail.EmailMessage:
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"no mail was sent to {address}"
    return messages[-1]


def link_path_in(message: mail.EmailMessage) -> str:
    """The path of the login or invite link in a mail (without scheme and host)."""
    match = LINK_PATTERN.search(str(message.body))
    assert match, "no login or invite link in the mail"
    return f"/{match.group(1)}/{match.group(2)}/"


def code_in(message: mail.EmailMessage) -> str:
    match = CODE_PATTERN.search(str(message.body))
    assert match, "no 6-digit code in the mail"
    return match.group(1)


# --- Tests that read Plein's English texts (the message ids), whatever the default language.
# A conftest or test module imports these three; pytest knows them by their names
# `english`, `client` and `personas`.


@pytest.fixture(name="english")
def english_fixture() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(name="client")
def client_fixture(english: None) -> CommittingClient:
    client = CommittingClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(name="personas")
def personas_fixture(db: None, english: None) -> Personas:
    personas = make_personas()
    # A member's own language choice beats the cookie: choose English for everyone.
    Member.objects.update(preferred_language="en")
    for member in vars(personas).values():
        if isinstance(member, Member):
            member.preferred_language = "en"
    return personas
