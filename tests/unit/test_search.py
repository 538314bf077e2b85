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
def test_ranking_name_part_then_whole_word_then_shorter_names():
    for name in [
        "Beverage, natto drink",
        "Natto, homemade, with extra beans",
        "Natto",
        "Rice",
        "Natto with rice",
    ]:
        make_food(name)
    ranked = search.search(Food.objects.all(), search.parse_query("natto"))
    # "Natto, ..." names the food natto; "Natto with rice" is a dish that contains it.
    assert names(ranked) == [
        "Natto",
        "Natto, homemade, with extra beans",
        "Natto with rice",
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


def test_word_variants_singular_plural_and_spelling():
    assert set(search.word_variants("eggs")) >= {"eggs", "egg"}
    assert set(search.word_variants("blueberries")) >= {"blueberries", "blueberry"}
    assert set(search.word_variants("blueberry")) >= {"blueberries"}
    assert set(search.word_variants("tomato")) >= {"tomatoes"}
    assert set(search.word_variants("peaches")) >= {"peach"}
    assert set(search.word_variants("yoghurt")) >= {"yogurt", "yoghurts"}
    assert set(search.word_variants("colour")) >= {"color"}
    assert search.word_variants("eggs")[0] == "eggs"  # the typed word first
    assert search.word_variants("k2") == ("k2",)  # codes are not pluralised
    assert "swis" not in search.word_variants("swiss")


def test_synonyms_add_readings_after_the_typed_words():
    assert search.alternatives(search.parse_query("collard greens")) == (
        ("collard", "greens"),
        ("collards",),
    )
    assert ("beef", "ground", "raw") in search.alternatives(search.parse_query("ground beef raw"))
    assert search.alternatives(search.parse_query("MK-7")) == (("mk", "7"), ("mk-7",))
    assert search.alternatives(search.parse_query("kale")) == (("kale",),)


@pytest.mark.django_db
def test_plain_word_means_the_basic_food_before_products_and_dishes():
    for name in [
        "Eggnog",
        "Babyfood, egg yolks",
        "Egg, whole, cooked, scrambled",
        "Egg, white, raw, fresh",
        "Egg, whole, raw, fresh",
        "Egg substitute, liquid",
        "Bread, egg",
    ]:
        make_food(name)
    ranked = names(search.search(Food.objects.all(), search.parse_query("eggs")))
    assert ranked[0] == "Egg, whole, raw, fresh"
    assert ranked.index("Egg, whole, cooked, scrambled") < ranked.index("Eggnog")
    assert ranked.index("Bread, egg") < ranked.index("Eggnog")  # a whole word, not a prefix
    assert ranked.index("Babyfood, egg yolks") > ranked.index("Bread, egg")  # a product


@pytest.mark.django_db
def test_word_order_and_synonyms():
    make_food("Oil, corn, peanut, and olive")
    make_food("Oil, olive, salad or cooking")
    make_food("Collards, raw")
    make_food("Squash, summer, zucchini, includes skin, raw")
    assert names(search.search(Food.objects.all(), search.parse_query("olive oil")))[0] == (
        "Oil, olive, salad or cooking"
    )
    assert names(search.search(Food.objects.all(), search.parse_query("collard greens"))) == [
        "Collards, raw"
    ]
    for typed in ("courgette", "zucchini", "courgettes"):
        found = names(search.search(Food.objects.all(), search.parse_query(typed)))
        assert found == ["Squash, summer, zucchini, includes skin, raw"], typed


@pytest.mark.django_db
def test_among_equal_matches_foods_logged_before_come_first():
    raw = make_food("Spinach, raw")
    boiled = make_food("Spinach, cooked, boiled")
    make_food("Spinach souffle")
    query = search.parse_query("spinach")
    foods = Food.objects.all()
    assert names(search.search(foods, query))[:2] == [raw.name, boiled.name]
    for preferred in ([boiled.pk], Food.objects.filter(pk=boiled.pk).values("pk")):
        assert names(search.search(foods, query, preferred=preferred)) == [
            "Spinach, cooked, boiled",
            "Spinach, raw",
            "Spinach souffle",  # logged-before does not lift a weaker match above a better one
        ]
    souffle_first = search.search(foods, query, preferred=[foods.get(name="Spinach souffle").pk])
    assert names(souffle_first)[0] == "Spinach, raw"


@pytest.mark.django_db
def test_among_equal_matches_foods_with_data_for_the_form_come_first():
    make_food("Gouda, SR28", values={"k1": 1.1})
    make_food("Gouda, NEVO", values={"k2": 65})
    query = search.parse_query("gouda")
    foods = Food.objects.all()
    assert names(search.search(foods, query, forms=["k2"]))[0] == "Gouda, NEVO"
    assert names(search.search(foods, query, forms=["k1"]))[0] == "Gouda, SR28"


@pytest.mark.django_db
def test_search_is_one_query_however_many_words_and_synonyms(django_assert_num_queries):
    make_food("Collards, raw")
    for typed in ("kale", "collard greens", "ground beef raw 93", "mk7 capsule"):
        with django_assert_num_queries(1):
            list(search.search(Food.objects.all(), search.parse_query(typed))[:20])


def test_search_weight_puts_the_basic_food_before_products():
    from foods.search_terms import search_weight

    basic = search_weight("Egg, whole, raw, fresh")
    assert basic < search_weight("Egg, whole, cooked, scrambled")
    assert search_weight("Egg, whole, cooked, scrambled") < search_weight("Egg, white, dried")
    assert search_weight("Egg, white, dried") < search_weight("Babyfood, egg yolks")
    assert search_weight("Kefir") < search_weight("Kefir, lowfat, plain, LIFEWAY")  # a brand
    assert search_weight("Milk, whole, 3.25% milkfat") < search_weight("Milk, human, mature")
    assert search_weight("Milk, whole 4% fat (US)") > search_weight("Milk, whole, UHT")


def test_a_persons_own_name_matches_every_word_typed_folded_as_food_names_are():
    name = "Crème-brûlée breakfast"
    for typed in ("creme", "BRÛLÉE  brea", "breakfast, creme", "c"):
        assert search.name_matches(search.parse_query(typed), name), typed
    for typed in ("b", "breakfast lunch", "", "!!"):
        assert not search.name_matches(search.parse_query(typed), name), typed
