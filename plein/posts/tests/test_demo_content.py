from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from plein.core.privacy import PrivacyWarning, scan
from plein.members.demo import DEMO_MEMBER_EMAIL, ORGANISATIONS, demo_people, load_demo_community
from plein.members.models import Member
from plein.notify import delivery
from plein.notify.models import Notification
from plein.posts import demo
from plein.posts.demo import (
    ANY_ANSWERS,
    ASKER_QUESTIONS,
    ASKER_THANKS,
    CLOSERS,
    KEY_PREFIX,
    MINUTES,
    OPENERS,
    OTHER_COMMENTS,
    QUESTIONS,
    STORY_KEY,
    THANKS_REPLIES,
    THEME_ANSWERS,
    QuestionTemplate,
    demo_questions,
    load_demo_questions,
)
from plein.posts.models import Helped, Post, Reply
from plein.search.models import SearchDocument
from plein.themes.models import Theme

THEME_SLUGS = {
    "jeugdzorg",
    "ondersteuning-thuis",
    "werk-en-participatie",
    "preventie",
    "onderwijs-en-zorg",
    "wijkteams",
    "inkoop",
    "clientparticipatie",
    "informatie-en-privacy",
    "beschermd-wonen",
    "mantelzorg",
    "innovatie",
}


def every_text() -> list[str]:
    """Every text the demo can post, in every variant it can take."""
    texts: list[str] = []
    for template in QUESTIONS:
        for fill in template.fills:
            texts += [
                template.title.format(*fill),
                template.body.format(*fill),
                template.answer.format(*fill),
            ]
    texts += [answer for answers in THEME_ANSWERS.values() for answer in answers]
    texts += [*ANY_ANSWERS, *CLOSERS, *ASKER_THANKS, *THANKS_REPLIES, *OTHER_COMMENTS]
    for question, replies in ASKER_QUESTIONS:
        texts += [question, *replies]
    for spec in ORGANISATIONS:
        at = spec.at or f"bij {spec.name}"
        texts += [opener.format(at=at[0].upper() + at[1:], at_lower=at) for opener in OPENERS]
    texts += [
        demo.STORY_TITLE,
        demo.STORY_BODY,
        demo.STORY_HELPFUL_ANSWER,
        demo.STORY_OTHER_ANSWER,
        demo.STORY_ASKER_COMMENT,
        demo.STORY_REPLY,
    ]
    return texts


def test_no_demo_text_looks_like_client_data() -> None:
    texts = every_text()
    plan = demo_questions(demo_people(), now=timezone.now())
    texts += [text for question in plan for text in question.texts()]

    for text in texts:
        assert scan(text) == [], text
        assert "{" not in text and "}" not in text, text  # every placeholder filled


def test_the_texts_cover_every_theme() -> None:
    assert {template.theme for template in QUESTIONS} == THEME_SLUGS
    assert set(THEME_ANSWERS) == THEME_SLUGS
    assert len(QUESTIONS) >= 40
    assert len({template.key for template in QUESTIONS}) == len(QUESTIONS)


def test_the_plan_is_the_same_every_time_and_happens_in_order() -> None:
    now = timezone.now()
    people = demo_people()

    plan = demo_questions(people, now=now)

    assert plan == demo_questions(people, now=now)
    assert len(plan) >= 140
    assert len({question.key for question in plan}) == len(plan)
    assert len({question.title for question in plan}) == len(plan)
    emails = {person.email for person in people}
    for question in plan:
        assert question.author in emails
        assert now - timedelta(days=305) < question.at < now
        for answer in question.answers:
            assert answer.author != question.author
            assert question.at < answer.at < now
            for comment in answer.comments:
                assert answer.at < comment.at < now
            for helped in answer.helped:
                assert answer.at < helped.at < now
                assert helped.member != answer.author
            assert len({helped.member for helped in answer.helped}) == len(answer.helped)


@pytest.mark.django_db
def test_a_text_that_trips_the_privacy_guard_stops_the_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    load_demo_community()
    slip = QuestionTemplate(
        "slip",
        "jeugdzorg",
        "Wie kan mij helpen met {0}?",
        "Bel me gerust op 06 12345678.",
        (("een wachtlijst",),),
        "Goede vraag.",
    )
    monkeypatch.setattr(demo, "QUESTIONS", (slip,))

    with pytest.raises(PrivacyWarning):
        load_demo_questions()

    assert not Post.objects.exists()  # one transaction: nothing half loaded


