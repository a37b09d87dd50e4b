"""The browser test harness: Django's live server, Debian's headless Chromium, and axe.

Every page a journey lands on is checked with axe (WCAG 2.1 A and AA rules) and must
have zero violations. Use the helpers, which do this for you:

    visit(page, "/members/")           # open a path (or an absolute URL) and check it
    submit(page, form.get_by_role("button"))  # click, wait for the next page, check it
    check_a11y(page)                   # after anything else that loads a page

The `page`, `phone_page` and `open_page()` fixtures watch every page load and fail a
test that reached a page without checking it, so a forgotten check cannot go unnoticed.

The browser is Debian's Chromium (/usr/bin/chromium, or $PLEIN_CHROMIUM); Playwright
never downloads one. Without it the tests skip (run scripts/install-browser), except
on CI (CI set), where a missing browser fails the run.
"""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

# Never fetch a browser: we drive the system's Chromium.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Locator, Page, expect

from plein.core.testing import code_in, last_mail_to

E2E_DIR = Path(__file__).parent
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HOW_TO_ENABLE = (
    "Run scripts/install-browser (as root on Debian/Ubuntu it installs the chromium "
    "package), or set PLEIN_CHROMIUM to a Chromium or Chrome binary."
)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 800}

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_axe = Axe()


def chromium_path() -> str | None:
    """The Chromium binary to drive, or None when there is none."""
    configured = os.environ.get("PLEIN_CHROMIUM", "").strip()
    candidate = configured or DEFAULT_CHROMIUM
    if os.sep not in candidate:
        candidate = shutil.which(candidate) or candidate
    path = Path(candidate)
    return str(path) if path.is_file() and os.access(path, os.X_OK) else None


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no", "off"}


# --- Collection: every test here is an e2e test ------------------------------------------


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: the marker must be there before `-m "not e2e"` deselects.
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents and not item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.e2e)


# --- The browser -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if path is None:
        wanted = os.environ.get("PLEIN_CHROMIUM") or DEFAULT_CHROMIUM
        message = f"No Chromium at {wanted}: browser tests cannot run. {HOW_TO_ENABLE}"
        if on_ci():
            pytest.fail(f"{message} (CI is set, so a missing browser fails the run.)")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session", autouse=True)
def _browser_or_skip(chromium_executable: str, django_db_setup: None) -> None:
    """Skip (or on CI fail) every e2e test before anything starts when there is no browser.
    Also sets up the test database before Playwright starts, so that it is torn down after
    Playwright has stopped (see below)."""


