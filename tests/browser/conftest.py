import pytest
from playwright.sync_api import expect

from tests.conftest import CHROMIUM

# Playwright's 5 s wait for an expectation failed a passing test once while two other suites
# shared the machine's two cores; a longer wait costs a passing test nothing.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def no_console_errors(page):
    """Fail any browser test whose page logs an error or a CSP violation."""
    problems = []
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" or "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    yield problems
    assert problems == [], "\n".join(problems)


@pytest.fixture
def axe_page(browser, browser_context_args):
    """A page in a context of its own that ignores the site's CSP, for axe-core to be injected
    (tests/browser/axe.py). Every other browser test keeps the CSP and fails on a violation."""
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    yield context.new_page()
    context.close()
