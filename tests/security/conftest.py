"""Fixtures for the security suite: every finding reproduced as a user or an
attacker would see it. Counters of inputs and races tried are printed by the summary hook."""

from collections import Counter

import pytest
from django.core.signals import got_request_exception, request_started

from tests.factories import make_user

# What the suite sent and saw, for the note: requests (inputs), concurrent bursts
# (races, counted by test_races.at_once and sqlite_race), unhandled exceptions (500s).
TALLY: Counter[str] = Counter()


def _count_request(**kwargs):
    TALLY["requests"] += 1


def _count_500(**kwargs):
    TALLY["500s"] += 1


@pytest.fixture(autouse=True)
def _tally():
    request_started.connect(_count_request, dispatch_uid="security-tally-requests")
    got_request_exception.connect(_count_500, dispatch_uid="security-tally-500s")
    yield
    request_started.disconnect(dispatch_uid="security-tally-requests")
    got_request_exception.disconnect(dispatch_uid="security-tally-500s")


def pytest_terminal_summary(terminalreporter):
    if TALLY:
        terminalreporter.write_line(
            f"security suite: {TALLY['requests']} requests sent, {TALLY['races']} races "
            f"({TALLY['race requests']} concurrent requests or calls), {TALLY['500s']} 500s seen"
        )


PASSWORD = "correct-horse-battery"


@pytest.fixture
def alice(db):
    return make_user("alice", password=PASSWORD)


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client
