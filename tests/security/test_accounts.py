"""Finding 2 and 7 (accounts): "Twin" and "twin" were both created, and a reset for a shared
or unconfirmed address reached accounts. The database now refuses both; the forms say why."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def signup_data(name, email=""):
    return {
        "username": name,
        "email": email,
        "password1": "a-long-new-passphrase",
        "password2": "a-long-new-passphrase",
        "time_zone": "UTC",
    }


def test_the_database_refuses_a_user_name_that_differs_only_in_case():
    make_user("Twin")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("twin", password="x")


def test_the_database_refuses_a_second_account_with_the_same_email():
    User.objects.create_user("one", email="Same@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("two", email="same@example.org")
    # An empty address is no address: any number of accounts may have none.
    User.objects.create_user("three", email="")
    User.objects.create_user("four", email="")


def test_sign_up_with_a_taken_name_or_address_gets_the_forms_message(client):
    User.objects.create_user("Twin", email="twin@example.org")
    response = client.post(reverse("profile:signup"), signup_data("twin"))
    assert "A user with that username already exists." in response.content.decode()
    response = client.post(reverse("profile:signup"), signup_data("other", "TWIN@example.org"))
    assert "Another account uses this email address." in response.content.decode()
    assert User.objects.count() == 1


def test_profile_refuses_another_accounts_address(client):
    User.objects.create_user("bob", email="bob@example.org")
    alice = make_user("alice")
    client.force_login(alice)
    data = {"life_stage": "woman", "age": "", "personal_target_ug": "", "time_zone": "UTC"}
    response = client.post(reverse("profile:edit"), {**data, "email": "BOB@example.org"})
    assert response.status_code == 200
    assert "Another account uses this email address." in response.content.decode()
    alice.refresh_from_db()
    assert alice.email == ""


def test_an_address_is_confirmed_by_its_link_and_only_then_gets_resets(client):
    client.post(reverse("profile:signup"), signup_data("erin", "erin@example.org"))
    assert [m.subject for m in mail.outbox] == ["Confirm your email for K2 Tracker"]
    link = re.search(r"http://testserver(/accounts/verify-email/\S+/)", mail.outbox[0].body)
    client.logout()

    client.post(reverse("password_reset"), {"email": "erin@example.org"})
    assert len(mail.outbox) == 1  # unconfirmed: no reset mail

    response = client.get(link.group(1), follow=True)
    assert "erin@example.org is confirmed" in response.content.decode()
    client.post(reverse("password_reset"), {"email": "erin@example.org"})
    assert [m.subject for m in mail.outbox][-1] == "Reset your K2 Tracker password"


def test_a_check_link_for_an_old_address_confirms_nothing(client):
    client.post(reverse("profile:signup"), signup_data("erin", "erin@example.org"))
    old_link = re.search(r"http://testserver(/accounts/verify-email/\S+/)", mail.outbox[0].body)
    erin = User.objects.get(username="erin")
    erin.email = "new@example.org"
    erin.save()
    response = client.get(old_link.group(1), follow=True)
    assert "no longer valid" in response.content.decode()
    erin.profile.refresh_from_db()
    assert erin.profile.verified_email == ""
