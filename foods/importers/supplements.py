"""Generic supplements from fixtures/supplements.csv, for logging doses in the diary: vitamin K
(one form a row), and the vitamin D3 and calcium a combined product carries.

Values are per dose unit (capsule, tablet), not per 100 g: Food.dose_unit says which. A blank
column is not in the product (no row), never 0.
"""

from decimal import Decimal
from pathlib import Path
from typing import Any

from foods import nutrients
from foods.models import Food, FoodGroup, Method, NutrientValue, Source, VitaminKValue

from . import sanity
from .base import (
    ImportFileError,
    Log,
    Tally,
    csv_rows,
    import_file,
    sync_catalogue_foods,
    sync_nutrient_values,
    sync_sources,
    sync_values,
)

KEY_PREFIX = "supp:"
GROUP = {"code": "SUPP", "name": "Supplements"}
SOURCE = {
    "key": "generic-supplement",
    "name": "Generic supplement (label dose)",
    "citation": (
        "Typical label doses of generic vitamin K supplements, listed by K2 Tracker "
        "(fixtures/supplements.csv). Not a specific product: a real product's label wins."
    ),
    "url": "",
    "licence": "",
}
HEADER = ["key", "name", "form", "amount_ug", "dose_unit", "description", "d3_ug", "calcium_mg"]
# The columns of the other nutrients a dose carries, and what each stores.
NUTRIENT_COLUMNS = {"d3_ug": nutrients.D3, "calcium_mg": nutrients.CALCIUM}
CHANGE_REASON = "Imported from fixtures/supplements.csv"


def parse(path: str | Path, log: Log | None = None) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for line, cells in csv_rows(path, HEADER):
        row = {k: v.strip() for k, v in zip(HEADER, cells, strict=True)}
        key = row["key"]
        if not key or not row["name"] or not row["dose_unit"]:
            raise ImportFileError(path, line, "key, name and dose_unit are required")
        if key in rows:
            raise ImportFileError(path, line, f"key {key!r} appears twice")
        amount = None
        if row["form"] or row["amount_ug"]:
            amount = _number(path, line, row, "amount_ug")
            problem = sanity.form_problem(row["form"]) or sanity.value_problem(
                amount, per_unit=True
            )
            if problem:
                raise ImportFileError(path, line, problem)
        others = {}
        for column, nutrient in NUTRIENT_COLUMNS.items():
            if row[column]:
                others[nutrient] = _number(path, line, row, column)
                if problem := nutrients.value_problem(nutrient, others[nutrient]):
                    raise ImportFileError(path, line, f"column {column}: {problem}")
        if amount is None and not others:
            raise ImportFileError(path, line, "a supplement needs at least one amount")
        rows[key] = {**row, "amount_ug": amount, "nutrients": others}
    return rows


def _number(path: str | Path, line: int, row: dict[str, str], column: str) -> Decimal:
    try:
        return sanity.parse_decimal(row[column])
    except ValueError as exc:
        raise ImportFileError(path, line, f"column {column}: {exc}") from None


def write(
    path: str | Path, rows: dict[str, dict[str, Any]], log: Log | None = None
) -> dict[str, Tally]:
    log = log or Log()
    tallies = {}
    group, _ = FoodGroup.objects.get_or_create(code=GROUP["code"], defaults=GROUP)
    sources, tallies["Sources"] = sync_sources({SOURCE["key"]: SOURCE}, reason=CHANGE_REASON)
    source = sources[SOURCE["key"]]
    desired = {
        KEY_PREFIX + key: {
            "name": row["name"],
            "catalogue_key": KEY_PREFIX + key,
            "group_id": group.pk,
            "description": row["description"],
            "dose_unit": row["dose_unit"],
            **Food.names_derived_from(row["name"]),
            "owner_id": None,
        }
        for key, row in rows.items()
    }
    foods, tally = sync_catalogue_foods(
        KEY_PREFIX,
        desired,
        [
            "name",
            "group_id",
            "description",
            "dose_unit",
            "search_name",
            "search_weight",
            "slug",
            "owner_id",
        ],
        reason=CHANGE_REASON,
        gone_reason="No longer listed",
    )
    tallies["Foods"] = tally
    log(f"Supplements: {tally}", 1)

    desired_values = {}
    desired_nutrients = {}
    for key, row in rows.items():
        food = foods[KEY_PREFIX + key]
        for nutrient, amount in row["nutrients"].items():
            desired_nutrients[(food.pk, nutrient)] = {
                "food_id": food.pk,
                "nutrient": nutrient,
                "amount": amount,
                **_label(source, row),
            }
        if row["amount_ug"] is None:
            continue
        desired_values[(food.pk, row["form"])] = {
            "food_id": food.pk,
            "form": row["form"],
            "amount_ug": row["amount_ug"],
            **_label(source, row),
        }
    existing_values = {
        (v.food_id, v.form): v
        for v in VitaminKValue.objects.filter(food__catalogue_key__startswith=KEY_PREFIX)
    }
    tally = sync_values(desired_values, existing_values, reason=CHANGE_REASON)
    tallies["Values"] = tally
    log(f"Supplement values: {tally}", 1)

    existing_nutrients = {
        (v.food_id, v.nutrient): v
        for v in NutrientValue.objects.filter(food__catalogue_key__startswith=KEY_PREFIX)
    }
    tally = sync_nutrient_values(desired_nutrients, existing_nutrients, reason=CHANGE_REASON)
    tallies["Vitamin D and calcium"] = tally
    log(f"Supplement vitamin D and calcium: {tally}", 1)
    return tallies


def _label(source: Source, row: dict[str, Any]) -> dict[str, Any]:
    """A label dose's provenance."""
    return {
        "source_id": source.pk,
        "method": Method.LABEL,
        "method_detail": f"Label dose per {row['dose_unit']}",
        "reference": "",
        "data_points": None,
        "note": "",
    }


def import_supplements(path: str | Path, log: Log | None = None) -> dict[str, Tally]:
    return import_file("Supplements", path, parse, write, log)
