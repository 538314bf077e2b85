"""The stored ranking figures: written by every path that changes values or portions,
so the rankings and the day page's suggestions show a change at once, in a fixed number of
queries however large the catalogue."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diary.day import selectors as day_selectors
from foods.models import Food, VitaminKValue
from foods.services import food_figures_refresh
from tests.factories import make_food, make_group, make_natto, make_user
from tests.integration.test_custom_foods import food_data
from tests.integration.test_food_admin import post_change

pytestmark = pytest.mark.django_db

LIST = reverse("foods:list")


def ranked(client, sort, basis="100g"):
    response = client.get(LIST, {"sort": sort, "basis": basis})
    return [(row["food"].name, row["sort_amount"]) for row in response.context["rows"]]


def test_an_admin_edit_shows_at_once_in_the_rankings_and_suggestions(client, admin_client):
    natto = make_natto()  # K1 23.1, MK-7 939, a 175 g cup
    make_food("Spinach", values={"k1": 483}, portions=[("cup", 30)])
    assert ranked(client, "k1")[0][0] == "Spinach"
    assert post_change(admin_client, natto, k1__amount_ug="600").status_code == 302
    assert ranked(client, "k1")[:2] == [("Natto", Decimal("600")), ("Spinach", Decimal("483"))]
    assert ranked(client, "total", "portion")[0] == ("Natto", Decimal("1539") * Decimal("1.75"))
    person = make_user()
    suggestions = day_selectors.gap_suggestions(user=person, gap=Decimal("90"), recent=[])
    assert [s.food.name for s in suggestions][:2] == ["Natto", "Spinach"]


def test_a_custom_food_edit_shows_at_once_in_its_owners_ranking(client):
    owner = make_user()
    client.force_login(owner)
    make_food("Spinach", values={"k1": 483})
    client.post(reverse("myfoods:new-food"), food_data(name="My greens", values={"k1": "100"}))
    mine = Food.objects.get(name="My greens")
    assert ranked(client, "k1") == [("Spinach", Decimal("483")), ("My greens", Decimal("100"))]
    edited = food_data(name="My greens", values={"k1": "900"}, portions=[("bowl", 50)])
    assert client.post(reverse("myfoods:edit", args=[mine.pk]), edited).status_code == 302
    assert ranked(client, "k1")[0] == ("My greens", Decimal("900"))
    assert ranked(client, "k1", "portion")[0] == ("My greens", Decimal("450"))


def test_figures_are_unknown_without_data_and_follow_a_removed_value():
    food = make_food("Kale", values={"k1": 389.6, "mk4": 1}, portions=[("cup", 67)])
    food.refresh_from_db()
    assert food.k1_per_100g == Decimal("389.6") and food.k2_per_100g == Decimal("1")
    assert food.mk7_per_100g is None and food.mk7_per_portion is None
    VitaminKValue.objects.filter(food=food, form="mk4").delete()
    food_figures_refresh([food.pk])
    food.refresh_from_db()
    assert food.k2_per_100g is None and food.total_per_portion == Decimal("389.6") * Decimal("0.67")


@pytest.mark.parametrize("basis", ["100g", "portion"])
def test_ranking_and_suggestion_queries_do_not_grow_with_the_catalogue(client, basis):
    group = make_group()

    def counts():
        with CaptureQueriesContext(connection) as page:
            client.get(LIST, {"sort": "k2", "basis": basis})
        with CaptureQueriesContext(connection) as suggest:
            day_selectors.gap_suggestions(user=make_user(), gap=Decimal("90"), recent=[])
        return len(page), len(suggest)

    make_food("Kale", values={"k1": 389.6}, portions=[("cup", 67)], group=group)
    few = counts()
    for number in range(40):
        make_food(f"Food {number}", values={"k1": number, "mk7": number}, portions=[("cup", 9)])
    assert counts()[0] == few[0]
    assert counts()[1] <= few[1] + 1  # make_user's own profile query aside


# --- the shared cache and conditional GET ------------------------------------------------


def test_anonymous_list_is_cached_and_an_admin_edit_shows_at_once(client, admin_client):
    natto = make_natto()
    make_food("Spinach", values={"k1": 483})
    assert ranked(client, "k1")[0][0] == "Spinach"
    with CaptureQueriesContext(connection) as again:
        cached = client.get(LIST, {"sort": "k1", "basis": "100g"})
    assert len(again) == 0 and b"Spinach" in cached.content
    assert post_change(admin_client, natto, k1__amount_ug="600").status_code == 302
    assert ranked(client, "k1")[0] == ("Natto", Decimal("600"))


def test_signed_in_lists_are_not_shared(client):
    owner = make_user()
    client.force_login(owner)
    make_food("Spinach", values={"k1": 483})
    client.post(reverse("myfoods:new-food"), food_data(name="My greens", values={"k1": "100"}))
    assert [name for name, _ in ranked(client, "k1")] == ["Spinach", "My greens"]
    client.logout()
    assert [name for name, _ in ranked(client, "k1")] == ["Spinach"]


def test_food_page_answers_304_until_the_food_changes(client, admin_client):
    natto = make_natto()
    url = natto.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert post_change(admin_client, natto, k1__amount_ug="600").status_code == 302
    changed = client.get(url, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_retiring_a_food_in_the_admin_takes_it_off_the_cached_list(client, admin_client):
    natto = make_natto()
    make_food("Spinach", values={"k1": 483})
    assert [name for name, _ in ranked(client, "k1")] == ["Spinach", "Natto"]
    retire = reverse("admin:foods_food_retire", args=[natto.pk])
    assert admin_client.post(retire).status_code == 302
    assert [name for name, _ in ranked(client, "k1")] == ["Spinach"]
