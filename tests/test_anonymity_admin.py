"""Issue 14.2: Django's admin filtered a list on any field of its model named in the URL,
so `/admin/posts/post/?author=2&is_anonymous__exact=1` listed one member's anonymous
questions. This walks every registered admin, as a superuser and as a community manager,
and tries to filter, search and sort by an anonymous author: no list may answer with the
author's anonymous items."""

import datetime

import pytest
from django.contrib import admin
from django.db.models import Model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from plein.core.admin import field_path
from plein.core.testing import CommittingClient, Personas
from plein.members import actions as member_actions
from plein.members.models import Member
from plein.posts import actions as post_actions
from plein.posts.carnivals import enter_post, open_carnival
from plein.posts.models import Post
from plein.posts.stories import write_story
from plein.posts.tests.helpers import answer, ask, comment, helped

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous_items(personas: Personas) -> tuple[Member, list[Model]]:
    """A member who asks, writes a story and comments anonymously, and some named content
    beside it, so that a list filtered by the author would differ from the whole list."""
    tubbergen, _ = member_actions.add_organisation("Gemeente Tubbergen", kind="municipality")
    secret = member_actions.create_member(
        "geheim@tubbergen.example", name="Wilhelmina Geheimhouder", organisation=tubbergen
    )
    question = ask(
        secret, personas.youth_care, title="Wachtlijsten in de jeugdzorg", anonymous=True
    )
    ask(personas.colleague, personas.youth_care, title="Een gewone vraag met naam")
    first = answer(personas.colleague, question)
    own_reply = comment(secret, first, "Dank, hoe lang duurde de invoering?")
    helped(secret, first, minutes=30)
    with TestCase.captureOnCommitCallbacks(execute=True):
        story = write_story(
            secret,
            theme=personas.youth_care,
            title="Wat wij leerden van de wachtlijst",
            sections={"learned": "Samen plannen werkt."},
            anonymous=True,
        )
        today = timezone.localdate()
        carnival = open_carnival(
            personas.community_manager,
            title="Wat leerde jij dit jaar?",
            intro="Schrijf mee.",
            starts_on=today,
            ends_on=today + datetime.timedelta(days=30),
        )
        entry = enter_post(secret, carnival, story)
        post_actions.answer_question(personas.member, question, body="Nog een antwoord.")
    return secret, [question, own_reply, story, entry]


def attempts(model: type[Model], secret: Member, items: list[Model]) -> list[dict[str, str]]:
    """Every way to point a list at the secret author: their own key, address and
    organisation, through each relation the model has, forwards and backwards."""
    tries = [
        {"author": str(secret.pk)},
        {"author__id": str(secret.pk)},
        {"author__id__exact": str(secret.pk)},
        {"author__pk": str(secret.pk)},
        {"author__email": secret.email},
        {"author__email__iexact": secret.email},
        {"author__organisation": str(secret.organisation_id)},
        {"author__organisation__id__exact": str(secret.organisation_id)},
        {"author": str(secret.pk), "is_anonymous__exact": "1"},
        {"post__author": str(secret.pk)},
        {"post__author__email": secret.email},
        {"submitted_by": str(secret.pk)},
        {"member": str(secret.pk)},
    ]
    for field in model._meta.get_fields():
        if not field.is_relation:
            continue
        name = field.name  # for a relation backwards, the name a lookup uses
        if field.related_model is Member:
            tries += [{name: str(secret.pk)}, {f"{name}__email": secret.email}]
        else:
            tries += [{f"{name}__author": str(secret.pk)}, {f"{name}__author__email": secret.email}]
            tries += [{name: str(item.pk)} for item in items if type(item) is field.related_model]
    return tries


def listed(response) -> list[int] | None:
    if response.status_code != 200 or response.context is None or "cl" not in response.context:
        return None  # refused, or sent back with ?e=1: nothing listed
    return [obj.pk for obj in response.context["cl"].result_list]


@pytest.mark.parametrize("role", ["superuser", "community manager"])
def test_no_admin_list_filters_searches_or_sorts_by_an_anonymous_author(
    personas: Personas, anonymous_items: tuple[Member, list[Model]], role: str
) -> None:
    secret, items = anonymous_items
    viewer = (
        Member.objects.create_superuser("root@plein.example", name="Beheerder")
        if role == "superuser"
        else personas.community_manager
    )
    client = CommittingClient()
    client.force_login(viewer)
    walked = 0
    for model in admin.site._registry:
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        whole = client.get(changelist)
        if whole.status_code == 403:
            continue  # this role does not see this list at all
        assert whole.status_code == 200, changelist
        everything = listed(whole)
        walked += 1

        for params in attempts(model, secret, items):
            response = client.get(changelist, params)
            assert response.status_code in (200, 302, 400), (changelist, params)
            shown = listed(response)
            assert shown is None or shown == everything, f"{changelist} filtered by {params}"

        ours = [item.pk for item in items if type(item) is model]
        for term in [secret.email, secret.name, "Tubbergen"]:
            shown = listed(client.get(changelist, {"q": term}))
            if shown is not None and shown != everything:  # the search did narrow the list
                assert not set(ours) & set(shown), f"{changelist}?q={term} found an item"

        cl = whole.context["cl"]
        for index, column in enumerate(cl.list_display):
            for order in [str(index), f"-{index}"]:
                response = client.get(changelist, {"o": order})
                assert response.status_code == 200, (changelist, order)
                sorts_by_author = "author" in str(column) or (
                    isinstance(column, str) and field_path(model, column)[1]
                )
                if sorts_by_author:
                    assert listed(response) == everything, f"{changelist} sorted by {column}"
    assert walked >= (10 if role == "superuser" else 5)


def test_the_members_list_cannot_be_pointed_at_an_anonymous_post(
    client, personas: Personas, anonymous_items: tuple[Member, list[Model]]
) -> None:
    # Backwards from a post to its author: ?posts=<id> would list who wrote it.
    secret, items = anonymous_items
    question = next(item for item in items if isinstance(item, Post))
    client.force_login(Member.objects.create_superuser("root@plein.example", name="Beheerder"))
    changelist = reverse("admin:members_member_changelist")
    for params in [
        {"posts": question.pk},
        {"posts__id__exact": question.pk},
        {"replies": items[1].pk},
    ]:
        response = client.get(changelist, params)
        shown = listed(response)
        assert shown is None or secret.pk not in shown or len(shown) > 1, params


def test_every_admin_uses_the_guarded_base() -> None:
    from plein.core.admin import PleinModelAdmin

    ours = [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label not in ("auth", "django_tasks_database", "django_tasks_db")
    ]
    assert ours and all(isinstance(model_admin, PleinModelAdmin) for model_admin in ours), [
        type(model_admin).__name__
        for model_admin in ours
        if not isinstance(model_admin, PleinModelAdmin)
    ]
