"""The Werkplaats in a real browser: asking a question (anonymously, with similar questions
while typing, or without JavaScript through the preview), being routed to experts, an
answer, "this helped me" with the time it saved, and the privacy guard. Every page visited
is checked with axe (see conftest.py)."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import translation
from playwright.sync_api import BrowserContext, Locator, Page, Response, Route, expect

from plein.core.testing import Personas, code_in, last_mail_to
from plein.members import actions as member_actions
from plein.members.models import Member, Organisation
from plein.notify import actions as notify_actions
from plein.notify.models import Notification
from plein.posts import actions as post_actions
from plein.posts.models import Post
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    check_a11y,
    expect_logged_in,
    label,
    log_in_with_code,
    main_form,
    path_of,
    submit,
    t,
    visit,
)

pytestmark = pytest.mark.e2e

ASK = "/questions/ask/"

SIMILAR_TITLE = "Wachtlijsten in de jeugdzorg verkorten: wat werkt?"
TITLE = "Hoe gaan andere gemeenten om met wachtlijsten in de jeugdzorg?"
BODY = (
    "Bij ons wachten gezinnen nu **veertien weken** op ambulante jeugdhulp.\n\n"
    "- Wat doen jullie in de tussentijd?\n"
    "- Werkt een wachtlijstteam?"
)
ANSWER = (
    "In Enschede belt een **wachtlijstteam** elke week alle gezinnen op de lijst, en we "
    "zetten overbruggingszorg in. Dat scheelde ons zes weken."
)


# --- A browser without JavaScript ---------------------------------------------------------


class WithoutJavaScript:
    """A browser tab with JavaScript switched off, and its own axe check.

    axe cannot run in such a tab (its timers never fire, so conftest's check_a11y would
    wait forever). Every document the tab receives is therefore checked in a twin tab with
    JavaScript on (an open_page() tab, of the same size), which shows that very document:
    the HTML the server sent, served again by the twin's router, with every script blocked
    as in the tab itself. Only visit() and submit() below move the tab, and both check; at
    the end, assert_all_checked() proves no page slipped through."""

    def __init__(self, new_context: Callable[..., BrowserContext], twin: Page, *, phone: bool):
        size = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {}
        context = new_context(**(size or {"viewport": DESKTOP}), java_script_enabled=False)
        context.set_default_timeout(10_000)
        self.page = context.new_page()
        self.twin = twin
        self.twin.route("**/*.js", lambda route: route.abort())
        self.landed: list[str] = []
        self.checked: list[str] = []
        self.page.on(
            "framenavigated",
            lambda frame: self.landed.append(frame.url) if frame == self.page.main_frame else None,
        )

    def _check(self, response: Response | None) -> None:
        assert response is not None, f"no response for {self.page.url}"
        assert response.status < 500, f"{self.page.url} answered {response.status}"
        assert "javascript" not in response.headers.get("content-type", "")
        body = response.body()
        url = self.page.url.split("#")[0]

        def same_document(route: Route) -> None:
            route.fulfill(status=200, content_type=response.headers["content-type"], body=body)

        def is_this_page(address: str) -> bool:
            return address.split("#")[0] == url

        self.twin.route(is_this_page, same_document)
        try:
            self.twin.goto(self.page.url)
            # The twin shows the same page, and no script ran in it.
            assert self.twin.title() == self.page.title()
            assert self.twin.evaluate("typeof window.htmx") == "undefined"
            check_a11y(self.twin)
        finally:
            self.twin.unroute(is_this_page, same_document)
        self.checked.append(self.page.url)

    def visit(self, url: str) -> None:
        self._check(self.page.goto(url))

    def submit(self, button: Locator) -> None:
        with self.page.expect_navigation(wait_until="load") as navigation:
            button.click()
        self._check(navigation.value)

    def log_in_with_code(self, email: str) -> None:
        """Through the real door, as conftest's log_in_with_code does."""
        self.visit("/login/")
        form = main_form(self.page, "/login/")
        form.get_by_label(label("Your e-mail address")).fill(email)
        self.submit(form.get_by_role("button"))
        assert path_of(self.page) == "/login/code/"
        form = main_form(self.page, "/login/code/")
        form.get_by_label(label("Code from the mail")).fill(code_in(last_mail_to(email)))
        self.submit(form.get_by_role("button"))
        expect_logged_in(self.page)

    def assert_all_checked(self) -> None:
        assert self.landed == self.checked, (
            f"pages without an axe check: {[url for url in self.landed if url not in self.checked]}"
        )


