"""The IOM 2011 calcium and vitamin D table by life stage, and a day's totals against it."""

from decimal import Decimal

import pytest

from diary import bone
from diary.bone import Logged, bone_group


def values(group):
    return (group.calcium_rda_mg, group.calcium_ul_mg, group.d_rda_ug, group.d_ul_ug)


@pytest.mark.parametrize(
    ("stage", "age", "months", "expected", "kind"),
    [
        ("infant", None, 0, (200, 1000, 10, Decimal("25")), "AI"),
        ("infant", None, 6, (200, 1000, 10, Decimal("25")), "AI"),
        ("infant", None, 7, (260, 1500, 10, Decimal("37.5")), "AI"),
        ("infant", None, 12, (260, 1500, 10, Decimal("37.5")), "AI"),
        ("child", 1, None, (700, 2500, 15, 63), "RDA"),
        ("child", 3, None, (700, 2500, 15, 63), "RDA"),
        ("child", 4, None, (1000, 2500, 15, 75), "RDA"),
        ("child", 8, None, (1000, 2500, 15, 75), "RDA"),
        ("child", 9, None, (1300, 3000, 15, 100), "RDA"),
        ("teen", 18, None, (1300, 3000, 15, 100), "RDA"),
        ("man", 19, None, (1000, 2500, 15, 100), "RDA"),
        ("woman", 19, None, (1000, 2500, 15, 100), "RDA"),
        ("woman", 50, None, (1000, 2500, 15, 100), "RDA"),
        ("man", 50, None, (1000, 2500, 15, 100), "RDA"),
        ("woman", 51, None, (1200, 2000, 15, 100), "RDA"),
        ("man", 51, None, (1000, 2000, 15, 100), "RDA"),
        ("woman", 70, None, (1200, 2000, 15, 100), "RDA"),
        ("man", 70, None, (1000, 2000, 15, 100), "RDA"),
        ("woman", 71, None, (1200, 2000, 20, 100), "RDA"),
        ("man", 71, None, (1200, 2000, 20, 100), "RDA"),
        ("man", None, None, (1000, 2500, 15, 100), "RDA"),
        ("pregnant", 18, None, (1300, 3000, 15, 100), "RDA"),
        ("pregnant", 19, None, (1000, 2500, 15, 100), "RDA"),
        ("breastfeeding", 17, None, (1300, 3000, 15, 100), "RDA"),
        ("breastfeeding", 30, None, (1000, 2500, 15, 100), "RDA"),
    ],
)
def test_iom_2011_table_edges(stage, age, months, expected, kind):
    group = bone_group(stage, age, months)
    assert values(group) == tuple(Decimal(v) for v in expected)
    assert group.kind == kind


MILK = {"ca": Decimal(113), "vit_d": Decimal("1.3"), "d3": Decimal("1.3")}
EGG = {"ca": Decimal(56), "vit_d": Decimal("2.0"), "d3": Decimal("2.0")}
CAPSULE = {"d3": Decimal(25)}  # a D3 + MK-7 capsule: its vitamin K lives elsewhere


def logged(food, per_basis, grams=None, quantity=Decimal(1), supplement=False):
    return Logged(food, per_basis, supplement, quantity, None if grams is None else Decimal(grams))


def test_milk_egg_and_a_d3_capsule():
    adult = bone_group("woman", 40)
    day = bone.bone_day(adult, [logged("milk", MILK, 244), logged("egg", EGG, 50)])
    assert (day.calcium.shown, day.vitamin_d.shown) == (Decimal("303.7"), Decimal("4.2"))
    assert day.calcium.from_supplements is None
    with_capsule = bone.bone_day(
        adult,
        [
            logged("milk", MILK, 244),
            logged("egg", EGG, 50),
            logged("D3 + K2", CAPSULE, supplement=True),
        ],
    )
    assert with_capsule.vitamin_d.shown == Decimal("29.2")
    assert with_capsule.vitamin_d.from_supplements == Decimal(25)
    assert with_capsule.calcium.shown == Decimal("303.7")  # the capsule has no calcium data
    assert with_capsule.calcium.no_data == ("D3 + K2",)


def test_standing_uses_the_total_as_shown():
    assert bone.standing(Decimal("100.04"), Decimal(15), Decimal(100)) == bone.REACHED
    assert bone.standing(Decimal("100.05"), Decimal(15), Decimal(100)) == bone.ABOVE_UL
    assert bone.standing(Decimal("14.95"), Decimal(15), Decimal(100)) == bone.REACHED
    assert bone.standing(Decimal("14.94"), Decimal(15), Decimal(100)) == bone.NOT_YET
    assert bone.standing(None, Decimal(15), Decimal(100)) is None


def test_unknown_is_not_zero():
    day = bone.bone_day(bone_group("man", 30), [logged("kale", {}, 100)])
    assert day.calcium.total is None and day.vitamin_d.total is None
    assert day.calcium_standing is None
    assert day.vitamin_d.no_data == ("kale",)


def test_lines_say_iu_when_asked():
    day = bone.bone_day(bone_group("woman", 40), [logged("milk", MILK, 244)])
    d_line, ca_line = bone.lines(day, "iu")
    assert (d_line.total, d_line.rda, d_line.ul) == ("126.9 IU", "600 IU", "4,000 IU")
    assert (ca_line.total, ca_line.rda) == ("275.7 mg", "1,000 mg")
