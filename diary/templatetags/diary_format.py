"""Display of diary numbers: µg with one decimal, "no data" for unknown (never 0)."""

from decimal import Decimal

from django import template
from django.utils.safestring import mark_safe

register = template.Library()
NO_DATA = '<span class="no-data">no data</span>'


@register.filter
def ug(value):
    if value is None:
        return mark_safe(NO_DATA)
    return f"{Decimal(value):,.1f} µg"


@register.filter
def ug_number(value):
    """Just the number, for places that write the unit themselves."""
    return "no data" if value is None else f"{Decimal(value):,.1f}"


@register.filter
def percent(value):
    return "" if value is None else f"{Decimal(value) * 100:.0f}%"


@register.filter
def amount(value):
    """100.000 -> 100, 1.500 -> 1.5."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    return f"{value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize():f}"
