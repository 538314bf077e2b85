"""Fixtures for the security suite (issue 13): every finding reproduced as a user or an
attacker would see it. Counters of inputs and races tried are printed by the summary hook."""

import pytest

from tests.factories import make_user

PASSWORD = "correct-horse-battery"


@pytest.fixture
def alice(db):
    return make_user("alice", password=PASSWORD)


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client
