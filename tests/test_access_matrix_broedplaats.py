"""The access matrix of issue 6's kinds (the Broedplaats and the shop window): every
surface that can show an idea, a story, a blog post, a learning goal or a feature, for
every kind of viewer, checked against a table written out by hand (not computed from the
rule it checks).

Viewers: a visitor (not logged in), a member (the author's colleague, who joined the
idea), a member of another organisation (joined the idea too, and comments under the
anonymous story), a circle outsider (a member outside the closed circle), a circle member,
the author (host of the closed circle; writes the idea, the stories, the blog post and the
goals) and a community manager.

Surfaces: the idea page and board (an idea in the closed circle, a hidden one), stories
(named, anonymous, in a closed circle) and their list, the author's profile, the blog post,
learning goals (private, shared with the closed circle) and the goals list, the shop window
on the home page and the managers' page, the theme page, the search for a word found in one
kind only, the notification list and mails for idea updates and story comments, who may
change what (WRITES), and a blog carnival with its entries and moderation queue
(CARNIVAL)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from plein.circles import actions as circles
from plein.circles.models import Circle
from plein.core.errors import PleinError
from plein.core.testing import Personas, english_fixture, personas_fixture  # noqa: F401
from plein.goals import actions as goals
from plein.goals.models import LearningGoal
from plein.members.actions import create_member
from plein.members.models import Member
from plein.notify import actions as notify_actions
from plein.notify.delivery import tick
from plein.posts import actions as posts
from plein.posts import carnivals, ideas, stories, webmention
from plein.posts.models import Carnival, CarnivalEntry, Post
from plein.posts.tests.blog_server import BlogServer, blog_server_fixture  # noqa: F401
from plein.showcase import actions as showcase

pytestmark = pytest.mark.django_db

VIEWERS = ("visitor", "member", "other_org", "outsider", "in_circle", "author", "manager")

# Words found in exactly one text each: what the search looks for.
WORDS = {
    "idea": "kwartiermakersidee",
    "hidden idea": "verborgenideewoord",
    "story": "ketenregisseursverhaal",
    "anonymous story": "schaamtedrempelverhaal",
    "circle story": "zwaluwstaartoverleg",
    "blog": "zwaluwnestblog",
    "private goal": "privéleerdoelwoord",
    "circle goal": "kringleerdoelwoord",
}

# One row per surface; one column per viewer, in the order of VIEWERS.
#   ok        200
#   login     a redirect to the login page
#   404       that status
#   yes no    listed / found / sent (lists, search, notifications, mails), or named / not
#             named (the "names author" rows: the anonymous author's name anywhere in it)
EXPECTED = """
idea page                       login ok  ok  ok  ok  ok  ok
idea page offers update form    login no  no  no  no  yes yes
idea board lists idea           login yes yes yes yes yes yes
idea in circle page             login 404 404 404 ok  ok  ok
idea board lists circle idea    login no  no  no  yes yes yes
hidden idea page                login 404 404 404 404 ok  ok
idea board lists hidden idea    login no  no  no  no  yes yes
search hidden idea              no    no  no  no  no  no  yes
story page                      login ok  ok  ok  ok  ok  ok
story list lists story          login yes yes yes yes yes yes
anonymous story page            login ok  ok  ok  ok  ok  ok
anonymous story names author    no    no  no  no  no  no  no
story list lists anon story     login yes yes yes yes yes yes
story list names anon author    no    no  no  no  no  no  no
author profile shows anon story login no  no  no  no  no  no
circle story page               login 404 404 404 ok  ok  ok
story list lists circle story   login no  no  no  yes yes yes
blog page                       login ok  ok  ok  ok  ok  ok
blog list lists blog            login yes yes yes yes yes yes
private goal page               login 404 404 404 404 ok  404
circle goal page                login 404 404 404 ok  ok  ok
goals list shows private goal   login no  no  no  no  yes no
goals list shows circle goal    login no  no  no  no  yes no
shop window story               yes   yes yes yes yes yes yes
shop window story excerpt       no    yes yes yes yes yes yes
shop window anonymous story     yes   yes yes yes yes yes yes
shop window names anon author   no    no  no  no  no  no  no
shop window circle story        no    no  no  no  yes yes yes
shop window managers' page      login 404 404 404 404 404 ok
managers' page names anon author no   no  no  no  no  no  no
theme page                      ok    ok  ok  ok  ok  ok  ok
theme page links idea           no    yes yes yes yes yes yes
theme page links circle idea    no    no  no  no  yes yes yes
theme page links circle story   no    no  no  no  yes yes yes
theme page shows anon story     yes   yes yes yes yes yes yes
theme page names anon author    no    no  no  no  no  no  no
search idea                     no    yes yes yes yes yes yes
search story                    no    yes yes yes yes yes yes
search anonymous story          no    yes yes yes yes yes yes
search names anon author        no    no  no  no  no  no  no
search circle story             no    no  no  no  yes yes yes
search blog                     no    yes yes yes yes yes yes
search private goal             no    no  no  no  no  no  no
search circle goal              no    no  no  no  no  no  no
notified of idea update         no    yes yes no  no  no  no
mailed idea update              no    yes yes no  no  no  no
notified of story comment       no    no  yes no  no  yes no
mailed story comment            no    no  yes no  no  yes no
notifications name anon author  no    no  no  no  no  no  no
mails name anon author          no    no  no  no  no  no  no
"""
# A hidden post leaves the search for everyone but the community managers who moderate it
# (its author still reads it on its page and sees it on the board, marked hidden).
# Goals are not in the search at all (a learning goal is personal, not content to find),
# so even their member does not find them there.
# A community manager reads a closed circle's content (as in the circles matrix), so a goal
# shared with a closed circle too; a private goal is for its member alone.


def parse(text: str) -> dict[str, dict[str, str]]:
    """A table as written above: the surface's words, then a cell per viewer."""
    table = {}
    for line in text.strip().splitlines():
        words = line.split()
        surface, cells = " ".join(words[: -len(VIEWERS)]), words[-len(VIEWERS) :]
        table[surface] = dict(zip(VIEWERS, cells, strict=True))
    return table


