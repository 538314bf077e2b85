"""The shared catalogue as CSV: one row per food, µg per 100 g, empty cell = no data."""

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from foods import vitamers
from foods.amounts import borrowed_from, per_basis
from foods.models import Food
from foods.selectors import source_names, values_with_sources

HEADER = [
    "ndb_no",
    "name",
    "source",  # tells apart the foods of one name from two tables ("Salami": NEVO, CIQUAL)
    "food_group",
    "k1_ug",
    "dihydro_k1_ug",
    "mk4_ug",
    "mk7_ug",
    "mk_other_ug",
    "k2_unspecified_ug",
    "k2_total_ug",
    "k_not_separated_ug",
    # where k2_total_ug comes from: measured, borrowed from <food, source>, or empty (no K2)
    "k2_provenance",
]


def catalogue_foods() -> QuerySet[Food]:
    """Active shared foods (not supplements: those are per dose unit), values prefetched."""
    return (
        Food.objects.filter(owner__isnull=True, retired=False, dose_unit="")
        .select_related("group")
        .prefetch_related(values_with_sources())
        .order_by("name", "pk")
    )


def _cell(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount.normalize():f}"


def k2_provenance(food: Food) -> str:
    """'measured', 'borrowed from Cheese Gouda 48+ av, NEVO 2023/8.0 (RIVM)', both joined by
    '; ' when the K2 is partly measured, or '' when the food has no K2 value."""
    k2 = [value for value in food.values.all() if value.form in vitamers.K2_FORMS]
    parts = ["measured"] if any(not value.borrowed_from_id for value in k2) else []
    parts += [f"borrowed from {donor}" for donor in borrowed_from(food)]
    return "; ".join(parts)


def rows(foods: Iterable[Food] | None = None) -> Iterator[list[str]]:
    yield HEADER
    for food in foods if foods is not None else catalogue_foods():
        per_100g = per_basis(food)
        yield [
            food.ndb_no or "",
            food.name,
            # the food's own sources; a borrowed value's is in k2_provenance
            source_names(value for value in food.values.all() if not value.borrowed_from_id),
            food.group.name if food.group else "",
            _cell(per_100g.k1),
            _cell(per_100g.dihydro_k1),
            _cell(per_100g.mk4),
            _cell(per_100g.mk7),
            _cell(per_100g.mk_other),
            _cell(per_100g.k2_unspecified),
            _cell(per_100g.k2),
            _cell(per_100g.unseparated),
            k2_provenance(food),
        ]


def write_csv(stream: Any) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerows(rows())
