"""Generic vitamin K supplements from fixtures/supplements.csv, for logging doses in the diary.

Values are per dose unit (capsule, tablet), not per 100 g: Food.dose_unit says which.
"""

import csv
import time
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from foods.models import Food, FoodGroup, Method, Source, VitaminKValue
from foods.text import fold

from . import sanity
from .base import ImportFileError, Log, remove, retire, sync

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
HEADER = ["key", "name", "form", "amount_ug", "dose_unit", "description"]
CHANGE_REASON = "Imported from fixtures/supplements.csv"


def parse(path):
    path = Path(path)
    rows = {}
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise ImportFileError(path, None, "file not found") from None
    with handle:
        reader = csv.reader(handle)
        line = 1
        try:
            if next(reader, None) != HEADER:
                raise ImportFileError(path, 1, f"header must be {','.join(HEADER)}")
            while (cells := next(reader, None)) is not None:
                line = reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(HEADER):
                    raise ImportFileError(
                        path, line, f"expected {len(HEADER)} columns, found {len(cells)}"
                    )
                row = {k: v.strip() for k, v in zip(HEADER, cells, strict=True)}
                key = row["key"]
                if not key or not row["name"] or not row["dose_unit"]:
                    raise ImportFileError(path, line, "key, name and dose_unit are required")
                if key in rows:
                    raise ImportFileError(path, line, f"key {key!r} appears twice")
                problem = sanity.form_problem(row["form"])
                try:
                    amount = sanity.parse_decimal(row["amount_ug"])
                except ValueError as exc:
                    raise ImportFileError(path, line, f"column amount_ug: {exc}") from None
                problem = problem or sanity.value_problem(amount, per_unit=True)
                if problem:
                    raise ImportFileError(path, line, problem)
                rows[key] = {**row, "amount_ug": amount}
        except csv.Error as exc:
            raise ImportFileError(path, line, f"not valid CSV: {exc}") from None
        except UnicodeDecodeError as exc:
            raise ImportFileError(path, line, f"not UTF-8 text: {exc.reason}") from None
    return rows


def write(rows, log=None):
    log = log or Log()
    tallies = {}
    group, _ = FoodGroup.objects.get_or_create(code=GROUP["code"], defaults=GROUP)
    sources, tallies["Sources"] = sync(
        Source,
        {SOURCE["key"]: SOURCE},
        {s.key: s for s in Source.objects.filter(key=SOURCE["key"])},
        ["name", "citation", "url", "licence"],
        reason=CHANGE_REASON,
    )
    source = sources[SOURCE["key"]]
    desired = {
        KEY_PREFIX + key: {
            "name": row["name"],
            "catalogue_key": KEY_PREFIX + key,
            "group_id": group.pk,
            "description": row["description"],
            "dose_unit": row["dose_unit"],
            "search_name": fold(row["name"]),
            "slug": slugify(row["name"])[:200] or "supplement",
            "owner_id": None,
        }
        for key, row in rows.items()
    }
    existing = {
        f.catalogue_key: f for f in Food.objects.filter(catalogue_key__startswith=KEY_PREFIX)
    }
    foods, tally = sync(
        Food,
        desired,
        existing,
        ["name", "group_id", "description", "dose_unit", "search_name", "slug", "owner_id"],
        reason=CHANGE_REASON,
    )
    tally.retired = retire(
        Food, [f for k, f in existing.items() if k not in desired], reason="No longer listed"
    )
    tallies["Foods"] = tally
    log(f"Supplements: {tally}", 1)

    desired_values = {}
    for key, row in rows.items():
        food = foods[KEY_PREFIX + key]
        desired_values[(food.pk, row["form"])] = {
            "food_id": food.pk,
            "form": row["form"],
            "amount_ug": row["amount_ug"],
            "source_id": source.pk,
            "method": Method.LABEL,
            "method_detail": f"Label dose per {row['dose_unit']}",
            "reference": "",
            "data_points": None,
            "note": "",
        }
    existing_values = {
        (v.food_id, v.form): v
        for v in VitaminKValue.objects.filter(food__catalogue_key__startswith=KEY_PREFIX)
    }
    _, tally = sync(
        VitaminKValue,
        desired_values,
        existing_values,
        ["amount_ug", "source_id", "method", "method_detail", "reference", "data_points", "note"],
        reason=CHANGE_REASON,
    )
    stale = [v.pk for k, v in existing_values.items() if k not in desired_values]
    tally.removed = remove(VitaminKValue.objects.filter(pk__in=stale))
    tallies["Values"] = tally
    log(f"Supplement values: {tally}", 1)
    return tallies


def import_supplements(path, log=None):
    log = log or Log()
    started = time.monotonic()
    log(f"Reading {path}", 1)
    rows = parse(path)
    with transaction.atomic():
        tallies = write(rows, log)
    changed = sum(t.changed for t in tallies.values())
    verdict = f"{changed} rows changed" if changed else "Nothing changed"
    log(f"Supplements: {verdict} ({time.monotonic() - started:.1f} s).", 1)
    return tallies
