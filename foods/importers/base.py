"""What the importers share: the error type, the tally of changes, CSV reading, in-memory syncing
and the one-transaction run that reports what changed."""

import csv
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from foods.models import Food, NutrientValue, Source, VitaminKValue
from foods.services import food_figures_refresh

BATCH_SIZE = 500
SOURCE_FIELDS = ["name", "citation", "url", "licence"]
VALUE_FIELDS = [
    "amount_ug",
    "source_id",
    "method",
    "method_detail",
    "reference",
    "data_points",
    "note",
]

# NutrientValue (calcium, vitamin D): the same provenance, its amount in mg or µg.
NUTRIENT_VALUE_FIELDS = ["amount", *VALUE_FIELDS[1:]]


class ImportFileError(Exception):
    """A malformed input file: names the file, the line and the reason."""

    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    retired: int = 0
    # The keys of the rows written or removed: whose foods need their figures refreshed.
    keys: set[Any] = field(default_factory=set, compare=False, repr=False)

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed + self.retired

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.removed:
            text += f", {self.removed} removed"
        if self.retired:
            text += f", {self.retired} retired"
        return text


logger = logging.getLogger("foods.importers")


class Log:
    """Progress lines: to a management command's output, filtered by verbosity; without one (an
    import run from code), to the "foods.importers" logger, so it still leaves a record. Not to
    both: in a terminal the logger's console handler printed every line a second time."""

    def __init__(self, write: Callable[[str], object] | None = None, verbosity: int = 1) -> None:
        self._write = write
        self.verbosity = verbosity

    def __call__(self, message: str, level: int = 1) -> None:
        if self._write is None:
            logger.info(message)
        elif self.verbosity >= level:
            self._write(message)


