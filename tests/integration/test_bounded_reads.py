"""Per-person reads stay bounded as a diary grows: the export streams in a fixed
number of queries, recent foods read only their window."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diary.day import selectors as day_selectors
from diary.models import Entry, Meal
from tests.factories import (
    day_begun,
    make_entry,
    make_food,
    make_kale,
    make_natto,
    make_supplement,
)

# fixed_now, user and client_in: tests/integration/conftest.py
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]

FIRST, LAST = datetime.date(2026, 1, 1), datetime.date(2026, 11, 30)


def export(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/diary/export/", {"from": FIRST, "to": LAST})
        body = response.getvalue().decode()
    return response, body, len(queries)


def test_export_streams_in_the_same_queries_for_one_or_many_entries(client_in, user):
    day_begun(client_in)  # the day's first request also fills in automatic doses
    response, body, none = export(client_in)
    assert response.streaming and body.count("\n") == 1  # the header alone
    assert none <= 3  # no entries: no foods to read
    kale = make_kale()
    make_entry(user, kale, grams=50, day=FIRST)
    one = export(client_in)[2]
    foods = [make_natto(), kale, make_supplement()]
    foods += [make_food(f"Food {i}", values={"k1": i + 1}) for i in range(10)]
    for i in range(120):
        day = FIRST + datetime.timedelta(days=i * 2)
        food = foods[i % len(foods)]
        if food.is_supplement:
            Entry.objects.create(
                user=user, food=food, day=day, meal=Meal.SUPPLEMENTS, quantity=1, grams=None
            )
        else:
            make_entry(user, food, grams=10 + i, day=day)
    response, body, many = export(client_in)
    assert body.count("\n") == 122
    assert many == one
    # Session, user, the entries, their foods' values, and their foods' calcium and vitamin D
    # (these entries were made without the values kept when logging).
    assert many <= 5


def test_recent_foods_read_a_window_and_the_shown_foods_only(user):
    kale = make_kale()
    make_entry(user, kale, grams=50, day=FIRST)
    with CaptureQueriesContext(connection) as one:
        assert [u.food.name for u in day_selectors.food_list_recent(user=user)] == ["Kale, raw"]
    foods = [make_food(f"Food {i}", values={"k1": 1}) for i in range(20)]
    for i in range(300):
        make_entry(user, foods[i % 20], grams=10, day=FIRST + datetime.timedelta(days=i % 200))
    with CaptureQueriesContext(connection) as many:
        recent = day_selectors.food_list_recent(user=user)
    assert len(one) == len(many) == 2  # the window's ids, then the entries shown, with foods
    assert len(recent) == day_selectors.RECENT_LIMIT
    # Newest first: the last entries made were of Food 19, 18, ...
    assert [u.food.name for u in recent[:3]] == ["Food 19", "Food 18", "Food 17"]
    # Whole entries are read for the foods shown, not for every entry of the window.
    shown_sql = many.captured_queries[1]["sql"]
    ids = shown_sql.split(" IN (")[1].split(")")[0].split(",")
    assert len(ids) == day_selectors.RECENT_LIMIT