@pytest.fixture
def mailbox(tmp_path, settings) -> Path:
    """The development mailbox: every mail would be a file here."""
    settings.EMAIL_BACKEND = "plein.core.mail.MailboxBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return settings.EMAIL_FILE_PATH


def empty(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


def snapshot() -> dict[str, object]:
    return {
        model.__name__: (model.objects.count(), model.objects.aggregate(last=Max("pk"))["last"])
        for model in (Post, Reply, Helped, Notification, SearchDocument)
    }


@pytest.mark.django_db
def test_the_demo_loads_a_lived_in_werkplaats_without_sending_mail(
    mailbox: Path,
    django_capture_on_commit_callbacks,
) -> None:
    out = StringIO()
    now = timezone.now()

    # What happens after the commit (mail, search index) runs as it would for real.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_data", stdout=out)

    posts = Post.objects.filter(submit_key__startswith=KEY_PREFIX)
    replies = Reply.objects.filter(post__in=posts)
    count = posts.count()
    assert count >= 140
    assert "Demo questions: " in out.getvalue()
    assert set(posts.values_list("theme__slug", flat=True)) == THEME_SLUGS
    assert Theme.objects.count() == 12
    assert replies.filter(parent__isnull=True).count() >= 2 * count * 0.8
    assert replies.filter(parent__isnull=False).count() >= 100
    assert replies.filter(parent__isnull=False, is_anonymous=True).exists()  # "the asker"
    assert posts.filter(is_anonymous=True).count() >= count * 0.1

    # "This helped me" from the asker on most answered questions, with minutes; others too.
    answered = posts.filter(answer_count__gt=0)
    by_asker = Helped.objects.filter(reply__post__in=posts, by_asker=True)
    assert by_asker.count() >= answered.count() * 0.5
    assert set(by_asker.values_list("minutes", flat=True)) <= set(MINUTES)
    assert Helped.objects.filter(reply__post__in=posts, by_asker=False).count() >= 20
    assert posts.filter(status=Post.Status.ANSWERED).count() == by_asker.count()

    # Waiting: open without answers, some for longer than the 48 hours of routing.
    waiting = posts.filter(status=Post.Status.OPEN, answer_count=0)
    assert waiting.count() >= 15
    assert waiting.filter(last_activity_at__lt=now - timedelta(hours=48)).count() >= 5
    assert waiting.filter(last_activity_at__gt=now - timedelta(hours=48)).exists()

    # Backdated over ten months, answers after their question, activity kept in step.
    first, last = min(p.created_at for p in posts), max(p.created_at for p in posts)
    assert last - first > timedelta(days=240)
    for post in posts.prefetch_related("replies"):
        times = [reply.created_at for reply in post.replies.all()]
        assert all(post.created_at < time < now for time in times)
        assert post.last_activity_at == max([post.created_at, *times])
    assert not Helped.objects.filter(created_at__gt=now - timedelta(minutes=30)).exists()

    # The README's story.
    story = posts.get(submit_key=STORY_KEY)
    assert story.author.email == DEMO_MEMBER_EMAIL
    assert story.is_anonymous and story.theme.slug == "jeugdzorg"
    assert "Wachtlijst" in story.title
    answers = list(story.replies.filter(parent__isnull=True))
    assert len(answers) == 2
    helpful = next(answer for answer in answers if answer.helped_asker)
    marks = set(
        helpful.helped_marks.values_list("member__organisation__name", "by_asker", "minutes")
    )
    assert marks == {("Gemeente Hengelo", True, 120), ("Gemeente Almelo", False, 30)}

    # No mail: nothing in the mailbox, nothing left for notify-tick to send later, and the
    # members' notification lists mostly read.
    assert empty(mailbox)
    notifications = Notification.objects.filter(post__in=posts)
    assert notifications.count() > count
    assert not notifications.filter(
        mail__in=[Notification.Mail.PENDING, Notification.Mail.DAILY]
    ).exists()
    assert delivery.tick() == delivery.TickResult(thread_mails=0, digests=0)
    assert empty(mailbox)
    assert notifications.filter(read_at__isnull=True).count() < notifications.count() / 3
    for member in Member.objects.all():
        assert member.notifications.filter(read_at__isnull=True).count() <= 40

    # Every question is findable.
    assert (
        SearchDocument.objects.filter(
            kind=SearchDocument.Kind.QUESTION, object_id__in=posts.values("pk")
        ).count()
        == count
    )

    # A second run adds nothing.
    before = snapshot()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("demo_data", stdout=out)
    assert snapshot() == before
    assert callbacks == []
    assert f"Demo questions: {count} in 12 themes (0 new)" in out.getvalue()
