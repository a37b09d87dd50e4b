"""The story and blog pages: status codes, forms that keep what was typed, anonymity on
every page, notification and mail, visibility in a closed circle, and pinned query counts
that do not grow with more rows."""

from collections.abc import Iterator

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from plein.circles.tests.helpers import circle_with
from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    CommittingClient,
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.members import actions as member_actions
from plein.posts import stories
from plein.posts.models import Helped, Post, Reply
from plein.posts.tests.test_stories_actions import SECTIONS, blog, idea, write

pytestmark = pytest.mark.django_db

STORIES, BLOGS = reverse("posts:stories"), reverse("posts:blogs")
NEW_STORY, NEW_BLOG = reverse("posts:new_story"), reverse("posts:new_blog")


@pytest.fixture(autouse=True)
def _english(english: None) -> Iterator[None]:
    yield


def url(name: str, post: Post) -> str:
    return reverse(f"posts:{name}", kwargs={"pk": post.pk})


def story_data(theme, **kw) -> dict:
    return {
        "title": "Eén contactpersoon per gezin",
        "theme": theme.slug,
        "submit_key": "s1",
        "post": "1",
        **SECTIONS,
        **kw,
    }


def test_visitors_are_sent_to_log_in(client, personas):
    story = write(personas.member, personas.youth_care)
    for path in (STORIES, BLOGS, NEW_STORY, NEW_BLOG, story.get_absolute_url()):
        response = client.get(path)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_guided_form_posts_a_story(client, personas):
    own_idea = idea(personas.colleague, personas.youth_care, title="Gezinscoach")
    client.force_login(personas.member)
    form = client.get(NEW_STORY + f"?theme=jeugdzorg&idea={own_idea.pk}")
    page = form.content.decode()
    assert form.status_code == 200
    for prompt in ("What we set out to do", "What went wrong", "What we learned", "What is next"):
        assert prompt in page
    assert "Post this story anonymously" in page and "Gezinscoach" in page
    response = client.post(NEW_STORY, story_data(personas.youth_care, idea=own_idea.pk))
    story = Post.objects.stories().get()
    assert response.status_code == 302 and response["Location"] == story.get_absolute_url()
    assert story.idea == own_idea and story.sections == SECTIONS
    page = client.get(story.get_absolute_url()).content.decode()
    assert "What went wrong" in page and SECTIONS["went_wrong"] in page
    assert own_idea.get_absolute_url() in page
    assert personas.member.name in page


def test_bad_story_input_keeps_what_was_typed(client, personas):
    client.force_login(personas.member)
    response = client.post(NEW_STORY, story_data(personas.youth_care, learned=""))
    assert response.status_code == 400
    assert "Write at least what you learned" in response.content.decode()
    assert SECTIONS["went_wrong"] in response.content.decode()
    question = Post.objects.create(
        kind=Post.Kind.QUESTION, theme=personas.youth_care, author=personas.member, title="Vraag"
    )
    response = client.post(NEW_STORY, story_data(personas.youth_care, idea=question.pk))
    assert response.status_code == 400 and "not (or no longer) open to you" in (
        response.content.decode()
    )
    hidden = idea(personas.colleague, personas.youth_care, circle=circle_with(personas))
    client.force_login(personas.other_org_member)
    response = client.post(NEW_STORY, story_data(personas.youth_care, idea=hidden.pk))
    assert response.status_code == 400
    assert not Post.objects.stories().exists()


def test_the_privacy_box_asks_to_confirm_then_posts(client, personas):
    client.force_login(personas.member)
    data = story_data(personas.youth_care, tried="Bel mij op 06-12345678.")
    response = client.post(NEW_STORY, data)
    page = response.content.decode()
    assert response.status_code == 400 and "plein-privacy-mark" in page
    assert "This is not client data" in page
    response = client.post(NEW_STORY, {**data, "confirm_privacy": "on"})
    assert response.status_code == 302
    blocked = client.post(NEW_BLOG, {"title": "T", "body": "BSN 111222333", "theme": "jeugdzorg"})
    assert blocked.status_code == 400 and not Post.objects.blogs().exists()
    preview = client.post(
        NEW_BLOG, {"title": "T", "body": "Hoi", "theme": "jeugdzorg", "preview": 1}
    )
    assert preview.status_code == 200 and not Post.objects.blogs().exists()


