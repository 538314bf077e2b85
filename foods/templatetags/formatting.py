"""Template filters for vitamin K amounts: {% load formatting %}. The rule is foods.formatting."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from foods import formatting

register = template.Library()

NO_DATA_HTML = mark_safe('<span class="no-data">no data</span>')


@register.filter
def ug(value: Decimal | None) -> SafeString:
    """'1,643.3 µg', or "no data" marked up (never 0)."""
    if value is None:
        return NO_DATA_HTML
    return format_html("{} µg", formatting.ug_number(value))


@register.filter
def ug_number(value: Decimal | None) -> str:
    """Just the number, for places that write the unit themselves."""
    return formatting.ug_number(value)


@register.filter
def mg(value: Decimal | None) -> SafeString:
    """Calcium: '303.7 mg', or "no data" marked up."""
    if value is None:
        return NO_DATA_HTML
    return format_html("{}", formatting.mg_text(value))


@register.filter
def vitamin_d(value: Decimal | None, unit: str = "ug") -> SafeString:
    """Vitamin D in the person's unit ("ug" or "iu"): '4.2 µg', '166.9 IU', or "no data"."""
    if value is None:
        return NO_DATA_HTML
    return format_html("{}", formatting.vitamin_d_text(value, unit))


@register.filter
def amount(value: Decimal | str | None) -> str:
    return formatting.quantity_text(value)


@register.filter
def percent(value: Decimal | None) -> str:
    return formatting.percent_text(value)
