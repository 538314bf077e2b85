"""The diary page and its htmx fragments, with and without JavaScript."""

import datetime
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from diary.models import Entry, Favourite, Meal
from tests.factories import (
    day_begun,
    hx,
    make_entry,
    make_food,
    make_kale,
    make_natto,
    make_supplement,
    make_user,
)

# user (signed in on `client`) and natto: tests/integration/conftest.py
pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 23)
DAY_URL = "/diary/2026-11-23/"
ADD_URL = "/diary/2026-11-23/add/"


def out_of_band(response):
    """Ids of the panels an htmx answer swaps out of band (beside its target)."""
    return set(re.findall(r'id="([\w-]+)"[^>]*hx-swap-oob="true"', response.content.decode()))


# The favourites panel comes too only when the changed food is a favourite, or after a copy
# (tests/integration/test_diary_favourites.py).
INTAKE_PANELS = {"day-strip", "summary", "recent"}


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_anonymous_users_go_to_login(client, natto):
    for url in [
        "/diary/",
        DAY_URL,
        "/diary/search/?q=natto",
        "/diary/units/?food=1",
        "/diary/preview/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    for url in [ADD_URL, "/diary/entries/1/", "/diary/entries/1/delete/", "/diary/undo/"]:
        response = client.post(url, {"food": natto.pk, "amount": "1"})
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    assert not Entry.objects.exists()


def test_day_lists_meals_entries_and_totals(client, user, natto):
    rice = make_food("Rice, white", values={})
    make_entry(user, natto, grams=100)
    make_entry(user, rice, grams=200, meal=Meal.LUNCH)
    response = client.get(DAY_URL)
    assert response.status_code == 200
    html = text(response)
    for heading in ["Breakfast", "Lunch", "Dinner", "Snacks", "Supplements"]:
        assert f"<span>{heading}</span>" in html
    # Each entry is one read-only row that opens its edit form.
    assert html.count('class="entry-open"') == 2
    assert '<dd id="day-k1">23.1 µg</dd>' in html
    assert '<dd id="day-k2">939 µg</dd>' in html
    assert '<strong id="day-total">962.1 µg</strong>' in html
    # Rice has no data: shown as such, not as 0, and coverage says so.
    assert '<span data-k1>K1 <span class="no-data">no data</span></span>' in html
    # Per form: natto has K1 and MK-7 values only, so its 100 g count for K1 and MK-7 but not
    # for K2 as a whole (its MK-4 and other MK-n are unknown); rice has nothing.
    assert "Of the 300 g of food logged, the share with data for each form" in html
    coverage = html.split('class="coverage-list">')[1].split("</ul>")[0]
    assert "<li>K1: 33%</li>" in coverage and "<li>MK-7: 33%</li>" in coverage
    assert "<li>MK-4: 0%</li>" in coverage and "<li>K2 as a whole: 0%</li>" in coverage
    assert "Top sources" in html and "Natto: 962.1 µg" in html
    assert 'href="/diary/2026-11-22/"' in html and 'href="/diary/2026-11-24/"' in html
    assert 'href="/diary/week/"' in html and ">Week</a>" in html


def test_add_form_has_the_labels_and_button(client, user):
    html = text(client.get(DAY_URL))
    for label, field in [
        ("Food", "food-search"),
        ("Amount", "id_amount"),
        ("Unit", "id_unit"),
        ("Meal", "id_meal"),
    ]:
        assert f'<label for="{field}">{label}</label>' in html
    assert '<button type="submit">Add</button>' in html
    assert 'role="combobox"' in html and 'role="listbox"' in html
    assert 'style="' not in html  # CSP: no inline styles
    assert "<script>" not in html


def test_today_is_the_users_local_date(client):
    user = make_user(time_zone="Pacific/Auckland")
    client.force_login(user)
    natto = make_natto()
    # 23:30 in Auckland (NZDT, UTC+13) on 23 November is 10:30 UTC the same day...
    late = datetime.datetime(2026, 11, 23, 10, 30, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=late):
        html = text(client.get("/diary/"))
        assert "Today, Monday 23 November 2026" in html
        assert 'action="/diary/2026-11-23/add/"' in html
        client.post(
            "/diary/2026-11-23/add/",
            {"food": natto.pk, "amount": "100", "unit": "g", "meal": "snacks"},
        )
    assert Entry.objects.get().day == datetime.date(2026, 11, 23)
    # ...and 00:30 on the 24th in Auckland is still the 23rd in UTC: the diary follows Auckland.
    early = datetime.datetime(2026, 11, 23, 11, 30, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=early):
        assert "Today, Tuesday 24 November 2026" in text(client.get("/diary/"))
    utc_user = make_user()
    client.force_login(utc_user)
    with mock.patch("django.utils.timezone.now", return_value=early):
        assert "Today, Monday 23 November 2026" in text(client.get("/diary/"))


def test_add_without_javascript_redirects_to_the_day(client, user, natto):
    response = client.post(
        ADD_URL, {"food": natto.pk, "q": "nat", "amount": "100", "unit": "g", "meal": "breakfast"}
    )
    assert response.status_code == 302 and response.url == DAY_URL
    entry = Entry.objects.get()
    assert (entry.user, entry.day, entry.meal, entry.food) == (user, DAY, "breakfast", natto)
    assert entry.quantity == 100 and entry.grams == 100 and entry.portion is None
    page = client.get(DAY_URL)
    assert "Added 100 g of Natto to breakfast." in text(page)


def test_add_with_htmx_returns_the_form_and_tells_the_panels(client, user, natto):
    response = client.post(
        ADD_URL,
        {"food": natto.pk, "amount": "50", "unit": "g", "meal": "dinner"},
        headers=hx("add-entry"),
    )
    assert response.status_code == 200
    html = text(response)
    assert html.lstrip().startswith('<section id="add-entry"')
    assert "Added 50 g of Natto to dinner." in html
    assert '<option value="dinner" selected>' in html  # the next food goes to the same meal
    # One answer carries every panel the add changed: no follow-up requests.
    assert out_of_band(response) == {"meal-total-dinner", *INTAKE_PANELS}
    assert "Natto" in html.split('hx-swap-oob="beforeend:#entries-dinner"')[1]
    assert Entry.objects.get().grams == 50


def test_add_a_portion_stores_its_grams(client, user, natto):
    cup = natto.portions.get()
    client.post(ADD_URL, {"food": natto.pk, "amount": "0.5", "unit": cup.pk, "meal": "lunch"})
    entry = Entry.objects.get()
    assert entry.portion == cup and entry.quantity == Decimal("0.5")
    assert entry.grams == Decimal("87.5")


def test_an_amount_that_weighs_nothing_is_refused_clearly(client, user):
    """0.001 of a 0.1 g dash is 0.0001 g, stored to the thousandth as 0: the person was told
    'Constraint “entry_grams_in_range” is violated.' Now a field error says what to do."""
    pepper = make_food("Pepper, black", values={"k1": 163.7}, portions=[("dash", "0.1")])
    dash = pepper.portions.get()
    tiny = {"food": pepper.pk, "amount": "0.001", "unit": dash.pk, "meal": "lunch"}
    response = client.post(ADD_URL, tiny, headers=hx("add-entry"))
    assert response.status_code == 200
    assert "That weighs less than 0.001 g: enter a larger amount." in text(response)
    assert "Constraint" not in text(response)
    assert not Entry.objects.exists()
    entry = make_entry(user, pepper, grams=1)
    edit = {"amount": "0.001", "unit": dash.pk, "meal": "lunch"}
    response = client.post(f"/diary/entries/{entry.pk}/", edit, headers=hx("meals"))
    assert "That weighs less than 0.001 g: enter a larger amount." in text(response)
    entry.refresh_from_db()
    assert entry.grams == 1


def test_an_add_or_a_change_asks_the_database_no_constraint(client, user, natto):
    """The check constraints' rules are Entry.clean's: an add or a change does not ask the
    database them again (a query each), nor whether the food it just read exists."""
    with CaptureQueriesContext(connection) as added:
        client.post(ADD_URL, {"food": natto.pk, "amount": "50", "unit": "g", "meal": "lunch"})
    entry = Entry.objects.get()
    assert entry.grams == 50
    with CaptureQueriesContext(connection) as changed:
        client.post(f"/diary/entries/{entry.pk}/", {"amount": "60", "unit": "g", "meal": "lunch"})
    entry.refresh_from_db()
    assert entry.grams == 60
    for queries in (added, changed):
        sql = [q["sql"] for q in queries.captured_queries]
        assert not [q for q in sql if '"_check"' in q]
        # Nor whether the user, food or portion it just read exist.
        assert not [q for q in sql if q.startswith('SELECT 1 AS "a"')]


def test_add_a_supplement_in_its_unit(client, user):
    capsule = make_supplement()
    client.post(ADD_URL, {"food": capsule.pk, "amount": "2", "unit": "unit", "meal": "supplements"})
    entry = Entry.objects.get()
    assert entry.grams is None and entry.quantity == 2
    html = text(client.get(DAY_URL))
    assert '<dd id="day-k2">200 µg</dd>' in html


def test_vka_note_when_a_supplement_is_logged(client):
    user = make_user(takes_vka=True)
    client.force_login(user)
    make_entry(user, make_natto(), grams=20)
    html = text(client.get(DAY_URL))
    assert "steady intake from day to day" in html
    assert "To reach your target" not in html
    assert 'aria-label="Note for people taking warfarin"' not in html
    capsule = make_supplement()
    Entry.objects.create(
        user=user, day=DAY, meal="supplements", food=capsule, quantity=1, grams=None
    )
    html = text(client.get(DAY_URL))
    assert 'aria-label="Note for people taking warfarin"' in html


def test_no_warning_about_too_much(client, user, natto):
    make_entry(user, natto, grams=500)
    html = text(client.get(DAY_URL))
    assert "No upper limit has been set for vitamin K" in html
    assert "too much" not in html.lower()


def test_suggestions_close_the_gap_from_recent_and_catalogue(client, user, natto):
    kale = make_kale()
    make_entry(user, natto, grams=1, day=DAY - datetime.timedelta(days=3))
    html = text(client.get(DAY_URL))
    # Nothing logged this day: the whole 90 µg is to go (the day is placed by its total),
    # closed with K1-rich foods.
    assert "To reach your 90 µg with K1-rich foods" in html
    # Natto has 23.1 µg K1/100 g: 90 µg takes 389.6 g, so 2.5 cups of 175 g (437.5 g).
    assert "2.5 × 1 cup of" in html and "would add 101.1 µg of K1" in html
    assert f"?food={natto.pk}&amp;amount=2.5&amp;unit={natto.portions.get().pk}#add-entry" in html
    # Kale: 90 / 389.6 * 100 = 23.1 g, half a cup of 67 g.
    assert "0.5 × 1 cup, chopped of" in html and kale.get_absolute_url() in html
    assert "would add 130.5 µg of K1" in html


def test_preview_shows_what_the_amount_adds(client, user, natto):
    response = client.get(
        "/diary/preview/",
        {"food": natto.pk, "amount": "10", "unit": "g", "meal": "snacks"},
        headers=hx("add-preview"),
    )
    assert "This adds K1 2.3 µg, K2 93.9 µg: total <strong>96.2 µg</strong>." in text(response)
    empty = client.get("/diary/preview/", {"food": natto.pk, "amount": "-1", "meal": "snacks"})
    assert empty.status_code == 200 and "This adds" not in text(empty)


def test_units_lists_portions_or_the_supplement_unit(client, user, natto):
    html = text(client.get("/diary/units/", {"food": natto.pk}, headers=hx("unit-field")))
    assert '<option value="g" selected>g</option>' in html
    assert f'<option value="{natto.portions.get().pk}">1 cup (175 g)</option>' in html
    capsule = make_supplement()
    response = client.get("/diary/units/", {"food": capsule.pk}, headers=hx("unit-field"))
    assert '<option value="unit" selected>capsule</option>' in text(response)
    assert "units-loaded" in response.headers["HX-Trigger-After-Settle"]


def test_search_ranks_prefix_matches_first_and_skips_retired(client, user):
    make_food("Soybeans, natto style")
    make_natto()
    make_food("Natto, retired", retired=True)
    make_food("Crème fraîche")
    html = text(client.get("/diary/search/", {"q": "NATTO"}, headers=hx("food-options")))
    names = re.findall(r'data-food-name="([^"]+)"', html)
    assert names == ["Natto", "Soybeans, natto style"]
    html = text(client.get("/diary/search/", {"q": "creme"}))
    assert re.findall(r'data-food-name="([^"]+)"', html) == ["Crème fraîche"]
    assert "No food matches" in text(client.get("/diary/search/", {"q": "zzzz"}))
    assert 'role="listbox"' in text(client.get("/diary/search/", {"q": ""}))


def test_no_js_search_offers_explicit_choices(client, user, natto):
    html = text(client.get(DAY_URL, {"q": "natt"}))
    assert "<legend>Choose a food</legend>" in html
    assert f'<input type="radio" name="food" value="{natto.pk}" checked> Natto' in html
    prefilled = text(client.get(DAY_URL, {"food": natto.pk, "amount": "0.5", "unit": "x"}))
    assert f'id="food-id" value="{natto.pk}"' in prefilled
    assert "1 cup (175 g)" in prefilled


def test_edit_with_htmx_and_without(client, user, natto):
    entry = make_entry(user, natto, grams=100)
    url = f"/diary/entries/{entry.pk}/"
    response = client.post(
        url, {"amount": "50", "unit": "g", "meal": "breakfast"}, headers=hx("meals")
    )
    assert response.status_code == 200
    assert text(response).lstrip().startswith('<div id="meals"')
    assert out_of_band(response) == INTAKE_PANELS
    entry.refresh_from_db()
    assert entry.grams == 50 and entry.quantity == 50
    cup = natto.portions.get()
    response = client.post(url, {"amount": "1", "unit": cup.pk, "meal": "dinner"})
    assert response.status_code == 302 and response.url == DAY_URL
    entry.refresh_from_db()
    assert (entry.meal, entry.portion, entry.grams) == ("dinner", cup, 175)
    html = text(client.get(DAY_URL))
    # 1 cup = 175 g of 939 µg/100 g = 1,643.25 µg: rounded half up, as on every page.
    assert '<dd id="day-k2">1,643.3 µg</dd>' in html


def test_delete_and_undo_with_htmx(client, user, natto):
    entry = make_entry(user, natto, grams=100, meal=Meal.LUNCH)
    response = client.post(f"/diary/entries/{entry.pk}/delete/", headers=hx(f"entry-{entry.pk}"))
    assert response.status_code == 200
    html = text(response)
    assert "Deleted Natto." in html and "data-undo" in html and ">Undo</button>" in html
    # The lunch total goes too, beside the panels that count the day.
    assert out_of_band(response) == {"meal-total-lunch", *INTAKE_PANELS}
    assert "Nothing logged" in html.split('id="summary"')[1]  # the summary no longer counts it
    assert not Entry.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = client.post("/diary/undo/", {"token": token}, headers=hx("meals"))
    assert response.status_code == 200 and out_of_band(response) == INTAKE_PANELS
    restored = Entry.objects.get()
    assert (restored.pk, restored.meal, restored.grams, restored.day) == (
        entry.pk,
        "lunch",
        100,
        DAY,
    )
    assert restored.created_at == entry.created_at
    client.post("/diary/undo/", {"token": token}, headers=hx("meals"))  # a second click
    assert Entry.objects.count() == 1


def test_delete_and_undo_without_javascript(client, user, natto):
    entry = make_entry(user, natto, grams=100)
    response = client.post(f"/diary/entries/{entry.pk}/delete/")
    assert response.status_code == 302 and response.url == DAY_URL  # no token in the address
    html = text(client.get(response.url))
    assert "Deleted Natto." in html and ">Undo</button>" in html
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = client.post("/diary/undo/", {"token": token})
    assert response.status_code == 302 and response.url == DAY_URL
    assert Entry.objects.get().food == natto
    assert "Restored Natto." in text(client.get(DAY_URL))


def test_undo_with_a_forged_token_is_404(client, user):
    assert client.post("/diary/undo/", {"token": "forged"}).status_code == 404
    assert client.post("/diary/undo/", {}).status_code == 404


def test_copy_a_meal_and_a_whole_day(client, user, natto):
    kale = make_kale()
    source = DAY - datetime.timedelta(days=1)
    make_entry(user, natto, grams=40, day=source, meal=Meal.BREAKFAST)
    make_entry(user, kale, grams=67, day=source, meal=Meal.DINNER)
    response = client.post(
        "/diary/2026-11-23/copy/",
        {"source": source.isoformat(), "meal": "breakfast"},
        headers=hx("copy-panel"),
    )
    assert response.status_code == 200
    assert "Copied 1 entry (breakfast) from Sunday 22 November 2026." in text(response)
    assert out_of_band(response) == {"meals", "favourites", *INTAKE_PANELS}
    whole_day = {"source": source.isoformat(), "meal": ""}
    # The breakfast is already there: the page asks before copying it twice, and copies nothing.
    response = client.post("/diary/2026-11-23/copy/", whole_day)
    assert response.status_code == 200
    assert "This entry is already there: copy again?" in text(response)
    assert Entry.objects.for_user(user).on(DAY).count() == 1
    response = client.post("/diary/2026-11-23/copy/", {**whole_day, "confirm": "1"})
    assert response.status_code == 302
    copied = Entry.objects.for_user(user).on(DAY).order_by("pk")
    assert [(e.food, e.meal, e.grams) for e in copied] == [
        (natto, "breakfast", 40),
        (natto, "breakfast", 40),
        (kale, "dinner", 67),
    ]
    assert "Copied 2 entries (the whole day)" in text(client.get(DAY_URL))


def test_copy_from_an_empty_day_says_so(client, user):
    response = client.post(
        "/diary/2026-11-23/copy/", {"source": "2026-11-01", "meal": ""}, headers=hx("copy-panel")
    )
    assert "Nothing to copy: no entries (the whole day) on Sunday 1 November 2026." in text(
        response
    )
    assert out_of_band(response) == set()


def test_copy_leaves_retired_foods_out(client, user):
    old = make_food("Old food", values={"k1": 1})
    make_entry(user, old, grams=10, day=DAY - datetime.timedelta(days=1))
    old.retired = True
    old.save()
    response = client.post(
        "/diary/2026-11-23/copy/", {"source": "2026-11-22", "meal": ""}, headers=hx("copy-panel")
    )
    assert "1 retired food was left out." in text(response)
    assert not Entry.objects.on(DAY).exists()


def test_fragments_follow_the_htmx_target(client, user, natto):
    make_entry(user, natto, grams=100)
    summary = text(client.get(DAY_URL, headers=hx("summary")))
    assert summary.lstrip().startswith('<section id="summary"') and "<html" not in summary
    meals = text(client.get(DAY_URL, headers=hx("meals")))
    assert meals.lstrip().startswith('<div id="meals"') and "Natto" in meals
    # A bare htmx request (boosted, history restore) gets the whole page.
    whole = text(client.get(DAY_URL, headers={"HX-Request": "true"}))
    assert "<html" in whole


def test_csrf_holds_for_htmx_requests(natto):
    user = make_user()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    data = {"food": natto.pk, "amount": "10", "unit": "g", "meal": "snacks"}
    assert client.post(ADD_URL, data, headers=hx("add-entry")).status_code == 403
    assert not Entry.objects.exists()
    page = client.get(DAY_URL)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page.content.decode()).group(1)
    response = client.post(ADD_URL, data, headers={**hx("add-entry"), "X-CSRFToken": token})
    assert response.status_code == 200 and Entry.objects.count() == 1


