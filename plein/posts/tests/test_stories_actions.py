"""The actions of process stories and blog posts: writing, editing, deleting, comments and
"this helped me", with their bad input."""

from collections.abc import Iterator

import pytest
from django.test import TestCase

from plein.circles.models import Circle
from plein.circles.tests.helpers import circle_with
from plein.core.errors import NotAllowed, PleinError
from plein.core.privacy import PrivacyBlocked, PrivacyWarning
from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.notify.models import Notification
from plein.posts import stories
from plein.posts.models import Helped, HelperScore, Post, Reply, Revision
from plein.posts.stories_queries import stories_for_theme

pytestmark = pytest.mark.django_db

SECTIONS = {
    "set_out": "Eén contactpersoon per gezin, over alle zorgaanbieders heen.",
    "tried": "Een pilot met twaalf gezinnen in twee wijken.",
    "went_wrong": "De aanbieders wilden hun eigen dossier niet loslaten.",
    "learned": "Begin met de gezinnen, niet met de systemen.",
    "next": "We breiden uit naar een derde wijk.",
}


@pytest.fixture(autouse=True)
def _english(english: None) -> Iterator[None]:
    yield


def write(author, theme, **kw) -> Post:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return stories.write_story(
            author,
            theme=theme,
            title=kw.pop("title", "Eén contactpersoon per gezin"),
            sections=kw.pop("sections", SECTIONS),
            confirmed_privacy=kw.pop("confirmed_privacy", False),
            submit_key=kw.pop("submit_key", ""),
            **kw,
        )


def blog(author, theme, **kw) -> Post:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return stories.write_blog_post(
            author,
            theme=theme,
            title=kw.pop("title", "Is sociaal leren leerbaar?"),
            body=kw.pop("body", "Ik denk van wel, en wel hierom."),
            confirmed_privacy=kw.pop("confirmed_privacy", False),
            submit_key=kw.pop("submit_key", ""),
            **kw,
        )


def idea(author, theme, **kw) -> Post:
    return Post.objects.create(
        kind=Post.Kind.IDEA,
        theme=theme,
        author=author,
        title=kw.pop("title", "Eén contactpersoon per gezin"),
        stage=Post.Stage.IDEA,
        **kw,
    )


def test_a_story_keeps_its_parts_and_builds_one_searchable_text(personas):
    story = write(personas.member, personas.youth_care)
    assert story.kind == Post.Kind.STORY and story.sections == SECTIONS
    # The body is in the site's language, with a heading per part, whatever the writer's.
    assert "## Wat we wilden bereiken" in story.body or "## What we set out to do" in story.body
    for text in SECTIONS.values():
        assert text in story.body
        assert text in story.body_html
    assert story.get_absolute_url() == f"/stories/{story.pk}/"


def test_empty_parts_are_left_out_and_what_we_learned_is_required(personas):
    story = write(personas.member, personas.youth_care, sections={"learned": " Samen. "})
    assert story.sections == {"learned": "Samen."}
    with pytest.raises(PleinError, match="at least what you learned"):
        write(personas.member, personas.youth_care, sections={**SECTIONS, "learned": "  "})
    with pytest.raises(PleinError, match="title"):
        write(personas.member, personas.youth_care, title="   ")
    with pytest.raises(PleinError, match="longer than"):
        write(personas.member, personas.youth_care, sections={"learned": "x" * 5001})


def test_a_double_submit_makes_one_story(personas):
    first = write(personas.member, personas.youth_care, submit_key="k1")
    again = write(personas.member, personas.youth_care, submit_key="k1")
    assert first.pk == again.pk
    assert Post.objects.stories().count() == 1


