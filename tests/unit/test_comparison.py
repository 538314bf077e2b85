"""Spread between sources and the outlier rule: pure, Decimal."""

from decimal import Decimal

import pytest

from foods import comparison

D = Decimal
OTHER_LIVERS_K2 = [D("0.3"), D("3.44"), D("7.94")]  # NEVO pork, CIQUAL pork, CIQUAL young cow


def test_goose_liver_k2_is_an_outlier_among_livers():
    assert comparison.is_outlier(D(369), OTHER_LIVERS_K2)  # 46 times the highest, 7.94


def test_the_threshold_is_ten_times_the_highest_peer():
    assert comparison.OUTLIER_FACTOR == 10
    assert not comparison.is_outlier(D("79.4"), OTHER_LIVERS_K2)  # exactly 10 times
    assert comparison.is_outlier(D("79.41"), OTHER_LIVERS_K2)


def test_too_few_peers_means_no_caution():
    assert comparison.MIN_PEERS == 3
    assert not comparison.is_outlier(D(369), OTHER_LIVERS_K2[:2])
    assert not comparison.is_outlier(D(369), [])


def test_far_below_the_others_is_not_cautioned():
    assert not comparison.is_outlier(D(0), [D(40), D(50), D(60)])


def test_a_trace_among_zeros_is_not_an_outlier():
    # SR28 livers print K1 0.0: 5 µg is not "ten times" anything worth a caution.
    assert not comparison.is_outlier(D(5), [D(0), D(0), D(0)])
    assert comparison.is_outlier(D("10.1"), [D(0), D(0), D(0)])  # above 10 × the 1 µg floor


@pytest.mark.parametrize(
    ("name", "group", "kind"),
    [
        ("Liver, goose, raw", "0500", "liver"),
        ("Liver pork raw", "1000", "liver"),
        ("Beef, variety meats and by-products, liver, raw", "1300", "liver"),
        ("Chicken liver, raw (Japan)", "0500", "liver"),
        ("Braunschweiger (a liver sausage), pork", "0700", None),
        ("Pate, chicken liver, canned", "0700", None),
        ("Meat av raw excl liver", "MEAT", None),  # NEVO: "excluding liver"
        ("Emmental cheese, from cow's milk", "0100", "cheese"),
        ("Pizza, cheese topping, regular crust", "2100", None),  # a dish, not a cheese
        ("Natto", "1600", None),
    ],
)
def test_kind_of(name, group, kind):
    found = comparison.kind_of(name, group)
    assert (found.key if found else None) == kind


def test_spread_of_emmental_k2_between_nevo_and_ciqual():
    spread = comparison.spread([D("43.3"), D("5.23")])
    assert (spread.low, spread.high) == (D("5.23"), D("43.3"))
    assert spread.ratio.quantize(D("0.1")) == D("8.3")


def test_spread_needs_two_values_and_has_no_ratio_to_zero():
    assert comparison.spread([D(1)]) is None
    assert comparison.spread([D(0), D("2.5")]).ratio is None
