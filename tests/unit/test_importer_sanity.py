"""The importers' pure plausibility checks and mappings (no database)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foods.importers import sanity
from foods.importers.literature import group_code_for, source_spec_for
from foods.importers.sr28 import METHOD_BY_SRC_CD, _citation
from foods.models import FOOD_CEILING_UG, SUPPLEMENT_CEILING_UG, Method


@pytest.mark.parametrize(("text", "expected"), [("7.0", Decimal("7.0")), (" 0 ", 0), ("1e2", 100)])
def test_parse_decimal_reads_numbers(text, expected):
    assert sanity.parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["abc", "7O4.8", "", "3,9", "< 0,8", "NaN", "Infinity"])
def test_parse_decimal_rejects_text_with_a_reason(text):
    with pytest.raises(ValueError, match="number"):
        sanity.parse_decimal(text)


def test_parse_count():
    assert sanity.parse_count("4") == 4
    assert sanity.parse_count("") is None
    for bad in ("-1", "1.5", "x"):
        with pytest.raises(ValueError, match="whole number"):
            sanity.parse_count(bad)


@pytest.mark.parametrize("amount", ["0", "0.0", "704.8", "1714.5", str(FOOD_CEILING_UG), "1.2300"])
def test_plausible_food_values_pass(amount):
    assert sanity.value_problem(Decimal(amount)) is None


def test_negative_value_is_refused():
    assert "cannot be negative" in sanity.value_problem(Decimal("-0.1"))


def test_food_ceiling_and_supplement_ceiling():
    above_food = FOOD_CEILING_UG + Decimal("0.001")
    assert "per 100 g is above the plausibility ceiling of 5,000" in sanity.value_problem(
        above_food
    )
    assert sanity.value_problem(Decimal(15000), per_unit=True) is None  # MK-4 15 mg capsule
    assert "per dose unit" in sanity.value_problem(SUPPLEMENT_CEILING_UG + 1, per_unit=True)


def test_more_decimals_than_the_model_keeps_is_refused():
    assert "more than 3 decimal places" in sanity.value_problem(Decimal("0.0001"))


@given(st.decimals(min_value=0, max_value=FOOD_CEILING_UG, places=3))
def test_every_value_within_bounds_passes(amount):
    assert sanity.value_problem(amount) is None


def test_portion_problems():
    assert sanity.portion_problem(Decimal(1), Decimal(175)) is None
    assert "more than 0 g" in sanity.portion_problem(Decimal(1), Decimal(0))
    assert "amount must be above 0" in sanity.portion_problem(Decimal(0), Decimal(5))
    assert "decimal places" in sanity.portion_problem(Decimal(1), Decimal("0.0005"))


def test_sanity_checks_lists_every_problem_with_its_form():
    problems = sanity.sanity_checks({"k1": Decimal(3), "mk7": Decimal(-1), "mk99": Decimal(1)})
    assert [form for form, _ in problems] == ["mk7", "mk99"]
    assert "unknown vitamin K form 'mk99'" in problems[1][1]
    assert sanity.sanity_checks({"mk4": Decimal(15000)}, per_unit=True) == []


def test_every_sr28_source_code_has_a_method():
    assert METHOD_BY_SRC_CD["1"] == Method.ANALYTICAL
    assert METHOD_BY_SRC_CD["4"] == Method.IMPUTED
    assert METHOD_BY_SRC_CD["7"] == Method.ASSUMED_ZERO
    assert {METHOD_BY_SRC_CD[c] for c in ("5", "8", "9")} == {Method.LABEL}
    assert METHOD_BY_SRC_CD["11"] == Method.AGGREGATED


def test_citation_for_an_article_and_a_report():
    article = _citation("A. Author", "A title.", "1995", "Food Chem", "56", "1", "87", "91")
    assert article == "A. Author (1995). A title. Food Chem 56(1):87-91."
    report = _citation("NDL, ARS, USDA", "Wave 7h", "2003", "", "Beltsville", "MD", "", "")
    assert report == "NDL, ARS, USDA (2003). Wave 7h. Beltsville, MD."


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Cheese Gouda 48+ av", "0100"),
        ("Cheese Mozzarella made from cow's milk", "0100"),
        ("Egg yolk, raw", "0100"),
        ("Liver, young cow, raw", "1300"),
        ("Liver, pork, raw", "1000"),
        ("Liver, goose, raw", "0500"),
        ("Salami", "0700"),
        ("Chicken fillet raw", "0500"),
        ("Pork tenderloin, lean, raw", "1000"),
        ("Beef, minced steak, 10% fat, raw", "1300"),
        ("Venison (roebuck), roasted/baked", "1700"),
        ("Atlantic herring, raw", "1500"),
        ("Stamppot (dish): sauerkraut mashed with potato, no meat, prepared", "2200"),
        ("Cabbage sauerkraut raw", "1100"),
        ("Cream whipping unprepared", "0100"),
        ("Dark chocolate bar, less than 70% cocoa", "1900"),
        ("Meat av raw excl liver", "MEAT"),
        ("Something unheard of", None),
    ],
)
def test_literature_group_keywords(name, code):
    assert group_code_for(name) == code


def test_literature_sources_have_short_names_and_methods():
    nevo = source_spec_for("RIVM, NEVO-online versie 2023/8.0 (Dutch Food Composition Database)")
    assert (nevo.name, nevo.method) == ("NEVO 2023/8.0 (RIVM)", Method.TABLE)
    ods = source_spec_for("NIH Office of Dietary Supplements, Vitamin K Fact Sheet")
    assert ods.method == Method.SECONDARY
    assert source_spec_for("Kamao M, Suhara Y 2007").method == Method.ANALYTICAL
    assert source_spec_for("Someone else 2031") is None