def test_blog_post_write_edit_delete(client, personas):
    client.force_login(personas.member)
    page = client.get(NEW_BLOG).content.decode()
    assert "always posted under your own name" in page and "anonymous" not in page.split("<form")[1]
    response = client.post(
        NEW_BLOG,
        {"title": "Is sociaal leren leerbaar?", "body": "## Ja\n\nDaarom.", "theme": "jeugdzorg"},
    )
    post = Post.objects.blogs().get()
    assert response["Location"] == post.get_absolute_url() == f"/blog/{post.pk}/"
    assert "<h4>Ja</h4>" in client.get(post.get_absolute_url()).content.decode()
    client.force_login(personas.colleague)
    assert client.get(url("edit_blog", post)).status_code == 403
    assert client.get(url("delete_blog", post)).status_code == 403
    assert client.get(url("story", post)).status_code == 404  # a blog post is not a story
    client.force_login(personas.member)
    response = client.post(
        url("edit_blog", post), {"title": "Nieuw", "body": "Anders", "theme": "preventie"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.theme) == ("Nieuw", personas.prevention)
    assert client.post(url("delete_blog", post)).status_code == 302
    assert client.get(post.get_absolute_url()).status_code == 404


def test_editing_a_story(client, personas):
    story = write(personas.member, personas.youth_care)
    client.force_login(personas.member)
    form = client.get(url("edit_story", story)).content.decode()
    assert SECTIONS["tried"] in form and "Post this story anonymously" not in form
    data = story_data(personas.prevention, learned="Begin klein.")
    assert client.post(url("edit_story", story), data).status_code == 302
    story.refresh_from_db()
    assert story.sections["learned"] == "Begin klein." and story.theme == personas.prevention
    bad = client.post(url("edit_story", story), {**data, "learned": ""})
    assert bad.status_code == 400
    client.force_login(personas.colleague)
    assert client.post(url("edit_story", story), data).status_code == 403


def test_comments_and_helped_through_the_page(client, personas):
    story = write(personas.member, personas.youth_care)
    client.force_login(personas.colleague)
    response = client.post(url("comment_post", story), {"body": "Herkenbaar!", "submit_key": "x"})
    comment = Reply.objects.get()
    assert response["Location"] == story.get_absolute_url() + f"#reply-{comment.pk}"
    empty = client.post(url("comment_post", story), {"body": ""})
    assert empty.status_code == 400
    response = client.post(url("story_helped", story), {"amount": "2", "unit": "hours"})
    assert response.status_code == 302
    assert Helped.objects.get(post=story).minutes == 120
    again = client.post(url("story_helped", story), {"amount": "", "unit": "minutes"})
    assert again.status_code == 400 and "already marked" in again.content.decode()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Herkenbaar!" in page and "You marked that this helped you." in page
    assert "saved about 2 h" in page
    client.force_login(personas.member)
    own = client.post(url("story_helped", story), {"amount": "", "unit": "minutes"})
    assert own.status_code == 400 and "your own story" in own.content.decode()
    client.force_login(personas.other_org_member)
    too_much = client.post(url("story_helped", story), {"amount": "100", "unit": "hours"})
    assert too_much.status_code == 400
    blog_post = blog(personas.member, personas.youth_care)
    assert client.post(url("story_helped", blog_post), {"unit": "minutes"}).status_code == 404
    assert client.post(url("comment_post", blog_post), {"body": "Mooi"}).status_code == 302
    # Comments can be edited and deleted with the reply views.
    mine = Reply.objects.get(post=blog_post)
    assert client.post(reverse("posts:delete_reply", args=[mine.pk])).status_code == 302
    assert client.get(reverse("posts:edit_reply", args=[comment.pk])).status_code == 403


def test_nothing_of_a_closed_circle_shows_to_outsiders(client, personas):
    circle = circle_with(personas)
    story = write(personas.colleague, personas.youth_care, circle=circle, title="Binnen de kring")
    post = blog(personas.colleague, personas.youth_care, circle=circle, title="Kringblog")
    question = Post.objects.create(
        kind=Post.Kind.QUESTION, theme=personas.youth_care, author=personas.member, title="Vraag"
    )
    client.force_login(personas.other_org_member)
    for path in (story.get_absolute_url(), post.get_absolute_url()):
        assert client.get(path).status_code == 404
    assert client.post(url("comment_post", story), {"body": "Hoi"}).status_code == 404
    assert client.post(url("comment_post", question), {"body": "Hoi"}).status_code == 404
    assert client.post(url("story_helped", story), {"unit": "minutes"}).status_code == 404
    assert client.get(url("edit_story", story)).status_code == 404
    for path in (STORIES, BLOGS, STORIES + "?theme=jeugdzorg"):
        page = client.get(path).content.decode()
        assert "Binnen de kring" not in page and "Kringblog" not in page
    assert not Reply.objects.exists()
    client.force_login(personas.member)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "only its members can read this" in page
    assert "Binnen de kring" in client.get(STORIES).content.decode()


def test_theme_filter_and_paging(client, personas):
    for n in range(23):
        write(personas.member, personas.youth_care, title=f"Jeugd {n}")
    write(personas.member, personas.prevention, title="Preventieverhaal")
    client.force_login(personas.colleague)
    page = client.get(STORIES, {"theme": "jeugdzorg"}).context["page"]
    assert len(page.items) == 20 and page.next_cursor
    rest = client.get(STORIES, {"theme": "jeugdzorg", "after": page.next_cursor}).context["page"]
    assert len(rest.items) == 3 and not {p.pk for p in page.items} & {p.pk for p in rest.items}
    assert client.get(STORIES, {"after": "!!"}).status_code == 200
    assert client.get(STORIES, {"theme": "nope"}).status_code == 400
    assert "Preventieverhaal" in client.get(STORIES, {"theme": "preventie"}).content.decode()


def _more(personas, n: int) -> None:
    hengelo = personas.hengelo
    first = Post.objects.stories().order_by("pk").first()
    assert first is not None
    for i in range(n):
        writer = member_actions.create_member(
            f"schrijver{i}@hengelo.example", name=f"Schrijver {i}", organisation=hengelo
        )
        write(writer, personas.youth_care, title=f"Verhaal {i}", anonymous=i % 2 == 0)
        blog(writer, personas.youth_care, title=f"Blog {i}")
        stories.comment_on(writer, first, f"Reactie {i}")


def test_the_pages_make_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    own_idea = idea(personas.colleague, personas.youth_care)
    story = write(personas.member, personas.youth_care, idea=own_idea)
    post = blog(personas.member, personas.youth_care)
    stories.comment_on(personas.colleague, story, "Eerste")
    stories.comment_on(personas.colleague, post, "Eerste")
    client.force_login(personas.other_org_member)
    for path in (STORIES, BLOGS, story.get_absolute_url(), post.get_absolute_url()):
        client.get(path)
    # Lists: 1 session, 2 member, 3 the page of posts, 4 the running blog carnivals,
    # 5 unread notifications, 6 the themes of the filter.
    # A story: 1 session, 2 member, 3 the story, 4 comments, 5 helped by me, 6 the idea
    # visible to me, 7 the blog carnivals it is part of, 8 unread notifications. A blog
    # post: no helped, no idea.
    counts = {STORIES: 6, BLOGS: 6, story.get_absolute_url(): 8, post.get_absolute_url(): 6}
    for path, count in counts.items():
        with django_assert_num_queries(count):
            client.get(path)
    _more(personas, 25)
    for path, count in counts.items():
        with django_assert_num_queries(count):
            response = client.get(path)
    assert len(client.get(STORIES).context["page"].items) == 20
    assert len(response.context["discussion"].comments) == 1


def test_no_page_notification_or_mail_reveals_the_anonymous_story_writer(personas):
    tubbergen, _ = member_actions.add_organisation("Gemeente Tubbergen", kind="municipality")
    writer = member_actions.create_member(
        "geheim@tubbergen.example",
        name="Wilhelmina Geheimhouder",
        organisation=tubbergen,
        preferred_language="en",
    )
    mail.outbox.clear()
    story = write(writer, personas.youth_care, title="Wat er misging met de pilot", anonymous=True)
    with TestCase.captureOnCommitCallbacks(execute=True):
        stories.comment_on(personas.colleague, story, "Dapper dat je dit deelt.")
        stories.comment_on(personas.member, story, "Wat zou je anders doen?")
        stories.mark_story_helped(personas.member, story, minutes=30)
    with TestCase.captureOnCommitCallbacks(execute=True):
        # The writer answers: the commenters are told, by "the author", never by name.
        stories.comment_on(writer, story, "Eerder met de aanbieders praten.")
    assert Post.objects.get(pk=story.pk).is_anonymous

    traces = [writer.name, "Wilhelmina", writer.email, f"/members/{writer.pk}/", "Tubbergen"]
    pages = [
        story.get_absolute_url(),
        STORIES,
        STORIES + "?theme=jeugdzorg",
        "/notifications/",
        writer.get_absolute_url(),
    ]
    for viewer in (
        personas.member,
        personas.colleague,
        personas.other_org_member,
        personas.community_manager,
    ):
        client = CommittingClient()
        client.force_login(viewer)
        for path in pages:
            response = client.get(path, follow=True)
            text = response.content.decode()
            if path == writer.get_absolute_url():
                assert "Wat er misging met de pilot" not in text
                continue
            for trace in traces:
                assert trace not in text, f"{trace!r} leaked on {path} as {viewer}"
    client = CommittingClient()
    client.force_login(personas.colleague)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Anonymous member" in page and "The author" in page
    notifications = client.get("/notifications/").content.decode()
    assert "Wat er misging met de pilot" in notifications
    # The writer sees it is theirs.
    client.force_login(writer)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "You posted this story anonymously" in page and "You (anonymous)" in page

    assert mail.outbox, "the commenters were mailed"
    for message in mail.outbox:
        if writer.email in message.to:
            continue
        texts = [str(message.subject), str(message.body)] + [
            str(content) for content, _ in getattr(message, "alternatives", [])
        ]
        for text in texts:
            for trace in traces:
                assert trace not in text, f"{trace!r} leaked in mail to {message.to}"


def test_a_community_manager_hides_a_story_without_learning_who_wrote_it(client, personas):
    story = write(personas.member, personas.youth_care, anonymous=True, title="Verborgen")
    client.force_login(personas.colleague)
    assert "Moderation" not in client.get(story.get_absolute_url()).content.decode()
    assert client.post(url("hide_post", story), {"reason": "Nee"}).status_code == 403
    assert Post.objects.get(pk=story.pk).hidden_at is None
    client.force_login(personas.community_manager)
    assert client.post(url("hide_post", story), {"reason": ""}).status_code == 400
    response = client.post(url("hide_post", story), {"reason": "Te herleidbaar", "message": ""})
    assert response.status_code == 302
    assert Post.objects.get(pk=story.pk).hidden_at is not None
    client.force_login(personas.colleague)
    assert client.get(story.get_absolute_url()).status_code == 404
    client.force_login(personas.member)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Hidden by a community manager: Te herleidbaar" in page


def test_the_blog_preview_shows_the_markdown(client, personas):
    client.force_login(personas.member)
    response = client.post(
        NEW_BLOG, {"title": "T", "body": "**Vet**", "theme": "jeugdzorg", "preview": "1"}
    )
    assert "<strong>Vet</strong>" in response.content.decode()
