"""Provenance of a catalogue value. Amounts are formatted by the `formatting` library."""

from django import template

from foods.models import VitaminKValue

register = template.Library()


@register.filter
def provenance(value: VitaminKValue) -> str:
    """'USDA SR28, NDB 16113, calculated or imputed, 3 data points'."""
    parts = [value.source.name]
    if value.source.key.startswith("usda") and value.food.ndb_no:
        parts.append(f"NDB {value.food.ndb_no}")
    parts.append(value.get_method_display())
    if value.data_points:
        points = value.data_points
        parts.append(f"{points} data point{'s' if points != 1 else ''}")
    return ", ".join(parts)
