"""Anonymity that holds: an anonymous asker is not recognisable on any page, fragment,
notification or e-mail of the question feature, for any viewer, community managers included."""

import pytest
from django.core import mail
from django.urls import reverse

from plein.core.testing import CommittingClient
from plein.members import actions as member_actions
from plein.posts import actions
from plein.posts.tests.helpers import answer, ask, comment, helped

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_asker(personas):
    tubbergen, _ = member_actions.add_organisation("Gemeente Tubbergen", kind="municipality")
    return member_actions.create_member(
        "geheim@tubbergen.example",
        name="Wilhelmina Geheimhouder",
        organisation=tubbergen,
        job_title="Jeugdconsulent",
        # Known as an expert elsewhere: being a member is public, asking this question is not.
        expertise=[personas.prevention],
    )


def traces(member, *, with_organisation: bool) -> list[str]:
    found = [member.name, str(member.get_short_name()), member.email, f"/members/{member.pk}/"]
    # Organisation names are public (filters list them all); next to the question they are not.
    return [*found, "Tubbergen"] if with_organisation else found


def assert_no_trace(text: str, member, where: str, *, with_organisation: bool = True) -> None:
    for trace in traces(member, with_organisation=with_organisation):
        assert trace not in text, f"{trace!r} leaked on {where}"


def test_no_page_fragment_notification_or_mail_reveals_the_anonymous_asker(
    personas, secret_asker, django_capture_on_commit_callbacks
):
    post = ask(
        secret_asker, personas.youth_care, title="Wachtlijsten in de jeugdzorg", anonymous=True
    )
    first = answer(personas.colleague, post, "Wij werken met een wachtlijstcoach.")
    answer(personas.community_manager, post, "Kijk ook naar regionale afspraken.")
    comment(secret_asker, first, "Dank! Hoe lang duurde de invoering?")
    helped(secret_asker, first, minutes=120)
    helped(personas.other_org_member, first, minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        actions.ask_for_help(secret_asker, post, personas.member)
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_post(
            personas.community_manager,
            post,
            reason="Even nakijken",
            message="Kun je dit aanpassen?",
        )

    pages = [
        post.get_absolute_url(),
        reverse("posts:questions"),
        reverse("posts:questions") + "?theme=jeugdzorg&status=answered",
        reverse("posts:similar") + "?title=wachtlijsten",
        "/",
        personas.youth_care.get_absolute_url(),
        reverse("members:directory") + "?theme=jeugdzorg",
        personas.colleague.get_absolute_url(),
        "/notifications/",
        "/admin/posts/post/",
        f"/admin/posts/post/{post.pk}/change/",
        "/admin/posts/reply/",
    ]
    viewers = [
        personas.member,
        personas.colleague,
        personas.other_org_member,
        personas.community_manager,
        None,
    ]
    for viewer in viewers:
        client = CommittingClient()
        if viewer is not None:
            client.force_login(viewer)
        for url in pages:
            response = client.get(url, follow=True)
            assert response.status_code in (200, 403, 404), (url, response.status_code)
            # Pages with an organisation filter list every organisation by design.
            public_filter = url.startswith("/members/")
            assert_no_trace(
                response.content.decode(),
                secret_asker,
                f"{url} as {viewer}",
                with_organisation=not public_filter,
            )

    # The asker's own profile must not give the question away either (no timing or activity).
    client = CommittingClient()
    client.force_login(personas.colleague)
    profile = client.get(secret_asker.get_absolute_url()).content.decode()
    assert "Wachtlijsten in de jeugdzorg" not in profile

    for message in mail.outbox:
        texts = [str(message.subject), str(message.body)] + [
            str(content) for content, _ in getattr(message, "alternatives", [])
        ]
        if secret_asker.email in message.to:
            continue  # mail to the asker themselves may say "your question"
        for text in texts:
            assert_no_trace(text, secret_asker, f"mail to {message.to}: {message.subject}")


def test_the_anonymous_asker_still_sees_and_manages_their_question(client, personas, secret_asker):
    post = ask(secret_asker, personas.youth_care, title="Wachtlijsten", anonymous=True)
    answer(personas.colleague, post)
    client.force_login(secret_asker)
    mine = client.get(reverse("posts:mine")).content.decode()
    assert "Wachtlijsten" in mine
    page = client.get(post.get_absolute_url()).content.decode()
    assert reverse("posts:edit_question", kwargs={"pk": post.pk}) in page
    assert "This helped me" in page or "Dit hielp mij" in page


def test_who_could_help_on_an_anonymous_question_does_not_mark_a_gap(client, personas):
    """Leaving exactly the asker out of a fixed top five would point at them; the list is
    five of the top ten instead, so a missing top expert says nothing."""
    experts = [
        member_actions.create_member(
            f"kenner{n}@x.example", name=f"Kenner {n:02d}", expertise=[personas.youth_care]
        )
        for n in range(12)
    ]
    post = ask(personas.member, personas.youth_care, anonymous=True)
    client.force_login(personas.other_org_member)

    def listed() -> list[int]:
        html = client.get(post.get_absolute_url()).content.decode()
        assert "Fatima el Amrani" not in html
        section = html.split('id="who-heading"')[1]
        return [n for n, expert in enumerate(experts) if f">{expert.name}<" in section]

    first = listed()
    assert len(first) == 5 and max(first) < 10  # five of the top ten
    assert listed() == first  # the same five on every visit
