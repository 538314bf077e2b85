"""Import the reviewed borrowed values of fixtures/borrowed-values.csv.

National food tables (NEVO, CIQUAL, USDA) fill a food's gaps with the value of the same food
analysed elsewhere, and say so. Each line of the mapping names a food, the food it borrows
from, the forms and the reason. A borrowed value repeats the donor's amount, source and method
detail, points at the donor value (VitaminKValue.borrowed_from) and keeps the reason.

It fills only forms the food has no measured value for: a measured value is never overwritten,
and a measured value that arrives later replaces the borrowed one (base.sync_values). A line
removed from the mapping removes its borrowed values. Run after every importer that measures
values (foods/importers/catalogue.py).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from django.db.models import Prefetch

from foods import vitamers
from foods.models import Food, Method, VitaminKValue

from .base import (
    VALUE_FIELDS,
    ImportFileError,
    Log,
    Tally,
    csv_rows,
    import_file,
    refresh_figures,
    remove,
    sync,
)

HEADER = ["food", "food_name", "borrow_from", "borrow_from_name", "forms", "reason"]
EVERY_K2 = "k2"  # in the forms column: every K2 form the donor has and the food lacks
CHANGE_REASON = "Borrowed from a similar food (fixtures/borrowed-values.csv)"
BORROWED_FIELDS = [*VALUE_FIELDS, "borrowed_from_id", "borrow_reason"]
REASON_MAX = cast(int, VitaminKValue._meta.get_field("borrow_reason").max_length)
_SEPARATE_K2 = frozenset(vitamers.SEPARATE_K2_FORMS)
_K1_AND_K2 = frozenset((vitamers.K1, *vitamers.K2_FORMS))


@dataclass(frozen=True)
class Line:
    line: int
    food: str
    food_name: str
    donor: str
    donor_name: str
    forms: tuple[str, ...] | None  # None: every K2 form (EVERY_K2)
    reason: str


def counted_twice(form: str, present: set[str]) -> bool:
    """Would a value for `form` count vitamin K the food's `present` forms already count?

    A K2 total ("form not reported") holds the single menaquinones, and a total whose form was
    not separated holds K1 and K2: a food that has one of them must not borrow the other."""
    if form == vitamers.K2_UNSPECIFIED and present & _SEPARATE_K2:
        return True
    if form in _SEPARATE_K2 and vitamers.K2_UNSPECIFIED in present:
        return True
    if form == vitamers.K_UNSEPARATED and present & _K1_AND_K2:
        return True
    return form in _K1_AND_K2 and vitamers.K_UNSEPARATED in present


def _forms(path: str | Path, line: int, text: str) -> tuple[str, ...] | None:
    if text == EVERY_K2:
        return None
    forms = tuple(part.strip() for part in text.split(";"))
    for form in forms:
        if form == EVERY_K2:
            raise ImportFileError(path, line, f"{EVERY_K2!r} means every K2 form: write it alone")
        if form not in vitamers.LABELS:
            known = ", ".join(vitamers.LABELS)
            raise ImportFileError(
                path, line, f"unknown form {form!r}: write {EVERY_K2} or codes among {known}"
            )
    if len(set(forms)) != len(forms):
        raise ImportFileError(path, line, f"a form is named twice in {text!r}")
    return forms


def parse(path: str | Path, log: Log | None = None) -> list[Line]:
    """The mapping's lines, each checked on its own (the database is checked by write)."""
    lines = []
    for line, cells in csv_rows(path, HEADER):
        row = {column: cell.strip() for column, cell in zip(HEADER, cells, strict=True)}
        for column in HEADER:
            if not row[column]:
                raise ImportFileError(path, line, f"the {column} column is empty")
        if row["food"] == row["borrow_from"]:
            raise ImportFileError(path, line, "a food cannot borrow from itself")
        if len(row["reason"]) > REASON_MAX:
            raise ImportFileError(path, line, f"the reason is over {REASON_MAX} characters")
        lines.append(
            Line(
                line=line,
                food=row["food"],
                food_name=row["food_name"],
                donor=row["borrow_from"],
                donor_name=row["borrow_from_name"],
                forms=_forms(path, line, row["forms"]),
                reason=row["reason"],
            )
        )
    return lines


def _catalogue_food(
    path: str | Path, line: int, foods: dict[str | None, Food], key: str, name: str, role: str
) -> Food:
    food = foods.get(key)
    if food is None:
        raise ImportFileError(path, line, f"{role} {key!r} is not in the catalogue")
    if food.retired:
        raise ImportFileError(path, line, f"{role} {key!r} ({food.name}) is retired")
    if food.name != name:
        raise ImportFileError(path, line, f"{role} {key!r} is named {food.name!r}, not {name!r}")
    return food