def test_the_idea_must_be_an_idea_the_author_may_see(personas):
    own_idea = idea(personas.colleague, personas.youth_care)
    story = write(personas.member, personas.youth_care, idea=own_idea)
    assert story.idea == own_idea
    question = Post.objects.create(
        kind=Post.Kind.QUESTION, theme=personas.youth_care, author=personas.member, title="Vraag"
    )
    with pytest.raises(PleinError, match="only belong to an idea"):
        write(personas.member, personas.youth_care, idea=question)
    closed = circle_with(personas)  # Fatima and Joost; Anouk is outside
    hidden_idea = idea(personas.colleague, personas.youth_care, circle=closed)
    with pytest.raises(PleinError, match="not \\(or no longer\\) open to you"):
        write(personas.other_org_member, personas.youth_care, idea=hidden_idea)
    deleted = idea(personas.colleague, personas.youth_care)
    Post.objects.filter(pk=deleted.pk).update(deleted_at=own_idea.created_at)
    with pytest.raises(PleinError):
        write(personas.member, personas.youth_care, idea=deleted)


def test_the_privacy_guard_reads_every_part(personas):
    with pytest.raises(PrivacyWarning):
        write(
            personas.member,
            personas.youth_care,
            sections={**SECTIONS, "went_wrong": "Bel de moeder op 06-12345678."},
        )
    story = write(
        personas.member,
        personas.youth_care,
        sections={**SECTIONS, "went_wrong": "Bel mij op 06-12345678."},
        confirmed_privacy=True,
    )
    assert "06-12345678" in story.body
    with pytest.raises(PrivacyBlocked):
        write(
            personas.member,
            personas.youth_care,
            sections={**SECTIONS, "tried": "BSN 111222333 van het kind"},
            confirmed_privacy=True,
        )
    with pytest.raises(PrivacyWarning):
        blog(personas.member, personas.youth_care, body="Mail mij: jan@voorbeeld.example")


def test_only_a_circle_member_posts_in_a_closed_circle_and_only_they_read_it(personas):
    circle = circle_with(personas)
    assert circle.access == Circle.Access.CLOSED
    story = write(personas.colleague, personas.youth_care, circle=circle)
    with pytest.raises(PleinError):
        write(personas.other_org_member, personas.youth_care, circle=circle)
    with pytest.raises(PleinError):
        blog(personas.other_org_member, personas.youth_care, circle=circle)
    assert list(stories_for_theme(personas.youth_care, personas.member)) == [story]
    assert list(stories_for_theme(personas.youth_care, personas.other_org_member)) == []


def test_editing_keeps_the_earlier_version_and_only_the_author_may(personas):
    story = write(personas.member, personas.youth_care)
    with pytest.raises(NotAllowed):
        stories.edit_story(
            personas.colleague,
            story,
            theme=personas.youth_care,
            title="Anders",
            sections=SECTIONS,
        )
    with TestCase.captureOnCommitCallbacks(execute=True):
        stories.edit_story(
            personas.member,
            story,
            theme=personas.prevention,
            title="Anders",
            sections={**SECTIONS, "learned": "Begin klein."},
        )
    story.refresh_from_db()
    assert story.title == "Anders" and story.sections["learned"] == "Begin klein."
    assert "Begin klein." in story.body and story.edited_at
    assert Revision.objects.get(post=story).title == "Eén contactpersoon per gezin"
    post = blog(personas.member, personas.youth_care)
    with pytest.raises(PleinError):
        stories.edit_story(
            personas.member, post, theme=personas.youth_care, title="x", sections=SECTIONS
        )
    stories.edit_blog_post(
        personas.member, post, theme=personas.youth_care, title="Nieuw", body="Nieuwe tekst"
    )
    post.refresh_from_db()
    assert post.body_html.strip() == "<p>Nieuwe tekst</p>"
    with pytest.raises(PleinError, match="Write something"):
        stories.edit_blog_post(
            personas.member, post, theme=personas.youth_care, title="Nieuw", body=" "
        )


def test_blog_posts_are_always_named_and_deleting_hides_them(personas):
    post = blog(personas.member, personas.youth_care)
    assert post.kind == Post.Kind.BLOG and not post.is_anonymous
    with pytest.raises(NotAllowed):
        stories.delete(personas.colleague, post)
    stories.delete(personas.member, post)
    assert not Post.objects.visible_to(personas.member).filter(pk=post.pk).exists()
    with pytest.raises(NotAllowed):
        stories.delete(personas.member, post)


