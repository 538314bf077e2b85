"""What the importers share: the error type, the tally of changes, and in-memory syncing."""

from dataclasses import dataclass

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

BATCH_SIZE = 500


class ImportFileError(Exception):
    """A malformed input file: names the file, the line and the reason."""

    def __init__(self, path, line, reason):
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

    @property
    def changed(self):
        return self.created + self.updated + self.removed + self.retired

    def __str__(self):
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.removed:
            text += f", {self.removed} removed"
        if self.retired:
            text += f", {self.retired} retired"
        return text


class Log:
    """Progress lines for a management command, filtered by verbosity."""

    def __init__(self, write=None, verbosity=1):
        self._write = write
        self.verbosity = verbosity

    def __call__(self, message, level=1):
        if self._write is not None and self.verbosity >= level:
            self._write(message)


def _has_history(model):
    return hasattr(model, "history")


def sync(model, desired, existing, fields, *, reason, tally=None):
    """Make the rows `existing` ({key: instance}) match `desired` ({key: {field: value}}).

    Compares in memory and writes only what differs, with bulk_create / bulk_update (and their
    history records when the model keeps history). Rows in `existing` but not in `desired` are
    left alone: the caller decides what a missing row means. Returns ({key: instance}, tally).
    """
    tally = tally or Tally()
    to_create, to_update, result = [], [], {}
    has_updated_at = any(f.name == "updated_at" for f in model._meta.get_fields())
    now = timezone.now()
    for key, values in desired.items():
        obj = existing.get(key)
        if obj is None:
            obj = model(**values)
            to_create.append(obj)
        elif any(getattr(obj, name) != values[name] for name in fields):
            for name in fields:
                setattr(obj, name, values[name])
            if has_updated_at:
                obj.updated_at = now
            to_update.append(obj)
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
            model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        if to_update:
            model.objects.bulk_update(to_update, update_fields, batch_size=BATCH_SIZE)
    tally.created += len(to_create)
    tally.updated += len(to_update)
    return result, tally


def retire(model, objs, *, reason):
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


def remove(queryset):
    """Delete rows a source no longer has (QuerySet.delete sends the signals history needs)."""
    count = queryset.count()
    if count:
        queryset.delete()
    return count
