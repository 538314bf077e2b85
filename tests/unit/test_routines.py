"""A recipe's arithmetic, a schedule's days and pasted ingredient lines (pure functions)."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from diary.periods import dose_due
from diary.routines.arithmetic import recipe_figures
from diary.routines.paste import parse_line
from foods import vitamers

FORMS = st.sampled_from(sorted(vitamers.ALL_FORMS))
VALUES = st.dictionaries(FORMS, st.decimals(min_value=0, max_value=5000, places=3), max_size=4)
GRAMS = st.decimals(min_value=Decimal("0.001"), max_value=5000, places=3)
INGREDIENTS = st.lists(st.tuples(VALUES, GRAMS), min_size=1, max_size=8)
SERVINGS = st.decimals(min_value=Decimal("0.01"), max_value=1000, places=2)


def by_hand(ingredients):
    """µg of each form in the dish, added ingredient by ingredient: value × grams / 100, only
    over the ingredients that have the form (a form none has is missing, not 0)."""
    dish = {}
    for values, grams in ingredients:
        for form, value in values.items():
            dish[form] = dish.get(form, Decimal(0)) + value * grams / 100
    return dish


@given(INGREDIENTS, SERVINGS)
def test_a_recipe_holds_what_its_ingredients_add_up_to_by_hand(ingredients, servings):
    figures = recipe_figures(
        ((values, False, grams, grams) for values, grams in ingredients),
        servings=servings,
        cooked_grams=None,
    )
    assert dict(figures.whole.amounts) == by_hand(ingredients)
    assert figures.weight == sum(grams for _, grams in ingredients)
    for form, amount in by_hand(ingredients).items():
        assert figures.per_serving.amount(form) == amount * (1 / servings)
        # Kept to the thousandth per 100 g: within half a thousandth of the exact figure.
        exact = amount * 100 / figures.weight
        assert abs(figures.per_100g[form] - exact) <= Decimal("0.0005")
    missing = set(vitamers.ALL_FORMS) - set(by_hand(ingredients))
    assert all(figures.per_serving.amount(form) is None for form in missing)


def test_a_cooked_weight_sets_what_100_g_of_the_dish_holds():
    figures = recipe_figures(
        [({"k1": Decimal("400")}, False, Decimal(300), Decimal(300))],
        servings=Decimal(3),
        cooked_grams=Decimal(200),
    )
    assert figures.per_100g == {"k1": Decimal("600.000")}
    assert figures.serving_grams * 3 == 200


MONDAY = datetime.date(2026, 11, 23)


def test_a_schedule_is_due_from_its_start_to_its_end_only():
    kwargs = {"starts": MONDAY, "ends": MONDAY + datetime.timedelta(days=2), "every": "day"}
    assert not dose_due(MONDAY - datetime.timedelta(days=1), **kwargs)
    assert dose_due(MONDAY, **kwargs) and dose_due(MONDAY + datetime.timedelta(days=2), **kwargs)
    assert not dose_due(MONDAY + datetime.timedelta(days=3), **kwargs)


def test_weekdays_and_every_n_days():
    days = [MONDAY + datetime.timedelta(days=i) for i in range(14)]
    weekdays = [
        d for d in days if dose_due(d, starts=MONDAY, ends=None, every="weekdays", weekdays="04")
    ]
    assert [d.strftime("%a") for d in weekdays] == ["Mon", "Fri", "Mon", "Fri"]
    every_3 = [
        d for d in days if dose_due(d, starts=MONDAY, ends=None, every="n_days", interval_days=3)
    ]
    assert [(d - MONDAY).days for d in every_3] == [0, 3, 6, 9, 12]


def test_pasted_lines_are_read_into_amount_unit_and_food_words():
    read = [
        (line.amount, line.unit, line.name)
        for line in map(
            parse_line,
            ["200 g spinach", "1 tbsp butter", "2 eggs", "½ cup grated gouda", "200g kale"],
        )
    ]
    assert read == [
        (Decimal(200), "g", "spinach"),
        (Decimal(1), "tbsp", "butter"),
        (Decimal(2), None, "eggs"),
        (Decimal("0.5"), "cup", "grated gouda"),
        (Decimal(200), "g", "kale"),
    ]
    assert parse_line("salt to taste").problem == "No amount at the start of this line."
    assert parse_line("a pinch of salt").amount is None
