"""The bone nutrients the catalogue carries beside vitamin K: calcium and vitamin D (with D2 and
D3 where a source separates them). Pure Python, shared by models, importers and arithmetic.

They live apart from the vitamin K forms (foods/vitamers.py) so nothing that adds up, covers or
ranks vitamin K ever meets a milligram of calcium.
"""

from collections.abc import Mapping
from decimal import Decimal

IU_PER_UG = Decimal(40)  # vitamin D: 1 µg = 40 IU (the IOM's paired values, 4,000 IU = 100 µg)

CALCIUM = "ca"  # mg
VITAMIN_D = "vit_d"  # µg, D2 + D3 as the source gives it
D2 = "d2"  # ergocalciferol, µg
D3 = "d3"  # cholecalciferol, µg

LABELS = {
    CALCIUM: "Calcium",
    VITAMIN_D: "Vitamin D (D2 + D3)",
    D2: "Vitamin D2 (ergocalciferol)",
    D3: "Vitamin D3 (cholecalciferol)",
}
UNITS = {CALCIUM: "mg", VITAMIN_D: "µg", D2: "µg", D3: "µg"}
ALL = tuple(LABELS)
D_FORMS = (D2, D3)

# SR28 nutrient numbers (NUTR_DEF.txt). 324 (vitamin D in IU) repeats 328 in another unit.
SR28_NUTRIENTS = {"301": CALCIUM, "328": VITAMIN_D, "325": D2, "326": D3}
SR28_SAME_IN_IU = "324"

# Plausibility: the richest SR28 food has ~7,400 mg calcium per 100 g (baking powder) and 250 µg
# vitamin D (cod liver oil); a supplement dose stays under 2,000 mg calcium and 1,250 µg
# (50,000 IU) of D.
CEILINGS = {CALCIUM: Decimal(10000), VITAMIN_D: Decimal(2000), D2: Decimal(2000), D3: Decimal(2000)}


def ug_from_iu(iu: Decimal) -> Decimal:
    return iu / IU_PER_UG


def iu_from_ug(ug: Decimal) -> Decimal:
    return ug * IU_PER_UG


def d_unit_label(unit: str) -> str:
    """The unit a person reads vitamin D in ("ug" or "iu"), as pages write it."""
    return "IU" if unit == "iu" else "µg"


def vitamin_d(values: Mapping[str, Decimal]) -> Decimal | None:
    """A food's vitamin D: the source's D2 + D3 total where it gives one (SR28 328), else the sum
    of the forms it gives (a supplement's D3); None when it gives none (unknown is not 0)."""
    if VITAMIN_D in values:
        return values[VITAMIN_D]
    forms = [values[form] for form in D_FORMS if form in values]
    return sum(forms, Decimal(0)) if forms else None


def value_problem(nutrient: str, amount: Decimal | None) -> str | None:
    """Why an amount of `nutrient` cannot be stored, or None."""
    if nutrient not in LABELS:
        return f"unknown nutrient {nutrient!r} (one of {', '.join(ALL)})"
    if amount is None:
        return "the amount is empty"
    if not amount.is_finite():
        return f"{amount} is not a number"
    if amount < 0:
        return "an amount cannot be negative"
    if amount > CEILINGS[nutrient]:
        return f"above the plausibility ceiling of {CEILINGS[nutrient]:,} {UNITS[nutrient]}"
    if amount != amount.quantize(Decimal("0.001")):
        return "at most three decimals"
    return None
