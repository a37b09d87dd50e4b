"""The idea pages: the board by stage, an idea with its people and timeline, and the forms
to post, edit, join, leave and update, without JavaScript; bad input gets a clear message,
invisible ideas a 404, and the query counts do not grow with more rows."""

import pytest
from django.urls import reverse

from plein.circles.tests.helpers import circle_with
from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.notify.models import Notification
from plein.posts import ideas_queries
from plein.posts.models import IdeaParticipant, IdeaUpdate, Post
from plein.posts.tests.test_ideas_actions import join, post_idea, update
from plein.posts.tests.test_stories_actions import write

pytestmark = pytest.mark.django_db

Stage = Post.Stage
BOARD = reverse("posts:ideas")
NEW = reverse("posts:new_idea")


def idea_form(personas, **overrides):
    return {
        "title": "Eén contactpersoon per gezin over alle zorgaanbieders heen",
        "problem": "Gezinnen hebben soms tien hulpverleners.",
        "body": "Eén vaste contactpersoon die de **regie** houdt.",
        "needs": "Een gemeente om het mee te proberen, een data-expert",
        "theme": personas.youth_care.slug,
        "submit_key": "k1",
        **overrides,
    }


def url(name: str, idea: Post) -> str:
    return reverse(f"posts:{name}", kwargs={"pk": idea.pk})


# --- Posting ------------------------------------------------------------------------------


def test_visitors_are_sent_to_the_door(client, personas) -> None:
    assert client.get(BOARD).status_code == 302
    assert client.get(NEW).status_code == 302


def test_the_form_says_ideas_are_named_and_posting_goes_to_the_idea(client, personas) -> None:
    client.force_login(personas.member)
    page = client.get(NEW).content.decode()
    assert "always posted under your name" in page
    assert 'for="id_problem"' in page
    response = client.post(NEW, idea_form(personas))
    idea = Post.objects.ideas().get()
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()
    assert idea.author == personas.member and idea.stage == Stage.IDEA
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Your idea is posted" in page
    assert "<strong>regie</strong>" in page and "een data-expert" in page


def test_a_missing_problem_is_said_next_to_the_field(client, personas) -> None:
    client.force_login(personas.member)
    response = client.post(NEW, idea_form(personas, problem=""))
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not Post.objects.exists()