def _measured(food: Food) -> dict[str, VitaminKValue]:
    return {value.form: value for value in food.values.all() if value.borrowed_from_id is None}


def write(path: str | Path, lines: list[Line], log: Log | None = None) -> dict[str, Tally]:
    """Bring the borrowed values in line with the mapping. Call inside transaction.atomic()."""
    log = log or Log()
    keys = {line.food for line in lines} | {line.donor for line in lines}
    values = VitaminKValue.objects.select_related("source").order_by("form")
    foods = {
        food.catalogue_key: food
        for food in Food.objects.filter(
            catalogue_key__in=keys, owner__isnull=True
        ).prefetch_related(Prefetch("values", queryset=values))
    }
    desired: dict[tuple[int, str], dict[str, Any]] = {}
    filled_by: dict[tuple[int, str], int] = {}  # the line that filled each
    kept = 0
    for line in lines:
        food = _catalogue_food(path, line.line, foods, line.food, line.food_name, "food")
        donor = _catalogue_food(path, line.line, foods, line.donor, line.donor_name, "donor")
        if food.is_supplement or donor.is_supplement:
            raise ImportFileError(path, line.line, "supplements are per dose unit: never borrowed")
        measured, given = _measured(food), _measured(donor)
        if line.forms is None:
            forms = [form for form in vitamers.K2_FORMS if form in given]
            if not forms:
                raise ImportFileError(
                    path, line.line, f"donor {donor.name!r} has no measured K2 value to borrow"
                )
        else:
            forms = list(line.forms)
            for form in forms:
                if form not in given:
                    raise ImportFileError(
                        path,
                        line.line,
                        f"donor {donor.name!r} has no measured {vitamers.LABELS[form]} value",
                    )
        present = set(measured) | {form for (pk, form) in filled_by if pk == food.pk}
        for form in forms:
            label = vitamers.LABELS[form]
            if form in measured:
                kept += 1
                log(f"  line {line.line}: {food.name} keeps its measured {label}", 2)
                continue
            if (food.pk, form) in filled_by:
                raise ImportFileError(
                    path,
                    line.line,
                    f"{label} of {food.name!r} is already borrowed on line "
                    f"{filled_by[(food.pk, form)]}",
                )
            if counted_twice(form, present):
                if line.forms is not None:
                    raise ImportFileError(
                        path,
                        line.line,
                        f"{label} would count vitamin K {food.name!r} already has a value for",
                    )
                log(f"  line {line.line}: {food.name}: {label} not borrowed: counted twice", 1)
                continue
            donor_value = given[form]
            present.add(form)
            filled_by[(food.pk, form)] = line.line
            desired[(food.pk, form)] = {
                "food_id": food.pk,
                "form": form,
                "amount_ug": donor_value.amount_ug,
                "source_id": donor_value.source_id,
                "method": Method.BORROWED,
                "method_detail": donor_value.method_detail,
                "reference": donor_value.reference,
                "data_points": donor_value.data_points,
                "note": "",
                "borrowed_from_id": donor_value.pk,
                "borrow_reason": line.reason,
            }
            log(
                f"  line {line.line}: {food.name} ← {donor.name}: {label} "
                f"{donor_value.amount_ug.normalize():f} µg ({donor_value.source.name})",
                2,
            )
    existing = {
        (value.food_id, value.form): value
        for value in VitaminKValue.objects.filter(borrowed_from__isnull=False)
    }
    _, tally = sync(VitaminKValue, desired, existing, BORROWED_FIELDS, reason=CHANGE_REASON)
    stale = {key: value.pk for key, value in existing.items() if key not in desired}
    tally.removed = remove(VitaminKValue.objects.filter(pk__in=list(stale.values())))
    tally.keys.update(stale)
    refresh_figures(tally)
    filled_foods = len({food_id for food_id, _ in desired})
    log(f"Borrowed values: {tally}", 1)
    log(
        f"  {len(desired)} values borrowed for {filled_foods} foods from {len(lines)} lines; "
        f"{kept} measured values kept",
        1,
    )
    return {"Borrowed values": tally}


def import_borrowed(path: str | Path, log: Log | None = None) -> dict[str, Tally]:
    """Parse and apply the borrowed-values mapping in one transaction. Returns {table: Tally}."""
    return import_file("Borrowed values", path, parse, write, log)
