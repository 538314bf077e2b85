import os
import shutil

import pytest
from django.core.management import call_command
from django.db import transaction

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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
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


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    """The full shipped catalogue (SR28 + literature + supplements) for one test module.

    Loaded once per module inside a transaction that is rolled back when the module ends, so no
    other test ever sees it and no test depends on the order tests run in. Each test still runs
    in its own savepoint. A module that asks for it holds only tests that use it (they are
    marked `catalogue`); not for browser tests, whose live server needs committed data.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_catalogue", verbosity=0)
        yield True
        transaction.set_rollback(True)


def pytest_itemcollected(item):
    if "catalogue" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.catalogue)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """The search relevance scores (tests/relevance.py), when their tests ran, as summary
    lines."""
    from tests.relevance import K2_SCORE_KEY, SCORE_KEY

    for key in (SCORE_KEY, K2_SCORE_KEY):
        summary = config.stash.get(key, None)
        if summary:
            terminalreporter.write_line(summary)


@pytest.fixture(autouse=True)
def _new_catalogue_version():
    """Each test starts on a new catalogue version: the database is rolled back after each
    test, so no cached catalogue answer may outlive it. (Not cache.clear(): with REDIS_URL set
    that would flush a Redis database other runs may share.)"""
    from foods.services import catalogue_version_bump

    catalogue_version_bump()
