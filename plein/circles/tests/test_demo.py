"""The demo circles: a dozen of each kind, 3 to 8 members, hosts, goals, notes, waiting
requests and content in circles, loaded through the actions, once."""

from io import StringIO

import pytest
from django.db.models import Count

from plein.circles.demo import CIRCLES, load_demo_circles
from plein.circles.models import Circle, JoinRequest, Membership, ProgressNote
from plein.core.privacy import scan
from plein.library.models import Resource
from plein.members.demo import DEMO_MEMBER_EMAIL, load_demo_community
from plein.notify.models import Notification
from plein.posts.models import Post


def test_no_demo_text_looks_like_client_data() -> None:
    for spec in CIRCLES:
        for text in (spec.name, spec.learning_goal, spec.description, *spec.notes, spec.question):
            assert not scan(text), text


@pytest.mark.django_db
def test_the_demo_circles_load_once() -> None:
    load_demo_community()
    out = StringIO()
    assert load_demo_circles(stdout=out) == len(CIRCLES) == 36
    assert "Circles: 36 (36 new)" in out.getvalue()
    counts = dict(Circle.objects.values_list("access").annotate(n=Count("id")))
    assert counts == {"open": 12, "closed": 12, "secret": 12}
    for circle in Circle.objects.annotate(n=Count("memberships")):
        assert 3 <= circle.n <= 8 and circle.member_count == circle.n
        assert circle.goal_due and circle.learning_goal
        assert Membership.objects.filter(circle=circle, role="host").exists()
    assert JoinRequest.objects.filter(status="pending").exists()
    assert ProgressNote.objects.count() == sum(len(spec.notes) for spec in CIRCLES)
    assert Post.objects.filter(circle__access="closed").exists()
    assert Post.objects.filter(circle__access="secret", is_anonymous=True).exists()
    assert Resource.objects.filter(circle__isnull=False).exists()
    sanne = Membership.objects.filter(member__email=DEMO_MEMBER_EMAIL)
    assert sanne.filter(circle__name="Preventie op school", role="host").exists()
    assert not Notification.objects.filter(mail__in=["pending", "daily"]).exists()
    assert load_demo_circles() == 0
    assert Circle.objects.count() == 36
