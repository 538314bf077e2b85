"""Search on the real shipped catalogue, loaded once for this module."""

import pytest

from foods import search
from foods.models import Food

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def names(queryset):
    return [food.name for food in queryset]


def first_names(q, n=10):
    foods = Food.objects.active().filter(owner__isnull=True)
    return names(search.search(foods, search.parse_query(q))[:n])


def test_catalogue_natto_first(catalogue):
    assert Food.objects.count() > 5000
    assert first_names("natto")[0] == "Natto"
    assert first_names("NATTO")[0] == "Natto"


def test_catalogue_gouda_finds_the_gouda_cheeses(catalogue):
    found = first_names("gouda", 25)
    assert "Cheese, gouda" in found
    assert all("gouda" in Food.objects.get(name=name).search_name for name in found)


def test_catalogue_egg_yolk(catalogue):
    found = first_names("egg yolk", 5)
    assert "Egg, yolk, raw, fresh" in found
    assert all(name.replace(",", "").startswith("Egg yolk") for name in found)
    assert first_names("yolk egg raw fresh")[0] == "Egg, yolk, raw, fresh"


def test_catalogue_accent_insensitive(catalogue):
    plain = first_names("creme de menthe")
    assert plain[0] == "Alcoholic beverage, creme de menthe, 72 proof"
    assert first_names("CRÈME DE MENTHE") == plain
