"""The unread count in the header: bounded, and free for visitors and pages without it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from plein.notify.context_processors import notifications
from plein.notify.models import Notification
from plein.notify.queries import UNREAD_CAP, unread_count
from plein.notify.tests.helpers import answer, question

pytestmark = pytest.mark.django_db

HEADER = Template(
    "{% if unread_notifications %}{% if unread_notifications > 99 %}99+"
    "{% else %}{{ unread_notifications }}{% endif %}{% endif %}"
)


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def add(personas, count: int) -> None:
    post = question(personas.member, personas.youth_care)
    reply = answer(post, personas.colleague)
    Notification.objects.bulk_create(
        Notification(recipient=personas.member, kind="answer", post=post, reply=reply)
        for _number in range(count)
    )


def test_visitors_cost_no_query(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        context = notifications(request_for(AnonymousUser()))
        assert HEADER.render(Context(context)) == ""


def test_a_page_that_does_not_show_it_costs_no_query(personas, django_assert_num_queries):
    with django_assert_num_queries(0):
        notifications(request_for(personas.member))


def test_a_member_sees_the_count_once_queried(personas, django_assert_num_queries):
    add(personas, 3)
    context = notifications(request_for(personas.member))
    with django_assert_num_queries(1):
        assert HEADER.render(Context(context)) == "3"


def test_the_count_stops_at_the_cap(personas, django_assert_num_queries):
    add(personas, UNREAD_CAP + 20)
    with django_assert_num_queries(1):
        assert unread_count(personas.member) == UNREAD_CAP
    assert HEADER.render(Context(notifications(request_for(personas.member)))) == "99+"


HEADER_LINK = Template('{% include "notify/includes/header_link.html" %}')


def render_header_link(member, count: int) -> str:
    with translation.override("en"):
        return HEADER_LINK.render(Context({"unread_notifications": lambda: count}))


def test_the_header_link_says_how_many_unread_to_eyes_and_ears(personas):
    html = render_header_link(personas.member, 3)
    assert '<span class="plein-count" aria-hidden="true">3</span>' in html
    assert '<span class="plein-visually-hidden">(3 unread)</span>' in html
    html = render_header_link(personas.member, UNREAD_CAP)
    assert 'aria-hidden="true">99+</span>' in html and "more than 99 unread" in html
    html = render_header_link(personas.member, 0)
    assert "plein-count" not in html and ">Notifications</a>" in html