def test_jump_to_a_date(client, user):
    response = client.get("/diary/", {"date": "2026-01-05"})
    assert response.status_code == 302 and response.url == "/diary/2026-01-05/"


@pytest.mark.parametrize(("count", "favourites"), [(1, 0), (1, 1), (50, 1), (1, 20), (50, 20)])
def test_day_page_runs_a_constant_number_of_queries(
    client, user, natto, count, favourites, django_assert_max_num_queries
):
    kale = make_kale()
    capsule = make_supplement()
    for i in range(count):
        make_entry(user, [natto, kale][i % 2], grams=10 + i, meal=list(Meal.values)[i % 4])
    Entry.objects.create(user=user, day=DAY, meal="supplements", food=capsule, quantity=1)
    make_entry(user, kale, grams=5, day=DAY - datetime.timedelta(days=2))
    # Logged and never-logged favourites, a portion and a supplement among them.
    foods = [natto, kale, capsule] + [make_food(f"Food {i}") for i in range(17)]
    for food in foods[:favourites]:
        Favourite.objects.create(user=user, food=food)
    day_begun(client)  # the day's first request also fills in automatic doses: not counted
    with django_assert_max_num_queries(QUERIES):
        response = client.get(DAY_URL)
    assert response.status_code == 200
    assert text(response).count('class="entry-open"') == count + 1
    favourites_html = text(response).split('id="favourites"')[1].split("</section>")[0]
    assert favourites_html.count("<form") == favourites


