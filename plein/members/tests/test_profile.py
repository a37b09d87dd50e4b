"""Member profiles: view, edit own, optional password."""

import pytest
from django.urls import reverse

from plein.members import actions
from plein.members.models import Member

pytestmark = pytest.mark.django_db


def test_a_profile_shows_what_colleagues_need(client, personas):
    client.force_login(personas.other_org_member)
    html = client.get(personas.member.get_absolute_url()).content.decode()
    assert "Fatima el Amrani" in html
    assert "Jeugdconsulent" in html and "Gemeente Hengelo" in html
    assert "Wachtlijsten in de jeugdzorg" in html and "Jeugdzorg" in html
    assert "fatima@hengelo.example" not in html  # addresses are not published


def test_profiles_are_for_members_only(client, personas):
    response = client.get(personas.member.get_absolute_url())
    assert response.status_code == 302


def test_an_unknown_or_unnamed_member_is_a_404(client, personas):
    client.force_login(personas.member)
    assert client.get(reverse("members:profile", kwargs={"pk": 99999})).status_code == 404
    nameless = actions.create_member("nameless@x.example")
    assert client.get(nameless.get_absolute_url()).status_code == 404


def test_a_member_edits_their_profile(client, personas):
    client.force_login(personas.member)
    response = client.post(
        reverse("members:edit_profile"),
        {
            "name": "Fatima el Amrani",
            "organisation": personas.hengelo.pk,
            "job_title": "Teamleider jeugd",
            "bio": "Twintig jaar in de jeugdzorg.",
            "expertise": [personas.youth_care.pk, personas.prevention.pk],
            "ask_me_about": "Wachtlijsten",
            "preferred_language": "en",
        },
    )
    assert response["Location"] == personas.member.get_absolute_url()
    member = Member.objects.get(pk=personas.member.pk)
    assert member.job_title == "Teamleider jeugd"
    assert set(member.expertise.values_list("slug", flat=True)) == {"jeugdzorg", "preventie"}
    assert member.preferred_language == "en"


def test_a_missing_name_keeps_everything_typed(client, personas):
    client.force_login(personas.member)
    response = client.post(
        reverse("members:edit_profile"),
        {"name": "", "job_title": "Teamleider jeugd", "preferred_language": "nl"},
    )
    assert response.status_code == 400
    assert 'value="Teamleider jeugd"' in response.content.decode()


def test_a_member_may_set_a_password_and_log_in_with_it(client, personas):
    client.force_login(personas.member)
    assert "old_password" not in client.get(reverse("members:password")).content.decode()
    response = client.post(
        reverse("members:password"),
        {"new_password1": "wachtlijst-twente-2026", "new_password2": "wachtlijst-twente-2026"},
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(
        reverse("members:login_password"),
        {"email": "Fatima@hengelo.example", "password": "wachtlijst-twente-2026"},
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == personas.member.pk


def test_a_wrong_password_says_so(client, personas):
    response = client.post(
        reverse("members:login_password"),
        {"email": "fatima@hengelo.example", "password": "nope"},
    )
    assert response.status_code == 400
    assert 'value="fatima@hengelo.example"' in response.content.decode()


def test_profile_queries_are_pinned_and_do_not_grow(client, personas, django_assert_num_queries):
    from plein.posts.tests.helpers import answer, ask, helped

    client.force_login(personas.other_org_member)
    url = personas.colleague.get_absolute_url()
    client.get(url)
    # 1 session, 2 member, 3 profile (with organisation), 4 its themes, 5 helper stats,
    # 6 answers that helped (with question and theme), 7 themes helped in, 8 unread
    # notifications
    with django_assert_num_queries(8):
        client.get(url)
    for number in range(6):
        post = ask(personas.member, personas.youth_care, title=f"Vraag {number}")
        helped(personas.member, answer(personas.colleague, post), minutes=15)
    with django_assert_num_queries(8):
        html = client.get(url).content.decode()
    assert "1 h 30 min" in html or "1 u 30 min" in html
    assert html.count("Vraag ") == 6  # what they helped with, each question once
    assert "Jeugdzorg</a> (6)" in html


def test_a_profile_never_shows_anonymous_replies_that_helped(client, personas):
    from plein.posts.tests.helpers import answer, ask, helped

    # Fatima asked anonymously and answered her own question anonymously (as the asker);
    # that answer helped someone, but her profile must not tie her to the question.
    post = ask(personas.member, personas.youth_care, title="Mijn eigen gezin", anonymous=True)
    own = answer(personas.member, post, body="Aanvulling van de vraagsteller.")
    helped(personas.colleague, own, minutes=10)
    client.force_login(personas.other_org_member)

    html = client.get(personas.member.get_absolute_url()).content.decode()

    assert "Mijn eigen gezin" not in html
