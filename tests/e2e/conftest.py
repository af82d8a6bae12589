"""Browser tests: a real Chromium (Debian's) driven by Playwright's sync API against live_server.

Every test here is marked ``browser``. A test fails when the page logs a console error or throws
(that includes Content-Security-Policy violations and static files that fail to load).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

# Playwright's sync API runs an event loop in this thread; Django would then refuse ORM calls
# from the test (factories) and from live_server. Set before Django touches the database.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = PROJECT_DIR / "test-artifacts" / "screenshots"
E2E_DIR = Path(__file__).resolve().parent

# Factories' password (tests/factories.py).
PASSWORD = "a-strong-test-password"

_browser_errors = pytest.StashKey[list]()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --- Browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        reason = (
            f"Browser tests need Chromium at {CHROMIUM}: install it with "
            "`sudo apt-get install chromium`."
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason} CI must not pass by skipping them.", pytrace=False)
        pytest.skip(reason)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(request, browser):
    """open_page() gives a page in a fresh browser context (its own cookies: another person).

    Console errors and page errors of every page opened this way fail the test.
    """
    errors: list[str] = []
    request.node.stash[_browser_errors] = errors
    contexts = []

    def open_() -> Page:
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda msg: (
                errors.append(f"console.{msg.type}: {msg.text} ({msg.location.get('url')})")
                if msg.type == "error" and not _is_error_page_itself(page, msg)
                else None
            ),
        )
        page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
        page.on("crash", lambda _: errors.append("page crashed"))
        return page

    yield open_
    for context in contexts:
        context.close()


def _is_error_page_itself(page: Page, msg) -> bool:
    """Chromium logs a page that answers 4xx (404, 429) as a console error about its own address.

    Tests that go to such a page assert what it says; a missing script or stylesheet still fails.
    """
    return (
        re.match(r"Failed to load resource: the server responded with a status of 4\d\d", msg.text)
        is not None
        and msg.location.get("url") == page.url
    )


@pytest.fixture
def page(open_page):
    """A fresh browser context (no cookies) per test; console and page errors fail the test."""
    return open_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield  # re-raises when the test itself failed
    errors = item.stash.get(_browser_errors, None)
    page = item.funcargs.get("page")
    if errors is not None and page is not None and not page.is_closed():
        page.evaluate("0")  # one round trip, so events already sent are delivered
    if errors:
        pytest.fail(
            "The browser reported errors:\n" + "\n".join(f"  - {e}" for e in errors),
            pytrace=False,
        )
    return result


@pytest.fixture
def screenshot(request):
    """screenshot("name") saves test-artifacts/screenshots/<name>.png, for people to look at.

    It shoots the test's `page`; pass `of=` to shoot another page opened with open_page().
    """

    def save(name: str | None = None, *, of: Page | None = None, full_page: bool = True) -> Path:
        target = of or request.getfixturevalue("page")
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", name or request.node.name).strip("-")
        path = SCREENSHOT_DIR / f"{stem}.png"
        target.screenshot(path=str(path), full_page=full_page)
        return path

    return save


# --- Helpers ---------------------------------------------------------------------------------


def url(live_server, path: str) -> str:
    return f"{live_server.url}{path}"


def labelled(page, label: str):
    """The form control labelled exactly `label`; crispy appends "*" to required fields' labels."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def sign_up(page, live_server, email: str, password: str) -> None:
    """Create an account through the sign-up form and the link mailed to confirm the address;
    ends logged in on My comparisons."""
    from django.core import mail

    page.goto(url(live_server, "/accounts/signup/"))
    labelled(page, "Email address").fill(email)
    labelled(page, "Password").fill(password)
    labelled(page, "Password confirmation").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    message = next(m for m in reversed(mail.outbox) if m.to == [email.lower()])
    link = next(w for w in message.body.split() if "/accounts/confirm-email/" in w)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(url(live_server, "/comparisons/"))


def log_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    """Log in through the log-in form; ends on My comparisons (My clients for a counsellor)."""
    page.goto(url(live_server, "/accounts/login/"))
    labelled(page, "Email address").fill(email)
    labelled(page, "Password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(
        re.compile(rf"^{re.escape(live_server.url)}/(comparisons|counsellor/clients)/$")
    )


_axe = None


def assert_no_axe_violations(page) -> None:
    """Run axe-core on the page as it is now; any violation fails with axe's report."""
    global _axe
    from axe_playwright_python.sync_playwright import Axe

    if _axe is None:
        _axe = Axe()
    results = _axe.run(page)
    if results.violations_count:
        print(results.generate_report())
        rules = "\n".join(
            f"  - {v['id']} ({v['impact']}): {len(v['nodes'])} element(s), e.g. "
            f"{v['nodes'][0]['target']}"
            for v in results.response["violations"]
        )
        pytest.fail(
            f"axe found {results.violations_count} accessibility violation(s) on {page.url} "
            f"(full report in the captured stdout):\n{rules}",
            pytrace=False,
        )
