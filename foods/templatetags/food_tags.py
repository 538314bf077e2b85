"""Display helpers for vitamin K amounts and their provenance. Rounding happens only here."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


def format_ug(amount):
    """'1,643', '23.1', '0.35': fewer decimals as the number grows."""
    amount = Decimal(amount)
    if amount >= 100:
        places = Decimal(1)
    elif amount >= 1:
        places = Decimal("0.1")
    else:
        places = Decimal("0.01")
    rounded = amount.quantize(places, rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@register.filter
def ug(amount):
    """An amount in µg, or "no data" (never 0) when there is none."""
    if amount is None:
        return mark_safe('<span class="no-data">no data</span>')  # noqa: S308 - constant
    return format_html("{}&nbsp;µg", format_ug(amount))


@register.filter
def provenance(value):
    """'USDA SR28, NDB 16113, calculated or imputed, 3 data points'."""
    parts = [value.source.name]
    if value.source.key.startswith("usda") and value.food.ndb_no:
        parts.append(f"NDB {value.food.ndb_no}")
    parts.append(value.get_method_display())
    if value.data_points:
        points = value.data_points
        parts.append(f"{points} data point{'s' if points != 1 else ''}")
    return ", ".join(parts)
