"""Demo content for the shop window: a few features of the demo community's own content,
chosen by fixed rules (so the same database gets the same window), and one run of the
weekly sweep so the community manager finds suggestions waiting. Mails nobody: features
and suggestions send no mail, and the sweep is run directly, not as a task.

Not wired into `plein demo-data` here: the lead adds `load_demo_showcase` after the
questions, ideas and stories are loaded."""

import datetime

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q

from plein.demo.loading import Writer, progress
from plein.members.demo import COMMUNITY_MANAGER_EMAIL
from plein.members.models import Member, Organisation
from plein.posts.models import Helped, Post, Reply
from plein.showcase import actions
from plein.showcase.models import Feature

PUBLIC = Q(circle__isnull=True, hidden_at__isnull=True, deleted_at__isnull=True)


def load_demo_showcase(*, stdout: Writer | None = None) -> int:
    """Feature demo content that is not in the shop window yet and run the sweep once;
    returns how many features were added. Running it again adds nothing new."""
    manager = Member.objects.filter(email=COMMUNITY_MANAGER_EMAIL, is_active=True).first()
    if manager is None or not manager.is_community_manager:
        progress(stdout, "Shop window: skipped (load the demo community first)")
        return 0
    created = 0
    with transaction.atomic():
        for target, why in _choices():
            if Feature.objects.filter(ended_at__isnull=True, **target).exists():
                continue
            actions.feature(manager, why=why, confirmed_privacy=True, **target)
            created += 1
        suggested = actions.suggest_candidates()
    progress(stdout, f"Shop window: {created} new features, {suggested} new suggestions")
    return created


def _choices() -> list[tuple[dict, str]]:
    chosen: list[tuple[dict, str]] = []
    if (question := _first_question_helped_fast()) is not None:
        chosen.append(
            (
                {"post": question},
                "Een eerste vraag op Plein, en binnen een dag een antwoord dat hielp.",
            )
        )
    answer = (
        Reply.objects.filter(
            parent__isnull=True,
            is_anonymous=False,
            hidden_at__isnull=True,
            deleted_at__isnull=True,
            helped_count__gt=0,
            post__circle__isnull=True,
            post__hidden_at__isnull=True,
            post__deleted_at__isnull=True,
        )
        .order_by("-helped_count", "pk")
        .first()
    )
    if answer is not None:
        chosen.append(
            (
                {"reply": answer},
                "Dit antwoord hielp dit jaar meer collega's dan welk ander antwoord ook.",
            )
        )
    if (member := _member_of_small_organisation()) is not None:
        chosen.append(
            (
                {"member": member},
                "Uit een van de kleinste organisaties in het netwerk, en altijd bereid om te helpen.",
            )
        )
    idea = (
        Post.objects.filter(PUBLIC, kind=Post.Kind.IDEA)
        .exclude(stage__in=["", Post.Stage.IDEA])
        .order_by("-stage_changed_at", "pk")
        .first()
    )
    if idea is not None:
        chosen.append(({"post": idea}, "Een idee dat echt in beweging is: zie hoe het groeide."))
    story = (
        Post.objects.filter(PUBLIC, kind=Post.Kind.STORY).order_by("-helped_count", "pk").first()
    )
    if story is not None:
        chosen.append(
            (
                {"post": story},
                "Een verhaal over de weg, niet alleen het resultaat, met wat er misging.",
            )
        )
    return chosen


def _first_question_helped_fast() -> Post | None:
    earlier = Post.objects.filter(
        author=OuterRef("reply__post__author"),
        kind=Post.Kind.QUESTION,
        created_at__lt=OuterRef("reply__post__created_at"),
    )
    helped = (
        Helped.objects.filter(
            by_asker=True,
            reply__post__kind=Post.Kind.QUESTION,
            reply__post__circle__isnull=True,
            reply__post__hidden_at__isnull=True,
            reply__post__deleted_at__isnull=True,
            created_at__lte=F("reply__post__created_at") + datetime.timedelta(days=1),
        )
        .filter(~Exists(earlier))
        .select_related("reply__post")
        .order_by("-created_at", "pk")
        .first()
    )
    return helped.reply.post if helped is not None and helped.reply is not None else None


def _member_of_small_organisation() -> Member | None:
    organisation = (
        Organisation.objects.annotate(
            size=Count(
                "members",
                filter=Q(members__is_active=True, members__is_staff=False) & ~Q(members__name=""),
            )
        )
        .filter(size__gt=0)
        .order_by("size", "name")
        .first()
    )
    if organisation is None:
        return None
    return (
        Member.objects.filter(organisation=organisation, is_active=True, is_staff=False)
        .exclude(name="")
        .order_by("name", "pk")
        .first()
    )
