"""Asking a question: the form, anonymity choice, preview, privacy guard, bad input."""

import pytest

from plein.posts.models import Post

pytestmark = pytest.mark.django_db

URL = "/questions/ask/"


def form(personas, **overrides):
    data = {
        "title": "Hoe korten andere gemeenten hun wachtlijsten in?",
        "body": "Bij ons wachten gezinnen **maanden**.",
        "theme": personas.youth_care.slug,
        "submit_key": "key-1",
        "post": "1",
    }
    data.update(overrides)
    return data


def test_it_requires_login(client, db):
    assert client.get(URL).status_code == 302


def test_the_form_explains_what_anonymous_means(client, personas):
    client.force_login(personas.member)
    html = client.get(URL + "?theme=jeugdzorg").content.decode()
    assert 'name="anonymous"' in html
    assert 'name="submit_key"' in html and 'hx-get="/questions/similar/"' in html
    assert f'<option value="{personas.youth_care.slug}" selected>' in html


def test_a_member_asks_a_question(client, personas):
    client.force_login(personas.member)
    response = client.post(URL, form(personas))
    post = Post.objects.get()
    assert response["Location"] == post.get_absolute_url()
    assert post.author == personas.member and not post.is_anonymous
    assert "<strong>maanden</strong>" in post.body_html
    assert post.status == Post.Status.OPEN


def test_a_double_submit_creates_one_question(client, personas):
    client.force_login(personas.member)
    first = client.post(URL, form(personas))
    second = client.post(URL, form(personas))
    assert Post.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_an_anonymous_question_hides_the_asker(client, personas):
    client.force_login(personas.member)
    client.post(URL, form(personas, anonymous="on"))
    post = Post.objects.get()
    assert post.is_anonymous
    client.force_login(personas.other_org_member)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Fatima" not in html and "Hengelo" not in html


def test_preview_shows_the_rendered_text_without_posting(client, personas):
    client.force_login(personas.member)
    response = client.post(URL, {**form(personas), "preview": "1", "post": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>maanden</strong>" in html
    assert Post.objects.count() == 0
    assert 'value="Hoe korten andere gemeenten hun wachtlijsten in?"' in html


@pytest.mark.parametrize(
    ("overrides", "kept"),
    [
        ({"title": ""}, "Bij ons wachten"),
        ({"title": "x" * 10_000}, "Bij ons wachten"),
        ({"theme": "bestaat-niet"}, "Hoe korten andere"),
        ({"body": "y" * 10_001}, "Hoe korten andere"),
    ],
)
def test_bad_input_gets_a_message_and_keeps_the_text(client, personas, overrides, kept):
    client.force_login(personas.member)
    response = client.post(URL, form(personas, **overrides))
    assert response.status_code == 400
    assert kept in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert Post.objects.count() == 0


def test_a_bsn_blocks_the_question_and_says_why(client, personas):
    client.force_login(personas.member)
    response = client.post(URL, form(personas, body="Het gaat om BSN 111222333, een jongen."))
    assert response.status_code == 400
    html = response.content.decode()
    assert "plein-privacy-mark" in html and "111222333" in html  # highlighted, text kept
    assert 'name="confirm_privacy"' not in html  # a BSN cannot be confirmed away
    assert Post.objects.count() == 0
    response = client.post(
        URL, form(personas, body="Het gaat om BSN 111222333.", confirm_privacy="on")
    )
    assert Post.objects.count() == 0


def test_a_phone_number_warns_and_can_be_confirmed(client, personas):
    client.force_login(personas.member)
    data = form(personas, body="Bel mij gerust op 06-12345678.")
    response = client.post(URL, data)
    assert response.status_code == 400
    assert 'name="confirm_privacy"' in response.content.decode()
    assert Post.objects.count() == 0
    client.post(URL, {**data, "confirm_privacy": "on"})
    assert Post.objects.count() == 1


def test_scripts_and_javascript_links_never_reach_the_page(client, personas):
    client.force_login(personas.member)
    body = (
        "<script>alert(1)</script> [klik](javascript:alert(1)) "
        "<iframe src='https://evil.example'></iframe> ![groot](https://evil.example/x.png)"
    )
    client.post(URL, form(personas, body=body))
    post = Post.objects.get()
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and 'href="javascript:' not in html
    assert "<iframe" not in html and "<img" not in html


def test_a_form_that_comes_back_says_so_at_the_top_with_links_to_the_fields(client, personas):
    client.force_login(personas.member)
    html = client.post(URL, form(personas, title="")).content.decode()
    summary = html[html.index("plein-error-summary") :]
    assert 'href="#id_title"' in summary.split("</div>")[0]
    assert html.count('role="alert"') == 1