def test_comments_notify_the_author_and_the_author_answers_the_commenters(personas):
    story = write(personas.member, personas.youth_care)
    with TestCase.captureOnCommitCallbacks(execute=True):
        first = stories.comment_on(personas.colleague, story, "Herkenbaar!")
        stories.comment_on(personas.other_org_member, story, "Hoe reageerden de gezinnen?")
    assert first.parent_id is None and not first.is_anonymous
    assert (
        Notification.objects.filter(
            recipient=personas.member, kind=Notification.Kind.COMMENT, post=story
        ).count()
        == 2
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        stories.comment_on(personas.member, story, "Heel goed, vooral de ouders.")
    told = Notification.objects.filter(kind=Notification.Kind.COMMENT, post=story).exclude(
        recipient=personas.member
    )
    assert {n.recipient_id for n in told} == {personas.colleague.pk, personas.other_org_member.pk}
    story.refresh_from_db()
    assert story.answer_count == 2  # the comments of others


def test_bad_comments(personas):
    story = write(personas.member, personas.youth_care)
    with pytest.raises(PleinError, match="Write something"):
        stories.comment_on(personas.colleague, story, "   ")
    with pytest.raises(PleinError, match="longer than"):
        stories.comment_on(personas.colleague, story, "x" * 2001)
    with pytest.raises(PrivacyBlocked):
        stories.comment_on(personas.colleague, story, "BSN 111222333", confirmed_privacy=True)
    question = Post.objects.create(
        kind=Post.Kind.QUESTION, theme=personas.youth_care, author=personas.member, title="Vraag"
    )
    with pytest.raises(PleinError, match="under a story or a blog post"):
        stories.comment_on(personas.colleague, question, "Hallo")
    assert Reply.objects.count() == 0
    again = stories.comment_on(personas.colleague, story, "Eens", submit_key="c1")
    assert stories.comment_on(personas.colleague, story, "Eens", submit_key="c1") == again


def test_helped_once_not_your_own_and_the_counters_keep_step(personas):
    story = write(personas.member, personas.youth_care)
    with TestCase.captureOnCommitCallbacks(execute=True):
        stories.mark_story_helped(personas.colleague, story, minutes=90)
        stories.mark_story_helped(personas.other_org_member, story)
    story.refresh_from_db()
    assert (story.helped_count, story.minutes_saved) == (2, 90)
    assert Helped.objects.filter(post=story).count() == 2
    assert HelperScore.objects.get(member=personas.member, theme=personas.youth_care).helped_count
    assert Notification.objects.filter(
        recipient=personas.member, kind=Notification.Kind.HELPED, post=story
    ).exists()
    with pytest.raises(PleinError, match="already marked"):
        stories.mark_story_helped(personas.colleague, story, minutes=10)
    with pytest.raises(PleinError, match="your own story"):
        stories.mark_story_helped(personas.member, story)
    with pytest.raises(PleinError, match="between 1 minute"):
        stories.mark_story_helped(personas.community_manager, story, minutes=0)
    post = blog(personas.member, personas.youth_care)
    with pytest.raises(PleinError, match="Only stories"):
        stories.mark_story_helped(personas.colleague, post)
    story.refresh_from_db()
    assert (story.helped_count, story.minutes_saved) == (2, 90)


def test_an_anonymous_story_counts_for_no_helper_score(personas):
    story = write(personas.member, personas.youth_care, anonymous=True)
    stories.mark_story_helped(personas.colleague, story, minutes=5)
    assert not HelperScore.objects.filter(member=personas.member).exists()
    comment = stories.comment_on(personas.member, story, "Dank voor het lezen.")
    assert comment.is_anonymous


def test_stories_for_theme_is_one_query(personas, django_assert_num_queries):
    for n in range(4):
        write(personas.member, personas.youth_care, title=f"Verhaal {n}")
    with django_assert_num_queries(1):
        found = stories_for_theme(personas.youth_care, personas.colleague, limit=3)
        [str(s.author.organisation) for s in found]
    assert [s.title for s in found] == ["Verhaal 3", "Verhaal 2", "Verhaal 1"]
