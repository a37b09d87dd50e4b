"""The demo stories and blog posts: realistic, the same every time, nobody mailed."""

from io import StringIO

import pytest
from django.core import mail
from django.db.models import Sum

from plein.core.privacy import scan
from plein.members.demo import load_demo_community
from plein.notify.models import Notification
from plein.posts.demo_stories import BLOGS, STORIES, load_demo_stories
from plein.posts.models import Helped, Post, Reply

pytestmark = pytest.mark.django_db


def test_the_demo_texts_contain_nothing_that_looks_like_client_data():
    for story in STORIES:
        for text in (story.title, story.set_out, story.tried, story.went_wrong, story.learned):
            assert not scan(text), text
        for text in (story.next, *story.comments, story.author_comment):
            assert not scan(text), text
    for blog in BLOGS:
        for text in (blog.title, blog.body, *blog.comments):
            assert not scan(text), text


def test_loading_makes_stories_and_blog_posts_once_and_mails_nobody():
    assert load_demo_stories() == 0  # no demo community yet: nothing to write with
    load_demo_community()
    mail.outbox.clear()
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    out = StringIO()
    assert load_demo_stories(stdout=out) == len(STORIES) + len(BLOGS)
    assert "Stories and blog posts" in out.getvalue()
    stories = Post.objects.stories()
    assert stories.count() == len(STORIES)
    assert Post.objects.blogs().count() == len(BLOGS)
    assert stories.filter(is_anonymous=True).count() == 1
    assert not Post.objects.blogs().filter(is_anonymous=True).exists()
    anonymous = stories.get(is_anonymous=True)
    assert Reply.objects.filter(post=anonymous, is_anonymous=True).count() == 1
    assert Helped.objects.filter(post__kind=Post.Kind.STORY).count() == sum(
        len(s.helped) for s in STORIES
    )
    assert stories.aggregate(s=Sum("minutes_saved"))["s"] == sum(
        m or 0 for s in STORIES for m in s.helped
    )
    assert Reply.objects.filter(post__kind=Post.Kind.BLOG).count() == sum(
        len(b.comments) for b in BLOGS
    )
    made = Notification.objects.filter(pk__gt=last)
    assert made.exists()
    assert not made.filter(read_at__isnull=True).exists()
    assert not made.exclude(mail=Notification.Mail.SENT).exists()
    assert mail.outbox == []
    # Again: nothing new, the same people.
    authors = list(stories.order_by("submit_key").values_list("submit_key", "author_id"))
    assert load_demo_stories() == 0
    assert list(stories.order_by("submit_key").values_list("submit_key", "author_id")) == authors
    assert Post.objects.stories().count() == len(STORIES)