# --- Data and texts -----------------------------------------------------------------------


@dataclass
class Werkplaats:
    helper: Member  # a youth-care expert at Enschede, who will answer
    other_expert: Member  # another youth-care expert, at Oldenzaal
    answered: Post  # an older question like the one that will be asked, answered


def werkplaats(personas: Personas) -> Werkplaats:
    """Two more youth-care experts and one answered question, through the real actions.
    (The e2e tests run on a transactional database: every action commits, so the live
    server sees it and the search index is updated.) Everyone starts with nothing unread."""
    municipality = Organisation.Kind.MUNICIPALITY
    enschede, _ = member_actions.add_organisation("Gemeente Enschede", kind=municipality)
    oldenzaal, _ = member_actions.add_organisation("Gemeente Oldenzaal", kind=municipality)
    helper = member_actions.create_member(
        "ruud@enschede.example",
        name="Ruud Hendriks",
        organisation=enschede,
        job_title="Teamleider jeugd",
        expertise=[personas.youth_care],
    )
    other_expert = member_actions.create_member(
        "lotte@oldenzaal.example",
        name="Lotte Mulder",
        organisation=oldenzaal,
        expertise=[personas.youth_care],
    )
    answered = post_actions.ask_question(
        personas.colleague,
        theme=personas.youth_care,
        title=SIMILAR_TITLE,
        body="Onze wachtlijst groeit. Wie heeft iets gevonden dat echt helpt?",
    )
    reply = post_actions.answer_question(
        personas.community_manager,
        answered,
        body="Wij bellen gezinnen op de wachtlijst elke maand en bieden overbrugging.",
    )
    post_actions.mark_helped(personas.colleague, reply, minutes=60)
    everyone = [helper, other_expert, personas.member, personas.colleague]
    for member in [*everyone, personas.other_org_member, personas.community_manager]:
        notify_actions.mark_all_read(member)
    answered.refresh_from_db()
    assert answered.status == Post.Status.ANSWERED
    return Werkplaats(helper, other_expert, answered)


def tn(singular: str, plural: str, count: int, language: str = "nl") -> str:
    """A {% blocktranslate count counter=... %} text as the browser shows it."""
    with translation.override(language):
        return translation.ngettext(singular, plural, count) % {"counter": count}


