"""The circle pages: status codes, what each viewer sees, forms that keep what was typed,
and pinned query counts that do not grow with more rows."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from plein.circles import actions
from plein.circles.models import Circle, JoinRequest, Membership
from plein.circles.tests.helpers import circle_with, start
from plein.goals.tests.helpers import set_goal
from plein.library.tests.helpers import share_link
from plein.members.actions import create_member
from plein.members.models import Member
from plein.posts.tests.helpers import ask

pytestmark = pytest.mark.django_db

CLOSED, OPEN, SECRET = Circle.Access.CLOSED, Circle.Access.OPEN, Circle.Access.SECRET
LIST = reverse("circles:list")


def url(name: str, circle: Circle, **kw: int) -> str:
    return reverse(f"circles:{name}", kwargs={"pk": circle.pk, **kw})


def test_visitors_are_sent_to_log_in(client, personas):
    circle = start(personas.member, OPEN)
    for path in (LIST, circle.get_absolute_url(), reverse("circles:start")):
        response = client.get(path)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_shows_my_circles_first_and_never_foreign_secret_ones(client, personas):
    start(personas.other_org_member, OPEN, name="Open kring")
    start(personas.other_org_member, CLOSED, name="Besloten kring")
    start(personas.other_org_member, SECRET, name="Geheime kring")
    start(personas.member, SECRET, name="Mijn geheime kring")
    client.force_login(personas.member)
    html = client.get(LIST).content.decode()
    assert html.index("Mijn geheime kring") < html.index("Besloten kring")
    assert "Open kring" in html and "Geheime kring" not in html.replace("Mijn geheime kring", "")
    client.force_login(personas.community_manager)
    assert "Geheime kring" not in client.get(LIST).content.decode()  # not listed to discover


def test_guessing_a_secret_circle_gives_404_never_403(client, personas):
    circle = circle_with(personas, SECRET)
    client.force_login(personas.other_org_member)
    for name in ("detail", "edit", "leave", "requests", "invite"):
        assert client.get(url(name, circle)).status_code == 404, name
    for name in ("join", "ask_to_join", "withdraw", "add_note", "invite_link"):
        assert client.post(url(name, circle)).status_code == 404, name
    member = personas.colleague.pk
    assert client.post(url("remove_member", circle, member_pk=member)).status_code == 404
    assert client.post(url("make_host", circle, member_pk=member)).status_code == 404
    assert client.get(url("detail", circle) + "999/").status_code == 404
    assert client.get(reverse("circles:detail", kwargs={"pk": 999999})).status_code == 404


def test_the_circle_page_puts_the_goal_on_top_and_shows_its_space(client, personas):
    import datetime

    circle = circle_with(personas, goal_due=datetime.date(2099, 6, 30))
    actions.add_progress_note(personas.member, circle, body="Drie scholen doen mee.")
    ask(personas.colleague, personas.prevention, title="Welke signalen zien jullie?", circle=circle)
    share_link(personas.member, personas.prevention, title="Signalenkaart", circle=circle)
    client.force_login(personas.colleague)
    html = client.get(circle.get_absolute_url()).content.decode()
    main = html.split("<main", 1)[1]
    assert main.index("Een gedeelde aanpak") < main.index("Welke signalen zien jullie?")
    assert "30 June 2099" in main and "Drie scholen doen mee." in main
    assert "Signalenkaart" in main and "Fatima el Amrani" in main
    assert "only its members" in main.lower()
    assert f"{reverse('posts:ask')}?circle={circle.pk}" in main
    assert f"{reverse('library:add')}?circle={circle.pk}" in main
    assert url("requests", circle) not in main  # not a host


def test_outsiders_of_a_closed_circle_see_goal_and_hosts_but_no_content(client, personas):
    circle = circle_with(personas)
    ask(personas.colleague, personas.prevention, title="Geheime vraag", circle=circle)
    share_link(personas.member, personas.prevention, title="Geheim bestand", circle=circle)
    actions.add_progress_note(personas.member, circle, body="Een notitie")
    client.force_login(personas.other_org_member)
    html = client.get(circle.get_absolute_url()).content.decode()
    assert "Een gedeelde aanpak" in html and "Fatima el Amrani" in html
    assert "Ask to join" in html
    for secret in ("Geheime vraag", "Geheim bestand", "Een notitie", "Joost"):
        assert secret not in html


def test_asking_to_join_withdrawing_and_a_host_letting_in(client, personas):
    circle = circle_with(personas)
    client.force_login(personas.other_org_member)
    response = client.post(url("ask_to_join", circle), {"message": "Ik werk aan hetzelfde."})
    assert response.status_code == 302
    assert "You asked to join" in client.get(circle.get_absolute_url()).content.decode()
    again = client.post(url("ask_to_join", circle), {"message": "Nog eens"})
    assert again.status_code == 400 and "already asked" in again.content.decode()
    assert client.post(url("withdraw", circle)).status_code == 302
    assert JoinRequest.objects.get().status == "withdrawn"
    client.post(url("ask_to_join", circle), {"message": "Toch wel"})
    pending = JoinRequest.objects.get(status="pending")
    # Not a host: 403 for the requests page and deciding.
    client.force_login(personas.colleague)
    assert client.get(url("requests", circle)).status_code == 403
    decide = url("decide", circle, request_pk=pending.pk)
    assert client.post(decide, {"decision": "accept"}).status_code == 403
    client.force_login(personas.member)
    html = client.get(url("requests", circle)).content.decode()
    assert "Toch wel" in html and "Anouk Visser" in html
    assert client.post(decide, {"decision": "accept"}).status_code == 302
    assert Membership.objects.filter(circle=circle, member=personas.other_org_member).exists()
    response = client.post(decide, {"decision": "accept"}, follow=True)
    assert "already answered" in response.content.decode()


def test_a_join_request_with_client_data_keeps_the_text(client, personas):
    circle = circle_with(personas)
    client.force_login(personas.other_org_member)
    response = client.post(url("ask_to_join", circle), {"message": "Cliënt BSN 111222333"})
    assert response.status_code == 400
    assert "Cliënt BSN 111222333" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_joining_and_leaving_an_open_circle(client, personas):
    circle = start(personas.member, OPEN)
    client.force_login(personas.other_org_member)
    assert client.post(url("join", circle)).status_code == 302
    again = client.post(url("join", circle))
    assert again.status_code == 400 and "already a member" in again.content.decode()
    assert client.get(url("leave", circle)).status_code == 200
    assert client.post(url("leave", circle)).status_code == 302
    assert not Membership.objects.filter(member=personas.other_org_member).exists()


def test_the_last_host_must_name_a_new_one_and_the_form_says_so(client, personas):
    circle = circle_with(personas)
    client.force_login(personas.member)
    response = client.post(url("leave", circle), {"new_host": ""})
    assert response.status_code == 400 and "Choose who hosts" in response.content.decode()
    response = client.post(url("leave", circle), {"new_host": personas.colleague.pk})
    assert response.status_code == 302
    assert Membership.objects.get(circle=circle).member == personas.colleague


def test_the_start_flow_keeps_what_was_typed_on_errors(client, personas):
    client.force_login(personas.member)
    page = client.get(reverse("circles:start")).content.decode()
    assert "3 to 8" in page and re.search(r'value="closed"[^>]*checked', page)
    data = {
        "name": "Preventie op school",
        "learning_goal": "Een gedeelde aanpak",
        "goal_due": "2099-06-30",
        "access": "closed",
        "invite_emails": "joost@hengelo.example, geen-adres",
        "message": "Doe je mee?",
    }
    response = client.post(reverse("circles:start"), data)
    html = response.content.decode()
    assert response.status_code == 400 and "geen-adres" in html
    assert 'value="Preventie op school"' in html and "Doe je mee?" in html
    data["invite_emails"] = "joost@hengelo.example"
    response = client.post(reverse("circles:start"), {**data, "goal_due": "2001-01-01"})
    assert response.status_code == 400 and "future" in response.content.decode()
    assert not Circle.objects.exists()
    data["invite_emails"] = "joost@hengelo.example\nnieuw@enschede.example"
    response = client.post(reverse("circles:start"), data)
    circle = Circle.objects.get()
    assert response.status_code == 302 and response["Location"] == circle.get_absolute_url()
    assert {m.to[0] for m in mail.outbox} == {"joost@hengelo.example", "nieuw@enschede.example"}


def test_a_host_edits_and_members_cannot(client, personas):
    circle = circle_with(personas)
    client.force_login(personas.colleague)
    assert client.get(url("edit", circle)).status_code == 403
    client.force_login(personas.member)
    assert client.get(url("edit", circle)).status_code == 200
    data = {"name": "", "learning_goal": "Nieuw doel", "access": "open"}
    response = client.post(url("edit", circle), data)
    assert response.status_code == 400 and "Nieuw doel" in response.content.decode()
    response = client.post(url("edit", circle), {**data, "name": "Nieuwe naam"})
    assert response.status_code == 302
    circle.refresh_from_db()
    assert (circle.name, circle.access, circle.learning_goal) == ("Nieuwe naam", OPEN, "Nieuw doel")


def test_progress_notes_from_the_page(client, personas):
    circle = circle_with(personas)
    client.force_login(personas.member)
    response = client.post(url("add_note", circle), {"body": "Bel 0612345678 voor info"})
    assert response.status_code == 400 and "0612345678" in response.content.decode()
    response = client.post(
        url("add_note", circle), {"body": "Bel 0612345678 voor info", "confirm_privacy": "on"}
    )
    assert response.status_code == 302
    client.force_login(personas.colleague)
    assert client.post(url("add_note", circle), {"body": "Ik"}).status_code == 403


def test_remove_and_make_host_from_the_member_list(client, personas):
    circle = circle_with(personas)
    client.force_login(personas.colleague)
    target = personas.member.pk
    assert client.post(url("remove_member", circle, member_pk=target)).status_code == 403
    client.force_login(personas.member)
    html = client.get(circle.get_absolute_url()).content.decode()
    assert url("remove_member", circle, member_pk=personas.colleague.pk) in html
    other = personas.colleague.pk
    assert client.post(url("make_host", circle, member_pk=other)).status_code == 302
    assert client.post(url("remove_member", circle, member_pk=other)).status_code == 302
    assert not Membership.objects.filter(member=personas.colleague).exists()


def test_invite_by_mail_and_a_newcomer_is_logged_in_by_the_link(client, personas):
    circle = circle_with(personas, SECRET)
    client.force_login(personas.member)
    response = client.post(url("invite", circle), {"emails": "nieuw@enschede.example, fout"})
    assert response.status_code == 400 and "fout" in response.content.decode()
    response = client.post(url("invite", circle), {"emails": "nieuw@enschede.example"})
    assert response.status_code == 302
    link = re.search(r"https?://[^/]+(/circles/invitation/[^/\s]+/)", str(mail.outbox[-1].body))
    assert link
    client.logout()
    opened = client.get(link.group(1))
    assert opened.status_code == 302 and opened["Location"] == reverse("circles:invitation_confirm")
    page = client.get(opened["Location"])
    assert page.status_code == 200 and circle.name in page.content.decode()
    assert not Member.objects.filter(email="nieuw@enschede.example").exists()  # GET uses nothing
    response = client.post(reverse("circles:invitation_confirm"))
    assert response.status_code == 302
    newcomer = Member.objects.get(email="nieuw@enschede.example")
    assert Membership.objects.filter(circle=circle, member=newcomer).exists()
    assert int(client.session["_auth_user_id"]) == newcomer.pk
    again = client.post(reverse("circles:invitation_confirm"))
    assert again.status_code == 400


def test_a_forged_or_used_invitation_gives_a_clear_page(client, personas):
    client.get(reverse("circles:invitation", kwargs={"token": "vervalst"}))
    response = client.get(reverse("circles:invitation_confirm"))
    assert response.status_code == 400 and "not valid" in response.content.decode()


def test_the_circle_link_lets_a_member_join_after_logging_in(client, personas):
    circle = circle_with(personas, SECRET)
    token = actions.renew_invite_link(personas.member, circle)
    client.force_login(personas.member)
    page = client.get(url("invite", circle)).content.decode()
    assert reverse("circles:link", kwargs={"token": token}) in page
    client.logout()
    response = client.get(reverse("circles:link", kwargs={"token": token}), follow=True)
    assert "login" in response.redirect_chain[-1][0]
    client.force_login(personas.other_org_member)
    assert client.get(reverse("circles:link_confirm")).status_code == 200
    assert client.post(reverse("circles:link_confirm")).status_code == 302
    assert Membership.objects.filter(circle=circle, member=personas.other_org_member).exists()
    actions.disable_invite_link(personas.member, circle)
    client.force_login(personas.community_manager)
    client.get(reverse("circles:link", kwargs={"token": token}))
    response = client.post(reverse("circles:link_confirm"))
    assert response.status_code == 400 and "no longer works" in response.content.decode()


# --- Query counts ---------------------------------------------------------------------------------


def _more_rows(personas, circle: Circle, n: int) -> None:
    for number in range(n):
        someone = create_member(f"lid{number}@x.example", name=f"Lid {number}")
        actions.join_by_invite_link(actions.renew_invite_link(personas.member, circle), someone)
        ask(someone, personas.prevention, title=f"Vraag {number}", circle=circle)
        share_link(someone, personas.prevention, title=f"Bron {number}", circle=circle)
        actions.add_progress_note(personas.member, circle, body=f"Stap {number}")
        start(someone, OPEN, name=f"Kring {number}")
        set_goal(someone, f"Leren hoe team {number} vroegsignalering organiseert", circle=circle)


def test_the_circle_page_makes_a_fixed_number_of_queries(
    client, personas, django_assert_num_queries
):
    circle = circle_with(personas)
    client.force_login(personas.member)
    client.get(circle.get_absolute_url())
    # 1 session, 2 member, 3 circle, 4 my membership, 5 members, 6 notes, 7 questions,
    # 8 resources, 9 upcoming gatherings, 10 past gatherings, 11 learning goals members
    # share with the circle, 12 waiting requests (host), 13 unread notifications. What may
    # help with the circle's goal is loaded after the page (test_goal.py).
    with django_assert_num_queries(13):
        client.get(circle.get_absolute_url())
    _more_rows(personas, circle, 12)
    with django_assert_num_queries(13):
        response = client.get(circle.get_absolute_url())
    assert len(response.context["space"].questions) == 10
    assert len(response.context["space"].goals) == 12
    # An outsider: 1 session, 2 member, 3 circle, 4 membership, 5 hosts, 6 own request,
    # 7 unread notifications
    client.force_login(personas.other_org_member)
    client.get(circle.get_absolute_url())
    with django_assert_num_queries(7):
        client.get(circle.get_absolute_url())


def test_the_list_makes_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    circle = circle_with(personas)
    start(personas.other_org_member, CLOSED, name="Andere kring")
    client.force_login(personas.colleague)
    client.get(LIST)
    # 1 session, 2 member, 3 my circles, 4 circles to discover, 5 unread notifications
    with django_assert_num_queries(5):
        client.get(LIST)
    _more_rows(personas, circle, 35)
    with django_assert_num_queries(5):
        response = client.get(LIST)
    page = response.context["page"]
    assert len(page.items) == 30 and page.next_cursor
    rest = client.get(LIST, {"after": page.next_cursor}).context["page"]
    assert not {c.pk for c in page.items} & {c.pk for c in rest.items}
    assert client.get(LIST, {"after": "!!"}).status_code == 200


def test_the_circle_page_lists_the_goals_its_members_share_with_it_and_no_others(client, personas):
    circle = circle_with(personas)
    set_goal(personas.colleague, "Leren hoe scholen signalen delen met het wijkteam", circle=circle)
    set_goal(personas.colleague, "Leren plannen zonder dat iemand het ziet")  # private
    client.force_login(personas.member)
    page = client.get(circle.get_absolute_url()).content.decode()
    assert "Learning goals shared with this circle" in page
    assert "Leren hoe scholen signalen delen met het wijkteam" in page
    assert "Leren plannen zonder dat iemand het ziet" not in page
    client.force_login(personas.other_org_member)  # not in this closed circle
    page = client.get(circle.get_absolute_url()).content.decode()
    assert "Leren hoe scholen signalen delen" not in page
