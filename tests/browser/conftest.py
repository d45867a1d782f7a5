"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live server.

Without chromium the tests skip with a reason, except under CI=true where they must run.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
PHONE = {"width": 360, "height": 780}


def _require_chromium() -> None:
    if not (os.path.exists(CHROMIUM) and shutil.which("chromium")):
        message = "chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the ORM calls our fixtures make
    # from here are still plain synchronous calls, which Django would otherwise refuse.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo_world(transactional_db):
    """Live-server tests flush the database after themselves, so each loads the demo world anew."""
    from lantoa.demo.services import load_demo

    load_demo(with_campaign=False)


# Reports every Content-Security-Policy violation to the console, where the fixture below collects it.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


def _is_csp_violation(text: str) -> bool:
    return text.startswith("CSP violation") or "Content Security Policy" in text


@pytest.fixture
def csp_violations():
    """Every policy violation a page reported; a browser test fails at its end if there was any."""
    found: list[str] = []
    yield found
    assert found == [], "Content-Security-Policy violations:\n" + "\n".join(found)


@pytest.fixture
def phone(browser, live_server, demo_world, csp_violations):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_server.url)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            csp_violations.append(f"{page.url}: {message.text}") if _is_csp_violation(message.text) else None
        ),
    )
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def shot():
    """Save a screenshot as a CI artifact under build/screenshots/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def login(page, username: str, password: str = "lantoa-demo") -> None:
    page.goto("/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def open_menu(page) -> None:
    """On a phone the site's menu folds under "Menu"; open it (on a desktop it is always open)."""
    button = page.locator("label.menu-button")
    if button.is_visible() and not page.locator("#menu-toggle").is_checked():
        button.click()


def confirm(page, *, navigates: bool = True) -> str:
    """Say yes in the confirmation <dialog> (static/lantoa/confirm.js) an irreversible step opens, and wait
    for the page it leads to (an htmx step swaps in place: `navigates=False`). Returns what the dialog said."""
    dialog = page.locator("dialog.confirm-dialog[open]")
    dialog.wait_for()
    said = dialog.inner_text()
    if navigates:
        with page.expect_navigation():
            dialog.locator("button.confirm-yes").click()
    else:
        dialog.locator("button.confirm-yes").click()
    return said