@pytest.fixture(scope="package", autouse=True)
def _orm_next_to_playwright() -> Iterator[None]:
    """Playwright's sync API keeps an event loop running in this thread, so Django refuses
    ORM calls from test code (SynchronousOnlyOperation). They are synchronous and safe here:
    allow them for the browser tests only. Set as late and undone as early as possible, as
    the variable must not leak into other tests (`check --deploy` rejects it, async.E001)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], chromium_executable: str
) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": chromium_executable,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(django_db_setup: None, live_server: Any) -> str:
    """Relative paths in page.goto() go to Django's live server. (The test database is
    set up before the live server starts.)"""
    return str(live_server.url)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # A Dutch browser, as most members have.
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


@pytest.fixture(autouse=True)
def _live_database(transactional_db: None, live_server: Any) -> None:
    """The live server runs in a thread with its own transactions: tests see its writes
    (and it sees theirs) only with a transactional database."""


# --- Axe on every page -------------------------------------------------------------------


@dataclass
class _PageWatch:
    """The pages a browser tab landed on, and whether axe checked each one."""

    unchecked: str | None = None
    missed: list[str] = field(default_factory=list)
    current: str = ""

    def landed(self, url: str) -> None:
        # The same URL again is the same page: htmx's history.replaceState, before it
        # pushes the URL of the results it brought in.
        if url == self.current:
            return
        self.current = url
        if self.unchecked is not None:
            self.missed.append(self.unchecked)
        self.unchecked = url


_watches: dict[int, _PageWatch] = {}


def _watch(page: Page) -> Page:
    watch = _watches[id(page)] = _PageWatch()

    def on_navigated(frame: Any) -> None:
        if frame == page.main_frame:
            watch.landed(frame.url)

    page.on("framenavigated", on_navigated)
    return page


def _assert_all_checked(page: Page) -> None:
    watch = _watches.pop(id(page), None)
    if watch is None:
        return
    missed = [*watch.missed, *([watch.unchecked] if watch.unchecked else [])]
    assert not missed, (
        "These pages were visited without an axe check; use visit(), submit() or "
        f"check_a11y(): {missed}"
    )


# axe no longer checks duplicate ids (WCAG 4.1.1 is obsolete), but an id that a label or
# an ARIA attribute points to must be unique, or the wrong control gets the name or
# description (1.3.1, 4.1.2): two forms on one page with the same field name do this.
_DUPLICATE_REFERENCED_IDS = """() => {
    const refs = new Map();
    const note = (id, how) => { if (id) refs.set(id, [...(refs.get(id) || []), how]); };
    for (const label of document.querySelectorAll("label[for]")) note(label.htmlFor, "label for");
    for (const attr of ["aria-labelledby", "aria-describedby", "aria-controls", "aria-owns",
                        "aria-errormessage", "aria-activedescendant", "aria-details"]) {
        for (const el of document.querySelectorAll(`[${attr}]`)) {
            for (const id of el.getAttribute(attr).split(/\\s+/)) note(id, attr);
        }
    }
    const problems = [];
    for (const [id, how] of refs) {
        const count = document.querySelectorAll(`[id="${CSS.escape(id)}"]`).length;
        if (count > 1) problems.push(`id="${id}" is used ${count} times (referenced by ${how.join(", ")})`);
    }
    return problems;
}"""


def check_a11y(page: Page) -> None:
    """Run axe (WCAG 2.1 A and AA) on the page as it is now; fail on any violation."""
    page.wait_for_load_state("load")
    results = _axe.run(page, options=AXE_OPTIONS)
    duplicates = page.evaluate(_DUPLICATE_REFERENCED_IDS)
    watch = _watches.get(id(page))
    if watch is not None:
        watch.unchecked = None
    assert results.violations_count == 0, (
        f"axe found WCAG 2.1 A/AA violations on {page.url}:\n{results.generate_report()}"
    )
    assert not duplicates, (
        f"Labels or ARIA attributes on {page.url} point to ids that are not unique, so "
        f"they name or describe the wrong control (WCAG 1.3.1, 4.1.2): {duplicates}"
    )


def visit(page: Page, url: str) -> None:
    """Open a path on the live server (or an absolute URL) and check the page with axe."""
    response = page.goto(url)
    assert response is not None, f"no response for {url}"
    assert response.status < 500, f"{url} answered {response.status}"
    check_a11y(page)


def submit(page: Page, button: Locator) -> None:
    """Click a button that submits a form, wait for the page it leads to, and check it."""
    with page.expect_navigation(wait_until="load"):
        button.click()
    check_a11y(page)


# --- Pages -------------------------------------------------------------------------------


@pytest.fixture
def open_page(
    new_context: Callable[..., BrowserContext], request: pytest.FixtureRequest
) -> Iterator[Callable[..., Page]]:
    """Another person, or another device: a fresh browser (own cookies) with one tab, whose
    every page must be checked with axe. Desktop (1280x800) by default;
    `open_page(phone=True)` gives a 360x800 touch screen."""
    tabs: list[Page] = []

    def _open(*, phone: bool = False) -> Page:
        if phone:
            context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        else:
            context = new_context(viewport=DESKTOP)
        # Fail fast: every page here loads in well under a second.
        context.set_default_timeout(10_000)
        tab = _watch(context.new_page())
        tabs.append(tab)
        return tab

    yield _open
    # Only a passing test is asked to account for every page (a failing one stops midway).
    # pytest-playwright's report hook leaves the test's outcome on the item.
    call = getattr(request.node, "rep_call", None)
    for tab in tabs:
        if call is not None and call.passed:
            _assert_all_checked(tab)
        _watches.pop(id(tab), None)


@pytest.fixture
def page(open_page: Callable[..., Page]) -> Page:
    """A desktop browser tab (1280x800) whose every page must be checked with axe."""
    return open_page()


@pytest.fixture
def phone_page(open_page: Callable[..., Page]) -> Page:
    """A phone-sized (360x800) touch browser tab whose every page is checked with axe."""
    return open_page(phone=True)


# --- Journeys' shared steps --------------------------------------------------------------


def t(message: str, language: str = "nl") -> str:
    """A UI text as the browser shows it: the message id, translated into `language` with
    the same catalogues the live server uses (so tests pass before and after translation)."""
    with translation.override(language):
        return translation.gettext(message)


def path_of(page: Page) -> str:
    """The path (and query) of the page's URL, without scheme and host."""
    return re.sub(r"^[a-z]+://[^/]+", "", page.url)


def label(message: str, language: str = "nl") -> re.Pattern[str]:
    """A form field's label, exactly (Django may add a colon): for get_by_label()."""
    return re.compile(rf"^\s*{re.escape(t(message, language))}\s*:?\s*$")


def main_form(page: Page, action: str) -> Locator:
    """The form in the page's main content that posts to `action` (a path)."""
    return page.locator(f"main form[action='{action}']")


def expect_language(page: Page, language: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)


def expect_logged_in(page: Page) -> None:
    expect(page.locator("header form[action='/logout/'] button")).to_be_visible()


def ask_for_login_mail(page: Page, email: str, *, action: str = "/login/") -> None:
    """On a page with a form asking for an address: type it and send it."""
    form = main_form(page, action)
    form.get_by_label(label("Your e-mail address")).fill(email)
    submit(page, form.get_by_role("button"))
    assert path_of(page) == "/login/code/", f"expected 'check your mail', got {page.url}"


def type_code(page: Page, code: str) -> None:
    """On 'check your mail': type the code from the mail and send it."""
    form = main_form(page, "/login/code/")
    form.get_by_label(label("Code from the mail")).fill(code)
    submit(page, form.get_by_role("button"))


def log_in_with_code(page: Page, email: str) -> None:
    """Through the real door: ask for a mail, type its code."""
    visit(page, "/login/")
    ask_for_login_mail(page, email)
    type_code(page, code_in(last_mail_to(email)))
    expect_logged_in(page)
