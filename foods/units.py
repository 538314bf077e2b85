"""Amounts and units a person types, turned into grams of one food. Pure Python: no request,
no database (portions come in as plain objects), Decimal throughout.

    parse_amount("1 1/2") -> Decimal("1.5")          parse_amount("1,5") -> Decimal("1.5")
    parse_unit("Tablespoons") -> "tbsp"
    units_for(portions) -> [Unit(g), Unit(kg), Unit(oz), Unit(lb), Unit(cup)..., Unit(portion)...]
    to_grams(Decimal("2"), "tbsp", portions) -> grams, or UnitError when the food has no
        portion that gives its density

Anything else gets an AmountError / UnitError (both ValueError) with a message for the person.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

PLACES = Decimal("0.001")  # as Entry.quantity stores it
MAX_INTEGER_DIGITS = 6  # nobody logs a million of anything


class AmountError(ValueError):
    """An amount that is not a plain positive number; the message says what to type."""


class UnitError(ValueError):
    """A unit that is unknown, or a volume for a food whose density is not known."""


# --- amounts ----------------------------------------------------------------------------------

VULGAR_FRACTIONS = {
    "½": (1, 2),
    "⅓": (1, 3),
    "⅔": (2, 3),
    "¼": (1, 4),
    "¾": (3, 4),
    "⅕": (1, 5),
    "⅖": (2, 5),
    "⅗": (3, 5),
    "⅘": (4, 5),
    "⅙": (1, 6),
    "⅚": (5, 6),
    "⅛": (1, 8),
    "⅜": (3, 8),
    "⅝": (5, 8),
    "⅞": (7, 8),
}
# [0-9], never \d: \d also matches Arabic-Indic, fullwidth and other digits, which Decimal()
# would read but a person rarely means and a page could not echo back consistently.
_INTEGER = rf"[0-9]{{1,{MAX_INTEGER_DIGITS}}}"
_DECIMAL = re.compile(rf"({_INTEGER})?(?:[.,]([0-9]+))?")
_FRACTION = re.compile(rf"(?:({_INTEGER})\s+)?([0-9]{{1,3}})\s*/\s*([0-9]{{1,3}})")
_VULGAR = re.compile(rf"(?:({_INTEGER})\s*)?([{''.join(VULGAR_FRACTIONS)}])")
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")  # "1,500": 1500 or 1.5? ("0,500": 0.5)

MINUS_SIGNS = "-\u2212"  # hyphen-minus, and the minus sign a phone or a word processor types
HELP = "Enter a number such as 1.5, 1,5, ½, 1 ½ or 1 1/2."


def parse_amount(text: str) -> Decimal:
    """The positive amount in `text`, to 3 decimal places: "1.5", "1,5", ".5", "½", "1½",
    "1 ½", "1/2", "1 1/2". Raises AmountError with a message for anything else."""
    cleaned = " ".join(str(text).split())
    if not cleaned:
        raise AmountError(f"Enter an amount. {HELP}")
    if any(ch.isdigit() and not ch.isascii() for ch in cleaned):
        raise AmountError(f"Use the digits 0–9. {HELP}")
    if _THOUSANDS.fullmatch(cleaned):
        raise AmountError(
            f'"{cleaned}" could mean {cleaned.replace(",", "")} or '
            f"{cleaned.replace(',', '.')}: write it without the comma, or with a point."
        )
    value = _parse(cleaned)
    if value is None and cleaned[0] in MINUS_SIGNS and _parse(cleaned[1:].lstrip()) is not None:
        value = Decimal(-1)  # a number, only below zero: said as such below
    if value is None:
        raise AmountError(f'"{cleaned[:20]}" is not an amount. {HELP}')
    if value <= 0:
        raise AmountError("Enter an amount above 0.")
    rounded = value.quantize(PLACES, rounding=ROUND_HALF_UP)
    if rounded <= 0:
        raise AmountError("Enter an amount of at least 0.001.")
    return rounded


def _parse(text: str) -> Decimal | None:
    match = _DECIMAL.fullmatch(text)
    if match and (match.group(1) or match.group(2)):
        whole, fraction = match.group(1) or "0", match.group(2)
        return Decimal(f"{whole}.{fraction}" if fraction else whole)
    match = _FRACTION.fullmatch(text)
    if match:
        whole, numerator, denominator = match.groups()
        if int(denominator) == 0:
            return None
        return Decimal(whole or 0) + Decimal(numerator) / Decimal(denominator)
    match = _VULGAR.fullmatch(text)
    if match:
        numerator, denominator = VULGAR_FRACTIONS[match.group(2)]
        return Decimal(match.group(1) or 0) + Decimal(numerator) / Decimal(denominator)
    return None


# --- units ------------------------------------------------------------------------------------

# Exact definitions (NIST Handbook 44, US customary units; SR28's cup, tbsp and tsp are US).
GRAMS_PER = {
    "g": Decimal(1),
    "kg": Decimal(1000),
    "oz": Decimal("28.349523125"),  # avoirdupois ounce
    "lb": Decimal("453.59237"),
}
ML_PER = {
    "ml": Decimal(1),
    "l": Decimal(1000),
    "fl oz": Decimal("29.5735295625"),  # US fluid ounce
    "cup": Decimal("236.5882365"),  # US cup = 8 fl oz
    "tbsp": Decimal("14.78676478125"),  # ½ fl oz
    "tsp": Decimal("4.92892159375"),  # ⅙ fl oz
}
# Volumes a household portion may be written in, beyond the units above (SR28 WEIGHT.txt).
PORTION_ML = {**ML_PER, "quart": Decimal("946.352946"), "cup (8 fl oz)": ML_PER["cup"]}

ALIASES = {
    "g": ("g", "gr", "gram", "grams", "gramme", "grammes"),
    "kg": ("kg", "kilo", "kilos", "kilogram", "kilograms"),
    "oz": ("oz", "ounce", "ounces"),
    "lb": ("lb", "lbs", "pound", "pounds"),
    "ml": ("ml", "millilitre", "millilitres", "milliliter", "milliliters"),
    "l": ("l", "litre", "litres", "liter", "liters"),
    "fl oz": ("fl oz", "floz", "fluid ounce", "fluid ounces"),
    "cup": ("cup", "cups", "c"),
    "tbsp": ("tbsp", "tbs", "tablespoon", "tablespoons", "tbl"),
    "tsp": ("tsp", "teaspoon", "teaspoons"),
}
_UNIT_OF = {alias: key for key, aliases in ALIASES.items() for alias in aliases}
UNIT_LABELS = {
    "g": "g",
    "kg": "kg",
    "oz": "oz",
    "lb": "lb",
    "ml": "ml",
    "l": "l",
    "fl oz": "fl oz",
    "cup": "cup",
    "tbsp": "tbsp",
    "tsp": "tsp",
}
# Units an amount may be typed in besides grams and a food's portions: an entry keeps the
# one it was typed in, with the grams worked out from it.
MEASURES = frozenset((*GRAMS_PER, *ML_PER)) - {"g"}
PORTION_PREFIX = "portion:"


class PortionLike(Protocol):
    """A household measure: `amount` × `description` weighs `grams` (foods.models.Portion)."""

    pk: int
    amount: Decimal
    description: str
    grams: Decimal


@dataclass(frozen=True)
class Unit:
    key: str  # "g", "cup", or "portion:<pk>" for a household measure
    label: str  # what a person reads: "cup", "slice (1 oz) (28 g)"
    grams: Decimal  # grams in one of this unit, for this food


def parse_unit(text: str) -> str:
    """The unit key for what a person typed ("Tablespoons" -> "tbsp"); UnitError otherwise."""
    folded = " ".join(str(text).casefold().split())
    key = _UNIT_OF.get(folded) or _UNIT_OF.get(" ".join(folded.replace(".", " ").split()))
    if key is None:
        known = ", ".join(UNIT_LABELS.values())
        raise UnitError(f'Unknown unit "{str(text)[:20]}". Use {known} or a household portion.')
    return key


def grams_per_ml(portions: Sequence[PortionLike]) -> Decimal | None:
    """The food's density from its first portion measured in a volume ("1 cup" = 244 g), or
    None. Qualified measures ("cup, shredded", "cup, chopped") are not used: packing varies."""
    for portion in portions:
        ml = PORTION_ML.get(" ".join(portion.description.casefold().split()))
        if ml is not None and portion.amount > 0:
            return portion.grams / (portion.amount * ml)
    return None


def units_for(portions: Sequence[PortionLike]) -> list[Unit]:
    """Every unit an amount of this food may be given in: mass units, volume units when a
    portion gives the density, then each household portion (per 1 of its amount)."""
    units = [Unit(key, UNIT_LABELS[key], grams) for key, grams in GRAMS_PER.items()]
    density = grams_per_ml(portions)
    if density is not None:
        units += [Unit(key, UNIT_LABELS[key], ml * density) for key, ml in ML_PER.items()]
    for portion in portions:
        units.append(
            Unit(
                key=f"{PORTION_PREFIX}{portion.pk}",
                label=f"{portion.description} ({_grams_text(portion.grams / portion.amount)} g)",
                grams=portion.grams / portion.amount,
            )
        )
    return units


def to_grams(quantity: Decimal, unit: str, portions: Sequence[PortionLike] = ()) -> Decimal:
    """Grams in `quantity` of `unit` (a key from parse_unit or units_for) of this food, to
    3 decimal places. UnitError for an unknown unit or a volume without a density."""
    if unit in ML_PER and unit not in GRAMS_PER and grams_per_ml(portions) is None:
        raise UnitError(
            f"This food has no portion that gives its weight per {UNIT_LABELS[unit]}: "
            "enter grams, ounces or one of its household portions."
        )
    for candidate in units_for(portions):
        if candidate.key == unit:
            grams = Decimal(quantity) * candidate.grams
            return grams.quantize(PLACES, rounding=ROUND_HALF_UP)
    raise UnitError(f'Unknown unit "{unit[:30]}" for this food.')


def _grams_text(grams: Decimal) -> str:
    """28.3, 113, 0.5: one decimal at most, no trailing zeros."""
    return f"{grams.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP).normalize():f}"
