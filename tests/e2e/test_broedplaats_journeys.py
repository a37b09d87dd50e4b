"""The Broedplaats and the shop window in a real browser (issue 6's story): an idea grows
from idea to trying with people who are in, its story is told and helps someone, the
community manager puts it in the shop window where a visitor sees it, a member sets a
learning goal and checks in from the start page and from the reminder mail, and a blog
carnival collects a post written on Plein and one from an external blog that joined by
Webmention. Every page visited is checked with axe (see conftest.py)."""

import datetime as dt
import re
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.fixtures import Settings

from plein.core.testing import Personas, last_mail_to
from plein.goals import actions as goal_actions
from plein.goals.models import LearningGoal
from plein.goals.tasks import send_checkin_reminders
from plein.members import actions as member_actions
from plein.members.models import Member, Organisation
from plein.notify import actions as notify_actions
from plein.notify.delivery import tick
from plein.posts import actions as post_actions
from plein.posts import carnivals as carnival_actions
from plein.posts import ideas as idea_actions
from plein.posts import stories as story_actions
from plein.posts.models import Carnival, CarnivalEntry, Post
from plein.posts.tests.blog_server import BlogServer, blog_server_fixture  # noqa: F401
from plein.showcase import actions as showcase_actions
from plein.showcase.models import Suggestion
from tests.e2e.conftest import (
    check_a11y,
    label,
    log_in_with_code,
    main_form,
    path_of,
    submit,
    t,
    visit,
)

pytestmark = pytest.mark.e2e

IDEA_TITLE = "Eén contactpersoon per gezin, over alle zorgaanbieders heen"
PROBLEM = "Gezinnen met meerdere hulpverleners vertellen hun verhaal vijf keer opnieuw."
IDEA = "Eén vaste contactpersoon die **alle** hulp rond een gezin coördineert."
NEEDS = "Een gemeente om het mee te proberen, en een data-expert."

STORY_TITLE = "Eén contactpersoon per gezin: wat een half jaar proberen ons leerde"
LEARNED = "Begin klein, met drie gezinnen, en spreek vooraf af wie het laatste woord heeft."
WHY = "Eerlijk over wat misging, en precies daarom leerzaam voor elk wijkteam."


# --- People --------------------------------------------------------------------------------


@dataclass
class Broedplaats:
    worker: Member  # a neighbourhood-team worker, who has the idea
    joiner: Member  # a policy adviser at another municipality
    second_joiner: Member  # a care provider's data expert


def broedplaats(personas: Personas) -> Broedplaats:
    """A neighbourhood-team worker and two people from other organisations, through the
    real actions. Everyone starts with nothing unread."""
    team, _ = member_actions.add_organisation("Wijkteam Hengelo-Noord")
    care, _ = member_actions.add_organisation(
        "Zorggroep Twente", kind=Organisation.Kind.CARE_PROVIDER
    )
    worker = member_actions.create_member(
        "sanne@wijkteam.example",
        name="Sanne Kok",
        organisation=team,
        job_title="Wijkteammedewerker",
        expertise=[personas.youth_care],
    )
    second_joiner = member_actions.create_member(
        "ruud@zorggroep.example",
        name="Ruud Hendriks",
        organisation=care,
        job_title="Data-analist",
    )
    for member in Member.objects.all():
        notify_actions.mark_all_read(member)
    return Broedplaats(worker, personas.other_org_member, second_joiner)


def posted_idea(people: Broedplaats, personas: Personas) -> Post:
    return idea_actions.post_idea(
        people.worker,
        theme=personas.youth_care,
        title=IDEA_TITLE,
        problem=PROBLEM,
        idea=IDEA,
        needs=NEEDS,
    )


# --- Steps ---------------------------------------------------------------------------------


def follow(page: Page, link: Locator) -> None:
    """Click a link, wait for the page it leads to, and check it with axe."""
    submit(page, link)


def expect_message(page: Page, message: str) -> None:
    expect(page.locator(".plein-messages[role='status']")).to_contain_text(t(message))