def test_client_data_shows_the_privacy_box_and_keeps_the_text(client, personas) -> None:
    client.force_login(personas.member)
    response = client.post(NEW, idea_form(personas, needs="Bel de moeder: 06-12345678"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "may be client data" in page and "plein-privacy-mark" in page
    assert 'name="confirm_privacy"' in page and "Bel de moeder" in page
    response = client.post(
        NEW, idea_form(personas, needs="Bel de moeder: 06-12345678", confirm_privacy="on")
    )
    assert response.status_code == 302


def test_posting_in_a_circle_one_is_not_in_is_refused(client, personas) -> None:
    circle = circle_with(personas)
    client.force_login(personas.other_org_member)
    response = client.post(NEW, idea_form(personas, circle=circle.pk))
    assert response.status_code == 400
    assert not Post.objects.exists()


# --- The idea page ------------------------------------------------------------------------


def test_the_idea_page_shows_problem_idea_needs_stage_people_and_timeline(client, personas) -> None:
    idea = post_idea(personas)
    join(personas.other_org_member, idea, brings="Data van de GGD")
    update(personas.member, idea, Stage.EXPLORING, body="Drie gemeenten willen meedoen.")
    client.force_login(personas.colleague)
    page = client.get(idea.get_absolute_url()).content.decode()
    for text in (
        "The problem",
        "tien hulpverleners",
        "The idea",
        "What is needed",
        "Stage: exploring",
        'aria-current="step"',
        "1 person is in",
        "Anouk Visser",
        "Data van de GGD",
        "Timeline",
        "Drie gemeenten willen meedoen.",
        "I'm in</button>",
    ):
        assert text in page, text
    assert "Post an update" not in page  # only for the author and community managers


def test_i_am_in_with_what_i_bring_then_leave(client, personas) -> None:
    idea = post_idea(personas)
    client.force_login(personas.colleague)
    response = client.post(url("join_idea", idea), {"brings": "Een dag per maand"})
    assert response.status_code == 302
    assert IdeaParticipant.objects.get().brings == "Een dag per maand"
    assert Notification.objects.filter(
        recipient=personas.member, kind=Notification.Kind.IDEA_JOINED
    ).exists()
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "You are in." in page and "Leave this idea" in page
    assert client.post(url("leave_idea", idea)).status_code == 302
    idea.refresh_from_db()
    assert idea.joiner_count == 0


def test_joining_twice_or_your_own_idea_says_why(client, personas) -> None:
    idea = post_idea(personas)
    client.force_login(personas.member)
    response = client.post(url("join_idea", idea), {"brings": ""})
    assert response.status_code == 400
    assert "This is your own idea" in response.content.decode()
    # Said once (base.html shows the view's error), not once more by the page itself.
    assert response.content.decode().count('role="alert"') == 1
    client.force_login(personas.colleague)
    client.post(url("join_idea", idea), {"brings": ""})
    response = client.post(url("join_idea", idea), {"brings": "nog meer"})
    assert response.status_code == 400
    assert "You are in already" in response.content.decode()
    assert IdeaParticipant.objects.count() == 1


def test_join_and_update_take_only_post(client, personas) -> None:
    idea = post_idea(personas)
    client.force_login(personas.member)
    for name in ("join_idea", "leave_idea", "update_idea"):
        assert client.get(url(name, idea)).status_code == 405


def test_the_author_moves_the_stage_with_an_update(client, personas) -> None:
    idea = post_idea(personas)
    join(personas.colleague, idea)
    client.force_login(personas.member)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Post an update" in page and 'for="id_stage"' in page
    response = client.post(
        url("update_idea", idea), {"stage": "trying", "body": "We proberen het in Hengelo."}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.stage == Stage.TRYING
    assert Notification.objects.filter(
        recipient=personas.colleague, kind=Notification.Kind.IDEA_UPDATE
    ).exists()
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "We proberen het in Hengelo." in page and "<strong>trying it out</strong>" in page


@pytest.mark.parametrize("who", ["colleague", "other_org_member"])
def test_a_stage_change_by_someone_else_is_forbidden_with_a_clear_message(
    client, personas, who
) -> None:
    idea = post_idea(personas)
    join(personas.colleague, idea)
    client.force_login(getattr(personas, who))
    response = client.post(url("update_idea", idea), {"stage": "scaling", "body": "Klaar!"})
    assert response.status_code == 403
    assert (
        "Only the author of the idea or a community manager can post an update or change its "
        "stage." in response.content.decode()
    )
    idea.refresh_from_db()
    assert idea.stage == Stage.IDEA and not IdeaUpdate.objects.exists()


def test_a_community_manager_may_change_the_stage(client, personas) -> None:
    idea = post_idea(personas)
    client.force_login(personas.community_manager)
    response = client.post(url("update_idea", idea), {"stage": "exploring", "body": "Opgepakt."})
    assert response.status_code == 302


def test_stopping_without_lessons_is_refused_and_keeps_what_was_typed(client, personas) -> None:
    idea = post_idea(personas)
    client.force_login(personas.member)
    response = client.post(
        url("update_idea", idea), {"stage": "stopped", "body": "We stoppen ermee."}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "write down what you learned" in page and "We stoppen ermee." in page
    idea.refresh_from_db()
    assert idea.stage == Stage.IDEA
    client.post(
        url("update_idea", idea),
        {"stage": "stopped", "body": "We stoppen ermee.", "lessons": "Begin klein."},
    )
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "What we learned" in page and "Begin klein." in page
    assert "I'm in</button>" not in page  # a stopped idea takes no new people


def test_moving_back_is_refused_with_a_message(client, personas) -> None:
    idea = post_idea(personas)
    update(personas.member, idea, Stage.TRYING)
    client.force_login(personas.member)
    response = client.post(url("update_idea", idea), {"stage": "idea", "body": "Terug."})
    assert response.status_code == 400
    assert "cannot move to" in response.content.decode()


def test_only_the_author_edits(client, personas) -> None:
    idea = post_idea(personas)
    client.force_login(personas.colleague)
    assert client.get(url("edit_idea", idea)).status_code == 403
    client.force_login(personas.member)
    assert client.get(url("edit_idea", idea)).status_code == 200
    data = idea_form(personas, title="Eén regisseur per gezin")
    response = client.post(url("edit_idea", idea), data)
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Eén regisseur per gezin"


# --- Visibility ---------------------------------------------------------------------------


def test_an_idea_in_a_closed_circle_is_a_404_to_outsiders(client, personas) -> None:
    circle = circle_with(personas)
    idea = post_idea(personas, circle=circle, title="Geheim plan voor de wijk")
    client.force_login(personas.other_org_member)
    for name in ("idea", "edit_idea"):
        assert client.get(url(name, idea)).status_code == 404
    for name in ("join_idea", "leave_idea", "update_idea"):
        assert client.post(url(name, idea), {"stage": "trying", "body": "x"}).status_code == 404
    assert "Geheim plan" not in client.get(BOARD).content.decode()
    assert ideas_queries.ideas_for_theme(personas.youth_care, personas.other_org_member) == []
    client.force_login(personas.colleague)
    assert client.get(url("idea", idea)).status_code == 200
    assert "Geheim plan" in client.get(BOARD).content.decode()


def test_questions_and_deleted_ideas_are_not_ideas(client, personas) -> None:
    from plein.posts.tests.helpers import ask

    question = ask(personas.member, personas.youth_care)
    client.force_login(personas.member)
    assert client.get(reverse("posts:idea", kwargs={"pk": question.pk})).status_code == 404
    assert client.get(reverse("posts:idea", kwargs={"pk": 99999})).status_code == 404


# --- The board ----------------------------------------------------------------------------


def test_the_board_has_a_column_per_stage_and_stopped_ones_count_as_learning(
    client, personas
) -> None:
    for stage in (Stage.EXPLORING, Stage.TRYING, Stage.SCALING):
        idea = post_idea(personas, title=f"Idee {stage}")
        update(personas.member, idea, stage)
    stopped = post_idea(personas, title="Gestopt idee")
    update(personas.member, stopped, Stage.STOPPED, lessons="Zonder budget geen pilot.")
    post_idea(personas, title="Vers idee", theme=personas.prevention)
    client.force_login(personas.colleague)
    page = client.get(BOARD).content.decode()
    for value, heading in (
        ("idea", "Idea"),
        ("exploring", "Exploring"),
        ("trying", "Trying it out"),
        ("scaling", "Scaling up"),
        ("stopped", "Stopped, with lessons learned"),
    ):
        assert f'id="stage-{value}">{heading} <span class="plein-muted">(1)</span>' in page
    assert "Zonder budget geen pilot." in page and "taught something worth knowing" in page
    page = client.get(BOARD, {"theme": personas.prevention.slug}).content.decode()
    assert "Vers idee" in page and "Gestopt idee" not in page
    assert client.get(BOARD, {"theme": "nope"}).status_code == 400


def test_a_column_is_bounded_and_pages_on(client, personas, monkeypatch) -> None:
    monkeypatch.setattr(ideas_queries, "COLUMN_SIZE", 2)
    monkeypatch.setattr(ideas_queries, "STAGE_PAGE_SIZE", 2)
    for n in range(3):
        post_idea(personas, title=f"Idee nummer {n}")
    client.force_login(personas.colleague)
    page = client.get(BOARD).content.decode()
    assert "Idee nummer 2" in page and "Idee nummer 0" not in page
    assert "All 3 ideas: idea" in page
    response = client.get(BOARD, {"stage": "idea"})
    assert "Idee nummer 2" in response.content.decode()
    cursor = response.context["page"].next_cursor
    page = client.get(BOARD, {"stage": "idea", "after": cursor}).content.decode()
    assert "Idee nummer 0" in page and "Idee nummer 2" not in page


def test_ideas_for_theme_puts_the_latest_first(personas) -> None:
    first = post_idea(personas, title="Eerste")
    second = post_idea(personas, title="Tweede")
    update(personas.member, first, Stage.EXPLORING)
    found = ideas_queries.ideas_for_theme(personas.youth_care, personas.colleague, limit=5)
    assert found == [first, second]
    assert ideas_queries.ideas_for_theme(personas.prevention, personas.colleague) == []


# --- Query counts -------------------------------------------------------------------------


def _grow(personas, n: int) -> None:
    members = [personas.colleague, personas.other_org_member, personas.community_manager]
    for i in range(n):
        idea = post_idea(personas, title=f"Meer ideeën {i}")
        for member in members:
            join(member, idea)
        update(personas.member, idea, [Stage.EXPLORING, Stage.TRYING, Stage.SCALING][i % 3])


def test_the_board_query_count_is_pinned(client, personas, django_assert_num_queries) -> None:
    _grow(personas, 2)
    client.force_login(personas.colleague)
    client.get(BOARD)
    # 1 session, 2 member, 3 the themes of the filter, 4 ideas per stage, 5 the first
    # ideas of every stage (theme, author, organisation, circle), 6 unread notifications
    with django_assert_num_queries(6):
        client.get(BOARD)
    _grow(personas, 6)
    circle = circle_with(personas)
    stopped = post_idea(personas, circle=circle)
    update(personas.member, stopped, Stage.STOPPED, lessons="Geleerd.")
    with django_assert_num_queries(6):
        response = client.get(BOARD)
    assert "Meer ideeën 5" in response.content.decode()


def test_the_idea_page_query_count_is_pinned(client, personas, django_assert_num_queries) -> None:
    circle = circle_with(personas)
    idea = post_idea(personas, circle=circle)
    join(personas.colleague, idea)
    client.force_login(personas.colleague)
    client.get(idea.get_absolute_url())
    # 1 session, 2 member, 3 the idea (theme, author, organisation, circle), 4 its joiners
    # (with organisation), 5 its updates (with author), 6 the stories about it (theme,
    # author, organisation), 7 unread notifications
    with django_assert_num_queries(7):
        client.get(idea.get_absolute_url())
    for member in (personas.community_manager,):
        join(member, idea)
    for stage in (Stage.EXPLORING, Stage.TRYING, Stage.SCALING):
        update(personas.member, idea, stage)
    for title in ("Wat we probeerden", "Wat misging"):
        write(personas.member, personas.youth_care, title=title, idea=idea, circle=circle)
    with django_assert_num_queries(7):
        response = client.get(idea.get_absolute_url())
    assert "Marieke Jansen" in response.content.decode()


def test_the_idea_page_lists_the_stories_told_about_it(client, personas) -> None:
    idea = post_idea(personas)
    write(personas.colleague, personas.youth_care, title="Hoe het ging", idea=idea)
    write(personas.member, personas.youth_care, title="Wat misging", idea=idea, anonymous=True)
    closed = circle_with(personas)
    write(personas.member, personas.youth_care, title="Alleen de kring", idea=idea, circle=closed)
    client.force_login(personas.other_org_member)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Stories about this idea" in page
    assert "Hoe het ging" in page and "Wat misging" in page
    assert "Alleen de kring" not in page  # a closed circle's story, for its members only
    assert f"?idea={idea.pk}" in page  # "tell the story of this idea"
    # The anonymous story's author is not named (the idea's author is, on the idea).
    anonymous_item = page[page.index("Wat misging") :]
    anonymous_item = anonymous_item[: anonymous_item.index("</li>")]
    assert personas.member.name not in anonymous_item


def test_what_i_bring_goes_through_the_privacy_guard_on_the_page(client, personas) -> None:
    idea = post_idea(personas)
    client.force_login(personas.colleague)
    brings = "Bel me: 06-12345678"
    response = client.post(url("join_idea", idea), {"brings": brings})
    page = response.content.decode()
    assert response.status_code == 400
    assert "may be client data" in page and 'name="confirm_privacy"' in page
    assert not IdeaParticipant.objects.exists()
    response = client.post(url("join_idea", idea), {"brings": brings, "confirm_privacy": "on"})
    assert response.status_code == 302 and IdeaParticipant.objects.get().brings == brings


def test_an_update_with_client_data_shows_the_privacy_box(client, personas) -> None:
    idea = post_idea(personas)
    client.force_login(personas.member)
    data = {"stage": "exploring", "body": "De moeder, 06-12345678, doet mee."}
    response = client.post(url("update_idea", idea), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "may be client data" in page and "doet mee." in page
    assert not IdeaUpdate.objects.exists()
    response = client.post(url("update_idea", idea), {**data, "confirm_privacy": "on"})
    assert response.status_code == 302


def test_leaving_an_idea_one_is_not_in_says_so(client, personas) -> None:
    idea = post_idea(personas)
    client.force_login(personas.colleague)
    response = client.post(url("leave_idea", idea))
    assert response.status_code == 400
    assert "You are not in this idea." in response.content.decode()


def test_the_theme_page_fragment_lists_the_ideas_of_a_theme(personas, rf) -> None:
    from django.template.loader import render_to_string

    idea = post_idea(personas)
    update(personas.member, idea, Stage.STOPPED, lessons="Begin klein.")
    request = rf.get("/")
    request.user = personas.colleague
    html = render_to_string(
        "posts/ideas/theme_ideas.html",
        {
            "theme": personas.youth_care,
            "ideas": ideas_queries.ideas_for_theme(personas.youth_care, personas.colleague),
        },
        request=request,
    )
    assert idea.title in html and "stopped, with lessons learned" in html
    assert "Begin klein." in html and "?theme=jeugdzorg" in html
