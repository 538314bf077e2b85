"""The food page against the shipped catalogue: every source's value for the same food, and a
caution on a value far above every other food of its kind."""

import pytest

from foods import comparison, selectors
from foods.models import Food
from foods.same_food import SAME_FOOD


@pytest.fixture
def loaded(catalogue, db):
    return catalogue


def page(client, catalogue_key):
    food = Food.objects.get(catalogue_key=catalogue_key)
    response = client.get(food.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_every_food_in_the_same_food_table_is_in_the_catalogue(loaded):
    keys = [key for group in SAME_FOOD for key in group]
    assert len(keys) == len(set(keys)), "a food is in two groups"
    found = set(Food.objects.filter(catalogue_key__in=keys).values_list("catalogue_key", flat=True))
    assert sorted(set(keys) - found) == []


def test_emmental_page_shows_both_tables_and_the_spread(client, loaded):
    html = page(client, "lit:nevo-2023:Cheese Emmenthaler")
    assert "The same food in other sources" in html
    assert "Emmental cheese, from cow&#x27;s milk</a>, CIQUAL 2020 (ANSES)" in html
    assert "Cheese Emmenthaler (this page), NEVO 2023/8.0 (RIVM)" in html
    assert "43.3 µg" in html and "5.2 µg" in html
    assert "8.3 times" in html  # K2 43.3 / 5.23


def test_pork_liver_k1_disagreement_is_shown(client, loaded):
    html = page(client, "lit:ciqual-2020:Liver, pork, raw")
    assert "Liver pork raw</a>, NEVO 2023/8.0 (RIVM)" in html
    assert "150.0 times" in html  # K1 30 / 0.2


def test_natto_total_against_mext_marks_the_incomplete_total(client, loaded):
    html = page(client, "sr28:16113")
    assert "Natto, itohiki (ordinary sticky natto)</a>, MEXT 2020 (Japan)" in html
    assert "not every form known: left out of the spread" in html  # SR28 K1 + Kamao MK-7


def test_egg_yolk_sources_agree_on_k1_and_an_incomplete_total_is_left_out(client, loaded):
    html = page(client, "sr28:01125")
    assert "The sources agree." in html  # K1 0.7: SR28 and CIQUAL
    assert "Egg yolk, raw (Japan)</a>, MEXT 2020 (Japan)" in html
    assert "Spread: 32.8 µg to 39" in html  # CIQUAL K1 + K2, MEXT total


def test_goose_liver_k2_carries_a_caution_naming_its_source(client, loaded):
    html = page(client, "lit:ciqual-2020:Liver, goose, raw")
    assert "Caution:" in html
    assert "the K2 value here," in html and "<strong>CIQUAL 2020 (ANSES)</strong>" in html
    assert "the 4 other livers in the catalogue" in html
    assert "Liver, young cow, raw</a>" in html  # the highest other liver, 7.94


def test_the_only_outlier_in_the_shipped_livers_and_cheeses_is_goose_liver_k2(loaded):
    flagged = []
    candidates = Food.objects.filter(owner__isnull=True, retired=False, dose_unit="")
    for food in candidates.select_related("group").prefetch_related(
        selectors.values_with_sources()
    ):
        if comparison.kind_of(food.name, food.group.code if food.group else None):
            flagged += [(food.name, c.figure) for c in selectors.kind_cautions(food)]
    assert flagged == [("Liver, goose, raw", "K2")]


def test_a_food_in_no_group_has_no_comparison_section(client, loaded):
    html = page(client, "lit:nevo-2023:Cheese Gouda 48+ age 4-7 mths")
    assert "The same food in other sources" not in html
    assert "Caution:" not in html


def test_comparison_costs_a_fixed_number_of_queries(client, loaded, django_assert_num_queries):
    food = Food.objects.get(catalogue_key="lit:ciqual-2020:Edam cheese, from cow's milk")
    # food+group, values with sources, portions; the same food in other sources and their
    # values; the other cheeses and their values; calcium and vitamin D. However many sources or
    # cheeses there are.
    with django_assert_num_queries(8):
        client.get(food.get_absolute_url())
