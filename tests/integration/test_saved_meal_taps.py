"""A saved meal logged in one tap from the saved meals beside the recent foods and from the food
search (typeahead and the page without JavaScript): all its items in one request, the day's
panels updated in the same answer, another person's saved meals never offered nor logged, and
the add's cost unchanged."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diary.models import Entry, SavedMeal
from diary.routines import services
from tests.factories import day_begun, hx, make_entry, make_food, make_kale, make_user

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 23)
NEXT = DAY + datetime.timedelta(days=1)
NEXT_URL = f"/diary/{NEXT.isoformat()}/"
LOG_URL = reverse("routines:log-meal", kwargs={"day": NEXT.isoformat()})
SEARCH = "/diary/search/"


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def out_of_band(html):
    return set(re.findall(r'id="([\w-]+)"[^>]*hx-swap-oob="true"', html))


def token(html):
    return re.search(r'name="submission" value="([^"]+)"', html).group(1)


def buttons(html):
    """Each saved meal's button as read out (its text, hidden parts too) -> its saved meal."""
    found = re.findall(r'<button[^>]*name="saved_meal" value="(\d+)"[^>]*>(.*?)</button>', html)
    return {re.sub(r"<[^>]+>", "", label).strip(): pk for pk, label in found}


def _breakfast(user, natto, name="Weekday breakfast"):
    """Natto and kale logged for breakfast on DAY, saved as one meal."""
    make_entry(user, natto, grams=50, day=DAY)
    make_entry(user, make_kale(), grams=67, day=DAY)
    return services.saved_meal_create(user=user, name=name, day=DAY, meal="breakfast")


def _saved_meals(html):
    """The saved-meals block of a page or an answer."""
    return html.split('id="saved-meals"')[1].split("</section>")[0]


def test_the_saved_meals_sit_beside_the_recent_foods_and_an_add_never_resends_them(
    client_in, user, natto
):
    saved = _breakfast(user, natto)
    page = text(client_in.get(NEXT_URL))
    block = _saved_meals(page)
    assert '<h2 id="saved-meals-heading">Saved meals</h2>' in block
    assert buttons(block) == {"Log Weekday breakfast (2 items)": str(saved.pk)}
    # Shown once: the routines panel keeps the scheduled doses only.
    assert list(buttons(page)) == ["Log Weekday breakfast (2 items)"]
    # The recent foods and the saved meals share one area.
    area = page.split('class="recent-area"')[1]
    assert area.index('id="recent"') < area.index('id="saved-meals"')

    data = {"food": natto.pk, "amount": "20", "unit": "g", "meal": "snacks"}
    added = text(client_in.post(f"{NEXT_URL}add/", data, headers=hx("add-entry")))
    assert "recent" in out_of_band(added)
    assert "saved-meals" not in added and "Weekday breakfast" not in added


def test_one_tap_beside_the_recent_foods_logs_every_item_into_its_own_meal(client_in, user, natto):
    saved = _breakfast(user, natto)
    form = token(_saved_meals(text(client_in.get(NEXT_URL))))
    posted = {"saved_meal": saved.pk, "meal": "", "submission": form}
    response = client_in.post(LOG_URL, posted, headers=hx("saved-meals"))
    html = text(response)
    assert response.status_code == 200 and "<html" not in html
    assert [(e.food.name, e.meal, e.grams) for e in Entry.objects.on(NEXT).order_by("pk")] == [
        ("Natto", "breakfast", 50),
        ("Kale, raw", "breakfast", 67),
    ]
    # The tapped block comes back with what happened and a fresh one-use token; the meals and
    # every panel they change come along, out of band.
    assert html.lstrip().startswith('<div id="saved-meals"')
    assert "Logged “Weekday breakfast” (2 items) in breakfast." in html
    assert token(html) != form
    assert out_of_band(html) == {"meals", "day-strip", "summary", "recent", "favourites"}
    assert html.count('class="entry-open"') == 2
    # Each item is an ordinary entry: its row opens its edit form.
    entry = Entry.objects.on(NEXT).first()
    assert f'href="{NEXT_URL}?edit={entry.pk}#entry-{entry.pk}"' in html

    # The same form sent again (a double tap) logs nothing more.
    again = text(client_in.post(LOG_URL, posted, headers=hx("saved-meals")))
    assert "Already logged: the form was sent twice, so it was logged once." in again
    assert Entry.objects.on(NEXT).count() == 2


