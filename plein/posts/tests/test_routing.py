"""Routing questions to a handful of people who can help, and again after 48 hours."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.members import actions as member_actions
from plein.notify.models import Notification
from plein.posts import actions
from plein.posts.models import Post
from plein.posts.tests.helpers import answer, ask, helped

pytestmark = pytest.mark.django_db


@pytest.fixture
def experts(personas):
    return [
        member_actions.create_member(
            f"expert{n}@x.example", name=f"Expert {n:02d}", expertise=[personas.youth_care]
        )
        for n in range(12)
    ]


def requests_for(post: Post) -> set[int]:
    return set(
        Notification.objects.filter(post=post, kind=Notification.Kind.HELP_REQUEST).values_list(
            "recipient_id", flat=True
        )
    )


def test_a_new_question_goes_to_a_handful_of_experts_helpful_ones_first(
    personas, experts, settings
):
    settings.PLEIN_ROUTE_ROUND_SIZE = 5
    earlier = ask(personas.other_org_member, personas.youth_care, title="Eerdere vraag")
    helped(personas.other_org_member, answer(experts[7], earlier), minutes=30)
    post = ask(personas.colleague, personas.youth_care)
    asked = requests_for(post)
    assert len(asked) == 5
    assert experts[7].pk in asked
    assert personas.colleague.pk not in asked


def test_a_question_waiting_48_hours_goes_to_the_next_people(personas, experts, settings):
    settings.PLEIN_ROUTE_ROUND_SIZE = 5
    post = ask(personas.colleague, personas.youth_care)
    first_round = requests_for(post)
    Post.objects.filter(pk=post.pk).update(last_activity_at=timezone.now() - timedelta(hours=49))
    assert actions.route_waiting_questions() == 1
    second_round = requests_for(post) - first_round
    assert len(second_round) == 5
    assert actions.route_waiting_questions() == 0  # the waiting period starts again


def test_anyone_can_ask_someone_to_look_with_a_limit(client, personas, experts, settings):
    settings.PLEIN_RATE_LIMITS = {**settings.PLEIN_RATE_LIMITS, "ask-for-help": (2, 3600)}
    post = ask(personas.colleague, personas.youth_care)
    client.force_login(personas.other_org_member)

    def url(member):
        return reverse("posts:ask_for_help", kwargs={"pk": post.pk, "member_pk": member.pk})

    assert client.post(url(personas.member)).status_code == 302
    assert client.post(url(experts[0])).status_code == 302
    assert client.post(url(experts[1])).status_code == 429


def test_who_could_help_is_shown_on_the_question(client, personas, experts):
    post = ask(personas.colleague, personas.youth_care)
    client.force_login(personas.other_org_member)
    html = client.get(post.get_absolute_url()).content.decode()
    assert html.count("/ask-help/") == 5


def test_waiting_for_you_lists_open_questions_in_my_themes(client, personas):
    old = ask(personas.colleague, personas.youth_care, title="Oude open vraag")
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    ask(personas.other_org_member, personas.youth_care, title="Nieuwe open vraag")
    ask(personas.other_org_member, personas.prevention, title="Niet mijn thema")
    client.force_login(personas.member)
    html = client.get("/").content.decode()
    assert html.index("Oude open vraag") < html.index("Nieuwe open vraag")
    assert "Niet mijn thema" not in html


def test_the_community_manager_sees_what_waits_too_long(client, personas):
    old = ask(personas.colleague, personas.youth_care, title="Al drie dagen geen antwoord")
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    ask(personas.colleague, personas.youth_care, title="Net gevraagd")
    client.force_login(personas.community_manager)
    html = client.get(reverse("posts:questions")).content.decode()
    section = html[html.index("too-long-heading") :]
    assert "Al drie dagen geen antwoord" in section.split("</section>")[0]
    assert "Net gevraagd" not in section.split("</section>")[0]
    client.force_login(personas.other_org_member)
    assert "too-long-heading" not in client.get(reverse("posts:questions")).content.decode()
