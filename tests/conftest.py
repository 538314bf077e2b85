import os
import shutil

import pytest
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
)


def pytest_configure(config):
    from django.conf import settings

    # No collectstatic under test: serve static files straight from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Hashing real passwords is the slowest part of many tests; strength is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _run_order(item):
    """pytest-django's order (db tests, then transactional, then the rest), with the tests that
    load the session catalogue last among the db tests, so every other test starts empty."""
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = (
        "live_server" in fixtures
        or "transactional_db" in fixtures
        or bool(marker and marker.kwargs.get("transaction"))
    )
    uses_db = marker is not None or "db" in fixtures
    group = 1 if transactional else 0 if uses_db else 2
    return (group, "catalogue" in fixtures)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    items.sort(key=_run_order)
    browser_items = [
        item for item in items if "tests/browser/" in str(item.path).replace(os.sep, "/")
    ]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if browser_items and CHROMIUM is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            raise pytest.UsageError(
                "REQUIRE_BROWSER=1 but Chromium was not found: apt-get install -y chromium"
            )
        skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install -y chromium)")
        for item in browser_items:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Sign-up and reset counts live in the cache, which outlives a test: start each at zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def catalogue(django_db_setup, django_db_blocker):
    """The full shipped catalogue (SR28 + literature + supplements), loaded once per session.

    Not for browser tests: live_server flushes the database after each test.
    """
    with django_db_blocker.unblock():
        call_command("load_catalogue", verbosity=0)
    return True
