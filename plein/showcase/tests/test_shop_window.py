"""Who sees what in the shop window (queries.shop_window and its include): members
through the visibility rules, visitors only the title and why of public content, never
an anonymous author; a fixed number of queries."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from plein.circles.models import Circle
from plein.circles.tests.helpers import circle_with
from plein.posts import actions as post_actions
from plein.posts.tests.helpers import answer, ask
from plein.showcase import actions
from plein.showcase.queries import shop_window
from plein.showcase.tests.helpers import feature

pytestmark = pytest.mark.django_db


def render(viewer, items) -> str:
    request = RequestFactory().get("/")
    request.user = viewer
    return render_to_string(
        "showcase/includes/shop_window.html", {"shop_window": items}, request=request
    )


def titles(viewer, **kw) -> set[str]:
    return {item.target.title for item in shop_window(viewer, **kw)}


def test_members_see_features_and_an_outsider_of_a_closed_circle_does_not(personas):
    manager = personas.community_manager
    circle = circle_with(personas, Circle.Access.CLOSED)
    inside = ask(personas.member, personas.youth_care, title="In de kring", circle=circle)
    public = ask(personas.other_org_member, personas.youth_care, title="Voor iedereen")
    feature(manager, post=inside)
    feature(manager, post=public)
    assert titles(personas.colleague) == {"In de kring", "Voor iedereen"}
    assert titles(personas.other_org_member) == {"Voor iedereen"}
    assert titles(AnonymousUser()) == {"Voor iedereen"}


def test_an_answer_in_a_closed_circle_is_left_out_for_outsiders(personas):
    circle = circle_with(personas, Circle.Access.CLOSED)
    reply = answer(personas.colleague, ask(personas.member, personas.youth_care, circle=circle))
    feature(personas.community_manager, reply=reply)
    assert len(shop_window(personas.member)) == 1
    assert shop_window(personas.other_org_member) == []
    assert shop_window(AnonymousUser()) == []


def test_visitors_see_the_why_the_title_and_a_login_link_but_no_content_or_author(personas):
    post = ask(personas.member, personas.youth_care, title="Wachtlijst", body="Geheime details.")
    feature(personas.community_manager, post=post, why="Een dappere eerste vraag.")
    feature(personas.community_manager, member=personas.colleague, why="Altijd behulpzaam.")
    items = shop_window(AnonymousUser())
    assert [item.target.title for item in items] == ["Wachtlijst"]  # no member features
    html = render(AnonymousUser(), items)
    assert "Een dappere eerste vraag." in html and "Wachtlijst" in html
    assert "/login/?next=" in html
    assert "Geheime details" not in html and personas.member.name not in html


def test_hidden_and_deleted_posts_leave_the_window(personas):
    post = ask(personas.member, personas.youth_care)
    feature(personas.community_manager, post=post)
    post_actions.hide_post(personas.community_manager, post, reason="Dubbel")
    assert shop_window(personas.colleague) == []
    assert shop_window(personas.community_manager) == []
    assert shop_window(AnonymousUser()) == []


def test_an_anonymous_post_is_shown_without_its_author_to_everyone(personas):
    post = ask(personas.member, personas.youth_care, title="Anoniem", anonymous=True)
    feature(personas.community_manager, post=post)
    for viewer in (personas.colleague, personas.community_manager, AnonymousUser()):
        html = render(viewer, shop_window(viewer))
        assert "Anoniem" in html
        assert personas.member.name not in html
        assert f"/members/{personas.member.pk}/" not in html


def test_a_member_feature_names_the_member(personas):
    feature(personas.community_manager, member=personas.other_org_member, why="Van ver gekomen.")
    html = render(personas.member, shop_window(personas.member))
    assert "Anouk Visser" in html and "Gemeente Almelo" in html and "Van ver gekomen." in html


def test_a_theme_page_shows_its_own_features_and_taken_down_ones_go(personas):
    manager = personas.community_manager
    youth = feature(manager, post=ask(personas.member, personas.youth_care, title="Jeugd"))
    feature(manager, post=ask(personas.member, personas.prevention, title="Preventie"))
    assert titles(personas.colleague, theme=personas.youth_care) == {"Jeugd"}
    assert titles(personas.colleague) == {"Jeugd", "Preventie"}
    actions.unfeature(manager, youth)
    assert titles(personas.colleague) == {"Preventie"}


def test_the_newest_come_first_up_to_the_limit(personas):
    for i in range(6):
        feature(
            personas.community_manager,
            post=ask(personas.member, personas.youth_care, title=f"Vraag {i}"),
        )
    items = shop_window(personas.colleague)
    assert [item.target.title for item in items] == ["Vraag 5", "Vraag 4", "Vraag 3", "Vraag 2"]


def _fill(personas, n: int) -> None:
    manager = personas.community_manager
    for i in range(n):
        post = ask(personas.member, personas.youth_care, title=f"Vraag {i} {n}")
        feature(manager, post=post)
        feature(manager, reply=answer(personas.other_org_member, post, body=f"Antwoord {i}"))
    if n > 1:
        feature(manager, member=personas.colleague)


@pytest.mark.parametrize("rows", [1, 4])
def test_the_shop_window_takes_one_query_whatever_the_rows(
    personas, django_assert_num_queries, rows
):
    _fill(personas, rows)
    for viewer in (personas.colleague, AnonymousUser()):
        with django_assert_num_queries(1):  # the features with their targets, one join
            render(viewer, shop_window(viewer, limit=8))