def join(page: Page, idea: Post, brings: str) -> None:
    """On the idea's page: say what you bring and click "I'm in"."""
    form = main_form(page, f"/ideas/{idea.pk}/join/")
    form.get_by_label(label("What do you bring? (optional)")).fill(brings)
    submit(page, form.get_by_role("button", name=t("I'm in")))
    expect_message(page, "You are in. The author has been told.")
    expect(page.get_by_text(t("You are in."), exact=False).first).to_be_visible()


def post_update(page: Page, idea: Post, *, stage: str, body: str) -> None:
    form = main_form(page, f"/ideas/{idea.pk}/update/")
    form.get_by_label(label("Stage")).select_option(stage)
    form.get_by_label(label("What happened?")).fill(body)
    submit(page, form.get_by_role("button", name=t("Post the update")))
    expect_message(page, "Your update is posted; everyone who is in will hear of it.")
    stage_label = str(Post.Stage(stage).label)
    expect(page.locator("main .plein-idea .plein-status")).to_contain_text(t(stage_label))


def form_behind(page: Page, path: str, link: str) -> Locator:
    """Open the list at `path`, follow its main link `link` to a form, and return the form."""
    visit(page, path)
    follow(page, page.locator("main").get_by_role("link", name=t(link)))
    return page.locator("main form[method='post']")


def idea_column(page: Page, stage: str) -> Locator:
    return page.locator(f"section[aria-labelledby='stage-{stage}']")


def forge_post(page: Page, action: str, fields: dict[str, str]) -> None:
    """Submit a form the page does not offer (as someone with a stale or handmade form
    would), with the page's own CSRF token, and check the page it leads to."""
    page.evaluate(
        """([action, fields]) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = action;
            const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
            for (const [name, value] of Object.entries({...fields, csrfmiddlewaretoken: token})) {
                const input = document.createElement("input");
                input.type = "hidden";
                input.name = name;
                input.value = value;
                form.append(input);
            }
            document.body.append(form);
            form.id = "forged";
        }""",
        [action, fields],
    )
    with page.expect_navigation(wait_until="load"):
        page.evaluate("document.getElementById('forged').submit()")
    check_a11y(page)


# --- a. An idea grows ----------------------------------------------------------------------


