"""How a difference from the usual intake reads: '+974.5 µg (+1265%)', with the project's one
rounding rule (foods.formatting)."""

from decimal import Decimal

from foods import formatting

from . import steadiness


def signed_ug(value: Decimal) -> str:
    """'+120.5 µg', '−30 µg', '0 µg' with the project's rounding (foods.formatting)."""
    text = formatting.ug_number(abs(value))
    if text in ("0", formatting.TRACE):
        return f"{text} µg"
    return f"{'+' if value > 0 else '−'}{text} µg"


def signed_percent(value: Decimal | None) -> str:
    """'+80%', '−12%'; '' where the usual mean is 0 (no percentage of nothing)."""
    if value is None:
        return ""
    text = formatting.percent_text(abs(value) / 100)
    return text if text == "0%" else f"{'+' if value > 0 else '−'}{text}"


def difference_text(difference: steadiness.Difference | None) -> str:
    """'+974.5 µg (+1265%)'; the µg alone where the usual mean is 0; '' with no usual yet."""
    if difference is None:
        return ""
    percent = signed_percent(difference.percent)
    ug = signed_ug(difference.ug)
    return f"{ug} ({percent})" if percent else ug
