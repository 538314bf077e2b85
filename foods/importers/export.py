"""The shared catalogue as CSV: one row per food, µg per 100 g, empty cell = no data."""

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from foods.amounts import per_basis
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


def rows(foods: Iterable[Food] | None = None) -> Iterator[list[str]]:
    yield HEADER
    for food in foods if foods is not None else catalogue_foods():
        per_100g = per_basis(food)
        yield [
            food.ndb_no or "",
            food.name,
            source_names(food.values.all()),
            food.group.name if food.group else "",
            _cell(per_100g.k1),
            _cell(per_100g.dihydro_k1),
            _cell(per_100g.mk4),
            _cell(per_100g.mk7),
            _cell(per_100g.mk_other),
            _cell(per_100g.k2_unspecified),
            _cell(per_100g.k2),
            _cell(per_100g.unseparated),
        ]


def write_csv(stream: Any) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerows(rows())