def test_an_idea_gathers_people_and_moves_from_idea_to_trying(
    open_page: Callable[..., Page], personas: Personas
) -> None:
    people = broedplaats(personas)

    # The neighbourhood-team worker posts her idea: problem, idea, what is needed.
    worker = open_page()
    log_in_with_code(worker, people.worker.email)
    form = form_behind(worker, "/ideas/", "Post an idea")
    assert path_of(worker) == "/ideas/new/"
    form.get_by_label(label("Your idea in one sentence")).fill(IDEA_TITLE)
    form.get_by_label(label("The problem")).fill(PROBLEM)
    form.get_by_label(label("The idea")).fill(IDEA)
    form.get_by_label(label("What is needed (optional)")).fill(NEEDS)
    form.get_by_label(label("Theme")).select_option(label=personas.youth_care.name)
    submit(worker, form.get_by_role("button", name=t("Post my idea")))
    idea = Post.objects.ideas().get(title=IDEA_TITLE)
    assert path_of(worker) == f"/ideas/{idea.pk}/"
    expect(worker.get_by_role("heading", level=1)).to_have_text(IDEA_TITLE)
    expect(worker.locator("main")).to_contain_text(NEEDS)
    expect(worker.locator("main .plein-idea strong", has_text="alle")).to_be_visible()

    # Two people from other organisations are in, each saying what they bring.
    joiner = open_page()
    log_in_with_code(joiner, people.joiner.email)
    visit(joiner, idea.get_absolute_url())
    join(joiner, idea, "Ervaring met een pilot in Almelo.")
    second = open_page()
    log_in_with_code(second, people.second_joiner.email)
    visit(second, idea.get_absolute_url())
    join(second, idea, "Een dag per maand data-analyse.")

    # The author sees who is in, then moves the idea on, with an update at each stage.
    visit(worker, idea.get_absolute_url())
    joiners = worker.locator("main .plein-idea-joiners")
    expect(joiners).to_contain_text("Anouk Visser")
    expect(joiners).to_contain_text("Ervaring met een pilot in Almelo.")
    expect(joiners).to_contain_text("Ruud Hendriks")
    expect(joiners).to_contain_text("Een dag per maand data-analyse.")
    post_update(
        worker, idea, stage="exploring", body="We spraken met drie zorgaanbieders en Almelo."
    )
    post_update(worker, idea, stage="trying", body="Vanaf maandag proberen we het bij 3 gezinnen.")
    timeline = worker.locator("main .plein-idea-timeline")
    expect(timeline).to_contain_text("We spraken met drie zorgaanbieders en Almelo.")
    expect(timeline).to_contain_text("Vanaf maandag proberen we het bij 3 gezinnen.")

    # A joiner hears of it in their notifications, and finds it on the board.
    visit(joiner, "/notifications/")
    headline = t("News from the idea “%(title)s” (now: %(stage)s)") % {
        "title": IDEA_TITLE,
        "stage": t(str(Post.Stage.TRYING.label)),
    }
    expect(joiner.locator("main")).to_contain_text(headline)
    # ... and in the next day's summary mail, whose link leads to the idea.
    tick(now=timezone.now() + dt.timedelta(days=1))
    summary = str(last_mail_to(people.joiner.email).body)
    assert headline in summary
    link = re.search(r"https?://[^/\s]+(/\S*)", summary.split(headline, 1)[1])
    assert link, summary
    visit(joiner, link.group(1))
    assert path_of(joiner).startswith(idea.get_absolute_url())
    visit(joiner, "/ideas/")
    expect(idea_column(joiner, "trying").get_by_role("link", name=IDEA_TITLE)).to_be_visible()
    for other in ("idea", "exploring", "scaling", "stopped"):
        expect(idea_column(joiner, other).get_by_role("link", name=IDEA_TITLE)).to_have_count(0)

    # A joiner may not move the idea: no form is offered, and a handmade one is refused
    # with a clear message (and nothing changes).
    follow(joiner, idea_column(joiner, "trying").get_by_role("link", name=IDEA_TITLE))
    expect(joiner.get_by_role("heading", name=t("Post an update"))).to_have_count(0)
    forge_post(joiner, f"/ideas/{idea.pk}/update/", {"stage": "scaling", "body": "Opschalen!"})
    refused = t(
        "Only the author of the idea or a community manager can post an update or change its stage."
    )
    # .first: base.html and idea.html both show the view's `error` (reported, not ours).
    expect(joiner.get_by_role("alert").filter(has_text=refused).first).to_be_visible()
    idea.refresh_from_db()
    assert idea.stage == Post.Stage.TRYING


# --- b. The story of the journey -----------------------------------------------------------


