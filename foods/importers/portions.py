"""Import household portions for foods that have none of their own from
fixtures/literature-portions.csv, so every literature K2 food has a default serving.

Each row names a food by its catalogue key ("lit:nevo-2023:Cheese Gouda 48+ av", or
"sr28:16113" for an SR28 food), a household measure, its weight and where the weight comes
from. The row marked default is the food's default serving: on a literature food it becomes
the first portion (Seq 1); on an SR28 food it gets Seq 0, ahead of SR28's own measures (Seq 1
onwards), and the file's other rows for that food follow them (Seq 100 onwards).

The importer owns every portion of a literature food and the portions with a `weight_source`
on other foods: rows no longer in the file are removed; SR28's own rows are never touched.
"""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import cast

from django.db.models import Q

from foods.models import Food, Portion

from . import sanity
from .base import ImportFileError, Log, Tally, csv_rows, import_file, refresh_figures, remove, sync
from .literature import KEY_PREFIX as LITERATURE_PREFIX

HEADER = ["catalogue_key", "amount", "description", "grams", "default", "weight_source"]
CHANGE_REASON = "Imported from fixtures/literature-portions.csv"
DEFAULT_SEQ_BEFORE_SR28 = 0
EXTRA_SEQ_AFTER_SR28 = 100
MAX_DESCRIPTION = cast(int, Portion._meta.get_field("description").max_length)
MAX_SOURCE = cast(int, Portion._meta.get_field("weight_source").max_length)


@dataclass(frozen=True)
class Row:
    line: int
    key: str
    amount: Decimal
    description: str
    grams: Decimal
    default: bool
    weight_source: str


def parse(path: str | Path, log: Log | None = None) -> dict[str, list[Row]]:
    """{catalogue_key: rows in file order}; each food has exactly one default row."""
    by_food: dict[str, list[Row]] = {}
    for line, cells in csv_rows(path, HEADER):
        row = dict(zip(HEADER, (cell.strip() for cell in cells), strict=True))
        if not row["catalogue_key"]:
            raise ImportFileError(path, line, "the catalogue_key column is empty")
        if not row["description"] or len(row["description"]) > MAX_DESCRIPTION:
            raise ImportFileError(
                path, line, f"description must be 1 to {MAX_DESCRIPTION} characters"
            )
        if not row["weight_source"] or len(row["weight_source"]) > MAX_SOURCE:
            raise ImportFileError(
                path,
                line,
                f"weight_source must name where the weight comes from "
                f"(1 to {MAX_SOURCE} characters)",
            )
        if row["default"] not in ("", "yes"):
            raise ImportFileError(
                path, line, f"default must be 'yes' or empty, not {row['default']!r}"
            )
        try:
            amount = sanity.parse_decimal(row["amount"])
            grams = sanity.parse_decimal(row["grams"])
        except ValueError as exc:
            raise ImportFileError(path, line, str(exc)) from None
        problem = sanity.portion_problem(amount, grams)
        if problem:
            raise ImportFileError(path, line, problem)
        by_food.setdefault(row["catalogue_key"], []).append(
            Row(
                line=line,
                key=row["catalogue_key"],
                amount=amount,
                description=row["description"],
                grams=grams,
                default=row["default"] == "yes",
                weight_source=row["weight_source"],
            )
        )
    for key, rows in by_food.items():
        defaults = [row for row in rows if row.default]
        if len(defaults) != 1:
            raise ImportFileError(
                path, rows[0].line, f"{key} needs exactly one default portion, has {len(defaults)}"
            )
    return by_food


def seqs(rows: list[Row], *, literature: bool) -> list[tuple[int, Row]]:
    """The Seq each row is stored with: the default first (see the module docstring)."""
    default = next(row for row in rows if row.default)
    others = [row for row in rows if not row.default]
    if literature:
        return list(enumerate([default, *others], start=1))
    return [(DEFAULT_SEQ_BEFORE_SR28, default)] + [
        (EXTRA_SEQ_AFTER_SR28 + index, row) for index, row in enumerate(others)
    ]


def write(path: str | Path, by_food: dict[str, list[Row]], log: Log) -> dict[str, Tally]:
    foods = {f.catalogue_key: f for f in Food.objects.filter(catalogue_key__in=list(by_food))}
    for key, rows in by_food.items():
        if key not in foods:
            raise ImportFileError(
                path,
                rows[0].line,
                f"no food with catalogue key {key!r} (a literature food renamed or removed? "
                "keys are lit:SOURCE-KEY:NAME or sr28:NDB)",
            )
    desired = {}
    for key, rows in by_food.items():
        food = foods[key]
        literature = key.startswith(LITERATURE_PREFIX)
        for seq, row in seqs(rows, literature=literature):
            desired[(food.pk, seq)] = {
                "food_id": food.pk,
                "seq": seq,
                "amount": row.amount,
                "description": row.description,
                "grams": row.grams,
                "data_points": None,
                "weight_source": row.weight_source,
            }
    ours = Portion.objects.filter(
        Q(food__catalogue_key__startswith=LITERATURE_PREFIX) | ~Q(weight_source="")
    )
    existing: dict[tuple[int, int], Portion] = {}
    for portion in ours.order_by("pk"):
        existing.setdefault((portion.food_id, portion.seq), portion)
    _, tally = sync(
        Portion,
        desired,
        existing,
        ["amount", "description", "grams", "data_points", "weight_source"],
        reason=CHANGE_REASON,
    )
    stale = {key: p.pk for key, p in existing.items() if key not in desired}
    tally.removed = remove(Portion.objects.filter(pk__in=list(stale.values())))
    tally.keys.update(stale)
    refresh_figures(tally)
    log(f"Portions: {tally}", 1)
    return {"Portions": tally}


def import_portions(path: str | Path, log: Log | None = None) -> dict[str, Tally]:
    """Parse and load the portions file in one transaction. Returns {table: Tally}."""
    return import_file("Portions", path, parse, write, log, summary=_summary)


def _summary(by_food: dict[str, list[Row]]) -> str:
    return f"  {sum(map(len, by_food.values()))} portions for {len(by_food)} foods"
