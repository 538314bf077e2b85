"""The units an entry can be logged in: grams, one of the food's household portions, or a
supplement's dose unit. Shared by the forms (what may be posted) and the selectors (what a row
shows)."""

from decimal import Decimal
from typing import TYPE_CHECKING

from foods import units
from foods.formatting import quantity_text

if TYPE_CHECKING:
    from diary.models import Entry
    from foods.models import Food

GRAMS = "g"
DOSE_UNIT = "unit"


def unit_choices(food: "Food | None") -> list[tuple[str, str]]:
    """(value, label) pairs for a food's units: grams, its household portions, then the other
    mass units and, where a portion gives the density, volumes (foods.units); or a supplement's
    dose unit. A portion's value is its id, a unit's its key ("oz", "cup")."""
    if food is None:  # before a food is chosen (and without JavaScript): both kinds
        return [(GRAMS, "g"), (DOSE_UNIT, "dose (supplements: capsule, tablet…)")]
    if food.is_supplement:
        return [(DOSE_UNIT, food.dose_unit)]
    portions = list(food.portions.all())
    choices = [(GRAMS, "g")]
    for portion in portions:
        choices.append((str(portion.pk), f"{portion.label} ({portion.grams.normalize():f} g)"))
    for unit in units.units_for(portions):
        if unit.key != GRAMS and not unit.key.startswith(units.PORTION_PREFIX):
            choices.append((unit.key, unit.label))
    return choices


def entry_unit(entry: "Entry") -> str:
    """The unit value an entry was logged in, as the unit lists name it."""
    if entry.food.is_supplement:
        return DOSE_UNIT
    if entry.unit:
        return entry.unit
    return str(entry.portion_id) if entry.portion_id else GRAMS


def unit_label(entry: "Entry") -> str:
    if entry.food.is_supplement:
        return entry.food.dose_unit
    if entry.unit:
        return units.UNIT_LABELS[entry.unit]
    return entry.portion.label if entry.portion is not None else "g"


def amount_text(quantity: Decimal, unit: str) -> str:
    """'100 g', '8 oz', '1.5 cup', '0.5 × 1 cup' (a portion), '2 × capsule'."""
    amount = quantity_text(quantity)
    if unit in units.UNIT_LABELS.values():
        return f"{amount} {unit}"
    return f"{amount} × {unit}"
