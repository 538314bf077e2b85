"""Amounts and units as a person types them (foods/units.py): pure functions, no database."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foods import units
from foods.units import AmountError, UnitError, parse_amount, parse_unit, to_grams, units_for


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1.5", "1.5"),
        ("1,5", "1.5"),
        (" 1.5 ", "1.5"),
        (".5", "0.5"),
        ("100", "100"),
        ("½", "0.5"),
        ("1½", "1.5"),
        ("1 ½", "1.5"),
        ("1/2", "0.5"),
        ("1 1/2", "1.5"),
        ("2 3/4", "2.75"),
        ("1/3", "0.333"),
        ("⅓", "0.333"),
        ("2 ¾", "2.75"),
        ("12,50", "12.5"),
    ],
)
def test_amounts_people_type(typed, amount):
    assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter an amount"),
        ("   ", "Enter an amount"),
        ("abc", "is not an amount"),
        ("-1", "^Enter an amount above 0.$"),
        ("-5", "^Enter an amount above 0.$"),
        ("−5", "^Enter an amount above 0.$"),  # the typographic minus sign
        ("- 1 1/2", "^Enter an amount above 0.$"),
        ("-½", "^Enter an amount above 0.$"),
        ("-abc", "is not an amount"),
        ("--5", "is not an amount"),
        ("1.5.3", "is not an amount"),
        ("1/0", "is not an amount"),
        ("0", "above 0"),
        ("0,0001", "at least 0.001"),
        ("١٠٠", "Use the digits 0–9"),  # Arabic-Indic 100
        ("２０", "Use the digits 0–9"),  # fullwidth 20
        ("1,500", "could mean 1500 or 1.500"),
        ("1e3", "is not an amount"),
        ("NaN", "is not an amount"),
        ("Infinity", "is not an amount"),
        ("9999999", "is not an amount"),
    ],
)
def test_anything_else_gets_a_clear_message(typed, message):
    with pytest.raises(AmountError, match=message):
        parse_amount(typed)
    assert issubclass(AmountError, ValueError)  # forms treat it as a validation error


@given(st.decimals(min_value=Decimal("0.001"), max_value=Decimal("99999"), places=3))
def test_a_decimal_reads_back_with_a_point_or_a_comma(amount):
    text = f"{amount:f}"
    assert parse_amount(text) == amount
    if "." in text:
        comma = text.replace(".", ",")
        if units._THOUSANDS.fullmatch(comma):  # "1,500": refused, 1500 or 1.5 is unclear
            with pytest.raises(AmountError, match="could mean"):
                parse_amount(comma)
        else:
            assert parse_amount(comma) == amount


@given(
    st.integers(min_value=0, max_value=999),
    st.integers(min_value=1, max_value=15),
    st.integers(min_value=2, max_value=16),
)
def test_mixed_numbers_are_the_whole_plus_the_fraction(whole, numerator, denominator):
    typed = f"{whole} {numerator}/{denominator}" if whole else f"{numerator}/{denominator}"
    expected = Decimal(whole) + Decimal(numerator) / Decimal(denominator)
    assert parse_amount(typed) == expected.quantize(Decimal("0.001"), rounding="ROUND_HALF_UP")


@given(st.text(max_size=30))
def test_any_text_gives_an_amount_above_zero_or_an_amount_error(text):
    try:
        amount = parse_amount(text)
    except AmountError as error:
        assert str(error)
    else:
        assert amount > 0 and amount == amount.quantize(Decimal("0.001"))


# --- units ------------------------------------------------------------------------------------


@dataclass
class FakePortion:
    pk: int
    amount: Decimal
    description: str
    grams: Decimal


MILK = [  # SR28 01077 Milk, whole: cup 244 g, fl oz 30.5 g, tbsp 15 g
    FakePortion(1, Decimal(1), "cup", Decimal(244)),
    FakePortion(2, Decimal(1), "fl oz", Decimal("30.5")),
]
CHEDDAR = [  # SR28 01009: only qualified volumes, no plain cup
    FakePortion(3, Decimal(1), "cup, shredded", Decimal(113)),
    FakePortion(4, Decimal(1), "oz", Decimal("28.35")),
]
MEAT = [FakePortion(5, Decimal(3), "oz", Decimal(85))]  # "3 oz" = 85 g


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("g", "g"),
        ("Grams", "g"),
        ("KG", "kg"),
        ("ounces", "oz"),
        ("lbs", "lb"),
        ("ml", "ml"),
        ("Litre", "l"),
        ("fl oz", "fl oz"),
        ("fl. oz.", "fl oz"),
        ("fluid ounces", "fl oz"),
        ("cups", "cup"),
        ("Tablespoon", "tbsp"),
        ("tsp", "tsp"),
    ],
)
def test_unit_names(typed, key):
    assert parse_unit(typed) == key


def test_unknown_unit_is_named_in_the_message():
    with pytest.raises(UnitError, match='Unknown unit "handful"'):
        parse_unit("handful")


def test_mass_units_are_exact_for_any_food():
    assert to_grams(Decimal(1), "oz") == Decimal("28.350")  # 28.349523125 rounded
    assert to_grams(Decimal(2), "lb") == Decimal("907.185")
    assert to_grams(Decimal("1.5"), "kg") == Decimal("1500")
    assert to_grams(Decimal(250), "g") == Decimal(250)


def test_volumes_use_the_density_from_a_plain_volume_portion():
    # 244 g per 236.588 ml cup: 1.0313 g/ml
    assert to_grams(Decimal(1), "cup", MILK) == Decimal("244.000")
    assert to_grams(Decimal(250), "ml", MILK) == Decimal("257.832")
    assert to_grams(Decimal(1), "l", MILK) == Decimal("1031.328")
    assert to_grams(Decimal(2), "tbsp", MILK) == Decimal("30.500")  # cup / 16 × 2
    assert to_grams(Decimal(1), "tsp", MILK) == Decimal("5.083")
    assert to_grams(Decimal(8), "fl oz", MILK) == Decimal("244.000")


@pytest.mark.parametrize("portions", [CHEDDAR, MEAT, []])
def test_no_volume_without_a_density(portions):
    with pytest.raises(UnitError, match="no portion that gives its weight per cup"):
        to_grams(Decimal(1), "cup", portions)
    assert [u.key for u in units_for(portions) if u.key in units.ML_PER] == []


def test_every_household_portion_is_a_unit_per_one_of_its_amount():
    found = {u.key: u for u in units_for(MEAT)}
    assert found["portion:5"].grams == Decimal(85) / Decimal(3)
    assert found["portion:5"].label == "oz (28.3 g)"
    assert to_grams(Decimal(3), "portion:5", MEAT) == Decimal("85.000")
    assert to_grams(Decimal(1), "portion:3", CHEDDAR) == Decimal("113.000")
    with pytest.raises(UnitError, match='Unknown unit "portion:99"'):
        to_grams(Decimal(1), "portion:99", MEAT)


@given(
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal(1000), places=3),
    st.sampled_from(sorted(units.GRAMS_PER)),
)
def test_more_of_a_unit_is_never_fewer_grams(quantity, unit):
    assert to_grams(quantity + 1, unit) >= to_grams(quantity, unit)
    assert to_grams(quantity, unit) > 0
