"""What a day's K2 rests on (foods.amounts.k2_basis) and which borrowed forms would count the
same vitamin K twice (foods.importers.borrowed.counted_twice)."""

from decimal import Decimal

import pytest

from foods import amounts
from foods.importers.borrowed import counted_twice


def test_each_food_is_measured_borrowed_label_or_no_data():
    basis = amounts.k2_basis(
        [
            ("Natto", {"k1", "mk7"}, set(), False, Decimal(20)),
            ("Cheese, gouda", {"k1", "k2"}, {"k2"}, False, Decimal(30)),
            ("Spinach, raw", {"k1"}, set(), False, Decimal(30)),
            ("MK-7 capsule", {"mk7"}, set(), True, None),
            ("Natto", {"k1", "mk7"}, set(), False, Decimal(20)),  # logged twice: named once
        ],
        Decimal("207.2"),
    )
    assert basis.parts == [
        ("measured for", ("Natto",)),
        ("borrowed for", ("Cheese, gouda",)),
        ("from the label for", ("MK-7 capsule",)),
        ("no data for", ("Spinach, raw",)),
    ]
    assert basis.grams[amounts.MEASURED] == Decimal(40)
    assert basis.share(amounts.BORROWED) == Decimal(30) / Decimal(100)
    assert basis.shares == [
        (amounts.MEASURED, Decimal("0.4")),
        (amounts.BORROWED, Decimal("0.3")),
        (amounts.NO_DATA, Decimal("0.3")),
    ]
    assert basis.has_borrowed and basis.has_no_data


def test_k2_partly_borrowed_rests_on_a_borrowed_value():
    assert amounts.k2_provenance({"mk4", "mk7"}, {"mk7"}, label=False) == amounts.BORROWED
    assert amounts.k2_provenance({"mk4", "k1"}, {"k1"}, label=False) == amounts.MEASURED
    # a total whose form was not separated is not K2
    assert amounts.k2_provenance({"k_unsep"}, set(), label=False) == amounts.NO_DATA


def test_nothing_logged_has_no_parts_and_no_share():
    basis = amounts.k2_basis([], None)
    assert basis.parts == [] and basis.shares == []
    assert basis.share(amounts.MEASURED) is None


@pytest.mark.parametrize(
    ("form", "present", "twice"),
    [
        ("k2", {"k1"}, False),
        ("k2", {"mk4"}, True),  # a K2 total holds MK-4 already
        ("mk7", {"k2"}, True),
        ("mk7", {"mk4", "k1"}, False),
        ("k_unsep", {"k1"}, True),  # a not-separated total holds K1 and K2
        ("k1", {"k_unsep"}, True),
        ("dk1", {"k_unsep"}, False),
    ],
)
def test_counted_twice(form, present, twice):
    assert counted_twice(form, present) is twice
