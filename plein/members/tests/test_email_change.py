"""A member moves their account to another address only through a link mailed to that
address; the current address hears of it. Nothing else changes an address (issue 14.1)."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from plein.core.testing import (  # noqa: F401 (fixtures, known by their names)
    CommittingClient,
    Personas,
    client_fixture,
    code_in,
    english_fixture,
    last_mail_to,
    personas_fixture,
)
from plein.members.models import EmailChange, Member

pytestmark = pytest.mark.django_db

NEW = "fatima.elamrani@hengelo.example"
LINK = re.compile(r"https?://\S+?(/profile/email/[A-Za-z0-9_\-]+/)")


def ask_for_new_address(client, personas: Personas, new: str = NEW):
    client.force_login(personas.member)
    return client.post(reverse("members:change_email"), {"email": new})


def link_in_mail_to(address: str) -> str:
    match = LINK.search(str(last_mail_to(address).body))
    assert match, "no confirmation link in the mail"
    return match.group(1)


def confirm(link: str, client=None):
    browser = client or CommittingClient()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # a stranger's browser, in English
    browser.get(link)
    return browser.post(reverse("members:email_change_confirm"))


def test_the_address_changes_only_when_the_link_to_the_new_address_is_used(
    client, personas: Personas
) -> None:
    response = ask_for_new_address(client, personas)
    assert response.status_code == 302
    personas.member.refresh_from_db()
    assert personas.member.email == "fatima@hengelo.example"
    notice = last_mail_to("fatima@hengelo.example")
    assert NEW in notice.body and "/profile/email/" not in notice.body  # no link to the old
    link = link_in_mail_to(NEW)

    # A mail scanner opening the link changes nothing; the token leaves the address bar.
    scanner = CommittingClient()
    opened = scanner.get(link)
    assert opened["Location"] == reverse("members:email_change_confirm")
    assert link.split("/")[-2] not in scanner.get(opened["Location"]).content.decode()
    assert Member.objects.get(pk=personas.member.pk).email == "fatima@hengelo.example"

    done = confirm(link, client)
    assert done.status_code == 302
    personas.member.refresh_from_db()
    assert personas.member.email == NEW
    entry = LogEntry.objects.get(object_id=str(personas.member.pk))
    assert entry.user_id == personas.member.pk and entry.get_change_message() == (
        "Changed e-mail address."
    )
    # Used once.
    assert confirm(link).status_code == 400


def test_a_login_mail_still_on_its_way_to_the_old_address_no_longer_opens_the_account(
    client, personas: Personas
) -> None:
    old_door = CommittingClient()
    old_door.post(reverse("members:login"), {"email": "fatima@hengelo.example"})
    code = code_in(last_mail_to("fatima@hengelo.example"))
    ask_for_new_address(client, personas)
    confirm(link_in_mail_to(NEW))
    old_door.post(reverse("members:login_code"), {"email": "fatima@hengelo.example", "code": code})
    assert old_door.session.get("_auth_user_id") != str(personas.member.pk)


def test_an_expired_or_superseded_link_changes_nothing(client, personas: Personas) -> None:
    ask_for_new_address(client, personas)
    expired = link_in_mail_to(NEW)
    EmailChange.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert confirm(expired).status_code == 400

    ask_for_new_address(client, personas, "eerste@hengelo.example")
    first = link_in_mail_to("eerste@hengelo.example")
    ask_for_new_address(client, personas, "tweede@hengelo.example")
    assert confirm(first).status_code == 400  # a newer request replaced it
    assert Member.objects.get(pk=personas.member.pk).email == "fatima@hengelo.example"


def test_a_link_stops_working_once_the_address_changed_another_way(
    client, personas: Personas
) -> None:
    ask_for_new_address(client, personas)
    link = link_in_mail_to(NEW)
    Member.objects.filter(pk=personas.member.pk).update(email="anders@hengelo.example")
    assert confirm(link).status_code == 400
    assert Member.objects.get(pk=personas.member.pk).email == "anders@hengelo.example"


def test_an_address_of_another_member_is_refused_only_to_whoever_reads_it(
    client, personas: Personas
) -> None:
    taken = personas.colleague.email
    response = ask_for_new_address(client, personas, taken)
    assert response.status_code == 302  # the asker is not told who is a member
    refused = confirm(link_in_mail_to(taken))
    assert refused.status_code == 400
    assert "already belongs to another account" in refused.content.decode()
    assert Member.objects.get(pk=personas.member.pk).email == "fatima@hengelo.example"


def test_bad_input_keeps_what_was_typed(client, personas: Personas) -> None:
    client.force_login(personas.member)
    mail.outbox.clear()
    invalid = client.post(reverse("members:change_email"), {"email": "fatima@hengelo"})
    assert invalid.status_code == 400
    assert 'value="fatima@hengelo"' in invalid.content.decode()
    same = client.post(reverse("members:change_email"), {"email": "Fatima@Hengelo.example"})
    assert same.status_code == 400
    assert "already the address you log in with" in same.content.decode()
    assert mail.outbox == []


def test_asking_is_rate_limited(client, personas: Personas) -> None:
    for number in range(5):
        assert ask_for_new_address(client, personas, f"n{number}@x.example").status_code == 302
    limited = ask_for_new_address(client, personas, "n6@x.example")
    assert limited.status_code == 429
    assert 'value="n6@x.example"' in limited.content.decode()


def test_only_a_logged_in_member_asks(personas: Personas) -> None:
    response = CommittingClient().get(reverse("members:change_email"))
    assert response.status_code == 302 and "/login/" in response["Location"]
