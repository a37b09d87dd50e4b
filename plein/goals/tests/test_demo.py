"""The demo learning goals: the demo member's goal from the story with a learning log,
goals of other members, one shared with a circle; loaded once, mailing nobody."""

from io import StringIO

import pytest
from django.core import mail
from django.urls import reverse

from plein.circles.demo import load_demo_circles
from plein.core.privacy import scan
from plein.goals.demo import DEMO_CHECKINS, DEMO_GOAL, OTHER_GOALS, load_demo_goals
from plein.goals.models import GoalCheckIn, LearningGoal
from plein.goals.tasks import send_checkin_reminders
from plein.members.demo import DEMO_MEMBER_EMAIL, load_demo_community


def test_no_demo_text_looks_like_client_data() -> None:
    texts = [DEMO_GOAL, *(t for pair in DEMO_CHECKINS for t in pair)]
    texts += [text for text, _months, lines, _done in OTHER_GOALS for text in (text, *lines)]
    for text in texts:
        assert not scan(text), text


@pytest.mark.django_db
def test_nothing_loads_without_the_demo_community() -> None:
    assert load_demo_goals() == 0


@pytest.mark.django_db
def test_the_demo_goals_load_once_and_mail_nobody(client) -> None:
    load_demo_community()
    load_demo_circles()
    mail.outbox.clear()
    out = StringIO()
    assert load_demo_goals(stdout=out) == 1 + len(OTHER_GOALS)
    assert "Learning goals: 6 new" in out.getvalue()
    goal = LearningGoal.objects.get(member__email=DEMO_MEMBER_EMAIL)
    assert goal.text == DEMO_GOAL and goal.circle is not None and goal.is_active
    log = list(goal.checkins.order_by("created_at"))
    assert [entry.learned for entry in log] == [learned for learned, _next in DEMO_CHECKINS]
    assert log[0].created_at < log[-1].created_at < goal.next_checkin_at
    assert goal.created_at < log[0].created_at
    assert LearningGoal.objects.filter(status="completed").count() == 1
    assert GoalCheckIn.objects.count() == len(DEMO_CHECKINS) + sum(
        len(lines) for _t, _m, lines, _d in OTHER_GOALS
    )
    assert load_demo_goals() == 0
    client.force_login(goal.member)
    for path in (reverse("goals:list"), goal.get_absolute_url()):
        response = client.get(path)
        assert response.status_code == 200 and log[-1].learned in response.content.decode()
    assert send_checkin_reminders.call() == 0 and not mail.outbox
