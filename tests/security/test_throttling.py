"""Finding 1: unlimited sign-in attempts, unlimited reset mails, resets answered at different
speeds. Now: 429 with a retry time after the limit, per account and per address."""

import time

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_user

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = 3


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_brute_force_on_one_account_is_answered_429_even_with_the_right_password(client, alice):
    answers = [sign_in(client, "alice", f"wrong-{i}").status_code for i in range(LIMIT + 2)]
    assert answers[: LIMIT - 1] == [200] * (LIMIT - 1)  # the form again, with its message
    assert answers[-1] == 429
    locked = sign_in(client, "alice", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "try again in 15 minutes" in locked.content.decode()
    assert int(locked["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_the_account_is_paused_whatever_address_the_attempts_come_from(client, alice):
    for i in range(LIMIT):
        sign_in(client, "alice", "wrong", address=f"10.0.1.{i}")
    assert sign_in(client, "alice", PASSWORD, address="10.0.2.1").status_code == 429


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_one_address_guessing_many_accounts_is_paused(client, db):
    for i in range(LIMIT):
        make_user(f"victim{i}")
        sign_in(client, f"victim{i}", "wrong", address="10.0.3.1")
    bob = make_user("bob", password=PASSWORD)
    assert sign_in(client, bob.username, PASSWORD, address="10.0.3.1").status_code == 429
    # Another address is not punished for it.
    assert sign_in(client, bob.username, PASSWORD, address="10.0.3.2").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_a_success_before_the_limit_starts_the_count_again(client, alice):
    for _ in range(LIMIT - 1):
        sign_in(client, "alice", "wrong")
    assert sign_in(client, "alice", PASSWORD).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        sign_in(client, "alice", "wrong")
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def signup(client, name, address="10.0.4.1"):
    data = {
        "username": name,
        "email": "",
        "password1": "a-long-new-passphrase",
        "password2": "a-long-new-passphrase",
        "time_zone": "UTC",
    }
    return client.post(reverse("profile:signup"), data, REMOTE_ADDR=address)


@override_settings(THROTTLES={"signup": (2, 3600)})
def test_sign_ups_per_address_are_limited(client, db):
    assert signup(client, "one").status_code == 302
    client.logout()
    assert signup(client, "two").status_code == 302
    client.logout()
    third = signup(client, "three")
    assert third.status_code == 429
    assert "Too many sign-ups" in third.content.decode()
    assert 0 < int(third["Retry-After"]) <= 3600
    assert signup(client, "four", address="10.0.4.2").status_code == 302


def reset(client, email, address="10.0.5.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def confirmed_user(name, email):
    user = make_user(name)
    user.email = email
    user.save()
    user.profile.verified_email = email
    user.profile.save()
    return user


@override_settings(THROTTLES={"password-reset": (3, 3600), "reset-mailbox": (100, 3600)})
def test_reset_requests_per_address_are_limited(client, db):
    confirmed_user("carol", "carol@example.org")
    answers = [reset(client, "carol@example.org").status_code for _ in range(4)]
    assert answers == [302, 302, 302, 429]
    assert len(mail.outbox) == 3


@override_settings(THROTTLES={"password-reset": (100, 3600), "reset-mailbox": (2, 3600)})
def test_one_mailbox_gets_few_mails_and_the_answer_does_not_tell(client, db):
    confirmed_user("carol", "carol@example.org")
    answers = [reset(client, "carol@example.org", address=f"10.0.6.{i}") for i in range(17)]
    assert {answer.status_code for answer in answers} == {302}
    assert len(mail.outbox) == 2


def test_known_unknown_and_unconfirmed_addresses_answer_alike(client, db):
    confirmed_user("carol", "carol@example.org")
    dave = make_user("dave")
    dave.email = "dave@example.org"  # never confirmed
    dave.save()
    answers = [
        reset(client, email)
        for email in ("carol@example.org", "nobody@example.org", "dave@example.org")
    ]
    assert {(a.status_code, a.url) for a in answers} == {(302, reverse("password_reset_done"))}
    assert [m.to for m in mail.outbox] == [["carol@example.org"]]


@override_settings(MAIL_IN_BACKGROUND=True)
def test_the_reset_mail_is_sent_after_the_answer(client, db, monkeypatch):
    confirmed_user("carol", "carol@example.org")
    from django.contrib.auth.forms import PasswordResetForm

    slow_send = PasswordResetForm.send_mail

    def slow(self, *args, **kwargs):
        time.sleep(1.0)  # a slow mail server
        return slow_send(self, *args, **kwargs)

    monkeypatch.setattr(PasswordResetForm, "send_mail", slow)
    started = time.monotonic()
    response = reset(client, "carol@example.org")
    assert response.status_code == 302
    assert time.monotonic() - started < 0.9
    deadline = time.monotonic() + 5
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [m.to for m in mail.outbox] == [["carol@example.org"]]
