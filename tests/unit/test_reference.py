"""Where a day's total vitamin K stands: the adult range 90–120 µg and the person's own value."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diary import intake, reference
from diary.reference import ABOVE, BELOW, NOT_YET, REACHED, WITHIN
from foods.amounts import Intake

D = Decimal
WOMAN = reference.reference_for(intake.iom_group("woman"))
MAN = reference.reference_for(intake.iom_group("man"))
CHILD_5 = reference.reference_for(intake.iom_group("child", 5))


@pytest.mark.parametrize(
    ("total", "status"),
    [
        (D("89.9"), BELOW),
        (D(90), WITHIN),  # both edges are inside the range
        (D("104.5"), WITHIN),
        (D(120), WITHIN),
        (D("120.1"), ABOVE),
        (D(338), ABOVE),
        (D(0), BELOW),  # a day logged with foods known to have none
    ],
)
def test_range_status_includes_both_edges(total, status):
    assert reference.range_status(total) == status


def test_a_day_with_nothing_known_has_no_status():
    """Nothing logged (or no data for any form) is not a day at 0 µg: no below, no reached."""
    assert reference.range_status(None) is None
    assert reference.own_status(None, D(90)) is None
    assert WOMAN.status(None) is None and CHILD_5.status(None) is None


def test_the_status_agrees_with_the_number_shown():
    """89.96 µg reads "90 µg" (one rounding rule), so it is within and has reached 90."""
    assert reference.range_status(D("89.96")) == WITHIN
    assert reference.own_status(D("89.96"), D(90)) == REACHED
    assert reference.range_status(D("89.94")) == BELOW
    assert reference.range_status(D("120.04")) == WITHIN
    assert reference.range_status(D("120.05")) == ABOVE
    assert reference.still_to_go(D("89.96"), D(90)) == 0
    assert reference.still_to_go(D("77.94"), D(90)) == D("12.1")


def test_own_value_edges():
    assert reference.own_status(D(90), D(90)) == REACHED
    assert reference.own_status(D("89.9"), D(90)) == NOT_YET
    assert MAN.own_status(D(100)) == NOT_YET and WOMAN.own_status(D(100)) == REACHED


def test_unknown_forms_are_not_zero():
    """A day whose food has only K2 data is placed by its K2; one with no data is not placed."""
    kale_no_data = Intake(grams=D(50))
    assert kale_no_data.total is None and WOMAN.status(kale_no_data.total) is None
    natto = Intake(amounts={"mk7": D(939)}, grams=D(100))
    assert natto.k1 is None and WOMAN.status(natto.total) == ABOVE
    # The gauge leaves an unknown part out instead of drawing it as 0.
    g = reference.gauge([("k1", None), ("k2", D(939))], WOMAN)
    assert [part.key for part in g.parts] == ["k2"]


def test_adults_see_the_range_children_their_own_value():
    assert (WOMAN.own_ug, WOMAN.adult, WOMAN.low, WOMAN.high) == (90, True, 90, 120)
    assert (MAN.own_ug, MAN.column) == (120, "against 90–120 µg")
    assert (CHILD_5.own_ug, CHILD_5.adult, CHILD_5.low, CHILD_5.high) == (55, False, 55, 55)
    assert CHILD_5.column == "against your 55 µg"
    # A child at 60 µg has reached her 55: no adult range places her "below".
    assert CHILD_5.range_status(D(60)) is None and CHILD_5.status(D(60)) == REACHED
    assert CHILD_5.status(D(54)) == NOT_YET
    # Teens and infants likewise; pregnancy and breastfeeding follow the IOM table.
    assert not reference.reference_for(intake.iom_group("teen", 16)).adult
    assert not reference.reference_for(intake.iom_group("infant", months=3)).adult
    assert not reference.reference_for(intake.iom_group("pregnant", 17)).adult
    pregnant_30 = reference.reference_for(intake.iom_group("pregnant", 30))
    assert pregnant_30.adult and pregnant_30.own_ug == 90
    assert reference.reference_for(intake.iom_group("breastfeeding", 25)).adult


def test_a_personal_target_is_marked_inside_the_range():
    mine = reference.reference_for(intake.iom_group("woman"), personal_ug=D(100))
    assert mine.adult and mine.personal and mine.own_ug == 100
    assert mine.status(D(95)) == WITHIN and mine.own_status(D(95)) == NOT_YET


def test_the_steady_mode_shows_no_range():
    steady = reference.reference_for(intake.iom_group("woman"), steady=True)
    assert not steady.adult and steady.range_status(D(100)) is None


def test_gauge_stacks_the_parts_and_shades_the_range():
    g = reference.gauge([("k1", D(150)), ("k2", D(150)), ("unseparated", D(60))], WOMAN, width=450)
    # Scale: 125% of 360 µg = 450 µg, so 1 µg is one unit.
    assert [(p.key, p.x, p.width) for p in g.parts] == [
        ("k1", 0, 150),
        ("k2", 150, 150),
        ("unseparated", 300, 60),
    ]
    assert (g.band_x, g.band_width, g.own) == (90, 30, 90)
    child = reference.gauge([("k1", D(10))], CHILD_5, width=1000)
    assert child.band_width == 0 and child.own == child.band_x


@given(
    st.lists(st.one_of(st.none(), st.decimals(min_value=0, max_value=50000, places=1)), max_size=3),
    st.decimals(min_value=1, max_value=50000, places=1),
    st.booleans(),
)
def test_gauge_stays_on_its_scale(parts, own, adult):
    ref = reference.Reference(own_ug=own, adult=adult)
    g = reference.gauge(list(zip(("k1", "k2", "unseparated"), parts, strict=False)), ref)
    end = 0
    for part in g.parts:
        assert part.x == end and part.width >= 0
        end = part.x + part.width
    assert 0 <= end <= g.width
    assert 0 <= g.band_x <= g.band_x + g.band_width <= g.width
    assert 0 <= g.own <= g.width


def test_counting_days_leaves_out_days_with_no_total():
    totals = [D(40), D(90), D(120), D(121), None, D("89.96")]
    assert WOMAN.count(totals) == {BELOW: 1, WITHIN: 3, ABOVE: 1}
    # A child of 5 at 60 µg has reached her 55: the adult range would have said "below".
    assert CHILD_5.count([D(60), D(54), None]) == {NOT_YET: 1, REACHED: 1}


def test_still_to_go_with_nothing_known_is_the_whole_value():
    assert reference.still_to_go(None, D(90)) == D(90)
    assert reference.still_to_go(D(900), D(90)) == 0
