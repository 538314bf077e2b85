"""Bad input gets a field message and saves nothing; another user's things answer 404."""

import datetime
import re
from decimal import Decimal

import pytest

from diary.models import Entry, Meal
from tests.factories import hx, make_entry, make_food, make_kale, make_supplement, make_user

# user (signed in on `client`) and natto: tests/integration/conftest.py
pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 23)
ADD_URL = "/diary/2026-11-23/add/"
NEXT_YEAR = datetime.date.today().year + 1


def errors(response):
    return re.findall(r'<ul class="errorlist"[^>]*>\s*<li>([^<]+)</li>', response.content.decode())


HELP = "Enter a number such as 1.5, 1,5, ½, 1 ½ or 1 1/2."
BAD_AMOUNTS = [
    ("0", "Enter an amount above 0."),
    ("-5", "Enter an amount above 0."),
    ("5000.001", "Enter at most 5,000 g."),
    ("abc", f"&quot;abc&quot; is not an amount. {HELP}"),
    ("NaN", f"&quot;NaN&quot; is not an amount. {HELP}"),
    ("Infinity", f"&quot;Infinity&quot; is not an amount. {HELP}"),
    ("-inf", f"&quot;-inf&quot; is not an amount. {HELP}"),
    ("1e309", f"&quot;1e309&quot; is not an amount. {HELP}"),
    ("1" * 50, HELP),
    ("", "Enter an amount."),
    ("١٠٠", f"Use the digits 0–9. {HELP}"),  # Arabic-Indic digits
    ("２０", f"Use the digits 0–9. {HELP}"),  # fullwidth digits
    (
        "1,000",
        "&quot;1,000&quot; could mean 1000 or 1.000: write it without the comma, or with a point.",
    ),
]


@pytest.mark.parametrize(
    ("amount", "unit", "grams"),
    [
        ("1.5", "g", "1.5"),
        ("1,5", "g", "1.5"),
        ("½", "g", "0.5"),
        ("1 ½", "g", "1.5"),
        ("1 1/2", "g", "1.5"),
        ("2", "oz", "56.699"),  # 2 × 28.349523125 g
        ("1", "lb", "453.592"),
        ("0.1", "kg", "100"),
    ],
)
def test_amounts_as_people_write_them_and_other_units(client, user, natto, amount, unit, grams):
    data = {"food": natto.pk, "amount": amount, "unit": unit, "meal": "breakfast"}
    response = client.post(ADD_URL, data, headers=hx("add-entry"))
    assert errors(response) == []
    assert Entry.objects.get().grams == Decimal(grams)


def test_a_volume_needs_a_portion_that_gives_the_density(client, user):
    milk = make_food("Milk, whole", values={"k1": "0.3"}, portions=[("cup", 244)])
    kale = make_kale()  # "cup, chopped": packing varies, so no density
    data = {"food": milk.pk, "amount": "100", "unit": "ml", "meal": "breakfast"}
    client.post(ADD_URL, data, headers=hx("add-entry"))
    assert Entry.objects.get().grams == Decimal("103.133")  # 244 g / 236.588 ml × 100 ml
    response = client.post(ADD_URL, {**data, "food": kale.pk}, headers=hx("add-entry"))
    assert errors(response) == [
        "This food has no portion that gives its weight per ml: enter grams, ounces or one of "
        "its household portions."
    ]
    assert Entry.objects.count() == 1


@pytest.mark.parametrize("headers", [{}, hx("add-entry")], ids=["no-js", "htmx"])
@pytest.mark.parametrize(("amount", "message"), BAD_AMOUNTS)
def test_bad_amounts(client, user, natto, amount, message, headers):
    data = {"food": natto.pk, "amount": amount, "unit": "g", "meal": "breakfast"}
    response = client.post(ADD_URL, data, headers=headers)
    assert response.status_code == 200
    assert errors(response) == [message]
    assert 'id="add-form"' in response.content.decode()  # the form is back, still usable
    assert not Entry.objects.exists()


