"""Plausibility checks for imported numbers, in the spirit of wger's `sanity_checks()`.

Pure functions: each returns the reason a value is implausible, or None when it is fine. The
bounds are the model's own (foods.models), so the admin, forms and importers agree.
"""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from foods.models import FOOD_CEILING_UG, SUPPLEMENT_CEILING_UG
from foods.vitamers import ALL_FORMS, LABELS

# VitaminKValue.amount_ug, Portion.amount and Portion.grams keep three decimal places.
DECIMAL_PLACES = 3
PORTION_MAX_GRAMS = Decimal("999999.999")  # Portion.grams: max_digits=9
PORTION_MAX_AMOUNT = Decimal("99999.999")  # Portion.amount: max_digits=8


def parse_decimal(text: str) -> Decimal:
    """Decimal from a file's text, or ValueError with a reason fit for an error message."""
    cleaned = text.strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{text!r} is not a finite number")
    return number


def parse_count(text: str) -> int | None:
    """Non-negative whole number (Num_Data_Pts), None when empty."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise ValueError(f"{text!r} is not a whole number of data points")
    return int(cleaned)


def _too_precise(number: Decimal) -> bool:
    exponent = number.as_tuple().exponent  # an int: the numbers checked are finite
    return int(exponent) < -DECIMAL_PLACES and number != number.quantize(
        Decimal(1).scaleb(-DECIMAL_PLACES)
    )


def form_problem(form: str) -> str | None:
    if form not in ALL_FORMS:
        return f"unknown vitamin K form {form!r} (known: {', '.join(ALL_FORMS)})"
    return None


def value_problem(amount: Decimal, *, per_unit: bool = False) -> str | None:
    """Why `amount` µg (per 100 g, or per dose unit when per_unit) is implausible, or None."""
    if amount < 0:
        return f"a vitamin K value cannot be negative ({amount} µg)"
    ceiling = SUPPLEMENT_CEILING_UG if per_unit else FOOD_CEILING_UG
    if amount > ceiling:
        basis = "per dose unit" if per_unit else "per 100 g"
        return f"{amount} µg {basis} is above the plausibility ceiling of {ceiling:,} µg"
    if _too_precise(amount):
        return f"{amount} has more than {DECIMAL_PLACES} decimal places"
    return None


def portion_problem(amount: Decimal, grams: Decimal) -> str | None:
    """Why a household measure (`amount` units weighing `grams`) is implausible, or None."""
    if amount <= 0:
        return f"a portion amount must be above 0 (got {amount})"
    if grams <= 0:
        return f"a portion must weigh more than 0 g (got {grams})"
    if amount > PORTION_MAX_AMOUNT:
        return f"portion amount {amount} is too large"
    if grams > PORTION_MAX_GRAMS:
        return f"portion weight {grams} g is too large"
    for number in (amount, grams):
        if _too_precise(number):
            return f"{number} has more than {DECIMAL_PLACES} decimal places"
    return None


def sanity_checks(
    values: Mapping[str, Decimal], *, per_unit: bool = False
) -> list[tuple[str, str]]:
    """All problems in a {form: µg} mapping, as (form, reason) pairs; empty when plausible."""
    problems = []
    for form, amount in values.items():
        reason = form_problem(form) or value_problem(amount, per_unit=per_unit)
        if reason:
            problems.append((form, reason))
    return problems


def form_label(form: str) -> str:
    return LABELS.get(form, form)
