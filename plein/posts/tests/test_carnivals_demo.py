"""The demo blog carnivals: a finished one with a roundup and a running one with a
waiting external entry, realistic, the same every time, nobody mailed."""

from io import StringIO

import pytest
from django.core import mail
from django.test import TestCase

from plein.core.privacy import scan
from plein.members.demo import load_demo_community
from plein.notify.models import Notification
from plein.posts.demo_carnivals import CARNIVALS, FINISHED, RUNNING, load_demo_carnivals
from plein.posts.demo_stories import load_demo_stories
from plein.posts.models import Carnival, CarnivalEntry
from plein.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def test_the_demo_texts_contain_nothing_that_looks_like_client_data():
    for carnival in CARNIVALS:
        for text in (carnival.title, carnival.intro, carnival.roundup):
            assert not scan(text), text
        for post in carnival.posts:
            assert not scan(post.title) and not scan(post.body), post.title
        for external in carnival.externals:
            assert not scan(external.title) and not scan(external.excerpt), external.url


def test_loading_makes_a_finished_and_a_running_carnival_once_and_mails_nobody(client):
    assert load_demo_carnivals() == 0  # no demo community yet
    load_demo_community()
    load_demo_stories()  # its anonymous story joins the running carnival
    mail.outbox.clear()
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert load_demo_carnivals(stdout=out) == 2
    assert "Blog carnivals: 2 (2 new)" in out.getvalue()
    finished = Carnival.objects.get(title=FINISHED.title)
    running = Carnival.objects.get(title=RUNNING.title)
    assert finished.has_ended and finished.roundup_at and not finished.accepts_entries
    assert running.is_running and running.accepts_entries
    assert finished.entry_count == len(FINISHED.posts) + len(FINISHED.externals) == 6
    assert (running.entry_count, running.waiting_count) == (6, 1)
    plein_entries = CarnivalEntry.objects.filter(carnival=running, post__isnull=False)
    assert plein_entries.filter(post__is_anonymous=True).count() == 1
    assert plein_entries.count() == 4
    assert SearchDocument.objects.filter(kind="carnival").count() == 2
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert mail.outbox == []
    assert load_demo_carnivals() == 0
    assert Carnival.objects.count() == 2
    # The pages render, for a visitor too; the anonymous story is for members only.
    for carnival in (finished, running):
        assert client.get(carnival.get_absolute_url()).status_code == 200