def test_she_tells_the_story_of_the_idea_and_it_helps_a_colleague_on_her_phone(
    open_page: Callable[..., Page], personas: Personas
) -> None:
    people = broedplaats(personas)
    idea = posted_idea(people, personas)
    idea_actions.join_idea(people.joiner, idea, brings="Ervaring met een pilot in Almelo.")

    # Half a year later she tells the journey, part by part, linked to the idea.
    worker = open_page()
    log_in_with_code(worker, people.worker.email)
    form = form_behind(worker, "/stories/", "Tell your story")
    form.get_by_label(label("Title of your story")).fill(STORY_TITLE)
    parts = {
        "What we set out to do": "Gezinnen hoefden hun verhaal nog maar één keer te vertellen.",
        "What we tried": "Een vaste contactpersoon bij drie gezinnen, met twee zorgaanbieders.",
        "What went wrong": "Niemand wist wie het laatste woord had: dat kostte twee maanden.",
        "What is next": "We breiden uit naar tien gezinnen in Almelo.",
    }
    for heading, text in parts.items():
        form.get_by_label(label(t("%(part)s (optional)") % {"part": t(heading)})).fill(text)
    form.get_by_label(label("What we learned")).fill(LEARNED)
    form.get_by_label(label("Theme")).select_option(label=personas.youth_care.name)
    form.get_by_label(label("Is this the story of an idea? (optional)")).select_option(
        label=IDEA_TITLE
    )
    submit(worker, form.get_by_role("button", name=t("Post my story")))
    expect_message(worker, "Your story is posted. Thank you for sharing the journey.")
    story = Post.objects.stories().get(title=STORY_TITLE)
    assert path_of(worker) == f"/stories/{story.pk}/"
    article = worker.locator("main article.plein-story")
    for heading in [*parts, "What we learned"]:
        expect(article.get_by_role("heading", name=t(heading), level=2)).to_be_visible()
    expect(article).to_contain_text(LEARNED)
    expect(article.get_by_role("link", name=IDEA_TITLE)).to_have_attribute(
        "href", idea.get_absolute_url()
    )
    expect(article).to_contain_text("Sanne Kok")

    # A colleague reads it on her phone: it helped, it saved her an hour, and she says so.
    phone = open_page(phone=True)
    log_in_with_code(phone, personas.colleague.email)
    visit(phone, story.get_absolute_url())
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scroll"
    helped = phone.locator("#helped")
    helped.locator("summary", has_text=t("This helped me")).click()
    helped_form = helped.locator(f"form[action='/stories/{story.pk}/helped/']")
    helped_form.get_by_label(label("It saved me about (optional)")).fill("1")
    helped_form.get_by_label(t("Unit")).select_option("hours")
    submit(phone, helped_form.get_by_role("button", name=t("Say thanks")))
    expect_message(phone, "Thank you! The author of the story will hear it helped.")
    expect(helped).to_contain_text(t("You marked that this helped you."))
    comment = "Dat laatste woord herken ik: wij spraken het af in een convenant."
    comment_form = main_form(phone, f"/posts/{story.pk}/comments/")
    comment_form.get_by_label(label("Your comment")).fill(comment)
    submit(phone, comment_form.get_by_role("button", name=t("Post comment")))
    expect(phone.locator("main .plein-comments")).to_contain_text(comment)
    expect(phone.locator("main .plein-comments")).to_contain_text(personas.colleague.name)

    # The author sees it helped (an hour saved) and hears of the comment.
    visit(worker, story.get_absolute_url())
    expect(worker.locator("#helped .plein-meta")).to_contain_text(
        t("Helped %(counter)s person").replace("%(counter)s", "1")
    )
    story.refresh_from_db()
    assert (story.helped_count, story.minutes_saved) == (1, 60)
    visit(worker, "/notifications/")
    expect(worker.locator("main")).to_contain_text(
        t("%(actor)s commented on your story “%(title)s”")
        % {"actor": personas.colleague.name, "title": STORY_TITLE}
    )


# --- c. The shop window --------------------------------------------------------------------


def story_of_the_idea(people: Broedplaats, personas: Personas) -> Post:
    idea = posted_idea(people, personas)
    return story_actions.write_story(
        people.worker,
        theme=personas.youth_care,
        title=STORY_TITLE,
        sections={"went_wrong": "Niemand wist wie het laatste woord had.", "learned": LEARNED},
        idea=idea,
    )


def suggestion_row(page: Page, title: str) -> Locator:
    return page.locator("main li.plein-card").filter(
        has=page.get_by_role("link", name=title, exact=True)
    )