TABLE = parse(EXPECTED)


@dataclass
class World:
    circle: Circle
    idea: Post
    circle_idea: Post
    hidden_idea: Post
    story: Post
    anonymous_story: Post
    circle_story: Post
    blog: Post
    private_goal: LearningGoal
    circle_goal: LearningGoal
    viewers: dict[str, Member | None]


def _commit(function, *args, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return function(*args, **kwargs)


def build_world(personas: Personas) -> World:
    """Built through the real actions, in the order things happen: a closed circle, an
    idea that two people join and that moves a stage, stories (one anonymous, with a
    comment and the author's anonymous reply), a blog post, goals, and a shop window."""
    author = personas.member
    member = personas.colleague
    other_org = personas.other_org_member
    outsider = create_member("rik@borne.example", name="Rik Mulder", preferred_language="en")
    in_circle = create_member(
        "lotte@enschede.example", name="Lotte Veldman", preferred_language="en"
    )
    manager = personas.community_manager
    theme = personas.youth_care

    circle = _commit(
        circles.start_circle,
        author,
        name="Vroegsignalering in de wijk",
        learning_goal="Juni: een gedeelde aanpak voor vroegsignalering",
        access=Circle.Access.CLOSED,
        theme=theme,
    )
    _commit(circles.join_by_invite_link, circles.renew_invite_link(author, circle), in_circle)

    idea = _commit(
        ideas.post_idea,
        author,
        theme=theme,
        title="Eén contactpersoon per gezin",
        problem="Gezinnen vertellen hun verhaal vijf keer.",
        idea=f"Een vaste contactpersoon: het {WORDS['idea']}.",
        needs="Een gemeente om het mee te proberen.",
    )
    circle_idea = _commit(
        ideas.post_idea,
        author,
        theme=theme,
        title="Een signaleringskaart voor de kring",
        problem="We missen signalen.",
        idea="Een kaart per school.",
        circle=circle,
    )
    hidden_idea = _commit(
        ideas.post_idea,
        author,
        theme=theme,
        title="Een idee dat niet door de beugel kon",
        problem="Te veel details.",
        idea=f"Het {WORDS['hidden idea']}.",
    )
    _commit(posts.hide_post, manager, hidden_idea, reason="Bevat te veel details over een gezin.")
    for joiner in (member, other_org):
        _commit(ideas.join_idea, joiner, idea, brings="Tijd en ervaring.")

    def tell(title: str, learned: str, **place: Any) -> Post:
        return _commit(
            stories.write_story,
            author,
            theme=theme,
            title=title,
            sections={"learned": learned},
            **place,
        )

    story = tell(
        "Wat een jaar proberen ons leerde", f"Begin klein. Het {WORDS['story']}.", idea=idea
    )
    anonymous_story = tell(
        "Waarom mijn eerste melding misging",
        f"Bel eerder. Het {WORDS['anonymous story']}.",
        anonymous=True,
    )
    circle_story = tell(
        "Het verhaal van onze kring",
        f"Samen gaat het beter: het {WORDS['circle story']}.",
        circle=circle,
    )
    blog = _commit(
        stories.write_blog_post,
        author,
        theme=theme,
        title="Leren over grenzen heen",
        body=f"Over het {WORDS['blog']} en wat het ons bracht.",
    )
    due = timezone.localdate() + dt.timedelta(days=60)
    private_goal = _commit(
        goals.set_goal,
        author,
        text=f"Leren hoe gemeenten signaleren: {WORDS['private goal']}",
        due=due,
    )
    circle_goal = _commit(
        goals.set_goal,
        author,
        text=f"Leren hoe scholen signaleren: {WORDS['circle goal']}",
        due=due,
        circle=circle,
    )
    for post, why in (
        (story, "Eerlijk over wat misging."),
        (anonymous_story, "Moedig verteld."),
        (circle_story, "Een kring die werkt."),
    ):
        _commit(showcase.feature, manager, post=post, why=why)

    # What is told: everyone starts with nothing, then the idea moves and the anonymous
    # story gets a comment and its author's (anonymous) reply.
    mail.outbox.clear()
    for someone in Member.objects.all():
        notify_actions.mark_all_read(someone)
        someone.notifications.all().delete()
    _commit(ideas.update_idea, author, idea, stage="exploring", body="We zijn begonnen.")
    _commit(stories.comment_on, other_org, anonymous_story, "Dit herken ik, dank je.")
    _commit(stories.comment_on, author, anonymous_story, "Fijn dat het helpt.")
    # The daily summaries (idea updates arrive that way) are sent the next day.
    tick(now=timezone.now() + dt.timedelta(days=1))

    viewers: dict[str, Member | None] = {
        "visitor": None,
        "member": member,
        "other_org": other_org,
        "outsider": outsider,
        "in_circle": in_circle,
        "author": author,
        "manager": manager,
    }
    return World(
        circle,
        idea,
        circle_idea,
        hidden_idea,
        story,
        anonymous_story,
        circle_story,
        blog,
        private_goal,
        circle_goal,
        viewers,
    )


def client_for(viewer: Member | None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if viewer is not None:
        client.force_login(viewer)
    return client


def page_outcome(client: Client, url: str) -> str:
    response = client.get(url)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("members:login")), response["Location"]
        return "login"
    return "ok" if response.status_code == 200 else str(response.status_code)


def listed(client: Client, url: str, *targets: Post | LearningGoal) -> list[str]:
    """For each target: "yes" when the page links to it, "no" when not, "login" when the
    page sends the viewer to log in."""
    response = client.get(url)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("members:login"))
        return ["login"] * len(targets)
    assert response.status_code == 200, url
    html = response.content.decode()
    return [yes_no(f'href="{target.get_absolute_url()}"' in html) for target in targets]


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def names(text: str, member: Member) -> str:
    """Whether `text` names the member, or links to their profile."""
    return yes_no(member.name in text or f"/members/{member.pk}/" in text)


