"""The diary on the full shipped catalogue."""

import datetime
import re

import pytest

from diary.models import Entry
from foods.models import Food
from tests.factories import day_begun, hx, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(client, catalogue):
    user = make_user()
    client.force_login(user)
    return user


def names(response):
    return re.findall(r'data-food-name="([^"]+)"', response.content.decode())


def test_search_finds_natto_first_and_kale_by_words(client, user):
    found = names(client.get("/diary/search/", {"q": "natto"}, headers=hx("food-options")))
    assert found and found[0].lower().startswith("natto")
    kale = names(client.get("/diary/search/", {"q": "kale raw"}))
    assert kale and all("kale" in n.lower() and "raw" in n.lower() for n in kale)


def test_food_box_ranks_like_the_catalogue_search(client, user):
    # "spinach raw" once offered "New Zealand spinach, raw" first: commas were not ignored.
    found = names(client.get("/diary/search/", {"q": "spinach raw"}, headers=hx("food-options")))
    assert found[0] == "Spinach, raw"
    found = names(client.get("/diary/search/", {"q": "egg yolk"}, headers=hx("food-options")))
    assert found[0].startswith(("Egg, yolk", "Egg yolk"))


def test_supplements_log_in_their_unit(client, user):
    capsule = Food.objects.filter(owner__isnull=True).exclude(dose_unit="").first()
    assert capsule is not None
    response = client.post(
        "/diary/2026-11-23/add/",
        {"food": capsule.pk, "amount": "1", "unit": "unit", "meal": "supplements"},
    )
    assert response.status_code == 302
    assert Entry.objects.get().grams is None


def test_suggestions_on_the_real_catalogue(client, user, django_assert_max_num_queries):
    day_begun(client)  # the day's first request also fills in automatic doses
    with django_assert_max_num_queries(13):
        html = client.get("/diary/2026-11-23/").content.decode()
    section = html.split("To reach your 90 µg with K1-rich foods")[1].split("</ul>")[0]
    assert section.count("<li>") == 3
    assert "would add" in section
    # Each closes the 90 µg gap (nothing logged yet) without piling on many times more.
    added = [
        float(x.replace(",", "")) for x in re.findall(r"would add ([\d,.]+) µg of K1", section)
    ]
    assert len(added) == 3 and all(90 <= ug <= 180 for ug in added), added


def test_yesterday_copy_on_real_foods(client, user):
    natto = Food.objects.filter(search_name__startswith="natto", owner__isnull=True).first()
    Entry.objects.create(
        user=user,
        day=datetime.date(2026, 11, 22),
        meal="breakfast",
        food=natto,
        quantity=100,
        grams=100,
    )
    client.post("/diary/2026-11-23/copy/", {"source": "2026-11-22", "meal": ""})
    assert Entry.objects.on(datetime.date(2026, 11, 23)).get().food == natto
