"""Each fragment of the day page costs only what it shows; a change answers in one request."""

import datetime
import re

import pytest

from diary.models import DoseSchedule, Entry, Favourite, Meal
from diary.routines import services as routine_services
from tests.factories import day_begun, hx, make_entry, make_food, make_kale, make_supplement

pytestmark = pytest.mark.django_db

DAY_URL = "/diary/2026-11-23/"
DAY = datetime.date(2026, 11, 23)


@pytest.fixture
def busy_day(client, user, natto):
    """A day of 30 entries, a long history and favourites: counts must not grow with them."""
    kale = make_kale()
    for i in range(30):
        make_entry(user, [natto, kale][i % 2], grams=10 + i, day=DAY, meal=list(Meal.values)[i % 4])
    for days_ago in range(1, 40):
        make_entry(user, natto, grams=5, day=DAY - datetime.timedelta(days=days_ago))
    for food in [natto, kale, *(make_food(f"Food {i}") for i in range(5))]:
        Favourite.objects.create(user=user, food=food)
    # Routines: saved meals and scheduled supplements, one of them skipped that day.
    for meal in ("breakfast", "lunch", "dinner"):
        routine_services.saved_meal_create(user=user, name=f"Usual {meal}", day=DAY, meal=meal)
    for i in range(3):
        routine_services.schedule_save(
            schedule=DoseSchedule(user=user, food=make_supplement(name=f"K2 {i}"), starts=DAY)
        )
    routine_services.dose_skip(schedule=DoseSchedule.objects.first(), day=DAY)
    day_begun(client)  # the budgets below are those of any request but the day's first
    return user


# The most each fragment may cost, session and user included (3 queries).
FRAGMENT_QUERIES = {
    "summary": 10,  # profile, entries + values + portions, recent foods, suggestions
    "meals": 8,  # profile, entries + values + portions, favourite ids
    "recent": 6,
    "favourites": 5,
    "copy-panel": 3,
    "routines": 5,  # profile, schedules, the day's doses
    "saved-meals": 4,  # profile, the saved meals with their item counts
}


@pytest.mark.parametrize(("target", "most"), FRAGMENT_QUERIES.items())
def test_a_fragment_costs_only_itself(
    client, busy_day, target, most, django_assert_max_num_queries
):
    with django_assert_max_num_queries(most):
        response = client.get(DAY_URL, headers=hx(target))
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert re.match(rf'\s*<\w+ id="{target}"', html)
    # A fragment is never cached as the page it came from.
    assert "no-store" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]


def test_the_whole_page_varies_on_htmx(client, busy_day):
    response = client.get(DAY_URL)
    assert "HX-Request" in response["Vary"] and "<html" in response.content.decode()


def test_an_add_answers_in_one_request_with_every_changed_panel(
    client, busy_day, natto, django_assert_max_num_queries
):
    data = {"food": natto.pk, "amount": "20", "unit": "g", "meal": "snacks"}
    # 25: the food's values for the entry's snapshot, and the savepoint around the insert
    # that makes a double submission add once.
    with django_assert_max_num_queries(25):
        response = client.post(f"{DAY_URL}add/", data, headers=hx("add-entry"))
    html = response.content.decode()
    swapped = set(re.findall(r'id="([\w-]+)"[^>]*hx-swap-oob="true"', html))
    assert swapped == {"meal-total-snacks", "day-strip", "summary", "recent", "favourites"}
    # The new row alone, appended to its meal: the day's 30 other rows are not sent again.
    assert 'hx-swap-oob="beforeend:#entries-snacks"' in html
    assert html.count('class="entry-open"') == 1 and "Natto" in html.split("entries-snacks")[1]
    assert "HX-Trigger" not in response  # nothing asks the page for more requests
    assert Entry.objects.filter(day=DAY).count() == 31


def test_in_the_steady_mode_the_day_shows_usual_intake_not_a_target(client, user, natto):
    from tests.factories import make_steady_days, make_vka_profile

    make_vka_profile(user)
    make_steady_days(user, DAY - datetime.timedelta(days=1), count=10)
    make_entry(user, natto, grams=10, day=DAY)
    html = client.get(DAY_URL).content.decode()
    assert 'id="steadiness"' in html and "Your usual intake" in html
    summary = html.split('id="summary"')[1].split("</section>")[0]
    assert "reached" not in summary and "To reach your" not in summary
    # A change to the day swaps the steadiness panel with the others, in the same answer.
    data = {"food": natto.pk, "amount": "20", "unit": "g", "meal": "snacks"}
    response = client.post(f"{DAY_URL}add/", data, headers=hx("add-entry"))
    swapped = set(re.findall(r'id="([\w-]+)"[^>]*hx-swap-oob="true"', response.content.decode()))
    assert "steadiness" in swapped


def test_out_of_the_steady_mode_there_is_no_steadiness_panel(client, user, natto):
    html = client.get(DAY_URL).content.decode()
    assert 'id="steadiness"' not in html