def test_a_meal_chosen_beside_the_saved_meals_is_where_they_go_and_stays_chosen(
    client_in, user, natto
):
    saved = _breakfast(user, natto)
    posted = {"saved_meal": saved.pk, "meal": "dinner"}
    html = text(client_in.post(LOG_URL, posted, headers=hx("saved-meals")))
    assert set(Entry.objects.on(NEXT).values_list("meal", flat=True)) == {"dinner"}
    assert '<option value="dinner" selected>Dinner</option>' in _saved_meals(html)


def test_search_offers_a_saved_meal_of_the_name_typed_folded_as_foods_are(client_in, user, natto):
    saved = _breakfast(user, natto, name="Crème brûlée breakfast")
    for typed in ("creme", "BRULEE brea", "crème", "c"):
        answer = client_in.get(SEARCH, {"q": typed, "day": NEXT}, headers=hx("food-options"))
        html = text(answer)
        assert "saved-options" in out_of_band(html), typed
        options = html.split('id="saved-options"')[1]
        assert f'name="saved_meal" value="{saved.pk}"' in options, typed
        assert f'hx-post="{LOG_URL}"' in options
        assert "Log Crème brûlée breakfast (2 items)</button>" in options
        assert '<span class="tag">saved meal</span>' in options
    # Every word must be in the name; one letter matches its start only.
    for typed in ("breakfast lunch", "r", "natto"):
        html = text(client_in.get(SEARCH, {"q": typed, "day": NEXT}))
        assert "Crème brûlée" not in html, typed
    # The live region says a saved meal was found too.
    html = text(client_in.get(SEARCH, {"q": "creme"}))
    assert "0 foods match “creme”. 1 saved meal too." in html
    # Without the day shown, the person's today.
    assert re.search(r'hx-post="/routines/day/\d{4}-\d\d-\d\d/log-meal/"', html)


def test_a_saved_meal_found_by_search_is_logged_into_the_add_forms_meal(client_in, user, natto):
    saved = _breakfast(user, natto)
    posted = {"saved_meal": saved.pk, "q": "weekday", "meal": "lunch", "amount": "", "unit": "g"}
    response = client_in.post(LOG_URL, posted, headers=hx("add-entry"))
    html = text(response)
    assert set(Entry.objects.on(NEXT).values_list("meal", flat=True)) == {"lunch"}
    assert Entry.objects.on(NEXT).count() == 2
    # The add form again, emptied for the next food, saying what was logged and keeping the meal.
    assert html.lstrip().startswith('<section id="add-entry"')
    assert "Logged “Weekday breakfast” (2 items) in lunch." in html
    assert '<option value="lunch" selected>Lunch</option>' in html
    assert out_of_band(html) == {"meals", "day-strip", "summary", "recent", "favourites"}


def test_without_javascript_search_offers_the_saved_meal_and_logs_it_then_shows_the_day(
    client_in, user, natto
):
    saved = _breakfast(user, natto)
    page = text(client_in.get(NEXT_URL, {"q": "weekday"}))
    form = page.split('id="add-form"')[1].split("</form>")[0]
    assert (
        f'formaction="{LOG_URL}" formmethod="post" name="saved_meal" value="{saved.pk}">'
        "Log Weekday breakfast (2 items)</button>"
    ) in form
    # After the Add button, so Enter in the form still adds (the first submit button).
    assert form.index('<button type="submit">Add</button>') < form.index('name="saved_meal"')
    posted = {"saved_meal": saved.pk, "q": "weekday", "meal": "dinner", "submission": token(form)}
    response = client_in.post(LOG_URL, posted)
    assert response.status_code == 302 and response.url == NEXT_URL
    assert set(Entry.objects.on(NEXT).values_list("meal", flat=True)) == {"dinner"}
    shown = text(client_in.get(NEXT_URL))
    assert "Logged “Weekday breakfast” (2 items) in dinner." in shown


