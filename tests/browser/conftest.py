"""Browser tests: Playwright driving Debian's Chromium against pb served on localhost.

Chromium comes from the system (``apt-get install -y chromium``), never from ``playwright
install``. Without it these tests are skipped with a plain message on a developer's machine and
fail in CI, where nothing may be skipped silently.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import IN_CI

CHROMIUM = os.environ.get("PB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


_RUNNING: dict = {}


@pytest.fixture(scope="session")
def browser(request):
    """One Chromium for the whole run, shared by every test package that imports this fixture
    (tests/browser, tests/a11y): Playwright's sync API allows one instance at a time."""
    if not Path(CHROMIUM).exists():
        message = (
            f"Chromium not found at {CHROMIUM}: install it with 'apt-get install -y chromium' "
            "(or set PB_CHROMIUM) to run the browser tests."
        )
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    if "browser" not in _RUNNING:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _RUNNING["browser"] = playwright.chromium.launch(executable_path=CHROMIUM,
                                                         args=CHROMIUM_ARGS)

        def stop() -> None:
            _RUNNING.pop("browser").close()
            playwright.stop()

        request.config.add_cleanup(stop)
    return _RUNNING["browser"]


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """pb served by a real HTTP server on a free localhost port, sharing the test database."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def phone(browser, live_server, request):
    """A small, cheap phone: narrow screen, touch."""
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True, locale="pl-PL",
        device_scale_factor=2,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-phone.png"), full_page=True)
    context.close()


def too_wide(page, width: int) -> list[str]:
    """Elements that stick out past ``width`` pixels: empty when the page fits the screen."""
    page.wait_for_load_state("load")  # measured with the stylesheet applied
    if page.evaluate("document.documentElement.scrollWidth") <= width:
        return []
    return page.evaluate(
        """(w) => Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > w + 1)
            .map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
                 ? '.' + e.className.split(' ').join('.') : '')
                 + ' → ' + Math.round(e.getBoundingClientRect().right))
            .slice(0, 10)""",
        width,
    )
