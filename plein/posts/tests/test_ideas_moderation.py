"""Moderating ideas: a community manager hides an idea with a reason and a message to its
author (the same action and form as for stories and blog posts); the author is told, the
idea leaves the board and search for everyone else, and its author and the managers still
see it with a "hidden" notice."""

import pytest
from django.urls import reverse

from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.notify.models import Notification
from plein.posts import ideas_queries
from plein.posts.tests.test_ideas_actions import post_idea
from plein.search.tests.helpers import found, search

pytestmark = pytest.mark.django_db

BOARD = reverse("posts:ideas")
TITLE = "Eén contactpersoon per gezin over alle zorgaanbieders heen"
REASON = "Dit is reclame voor een bureau"


def hide_url(idea) -> str:
    return reverse("posts:hide_idea", kwargs={"pk": idea.pk})


def hide(client, personas, idea, **data):
    client.force_login(personas.community_manager)
    return client.post(hide_url(idea), {"reason": REASON, "message": "", **data})


def test_managers_see_the_hide_form_others_do_not(client, personas) -> None:
    idea = post_idea(personas)
    client.force_login(personas.other_org_member)
    assert hide_url(idea) not in client.get(idea.get_absolute_url()).content.decode()
    client.force_login(personas.community_manager)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert hide_url(idea) in html and "Moderation: hide this idea" in html


def test_a_manager_hides_an_idea_and_its_author_is_told(client, personas) -> None:
    idea = post_idea(personas)
    response = hide(client, personas, idea, message="Schrijf het graag als verhaal.")
    assert response.status_code == 302 and response["Location"] == BOARD
    idea.refresh_from_db()
    assert idea.hidden_at is not None and idea.hidden_reason == REASON
    told = Notification.objects.get(
        recipient=personas.member, kind=Notification.Kind.MODERATION, post=idea
    )
    assert told.message == "Schrijf het graag als verhaal."
    client.force_login(personas.member)
    html = client.get(reverse("notify:list")).content.decode()
    assert "Schrijf het graag als verhaal." in html and TITLE in html
    opened = client.get(reverse("notify:open", kwargs={"pk": told.pk}))
    assert opened["Location"] == idea.get_absolute_url()


def test_the_reason_is_the_message_when_none_is_written(client, personas) -> None:
    idea = post_idea(personas)
    hide(client, personas, idea)
    told = Notification.objects.get(recipient=personas.member, kind=Notification.Kind.MODERATION)
    assert told.message == REASON


def test_a_hidden_idea_leaves_the_board_theme_page_and_search_for_others(client, personas) -> None:
    idea = post_idea(personas)
    client.force_login(personas.other_org_member)
    assert TITLE in client.get(BOARD).content.decode()
    assert ("idea", TITLE) in found(search(client, "contactpersoon"))
    hide(client, personas, idea)
    for other in (personas.other_org_member, personas.colleague):
        client.force_login(other)
        assert TITLE not in client.get(BOARD).content.decode()
        assert found(search(client, "contactpersoon")) == []
        assert client.get(idea.get_absolute_url()).status_code == 404
        assert ideas_queries.ideas_for_theme(personas.youth_care, other) == []
    assert ideas_queries.ideas_for_theme(personas.youth_care, personas.member) == [idea]


def test_its_author_and_managers_still_see_it_with_a_hidden_notice(client, personas) -> None:
    idea = post_idea(personas)
    hide(client, personas, idea)
    for viewer in (personas.member, personas.community_manager):
        client.force_login(viewer)
        page = client.get(idea.get_absolute_url()).content.decode()
        assert f"Hidden by a community manager: {REASON}" in page
        board = client.get(BOARD).content.decode()
        assert TITLE in board and "hidden by a community manager" in board
    # Already hidden: no second hide form.
    assert hide_url(idea) not in page


def test_only_community_managers_may_hide(client, personas) -> None:
    idea = post_idea(personas)
    client.force_login(personas.other_org_member)
    response = client.post(hide_url(idea), {"reason": REASON})
    assert response.status_code == 403
    assert "Only community managers can hide posts." in response.content.decode()
    idea.refresh_from_db()
    assert idea.hidden_at is None


def test_a_missing_reason_is_said_and_the_message_is_kept(client, personas) -> None:
    idea = post_idea(personas)
    response = hide(client, personas, idea, reason="  ", message="Mijn bericht aan de auteur")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mijn bericht aan de auteur" in html and "<details" in html and " open>" in html
    idea.refresh_from_db()
    assert idea.hidden_at is None


def test_hiding_takes_only_post_and_unknown_ideas_are_404(client, personas) -> None:
    idea = post_idea(personas)
    client.force_login(personas.community_manager)
    assert client.get(hide_url(idea)).status_code == 405
    missing = reverse("posts:hide_idea", kwargs={"pk": idea.pk + 1000})
    assert client.post(missing, {"reason": REASON}).status_code == 404
