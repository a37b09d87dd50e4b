"""The door's pages: the host's screen and printed code, and where a scanned code leads:
a member checks in with one tap, anyone else with an e-mailed code (and is a member
after), a wrong code or a closed door gets a page that says what to do."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from plein.circles.models import Circle
from plein.core.testing import code_in, last_mail_to
from plein.gatherings import door
from plein.gatherings.models import CheckIn, Gathering
from plein.gatherings.tests.test_door import (  # noqa: F401 (fixtures)
    client_fixture,
    english_fixture,
    make_circle,
    make_gathering,
    personas_fixture,
)
from plein.gatherings.views_door import DOOR_PASS
from plein.members.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def gathering(personas) -> Gathering:
    return make_gathering(personas)


def door_url(gathering: Gathering, name: str = "door") -> str:
    return reverse(f"gatherings:{name}", kwargs={"pk": gathering.pk})


def scan_url(gathering: Gathering, code: str | None = None) -> str:
    code = code or door.current_door_code(gathering)
    return reverse("gatherings:door_scan", kwargs={"pk": gathering.pk, "code": code})


# --- The host's screen ---------------------------------------------------------------------


def test_the_screen_shows_a_qr_code_with_its_address_and_the_count(client, personas, gathering):
    client.force_login(personas.colleague)
    response = client.get(door_url(gathering))
    assert response.status_code == 200
    html = response.content.decode()
    code = door.current_door_code(Gathering.objects.get(pk=gathering.pk))
    assert f"http://testserver/gatherings/{gathering.pk}/in/{code}/" in html
    assert '<svg role="img" aria-label="QR code to check in at Preventie in Hengelo"' in html
    assert '<noscript><meta http-equiv="refresh" content="' in html
    assert 'hx-trigger="every ' in html
    assert "0 people checked in" in html
    assert "style=" not in html, "the CSP allows no inline styles"


def test_the_screen_reloads_when_the_code_changes(client, personas, gathering):
    client.force_login(personas.colleague)
    refresh = client.get(door_url(gathering)).context["refresh"]
    assert 1 <= refresh <= 30


def test_with_htmx_the_screen_fetches_only_its_changing_part(client, personas, gathering):
    client.force_login(personas.colleague)
    response = client.get(door_url(gathering), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="plein-door-live" id="door-live"')
    assert "<html" not in html
    assert 'role="img"' in html


def test_a_still_screen_does_not_update_itself(client, personas, gathering):
    client.force_login(personas.colleague)
    html = client.get(door_url(gathering) + "?still=1").content.decode()
    assert "refresh" not in html
    assert "hx-trigger" not in html
    assert 'role="img"' in html


def test_the_screen_of_a_closed_door_says_when_it_opens(client, personas):
    gathering = make_gathering(personas, starts_in=timedelta(days=2))
    client.force_login(personas.colleague)
    response = client.get(door_url(gathering))
    assert response.status_code == 200
    assert "two hours before" in response.content.decode()
    assert "qr" not in response.context


@pytest.mark.parametrize("name", ["door", "door_print"])
def test_host_pages_are_not_there_for_others(client, personas, gathering, name):
    client.force_login(personas.member)
    assert client.get(door_url(gathering, name)).status_code == 404
    assert client.get(reverse(f"gatherings:{name}", kwargs={"pk": 987654})).status_code == 404


@pytest.mark.parametrize("name", ["door_print_make", "door_print_revoke", "door_renew"])
def test_host_buttons_are_not_there_for_others(client, personas, gathering, name):
    client.force_login(personas.member)
    assert client.post(door_url(gathering, name)).status_code == 404
    fresh = Gathering.objects.get(pk=gathering.pk)
    assert (fresh.door_secret, fresh.printed_code) == ("", "")


def test_host_pages_send_visitors_to_log_in(client, gathering):
    response = client.get(door_url(gathering))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:login"))


def test_a_circle_host_and_a_community_manager_open_the_screen(client, personas):
    circle = make_circle(personas, Circle.Access.CLOSED, host=personas.member, members=[])
    gathering = make_gathering(personas, circle=circle)
    for host in (personas.member, personas.community_manager):
        client.force_login(host)
        assert client.get(door_url(gathering)).status_code == 200


def test_the_screen_takes_a_fixed_number_of_queries(
    client, personas, gathering, django_assert_num_queries
):
    client.force_login(personas.colleague)
    client.get(door_url(gathering))  # the secret is made on the first visit
    for member in (personas.member, personas.other_org_member):
        door.check_in(gathering, member, method=CheckIn.Method.MEMBER)
    # 1 session, 2 member, 3 gathering with theme, circle and organiser; the organiser
    # needs no host lookup.
    with django_assert_num_queries(3):
        response = client.get(door_url(gathering))
    assert "2 people checked in" in response.content.decode()


# --- The printed code --------------------------------------------------------------------


def test_a_host_makes_prints_and_revokes_a_fixed_code(client, personas, gathering):
    client.force_login(personas.colleague)
    assert "qr" not in client.get(door_url(gathering, "door_print")).context
    response = client.post(door_url(gathering, "door_print_make"))
    assert response.status_code == 302
    code = Gathering.objects.get(pk=gathering.pk).printed_code
    assert code
    html = client.get(door_url(gathering, "door_print")).content.decode()
    assert f"/gatherings/{gathering.pk}/in/{code}/" in html
    assert 'role="img"' in html

    client.post(door_url(gathering, "door_print_revoke"))
    assert Gathering.objects.get(pk=gathering.pk).printed_code == ""
    response = client.get(scan_url(gathering, code))
    assert response.status_code == 400


def test_renewing_from_the_print_page_voids_the_screen_code(client, personas, gathering):
    client.force_login(personas.colleague)
    old = door.current_door_code(gathering)
    client.post(door_url(gathering, "door_renew"))
    assert client.get(scan_url(gathering, old)).status_code == 400


def test_host_buttons_need_a_post(client, personas, gathering):
    client.force_login(personas.colleague)
    assert client.get(door_url(gathering, "door_renew")).status_code == 405


# --- Scanning ------------------------------------------------------------------------------


def test_a_valid_scan_leaves_a_pass_and_a_clean_address(client, gathering):
    response = client.get(scan_url(gathering))
    assert response.status_code == 302
    assert response["Location"] == door_url(gathering, "door_in")
    assert client.session[DOOR_PASS]["gathering"] == gathering.pk


@pytest.mark.parametrize("code", ["aaaaaaaaaa", "done2", "%C3%84%C3%96", "x" * 300])
def test_a_forged_code_gets_a_friendly_page(client, gathering, code):
    door.current_door_code(gathering)
    response = client.get(f"/gatherings/{gathering.pk}/in/{code}/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ask the host to show the current code" in html
    assert gathering.title not in html
    assert DOOR_PASS not in client.session


@override_settings(PLEIN_DOOR_CODE_MINUTES=3, PLEIN_DOOR_CODE_GRACE_MINUTES=10)
def test_an_expired_code_gets_a_friendly_page(client, gathering):
    old = door.current_door_code(gathering, timezone.now() - timedelta(minutes=14))
    response = client.get(scan_url(gathering, old))
    assert response.status_code == 400
    assert "Ask the host to show the current code" in response.content.decode()


def test_a_code_for_a_closed_door_says_why(client, personas):
    early = make_gathering(personas, starts_in=timedelta(hours=5))
    response = client.get(scan_url(early))
    assert response.status_code == 409
    assert "two hours before" in response.content.decode()
    cancelled = make_gathering(personas, cancelled_at=timezone.now())
    response = client.get(scan_url(cancelled))
    assert response.status_code == 410
    assert "cancelled" in response.content.decode()


def test_an_unknown_gathering_is_not_found(client):
    assert client.get("/gatherings/987654/in/aaaaaaaaaa/").status_code == 404


def test_without_a_scan_the_door_asks_for_one(client, personas, gathering):
    response = client.get(door_url(gathering, "door_in"))
    assert response.status_code == 400
    assert "scan the QR code" in response.content.decode()
    client.force_login(personas.member)
    assert client.post(door_url(gathering, "door_in")).status_code == 400
    assert client.get(door_url(gathering, "door_complete")).status_code == 400
    assert not CheckIn.objects.exists()


def test_a_pass_is_for_one_gathering_and_half_an_hour(client, personas, gathering):
    other = make_gathering(personas)
    client.force_login(personas.member)
    client.get(scan_url(other))
    assert client.post(door_url(gathering, "door_in")).status_code == 400
    client.get(scan_url(gathering))
    session = client.session
    session[DOOR_PASS]["at"] = (timezone.now() - timedelta(minutes=31)).isoformat()
    session.save()
    assert client.post(door_url(gathering, "door_in")).status_code == 400
    assert not CheckIn.objects.exists()


def test_the_scan_takes_a_fixed_number_of_queries(client, gathering, django_assert_num_queries):
    url = scan_url(gathering)
    # 1 gathering with theme, circle and organiser; 2 to 5 the new visitor's session
    # saved (exists check, then the insert in a savepoint).
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 302


# --- A member at the door ------------------------------------------------------------------


def test_a_member_checks_in_with_one_tap(client, personas, gathering):
    client.force_login(personas.member)
    response = client.get(scan_url(gathering), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Check me in" in html
    assert gathering.title in html
    assert not CheckIn.objects.exists(), "opening the page checks nobody in"

    response = client.post(door_url(gathering, "door_in"))
    assert response["Location"] == door_url(gathering, "door_complete")
    checkin = CheckIn.objects.get()
    assert (checkin.member, checkin.method) == (personas.member, CheckIn.Method.MEMBER)
    assert personas.prevention in personas.member.followed_themes.all()
    assert DOOR_PASS not in client.session

    html = client.get(door_url(gathering, "door_complete")).content.decode()
    assert "You are checked in" in html
    assert gathering.get_absolute_url() in html
    assert "You follow the theme Preventie" in html


def test_a_member_who_scans_again_is_already_in(client, personas, gathering):
    client.force_login(personas.member)
    client.get(scan_url(gathering))
    client.post(door_url(gathering, "door_in"))
    response = client.get(scan_url(gathering), follow=True)
    assert "You are checked in" in response.content.decode()
    client.post(door_url(gathering, "door_in"))
    assert CheckIn.objects.count() == 1
    assert Gathering.objects.get(pk=gathering.pk).checkin_count == 1


def test_a_member_with_a_printed_code_is_counted_as_such(client, personas, gathering):
    code = door.print_door_code(personas.colleague, gathering)
    client.force_login(personas.member)
    client.get(scan_url(gathering, code))
    client.post(door_url(gathering, "door_in"))
    assert CheckIn.objects.get().method == CheckIn.Method.PRINTED


def test_the_member_page_takes_a_fixed_number_of_queries(
    client, personas, gathering, django_assert_num_queries
):
    client.force_login(personas.member)
    client.get(scan_url(gathering))
    # 1 session, 2 member, 3 gathering, 4 checked in already?, 5 visible to the member?,
    # 6 unread notifications (the header).
    with django_assert_num_queries(6):
        assert client.get(door_url(gathering, "door_in")).status_code == 200


def test_an_outsider_of_a_closed_circle_learns_nothing_of_it(client, personas):
    circle = make_circle(personas, Circle.Access.CLOSED, host=personas.colleague, members=[])
    gathering = make_gathering(personas, circle=circle, title="Signalen op de Esch")
    client.force_login(personas.other_org_member)
    response = client.get(scan_url(gathering), follow=True)
    assert response.status_code == 403
    html = response.content.decode()
    assert "for the members of its circle" in html
    for secret in ("Signalen op de Esch", circle.name, "Het Rozendaal"):
        assert secret not in html
    assert client.post(door_url(gathering, "door_in")).status_code == 403
    assert client.get(door_url(gathering, "door_complete")).status_code == 403
    assert not CheckIn.objects.exists()


def test_a_circle_member_checks_in_at_its_gathering(client, personas):
    circle = make_circle(
        personas, Circle.Access.SECRET, host=personas.colleague, members=[personas.member]
    )
    gathering = make_gathering(personas, circle=circle)
    client.force_login(personas.member)
    client.get(scan_url(gathering))
    client.post(door_url(gathering, "door_in"))
    assert CheckIn.objects.get().member == personas.member


# --- Someone without a session ---------------------------------------------------------------


def test_a_newcomer_is_in_with_an_e_mail_and_a_code(client, personas, gathering):
    response = client.get(scan_url(gathering), follow=True)
    html = response.content.decode()
    assert "Check in at Preventie in Hengelo" in html
    assert 'name="email"' in html

    response = client.post(door_url(gathering, "door_in"), {"email": "Lotte@Borne.example "})
    assert response["Location"] == reverse("members:login_code")
    code = code_in(last_mail_to("lotte@borne.example"))
    response = client.post(
        reverse("members:login_code"), {"email": "lotte@borne.example", "code": code}
    )
    # A newcomer gives their name first (the one question the welcome asks) ...
    assert response["Location"] == reverse("members:welcome")
    response = client.post(reverse("members:welcome"), {"name": "Lotte de Vries"})
    # ... and lands on the check-in.
    assert response["Location"] == door_url(gathering, "door_complete")
    response = client.get(response["Location"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "You are checked in" in html

    lotte = Member.objects.get(email="lotte@borne.example")
    assert lotte.name == "Lotte de Vries"
    checkin = CheckIn.objects.get()
    assert (checkin.member, checkin.method) == (lotte, CheckIn.Method.NEWCOMER)
    assert list(lotte.followed_themes.all()) == [personas.prevention]
    door_invite = Gathering.objects.get(pk=gathering.pk).door_invite
    assert door_invite is not None and door_invite.uses == 1


def test_a_member_without_a_session_logs_in_and_is_checked_in(client, personas, gathering):
    client.get(scan_url(gathering))
    client.post(door_url(gathering, "door_in"), {"email": personas.member.email})
    code = code_in(last_mail_to(personas.member.email))
    response = client.post(
        reverse("members:login_code"), {"email": personas.member.email, "code": code}
    )
    assert response["Location"] == door_url(gathering, "door_complete")
    client.get(response["Location"])
    checkin = CheckIn.objects.get()
    assert (checkin.member, checkin.method) == (personas.member, CheckIn.Method.MEMBER)


@pytest.mark.parametrize("signup", ["request", "invite"])
def test_an_invitation_only_community_still_admits_at_the_door(client, settings, gathering, signup):
    settings.PLEIN_SIGNUP = signup
    client.get(scan_url(gathering))
    client.post(door_url(gathering, "door_in"), {"email": "lotte@borne.example"})
    code = code_in(last_mail_to("lotte@borne.example"))
    client.post(reverse("members:login_code"), {"email": "lotte@borne.example", "code": code})
    client.post(reverse("members:welcome"), {"name": "Lotte de Vries"})
    client.get(door_url(gathering, "door_complete"))
    assert CheckIn.objects.get().member.email == "lotte@borne.example"


def test_a_bad_address_keeps_the_form(client, gathering):
    client.get(scan_url(gathering))
    response = client.post(door_url(gathering, "door_in"), {"email": "lotte@"})
    assert response.status_code == 400
    assert "valid e-mail address" in response.content.decode()
    assert response.context["form"].errors
    assert not mail.outbox


def test_a_closed_circles_door_shows_visitors_nothing_and_makes_no_accounts(
    client, settings, personas
):
    settings.PLEIN_SIGNUP = "request"
    circle = make_circle(personas, Circle.Access.CLOSED, host=personas.colleague, members=[])
    gathering = make_gathering(personas, circle=circle, title="Signalen op de Esch")
    response = client.get(scan_url(gathering), follow=True)
    html = response.content.decode()
    assert "Log in to check in" in html
    assert "Signalen op de Esch" not in html
    client.post(door_url(gathering, "door_in"), {"email": "lotte@borne.example"})
    # Not through the door's invite: the community's own rule for strangers applies.
    assert "/request-access/" in str(last_mail_to("lotte@borne.example").body)
    assert Gathering.objects.get(pk=gathering.pk).door_invite is None
    assert not Member.objects.filter(email="lotte@borne.example").exists()


def test_a_newcomer_whose_pass_ran_out_is_told_to_scan_again(client, gathering):
    client.get(scan_url(gathering))
    client.post(door_url(gathering, "door_in"), {"email": "lotte@borne.example"})
    session = client.session
    session[DOOR_PASS]["at"] = (timezone.now() - timedelta(minutes=31)).isoformat()
    session.save()
    code = code_in(last_mail_to("lotte@borne.example"))
    client.post(reverse("members:login_code"), {"email": "lotte@borne.example", "code": code})
    client.post(reverse("members:welcome"), {"name": "Lotte de Vries"})
    response = client.get(door_url(gathering, "door_complete"))
    assert response.status_code == 400
    assert "scan the QR code" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_at_the_door_a_code_works_only_in_the_browser_that_asked_and_a_known_browser_passes_the_address_limit(
    client, personas, gathering
):
    """The door asks for its login mail as the login page does (issue 14.4): strangers
    asking for the member's address cannot spend the code or lock a known browser out."""
    from plein.core.testing import CommittingClient
    from plein.members import device

    # An earlier login left this browser its device cookie.
    client.post(reverse("members:login"), {"email": personas.member.email})
    client.post(
        reverse("members:login_code"),
        {"email": personas.member.email, "code": code_in(last_mail_to(personas.member.email))},
    )
    remembered = client.cookies[device.COOKIE_NAME].value
    client.logout()  # the test client's logout forgets every cookie; a browser keeps this one
    client.cookies[device.COOKIE_NAME] = remembered
    for number in range(12):  # strangers, from as many addresses, use up the address's limits
        stranger = CommittingClient(REMOTE_ADDR=f"203.0.113.{number}")
        stranger.post(reverse("members:login"), {"email": personas.member.email})
    assert (
        stranger.post(reverse("members:login"), {"email": personas.member.email}).status_code == 429
    )

    client.get(scan_url(gathering))
    asked = client.post(door_url(gathering, "door_in"), {"email": personas.member.email})
    assert asked["Location"] == reverse("members:login_code")
    code = code_in(last_mail_to(personas.member.email))
    elsewhere = CommittingClient()
    refused = elsewhere.post(
        reverse("members:login_code"), {"email": personas.member.email, "code": code}
    )
    assert refused.status_code == 400
    response = client.post(
        reverse("members:login_code"), {"email": personas.member.email, "code": code}
    )
    assert response["Location"] == door_url(gathering, "door_complete")
