"""Fixtures for the end-to-end tests in Debian's Chromium (Playwright, sync API).

The browser cannot always be started (no Chromium, no Playwright driver, a sandbox that forbids it).
Locally such a test is skipped with the reason; in CI (the ``CI`` environment variable is set) it
fails, so that a broken browser set-up can never turn the browser tests silently green.
"""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SAMEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str):
    """Fail in CI, skip locally."""
    if _in_ci():
        pytest.fail(f"Browser test cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"Browser not available ({reason}); in CI (CI=true) this is a failure.")


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (so the async-unsafe allowance ends with the module)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the environment
        problem = f"Playwright is not installed: {exc}"
    else:
        problem = None
    if problem:
        _unavailable(problem)

    # Playwright's sync API keeps an asyncio loop registered on this thread, which makes Django's
    # async-safety check refuse ORM calls from the test (and the test database's teardown) while
    # the browser is running. Allow them for exactly as long as Playwright runs, not globally.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        try:
            playwright = sync_playwright().start()
        except Exception as exc:  # noqa: BLE001 - any failure to start means "no browser here"
            _unavailable(f"Playwright could not start: {exc}")
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001
            problem = f"Chromium at {CHROMIUM} could not be launched: {exc}"
        if problem:
            playwright.stop()
            _unavailable(problem)
        try:
            yield chromium
        finally:
            chromium.close()
            playwright.stop()


@pytest.fixture
def page(browser):
    """A fresh context (no cookies) and page, Dutch, with the site's CSP left fully in force."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.errors = []  # uncaught JavaScript exceptions, asserted empty by the tests
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.console_errors = []  # e.g. CSP refusals; reported, not asserted
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source():
    path = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        _unavailable(f"axe-core not found at {path}; run `npm ci`.")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def _live_server_answers_one_request_at_a_time_on_shared_sqlite():
    """On in-memory SQLite the live server's request threads share the test's one connection.

    Pages that load parts in parallel (the dashboard's five HTMX sections) then ran two queries on
    that connection at once and hung the run. Connections stay concurrent; the application answers
    one request at a time, with its whole body, only when the connection is shared.
    """
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class SerialAppServer(ThreadedWSGIServer):
        def set_app(self, application):
            if not self.connections_override:
                return super().set_app(application)
            lock = threading.Lock()

            def serial(environ, start_response):
                with lock:
                    response = application(environ, start_response)
                    try:
                        return [b"".join(response)]
                    finally:
                        if hasattr(response, "close"):
                            response.close()

            return super().set_app(serial)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", SerialAppServer)
        yield
