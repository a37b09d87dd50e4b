"""The community manager's pages: who may, the forms (without JavaScript), bad input, and
pinned query counts that do not grow with more rows."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from plein.posts.tests.helpers import answer, ask, comment, helped
from plein.showcase import actions
from plein.showcase.models import Feature, Suggestion
from plein.showcase.tests.helpers import feature

pytestmark = pytest.mark.django_db

MANAGE = reverse("showcase:manage")
NEW = reverse("showcase:new")


def _suggested(personas) -> Suggestion:
    post = ask(personas.member, personas.youth_care, title="Eerste vraag")
    helped(personas.member, answer(personas.other_org_member, post))
    actions.suggest_candidates()
    return Suggestion.objects.get(reason=Suggestion.Reason.FIRST_ASKER_HELPED_FAST)


def test_visitors_are_sent_to_log_in(client, personas):
    for path in (MANAGE, f"{NEW}?member={personas.member.pk}"):
        response = client.get(path)
        assert response.status_code == 302 and "login" in response["Location"]


def test_members_who_are_not_managers_get_404_everywhere(client, personas):
    suggestion = _suggested(personas)
    made = feature(personas.community_manager, member=personas.colleague)
    client.force_login(personas.member)
    assert client.get(MANAGE).status_code == 404
    assert client.get(f"{NEW}?post={suggestion.post_id}").status_code == 404
    assert client.post(f"{NEW}?post={suggestion.post_id}", {"why": "Mooi."}).status_code == 404
    accept = reverse("showcase:accept", args=[suggestion.pk])
    assert client.get(accept).status_code == 404
    assert client.post(accept, {"why": "Mooi."}).status_code == 404
    assert client.post(reverse("showcase:dismiss", args=[suggestion.pk])).status_code == 404
    assert client.post(reverse("showcase:take_down", args=[made.pk])).status_code == 404
    suggestion.refresh_from_db()
    made.refresh_from_db()
    assert suggestion.status == Suggestion.Status.PENDING and made.ended_at is None


def test_the_page_shows_suggestions_with_their_reason_and_the_current_features(client, personas):
    _suggested(personas)
    feature(personas.community_manager, member=personas.colleague, why="Altijd behulpzaam.")
    client.force_login(personas.community_manager)
    html = client.get(MANAGE).content.decode()
    assert "A first question that got a helpful answer within a day" in html
    assert "A helpful answer from an organisation that rarely answers" in html
    assert "Eerste vraag" in html and "Altijd behulpzaam." in html and "Joost Bakker" in html
    assert html.count('name="why"') == 2 and "Take down" in html and "Dismiss" in html


def test_accepting_with_a_why_puts_it_in_the_window(client, personas):
    suggestion = _suggested(personas)
    client.force_login(personas.community_manager)
    accept = reverse("showcase:accept", args=[suggestion.pk])
    response = client.post(accept, {"why": "Binnen een uur geholpen."})
    assert response.status_code == 302 and response["Location"] == MANAGE
    assert Feature.objects.get().why == "Binnen een uur geholpen."
    html = client.get(MANAGE).content.decode()
    assert "It is in the shop window now." in html
    assert "Binnen een uur geholpen." in html


def test_accepting_without_a_why_keeps_the_suggestion_and_says_why(client, personas):
    suggestion = _suggested(personas)
    client.force_login(personas.community_manager)
    accept = reverse("showcase:accept", args=[suggestion.pk])
    assert client.get(accept).status_code == 200
    response = client.post(accept, {"why": "  "})
    assert response.status_code == 400
    assert "why this is a bright spot" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.PENDING and not Feature.objects.exists()


def test_a_why_with_client_data_is_stopped_and_kept(client, personas):
    suggestion = _suggested(personas)
    client.force_login(personas.community_manager)
    accept = reverse("showcase:accept", args=[suggestion.pk])
    response = client.post(accept, {"why": "Gezin met BSN 111222333 geholpen."})
    html = response.content.decode()
    assert response.status_code == 400 and "citizen service number" in html
    assert "111222333" in html  # kept, marked, for the manager to remove
    response = client.post(accept, {"why": "Bel 06 12345678 voor meer."})
    assert response.status_code == 400 and "This is not client data" in response.content.decode()
    response = client.post(accept, {"why": "Bel 06 12345678 voor meer.", "confirm_privacy": "on"})
    assert response.status_code == 302 and Feature.objects.exists()


def test_dismissing_and_taking_down(client, personas):
    suggestion = _suggested(personas)
    made = feature(personas.community_manager, member=personas.colleague)
    client.force_login(personas.community_manager)
    dismiss = reverse("showcase:dismiss", args=[suggestion.pk])
    assert client.get(dismiss).status_code == 405
    assert client.post(dismiss).status_code == 302
    assert client.post(reverse("showcase:take_down", args=[made.pk])).status_code == 302
    suggestion.refresh_from_db()
    made.refresh_from_db()
    assert suggestion.status == Suggestion.Status.DISMISSED and made.ended_at is not None
    html = client.get(MANAGE).content.decode()
    assert reverse("showcase:accept", args=[suggestion.pk]) not in html
    assert "Nothing in the shop window yet" in html


def test_the_feature_form_for_a_post_an_answer_and_a_member(client, personas):
    post = ask(personas.member, personas.youth_care, title="Een vraag")
    reply = answer(personas.other_org_member, post)
    client.force_login(personas.community_manager)
    for query in (f"post={post.pk}", f"reply={reply.pk}", f"member={personas.colleague.pk}"):
        response = client.get(f"{NEW}?{query}")
        assert response.status_code == 200, query
        response = client.post(f"{NEW}?{query}", {"why": "Mooi.", "theme": "preventie"})
        assert response.status_code == 302, query
    assert Feature.objects.filter(theme=personas.prevention).count() == 3


def test_the_feature_form_keeps_what_was_typed_on_a_mistake(client, personas):
    post = ask(personas.member, personas.youth_care)
    feature(personas.community_manager, post=post)
    client.force_login(personas.community_manager)
    response = client.post(f"{NEW}?post={post.pk}", {"why": "Nog een keer, want mooi."})
    assert response.status_code == 400
    html = response.content.decode()
    assert "in the shop window already" in html and "Nog een keer, want mooi." in html


def test_the_feature_form_answers_404_to_bad_or_unknown_targets(client, personas):
    post = ask(personas.member, personas.youth_care)
    note = comment(personas.member, answer(personas.colleague, post))
    client.force_login(personas.community_manager)
    for query in ("", "post=abc", "post=999999", f"post={post.pk}&member=1", "member=999999"):
        assert client.get(f"{NEW}?{query}").status_code == 404, query
    response = client.post(f"{NEW}?reply={note.pk}", {"why": "Mooi."})
    assert response.status_code == 400 and "not comments" in response.content.decode()


def test_the_feature_button_is_for_community_managers_only(personas):
    post = ask(personas.member, personas.youth_care)
    template = Template('{% include "showcase/includes/feature_button.html" %}')
    for who, shown in ((personas.member, False), (personas.community_manager, True)):
        html = template.render(Context({"user": who, "target": post}))
        assert ("Put in the shop window" in html) is shown
        assert (f"{NEW}?post={post.pk}" in html) is shown
    html = template.render(Context({"user": personas.community_manager, "target": personas.member}))
    assert f"{NEW}?member={personas.member.pk}" in html


def _more(personas, i: int) -> None:
    from plein.showcase.tests.helpers import new_member

    asker = new_member(f"asker{i}@example.org", f"Asker {i}", personas.hengelo)
    post = ask(asker, personas.youth_care, title=f"Vraag {i}", anonymous=i % 2 == 0)
    reply = answer(personas.other_org_member, post, body=f"Antwoord {i}")
    helped(asker, reply)
    feature(personas.community_manager, reply=reply)
    feature(personas.community_manager, member=asker)


def test_the_page_takes_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    client.force_login(personas.community_manager)
    _more(personas, 0)
    actions.suggest_candidates()
    client.get(MANAGE)  # the session and the permission cache settle
    # session, member, the two permission queries of is_community_manager, the
    # suggestions with their targets, the features with theirs, the header's unread count.
    with django_assert_num_queries(7):
        client.get(MANAGE)
    for i in range(1, 4):
        _more(personas, i)
    actions.suggest_candidates()
    assert Suggestion.objects.count() >= 4
    with django_assert_num_queries(7):
        client.get(MANAGE)


def test_suggestions_of_what_was_deleted_since_are_left_out(client, personas):
    from plein.posts import actions as post_actions

    suggestion = _suggested(personas)
    assert suggestion.post is not None
    post_actions.delete_question(personas.member, suggestion.post)
    client.force_login(personas.community_manager)
    html = client.get(MANAGE).content.decode()
    assert "Eerste vraag" not in html and "No suggestions waiting" in html