def saved(hours: int, minutes: int) -> str:
    """Time saved as the `duration` filter writes it."""
    if hours and minutes:
        return t("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    if hours:
        return t("%(hours)d h") % {"hours": hours}
    return t("%(minutes)d min") % {"minutes": minutes}


def follow(page: Page, link: Locator) -> None:
    """Click a link, wait for the page it leads to, and check it with axe."""
    submit(page, link)


def notifications_link(page: Page) -> Locator:
    return page.locator("header nav").get_by_role("link", name=re.compile(t("Notifications")))


def expect_unread(page: Page, count: int) -> None:
    """The header's notifications link: a badge with the count, and the same in its name."""
    link = notifications_link(page)
    if count:
        unread = tn("(%(counter)s unread)", "(%(counter)s unread)", count)
        expect(link).to_have_accessible_name(
            re.compile(rf"^{re.escape(t('Notifications'))}\s+{re.escape(unread)}$")
        )
        expect(link.locator(".plein-count")).to_have_text(str(count))
    else:
        expect(link).to_have_accessible_name(t("Notifications"))
        expect(link.locator(".plein-count")).to_have_count(0)


def answer_by(page: Page, name: str) -> Locator:
    return page.get_by_role("article", name=t("Answer by %(name)s") % {"name": name})


def say_thanks(page: Page, answer: Locator, summary: str, amount: str, unit: str) -> None:
    """Open "This helped me (too)" under an answer, say how much time it saved, send it."""
    answer.locator("summary", has_text=summary).click()
    form = answer.locator("form[action$='/helped/']")
    form.get_by_label(label("It saved me about (optional)")).fill(amount)
    form.get_by_label(t("Unit")).select_option(label=t(unit))
    submit(page, form.get_by_role("button", name=t("Say thanks")))
    expect(page.get_by_role("status")).to_have_text(
        t("Thank you! The author of the answer will hear it helped.")
    )
    expect(answer.get_by_text(t("You marked that this helped you."))).to_be_visible()
    expect(answer.locator("details.plein-helped")).to_have_count(0)


def status_of_question(page: Page) -> Locator:
    return page.locator("main article.plein-question .plein-status")


def fill_question(page: Page, *, title: str, body: str, theme: str) -> Locator:
    """On the ask page: fill in the form (the title typed key by key); returns the form."""
    form = main_form(page, ASK)
    form.get_by_label(label("Your question in one sentence")).press_sequentially(title)
    form.get_by_label(label("More about your situation (optional)")).fill(body)
    form.get_by_label(label("Theme")).select_option(label=theme)
    return form


def expect_similar(page: Page, question: Post) -> None:
    """The "maybe already answered" list names the answered question, marked answered."""
    similar = page.locator("#similar")
    expect(similar.get_by_role("heading", name=t("Maybe already answered"))).to_be_visible()
    found = similar.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=question.title, exact=True)
    )
    expect(found).to_have_count(1)
    expect(found.get_by_role("link")).to_have_attribute("href", question.get_absolute_url())
    expect(found).to_contain_text(t("answered"))


