"""The demo gatherings: past and upcoming, some full with a waiting list, check-ins and
notes at past ones, circle gatherings when circles exist; loaded once, mailing nobody."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from plein.circles.models import Circle, Membership
from plein.core.privacy import scan
from plein.gatherings.demo import GATHERINGS, NOTES, load_demo_gatherings
from plein.gatherings.models import CheckIn, FollowUp, Gathering, Rsvp
from plein.members.demo import THEMES, load_demo_community
from plein.members.models import Member
from plein.notify.delivery import tick
from plein.notify.models import Notification


def test_no_demo_text_looks_like_client_data() -> None:
    for demo in GATHERINGS:
        for text in (demo.title, demo.description, demo.location):
            assert scan(text) == [], text
    for note in NOTES:
        assert scan(note) == [], note
    assert {demo.theme for demo in GATHERINGS} <= {spec.slug for spec in THEMES}


@pytest.mark.django_db
def test_the_demo_loads_once_with_rsvps_waiting_lists_check_ins_and_notes() -> None:
    load_demo_community()
    host = Member.objects.filter(is_active=True).order_by("pk")[3]
    circle = Circle.objects.create(
        name="Preventie op school", access=Circle.Access.CLOSED, learning_goal="Een aanpak"
    )
    Membership.objects.create(circle=circle, member=host, role=Membership.Role.HOST)
    for member in Member.objects.filter(is_active=True).order_by("pk")[4:8]:
        Membership.objects.create(circle=circle, member=member)
    mail.outbox.clear()
    made = load_demo_gatherings()
    # The listed ones, one in the circle, and one whose door is open now (to try in make run).
    assert made == len(GATHERINGS) + 2
    assert load_demo_gatherings() == 0
    now = timezone.now()
    gatherings = Gathering.objects.all()
    assert gatherings.filter(ends_at__lt=now).count() >= 5
    assert gatherings.filter(starts_at__gt=now).count() >= 7
    full = gatherings.filter(waitlist_count__gt=0)
    assert full.exists()
    for gathering in gatherings:
        rsvps = Rsvp.objects.filter(gathering=gathering)
        assert gathering.going_count == rsvps.filter(status="going").count()
        assert gathering.waitlist_count == rsvps.filter(status="waitlisted").count()
        assert gathering.checkin_count == CheckIn.objects.filter(gathering=gathering).count()
        if gathering.capacity:
            assert gathering.going_count <= gathering.capacity
    past = gatherings.filter(ends_at__lt=now)
    assert CheckIn.objects.filter(gathering__in=past).count() > 20
    assert FollowUp.objects.filter(gathering__in=past).count() >= len(past)
    in_circle = Gathering.objects.get(circle=circle)
    assert in_circle.organiser == host
    assert Rsvp.objects.filter(gathering=in_circle).exists()
    door = Gathering.objects.get(title__startswith="Inloopmiddag")
    assert door.starts_at - dt.timedelta(hours=2) < now < door.ends_at
    sanne = Member.objects.get(email="demo@plein.example")
    assert Rsvp.objects.filter(member=sanne, gathering__starts_at__gt=now).exists()
    # Nobody is mailed, now or by the next tick.
    assert not Notification.objects.filter(mail=Notification.Mail.PENDING).exists()
    tick()
    assert mail.outbox == []
