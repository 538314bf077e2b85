"""Search input cleaning and ranking on factory rows (the real catalogue: test_search_catalogue)."""

import pytest

from foods import search
from foods.models import Food
from tests.factories import make_food


def test_query_is_folded_split_and_stripped_of_punctuation():
    query = search.parse_query("  Egg,  YOLK ")
    assert query.words == ("egg", "yolk") and query.text == "egg yolk"
    assert search.parse_query("CRÈME Fraîche").words == ("creme", "fraiche")


def test_long_input_is_cut_and_odd_input_never_raises():
    assert len(search.parse_query("x" * 2000).text) == search.MAX_QUERY_CHARS
    assert len(search.parse_query("a " * 50).words) == search.MAX_WORDS
    assert search.parse_query(None).words == ()
    assert not search.parse_query("   ")
    emoji = search.parse_query("🥦")
    assert emoji and emoji.words == ()  # typed, but nothing searchable
    assert search.parse_query("'; DROP TABLE x; --").words == ("drop", "table", "x")


def names(queryset):
    return [food.name for food in queryset]


@pytest.mark.django_db
def test_ranking_prefix_then_containing_then_shorter_names():
    for name in [
        "Beverage, natto drink",
        "Natto, homemade, with extra beans",
        "Natto",
        "Rice",
        "Natto with rice",
    ]:
        make_food(name)
    ranked = search.search(Food.objects.all(), search.parse_query("natto"))
    assert names(ranked) == [
        "Natto",
        "Natto with rice",
        "Natto, homemade, with extra beans",
        "Beverage, natto drink",
    ]


@pytest.mark.django_db
def test_whole_query_as_prefix_beats_first_word_prefix():
    make_food("Egg, whole, cooked, with yolk")
    make_food("Egg, yolk, raw, fresh")
    make_food("Noodles, egg, yolk-free")
    ranked = names(search.search(Food.objects.all(), search.parse_query("egg yolk")))
    assert ranked == [
        "Egg, yolk, raw, fresh",
        "Egg, whole, cooked, with yolk",
        "Noodles, egg, yolk-free",
    ]


@pytest.mark.django_db
def test_like_wildcards_in_the_query_are_literal():
    make_food("Natto")
    make_food("100% juice")
    assert names(search.search(Food.objects.all(), search.parse_query("na_to"))) == []
    make_food("Juice, 100 percent")
    assert names(search.search(Food.objects.all(), search.parse_query("%"))) == []
    assert names(search.search(Food.objects.all(), search.parse_query("100%"))) == [
        "100% juice",
        "Juice, 100 percent",
    ]


@pytest.mark.django_db
def test_a_single_letter_matches_the_start_of_names_only():
    make_food("Apple, raw")
    make_food("Banana, raw")
    assert names(search.search(Food.objects.all(), search.parse_query("a"))) == ["Apple, raw"]
    assert names(search.search(Food.objects.all(), search.parse_query("an"))) == ["Banana, raw"]
