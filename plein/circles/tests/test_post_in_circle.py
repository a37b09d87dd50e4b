"""Questions and resources posted in a circle: who may post there, who reads them, and
that removal from a circle takes effect at once."""

import pytest
from django.urls import reverse

from plein.circles import actions
from plein.circles.models import Circle
from plein.circles.tests.helpers import circle_with, start
from plein.library.tests.helpers import share_link
from plein.posts.models import Post
from plein.posts.tests.helpers import answer, ask

pytestmark = pytest.mark.django_db

CLOSED, OPEN, SECRET = Circle.Access.CLOSED, Circle.Access.OPEN, Circle.Access.SECRET


def test_members_post_in_their_circle_and_outsiders_cannot(personas):
    circle = circle_with(personas)
    post = ask(personas.colleague, personas.prevention, circle=circle)
    assert post.circle == circle
    with pytest.raises(actions.InvalidField, match="closed circle you belong to"):
        ask(personas.other_org_member, personas.prevention, circle=circle)
    secret = start(personas.member, SECRET, name="Geheim")
    with pytest.raises(actions.InvalidField):
        share_link(personas.other_org_member, personas.prevention, circle=secret)


def test_anyone_posts_in_an_open_circle(personas):
    circle = start(personas.member, OPEN)
    post = ask(personas.other_org_member, personas.prevention, circle=circle)
    assert post.circle == circle


def test_removal_takes_effect_at_once_for_questions_and_resources(client, personas):
    circle = circle_with(personas)
    post = ask(personas.member, personas.prevention, circle=circle)
    resource = share_link(personas.colleague, personas.prevention, circle=circle)
    client.force_login(personas.colleague)
    question_url = reverse("posts:question", kwargs={"pk": post.pk})
    resource_url = reverse("library:detail", kwargs={"pk": resource.pk})
    assert client.get(question_url).status_code == 200
    assert client.get(resource_url).status_code == 200
    actions.remove_member(personas.member, circle, personas.colleague)
    # Their old links: a clear 404, nothing of the content.
    for url in (question_url, resource_url, circle.get_absolute_url() + "requests/"):
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert "Hoe korten" not in response.content.decode()
    assert client.get(circle.get_absolute_url()).status_code == 200  # closed: still visible
    assert post.title not in client.get(circle.get_absolute_url()).content.decode()
    # Even what they shared there themselves.
    assert client.get(resource_url).status_code == 404


def test_a_removed_member_of_a_secret_circle_gets_404_everywhere(client, personas):
    circle = circle_with(personas, SECRET)
    post = ask(personas.member, personas.prevention, circle=circle)
    actions.remove_member(personas.member, circle, personas.colleague)
    client.force_login(personas.colleague)
    for url in (
        circle.get_absolute_url(),
        reverse("posts:question", kwargs={"pk": post.pk}),
        reverse("circles:leave", kwargs={"pk": circle.pk}),
        reverse("circles:invite", kwargs={"pk": circle.pk}),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("circles:ask_to_join", kwargs={"pk": circle.pk}))
    assert response.status_code == 404


def test_anonymous_questions_in_a_circle_stay_anonymous_to_its_members(client, personas):
    circle = circle_with(personas)
    post = ask(
        personas.colleague,
        personas.prevention,
        title="Ik durf dit niet open te vragen",
        anonymous=True,
        circle=circle,
    )
    answer(personas.member, post)
    client.force_login(personas.member)
    for url in (circle.get_absolute_url(), reverse("posts:question", kwargs={"pk": post.pk})):
        html = client.get(url).content.decode()
        assert "Ik durf dit niet open te vragen" in html
        assert "Joost" not in html.split("<main", 1)[1].split("Members", 1)[0]
        assert "Anonymous member" in html
    # The member list names Joost as a member, but nothing ties him to the question.
    html = client.get(circle.get_absolute_url()).content.decode()
    assert f"/members/{personas.colleague.pk}/" not in html.split('id="members-heading"')[0]


def test_questions_in_a_closed_circle_are_routed_only_to_its_members(personas):
    from plein.notify.models import Notification

    circle = circle_with(personas)
    # Joost (colleague) knows about prevention and is in the circle; Fatima asks.
    post = ask(personas.member, personas.prevention, circle=circle)
    asked = set(
        Notification.objects.filter(post=post, kind=Notification.Kind.HELP_REQUEST).values_list(
            "recipient_id", flat=True
        )
    )
    assert asked == {personas.colleague.pk}
    actions.remove_member(personas.member, circle, personas.colleague)
    post2 = ask(personas.member, personas.prevention, title="Tweede vraag", circle=circle)
    assert not Notification.objects.filter(post=post2, kind="help_request").exists()
    assert Post.objects.visible_to(personas.colleague).filter(circle=circle).count() == 0
