"""`plein notify-tick` prints one line and sends what is due."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from plein.notify.models import Notification
from plein.notify.tests.helpers import answer, question

pytestmark = pytest.mark.django_db


def test_it_sends_what_is_due_and_says_so_in_one_line(personas):
    post = question(personas.member, personas.youth_care)
    Notification.objects.create(
        recipient=personas.member,
        kind=Notification.Kind.ANSWER,
        post=post,
        reply=answer(post, personas.colleague),
        mail=Notification.Mail.PENDING,
    )
    out = StringIO()
    call_command("notify_tick", stdout=out)
    assert out.getvalue().strip().splitlines() == [
        "notify-tick: 0 waiting question(s) routed, 1 thread mail(s), 0 daily summary mail(s) sent"
    ]
    assert len(mail.outbox) == 1
    out = StringIO()
    call_command("notify_tick", stdout=out)
    assert "0 thread mail(s)" in out.getvalue() and len(mail.outbox) == 1
