"""Page views are counted per day, kind of page and theme, in the cache: only a page the
reader may see, read with GET, counts; a 404 or a redirect to the login does not."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from plein.circles import actions as circles
from plein.core.testing import (  # noqa: F401 (fixtures by their names)
    Personas,
    client_fixture,
    english_fixture,
    personas_fixture,
)
from plein.gatherings.tests.helpers import plan
from plein.insights.events import page_view_key
from plein.insights.models import Event
from plein.library import actions as library
from plein.posts import actions as posts
from plein.posts import ideas, stories
from plein.posts.models import Post

pytestmark = pytest.mark.django_db


def views(page: str, theme_id: int | None) -> int:
    return cache.get(page_view_key(timezone.localdate(), page, theme_id)) or 0


def question(personas: Personas, **extra: object) -> Post:
    return posts.ask_question(
        personas.member,
        theme=personas.youth_care,
        title="Hoe korten jullie de wachtlijst in?",
        body="Wij zoeken een aanpak.",
        **extra,  # type: ignore[arg-type]
    )


def test_a_question_page_counts_each_get_in_its_theme(client, personas):
    post = question(personas)
    client.force_login(personas.colleague)
    url = reverse("posts:question", kwargs={"pk": post.pk})
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert views("question", personas.youth_care.pk) == 2
    assert views("question", personas.prevention.pk) == 0
    # Counting names nobody: no event is written for reading.
    assert (
        not Event.objects.exclude(kind__in=[Event.Kind.JOINED, Event.Kind.ASKED])
        .exclude(kind=Event.Kind.VISITED)
        .exists()
    )


def test_a_page_the_reader_may_not_see_is_not_counted(client, personas):
    circle = circles.start_circle(
        personas.member, name="Kring gesloten", learning_goal="Een aanpak voor juni"
    )
    post = question(personas, circle=circle)
    client.force_login(personas.other_org_member)
    response = client.get(reverse("posts:question", kwargs={"pk": post.pk}))
    assert response.status_code == 404
    assert client.get(reverse("posts:question", kwargs={"pk": 99999})).status_code == 404
    assert views("question", personas.youth_care.pk) == 0


def test_a_visitor_sent_to_the_login_is_not_counted(client, personas):
    post = question(personas)
    response = client.get(reverse("posts:question", kwargs={"pk": post.pk}))
    assert response.status_code == 302
    assert views("question", personas.youth_care.pk) == 0


def test_the_theme_page_counts_and_an_unknown_theme_does_not(client, personas):
    client.force_login(personas.member)
    url = reverse("themes:detail", kwargs={"slug": personas.prevention.slug})
    assert client.get(url).status_code == 200
    assert client.get(reverse("themes:detail", kwargs={"slug": "bestaat-niet"})).status_code == 404
    assert views("theme", personas.prevention.pk) == 1
    assert views("theme", None) == 0


def test_every_kind_of_detail_page_counts(client, personas):
    story = stories.write_story(
        personas.member,
        theme=personas.prevention,
        title="Wat wij leerden",
        sections={"learned": "Begin klein."},
    )
    blog = stories.write_blog_post(
        personas.member, theme=personas.youth_care, title="Drie lessen", body="Tekst."
    )
    idea = ideas.post_idea(
        personas.member,
        theme=personas.prevention,
        title="Een gedeelde coach",
        problem="Elke gemeente zoekt zelf.",
        idea="Samen een coach.",
    )
    resource = library.share_link(
        personas.member,
        theme=personas.youth_care,
        title="Handreiking",
        url="https://example.org/handreiking",
    )
    gathering = plan(personas.member, personas.prevention)
    client.force_login(personas.colleague)
    pages = [
        ("story", reverse("posts:story", kwargs={"pk": story.pk}), personas.prevention),
        ("blog", reverse("posts:blog", kwargs={"pk": blog.pk}), personas.youth_care),
        ("idea", reverse("posts:idea", kwargs={"pk": idea.pk}), personas.prevention),
        ("resource", reverse("library:detail", kwargs={"pk": resource.pk}), personas.youth_care),
        (
            "gathering",
            reverse("gatherings:detail", kwargs={"pk": gathering.pk}),
            personas.prevention,
        ),
    ]
    for page, url, theme in pages:
        assert client.get(url).status_code == 200, page
        assert views(page, theme.pk) == 1, page
        # The same kind of page, not found: not counted.
        missing = url.replace(f"/{url.rstrip('/').rsplit('/', 1)[1]}/", "/99999/")
        assert client.get(missing).status_code == 404, page
        assert views(page, theme.pk) == 1, page


def test_a_story_url_of_a_blog_post_is_not_counted(client, personas):
    blog = stories.write_blog_post(
        personas.member, theme=personas.youth_care, title="Drie lessen", body="Tekst."
    )
    client.force_login(personas.colleague)
    assert client.get(reverse("posts:story", kwargs={"pk": blog.pk})).status_code == 404
    assert views("story", personas.youth_care.pk) == 0
    assert views("blog", personas.youth_care.pk) == 0
