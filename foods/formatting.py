"""The one rounding rule for vitamin K amounts, used by every page, chart and CSV.

µg are rounded half up to 0.1 µg; a positive amount under 0.05 µg reads "<0.1" (it is not
zero); an unknown amount is "no data", never 0. Pure Python: the template filters in
foods/templatetags/formatting.py, the charts and the CSV exports all call these functions.
"""

from decimal import ROUND_HALF_UP, Decimal

from .nutrients import d_unit_label, iu_from_ug

TENTH = Decimal("0.1")
ZERO = Decimal(0)
NO_DATA = "no data"
TRACE = "<0.1"


def round_ug(value: Decimal | int | str) -> Decimal:
    """µg rounded half up to one decimal."""
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


def _is_trace(value: Decimal) -> bool:
    return ZERO < value < TENTH / 2


def ug_number(value: Decimal | int | str | None, *, grouping: bool = True) -> str:
    """'1,643.3', '23.1', '939', '0', '<0.1', or 'no data'."""
    if value is None:
        return NO_DATA
    value = Decimal(value)
    if _is_trace(value):
        return TRACE
    text = f"{round_ug(value):,f}" if grouping else f"{round_ug(value):f}"
    return text.removesuffix(".0")


def ug_text(value: Decimal | int | str | None) -> str:
    """'1,643.3 µg', '<0.1 µg' or 'no data'."""
    if value is None:
        return NO_DATA
    return f"{ug_number(value)} µg"


def mg_text(value: Decimal | int | str | None) -> str:
    """Calcium by the same rule: '303.7 mg', '<0.1 mg' or 'no data'."""
    if value is None:
        return NO_DATA
    return f"{ug_number(value)} mg"


def vitamin_d_number(value_ug: Decimal | int | str | None, unit: str = "ug") -> str:
    """Vitamin D in the person's unit ("ug" or "iu"), by the same rule: '4.2' or '166.9'."""
    if value_ug is None:
        return NO_DATA
    return ug_number(iu_from_ug(Decimal(value_ug)) if unit == "iu" else value_ug)


def vitamin_d_text(value_ug: Decimal | int | str | None, unit: str = "ug") -> str:
    """'4.2 µg' or '166.9 IU'; 'no data' for unknown."""
    if value_ug is None:
        return NO_DATA
    return f"{vitamin_d_number(value_ug, unit)} {d_unit_label(unit)}"


def ug_cell(value: Decimal | int | str | None) -> str:
    """A CSV cell: the same rounding without thousands separators; empty for no data."""
    return "" if value is None else ug_number(value, grouping=False)


def ug_chart(value: Decimal | int | str | None) -> float | None:
    """A chart number (None draws a gap, not 0). A trace keeps a visible 0.05."""
    if value is None:
        return None
    value = Decimal(value)
    return float(TENTH / 2) if _is_trace(value) else float(round_ug(value))


def quantity_text(value: Decimal | int | str | None) -> str:
    """An amount as typed: 100.000 -> '100', 1.500 -> '1.5'; '' for none."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    whole = value == value.to_integral()
    return f"{value.quantize(Decimal(1)) if whole else value.normalize():f}"


def percent_text(share: Decimal | float | None) -> str:
    """A share between 0 and 1 as a whole percentage, '' when unknown."""
    if share is None:
        return ""
    return f"{(Decimal(share) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"