def question_posted(page: Page, title: str) -> Post:
    """On the new question's page: the confirmation; returns the question."""
    expect(page.get_by_role("status")).to_have_text(
        t("Your question is posted. We will let you know when someone answers.")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    post = Post.objects.get(title=title)
    assert path_of(page) == post.get_absolute_url()
    return post


def expect_no_trace_of(page: Page, member: Member) -> None:
    """Nothing on the page, visible or in the markup, points to `member`."""
    html = page.content()
    for trace in [
        member.name,
        *(part for part in member.name.split() if len(part) > 3),  # not "el"
        member.email,
        f'href="{member.get_absolute_url()}"',
    ]:
        assert trace not in html, f"{trace!r} is on {page.url}"
    if member.organisation is not None:
        assert member.organisation.name not in html, f"the asker's organisation is on {page.url}"


# --- The story ----------------------------------------------------------------------------


def test_anonymous_question_is_routed_answered_and_the_helper_is_thanked(
    open_page: Callable[..., Page], personas: Personas
) -> None:
    data = werkplaats(personas)
    fatima, helper = personas.member, data.helper

    # A youth-care worker from Hengelo asks how other municipalities handle waiting lists.
    asker = open_page()
    log_in_with_code(asker, fatima.email)
    visit(asker, "/questions/")
    follow(asker, asker.locator("main").get_by_role("link", name=t("Ask a question")))
    assert path_of(asker) == ASK
    expect(asker.get_by_role("heading", level=1)).to_have_text(t("Ask a question"))

    # While she types the title, Plein shows a similar question that was answered.
    form = fill_question(asker, title=TITLE, body=BODY, theme=personas.youth_care.name)
    expect_similar(asker, data.answered)
    check_a11y(asker)  # the fragment came in without a page load: check it too

    # She posts anyway, anonymously.
    form.get_by_label(label("Ask anonymously")).check()
    submit(asker, form.get_by_role("button", name=t("Post my question")))
    question = question_posted(asker, TITLE)
    assert question.is_anonymous
    assert question.author_id == fatima.pk
    expect(asker.locator("main")).to_contain_text(
        t(
            "You asked this anonymously. Others see “Anonymous member”; your replies here "
            "show as “The asker”."
        )
    )
    expect(asker.locator("article.plein-question .plein-author")).to_have_text(t("You (anonymous)"))
    expect(status_of_question(asker)).to_have_text(t("open"))
    expect(asker.locator("article.plein-question .plein-prose strong")).to_have_text(
        "veertien weken"
    )

    # Members who list youth care as expertise are asked to help; nobody else is.
    asked = Notification.objects.filter(post=question, kind=Notification.Kind.HELP_REQUEST)
    assert set(asked.values_list("recipient__email", flat=True)) == {
        helper.email,
        data.other_expert.email,
    }
    assert not Notification.objects.filter(post=question).exclude(
        kind=Notification.Kind.HELP_REQUEST
    )

    # The expert from Enschede follows the notification to the question.
    answerer = open_page()
    log_in_with_code(answerer, helper.email)
    expect_unread(answerer, 1)
    follow(answerer, notifications_link(answerer))
    assert path_of(answerer) == "/notifications/"
    request = answerer.get_by_role(
        "link", name=t("Can you help with “%(title)s”?") % {"title": TITLE}
    )
    follow(answerer, request)
    assert path_of(answerer) == question.get_absolute_url()
    expect_unread(answerer, 0)

    # She is hidden from him: "Anonymous member", and nothing that leads to her.
    expect(answerer.locator("article.plein-question .plein-author")).to_have_text(
        t("Anonymous member")
    )
    expect_no_trace_of(answerer, fatima)

    answer_form = main_form(answerer, f"/questions/{question.pk}/answer/")
    answer_form.get_by_label(label("Your answer")).fill(ANSWER)
    submit(answerer, answer_form.get_by_role("button", name=t("Post answer")))
    reply = question.replies.get()
    assert path_of(answerer) == reply.get_absolute_url(), "back at the question, at the answer"
    answer = answer_by(answerer, helper.name)
    expect(answer.locator(".plein-prose strong")).to_have_text("wachtlijstteam")
    expect_no_trace_of(answerer, fatima)

    # She is notified: an unread count in the header, and the answer in her list.
    visit(asker, "/questions/")
    expect_unread(asker, 1)
    follow(asker, notifications_link(asker))
    headline = t("%(actor)s answered your question “%(title)s”") % {
        "actor": helper.name,
        "title": TITLE,
    }
    entry = asker.locator("main li.plein-notification").filter(has_text=headline)
    expect(entry).to_have_count(1)
    expect(entry).to_have_class(re.compile(r"\bplein-notification--unread\b"))
    expect(entry.locator("strong.plein-status")).to_have_text(t("New"))
    follow(asker, entry.get_by_role("link", name=headline))
    assert path_of(asker) == reply.get_absolute_url()
    expect_unread(asker, 0)

    # This helped her: it saved her about 2 hours.
    answer = answer_by(asker, helper.name)
    say_thanks(asker, answer, t("This helped me"), "2", "hours")
    expect(answer.get_by_text(t("This helped the asker"), exact=True)).to_be_visible()
    expect(status_of_question(asker)).to_have_text(t("answered"))
    helped_line = answer.locator(":scope > p.plein-meta").nth(1)
    expect(helped_line).to_have_text(
        tn("Helped %(counter)s person", "Helped %(counter)s people", 1)
        + " · "
        + t("saved about %(saved)s") % {"saved": saved(2, 0)}
    )

    # A colleague from Almelo, on her phone, finds the answered question; it helped her too.
    almelo = open_page(phone=True)
    log_in_with_code(almelo, personas.other_org_member.email)
    visit(almelo, "/questions/")
    item = almelo.locator("main li.plein-question-item").filter(
        has=almelo.get_by_role("link", name=TITLE, exact=True)
    )
    expect(item.locator(".plein-status")).to_have_text(t("answered"))
    expect(item.locator(".plein-author")).to_have_text(t("Anonymous member"))
    expect(item).to_contain_text(tn("%(counter)s answer", "%(counter)s answers", 1))
    expect(item).to_contain_text(t("saved %(saved)s") % {"saved": saved(2, 0)})
    follow(almelo, item.get_by_role("link", name=TITLE, exact=True))
    expect_no_trace_of(almelo, fatima)
    say_thanks(almelo, answer_by(almelo, helper.name), t("This helped me too"), "30", "minutes")

    # The helper sees the thanks: on the answer, in his notifications, on his profile.
    visit(answerer, question.get_absolute_url())
    expect(status_of_question(answerer)).to_have_text(t("answered"))
    answer = answer_by(answerer, helper.name)
    expect(answer.locator(":scope > p.plein-meta").nth(1)).to_have_text(
        tn("Helped %(counter)s person", "Helped %(counter)s people", 2)
        + " · "
        + t("saved about %(saved)s") % {"saved": saved(2, 30)}
    )
    expect_no_trace_of(answerer, fatima)
    expect_unread(answerer, 2)
    follow(answerer, notifications_link(answerer))
    thanks = t("Your answer to “%(title)s” helped someone") % {"title": TITLE}
    expect(answerer.get_by_role("link", name=thanks, exact=True)).to_have_count(2)
    expect_no_trace_of(answerer, fatima)
    follow(answerer, answerer.locator("header").get_by_role("link", name=t("My profile")))
    assert path_of(answerer) == helper.get_absolute_url()
    helping = answerer.get_by_role("region", name=t("Helping colleagues"))
    expect(helping).to_contain_text(
        tn("%(counter)s answer", "%(counter)s answers", 1)
        + " · "
        + tn("helped %(counter)s time", "helped %(counter)s times", 2)
        + " · "
        + t("saved others about %(saved)s") % {"saved": saved(2, 30)}
    )

    question.refresh_from_db()
    assert (question.status, question.helped_count, question.minutes_saved) == (
        Post.Status.ANSWERED,
        2,
        150,
    )


# --- Without JavaScript -------------------------------------------------------------------


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_member_without_javascript_previews_sees_similar_questions_and_posts(
    new_context: Callable[..., BrowserContext],
    open_page: Callable[..., Page],
    personas: Personas,
    phone: bool,
) -> None:
    data = werkplaats(personas)
    tab = WithoutJavaScript(new_context, open_page(phone=phone), phone=phone)
    page = tab.page
    tab.log_in_with_code(personas.member.email)
    tab.visit(ASK)

    form = fill_question(page, title=TITLE, body=BODY, theme=personas.youth_care.name)
    # Without JavaScript nothing shows similar questions while typing: the preview does.
    expect(page.locator("#similar")).to_be_empty()
    tab.submit(form.get_by_role("button", name=t("Preview and similar questions")))

    assert path_of(page) == ASK
    assert not Post.objects.filter(title=TITLE).exists(), "a preview posts nothing"
    expect_similar(page, data.answered)
    preview = page.get_by_role("region", name=t("Preview"))
    expect(preview.locator("strong")).to_have_text("veertien weken")
    expect(preview.get_by_role("listitem")).to_have_text(
        ["Wat doen jullie in de tussentijd?", "Werkt een wachtlijstteam?"]
    )
    # What she typed is all still there.
    expect(form.get_by_label(label("Your question in one sentence"))).to_have_value(TITLE)
    expect(form.get_by_label(label("More about your situation (optional)"))).to_have_value(BODY)
    expect(form.get_by_label(label("Theme"))).to_have_value(personas.youth_care.slug)

    tab.submit(form.get_by_role("button", name=t("Post my question")))
    question = question_posted(page, TITLE)
    assert not question.is_anonymous
    expect(page.locator("article.plein-question .plein-author")).to_have_text(personas.member.name)
    assert Post.objects.filter(title=TITLE).count() == 1
    tab.assert_all_checked()


# --- The privacy guard --------------------------------------------------------------------


def privacy_warning(page: Page) -> Locator:
    return page.locator("main .plein-privacy[role=alert]")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_phone_number_asks_for_confirmation_and_keeps_the_text(
    open_page: Callable[..., Page], personas: Personas, phone: bool
) -> None:
    page = open_page(phone=phone)
    log_in_with_code(page, personas.member.email)
    visit(page, ASK)
    title = "Wie wil sparren over een pilot met een wachtlijstteam?"
    body = "Bel me gerust op 06 12345678, dan plannen we een kort overleg."
    form = fill_question(page, title=title, body=body, theme=personas.youth_care.name)
    confirm = form.get_by_label(label("This is not client data: post it anyway"))
    expect(confirm).to_have_count(0)

    submit(page, form.get_by_role("button", name=t("Post my question")))
    assert path_of(page) == ASK
    assert not Post.objects.filter(title=title).exists()
    warning = privacy_warning(page)
    expect(warning).to_have_class(re.compile(r"\butrecht-alert--warning\b"))
    expect(warning.locator("p").first).to_have_text(
        t(
            "Your text contains something that may be client data (marked below). Remove it, "
            "or confirm that it is not client data."
        )
    )
    expect(warning.locator("mark.plein-privacy-mark")).to_have_text(["06 12345678"])
    expect(form.get_by_label(label("Your question in one sentence"))).to_have_value(title)
    expect(form.get_by_label(label("More about your situation (optional)"))).to_have_value(body)
    expect(confirm).not_to_be_checked()

    confirm.check()
    submit(page, form.get_by_role("button", name=t("Post my question")))
    question = question_posted(page, title)
    assert question.body == body
    expect(page.locator("article.plein-question .plein-prose")).to_contain_text("06 12345678")


def test_citizen_service_number_blocks_without_a_way_around_it(
    phone_page: Page, personas: Personas
) -> None:
    page = phone_page
    log_in_with_code(page, personas.member.email)
    visit(page, ASK)
    title = "Hoe registreren jullie een overdracht naar de wijkverpleging?"
    body = "Het gaat om een cliënt met BSN 111222333 die volgende week verhuist."
    form = fill_question(page, title=title, body=body, theme=personas.youth_care.name)

    submit(page, form.get_by_role("button", name=t("Post my question")))
    assert path_of(page) == ASK
    warning = privacy_warning(page)
    expect(warning).to_have_class(re.compile(r"\butrecht-alert--error\b"))
    expect(warning.locator("p").first).to_have_text(
        t(
            "Your text contains what looks like a citizen service number (BSN). Remove it: "
            "client data may never be posted here."
        )
    )
    expect(warning.locator("mark.plein-privacy-mark")).to_have_text(["111222333"])
    expect(form.get_by_label(label("This is not client data: post it anyway"))).to_have_count(0)
    expect(form.locator("input[type=checkbox][name=confirm_privacy]")).to_have_count(0)
    expect(form.get_by_label(label("More about your situation (optional)"))).to_have_value(body)

    # Posting again changes nothing: it stays blocked.
    submit(page, form.get_by_role("button", name=t("Post my question")))
    expect(privacy_warning(page).locator("mark.plein-privacy-mark")).to_have_text(["111222333"])
    assert not Post.objects.filter(title=title).exists()

    # Without the number it goes through.
    form.get_by_label(label("More about your situation (optional)")).fill(
        "Het gaat om een cliënt die volgende week verhuist."
    )
    submit(page, form.get_by_role("button", name=t("Post my question")))
    question_posted(page, title)


# --- Bad input ----------------------------------------------------------------------------


def test_question_without_a_title_says_so_and_keeps_the_text(
    page: Page, personas: Personas
) -> None:
    log_in_with_code(page, personas.member.email)
    visit(page, ASK)
    form = main_form(page, ASK)
    form.get_by_label(label("More about your situation (optional)")).fill(BODY)
    form.get_by_label(label("Theme")).select_option(label=personas.youth_care.name)

    submit(page, form.get_by_role("button", name=t("Post my question")))
    assert path_of(page) == ASK
    title = form.get_by_label(label("Your question in one sentence"))
    expect(title).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_title_error")
    expect(error).to_have_text(t("This field is required."))
    expect(title).to_have_accessible_description(re.compile(re.escape(error.inner_text())))
    expect(form.get_by_label(label("More about your situation (optional)"))).to_have_value(BODY)
    expect(form.get_by_label(label("Theme"))).to_have_value(personas.youth_care.slug)
    assert not Post.objects.exists()

    # Fixing it posts the question.
    title.fill(TITLE)
    submit(page, form.get_by_role("button", name=t("Post my question")))
    question_posted(page, TITLE)
