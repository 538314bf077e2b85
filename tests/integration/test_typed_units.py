"""An amount typed in ounces, pounds or a cup reads as typed wherever the entry shows (the row,
its edit form, the one-click adds, the CSV), beside the grams it was counted by."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest

from diary.models import Entry
from tests.factories import hx, make_food

# user (signed in on `client`) and natto: tests/integration/conftest.py
pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 23)
DAY_URL = "/diary/2026-11-23/"
ADD_URL = "/diary/2026-11-23/add/"


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def row_of(html, entry):
    return html.split(f'<li id="entry-{entry.pk}" class="entry">')[1].split("</li>")[0]


def test_ounces_stay_ounces_through_the_day(client, user, natto):
    response = client.post(
        ADD_URL,
        {"food": natto.pk, "amount": "8", "unit": "oz", "meal": "lunch"},
        headers=hx("add-entry"),
    )
    assert "Added 8 oz of Natto to lunch." in text(response)
    entry = Entry.objects.get()
    # Counted by its grams (8 × 28.349523125), shown as typed: it read "226.796 g" before.
    assert (entry.quantity, entry.unit, entry.grams) == (8, "oz", Decimal("226.796"))
    page = text(client.get(DAY_URL))
    assert "8 oz" in row_of(page, entry)

    # The row's form opens on the unit and amount typed.
    form = text(client.get(f"/diary/entries/{entry.pk}/", headers=hx(f"entry-{entry.pk}")))
    assert '<option value="oz" selected>' in form and 'value="8"' in form

    # Recent foods add the same again in one click, in ounces.
    quick = re.search(rf'name="food" value="{natto.pk}">(.*?)</form>', page).group(1)
    assert 'name="amount" value="8"' in quick and 'name="unit" value="oz"' in quick
    assert "Natto · 8 oz" in page

    # Changed to pounds: shown in pounds, counted by the new grams.
    response = client.post(
        f"/diary/entries/{entry.pk}/",
        {"amount": "2", "unit": "lb", "meal": "lunch"},
        headers=hx("meals"),
    )
    assert "2 lb" in text(response)
    entry.refresh_from_db()
    assert (entry.quantity, entry.unit, entry.grams) == (2, "lb", Decimal("907.185"))

    # Back to grams: the unit goes.
    client.post(f"/diary/entries/{entry.pk}/", {"amount": "50", "unit": "g", "meal": "lunch"})
    entry.refresh_from_db()
    assert (entry.quantity, entry.unit, entry.grams) == (50, "", 50)


def test_a_cup_of_milk_is_a_cup_after_undo_copy_and_in_the_csv(client, user):
    milk = make_food("Milk, whole", values={"k1": "0.3"}, portions=[("cup", 244)])
    client.post(ADD_URL, {"food": milk.pk, "amount": "1.5", "unit": "cup", "meal": "breakfast"})
    entry = Entry.objects.get()
    assert (entry.quantity, entry.unit, entry.grams) == (Decimal("1.5"), "cup", 366)
    assert "1.5 cup" in row_of(text(client.get(DAY_URL)), entry)

    deleted = client.post(f"/diary/entries/{entry.pk}/delete/", headers=hx(f"entry-{entry.pk}"))
    token = re.search(r'name="token" value="([^"]+)"', deleted.content.decode()).group(1)
    client.post("/diary/undo/", {"token": token}, headers=hx("meals"))
    assert Entry.objects.get().unit == "cup"

    client.post("/diary/2026-11-24/copy/", {"source": DAY.isoformat(), "meal": ""})
    copy = Entry.objects.get(day=DAY + datetime.timedelta(days=1))
    assert (copy.quantity, copy.unit, copy.grams) == (Decimal("1.5"), "cup", 366)

    response = client.get("/diary/export/?from=2026-11-23&to=2026-11-24")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert [(r["amount"], r["unit"], r["grams"]) for r in rows] == [("1.5", "cup", "366")] * 2
