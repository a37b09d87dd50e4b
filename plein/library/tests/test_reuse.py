""" "I reused this — it saved me about N minutes": the helped mechanism of answers
(posts.Helped), with the same form and limits."""

import pytest
from django.urls import reverse

from plein.core.errors import PleinError
from plein.library import actions
from plein.library.models import Resource
from plein.library.tests.helpers import share_file, share_link
from plein.notify.models import Notification
from plein.posts.actions import MINUTES_MAX
from plein.posts.models import Helped, HelperScore

pytestmark = pytest.mark.django_db


def mark(client, resource, **data):
    return client.post(reverse("library:reused", args=[resource.pk]), data)


def test_the_story_saved_me_a_day(client, personas):
    resource = share_file(personas.other_org_member, personas.youth_care)
    client.force_login(personas.member)
    response = mark(client, resource, amount="8", unit="hours")
    assert response["Location"] == resource.get_absolute_url()
    client.force_login(personas.colleague)
    mark(client, resource, amount="", unit="minutes")  # no estimate counts too
    resource.refresh_from_db()
    assert (resource.helped_count, resource.minutes_saved) == (2, 480)
    marks = list(
        Helped.objects.order_by("id").values_list("resource", "reply", "member", "minutes")
    )
    assert marks == [
        (resource.pk, None, personas.member.pk, 480),
        (resource.pk, None, personas.colleague.pk, None),
    ]
    # The sharer now ranks as helpful in the theme (people finder).
    score = HelperScore.objects.get(member=personas.other_org_member, theme=personas.youth_care)
    assert score.helped_count == 2


@pytest.mark.parametrize("amount", ["-5", "veel", "2.5", "100000", "0"])
def test_bad_minutes_get_a_message_and_keep_what_was_typed(client, personas, amount):
    resource = share_link(personas.colleague, personas.youth_care)
    client.force_login(personas.member)
    response = mark(client, resource, amount=amount, unit="minutes")
    assert response.status_code == 400
    html = response.content.decode()
    assert f'value="{amount}"' in html and 'aria-invalid="true"' in html
    assert not Helped.objects.exists()


def test_more_than_a_working_week_is_refused(client, personas):
    resource = share_link(personas.colleague, personas.youth_care)
    client.force_login(personas.member)
    assert (
        mark(client, resource, amount=str(MINUTES_MAX // 60 + 1), unit="hours").status_code == 400
    )
    with pytest.raises(actions.PleinError):
        actions.mark_reused(personas.member, resource, minutes=MINUTES_MAX + 1)
    with pytest.raises(actions.PleinError):
        actions.mark_reused(personas.member, resource, minutes=0)
    assert not Helped.objects.exists()


def test_once_per_member_and_never_your_own(client, personas):
    resource = share_link(personas.colleague, personas.youth_care)
    client.force_login(personas.member)
    mark(client, resource, amount="10", unit="minutes")
    response = mark(client, resource, amount="10", unit="minutes")
    assert response.status_code == 400 and "already" in response.content.decode()
    client.force_login(personas.colleague)
    assert mark(client, resource).status_code == 400
    assert Resource.objects.get().helped_count == 1
    assert HelperScore.objects.get().helped_count == 1


def test_hidden_deleted_and_unknown_resources_cannot_be_marked(client, personas):
    hidden = share_link(personas.colleague, personas.youth_care)
    actions.hide_resource(personas.community_manager, hidden, reason="Verouderd")
    gone = share_link(personas.colleague, personas.youth_care)
    actions.delete_resource(personas.colleague, gone)
    client.force_login(personas.member)
    assert mark(client, hidden).status_code == 404
    assert mark(client, gone).status_code == 404
    assert client.post("/library/999999/reused/").status_code == 404
    with pytest.raises(actions.PleinError):
        actions.mark_reused(personas.member, gone)
    assert not Helped.objects.exists()


def test_visitors_and_get_requests_mark_nothing(client, personas):
    resource = share_link(personas.colleague, personas.youth_care)
    response = mark(client, resource, amount="10", unit="minutes")
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(personas.member)
    assert client.get(reverse("library:reused", args=[resource.pk])).status_code == 405
    assert not Helped.objects.exists()


def test_the_sharer_hears_once_who_reused_it(client, personas):
    resource = share_link(personas.colleague, personas.youth_care)
    client.force_login(personas.member)
    mark(client, resource, amount="2", unit="hours")
    mark(client, resource, amount="2", unit="hours")  # already marked: nothing new
    [notification] = Notification.objects.all()
    assert notification.recipient == personas.colleague
    assert notification.kind == Notification.Kind.REUSED
    assert notification.resource == resource
    assert notification.helped == Helped.objects.get(member=personas.member, minutes=120)
    # A reuse by the sharer is refused before anyone is told anything.
    client.force_login(personas.colleague)
    mark(client, resource)
    assert Notification.objects.count() == 1


def test_the_action_itself_refuses_what_the_member_may_not_see(personas):
    # Not only the page: the API or a stale form may name a hidden resource.
    resource = share_link(personas.colleague, personas.youth_care)
    actions.hide_resource(personas.community_manager, resource, reason="Verouderd")

    with pytest.raises(PleinError):
        actions.mark_reused(personas.other_org_member, resource, minutes=30)

    assert not Helped.objects.filter(resource=resource).exists()
    assert not Notification.objects.filter(kind=Notification.Kind.REUSED).exists()