# 10, and 3 more (the catalogue's K1-rich foods, their values and portions) on a day whose K1
# is short of the target, when the page suggests foods (those 3 only once per catalogue
# version: then from the cache): never more as the history grows.
QUERIES = 13


def test_today_at_a_fixed_instant_uses_utc_by_default(client, user):
    noon = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=noon):
        assert timezone.now() == noon
        assert "Today, Monday 23 November 2026" in text(client.get("/diary/"))


def test_recent_foods_add_the_usual_amount_in_one_click(client, user, natto):
    cup = natto.portions.get()
    capsule = make_supplement()
    earlier = DAY - datetime.timedelta(days=1)
    Entry.objects.create(
        user=user, day=earlier, meal="dinner", food=natto, portion=cup, quantity=1, grams=175
    )
    Entry.objects.create(user=user, day=earlier, meal="supplements", food=capsule, quantity=2)
    html = text(client.get(DAY_URL, headers=hx("recent")))
    assert html.lstrip().startswith('<div id="recent"')
    assert 'Add </span>Natto · 1 × 1 cup<span class="visually-hidden"> to dinner<' in html
    assert (
        'Add </span>Vitamin K2 capsule · 2 × capsule<span class="visually-hidden"> to supplements<'
        in html
    )
    form = re.search(rf'<input type="hidden" name="food" value="{natto.pk}">.*?</form>', html)
    fields = dict(re.findall(r'name="(amount|unit|meal)" value="([^"]*)"', form.group(0)))
    assert fields == {"amount": "1", "unit": str(cup.pk), "meal": "dinner"}
    response = client.post(ADD_URL, {"food": natto.pk, **fields}, headers=hx("add-entry"))
    assert "Added 1 × 1 cup of Natto to dinner." in text(response)
    assert Entry.objects.on(DAY).get().grams == 175
