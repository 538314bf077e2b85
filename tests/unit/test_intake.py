"""The intake arithmetic: pure, Decimal, unknown kept apart from zero."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diary import intake
from foods import amounts, vitamers

D = Decimal

ug_values = st.decimals(
    min_value=0, max_value=5000, places=3, allow_nan=False, allow_infinity=False
)
grams = st.decimals(min_value=D("0.001"), max_value=5000, places=3)
factors = st.decimals(min_value=D("0.001"), max_value=100, places=3)
values = st.dictionaries(
    st.sampled_from(vitamers.ALL_FORMS), ug_values, max_size=len(vitamers.ALL_FORMS)
)


@st.composite
def entries(draw):
    if draw(st.booleans()):
        return amounts.entry_intake(draw(values), grams=draw(grams))
    return amounts.entry_intake(draw(values), units=draw(factors))


def test_natto_100_g():
    natto = amounts.entry_intake({"k1": D("23.1"), "mk7": D(939)}, grams=100)
    assert natto.k1 == D("23.1")
    assert natto.mk7 == D(939)
    assert natto.k2 == D(939)
    assert natto.total == D("962.1")
    assert natto.mk4 is None and natto.k2_unspecified is None


def test_unknown_is_not_zero():
    spinach = amounts.entry_intake({"k1": D(483)}, grams=100)
    assert spinach.k2 is None
    assert spinach.k2_coverage == 0
    assert spinach.k1_coverage == 1
    nothing = amounts.entry_intake({}, grams=50)
    assert nothing.total is None
    assert amounts.total([]).total is None


def test_a_measured_zero_is_known():
    oil = amounts.entry_intake({"k1": D(0), "mk4": D(0)}, grams=10)
    assert oil.total == 0
    assert oil.coverage["k1"] == 1 and oil.coverage["mk4"] == 1
    # Not K2 coverage 1: one measured menaquinone is not K2 as a whole.
    assert oil.k2_coverage == 0


# --- completeness per form ---------------------------------------------------------------

# Hand-built foods, µg per 100 g, with the forms their sources give.
CREAM_CHEESE_SR28 = {"k1": D("2.9"), "dk1": D(0), "mk4": D("19.3")}  # SR28: MK-4 only
CHEDDAR_AUSTRALIA = {"mk5": D("1.1"), "mk8": D(4), "mk9": D(8)}  # Dunlop 2022: no MK-6/7/10
GOUDA_NEVO = {"k1": D("3.9"), "k2": D("64.5")}  # a K2 total, form not reported
NATTO_MEXT = {"k_unsep": D(930)}  # one total, K1 and K2 not separated
KALE = {"k1": D("704.8")}
EVERY_MENAQUINONE = dict.fromkeys(vitamers.SEPARATE_K2_FORMS, D(1))


@pytest.mark.parametrize(
    ("values", "keys"),
    [
        (CREAM_CHEESE_SR28, {"k1", "mk4"}),
        (CHEDDAR_AUSTRALIA, set()),  # some other MK-n is not every other MK-n
        (GOUDA_NEVO, {"k1", "k2", "total"}),  # K2 known as a whole, MK-7 not
        (NATTO_MEXT, {"total"}),  # neither K1 nor K2
        (KALE, {"k1"}),
        (EVERY_MENAQUINONE, {"mk4", "mk7", "mk_other", "k2"}),
        ({"mk7": D(100)}, {"mk7"}),
        ({}, set()),
    ],
)
def test_what_a_food_covers(values, keys):
    assert amounts.covered(values) == keys


def test_a_day_with_mk4_only_cheddar_without_k1_a_k2_total_and_a_mext_total():
    day = amounts.total(
        [
            amounts.entry_intake(CREAM_CHEESE_SR28, grams=30),
            amounts.entry_intake(CHEDDAR_AUSTRALIA, grams=40),
            amounts.entry_intake(GOUDA_NEVO, grams=50),
            amounts.entry_intake(NATTO_MEXT, grams=20),
            amounts.entry_intake(KALE, grams=60),
        ]
    )
    assert day.grams == 200
    assert day.coverage == {
        "k1": D(140) / 200,  # cream cheese, gouda, kale
        "mk4": D(30) / 200,  # cream cheese only
        "mk7": 0,  # nobody measured MK-7 here: the gouda's K2 total is of unreported form
        "mk_other": 0,  # the cheddar has MK-5/8/9 but not MK-6 or MK-10
        "k2": D(50) / 200,  # only the gouda's K2 total; cream cheese and cheddar are partial
        "total": D(70) / 200,  # gouda (K1 + K2) and the MEXT natto
    }
    assert (day.k1_coverage, day.k2_coverage) == (day.coverage["k1"], day.coverage["k2"])
    # The amounts are still every known value: MK-4 from cream cheese, MK-n from the cheddar.
    assert day.mk4 == D("5.79")
    assert day.mk_other == D("5.24")
    assert day.k2 == D("5.79") + D("5.24") + D("32.25")
    assert day.total == day.k1 + day.k2 + D(186)


def test_supplements_have_no_grams_to_cover():
    capsules = amounts.entry_intake({"mk7": D(100)}, units=2)
    assert capsules.coverage == dict.fromkeys(amounts.COVERAGE)
    with_food = capsules + amounts.entry_intake(KALE, grams=100)
    assert with_food.coverage["mk7"] == 0  # 200 µg MK-7 logged, but no gram of food had MK-7
    assert with_food.mk7 == D(200)


def test_dihydrophylloquinone_is_shown_but_not_counted():
    margarine = amounts.entry_intake({"k1": D(10), "dk1": D(50)}, grams=100)
    assert margarine.dihydro_k1 == D(50)
    assert margarine.total == D(10)


def test_a_total_without_forms_counts_for_the_total_only():
    # MEXT 2020 hikiwari natto: 930 µg vitamin K, K1 and K2 not separated.
    natto = amounts.entry_intake({"k_unsep": D(930)}, grams=50)
    assert natto.total == D(465)
    assert natto.k1 is None and natto.k2 is None and natto.mk7 is None
    assert natto.k1_coverage == 0 and natto.k2_coverage == 0


def test_supplement_units_are_not_grams():
    capsule = amounts.entry_intake({"mk7": D(100)}, units=2)
    assert capsule.mk7 == D(200)
    assert capsule.grams == 0
    assert capsule.k2_coverage is None
    with pytest.raises(ValueError):
        amounts.entry_intake({}, grams=1, units=1)


@given(values, grams)
def test_parts_add_up_to_the_total(vals, g):
    one = amounts.entry_intake(vals, grams=g)
    k2_parts = [one.mk4, one.mk7, one.mk_other, one.k2_unspecified]
    parts = [one.k1, *k2_parts, one.unseparated]
    known = [p for p in parts if p is not None]
    assert one.total == (sum(known, D(0)) if known else None)
    if one.k2 is not None:
        assert one.k2 == sum((p for p in k2_parts if p is not None), D(0))


@given(values, grams, factors)
def test_scaling_the_amount_scales_the_result(vals, g, factor):
    base = amounts.entry_intake(vals, grams=g)
    scaled = amounts.entry_intake(vals, grams=g * factor)
    for form in vals:
        assert scaled.amount(form) == base.amount(form) * factor
    assert base.scaled(factor) == scaled


@given(st.lists(entries(), max_size=6))
def test_unknown_never_counts_as_zero(items):
    day = amounts.total(items)
    for form in vitamers.ALL_FORMS:
        had_data = any(item.amount(form) is not None for item in items)
        assert (day.amount(form) is not None) == had_data


@given(entries(), entries(), entries())
def test_sums_are_associative_and_commutative(a, b, c):
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert a + amounts.NOTHING == a


@given(st.lists(entries(), max_size=6))
def test_coverage_is_between_0_and_1(items):
    day = amounts.total(items)
    for coverage in (day.k1_coverage, day.k2_coverage, *day.coverage.values()):
        assert coverage is None or 0 <= coverage <= 1
    assert (day.k1_coverage is None) == (day.grams == 0)


@given(values)
def test_a_k2_total_covers_k2_but_no_single_form(vals):
    with_total = {**vals, vitamers.K2_UNSPECIFIED: D(5)}
    keys = amounts.covered(with_total)
    assert "k2" in keys
    assert ("mk7" in keys) == (vitamers.MK7 in vals)


@given(st.lists(entries(), max_size=6), st.lists(entries(), max_size=6))
def test_coverage_grams_add_up_across_days(first, second):
    week = amounts.total(first) + amounts.total(second)
    for key in amounts.COVERAGE:
        expected = (
            amounts.total(first).grams_covered[key] + amounts.total(second).grams_covered[key]
        )
        assert week.grams_covered[key] == expected


@given(st.lists(entries(), min_size=1, max_size=6))
def test_day_total_is_the_sum_of_entry_totals(items):
    known = [item.total for item in items if item.total is not None]
    day = amounts.total(items)
    assert day.total == (sum(known, D(0)) if known else None)


@st.composite
def logged_amounts(draw):
    """(values, is supplement, quantity, grams) as a diary entry is counted."""
    if draw(st.booleans()):
        return (draw(values), True, draw(factors), None)
    eaten = draw(grams)
    return (draw(values), False, draw(factors), eaten)  # a food's quantity is not counted


@given(st.lists(logged_amounts(), max_size=8))
def test_adding_up_logged_amounts_at_once_equals_adding_their_intakes(logged):
    """The trend's day sums (no Intake per entry) are the day page's sums, Decimal for Decimal."""
    one_by_one = amounts.total(
        amounts.amount_intake(v, is_supplement=s, quantity=q, grams=g) for v, s, q, g in logged
    )
    at_once = amounts.total_logged(logged)
    assert at_once == one_by_one
    assert {f: str(a) for f, a in at_once.amounts.items()} == {
        f: str(a) for f, a in one_by_one.amounts.items()
    }  # the same digits, not only the same value


def test_grams_to_provide():
    assert intake.grams_to_provide(D(90), D(900)) == D(10)
    assert intake.grams_to_provide(D(90), None) is None
    assert intake.grams_to_provide(D(90), D(0)) is None


def test_serving_in_portions_rounds_up_to_half_portions():
    # Kale-like: 389.6 µg/100 g, 1 cup = 67 g; 90 µg needs 23.1 g = 0.34 cup -> half a cup.
    serving = intake.serving_to_close_gap(D(90), D("389.6"), D(67))
    assert serving.count == D("0.5")
    assert serving.grams == D("33.5")
    assert serving.ug == D("33.5") * D("389.6") / 100
    assert serving.ug >= 90


def test_serving_in_grams_rounds_up_to_5_g():
    serving = intake.serving_to_close_gap(D(90), D(939))
    assert serving.count is None
    assert serving.grams == D(10)


def test_no_serving_when_unrealistic_or_no_data():
    assert intake.serving_to_close_gap(D(90), D(1)) is None  # 9 kg of food
    assert intake.serving_to_close_gap(D(90), None) is None


@given(
    st.decimals(min_value=1, max_value=500, places=1),
    st.decimals(min_value=1, max_value=2000, places=1),
    st.one_of(st.none(), st.decimals(min_value=1, max_value=300, places=1)),
)
def test_a_serving_always_closes_the_gap(gap, density, portion):
    serving = intake.serving_to_close_gap(gap, density, portion)
    if serving is not None:
        assert serving.ug >= gap
        assert serving.grams <= 500


def test_top_contributors_sums_per_food_and_drops_unknown():
    natto = amounts.entry_intake({"mk7": D(939)}, grams=50)
    kale = amounts.entry_intake({"k1": D(389)}, grams=10)
    rice = amounts.entry_intake({}, grams=200)
    ranked = intake.top_contributors(
        [("natto", natto), ("kale", kale), ("natto", natto), ("rice", rice)]
    )
    assert [key for key, _ in ranked] == ["natto", "kale"]
    assert ranked[0][1].total == D(939)


def test_top_contributors_limit_ties_and_share_of_everything():
    # The week page's use: several entries per food, a limit, shares of the known whole.
    natto = amounts.Intake(amounts={"k1": D("23.1"), "mk7": D(939)})
    named = [
        ((1, "Natto"), natto),
        ((2, "Kale"), amounts.Intake(amounts={"k1": D(390)})),
        ((1, "Natto"), natto),
        ((3, "Mystery"), amounts.NOTHING),
        ((4, "Apple"), amounts.Intake(amounts={"k1": D("2.2")})),
        ((5, "Zero"), amounts.Intake(amounts={"k1": D(0)})),
    ]
    top = intake.top_contributors(named, limit=2)
    assert [(key[1], one.total) for key, one in top] == [
        ("Natto", D("1924.2")),
        ("Kale", D(390)),
    ]
    everything = amounts.total(one for _, one in named).total
    assert everything == D("1924.2") + D(390) + D("2.2")
    assert intake.share(top[0][1].total, everything) == D("1924.2") / everything
    assert [key for key, _ in intake.top_contributors(named, limit=10)] == [
        (1, "Natto"),
        (2, "Kale"),
        (4, "Apple"),
    ]
    assert intake.top_contributors([]) == []


def test_top_contributors_equal_totals_keep_first_seen_order():
    same = amounts.Intake(amounts={"k1": D(10)})
    ranked = intake.top_contributors([("b", same), ("a", same), ("c", same)])
    assert [key for key, _ in ranked] == ["b", "a", "c"]


def test_share():
    assert intake.share(D(1), D(4)) == D("0.25")
    assert intake.share(None, D(4)) is None
    assert intake.share(D(1), D(0)) is None


def test_best_serving_prefers_the_portion_with_least_overshoot():
    # Kale-like: 704.8 µg/100 g; a 21 g cup gives 148 µg for a 90 µg gap, a 130 g bunch far more.
    serving, index = intake.best_serving(D(90), D("704.8"), [D(130), D(21)])
    assert index == 1
    assert serving.count == 1 and serving.grams == 21


def test_best_serving_falls_back_to_grams_when_a_portion_is_far_too_much():
    # Natto: half a 175 g cup is 87.5 g = 842 µg for a 90 µg gap; 10 g says it better.
    serving, index = intake.best_serving(D(90), D("962.1"), [D(175)])
    assert index is None
    assert serving.count is None and serving.grams == 10


def test_best_serving_without_data_is_none():
    assert intake.best_serving(D(90), None, [D(100)]) is None