def test_units_and_portions_have_their_own_limits(client, user, natto):
    cup = natto.portions.get()
    capsule = make_supplement()
    cases = [
        ({"food": natto.pk, "amount": "101", "unit": cup.pk}, "Enter at most 100 portions."),
        (
            {"food": natto.pk, "amount": "30", "unit": cup.pk},
            "That is 5,250 g; enter at most 5,000 g.",
        ),
        ({"food": capsule.pk, "amount": "101", "unit": "unit"}, "Enter at most 100 capsules."),
        (
            {"food": capsule.pk, "amount": "1", "unit": "g"},
            "This supplement is logged in capsules.",
        ),
        ({"food": natto.pk, "amount": "1", "unit": "unit"}, "Choose a unit of this food."),
        (
            {"food": natto.pk, "amount": "1", "unit": make_kale().portions.get().pk},
            "Choose a unit of this food.",
        ),
        (
            {"food": natto.pk, "amount": "1", "unit": "99999999999999999999"},
            "Choose a unit of this food.",
        ),
    ]
    for data, message in cases:
        response = client.post(ADD_URL, {**data, "meal": "lunch"}, headers=hx("add-entry"))
        assert response.status_code == 200
        assert errors(response) == [message], data
    assert not Entry.objects.exists()


def test_bad_foods(client, user):
    other = make_user()
    theirs = make_food("Their secret food", owner=other, values={"k1": 1})
    retired = make_food("Retired food", retired=True)
    for food in ["", "abc", "999999", "1e3", "-1", "9" * 40, theirs.pk, retired.pk]:
        data = {"food": food, "amount": "10", "unit": "g", "meal": "lunch"}
        response = client.post(ADD_URL, data, headers=hx("add-entry"))
        assert response.status_code == 200
        message = errors(response)
        assert message in (
            ["Choose a food from the list."],
            ["That food is not available; choose one from the list."],
        ), food
    assert not Entry.objects.exists()


def test_unknown_meal(client, user, natto):
    data = {"food": natto.pk, "amount": "10", "unit": "g", "meal": "elevenses"}
    response = client.post(ADD_URL, data)
    assert errors(response) == ["Choose a meal from the list."]
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    "day", ["2026-02-30", "1899-12-31", f"{NEXT_YEAR + 1}-01-01", "0000-01-01", "9999-99-99"]
)
def test_impossible_or_out_of_range_days_are_404_not_500(client, user, natto, day):
    assert client.get(f"/diary/{day}/").status_code == 404
    data = {"food": natto.pk, "amount": "10", "unit": "g", "meal": "lunch"}
    assert client.post(f"/diary/{day}/add/", data).status_code == 404
    assert client.post(f"/diary/{day}/copy/", {"source": "2026-11-01"}).status_code == 404
    assert not Entry.objects.exists()


def test_the_last_and_first_days_are_accepted_without_links_beyond(client, user):
    first = client.get("/diary/1900-01-01/").content.decode()
    assert "/diary/1899-12-31/" not in first and "/diary/1900-01-02/" in first
    last = client.get(f"/diary/{NEXT_YEAR}-12-31/").content.decode()
    assert f"/diary/{NEXT_YEAR + 1}-01-01/" not in last and f"/diary/{NEXT_YEAR}-12-30/" in last


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yesterday", "Enter a date as YYYY-MM-DD."),
        ("2026-13-01", "Enter a date as YYYY-MM-DD."),
        ("99999-01-01", "Enter a date as YYYY-MM-DD."),
        ("1899-12-31", "Choose a date from 1900 on."),
        (f"{NEXT_YEAR + 1}-01-01", f"Choose a date up to the end of {NEXT_YEAR}."),
    ],
)
def test_bad_dates_in_the_date_fields(client, user, value, message):
    response = client.get("/diary/", {"date": value})
    assert response.status_code == 200 and errors(response) == [message]
    response = client.post(
        "/diary/2026-11-23/copy/", {"source": value, "meal": ""}, headers=hx("copy-panel")
    )
    assert response.status_code == 200 and errors(response) == [message]


def test_copy_rejects_the_same_day_and_unknown_meals(client, user):
    response = client.post("/diary/2026-11-23/copy/", {"source": "2026-11-23", "meal": ""})
    assert errors(response) == ["Choose another day to copy from."]
    response = client.post("/diary/2026-11-23/copy/", {"source": "2026-11-22", "meal": "brunch"})
    assert errors(response) == ["Choose a meal from the list."]


def test_bad_edit_keeps_the_entry_and_shows_the_message(client, user, natto):
    entry = make_entry(user, natto, grams=100)
    url = f"/diary/entries/{entry.pk}/"
    for data, message in [
        (
            {"amount": "NaN", "unit": "g", "meal": "lunch"},
            f"&quot;NaN&quot; is not an amount. {HELP}",
        ),
        ({"amount": "6000", "unit": "g", "meal": "lunch"}, "Enter at most 5,000 g."),
        ({"amount": "1", "unit": "g", "meal": "tea"}, "Choose a meal from the list."),
        (
            {"amount": "1", "unit": make_kale().portions.get().pk, "meal": "lunch"},
            "Choose a unit of this food.",
        ),
    ]:
        for headers in ({}, hx("meals")):
            response = client.post(url, data, headers=headers)
            assert response.status_code == 200
            assert errors(response) == [message]
            assert f'id="amount-{entry.pk}"' in response.content.decode()
    entry.refresh_from_db()
    assert (entry.grams, entry.meal) == (100, Meal.BREAKFAST)


