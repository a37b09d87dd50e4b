"""The gathering pages: list, detail, plan, edit, cancel, RSVP and notes; what each viewer
may see; typed input kept on errors; query counts pinned and not growing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.circles.models import Circle, Membership
from plein.gatherings import actions
from plein.gatherings.models import FollowUp, Gathering, Rsvp
from plein.gatherings.queries import upcoming_for
from plein.gatherings.tests.helpers import (  # noqa: F401 (fixtures by their names)
    client_fixture,
    english_fixture,
    make_circle,
    move_to_past,
    new_member,
    personas_fixture,
    plan,
    start_now,
)
from plein.library.actions import share_link
from plein.posts.actions import ask_question

pytestmark = pytest.mark.django_db

LIST = reverse("gatherings:list")
NEW = reverse("gatherings:new")


def _form(theme, **changes):
    day = timezone.localdate() + datetime.timedelta(days=7)
    data = {
        "title": "Signalen vroeg zien",
        "description": "Programma volgt.",
        "theme": theme.slug,
        "date": day.isoformat(),
        "start_time": "14:00",
        "end_time": "16:30",
        "location": "Stadhuis Hengelo",
        "online_url": "",
        "capacity": "12",
        "submit_key": "abc",
    }
    data.update(changes)
    return data


def test_visitors_are_sent_to_log_in(client, personas):
    gathering = plan(personas.community_manager, personas.prevention)
    for url in (
        LIST,
        NEW,
        gathering.get_absolute_url(),
        reverse("gatherings:ics", args=[gathering.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_planning_through_the_form(client, personas):
    client.force_login(personas.community_manager)
    assert client.get(NEW + "?theme=preventie").status_code == 200
    response = client.post(NEW, _form(personas.prevention))
    gathering = Gathering.objects.get()
    assert response.status_code == 302 and response["Location"] == gathering.get_absolute_url()
    local = timezone.localtime(gathering.starts_at)
    assert (local.hour, local.minute, gathering.capacity) == (14, 0, 12)
    assert timezone.localtime(gathering.ends_at).minute == 30
    # A double click plans it once.
    client.post(NEW, _form(personas.prevention))
    assert Gathering.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_time": "13:00"}, "end_time", "ends before it starts"),
        ({"date": "2020-01-01"}, "start_time", "in the past"),
        ({"capacity": "0"}, "capacity", "1 or more"),
        ({"capacity": "-3"}, "capacity", "1 or more"),
        ({"location": ""}, "location", "give a place, an online link"),
        ({"online_url": "ftp://x"}, "online_url", "https://"),
    ],
)
def test_bad_input_comes_back_with_the_message_and_everything_typed(
    client, personas, changes, field, message
):
    client.force_login(personas.community_manager)
    response = client.post(NEW, _form(personas.prevention, **changes))
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert 'value="Signalen vroeg zien"' in html and "Programma volgt." in html
    assert not Gathering.objects.exists()


def test_a_member_cannot_plan_in_a_circle_they_do_not_host(client, personas):
    circle = make_circle(personas.colleague, members=(personas.member,))
    client.force_login(personas.member)
    # The circle is not offered; posting it anyway is refused by the form.
    response = client.get(NEW + f"?circle={circle.pk}")
    assert f'value="{circle.pk}"' not in response.content.decode()
    response = client.post(NEW, _form(personas.prevention, circle=str(circle.pk)))
    assert response.status_code == 400 and not Gathering.objects.exists()
    client.force_login(personas.colleague)
    response = client.get(NEW + f"?circle={circle.pk}")
    assert f'<option value="{circle.pk}" selected>' in response.content.decode()


def test_the_privacy_guard_asks_before_planning(client, personas):
    client.force_login(personas.member)
    data = _form(personas.prevention, description="Bel mij op 06-12345678")
    response = client.post(NEW, data)
    assert response.status_code == 400 and response.context["privacy_findings"]
    assert "confirm_privacy" in response.content.decode()
    client.post(NEW, {**data, "confirm_privacy": "on"})
    assert Gathering.objects.count() == 1


def test_detail_shows_when_where_seats_and_attendees(client, personas):
    gathering = plan(personas.community_manager, personas.prevention, capacity=3)
    actions.rsvp(personas.member, gathering, Rsvp.Status.GOING)
    actions.rsvp(personas.colleague, gathering, Rsvp.Status.GOING, listed=False)
    actions.rsvp(personas.other_org_member, gathering, Rsvp.Status.MAYBE)
    client.force_login(personas.other_org_member)
    html = client.get(gathering.get_absolute_url()).content.decode()
    assert "Stadhuis Hengelo, zaal 2" in html and "14:00" in html and "16:00" in html
    assert "1 left" in html and "2 going" in html
    assert "Fatima el Amrani" in html and "Joost Bakker" not in html
    assert "1 member who prefers not to be listed" in html
    assert "1 member might come" in html
    assert "You might go." in html
    # Not the organiser: no tools.
    assert reverse("gatherings:edit", args=[gathering.pk]) not in html


def test_rsvp_buttons_take_a_seat_then_the_waiting_list(client, personas):
    gathering = plan(personas.community_manager, personas.prevention, capacity=1)
    url = reverse("gatherings:rsvp", args=[gathering.pk])
    client.force_login(personas.member)
    response = client.post(url, {"status": "going", "listed": "on"}, follow=True)
    assert "You are going" in response.content.decode()
    client.force_login(personas.colleague)
    response = client.post(url, {"status": "going"}, follow=True)
    html = response.content.decode()
    assert "waiting list (number 1)" in html and "number 1 on the waiting list" in html
    rsvp = Rsvp.objects.get(member=personas.colleague)
    assert rsvp.status == Rsvp.Status.WAITLISTED and rsvp.listed is False
    client.force_login(personas.member)
    client.post(url, {"status": "not_going"})
    assert Rsvp.objects.get(member=personas.colleague).status == Rsvp.Status.GOING


def test_rsvp_to_a_cancelled_or_past_gathering_says_why(client, personas):
    cancelled = plan(personas.community_manager, personas.prevention)
    actions.cancel_gathering(personas.community_manager, cancelled)
    past = move_to_past(plan(personas.community_manager, personas.prevention))
    client.force_login(personas.member)
    response = client.post(reverse("gatherings:rsvp", args=[cancelled.pk]), {"status": "going"})
    assert response.status_code == 400 and "cancelled" in response.content.decode()
    response = client.post(reverse("gatherings:rsvp", args=[past.pk]), {"status": "going"})
    assert response.status_code == 400 and "sign-ups are closed" in response.content.decode()
    response = client.post(reverse("gatherings:rsvp", args=[past.pk]), {"status": "bogus"})
    assert response.status_code == 400
    assert client.get(reverse("gatherings:rsvp", args=[past.pk])).status_code == 405
    assert not Rsvp.objects.exists()


def test_a_closed_circle_gathering_is_404_for_outsiders_and_removed_members(client, personas):
    circle = make_circle(personas.colleague, members=(personas.member,))
    gathering = plan(personas.colleague, personas.prevention, circle=circle)
    urls = [
        gathering.get_absolute_url(),
        reverse("gatherings:ics", args=[gathering.pk]),
        reverse("gatherings:edit", args=[gathering.pk]),
        reverse("gatherings:cancel", args=[gathering.pk]),
    ]
    client.force_login(personas.other_org_member)
    for url in urls:
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("gatherings:rsvp", args=[gathering.pk]), {"status": "going"}
        ).status_code
        == 404
    )
    assert "Preventie op school" not in client.get(LIST).content.decode()
    client.force_login(personas.member)
    assert client.get(urls[0]).status_code == 200
    Membership.objects.filter(circle=circle, member=personas.member).delete()
    assert client.get(urls[0]).status_code == 404
    client.force_login(personas.community_manager)
    assert client.get(urls[0]).status_code == 200


def test_edit_and_cancel_are_for_the_organiser(client, personas):
    gathering = plan(personas.member, personas.prevention)
    client.force_login(personas.colleague)
    assert client.get(reverse("gatherings:edit", args=[gathering.pk])).status_code == 403
    assert client.post(reverse("gatherings:cancel", args=[gathering.pk])).status_code == 403
    client.force_login(personas.member)
    edit_url = reverse("gatherings:edit", args=[gathering.pk])
    response = client.get(edit_url)
    assert response.status_code == 200 and 'value="14:00"' in response.content.decode()
    data = _form(personas.prevention, title="Nieuwe titel", end_time="10:00", start_time="11:00")
    response = client.post(edit_url, data)
    assert response.status_code == 400 and 'value="Nieuwe titel"' in response.content.decode()
    response = client.post(edit_url, _form(personas.prevention, title="Nieuwe titel"))
    assert response.status_code == 302
    gathering.refresh_from_db()
    assert gathering.title == "Nieuwe titel" and gathering.sequence == 1
    cancel_url = reverse("gatherings:cancel", args=[gathering.pk])
    assert "Cancel “Nieuwe titel”?" in client.get(cancel_url).content.decode()
    response = client.post(cancel_url, {"reason": "Te weinig aanmeldingen"}, follow=True)
    assert "This gathering has been cancelled." in response.content.decode()
    gathering.refresh_from_db()
    assert gathering.is_cancelled and gathering.sequence == 2


def test_the_follow_up_space_after_the_start(client, personas):
    cm = personas.community_manager
    gathering = plan(cm, personas.prevention)
    actions.rsvp(personas.member, gathering, Rsvp.Status.GOING)
    client.force_login(personas.member)
    assert 'id="follow-up"' not in client.get(gathering.get_absolute_url()).content.decode()
    start_now(gathering)
    question = ask_question(
        personas.member, theme=personas.prevention, title="Hoe houden we dit vol?", body=""
    )
    question.gathering = gathering
    question.save(update_fields=["gathering"])
    resource = share_link(
        cm, theme=personas.prevention, title="Signalenkaart", url="https://nji.nl/kaart"
    )
    resource.gathering = gathering
    resource.save(update_fields=["gathering"])
    html = client.get(gathering.get_absolute_url()).content.decode()
    assert 'id="follow-up"' in html and "Hoe houden we dit vol?" in html and "Signalenkaart" in html
    assert f"?gathering={gathering.pk}" in html
    url = reverse("gatherings:add_note", args=[gathering.pk])
    response = client.post(url, {"body": "", "submit_key": "n1"})
    assert response.status_code == 400
    response = client.post(url, {"body": "Bel 06-12345678 voor de kaart", "submit_key": "n1"})
    assert response.status_code == 400 and "Bel 06-12345678" in response.content.decode()
    response = client.post(
        url, {"body": "We maken **een kaart**.", "submit_key": "n1"}, follow=True
    )
    assert "<strong>een kaart</strong>" in response.content.decode()
    assert FollowUp.objects.count() == 1
    # Someone who was not there reads, but cannot add notes.
    client.force_login(personas.other_org_member)
    html = client.get(gathering.get_absolute_url()).content.decode()
    assert "een kaart" in html and url not in html
    assert client.post(url, {"body": "Ik ook"}).status_code == 403


def test_the_list_has_upcoming_and_past_and_filters_by_theme(client, personas):
    cm = personas.community_manager
    plan(cm, personas.prevention, title="Later", days=5)
    plan(cm, personas.prevention, title="Eerst", days=1)
    plan(cm, personas.youth_care, title="Jeugd")
    move_to_past(plan(cm, personas.prevention, title="Geweest"))
    client.force_login(personas.member)

    def titles(**params: str) -> list[str]:
        return [g.title for g in client.get(LIST, params).context["page"].items]

    assert titles() == ["Eerst", "Jeugd", "Later"]
    assert titles(theme="preventie") == ["Eerst", "Later"]
    assert titles(when="past") == ["Geweest"]
    assert client.get(LIST, {"theme": "bestaat-niet"}).status_code == 400
    assert titles(after="rommel") == ["Eerst", "Jeugd", "Later"]
    assert titles(after="WyJ4IiwgMV0") == ["Eerst", "Jeugd", "Later"]  # ["x", 1]


def test_list_pages_follow_on(client, personas):
    for number in range(23):
        plan(personas.community_manager, personas.prevention, title=f"G{number}", days=1 + number)
    client.force_login(personas.member)
    first = client.get(LIST).context["page"]
    assert len(first.items) == 20 and first.next_cursor
    second = client.get(LIST, {"after": first.next_cursor}).context["page"]
    assert [g.title for g in second.items] == ["G20", "G21", "G22"]


def test_list_queries_are_pinned_and_do_not_grow(client, personas, django_assert_num_queries):
    circle = make_circle(personas.community_manager, members=(personas.member,))
    plan(personas.community_manager, personas.prevention, circle=circle)
    client.force_login(personas.member)
    client.get(LIST)
    # 1 session, 2 member, 3 themes (filter), 4 gatherings with theme, circle and my RSVP,
    # 5 unread notifications
    with django_assert_num_queries(5):
        client.get(LIST)
    for number in range(10):
        gathering = plan(personas.community_manager, personas.youth_care, title=f"G{number}")
        actions.rsvp(personas.member, gathering, Rsvp.Status.GOING)
    with django_assert_num_queries(5):
        assert len(client.get(LIST).context["page"].items) == 11


def test_detail_queries_are_pinned_and_do_not_grow(client, personas, django_assert_num_queries):
    cm = personas.community_manager
    gathering = plan(cm, personas.prevention)
    client.force_login(personas.member)
    url = gathering.get_absolute_url()
    client.get(url)
    # 1 session, 2 member, 3 gathering (theme, circle, organiser), 4 RSVPs (attendees and
    # mine), 5 unread notifications (no circle: no host check)
    with django_assert_num_queries(5):
        client.get(url)
    for number in range(8):
        member = new_member(f"m{number}@example.org")
        actions.rsvp(member, gathering, Rsvp.Status.GOING, listed=number % 2 == 0)
    with django_assert_num_queries(5):
        client.get(url)
    start_now(gathering)
    for number in range(3):
        actions.add_followup(cm, gathering, body=f"Notitie {number}")
    # + 6 notes, 7 questions, 8 resources, 9-10 may add notes (going? checked in?)
    with django_assert_num_queries(10):
        html = client.get(url).content.decode()
    assert html.count("Notitie ") == 3


def test_theme_page_shows_upcoming_and_past(client, personas):
    cm = personas.community_manager
    plan(cm, personas.prevention, title="Binnenkort")
    move_to_past(plan(cm, personas.prevention, title="Vorige maand"))
    plan(cm, personas.youth_care, title="Ander thema")
    client.force_login(personas.member)
    html = client.get(personas.prevention.get_absolute_url()).content.decode()
    assert "Binnenkort" in html and "Vorige maand" in html and "Ander thema" not in html


def test_upcoming_for_puts_ones_own_gatherings_first(personas, django_assert_num_queries):
    cm = personas.community_manager
    soon = plan(cm, personas.prevention, title="Snel", days=1)
    mine = plan(cm, personas.prevention, title="Mijn", days=6)
    declined = plan(cm, personas.prevention, title="Nee", days=1)
    cancelled = plan(cm, personas.prevention, title="Afgelast", days=2)
    actions.rsvp(personas.member, mine, Rsvp.Status.GOING)
    actions.rsvp(personas.member, declined, Rsvp.Status.NOT_GOING)
    actions.cancel_gathering(cm, cancelled)
    with django_assert_num_queries(1):
        titles = [g.title for g in upcoming_for(personas.member)]
    assert titles == ["Mijn", "Snel"]
    assert soon.pk
    actions.rsvp(
        personas.colleague, plan(cm, personas.youth_care, title="Later"), Rsvp.Status.MAYBE
    )
    assert [g.title for g in upcoming_for(personas.colleague, limit=1)] == ["Later"]


def test_open_circle_gatherings_are_listed_for_everyone(client, personas):
    circle = make_circle(personas.colleague, access=Circle.Access.OPEN)
    plan(personas.colleague, personas.prevention, title="Open kring", circle=circle)
    client.force_login(personas.other_org_member)
    assert "Open kring" in client.get(LIST).content.decode()