def csv_rows(path: str | Path, header: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for each non-blank row of a UTF-8 CSV file whose first row is `header`.

    `line` is the line the row starts on. A missing file, another header, a row of another
    width, broken CSV quoting or non-UTF-8 text raise ImportFileError naming file and line.
    """
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise ImportFileError(path, None, "file not found") from None
    with handle:
        reader = csv.reader(handle)
        line = 1
        try:
            found = next(reader, None)
            if found != header:
                raise ImportFileError(path, 1, f"header must be {','.join(header)} (found {found})")
            while True:
                line = reader.line_num + 1
                cells = next(reader, None)
                if cells is None:
                    return
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(header):
                    raise ImportFileError(
                        path,
                        line,
                        f"expected {len(header)} columns, found {len(cells)} (truncated row?)",
                    )
                yield line, cells
        except csv.Error as exc:
            raise ImportFileError(path, line, f"not valid CSV: {exc}") from None
        except UnicodeDecodeError as exc:
            raise ImportFileError(path, line, f"not UTF-8 text: {exc.reason}") from None


def run_in_transaction(
    name: str, write: Callable[[], dict[str, Tally]], log: Log, started: float
) -> dict[str, Tally]:
    """Call `write()` (returning {table: Tally}) in one transaction; log what changed and how long
    it took since `started` (time.monotonic())."""
    with transaction.atomic():
        tallies = write()
    changed = sum(t.changed for t in tallies.values())
    verdict = f"{changed} rows changed" if changed else "Nothing changed"
    log(f"{name}: {verdict} ({time.monotonic() - started:.1f} s).", 1)
    return tallies


def import_file[P](
    name: str,
    path: str | Path,
    parse: Callable[[str | Path, Log], P],
    write: Callable[[str | Path, P, Log], dict[str, Tally]],
    log: Log | None = None,
    *,
    reading: str = "",
    summary: Callable[[P], str] | None = None,
) -> dict[str, Tally]:
    """An importer's entry point: `parse(path, log)` the file (nothing written yet), log
    `summary` of what was read, then `write(path, parsed, log)` it in one transaction. Returns
    {table: Tally}."""
    log = log or Log()
    started = time.monotonic()
    log(reading or f"Reading {path}", 1)
    parsed = parse(path, log)
    if summary is not None:
        log(summary(parsed), 1)
    return run_in_transaction(name, lambda: write(path, parsed, log), log, started)


def _has_history(model: type[models.Model]) -> bool:
    return hasattr(model, "history")


def sync[K, M: models.Model](
    model: type[M],
    desired: Mapping[K, dict[str, Any]],
    existing: Mapping[K, M],
    fields: Sequence[str],
    *,
    reason: str,
    tally: Tally | None = None,
) -> tuple[dict[K, M], Tally]:
    """Make the rows `existing` ({key: instance}) match `desired` ({key: {field: value}}).

    Compares in memory and writes only what differs, with bulk_create / bulk_update (and their
    history records when the model keeps history). Rows in `existing` but not in `desired` are
    left alone: the caller decides what a missing row means. Returns ({key: instance}, tally).
    """
    tally = tally or Tally()
    to_create: list[M] = []
    to_update: list[M] = []
    result: dict[K, M] = {}
    has_updated_at = any(f.name == "updated_at" for f in model._meta.get_fields())
    now = timezone.now()
    for key, values in desired.items():
        obj = existing.get(key)
        if obj is None:
            obj = model(**values)
            to_create.append(obj)
            tally.keys.add(key)
        elif any(getattr(obj, name) != values[name] for name in fields):
            for name in fields:
                setattr(obj, name, values[name])
            if has_updated_at:
                obj.updated_at = now  # type: ignore[attr-defined]
            to_update.append(obj)
            tally.keys.add(key)
        else:
            tally.unchanged += 1
        result[key] = obj
    update_fields = list(fields) + (["updated_at"] if has_updated_at else [])
    if _has_history(model):
        if to_create:
            bulk_create_with_history(
                to_create, model, batch_size=BATCH_SIZE, default_change_reason=reason
            )
        if to_update:
            bulk_update_with_history(
                to_update,
                model,
                update_fields,
                batch_size=BATCH_SIZE,
                default_change_reason=reason,
            )
    else:
        if to_create:
            model._default_manager.bulk_create(to_create, batch_size=BATCH_SIZE)
        if to_update:
            model._default_manager.bulk_update(to_update, update_fields, batch_size=BATCH_SIZE)
    tally.created += len(to_create)
    tally.updated += len(to_update)
    return result, tally


def retire(model: type[Food], objs: Iterable[Food], *, reason: str) -> int:
    """Hide catalogue rows that a source no longer has (kept for diary entries that use them)."""
    objs = [obj for obj in objs if not obj.retired]
    now = timezone.now()
    for obj in objs:
        obj.retired = True
        obj.updated_at = now
    if objs:
        bulk_update_with_history(
            objs,
            model,
            ["retired", "updated_at"],
            batch_size=BATCH_SIZE,
            default_change_reason=reason,
        )
    return len(objs)


def remove(queryset: models.QuerySet[Any]) -> int:
    """Delete rows a source no longer has (QuerySet.delete sends the signals history needs)."""
    count = queryset.count()
    if count:
        queryset.delete()
    return count


def sync_sources(
    desired: Mapping[str, dict[str, Any]], *, reason: str
) -> tuple[dict[str, Source], Tally]:
    """Sync the Source rows keyed by `desired`'s keys ({key: {field: value}})."""
    existing = {s.key: s for s in Source.objects.filter(key__in=list(desired))}
    return sync(Source, desired, existing, SOURCE_FIELDS, reason=reason)


def sync_catalogue_foods(
    prefix: str,
    desired: Mapping[str, dict[str, Any]],
    fields: Sequence[str],
    *,
    reason: str,
    gone_reason: str,
) -> tuple[dict[str, Food], Tally]:
    """Sync the foods whose catalogue_key starts with `prefix` to `desired` ({catalogue_key:
    {field: value}}) and retire those it no longer has. Returns ({key: Food}, tally)."""
    existing = {
        cast(str, f.catalogue_key): f  # the filter leaves out foods without a key
        for f in Food.objects.filter(catalogue_key__startswith=prefix)
    }
    foods, tally = sync(Food, desired, existing, fields, reason=reason)
    gone = [food for key, food in existing.items() if key not in desired]
    tally.retired = retire(Food, gone, reason=gone_reason)
    return foods, tally


def sync_values(
    desired: Mapping[tuple[int, str], dict[str, Any]],
    existing: Mapping[tuple[int, str], VitaminKValue],
    *,
    reason: str,
    is_ours: Callable[[VitaminKValue], bool] = lambda value: True,
) -> Tally:
    """Sync VitaminKValue rows ({(food_id, form): ...}); delete the existing ones `desired` no
    longer has when `is_ours(value)` says this importer made them. Returns the tally.

    Borrowed values (foods/importers/borrowed.py) belong to the borrowed-values mapping, not to
    the source they repeat: they are never updated or removed as this source's rows, and a
    measured value that now arrives for a borrowed form replaces the borrowed one."""
    borrowed = {key: v for key, v in existing.items() if v.borrowed_from_id is not None}
    replaced = [v.pk for key, v in borrowed.items() if key in desired]
    remove(VitaminKValue.objects.filter(pk__in=replaced))
    existing = {key: v for key, v in existing.items() if key not in borrowed}
    _, tally = sync(VitaminKValue, desired, existing, VALUE_FIELDS, reason=reason)
    stale = {key: v.pk for key, v in existing.items() if key not in desired and is_ours(v)}
    tally.removed = remove(VitaminKValue.objects.filter(pk__in=list(stale.values())))
    tally.keys.update(stale)
    refresh_figures(tally)
    return tally


def refresh_figures(tally: Tally) -> None:
    """Refresh the stored figures of the foods whose rows (keyed (food_id, ...)) changed."""
    food_figures_refresh({key[0] for key in tally.keys})


def sync_nutrient_values(
    desired: dict[tuple[int, str], dict[str, Any]],
    existing: dict[tuple[int, str], NutrientValue],
    *,
    reason: str,
) -> Tally:
    """Sync NutrientValue rows ({(food_id, nutrient): ...}) and delete the existing ones
    `desired` no longer has. Returns the tally. They are not part of any vitamin K figure, so no
    figures are refreshed."""
    _, tally = sync(NutrientValue, desired, existing, NUTRIENT_VALUE_FIELDS, reason=reason)
    stale = [v.pk for key, v in existing.items() if key not in desired]
    tally.removed = remove(NutrientValue.objects.filter(pk__in=stale))
    return tally
