"""Finding 7 (headers and settings): health data kept out of shared caches, HEAD where GET is,
a short secret key refused, HSTS preload only on request."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_food
from tests.unit.test_settings import run_settings

pytestmark = pytest.mark.django_db


def test_signed_in_pages_and_csv_are_private_and_not_stored(signed_in):
    pages = [
        reverse("day:today"),
        reverse("day:day", args=["2026-11-23"]),
        reverse("profile:edit"),
        reverse("myfoods:list"),
        reverse("reports:week"),
        reverse("reports:export") + "?from=2026-11-01&to=2026-11-23",
    ]
    for url in pages:
        response = signed_in.get(url)
        assert response.status_code == 200, url
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control, url
    assert response["Content-Type"].startswith("text/csv")


def test_public_pages_stay_cacheable_for_anonymous_visitors(client, db):
    response = client.get(reverse("foods:list"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_head_is_answered_wherever_get_is(signed_in, db):
    anonymous = Client()
    food = make_food("Kale")
    public = [
        reverse("home"),
        reverse("foods:list"),
        reverse("foods:about"),
        reverse("foods:detail", args=[food.pk, "kale"]),
        reverse("login"),
        reverse("profile:signup"),
    ]
    private = [reverse("day:today"), reverse("profile:edit"), reverse("reports:week")]
    for url in public + private:
        response = signed_in.head(url) if url in private else anonymous.head(url)
        assert response.status_code == 200, (url, response.status_code)
        assert response.content == b""


def test_a_short_secret_key_is_refused_at_start():
    result = run_settings({"DJANGO_SECRET_KEY": "abc", "DJANGO_ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY has 3 characters" in result.stderr
    accepted = run_settings({"DJANGO_SECRET_KEY": "k" * 50, "DJANGO_ALLOWED_HOSTS": "example.org"})
    assert accepted.returncode == 0, accepted.stderr


def test_hsts_preload_is_opt_in():
    code = "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)"
    production = {"DJANGO_SECRET_KEY": "k" * 50, "DJANGO_ALLOWED_HOSTS": "example.org"}
    assert run_settings(production, code=code).stdout.strip() == "False"
    opted_in = {**production, "DJANGO_HSTS_PRELOAD": "1"}
    assert run_settings(opted_in, code=code).stdout.strip() == "True"


def test_sqlite_waits_for_the_write_lock_instead_of_failing():
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    result = run_settings({"DJANGO_DEBUG": "1"}, code=code)
    assert "'transaction_mode': 'IMMEDIATE'" in result.stdout
    assert "'timeout': 20" in result.stdout
