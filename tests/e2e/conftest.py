"""Browser tests: Debian's Chromium driven by Playwright, pages checked with axe-core.

Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set, hence the env var below
(test-only: the ORM is used between browser steps, never concurrently).
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM} (CI must install it)")
        pytest.skip(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    # The live server's ephemeral port is a port the hub is served on (hub.adresses).
    settings.ALLOWED_HOST_PORTS = [live_server.url.rsplit(":", 1)[1]]
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # Details for violations only: the passes' nodes are neither computed in full nor sent back.
    "resultTypes": ["violations"],
}


def assert_accessible(page, context: str = "", exclure: list[str] | None = None) -> None:
    """Runs axe-core (WCAG 2.1 A/AA rules) in the page and fails on any violation; `exclure`
    lists selectors of elements the browser itself adds to the page (not the hub's). axe-core is
    injected once per document (a page refilled by set_content keeps it)."""
    from axe_playwright_python.base import AXE_SCRIPT

    attendre_messages(page)  # Wagtail's messages fade in: measured once shown
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    violations = page.evaluate(
        "([contexte, options]) => axe.run(contexte || document, options).then(r => r.violations)",
        [{"exclude": [[s] for s in exclure]} if exclure else None, AXE_OPTIONS],
    )
    assert not violations, f"axe-core ({context or page.url}): " + "; ".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nœud(s): {[n['target'] for n in v['nodes']][:3]})"
        for v in violations
    )


def admin_login(page, username: str, password: str) -> None:
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/**")


def attendre_messages(page) -> None:
    """Wagtail fades its messages in: axe measures them once shown (mid-fade their contrast is lower)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.messages li')].every(m => getComputedStyle(m).opacity === '1')"
        " && [...document.querySelectorAll('.messages')].every("
        "m => m.getAnimations({subtree: true}).every(a => a.playState !== 'running'))"
    )
