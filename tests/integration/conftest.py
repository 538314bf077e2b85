"""Fixtures the diary, report and export tests share. A module's own fixture of the same name
wins over these (test_custom_foods and test_diary_catalogue define their own `user`)."""

import pytest

from tests.factories import NOW, make_natto, make_user


@pytest.fixture
def user(client):
    """A user signed in on the test client."""
    user = make_user()
    client.force_login(user)
    return user


@pytest.fixture
def client_in(client, user):
    """The test client, signed in as `user`."""
    return client


@pytest.fixture
def natto():
    return make_natto()


@pytest.fixture
def fixed_now(monkeypatch):
    """timezone.now() stays at NOW (Wednesday 25 Nov 2026, 12:00 UTC: week 2026-W48)."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    return NOW