def test_the_community_manager_puts_the_story_in_the_shop_window_and_a_visitor_sees_it(
    open_page: Callable[..., Page], personas: Personas
) -> None:
    people = broedplaats(personas)
    story = story_of_the_idea(people, personas)
    # The story helped five people this week (MUCH_HELPED), ...
    helpers = [people.joiner, people.second_joiner, personas.member, personas.colleague]
    helpers.append(member_actions.create_member("lotte@borne.example", name="Lotte de Vries"))
    for helper in helpers:
        story_actions.mark_story_helped(helper, story, minutes=30)
    # ... and a first-time asker, anonymous, was helped within the hour.
    asker = member_actions.create_member("bram@losser.example", name="Bram Nijhuis")
    question = post_actions.ask_question(
        asker,
        theme=personas.youth_care,
        title="Hoe begin ik een gesprek over zorgen om een kind?",
        body="Ik ben nieuw en twijfel hoe ik dit aanpak.",
        anonymous=True,
    )
    answer = post_actions.answer_question(
        personas.member, question, body="Begin met wat je ziet, niet met wat je denkt."
    )
    post_actions.mark_helped(asker, answer, minutes=45)
    # The weekly sweep (the worker runs it; here, now).
    assert showcase_actions.suggest_candidates() >= 2

    manager = open_page()
    log_in_with_code(manager, personas.community_manager.email)
    visit(manager, "/showcase/")
    expect(manager.get_by_role("heading", level=1)).to_have_text(t("Shop window"))
    row = suggestion_row(manager, STORY_TITLE)
    expect(row).to_contain_text(t(str(Suggestion.Reason.MUCH_HELPED.label)))
    expect(row).to_contain_text("Sanne Kok")  # the manager sees who wrote a named story
    asked = suggestion_row(manager, question.title)
    expect(asked).to_contain_text(t(str(Suggestion.Reason.FIRST_ASKER_HELPED_FAST.label)))
    expect(asked).not_to_contain_text("Bram")  # an anonymous asker is never named

    row.get_by_label(label("Why is this a bright spot?")).fill(WHY)
    submit(manager, row.get_by_role("button", name=t("Put in the shop window")))
    expect_message(manager, "It is in the shop window now.")
    asked = suggestion_row(manager, question.title)
    asked.get_by_label(label("Why is this a bright spot?")).fill(
        "Een eerste vraag, binnen het uur geholpen."
    )
    submit(manager, asked.get_by_role("button", name=t("Put in the shop window")))
    now_in = manager.locator("main ul.plein-list").last
    expect(now_in).to_contain_text(WHY)
    expect(now_in).to_contain_text(question.title)

    # She also features the idea straight from its page; a missing why is asked for.
    idea = Post.objects.ideas().get(title=IDEA_TITLE)
    visit(manager, idea.get_absolute_url())
    follow(manager, manager.locator("main").get_by_role("link", name=t("Put in the shop window")))
    form = manager.locator("main form[method='post']")
    submit(manager, form.get_by_role("button", name=t("Put in the shop window")))
    why_required = t("Write in a sentence why this is a bright spot: members see it.")
    expect(manager.get_by_role("alert").filter(has_text=why_required)).to_have_count(1)
    form.get_by_label(label("Why is this a bright spot?")).fill("Zes mensen, vier organisaties.")
    submit(manager, form.get_by_role("button", name=t("Put in the shop window")))
    expect_message(manager, "It is in the shop window now.")

    # A visitor sees both on the home page: the why and the title, not the content, not
    # an author, and a link to log in to read it.
    visitor = open_page()
    visit(visitor, "/")
    window = visitor.locator("section.plein-shop-window")
    expect(window.get_by_role("heading", name=t("Bright spots"))).to_be_visible()
    expect(window).to_contain_text(WHY)
    expect(window.get_by_role("heading", name=STORY_TITLE)).to_be_visible()
    expect(window.get_by_role("heading", name=question.title)).to_be_visible()
    html = visitor.content()
    for private in ("Sanne Kok", "Bram", LEARNED, "Begin met wat je ziet", personas.member.name):
        assert private not in html, private
    follow(visitor, window.get_by_role("link", name=t("Log in to read it")).first)
    assert path_of(visitor).startswith("/login/")


# --- d. A learning goal --------------------------------------------------------------------

GOAL = "Leren hoe andere gemeenten vroegsignalering in de wijk organiseren"