def item_with(html: str, text: str) -> str:
    """Every list item of `html` that contains `text`, joined (empty when there is none)."""
    items, at = [], html.find(text)
    while at >= 0:
        end = html.find("</li>", at)
        items.append(html[html.rfind("<li", 0, at) : end])
        at = html.find(text, end)
    return "\n".join(items)


def main_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def searched(client: Client, viewer: Member | None, word: str, target: Post | LearningGoal) -> str:
    response = client.get(reverse("search:results"), {"q": word})
    if viewer is None:
        assert response.status_code == 302
        return "no"
    assert response.status_code == 200
    return yes_no(f'href="{target.get_absolute_url()}"' in response.content.decode())


def mails_to(viewer: Member | None) -> list[str]:
    if viewer is None:
        return []
    return [
        f"{message.subject} {message.body} "
        + " ".join(str(part[0]) for part in getattr(message, "alternatives", []))
        for message in mail.outbox
        if viewer.email in message.to
    ]


def notifications_page(client: Client, viewer: Member | None) -> str:
    if viewer is None:
        return ""
    response = client.get(reverse("notify:list"))
    assert response.status_code == 200
    return response.content.decode()


def observe(world: World) -> dict[str, dict[str, str]]:
    """Every surface for every viewer, as the table writes it."""
    author = world.viewers["author"]
    assert author is not None
    anonymous_title = world.anonymous_story.title
    actual: dict[str, dict[str, str]] = {}

    def put(surface: str, viewer_name: str, outcome: str) -> None:
        actual.setdefault(surface, {})[viewer_name] = outcome

    for name, viewer in world.viewers.items():
        client = client_for(viewer)
        put("idea page", name, page_outcome(client, world.idea.get_absolute_url()))
        idea_page = client.get(world.idea.get_absolute_url())
        update_form = f'action="{reverse("posts:update_idea", kwargs={"pk": world.idea.pk})}"'
        put(
            "idea page offers update form",
            name,
            "login"
            if idea_page.status_code == 302
            else yes_no(update_form in idea_page.content.decode()),
        )
        put("idea in circle page", name, page_outcome(client, world.circle_idea.get_absolute_url()))
        on_board = listed(
            client, reverse("posts:ideas"), world.idea, world.circle_idea, world.hidden_idea
        )
        put("hidden idea page", name, page_outcome(client, world.hidden_idea.get_absolute_url()))
        put("idea board lists hidden idea", name, on_board[2])
        put(
            "search hidden idea",
            name,
            searched(client, viewer, WORDS["hidden idea"], world.hidden_idea),
        )
        put("idea board lists idea", name, on_board[0])
        put("idea board lists circle idea", name, on_board[1])

        put("story page", name, page_outcome(client, world.story.get_absolute_url()))
        put(
            "anonymous story page",
            name,
            page_outcome(client, world.anonymous_story.get_absolute_url()),
        )
        html = client.get(world.anonymous_story.get_absolute_url()).content.decode()
        # The author reads their own story as its author ("you posted this anonymously"),
        # but their name is not written on it for them either (the header links to their
        # own profile, as on every page: only the main content counts for them).
        if viewer is not None and viewer.pk == author.pk:
            html = main_of(html)
        put("anonymous story names author", name, names(html, author))
        put("circle story page", name, page_outcome(client, world.circle_story.get_absolute_url()))
        on_list = listed(
            client, reverse("posts:stories"), world.story, world.circle_story, world.anonymous_story
        )
        put("story list lists story", name, on_list[0])
        put("story list lists circle story", name, on_list[1])
        put("story list lists anon story", name, on_list[2])
        story_list = client.get(reverse("posts:stories")).content.decode()
        put(
            "story list names anon author",
            name,
            names(item_with(story_list, anonymous_title), author),
        )

        profile = client.get(reverse("members:profile", kwargs={"pk": author.pk}))
        put(
            "author profile shows anon story",
            name,
            "login"
            if profile.status_code == 302
            else yes_no(anonymous_title in profile.content.decode()),
        )
        put("blog page", name, page_outcome(client, world.blog.get_absolute_url()))
        put("blog list lists blog", name, listed(client, reverse("posts:blogs"), world.blog)[0])

        put("private goal page", name, page_outcome(client, world.private_goal.get_absolute_url()))
        put("circle goal page", name, page_outcome(client, world.circle_goal.get_absolute_url()))
        on_goals = listed(client, reverse("goals:list"), world.private_goal, world.circle_goal)
        put("goals list shows private goal", name, on_goals[0])
        put("goals list shows circle goal", name, on_goals[1])

        home = client.get(reverse("core:home"))
        assert home.status_code == 200
        home_html = home.content.decode()
        put("shop window story", name, yes_no(world.story.title in home_html))
        put("shop window story excerpt", name, yes_no("Begin klein." in home_html))
        put("shop window anonymous story", name, yes_no(anonymous_title in home_html))
        card = item_with(home_html, anonymous_title)
        put("shop window names anon author", name, names(card, author))
        put("shop window circle story", name, yes_no(world.circle_story.title in home_html))

        put("shop window managers' page", name, page_outcome(client, reverse("showcase:manage")))
        managers = client.get(reverse("showcase:manage"))
        featured = item_with(managers.content.decode(), anonymous_title)
        assert bool(featured) == (managers.status_code == 200)
        put("managers' page names anon author", name, names(featured, author))
        theme_url = world.idea.theme.get_absolute_url()
        put("theme page", name, page_outcome(client, theme_url))
        theme_page = client.get(theme_url).content.decode()
        for surface, target in (
            ("theme page links idea", world.idea),
            ("theme page links circle idea", world.circle_idea),
            ("theme page links circle story", world.circle_story),
        ):
            put(surface, name, yes_no(f'href="{target.get_absolute_url()}"' in theme_page))
        theme_items = item_with(theme_page, anonymous_title)
        put("theme page shows anon story", name, yes_no(bool(theme_items)))
        put("theme page names anon author", name, names(theme_items, author))

        put("search idea", name, searched(client, viewer, WORDS["idea"], world.idea))
        put("search story", name, searched(client, viewer, WORDS["story"], world.story))
        put(
            "search anonymous story",
            name,
            searched(client, viewer, WORDS["anonymous story"], world.anonymous_story),
        )
        results = client.get(reverse("search:results"), {"q": WORDS["anonymous story"]})
        found = results.content.decode()
        if viewer is not None and viewer.pk == author.pk:
            found = main_of(found)
        put("search names anon author", name, names(found, author))
        put(
            "search circle story",
            name,
            searched(client, viewer, WORDS["circle story"], world.circle_story),
        )
        put("search blog", name, searched(client, viewer, WORDS["blog"], world.blog))
        put(
            "search private goal",
            name,
            searched(client, viewer, WORDS["private goal"], world.private_goal),
        )
        put(
            "search circle goal",
            name,
            searched(client, viewer, WORDS["circle goal"], world.circle_goal),
        )

        notifications = notifications_page(client, viewer)
        mails = mails_to(viewer)
        put("notified of idea update", name, yes_no(world.idea.title in notifications))
        put("mailed idea update", name, yes_no(any(world.idea.title in m for m in mails)))
        put("notified of story comment", name, yes_no(anonymous_title in notifications))
        story_mails = [m for m in mails if anonymous_title in m]
        put("mailed story comment", name, yes_no(bool(story_mails)))
        # Only what others receive: the author's own list and mails may be about them.
        others = viewer is not None and viewer.pk != author.pk
        put(
            "notifications name anon author",
            name,
            names(notifications, author) if others else "no",
        )
        put(
            "mails name anon author",
            name,
            yes_no(others and any(names(m, author) == "yes" for m in story_mails)),
        )
    return actual


