"""Calendar files, parsed back with icalendar: one gathering, and the personal feed (secret
address, revocable; what is in it decided by visible_to at every poll)."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from plein.circles.models import Membership
from plein.gatherings import actions
from plein.gatherings.models import Rsvp
from plein.gatherings.tests.helpers import (  # noqa: F401 (fixtures by their names)
    client_fixture,
    english_fixture,
    make_circle,
    move_to_past,
    personas_fixture,
    plan,
)

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_one_gathering_as_a_calendar_file(client, personas):
    gathering = plan(
        personas.community_manager,
        personas.prevention,
        online_url="https://meet.example/x",
        description="Programma: **signalen**.",
    )
    client.force_login(personas.member)
    calendar = _parse(client.get(reverse("gatherings:ics", args=[gathering.pk])))
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == gathering.title
    assert str(event["UID"]) == f"gathering-{gathering.pk}@127.0.0.1"
    assert event["SEQUENCE"] == 0 and str(event["STATUS"]) == "CONFIRMED"
    start = event.decoded("DTSTART")
    assert start == gathering.starts_at and start.tzinfo.key == "Europe/Amsterdam"
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("DTEND") == gathering.ends_at
    assert str(event["LOCATION"]) == "Stadhuis Hengelo, zaal 2"
    assert str(event["URL"]).endswith(gathering.get_absolute_url())
    assert "signalen" in str(event["DESCRIPTION"]) and "DTSTAMP" in event
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Amsterdam"


def test_changes_and_cancellation_reach_the_calendar(client, personas):
    cm = personas.community_manager
    gathering = plan(cm, personas.prevention)
    start = gathering.starts_at + datetime.timedelta(hours=1)
    actions.edit_gathering(
        cm,
        gathering,
        title=gathering.title,
        theme=gathering.theme,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        location="Elders",
    )
    actions.cancel_gathering(cm, gathering)
    client.force_login(cm)
    [event] = _parse(client.get(reverse("gatherings:ics", args=[gathering.pk]))).walk("VEVENT")
    assert event["SEQUENCE"] == 2 and str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("DTSTART") == start and str(event["LOCATION"]) == "Elders"


def _feed_url(member) -> str:
    token = actions.calendar_feed_for(member).token
    return reverse("gatherings:calendar_feed", kwargs={"token": token})


def test_the_feed_carries_what_the_member_signed_up_for(
    client, personas, django_assert_num_queries
):
    cm, member = personas.community_manager, personas.member
    going = plan(cm, personas.prevention, title="Ik ga")
    maybe = plan(cm, personas.prevention, title="Misschien")
    waiting = plan(cm, personas.prevention, title="Vol", capacity=1)
    declined = plan(cm, personas.prevention, title="Nee")
    plan(cm, personas.prevention, title="Niet aangemeld")
    cancelled = plan(cm, personas.prevention, title="Afgelast")
    actions.rsvp(member, going, Rsvp.Status.GOING)
    actions.rsvp(member, maybe, Rsvp.Status.MAYBE)
    actions.rsvp(personas.colleague, waiting, Rsvp.Status.GOING)
    actions.rsvp(member, waiting, Rsvp.Status.GOING)
    actions.rsvp(member, declined, Rsvp.Status.NOT_GOING)
    actions.rsvp(member, cancelled, Rsvp.Status.GOING)
    actions.cancel_gathering(cm, cancelled)
    url = _feed_url(member)
    # No login: the secret address is the key. 1 feed with its member, 2 gatherings.
    with django_assert_num_queries(2):
        calendar = _parse(client.get(url))
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Ik ga", "Misschien", "Vol", "Afgelast"}
    assert str(events["Afgelast"]["STATUS"]) == "CANCELLED"
    assert events["Afgelast"]["SEQUENCE"] == 1
    assert len(calendar.walk("VTIMEZONE")) == 1
    for number in range(5):
        actions.rsvp(member, plan(cm, personas.youth_care, title=f"G{number}"), Rsvp.Status.GOING)
    with django_assert_num_queries(2):
        assert len(_parse(client.get(url)).walk("VEVENT")) == 9


def test_the_feed_drops_a_circle_gathering_once_the_member_is_removed(client, personas):
    circle = make_circle(personas.community_manager, members=(personas.member,))
    gathering = plan(personas.community_manager, personas.prevention, title="Kring", circle=circle)
    actions.rsvp(personas.member, gathering, Rsvp.Status.GOING)
    url = _feed_url(personas.member)
    assert "Kring" in client.get(url).content.decode()
    Membership.objects.filter(circle=circle, member=personas.member).delete()
    response = client.get(url)
    assert response.status_code == 200
    assert _parse(response).walk("VEVENT") == []
    assert b"Kring" not in response.content


def test_a_renewed_or_revoked_address_or_a_deactivated_member_gets_404(client, personas):
    gathering = plan(personas.community_manager, personas.prevention, title="Geheim adres")
    actions.rsvp(personas.member, gathering, Rsvp.Status.GOING)
    old = _feed_url(personas.member)
    actions.renew_calendar_feed(personas.member)
    response = client.get(old)
    assert response.status_code == 404 and b"Geheim adres" not in response.content
    new = _feed_url(personas.member)
    assert client.get(new).status_code == 200
    actions.revoke_calendar_feed(personas.member)
    assert client.get(new).status_code == 404
    again = _feed_url(personas.member)
    personas.member.is_active = False
    personas.member.save(update_fields=["is_active"])
    assert client.get(again).status_code == 404
    assert (
        client.get(reverse("gatherings:calendar_feed", kwargs={"token": "raden"})).status_code
        == 404
    )


def test_past_gatherings_stay_in_the_feed_for_a_while(client, personas):
    gathering = plan(personas.community_manager, personas.prevention, title="Vorige week")
    actions.rsvp(personas.member, gathering, Rsvp.Status.GOING)
    move_to_past(gathering, days_ago=7)
    assert "Vorige week" in client.get(_feed_url(personas.member)).content.decode()
    move_to_past(gathering, days_ago=400)
    assert "Vorige week" not in client.get(_feed_url(personas.member)).content.decode()


def test_the_calendar_page_gets_renews_and_stops_the_address(client, personas):
    url = reverse("gatherings:calendar")
    client.force_login(personas.member)
    html = client.get(url).content.decode()
    assert "Get my calendar address" in html
    client.post(url, {"action": "create"})
    token = personas.member.calendar_feed.token
    html = client.get(url).content.decode()
    assert f"/gatherings/calendar/{token}.ics" in html and "webcal://" in html
    client.post(url, {"action": "renew"})
    personas.member.calendar_feed.refresh_from_db()
    assert personas.member.calendar_feed.token != token
    client.post(url, {"action": "revoke"})
    assert "Get my calendar address" in client.get(url).content.decode()