def test_a_member_sets_a_learning_goal_sees_what_matches_and_checks_in_from_the_start_page(
    page: Page, personas: Personas
) -> None:
    question = post_actions.ask_question(
        personas.other_org_member,
        theme=personas.prevention,
        title="Hoe organiseren jullie vroegsignalering in de wijk?",
        body="Wij zoeken een aanpak met scholen en huisartsen.",
    )
    member = personas.member
    log_in_with_code(page, member.email)
    expect(page.locator("#learning-goals-heading")).to_have_text(t("Your learning goals"))
    follow(page, page.locator("main").get_by_role("link", name=t("Set a learning goal")))
    assert path_of(page) == "/goals/"

    # A date in the past is refused with a message; what she typed is kept.
    form = main_form(page, "/goals/")
    form.get_by_label(label("What do you want to learn?")).fill(GOAL)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    form.get_by_label(label("By when?")).fill(yesterday.isoformat())
    submit(page, form.get_by_role("button", name=t("Set my goal")))
    form = main_form(page, "/goals/")
    expect(form).to_contain_text(t("This date has passed. Choose today or a date in the future."))
    expect(form.get_by_label(label("What do you want to learn?"))).to_have_value(GOAL)
    expect(form.get_by_label(label("By when?"))).to_have_value(yesterday.isoformat())
    assert not LearningGoal.objects.filter(member=member).exists()

    due = timezone.localdate() + dt.timedelta(days=90)
    form.get_by_label(label("By when?")).fill(due.isoformat())
    submit(page, form.get_by_role("button", name=t("Set my goal")))
    goal = LearningGoal.objects.get(member=member)
    assert path_of(page) == f"/goals/{goal.pk}/"
    expect(page.get_by_role("heading", level=1)).to_have_text(GOAL)

    # The start page shows the goal and leads to what matches it.
    visit(page, "/")
    goals = page.locator("section[aria-labelledby='learning-goals-heading']")
    expect(goals.get_by_role("link", name=GOAL)).to_be_visible()
    follow(page, goals.get_by_role("link", name=t("Matching questions, people and gatherings")))
    matches = page.locator("section[aria-labelledby='suggestions-heading']")
    expect(matches.get_by_role("link", name=question.title)).to_be_visible()

    # Two weeks later the start page asks in one line what she learned.
    LearningGoal.objects.filter(pk=goal.pk).update(next_checkin_at=timezone.now())
    visit(page, "/")
    checkin = main_form(page, f"/goals/{goal.pk}/check-in/")
    learned = "Almelo werkt met een signaleringskaart op elke basisschool."
    checkin.get_by_label(label("Check in now: what did you learn?")).fill(learned)
    submit(page, checkin.get_by_role("button", name=t("Check in")))
    assert path_of(page) == "/"
    expect_message(page, "Thank you. Your check-in is in your learning log.")
    goals = page.locator("section[aria-labelledby='learning-goals-heading']")
    expect(goals).to_contain_text(learned)
    expect(main_form(page, f"/goals/{goal.pk}/check-in/")).to_have_count(0)
    visit(page, goal.get_absolute_url())
    expect(page.locator("section[aria-labelledby='log-heading']")).to_contain_text(learned)

    # Two weeks on, the reminder comes by mail; its link opens the one-line check-in.
    LearningGoal.objects.filter(pk=goal.pk).update(next_checkin_at=timezone.now())
    mail.outbox.clear()
    send_checkin_reminders.call()
    reminder = last_mail_to(member.email)
    link = re.search(rf"https?://\S+(/goals/{goal.pk}/check-in/\S+/)", str(reminder.body))
    assert link, reminder.body
    visit(page, link.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("What did you learn?"))
    form = page.locator(f"main form[action='{link.group(1)}']")
    later = "Enschede koppelt signalen van huisartsen aan het wijkteam."
    form.get_by_label(label("What did you learn?")).fill(later)
    form.get_by_label(label("What is next? (optional)")).fill("Een gesprek met Enschede.")
    submit(page, form.get_by_role("button", name=t("Check in")))
    assert path_of(page) == goal.get_absolute_url()
    log = page.locator("section[aria-labelledby='log-heading']")
    expect(log).to_contain_text(later)
    expect(log).to_contain_text("Een gesprek met Enschede.")


# --- e. A blog carnival --------------------------------------------------------------------

QUESTION = "Is sociaal leren te leren?"
PLEIN_ENTRY = "Leren leer je samen, niet alleen"
BLOG_TITLE = "Sociaal leren: klein en veilig beginnen"