def test_every_surface_for_every_viewer_matches_the_table(personas: Personas) -> None:
    world = build_world(personas)
    actual = observe(world)
    assert set(actual) == set(TABLE), set(actual) ^ set(TABLE)
    # Compared row by row, so a failure names the surface and shows both rows.
    for surface, row in TABLE.items():
        assert actual[surface] == row, surface


def test_a_story_in_a_closed_circle_answers_404_to_an_outsider_exactly_like_a_missing_one(
    personas: Personas,
) -> None:
    world = build_world(personas)
    client = client_for(world.viewers["outsider"])
    missing = Post.objects.latest("pk").pk + 1000
    for route in ("posts:story", "posts:idea"):
        hidden = world.circle_story if route == "posts:story" else world.circle_idea
        closed = client.get(reverse(route, kwargs={"pk": hidden.pk}))
        absent = client.get(reverse(route, kwargs={"pk": missing}))
        assert closed.status_code == absent.status_code == 404, route
        assert hidden.title not in closed.content.decode()
    goal = client.get(reverse("goals:detail", kwargs={"pk": world.private_goal.pk}))
    assert goal.status_code == 404
    assert world.private_goal.text not in goal.content.decode()


def test_the_matrix_notices_a_leak(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutation check: with the goals' visibility rule broken to show every goal to
    everyone, the table no longer matches (so the matrix would catch such a change)."""
    world = build_world(personas)
    monkeypatch.setattr(
        LearningGoal.objects.get_queryset().__class__,
        "visible_to",
        lambda self, viewer: self.all(),
    )
    actual = observe(world)
    assert actual["private goal page"] != TABLE["private goal page"]
    assert actual["private goal page"]["manager"] == "ok"
    assert actual["circle goal page"]["outsider"] == "ok"


# Who may write what: one row per action, one column per viewer (order of VIEWERS).
#   done      it worked: a redirect to the page it is about
#   login     a redirect to the login page
#   400 403   refused with that status, and a message on the page saying why
#   404       that status: the thing is not theirs to see
WRITES = """
stage change on idea        login 403 403 403 403 done done
check-in on private goal    login 404 404 404 404 done 404
check-in on circle goal     login 404 404 404 403 done 403
adjust circle goal          login 404 404 404 403 done 403
join circle idea            login 404 404 404 done 400 done
comment on circle story     login 404 404 404 done done done
"""
WRITES_TABLE = parse(WRITES)


def write_outcome(client: Client, url: str, data: dict[str, str]) -> str:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    if response.status_code == 302:
        if response["Location"].startswith(reverse("members:login")):
            return "login"
        return "done"
    if response.status_code in (400, 403):
        # Refused with a clear message on the page, never a bare error page.
        html = response.content.decode()
        assert 'role="alert"' in html or "utrecht-form-field-error-message" in html, url
    return str(response.status_code)


def test_who_may_change_what_matches_the_table(personas: Personas) -> None:
    world = build_world(personas)
    due = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    writes = {
        "stage change on idea": (
            reverse("posts:update_idea", kwargs={"pk": world.idea.pk}),
            {"stage": "exploring", "body": "Nieuws uit de verkenning."},
        ),
        "check-in on private goal": (
            reverse("goals:check_in", kwargs={"pk": world.private_goal.pk}),
            {"learned": "Iets geleerd over signaleren."},
        ),
        "check-in on circle goal": (
            reverse("goals:check_in", kwargs={"pk": world.circle_goal.pk}),
            {"learned": "Iets geleerd over scholen."},
        ),
        "adjust circle goal": (
            reverse("goals:adjust", kwargs={"pk": world.circle_goal.pk}),
            {"text": world.circle_goal.text, "due": due, "circle": str(world.circle.pk)},
        ),
        "join circle idea": (
            reverse("posts:join_idea", kwargs={"pk": world.circle_idea.pk}),
            {"brings": "Een middag per week."},
        ),
        "comment on circle story": (
            reverse("posts:comment_post", kwargs={"pk": world.circle_story.pk}),
            {"body": "Mooi verhaal, dank je."},
        ),
    }
    actual: dict[str, dict[str, str]] = {}
    for name, viewer in world.viewers.items():
        client = client_for(viewer)
        for surface, (url, data) in writes.items():
            actual.setdefault(surface, {})[name] = write_outcome(client, url, data)
    for surface, row in WRITES_TABLE.items():
        assert actual[surface] == row, surface
    # What was refused left no trace: only the author and the manager wrote updates and
    # only the author checked in.
    assert world.idea.idea_updates.count() == 3  # the world's own, the author's, the manager's
    assert world.private_goal.checkins.count() == 1
    assert world.circle_goal.checkins.count() == 1


# --- Blog carnivals ------------------------------------------------------------------------

# The carnival (hosted by the community manager) and its entries, for every viewer.
#   ok login 403 404 400 done yes no: as above
CARNIVAL = """
carnival page                  ok    ok  ok  ok  ok  ok  ok
carnival list lists carnival   yes   yes yes yes yes yes yes
shows external entry           yes   yes yes yes yes yes yes
shows plein blog entry         no    yes yes yes yes yes yes
shows anonymous story entry    no    yes yes yes yes yes yes
entry names anon author        no    no  no  no  no  no  no
notifications name anon author no    no  no  no  no  no  no
shows pending entry            no    no  no  no  no  no  no
shows entry in moderation      no    no  no  no  no  no  no
shows failed entry             no    no  no  no  no  no  no
moderation queue               login 403 403 403 403 403 ok
queue shows entry in moderation no   no  no  no  no  no  yes
enter circle story             login 400 400 400 400 400 400
approve entry                  login 403 403 403 403 403 done
"""
CARNIVAL_TABLE = parse(CARNIVAL)


@dataclass
class CarnivalWorld:
    carnival: Carnival
    published: str  # the addresses of external entries, one per status
    moderated: str
    failing: str
    pending: str


def build_carnival(world: World, blog_server: BlogServer, settings: Settings) -> CarnivalWorld:
    """A running carnival hosted by the community manager, with the author's blog post and
    anonymous story, and four external blogs: published, waiting for the host, failed
    (it does not link to the carnival) and pending (not checked yet)."""
    settings.PLEIN_WEBMENTION_ALLOW_LOOPBACK = True
    manager, author = world.viewers["manager"], world.viewers["author"]
    assert manager is not None and author is not None
    today = timezone.localdate()
    carnival = _commit(
        carnivals.open_carnival,
        manager,
        title="Is sociaal leren te leren?",
        intro="Schrijf over hoe jij leert.",
        starts_on=today,
        ends_on=today + dt.timedelta(days=27),
    )
    mail.outbox.clear()
    _commit(carnivals.enter_post, author, carnival, world.blog)
    # An anonymous story may join a carnival; it stays anonymous there too.
    _commit(carnivals.enter_post, author, carnival, world.anonymous_story)
    tick(now=timezone.now() + dt.timedelta(days=1))  # the host's daily summary
    target = settings.BASE_URL + carnival.get_absolute_url()
    published = blog_server.post("/gepubliceerd/", links_to=target, title="Gepubliceerde blog")
    moderated = blog_server.post("/wachtend/", links_to=target, title="Wachtende blog")
    failing = blog_server.post("/zonder-link/", title="Blog zonder link")
    pending = blog_server.post("/nog-niet/", links_to=target, title="Nog niet gecontroleerd")
    for source in (published, moderated, failing):
        _commit(webmention.receive_webmention, source=source, target=target, sender_ip="192.0.2.1")
    # The first blog the host approves; the second waits; the third does not link.
    first = CarnivalEntry.objects.get(source_url=published)
    _commit(carnivals.approve_entry, manager, first)
    # Not committed: its check never runs, so it stays pending.
    webmention.receive_webmention(source=pending, target=target, sender_ip="192.0.2.1")
    statuses = dict(CarnivalEntry.objects.values_list("source_url", "status"))
    assert statuses == {
        published: CarnivalEntry.Status.PUBLISHED,
        moderated: CarnivalEntry.Status.MODERATION,
        failing: CarnivalEntry.Status.FAILED,
        pending: CarnivalEntry.Status.PENDING,
        "": CarnivalEntry.Status.PUBLISHED,  # the Plein posts
    }
    return CarnivalWorld(carnival, published, moderated, failing, pending)


def observe_carnival(world: World, fair: CarnivalWorld) -> dict[str, dict[str, str]]:
    """The carnival's pages for every viewer, as the CARNIVAL table writes them."""
    manager, author = world.viewers["manager"], world.viewers["author"]
    assert manager is not None and author is not None
    carnival = fair.carnival
    anonymous_title = world.anonymous_story.title
    actual: dict[str, dict[str, str]] = {}

    def put(surface: str, viewer_name: str, outcome: str) -> None:
        actual.setdefault(surface, {})[viewer_name] = outcome

    for name, viewer in world.viewers.items():
        client = client_for(viewer)
        put("carnival page", name, page_outcome(client, carnival.get_absolute_url()))
        listing = client.get(reverse("posts:carnivals")).content.decode()
        put(
            "carnival list lists carnival",
            name,
            yes_no(f'href="{carnival.get_absolute_url()}"' in listing),
        )
        page = client.get(carnival.get_absolute_url()).content.decode()
        put("shows external entry", name, yes_no(fair.published in page))
        put("shows plein blog entry", name, yes_no(world.blog.title in page))
        put("shows anonymous story entry", name, yes_no(anonymous_title in page))
        put("entry names anon author", name, names(item_with(page, anonymous_title), author))
        others = viewer is not None and viewer.pk != author.pk
        # The host's list and daily summary say an entry came in (checked below), and
        # nobody's names its anonymous author.
        listed_there = notifications_page(client, viewer)
        told = (main_of(listed_there) if listed_there else "") + " ".join(mails_to(viewer))
        put("notifications name anon author", name, names(told, author) if others else "no")
        if viewer is not None and viewer.pk == manager.pk:
            assert carnival.title in told
        put("shows pending entry", name, yes_no(fair.pending in page))
        put("shows entry in moderation", name, yes_no(fair.moderated in page))
        put("shows failed entry", name, yes_no(fair.failing in page))
        queue_url = reverse("posts:carnival_queue", kwargs={"pk": carnival.pk})
        put("moderation queue", name, page_outcome(client, queue_url))
        queue = client.get(queue_url)
        put(
            "queue shows entry in moderation",
            name,
            yes_no(queue.status_code == 200 and fair.moderated in queue.content.decode()),
        )
    return actual


def test_a_blog_carnival_and_its_entries_for_every_viewer_match_the_table(
    personas: Personas, blog_server: BlogServer, settings: Settings
) -> None:
    world = build_world(personas)
    fair = build_carnival(world, blog_server, settings)
    carnival = fair.carnival
    waiting = CarnivalEntry.objects.get(source_url=fair.moderated)
    actual = observe_carnival(world, fair)
    for name, viewer in world.viewers.items():
        client = client_for(viewer)
        actual.setdefault("enter circle story", {})[name] = write_outcome(
            client,
            reverse("posts:carnival_enter", kwargs={"pk": carnival.pk}),
            {"post": str(world.circle_story.pk)},
        )
        actual.setdefault("approve entry", {})[name] = write_outcome(
            client,
            reverse("posts:carnival_approve", kwargs={"pk": carnival.pk, "entry_pk": waiting.pk}),
            {},
        )
    assert set(actual) == set(CARNIVAL_TABLE), set(actual) ^ set(CARNIVAL_TABLE)
    for surface, row in CARNIVAL_TABLE.items():
        assert actual[surface] == row, surface
    # The closed circle's story never joined; the waiting blog did, once the host approved.
    assert not CarnivalEntry.objects.filter(post=world.circle_story).exists()
    waiting.refresh_from_db()
    assert waiting.status == CarnivalEntry.Status.PUBLISHED
    # And the action itself refuses it too, for its own author (not only the form).
    author = world.viewers["author"]
    assert author is not None
    with pytest.raises(PleinError):
        carnivals.enter_post(author, carnival, world.circle_story)


def test_the_carnival_matrix_notices_unchecked_entries_shown(
    personas: Personas,
    blog_server: BlogServer,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Mutation check: with the entries' visibility rule broken to show every entry, the
    carnival page shows what was never checked, and the table no longer matches."""
    world = build_world(personas)
    fair = build_carnival(world, blog_server, settings)
    monkeypatch.setattr(
        CarnivalEntry.objects.get_queryset().__class__, "visible_to", lambda self, viewer: self
    )
    actual = observe_carnival(world, fair)
    assert actual["shows pending entry"]["visitor"] == "yes"
    assert actual["shows plein blog entry"] != CARNIVAL_TABLE["shows plein blog entry"]