def test_nothing_of_another_user_can_be_read_or_changed(client, user, natto):
    other = make_user()
    theirs = make_entry(other, natto, grams=70, meal=Meal.DINNER)
    their_food = make_food("Their kale chips", owner=other, values={"k1": 300})
    mine = make_food("My kale chips", owner=user, values={"k1": 300})

    # Their entry is not on my day, and every write to it is 404.
    html = client.get("/diary/2026-11-23/").content.decode()
    assert "Natto" not in html.split('id="meals"')[1].split("</div>")[0]
    edit = {"amount": "1", "unit": "g", "meal": "lunch"}
    # An edit of it answers as for an entry that is gone: nothing is said about theirs.
    response = client.post(f"/diary/entries/{theirs.pk}/", edit)
    assert response.status_code == 302 and response.url == "/diary/"
    response = client.post(f"/diary/entries/{theirs.pk}/", edit, headers=hx("meals"))
    assert "no longer there" in response.content.decode()
    assert "Natto" not in response.content.decode().split('id="meals"')[1].split("</div>")[0]
    assert client.post(f"/diary/entries/{theirs.pk}/delete/").status_code == 404
    assert client.get(f"/diary/entries/{theirs.pk}/").status_code == 404
    assert (
        client.get(f"/diary/entries/{theirs.pk}/", headers=hx(f"entry-{theirs.pk}")).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.grams == 70 and theirs.meal == Meal.DINNER

    # Their undo token does not work for me.
    client.force_login(other)
    response = client.post(f"/diary/entries/{theirs.pk}/delete/", headers=hx(f"entry-{theirs.pk}"))
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    client.force_login(user)
    assert client.post("/diary/undo/", {"token": token}).status_code == 404
    assert not Entry.objects.exists()
    client.force_login(other)
    client.post("/diary/undo/", {"token": token})
    assert Entry.objects.get().user == other
    client.force_login(user)

    # Their custom food is not found, offered, previewed or given units; mine is.
    search = client.get("/diary/search/", {"q": "kale chips"}).content.decode()
    assert "My kale chips" in search and "Their kale chips" not in search
    units = client.get("/diary/units/", {"food": their_food.pk}).content.decode()
    assert "dose (supplements" in units  # the no-food default, nothing of theirs
    preview = client.get(
        "/diary/preview/", {"food": their_food.pk, "amount": "10", "unit": "g", "meal": "lunch"}
    )
    assert "This adds" not in preview.content.decode()
    assert (
        "Their kale chips"
        not in client.get("/diary/2026-11-23/", {"food": their_food.pk}).content.decode()
    )
    response = client.post(ADD_URL, {"food": mine.pk, "amount": "10", "unit": "g", "meal": "lunch"})
    assert response.status_code == 302

    # Copying their day copies nothing of theirs.
    response = client.post(
        "/diary/2026-11-24/copy/", {"source": "2026-11-23", "meal": ""}, headers=hx("copy-panel")
    )
    assert "Copied 1 entry" in response.content.decode()
    assert set(Entry.objects.filter(user=user).values_list("food__name", flat=True)) == {
        "My kale chips"
    }
    assert Entry.objects.filter(user=other).count() == 1


def test_entry_model_validation_is_shared_with_the_admin(natto):
    user, other = make_user(), make_user()
    theirs = make_food("Theirs", owner=other)
    capsule = make_supplement()
    kale_cup = make_kale().portions.get()
    from django.core.exceptions import ValidationError

    def fails(**fields):
        entry = Entry(
            **{"user": user, "day": DAY, "meal": "lunch", "quantity": 1, "grams": 1, **fields}
        )
        with pytest.raises(ValidationError):
            entry.full_clean()

    fails(food=theirs)
    fails(food=natto, portion=kale_cup)
    fails(food=capsule)  # a supplement has no grams
    fails(food=natto, day=datetime.date(1899, 1, 1))
    Entry(user=user, day=DAY, meal="lunch", food=natto, quantity=1, grams=1).full_clean()
