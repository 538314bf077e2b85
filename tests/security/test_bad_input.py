"""Findings 3, 6 and 7 (inputs): NUL bytes, non-ASCII digits, non-numeric admin ids and an
unbounded formset each get a 4xx or a message, never a 500 or a stored surprise."""

import time

import pytest
from django.urls import reverse

from diary.models import Entry
from foods.models import Food
from tests.factories import make_food, make_user

pytestmark = pytest.mark.django_db

NUL = "\x00"


@pytest.mark.parametrize(
    "url",
    [
        f"/foods/?group={NUL}",
        f"/foods/?q=kale{NUL}",
        f"/foods/?sort={NUL}&basis=100g",
        f"/foods/?group=1600&{NUL}=1",
    ],
)
def test_nul_in_a_public_address_is_refused_with_a_message(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_nul_in_a_form_changes_nothing(signed_in):
    kale = make_food("Kale", values={"k1": 389.6})
    response = signed_in.post(
        reverse("day:add", args=["2026-11-23"]),
        {"food": str(kale.pk), "amount": f"100{NUL}", "unit": "g", "meal": "lunch"},
    )
    assert response.status_code == 400
    assert not Entry.objects.exists()


@pytest.mark.parametrize("amount", ["١٠٠", "２０", "1٠", "۱۰۰"])
def test_non_ascii_digits_in_an_amount_get_a_message(signed_in, amount):
    kale = make_food("Kale", values={"k1": 389.6})
    response = signed_in.post(
        reverse("day:add", args=["2026-11-23"]),
        {"food": str(kale.pk), "amount": amount, "unit": "g", "meal": "lunch"},
    )
    assert response.status_code == 200
    assert "digits 0–9" in response.content.decode()
    assert not Entry.objects.exists()


def test_non_ascii_digits_in_a_custom_food_get_a_message(signed_in):
    data = {"name": "Sauerkraut", "group": "", "value-k1": "١٠", **portions(1, grams="٥٠")}
    response = signed_in.post(reverse("myfoods:new-food"), data)
    assert response.status_code == 200
    assert response.content.decode().count("digits 0–9") == 2
    assert not Food.objects.filter(name="Sauerkraut").exists()


def portions(count, grams="50"):
    data = {
        "portions-TOTAL_FORMS": str(count),
        "portions-INITIAL_FORMS": "0",
        "portions-MIN_NUM_FORMS": "0",
        "portions-MAX_NUM_FORMS": "1000",
    }
    for i in range(count):
        data[f"portions-{i}-description"] = f"piece {i}"
        data[f"portions-{i}-grams"] = grams
    return data


def test_the_portion_formset_is_capped(signed_in):
    # The attack: three real rows, a management form claiming 100,000 (4.5 s per request).
    data = {"name": "Huge", "group": "", **portions(3), "portions-TOTAL_FORMS": "100000"}
    started = time.monotonic()
    response = signed_in.post(reverse("myfoods:new-food"), data)
    assert time.monotonic() - started < 2
    assert response.status_code == 200
    assert "Please submit at most 30 forms." in response.content.decode()
    assert not Food.objects.filter(name="Huge").exists()


def test_thirty_portions_are_still_fine(signed_in):
    response = signed_in.post(
        reverse("myfoods:new-food"), {"name": "Many", "group": "", **portions(30)}
    )
    assert response.status_code == 302
    assert Food.objects.get(name="Many").portions.count() == 30


@pytest.fixture
def admin_client_signed_in(client):
    admin = make_user("root")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/foods/food/abc/retire/",
        "/admin/foods/food/abc/history/",
        "/admin/foods/food/1x/history/",
        "/admin/foods/food/%D9%A1/history/",
        "/admin/foods/food/abc/change/",
        "/admin/foods/food/abc/delete/",
    ],
)
def test_non_numeric_admin_ids_are_404(admin_client_signed_in, url):
    # The admin's catch-all may first redirect ".../abc/retire/" to its change page: follow it.
    send = admin_client_signed_in.post if "retire" in url else admin_client_signed_in.get
    response = send(url, follow=True)
    assert response.status_code == 404


def test_nul_in_an_export_range_is_refused_not_a_file(signed_in):
    # Moved here from tests/integration: a NUL is now refused before any form sees it.
    response = signed_in.get("/diary/export/", {"from": "2026-11-01\x00", "to": "2026-11-02"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_nul_in_a_report_parameter_is_refused(signed_in):
    # Moved here from tests/integration (trend ?days=%00 used to fall back to 30 days).
    assert signed_in.get("/diary/trend/?days=%00").status_code == 400


@pytest.mark.parametrize(
    ("amount", "unit", "message"),
    [
        ("1000000", "unit", "Enter at most 100 capsules."),
        ("1e309", "unit", "is not an amount"),  # not a way people write amounts
        ("6000", "g", "Enter at most 5,000 g."),
    ],
)
def test_an_amount_message_names_the_unit_asked_for(signed_in, amount, unit, message):
    from tests.factories import make_supplement

    capsule = make_supplement()
    food = capsule if unit == "unit" else make_food("Kale", values={"k1": 389.6})
    response = signed_in.post(
        reverse("day:add", args=["2026-11-23"]),
        {"food": str(food.pk), "amount": amount, "unit": unit, "meal": "supplements"},
    )
    assert message in response.content.decode()
    assert "5,000 g" not in response.content.decode() or unit == "g"
    assert not Entry.objects.exists()


@pytest.mark.parametrize("zone", ["Factory", "localtime", "posix/Europe/Paris", "Mars/Olympus"])
def test_only_real_time_zones_are_accepted(signed_in, zone):
    data = {"life_stage": "woman", "age": "", "personal_target_ug": "", "time_zone": zone}
    response = signed_in.post(reverse("profile:edit"), {**data, "email": ""})
    assert response.status_code == 200
    assert "is not a known time zone" in response.content.decode()
