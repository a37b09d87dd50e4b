"""The demo's year of activity (plein.insights.demo): plausible, private, quick, and loaded
once. One load of the demo content serves every assertion (it takes a while)."""

import importlib.util
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db.models import Max, Q
from django.utils import timezone

from plein.gatherings.demo import load_demo_gatherings
from plein.insights.access import scope_for
from plein.insights.demo import (
    BIG_MUNICIPALITIES,
    COSTLY_THEMES,
    appoint_demo_programme_lead,
    load_demo_activity,
)
from plein.insights.forms import add_months, first_of_month
from plein.insights.models import Aggregate, Event, PageViewCount
from plein.library.demo import load_demo_resources
from plein.members.demo import load_demo_community
from plein.members.models import Invitation, Member
from plein.notify.models import Notification
from plein.posts.demo import load_demo_questions
from plein.posts.models import Helped, Post, Reply

pytestmark = pytest.mark.django_db


def month_of(moment) -> date:
    return first_of_month(timezone.localdate(moment))


@pytest.fixture
def mailbox(tmp_path, settings) -> Path:
    settings.EMAIL_BACKEND = "plein.core.mail.MailboxBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return settings.EMAIL_FILE_PATH


def test_the_demo_year_tells_a_plausible_story(mailbox, django_capture_on_commit_callbacks):
    now = timezone.now()
    load_demo_community()
    load_demo_questions(now=now)
    load_demo_resources(now=now)
    load_demo_gatherings()
    helped_before = Helped.objects.count()
    notifications_before = Notification.objects.aggregate(last=Max("pk"))["last"] or 0

    # How long it takes is for `plein demo-data` to show, not for a test to time.
    with django_capture_on_commit_callbacks(execute=True):
        total = load_demo_activity(now=now)

    assert total == Event.objects.count()
    this_month = first_of_month(timezone.localdate(now))
    year = [add_months(this_month, -n) for n in range(12)]

    # Every month of the dashboards' year has visits, logins and page views.
    visits = Counter(
        month_of(at)
        for at in Event.objects.filter(kind=Event.Kind.VISITED).values_list("at", flat=True)
    )
    logins = Counter(
        month_of(at)
        for at in Event.objects.filter(kind=Event.Kind.LOGGED_IN).values_list("at", flat=True)
    )
    views = {first_of_month(day) for day in PageViewCount.objects.values_list("day", flat=True)}
    for month in year:
        assert visits[month] > 0, month
        assert logins[month] > 0, month
        assert month in views, month
    generated = (Event.Kind.VISITED, Event.Kind.LOGGED_IN, Event.Kind.HELPED)
    assert not Event.objects.filter(kind__in=generated, at__gt=now).exists()

    # 90-9-1: a few come by most working days, some joined and never came back.
    days_seen: dict[int, set[date]] = defaultdict(set)
    for member_id, at in Event.objects.filter(kind=Event.Kind.VISITED).values_list(
        "member_id", "at"
    ):
        days_seen[member_id].add(timezone.localdate(at))
    members = Member.objects.count()
    regulars = [m for m, days in days_seen.items() if len(days) >= 100]
    assert 2 <= len(regulars) <= members * 0.3
    joined = dict(Member.objects.values_list("pk", "date_joined"))
    # Gone: joined more than two months ago, and not seen after their first week (also
    # those who joined before the demo's year and were not seen in it at all).
    gone = [
        m
        for m, at in joined.items()
        if at < now - timedelta(days=60)
        and all(day <= timezone.localdate(at) + timedelta(days=7) for day in days_seen[m])
    ]
    assert len(gone) >= 2  # "some": which readers never return follows the seed and the date
    # Visits never come before the member joined.
    for member_id, at in Event.objects.filter(kind=Event.Kind.VISITED).values_list(
        "member_id", "at"
    ):
        assert at >= joined[member_id]

    # Helped reports: minutes in most months, the most in youth care and procurement,
    # help flowing from Enschede and Hengelo.
    assert Helped.objects.count() > helped_before
    helped = Event.objects.filter(kind=Event.Kind.HELPED)
    minutes: Counter[date] = Counter()
    for at, saved in helped.values_list("at", "minutes"):
        minutes[month_of(at)] += saved or 0
    assert sum(1 for month in year if minutes[month] > 0) >= 9
    per_theme: Counter[str] = Counter()
    for slug, saved in helped.values_list("theme__slug", "minutes"):
        per_theme[slug] += saved or 0
    assert {slug for slug, _saved in per_theme.most_common(2)} == set(COSTLY_THEMES)
    given: Counter[str | None] = Counter()
    for name, saved in helped.values_list("helper_organisation__name", "minutes"):
        given[name] += saved or 0
    assert set(BIG_MUNICIPALITIES) & {name for name, _saved in given.most_common(3)}
    # The extra reports went through the actions (counters kept) and sit in the past.
    for reply in Reply.objects.filter(helped_marks__isnull=False).distinct()[:50]:
        assert reply.helped_count == reply.helped_marks.count()
    assert not Helped.objects.filter(created_at__gt=now - timedelta(minutes=59)).exists()
    # Their notifications count as mailed back then; nothing went out now.
    new = Notification.objects.filter(pk__gt=notifications_before)
    assert not new.filter(mail=Notification.Mail.PENDING).exists()
    assert not mailbox.exists() or not any(mailbox.iterdir())

    # Several ways in, and people invited who have not joined yet.
    sources = Counter(Event.objects.filter(kind=Event.Kind.JOINED).values_list("source", flat=True))
    assert len([source for source in sources if source]) >= 4
    assert Invitation.objects.filter(accepted_at__isnull=True).count() >= 10

    # Anonymous posts are counted, tied to nobody.
    anonymous = Post.objects.filter(is_anonymous=True)
    assert anonymous.exists()
    assert Event.objects.filter(kind=Event.Kind.ASKED, member__isnull=True).count() == (
        anonymous.filter(kind=Post.Kind.QUESTION).count()
    )
    for author_id in set(anonymous.values_list("author_id", flat=True)):
        named_questions = Post.objects.filter(
            author_id=author_id, kind=Post.Kind.QUESTION, is_anonymous=False
        ).count()
        assert Event.objects.filter(kind=Event.Kind.ASKED, member_id=author_id).count() == (
            named_questions
        )
        # Their "this helped me" on answers to their own anonymous question is anonymous.
        own_thread = Helped.objects.filter(
            member_id=author_id, by_asker=True, reply__post__is_anonymous=True
        ).count()
        reports = Helped.objects.filter(member_id=author_id).count()
        assert Event.objects.filter(kind=Event.Kind.HELPED, member_id=author_id).count() == (
            reports - own_thread
        )
    assert not Event.objects.filter(member__isnull=True, organisation__isnull=False).exists()

    # The rollup read it all (when it is there).
    if importlib.util.find_spec("plein.insights.rollup"):
        assert Aggregate.objects.filter(measure=Event.Kind.VISITED).exists()

    # Loading again adds nothing.
    counts = (Event.objects.count(), Helped.objects.count(), Invitation.objects.count())
    sums = list(PageViewCount.objects.order_by("pk").values_list("views", flat=True))
    load_demo_activity(now=now)
    assert (Event.objects.count(), Helped.objects.count(), Invitation.objects.count()) == counts
    assert list(PageViewCount.objects.order_by("pk").values_list("views", flat=True)) == sums
    assert (
        not Event.objects.filter(Q(kind=Event.Kind.JOINED) & Q(source=Event.Source.ADDED))
        .exclude(member__email="communitymanager@plein.example")
        .exists()
    )

    # The story's programme lead manages Enschede: the community's insights and Enschede's.
    lead = appoint_demo_programme_lead()
    assert lead is not None and lead.organisation is not None
    assert lead.organisation.name == "Gemeente Enschede"
    lead.refresh_from_db()
    assert lead.is_organisation_manager
    scope = scope_for(lead)
    assert scope is not None and not scope.everything
    assert scope.organisation_ids == {lead.organisation.pk}