def send_webmention(endpoint: str, *, source: str, target: str) -> int:
    """What a blog does after publishing: POST source and target, form-encoded."""
    data = urllib.parse.urlencode({"source": source, "target": target}).encode()
    request = urllib.request.Request(endpoint, data=data, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (our own server)
        return int(response.status)


def test_a_blog_carnival_collects_a_plein_post_and_a_blog_that_sent_a_webmention(
    open_page: Callable[..., Page],
    personas: Personas,
    live_server: Any,
    blog_server: BlogServer,
    settings: Settings,
) -> None:
    base = str(live_server.url)
    settings.BASE_URL = base
    settings.PLEIN_WEBMENTION_ALLOW_LOOPBACK = True
    people = broedplaats(personas)

    # The community manager opens a carnival for four weeks.
    manager = open_page()
    log_in_with_code(manager, personas.community_manager.email)
    form = form_behind(manager, "/carnivals/", "Open a blog carnival")
    form.get_by_label(label("The question")).fill(QUESTION)
    form.get_by_label(label("Introduction")).fill("Schrijf over hoe jij van collega's leert.")
    today = timezone.localdate()
    form.get_by_label(label("First day")).fill(today.isoformat())
    form.get_by_label(label("Last day")).fill((today + dt.timedelta(days=27)).isoformat())
    submit(manager, form.get_by_role("button", name=t("Open the blog carnival")))
    carnival = Carnival.objects.get(title=QUESTION)
    assert path_of(manager) == carnival.get_absolute_url()

    # A member writes her entry on Plein, from the carnival's page.
    writer = open_page()
    log_in_with_code(writer, people.worker.email)
    visit(writer, carnival.get_absolute_url())
    follow(
        writer,
        writer.locator("main").get_by_role("link", name=t("Write a blog post for this carnival")),
    )
    form = writer.locator("main form[method='post']")
    form.get_by_label(label("Title")).fill(PLEIN_ENTRY)
    form.get_by_label(label("Your blog post")).fill(
        "In ons wijkteam leren we het meest van elkaar."
    )
    form.get_by_label(label("Theme")).select_option(label=personas.youth_care.name)
    submit(writer, form.get_by_role("button", name=t("Publish")))
    expect_message(writer, "Your blog post is published and has joined the blog carnival.")

    # An external blog links to the carnival and sends a Webmention; it waits for the host.
    target = base + carnival.get_absolute_url()
    source = blog_server.post("/2026/sociaal-leren/", links_to=target, title=BLOG_TITLE)
    assert send_webmention(base + "/webmention/", source=source, target=target) == 202
    entry = CarnivalEntry.objects.get(carnival=carnival, source_url=source)
    assert entry.status == CarnivalEntry.Status.MODERATION

    visit(manager, carnival.get_absolute_url())
    # The link says how many wait, in one translated sentence: found by where it goes.
    queue_link = manager.locator(f"main a[href='/carnivals/{carnival.pk}/queue/']")
    expect(queue_link).to_contain_text("1")
    follow(manager, queue_link)
    waiting = manager.locator("main li.plein-card", has_text=BLOG_TITLE)
    expect(waiting).to_contain_text("127.0.0.1")
    submit(manager, waiting.get_by_role("button", name=re.compile(t("Approve"))))
    expect(manager.locator("main")).to_contain_text(t("Nothing is waiting."))

    # The carnival page shows both entries (a visitor: only the external one).
    visit(manager, carnival.get_absolute_url())
    entries = manager.locator("#entries")
    expect(entries.get_by_role("link", name=PLEIN_ENTRY)).to_be_visible()
    expect(entries.get_by_role("link", name=BLOG_TITLE)).to_have_attribute("href", source)
    visitor = open_page()
    visit(visitor, carnival.get_absolute_url())
    expect(visitor.locator("#entries").get_by_role("link", name=BLOG_TITLE)).to_be_visible()
    expect(visitor.locator("#entries").get_by_role("link", name=PLEIN_ENTRY)).to_have_count(0)

    # Four weeks later (the period moved back through the model), the host writes the
    # roundup.
    Carnival.objects.filter(pk=carnival.pk).update(
        starts_on=today - dt.timedelta(days=29), ends_on=today - dt.timedelta(days=1)
    )
    visit(manager, carnival.get_absolute_url())
    follow(manager, manager.locator("main").get_by_role("link", name=t("Write the roundup")))
    form = manager.locator("main form[method='post']")
    roundup = "Twee bijdragen, één les: **klein en veilig** beginnen."
    form.get_by_label(label("Roundup")).fill(roundup)
    submit(manager, form.get_by_role("button", name=t("Publish the roundup")))
    assert path_of(manager) == carnival.get_absolute_url()
    section = manager.locator("section[aria-labelledby='roundup-heading']")
    expect(section.locator("strong", has_text="klein en veilig")).to_be_visible()
    expect(manager.locator("#take-part")).to_have_count(0)


# --- Every Broedplaats page on a phone ----------------------------------------------------


def expect_no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path_of(page)} is {width}px wide on a 360px phone"