def test_another_persons_saved_meal_is_never_offered_nor_logged(client_in, user, natto):
    other = make_user()
    theirs = _breakfast(other, natto, name="Their breakfast")
    page = text(client_in.get(NEXT_URL, {"q": "their"}))
    assert "Their breakfast" not in page and 'name="saved_meal"' not in page
    found = text(client_in.get(SEARCH, {"q": "their", "day": NEXT}, headers=hx("food-options")))
    assert "Their breakfast" not in found
    for target in ("saved-meals", "add-entry"):
        posted = {"saved_meal": theirs.pk, "meal": "lunch"}
        assert client_in.post(LOG_URL, posted, headers=hx(target)).status_code == 404
    assert client_in.post(LOG_URL, {"saved_meal": theirs.pk}).status_code == 404
    assert not Entry.objects.filter(user=user).exists()
    assert Entry.objects.filter(user=other).count() == 2  # theirs, as they logged them


def _count(client, *args, **kwargs):
    cache.clear()  # pages and search answers are kept: count what building one costs
    method = kwargs.pop("method", "get")
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(*args, **kwargs)
    assert response.status_code == 200
    return queries


def _costs(client, natto):
    add = {"food": natto.pk, "amount": "20", "unit": "g", "meal": "snacks"}
    search = {"q": "usual", "day": NEXT}
    costs = {
        "page": len(_count(client, NEXT_URL)),
        "saved-meals": len(_count(client, NEXT_URL, headers=hx("saved-meals"))),
        "search": len(_count(client, SEARCH, search, headers=hx("food-options"))),
        "no-js search": len(_count(client, NEXT_URL, {"q": "usual"})),
        "add": len(_count(client, f"{NEXT_URL}add/", add, headers=hx("add-entry"), method="post")),
    }
    Entry.objects.filter(day=NEXT).delete()  # the next count starts from the same day
    return costs


def test_queries_stay_the_same_as_saved_meals_grow_and_the_add_never_reads_them(
    client_in, user, natto
):
    make_entry(user, natto, grams=50, day=DAY)
    services.saved_meal_create(user=user, name="Usual 0", day=DAY, meal="breakfast")
    day_begun(client_in)  # the day's first request also fills in automatic doses
    one = _costs(client_in, natto)
    kale = make_kale()
    for i in range(1, 12):
        day = DAY - datetime.timedelta(days=i)
        for food in (natto, kale, make_food(f"Food {i}")):
            make_entry(user, food, grams=10 + i, day=day, meal="lunch")
        services.saved_meal_create(user=user, name=f"Usual {i}", day=day, meal="lunch")
    assert SavedMeal.objects.filter(user=user).count() == 12
    many = _costs(client_in, natto)
    assert many == one
    # Session, user and profile; the saved meals with their item counts.
    assert one["saved-meals"] <= 4
    # The food search's and one for the saved meals (3 of the 12 offered).
    assert one["search"] <= 4
    html = text(client_in.get(SEARCH, {"q": "usual"}, headers=hx("food-options")))
    assert html.count('name="saved_meal"') == 3
    # The add's answer never asks for saved meals.
    add = {"food": natto.pk, "amount": "20", "unit": "g", "meal": "snacks"}
    queries = _count(client_in, f"{NEXT_URL}add/", add, headers=hx("add-entry"), method="post")
    assert not [q for q in queries.captured_queries if "savedmeal" in q["sql"].lower()]
