"""Steady vitamin K on a VKA: usual intake, rolling averages, the foods behind a day,
Rosendaal time in range and INR entry. Every expected number is worked out by hand in a comment."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diary.anticoagulation import steadiness as s
from foods.amounts import Intake

D = Decimal
DAY0 = date(2026, 1, 1)


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


def k1(ug: int | str) -> Intake:
    return Intake(amounts={"k1": D(ug)}, grams=D(100), grams_covered={"k1": D(100)})


def k1_mk7(k1_ug: int, mk7_ug: int) -> Intake:
    return Intake(amounts={"k1": D(k1_ug), "mk7": D(mk7_ug)}, grams=D(100))


# --- usual intake ------------------------------------------------------------------------------


def test_usual_intake_needs_seven_logged_days_and_skips_unlogged_ones():
    # Days 0..7 with days 2 and 5 not logged: six logged days, not enough.
    totals = [100, 120, None, 80, 100, None, 140, 60]
    days = {day(n): (k1(t) if t is not None else None) for n, t in enumerate(totals)}
    assert s.usual_intake(days, day(7)) is None

    # A seventh logged day. Values 100 120 80 100 140 60 100: sum 700, mean 100.
    # Deviations 0 20 −20 0 40 −40 0, squares sum 4000; sample variance 4000/6.
    # (Counting the two unlogged days as 0 would give 700/9 = 77.8.)
    days[day(8)] = k1(100)
    usual = s.usual_intake(days, day(8))
    assert usual is not None
    assert usual.total == s.Spread(mean=D(100), sd=(D(4000) / 6).sqrt(), days=7)
    assert round(usual.total.sd, 2) == D("25.82")  # not the population SD, √(4000/7) = 23.90
    assert usual.days == tuple(day(n) for n in (0, 1, 3, 4, 6, 7, 8))
    assert usual.first_day == day(0)
    assert usual.k1 == usual.total
    assert usual.mk7 is None  # no day had MK-7 data


def test_usual_intake_uses_the_last_28_logged_days_up_to_the_day():
    # Days 0 and 1 at 1000 µg, then 28 days at 100 with a gap of 10 unlogged days after day 10.
    days: dict[date, Intake | None] = {day(0): k1(1000), day(1): k1(1000)}
    days.update({day(n): k1(100) for n in range(2, 11)})  # 9 days
    days.update({day(n): None for n in range(11, 21)})
    days.update({day(n): k1(100) for n in range(21, 40)})  # 19 days: 28 at 100 in all
    days[day(40)] = k1(5000)  # after `through`: not counted
    usual = s.usual_intake(days, day(39))
    assert usual is not None
    assert usual.total == s.Spread(mean=D(100), sd=D(0), days=28)
    assert usual.first_day == day(2)
    # One day later the window slides by one logged day: day 2 drops out, day 40 comes in.
    # 27 × 100 + 5000 = 7700; / 28 = 275.
    assert s.usual_intake(days, day(40)).total.mean == D(275)


def test_usual_intake_per_form_rests_on_the_days_that_form_is_known():
    # 7 days with K1 and MK-7, then 3 with K1 only (spinach: MK-7 unknown, not 0).
    days = {day(n): k1_mk7(100, 10) for n in range(7)}
    days.update({day(n): k1(100) for n in range(7, 10)})
    usual = s.usual_intake(days, day(9))
    assert usual.k1 == s.Spread(mean=D(100), sd=D(0), days=10)
    assert usual.mk7 == s.Spread(mean=D(10), sd=D(0), days=7)  # not 70/10 = 7
    # total: 7 × 110 + 3 × 100 = 1070 over 10 days = 107
    assert usual.total.mean == D(107)
    assert usual.spread("mk7") == usual.mk7
    assert usual.mk4 is None


def test_a_logged_day_without_data_takes_a_place_in_the_window_but_no_value():
    days = {day(n): k1(100) for n in range(7)}
    days[day(7)] = Intake(grams=D(200))  # logged food with no vitamin K data
    usual = s.usual_intake(days, day(7))
    assert usual.days[-1] == day(7)
    assert usual.total.days == 7


daily_ug = st.decimals(min_value=0, max_value=2000, places=1)


@given(st.lists(st.one_of(st.none(), daily_ug), max_size=60))
def test_unlogged_days_change_nothing_but_the_dates(totals):
    # The same logged values with every unlogged day removed give the same usual intake.
    with_gaps = {day(n): (k1(t) if t is not None else None) for n, t in enumerate(totals)}
    logged = [t for t in totals if t is not None]
    packed = {day(n): k1(t) for n, t in enumerate(logged)}
    a = s.usual_intake(with_gaps, day(len(totals)))
    b = s.usual_intake(packed, day(len(logged)))
    assert (a.total if a else None) == (b.total if b else None)
    assert (a is None) == (len(logged) < 7)
    if a:
        last = logged[-28:]
        assert a.total.days == len(last)
        assert min(last) <= a.total.mean <= max(last)


def test_a_day_given_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        s.usual_intake([(day(0), k1(1)), (day(0), k1(2))], day(0))


# --- rolling averages and differences ----------------------------------------------------------

ROLLING = {
    day(1): k1(70),
    day(2): None,
    day(3): k1(90),
    day(4): k1(110),
    day(5): None,
    day(6): k1(130),
    day(7): k1(150),
}


def test_last_4_and_last_7_day_averages_leave_unlogged_days_out():
    # Days 4..7: 110, —, 130, 150 → 390 / 3 = 130
    assert s.window_average(ROLLING, day(7), 4) == s.WindowAverage(
        end=day(7), length=4, mean=D(130), days=3
    )
    # Days 1..7: 70 90 110 130 150 → 550 / 5 = 110
    assert s.window_average(ROLLING, day(7), 7).mean == D(110)
    # Days 2..5: —, 90, 110, — → 100
    assert s.window_average(ROLLING, day(5), 4).mean == D(100)
    assert s.window_average(ROLLING, day(5), 4).start == day(2)
    # Nothing logged in days 8..9
    assert s.window_average(ROLLING, day(9), 2) is None
    assert s.window_average(ROLLING, day(7), 4, measure="mk7") is None


def test_difference_from_usual_in_ug_and_percent():
    usual = s.Spread(mean=D(100), sd=D(20), days=7)
    assert s.difference_from_usual(D(130), usual) == s.Difference(ug=D(30), percent=D(30))
    assert s.difference_from_usual(D(75), usual) == s.Difference(ug=D(-25), percent=D(-25))
    nothing_usual = s.Spread(mean=D(0), sd=D(0), days=7)
    assert s.difference_from_usual(D(5), nothing_usual).percent is None


def test_a_day_far_above_usual_compared_with_the_days_before_it():
    # Days 1..8 at 100 µg, day 9 at 400.
    days = {day(n): k1(100) for n in range(1, 9)}
    days[day(9)] = k1(400)
    c = s.compare_with_usual(days, day(9))
    assert c.usual.total == s.Spread(mean=D(100), sd=D(0), days=8)  # day 9 not in its own usual
    assert c.day_ug == D(400)
    assert c.day_vs_usual == s.Difference(ug=D(300), percent=D(300))
    # Days 6..9: 100 100 100 400 → 175, +75 µg, +75%
    assert c.last_4.mean == D(175)
    assert c.last_4_vs_usual == s.Difference(ug=D(75), percent=D(75))
    # Days 3..9: 6 × 100 + 400 = 1000 / 7 = 142.857…
    assert round(c.last_7_vs_usual.ug, 3) == D("42.857")


def test_no_comparison_before_seven_logged_days():
    days = {day(n): k1(100) for n in range(1, 7)}  # six days before day 7
    days[day(7)] = k1(300)
    c = s.compare_with_usual(days, day(7))
    assert c.usual is None
    assert c.day_ug == D(300)
    assert c.day_vs_usual is None and c.last_4_vs_usual is None


def test_unknown_measure_is_refused():
    with pytest.raises(ValueError, match="Unknown measure"):
        s.window_average(ROLLING, day(7), 4, measure="k3")


# --- the foods behind a day ---------------------------------------------------------------------


def test_foods_that_made_a_day_differ_from_usual():
    # Usual window: day 1 spinach 200 + oil 10; day 2 broccoli 100 + oil 10.
    # Per logged day: spinach 100, broccoli 50, oil 10 (sum 160 = the usual mean total).
    foods_by_day = {
        day(1): {"spinach": D(200), "oil": D(10)},
        day(2): {"broccoli": D(100), "oil": D(10), "coffee": None},
    }
    usual = s.usual_by_food(foods_by_day, [day(1), day(2)])
    assert usual == {"spinach": D(100), "oil": D(10), "broccoli": D(50)}
    # The day: kale 300, oil 10 → 310, i.e. 150 above 160.
    # Kale +300, spinach −100, broccoli −50, oil 0 (left out): +300 −100 −50 = +150.
    ranked = s.foods_behind_difference({"kale": D(300), "oil": D(10), "tea": None}, usual)
    assert [(row.food, row.ug) for row in ranked] == [
        ("kale", D(300)),
        ("spinach", D(-100)),
        ("broccoli", D(-50)),
    ]
    assert ranked[0] == s.FoodDifference(food="kale", day_ug=D(300), usual_ug=D(0))
    assert len(s.foods_behind_difference({"kale": D(300)}, usual, limit=1)) == 1


food_ug = st.decimals(min_value=0, max_value=1000, places=2)
food_maps = st.dictionaries(st.sampled_from("abcdefgh"), food_ug, max_size=8)


@given(st.lists(food_maps, min_size=1, max_size=10), food_maps)
def test_food_differences_add_up_to_the_days_difference(window, today):
    days = [day(n) for n in range(len(window))]
    usual = s.usual_by_food(dict(zip(days, window, strict=True)), days)
    usual_total = sum((sum(m.values(), D(0)) for m in window), D(0)) / len(window)
    rows = s.foods_behind_difference(today, usual, limit=100)
    explained = sum((row.ug for row in rows), D(0))
    assert abs(explained - (sum(today.values(), D(0)) - usual_total)) < D("1e-20")
    assert [abs(r.ug) for r in rows] == sorted((abs(r.ug) for r in rows), reverse=True)


# --- time in therapeutic range (Rosendaal, reference §2.1) ---------------------------------------

LOW, HIGH = D("2.0"), D("3.0")


def ttr(tests, start, end, **kw):
    return s.time_in_range(
        [(day(n), D(v)) for n, v in tests], low=LOW, high=HIGH, start=start, end=end, **kw
    )


def test_ttr_all_in_range():
    # Day 0 2.0 → day 10 3.0: day k has 2.0 + 0.1k = 2.1 … 3.0, all in (3.0 is the limit).
    # Day 10 3.0 → day 20 2.5: 3.0 − 0.05k = 2.95 … 2.5, all in. Day 0 itself is not counted.
    r = ttr([(0, "2.0"), (10, "3.0"), (20, "2.5")], day(0), day(20))
    assert (r.days_in_range, r.days_counted, r.share_in_range) == (20, 20, 1)
    assert r.excluded_gaps == ()


def test_ttr_crossing_the_upper_limit_mid_interval():
    # Day 0 2.5 → day 10 3.5: day k has 2.5 + 0.1k.
    # k = 1..5: 2.6 2.7 2.8 2.9 3.0 → in (3.0 at the limit counts in); k = 6..10: 3.1 … 3.5 above.
    r = ttr([(0, "2.5"), (10, "3.5")], day(0), day(10))
    assert (r.days_below, r.days_in_range, r.days_above) == (0, 5, 5)
    assert r.share_in_range == D("0.5") and r.share_above == D("0.5")
    assert r.percent_in_range == D(50)


def test_ttr_value_exactly_at_a_limit():
    # A test at exactly 2.0: day 0 1.5 → day 5 2.0 gives 1.6 1.7 1.8 1.9 below, 2.0 in.
    r = ttr([(0, "1.5"), (5, "2.0")], day(0), day(5))
    assert (r.days_below, r.days_in_range) == (4, 1)
    assert r.share_in_range == D("0.2") and r.share_below == D("0.8")
    # Interpolated exactly onto a limit: 0.5 → 2.3 over 18 days gives 0.5 + 0.1k, so k = 1..14
    # (0.6 … 1.9) below and k = 15..18 (2.0 … 2.3) in.
    # (In floats, 0.5 + (2.3 − 0.5)·15/18 is 1.9999999999999998: below.)
    r = ttr([(0, "0.5"), (18, "2.3")], day(0), day(18))
    assert (r.days_below, r.days_in_range) == (14, 4)
    # 0.64 → 5.36 over 2 days: day 1 is exactly 3.00, in (floats: 3.0000000000000004); day 2 above.
    r = ttr([(0, "0.64"), (2, "5.36")], day(0), day(2))
    assert (r.days_in_range, r.days_above) == (1, 1)


def test_ttr_gap_longer_than_56_days_is_excluded():
    # Day 0 → 10 (10 days, all 2.5, in) then day 10 → 70 (60 days > 56): dropped from both sides.
    r = ttr([(0, "2.5"), (10, "2.5"), (70, "1.5")], day(0), day(70))
    assert (r.days_in_range, r.days_counted, r.share_in_range) == (10, 10, 1)
    assert r.excluded_gaps == (s.Gap(after=day(10), before=day(70), days_in_period=60),)
    assert r.excluded_gaps[0].days == 60


def test_ttr_gap_of_exactly_56_days_is_interpolated_57_is_not():
    # "Gaps of greater than 56 days … are not interpolated" (AHRQ, reference §2.1).
    assert ttr([(0, "2.5"), (56, "2.5")], day(0), day(56)).days_counted == 56
    r = ttr([(0, "2.5"), (57, "2.5")], day(0), day(57))
    assert r.days_counted == 0 and r.share_in_range is None
    assert len(r.excluded_gaps) == 1
    # The limit is a parameter for a clinic that uses another one.
    assert ttr([(0, "2.5"), (57, "2.5")], day(0), day(57), max_gap_days=60).days_counted == 57


def test_ttr_period_starting_and_ending_between_tests():
    # Day 0 1.5 → day 10 3.5: day k has 1.5 + 0.2k: 1.7 1.9 2.1 2.3 2.5 2.7 2.9 3.1 3.3 3.5.
    # Period days 2..7: 1.9 below; 2.1 2.3 2.5 2.7 2.9 in → 5 of 6.
    r = ttr([(0, "1.5"), (10, "3.5")], day(2), day(7))
    assert (r.days_below, r.days_in_range, r.days_above) == (1, 5, 0)
    assert r.share_in_range == D(5) / D(6)
    # A period reaching before the first test and after the last counts only days between them.
    r = ttr([(0, "1.5"), (10, "3.5")], day(-30), day(40))
    assert (r.days_below, r.days_in_range, r.days_above) == (2, 5, 3)


def test_ttr_gap_only_partly_in_the_period():
    # Gap day 10 → day 80 (70 days); period days 60..90 covers days 60..80 of it: 21 days.
    r = ttr([(0, "2.5"), (10, "2.5"), (80, "2.5"), (90, "2.5")], day(60), day(90))
    assert r.excluded_gaps == (s.Gap(after=day(10), before=day(80), days_in_period=21),)
    assert r.days_counted == 10  # days 81..90


def test_ttr_averages_tests_on_the_same_day():
    # Day 0: 1.0 and 4.0 → 2.5; day 2: 2.5. Both days in. (Either alone would put day 1 out.)
    r = ttr([(0, "1.0"), (0, "4.0"), (2, "2.5")], day(0), day(2))
    assert (r.days_in_range, r.days_counted) == (2, 2)


def test_ttr_refuses_a_range_upside_down_and_a_period_backwards():
    with pytest.raises(ValueError, match="lower limit"):
        s.time_in_range([], low=D(3), high=D(2), start=day(0), end=day(1))
    with pytest.raises(ValueError, match="period"):
        s.time_in_range([], low=D(2), high=D(3), start=day(1), end=day(0))


def test_ttr_with_no_or_one_test_counts_nothing():
    assert ttr([], day(0), day(10)).share_in_range is None
    assert ttr([(3, "2.5")], day(0), day(10)).days_counted == 0


inr_values = st.decimals(min_value=D("0.5"), max_value=15, places=2)
tests_strategy = st.lists(
    st.tuples(st.integers(min_value=0, max_value=200), inr_values), min_size=2, max_size=12
)
periods = st.tuples(st.integers(-10, 210), st.integers(0, 100))


@given(tests_strategy, periods)
def test_ttr_shares_lie_between_0_and_1_and_days_add_up(tests, period):
    start, length = period
    r = ttr(tests, day(start), day(start + length))
    assert r.days_below + r.days_in_range + r.days_above == r.days_counted
    if r.days_counted:
        assert 0 <= r.share_in_range <= 1
        assert abs(r.share_below + r.share_in_range + r.share_above - 1) < D("1e-20")
    # Every day of the period between the first and last test is counted or in an excluded gap.
    test_days = sorted({n for n, _ in tests})
    covered = range(max(start, test_days[0] + 1), min(start + length, test_days[-1]) + 1)
    assert r.days_counted + sum(g.days_in_period for g in r.excluded_gaps) == len(covered)


@given(tests_strategy, periods)
def test_ttr_is_1_once_every_inr_is_moved_into_range(tests, period):
    start, length = period
    clamped = [(n, str(min(max(v, LOW), HIGH))) for n, v in tests]
    r = ttr(clamped, day(start), day(start + length))
    assert r.days_in_range == r.days_counted
    if r.days_counted:
        assert r.share_in_range == 1


# --- INR as typed ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("2.4", "2.4"), ("2,45", "2.45"), (" 3.1 ", "3.1"), ("0.5", "0.5"), ("15", "15"), ("3", "3")],
)
def test_parse_inr_accepts(text, value):
    assert s.parse_inr(text) == D(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.49", "between 0.5 and 15"),
        ("15.01", "between 0.5 and 15"),
        ("150", "between 0.5 and 15"),
        ("2.345", "at most two decimals"),
        ("", "as a number"),
        ("abc", "as a number"),
        ("-2.5", "as a number"),
        ("1e1", "as a number"),
        ("NaN", "as a number"),
        ("2.4.1", "as a number"),
        (".5", "as a number"),
        ("٢.٤", "as a number"),  # Arabic-Indic digits: Decimal would take them, we do not
    ],
)
def test_parse_inr_refuses_with_a_reason(text, message):
    with pytest.raises(ValueError, match=message):
        s.parse_inr(text)


def test_validate_inr_checks_a_decimal_too():
    assert s.validate_inr(D("2.50")) == D("2.5")
    for bad in (D("NaN"), D("Infinity"), D("2.501"), D("0.4")):
        with pytest.raises(ValueError):
            s.validate_inr(bad)


@given(inr_values)
def test_any_inr_with_two_decimals_round_trips(value):
    assert s.parse_inr(str(value)) == value
    assert s.parse_inr(str(value).replace(".", ",")) == value