def test_every_broedplaats_page_fits_a_phone(
    open_page: Callable[..., Page], personas: Personas
) -> None:
    people = broedplaats(personas)
    story = story_of_the_idea(people, personas)
    idea = story.idea
    assert idea is not None
    idea_actions.join_idea(people.joiner, idea, brings="Ervaring met een pilot in Almelo.")
    idea_actions.update_idea(people.worker, idea, stage="exploring", body="We zijn begonnen.")
    blog = story_actions.write_blog_post(
        people.worker, theme=personas.youth_care, title="Leren over grenzen heen", body="Tekst."
    )
    today = timezone.localdate()
    goal = goal_actions.set_goal(
        people.worker, text=GOAL, due=today + dt.timedelta(days=60), confirmed_privacy=True
    )
    carnival = carnival_actions.open_carnival(
        personas.community_manager,
        title=QUESTION,
        intro="Schrijf over hoe jij leert.",
        starts_on=today,
        ends_on=today + dt.timedelta(days=27),
    )
    carnival_actions.enter_post(people.worker, carnival, blog)
    showcase_actions.suggest_candidates()  # the idea moved a stage
    suggestion = Suggestion.objects.get(post=idea)

    phone = open_page(phone=True)
    log_in_with_code(phone, people.worker.email)
    for path in (
        "/",
        "/ideas/",
        "/ideas/?stage=exploring",
        idea.get_absolute_url(),
        "/ideas/new/",
        "/stories/",
        story.get_absolute_url(),
        "/stories/new/",
        "/blog/",
        blog.get_absolute_url(),
        "/goals/",
        goal.get_absolute_url(),
        f"/goals/{goal.pk}/adjust/",
        "/carnivals/",
        carnival.get_absolute_url(),
        f"/blog/new/?carnival={carnival.pk}",
        personas.youth_care.get_absolute_url(),
    ):
        visit(phone, path)
        expect_no_sideways_scroll(phone)

    manager = open_page(phone=True)
    log_in_with_code(manager, personas.community_manager.email)
    for path in (
        "/showcase/",
        f"/showcase/new/?post={story.pk}",
        f"/showcase/suggestions/{suggestion.pk}/accept/",
        f"/carnivals/{carnival.pk}/queue/",
        "/carnivals/new/",
        f"/carnivals/{carnival.pk}/edit/",
    ):
        visit(manager, path)
        expect_no_sideways_scroll(manager)


def test_a_circle_page_loads_what_may_help_with_its_goal_after_itself(
    page: Page, personas: Personas
) -> None:
    from plein.circles.tests.helpers import circle_with

    circle = circle_with(personas)  # its goal: a shared approach to early signals at schools
    question = post_actions.ask_question(
        personas.other_org_member,
        theme=personas.prevention,
        title="Vroegsignalering op basisscholen: wie heeft een aanpak?",
        body="Wij zoeken ervaringen van andere gemeenten.",
    )
    log_in_with_code(page, personas.member.email)
    visit(page, circle.get_absolute_url())
    # htmx puts the section in place of the link, after the page itself has arrived.
    matches = page.locator("section[aria-labelledby='suggestions-heading']")
    expect(matches.get_by_role("link", name=question.title)).to_be_visible()
    check_a11y(page)
    # Without JavaScript the link leads to the same suggestions on a page of their own.
    visit(page, f"/circles/{circle.pk}/what-may-help/")
    expect(page.get_by_role("link", name=question.title)).to_be_visible()
