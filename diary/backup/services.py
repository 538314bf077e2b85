"""Writes for the backup: restore a backup document into an account (empty or not: what is
already there is not added twice), and delete an account with everything it owns."""

import contextlib
import datetime
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from diary.anticoagulation.models import DatedRecord
from diary.models import (
    MAX_ITEMS,
    AnticoagulationProfile,
    DoseChange,
    DoseSchedule,
    DoseStatus,
    Entry,
    Favourite,
    InrResult,
    Profile,
    Recipe,
    RecipeIngredient,
    SavedMeal,
    SavedMealItem,
    ScheduledDose,
    ScheduleEvent,
    person_data_changed,
    validate_created_at,
    validate_diary_day,
)
from diary.myfoods.forms import DOSE_UNITS
from diary.myfoods.services import user_source_get_or_create
from diary.profile.services import profile_update
from foods.models import Food, FoodGroup, Method, NutrientValue, Portion, VitaminKValue
from foods.text import parse_id

from .selectors import FORMAT, READABLE_VERSIONS


class BackupError(Exception):
    """The file is not a backup this version can read; the message says why."""


@dataclass(frozen=True)
class RestoreResult:
    foods_added: int
    entries_added: int
    entries_already_there: int
    favourites_added: int
    skipped: int  # entries or favourites whose food this site does not have
    log_added: int = 0  # INR results and dose changes added
    routines_added: int = 0  # recipes, saved meals and schedules added


EntryKey = tuple[datetime.date, str, int, Decimal, int | None, Decimal | None]


def _key(entry: Entry) -> EntryKey:
    return (entry.day, entry.meal, entry.food_id, entry.quantity, entry.portion_id, entry.grams)


MAX_BYTES = 20 * 1024 * 1024  # years of entries are a few MB
MAX_DEPTH = 16  # a backup nests 5 deep; the parser is recursive
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
NUL = "\x00"


def _too_deep(raw: bytes) -> bool:
    """True when the JSON nests deeper than MAX_DEPTH, found without parsing it: strings set
    aside, each pass removes the innermost empty pairs; what is left after MAX_DEPTH passes is
    deeper (or unbalanced, which the parser refuses anyway)."""
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    for _ in range(MAX_DEPTH):
        if not brackets:
            return False
        brackets = brackets.replace(b"[]", b"").replace(b"{}", b"")
    return bool(brackets)


class _NotANumber(ValueError):
    pass


def _refuse_constant(name: str) -> None:
    raise _NotANumber(name)


def _nul_at(value: Any, where: str = "file") -> str | None:
    """Where a NUL character is (a key or a string), or None. PostgreSQL refuses it in text."""
    if isinstance(value, str):
        return where if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                return where
            if found := _nul_at(item, f"{where}.{key}" if where != "file" else key):
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            if found := _nul_at(item, f"{where}[{index}]"):
                return found
    return None


def backup_parse(*, raw: bytes) -> Any:
    """The JSON document in an uploaded file, read with a backup's limits: its size, its depth
    (before parsing), no Infinity or NaN, numbers kept exact, no NUL character anywhere."""
    if len(raw) > MAX_BYTES:
        raise BackupError("This file is over 20 MB: it is not a backup from here.")
    if _too_deep(raw):
        raise BackupError("This file nests deeper than a backup does: it is not one from here.")
    try:
        document = json.loads(raw, parse_float=Decimal, parse_constant=_refuse_constant)
    except _NotANumber as error:
        raise BackupError(
            f"This file holds {error}, which is not a number: nothing was restored."
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise BackupError("This file is not JSON: choose a K2 Tracker backup.") from None
    if where := _nul_at(document):
        raise BackupError(f"The backup's {where} holds a NUL character: nothing was restored.")
    return document


def _decimal(text: Any) -> Decimal:
    if isinstance(text, bool) or not isinstance(text, str | int | Decimal):
        raise ValueError(f"{text!r} is not a number")
    value = Decimal(str(text))
    if not value.is_finite():
        raise ValueError("not a finite number")
    return value


def _diary_day(text: Any, field: str = "day") -> datetime.date:
    """A date the log's forms accept (the models leave the range to the forms)."""
    day = datetime.date.fromisoformat(text)
    try:
        validate_diary_day(day)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return day


def _whole(value: Any) -> int:
    """An id or a count: a whole number written in ASCII digits, within a database bigint."""
    number = parse_id(str(value)) if isinstance(value, int | str) else None
    if isinstance(value, bool) or number is None:
        raise ValueError(f"{value!r} is not a whole number")
    return number


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


@contextlib.contextmanager
def _object(where: str) -> Iterator[None]:
    """Names the object (and the field, from the model's message) of a value refused."""
    try:
        yield
    except ValidationError as error:
        raise BackupError(f"The backup's {where} is refused: {_messages(error)}") from None
    except (KeyError, TypeError, ValueError, InvalidOperation, AttributeError) as error:
        raise BackupError(f"The backup's {where} is damaged or incomplete ({error!r}).") from None


class _Foods:
    """Resolves a backup's food references to this site's foods (one query for the catalogue)."""

    def __init__(self, user: User, document: dict[str, Any]) -> None:
        self.custom: dict[str, Food] = {}
        routines = document.get("routines") or {}
        refs = [
            *(e["food"] for e in document["entries"]),
            *(f["food"] for f in document["favourites"]),
            *(i["food"] for r in routines.get("recipes", []) for i in r["ingredients"]),
            *(i["food"] for m in routines.get("saved_meals", []) for i in m["items"]),
            *(s["food"] for s in routines.get("schedules", [])),
        ]
        wanted = [ref["catalogue"] for ref in refs if "catalogue" in ref]
        ids = {_whole(r["id"]) for r in wanted if r.get("id") is not None}
        keys = {r["catalogue_key"] for r in wanted if r.get("catalogue_key")}
        ndbs = {r["ndb_no"] for r in wanted if r.get("ndb_no")}
        found = Food.objects.filter(owner=None).filter(
            Q(pk__in=ids) | Q(catalogue_key__in=keys) | Q(ndb_no__in=ndbs)
        )
        found = found.prefetch_related("portions", "values")
        self.by_id = {f.pk: f for f in found}
        self.by_key = {f.catalogue_key: f for f in found if f.catalogue_key}
        self.by_ndb = {f.ndb_no: f for f in found if f.ndb_no}

    def get(self, ref: dict[str, Any]) -> Food | None:
        if "custom" in ref:
            return self.custom.get(ref["custom"])
        r = ref["catalogue"]
        if r.get("catalogue_key") and r["catalogue_key"] in self.by_key:
            return self.by_key[r["catalogue_key"]]
        if r.get("ndb_no") and r["ndb_no"] in self.by_ndb:
            return self.by_ndb[r["ndb_no"]]
        food = self.by_id.get(_whole(r["id"])) if r.get("id") is not None else None
        return food if food is not None and food.name == r.get("name") else None


def _restore_foods(user: User, document: dict[str, Any], foods: _Foods) -> int:
    own = {(f.name, f.dose_unit): f for f in Food.objects.filter(owner=user)}
    groups = {g.code: g for g in FoodGroup.objects.all()}
    added = 0
    for index, item in enumerate(document["custom_foods"]):
        with _object(f"custom_foods[{index}]"):
            added += _restore_food(user, item, own, groups, foods)
    return added


def _restore_food(
    user: User,
    item: dict[str, Any],
    own: dict[tuple[str, str], Food],
    groups: dict[str, FoodGroup],
    foods: _Foods,
) -> int:
    """One of the person's own foods, with the rules of the my-foods form; 1 when added."""
    added = 0
    name, dose_unit = str(item["name"]), str(item.get("dose_unit") or "")
    if dose_unit and dose_unit not in dict(DOSE_UNITS):
        raise ValidationError({"dose_unit": f"Choose one of {', '.join(dict(DOSE_UNITS))}."})
    food = own.get((name, dose_unit))
    if food is None:
        food = Food(
            name=name,
            owner=user,
            dose_unit=dose_unit,
            group=groups.get(item.get("group") or ""),
            retired=bool(item.get("retired")),
        )
        food.full_clean(exclude=["search_name", "slug"])
        food.save()
        source = user_source_get_or_create()
        for value in item["values"]:
            row = VitaminKValue(
                food=food,
                form=str(value["form"]),
                amount_ug=_decimal(value["amount_ug"]),
                source=source,
                method=Method.USER,
            )
            row.full_clean()
            row.save()
        for value in item.get("nutrients") or []:  # absent before calcium and vitamin D
            nutrient = NutrientValue(
                food=food,
                nutrient=str(value["nutrient"]),
                amount=_decimal(value["amount"]),
                source=source,
                method=Method.USER,
            )
            nutrient.full_clean()
            nutrient.save()
        for portion in item["portions"]:
            measure = Portion(
                food=food,
                seq=_whole(portion["seq"]),
                description=str(portion["description"]),
                grams=_decimal(portion["grams"]),
            )
            measure.full_clean()
            measure.save()
        own[(name, dose_unit)] = food
        added += 1
    foods.custom[str(item["key"])] = food
    return added


def _portion(food: Food, ref: dict[str, Any] | None) -> Portion | None:
    if ref is None:
        return None
    portions = list(food.portions.all())
    same = [p for p in portions if p.description == ref["description"]]
    exact = [p for p in same if p.seq == ref.get("seq")]
    if not (exact or same):
        raise ValidationError(f"{food.name} has no portion “{ref['description']}”.")
    return (exact or same)[0]


@dataclass
class _Entries:
    added: int
    already_there: int
    skipped: int
    # Each of the backup's entries (by its place in the file) as it is in the account now:
    # added, or the same one that was there already. Without those whose food is not here.
    placed: dict[int, Entry]


def _restore_entries(user: User, document: dict[str, Any], foods: _Foods) -> _Entries:
    there: dict[EntryKey, list[Entry]] = {}
    for existing in Entry.objects.for_user(user).order_by("created_at", "pk"):
        there.setdefault(_key(existing), []).append(existing)
    new: list[Entry] = []
    placed: dict[int, Entry] = {}
    already = skipped = 0
    for index, item in enumerate(document["entries"]):
        with _object(f"entries[{index}]"):
            entry = _entry(user, item, foods)
        if entry is None:
            skipped += 1
            continue
        if same := there.get(_key(entry)):  # the same entry is in the account already
            placed[index] = same.pop(0)
            already += 1
            continue
        new.append(entry)
        placed[index] = entry
    created_at = [entry.created_at for entry in new]
    Entry.objects.bulk_create(new)
    # created_at orders a day's entries; bulk_create stamped "now", so put the originals back.
    for entry, stamp in zip(new, created_at, strict=True):
        entry.created_at = stamp
    Entry.objects.bulk_update(new, ["created_at"], batch_size=500)
    return _Entries(len(new), already, skipped, placed)


def _entry(user: User, item: dict[str, Any], foods: _Foods) -> Entry | None:
    """The entry as the day page's form and Entry.clean would take it; None when this site
    does not have its food."""
    food = foods.get(item["food"])
    if food is None:
        return None
    created_at = datetime.datetime.fromisoformat(item["created_at"])
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=datetime.UTC)
    # Not editable, so clean_fields passes over it: checked here.
    try:
        validate_created_at(created_at)
    except ValidationError as error:
        raise ValidationError({"created_at": error.messages}) from None
    entry = Entry(
        user=user,
        day=datetime.date.fromisoformat(item["day"]),
        meal=str(item["meal"]),
        food=food,
        portion=_portion(food, item.get("portion")),
        quantity=_decimal(item["quantity"]),
        grams=None if item.get("grams") is None else _decimal(item["grams"]),
        unit=str(item.get("unit") or ""),  # absent from files made before units were kept
        logged_values=item.get("logged_values"),
        logged_nutrients=item.get("logged_nutrients"),
        created_at=created_at,
    )
    entry.clean_fields(exclude=["user", "food", "portion", "logged_values", "logged_nutrients"])
    entry.clean()  # the logged values too: known forms and nutrients, within the bounds
    return entry


@transaction.atomic
def backup_restore(*, user: User, document: Any) -> RestoreResult:
    """Add what the backup holds and the account lacks; all of it or nothing (BackupError)."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError("This is not a K2 Tracker backup file.")
    if document.get("version") not in READABLE_VERSIONS:
        raise BackupError(
            f"This backup is version {document.get('version')!r}; this site reads versions "
            f"{', '.join(map(str, READABLE_VERSIONS))}."
        )
    person_data_changed(user.pk)  # first, as every diary write: their profile row is locked
    try:
        with _object("food references"):
            foods = _Foods(user, document)
        foods_added = _restore_foods(user, document, foods)
        entries = _restore_entries(user, document, foods)
        skipped = entries.skipped
        favourites_added = 0
        for index, item in enumerate(document["favourites"]):
            with _object(f"favourites[{index}]"):
                food = foods.get(item["food"])
            if food is None:
                skipped += 1
                continue
            favourites_added += Favourite.objects.get_or_create(user=user, food=food)[1]
        with _object("profile"):
            profile = document["profile"]
            target = profile.get("personal_target_ug")
            months = profile.get("age_months")
            current = Profile.objects.get(user=user)
            # Absent from backups made before calcium and vitamin D: the account's own stay.
            show_bone = profile.get("show_bone", current.show_bone)
            if not isinstance(show_bone, bool):
                raise ValidationError({"show_bone": "Must be true or false."})
            profile_update(
                profile=current,
                life_stage=str(profile["life_stage"]),
                age=None if profile.get("age") is None else _whole(profile["age"]),
                age_months=None if months is None else _whole(months),
                personal_target_ug=None if target is None else _decimal(target),
                time_zone=str(profile["time_zone"]),
                takes_vka=bool(profile["takes_vka"]),
                show_bone=show_bone,
                vitamin_d_unit=str(profile.get("vitamin_d_unit") or current.vitamin_d_unit),
            )
        # Version 1 backups were made before the steady-intake mode existed.
        log_added = _restore_anticoagulation(user, document.get("anticoagulation") or {})
        # Versions 1 and 2 before routines.
        routines_added = _restore_routines(
            user, document.get("routines") or {}, foods, _DoseEntries(document, entries)
        )
    except ValidationError as error:
        raise BackupError(f"The backup holds a value this site refuses: {error}") from None
    except (KeyError, TypeError, ValueError, InvalidOperation, AttributeError) as error:
        raise BackupError(f"The backup file is damaged or incomplete ({error!r}).") from None
    return RestoreResult(
        foods_added,
        entries.added,
        entries.already_there,
        favourites_added,
        skipped,
        log_added,
        routines_added,
    )


def _restore_anticoagulation(user: User, part: dict[str, Any]) -> int:
    """The mode's settings (when the account has none) and the INR and dose records it lacks:
    a record already there (same day, value and place; same day and dose) is not added twice."""
    with _object("anticoagulation.settings"):
        _restore_anticoagulation_settings(user, part.get("settings"))
    added = 0
    for name, model, same, read in _LOGS:
        have = set(model.objects.for_user(user).values_list(*same))
        for index, item in enumerate(part.get(name, [])):
            with _object(f"anticoagulation.{name}[{index}]"):
                added += _add_once(read(user, item), same, have)
    return added


def _restore_anticoagulation_settings(user: User, settings: dict[str, Any] | None) -> None:
    if settings and not AnticoagulationProfile.objects.filter(user=user).exists():
        started = settings.get("started_on")
        profile = AnticoagulationProfile(
            user=user,
            vka=str(settings["vka"]),
            inr_low=_decimal(settings["inr_low"]),
            inr_high=_decimal(settings["inr_high"]),
            started_on=None if started is None else _diary_day(started, "started_on"),
        )
        profile.full_clean()
        profile.save()


def _inr(user: User, item: dict[str, Any]) -> InrResult:
    return InrResult(
        user=user,
        day=_diary_day(item["day"]),
        value=_decimal(item["value"]),
        measured_at=str(item["measured_at"]),
        note=str(item.get("note", "")),
    )


def _dose(user: User, item: dict[str, Any]) -> DoseChange:
    mg = item.get("mg_per_day")
    return DoseChange(
        user=user,
        day=_diary_day(item["day"]),
        mg_per_day=None if mg is None else _decimal(mg),
        weekly_schedule=str(item.get("weekly_schedule", "")),
        note=str(item.get("note", "")),
    )


# The steady-intake log in a backup: where each kind of record is in the file, its model, the
# fields that make a record the same as one already there, and how one is read from the file.
_LOGS: tuple[
    tuple[str, type[InrResult] | type[DoseChange], tuple[str, ...], Callable[..., DatedRecord]],
    ...,
] = (
    ("inr_results", InrResult, ("day", "value", "measured_at"), _inr),
    ("dose_changes", DoseChange, ("day", "mg_per_day", "weekly_schedule"), _dose),
)


def _add_once(record: DatedRecord, same: tuple[str, ...], have: set[Any]) -> int:
    """Save the record unless one with the same `same` fields is there already; 1 when added."""
    key = tuple(getattr(record, name) for name in same)
    if key in have:
        return 0
    record.full_clean()
    record.save()
    have.add(key)
    return 1


def _restore_routines(
    user: User, part: dict[str, Any], foods: _Foods, dose_entries: "_DoseEntries"
) -> int:
    """Recipes, saved meals and schedules the account lacks (a recipe for a food that has one,
    a saved meal of a name already there, the same schedule: not added twice), each checked
    with the model's rules. An item whose food this site does not have is left out."""
    added = 0
    for index, item in enumerate(part.get("recipes", [])):
        with _object(f"routines.recipes[{index}]"):
            added += _restore_recipe(user, item, foods)
    names = set(SavedMeal.objects.filter(user=user).values_list("name", flat=True))
    for index, item in enumerate(part.get("saved_meals", [])):
        with _object(f"routines.saved_meals[{index}]"):
            added += _restore_saved_meal(user, item, foods, names)
    have = set(
        DoseSchedule.objects.filter(user=user).values_list("food_id", "starts", "every", "quantity")
    )
    for index, item in enumerate(part.get("schedules", [])):
        where = f"routines.schedules[{index}]"
        with _object(where):
            added += _restore_schedule(user, item, foods, have, dose_entries, where)
    return added


def _restore_amount(
    made: RecipeIngredient | SavedMealItem, seq: int, item: dict[str, Any], foods: _Foods
) -> bool:
    """Fill and check one item; False when this site lacks its food."""
    food = foods.get(item["food"])
    if food is None:
        return False
    made.seq = seq
    made.food = food
    made.portion = _portion(food, item.get("portion"))
    made.quantity = _decimal(item["quantity"])
    made.grams = None if item.get("grams") is None else _decimal(item["grams"])
    made.unit = str(item.get("unit") or "")
    made.clean_fields(exclude=["recipe", "saved_meal", "food", "portion"])
    made.clean()
    return True


def _restore_recipe(user: User, item: dict[str, Any], foods: _Foods) -> int:
    food = foods.get(item["food"])
    if food is None:
        raise ValidationError({"food": "A recipe names one of the backup's own foods."})
    if Recipe.objects.filter(food=food).exists():
        return 0
    cooked = item.get("cooked_grams")
    recipe = Recipe(
        user=user,
        food=food,
        servings=_decimal(item["servings"]),
        cooked_grams=None if cooked is None else _decimal(cooked),
    )
    recipe.full_clean()
    recipe.save()
    rows = []
    for seq, part in enumerate(item["ingredients"][:MAX_ITEMS], start=1):
        row = RecipeIngredient(recipe=recipe)
        if _restore_amount(row, seq, part, foods):
            rows.append(row)
    RecipeIngredient.objects.bulk_create(rows)
    return 1


def _restore_saved_meal(user: User, item: dict[str, Any], foods: _Foods, names: set[str]) -> int:
    saved = SavedMeal(user=user, name=str(item["name"]), meal=str(item["meal"]))
    if saved.name in names:
        return 0
    saved.full_clean(validate_constraints=False)
    saved.save()
    rows = []
    for seq, part in enumerate(item["items"][:MAX_ITEMS], start=1):
        row = SavedMealItem(saved_meal=saved)
        if _restore_amount(row, seq, part, foods):
            rows.append(row)
    SavedMealItem.objects.bulk_create(rows)
    names.add(saved.name)
    return 1


def _restore_schedule(
    user: User,
    item: dict[str, Any],
    foods: _Foods,
    have: set[Any],
    dose_entries: "_DoseEntries",
    where: str,
) -> int:
    """A schedule the account lacks, with its doses (a taken one linked to its restored entry)
    and its dated events; 1 when added."""
    food = foods.get(item["food"])
    if food is None:
        return 0
    ends = item.get("ends")
    interval = item.get("interval_days")
    schedule = DoseSchedule(
        user=user,
        food=food,
        quantity=_decimal(item["quantity"]),
        every=str(item["every"]),
        weekdays=str(item.get("weekdays") or ""),
        interval_days=None if interval is None else _whole(interval),
        starts=_diary_day(item["starts"], "starts"),
        ends=None if ends is None else _diary_day(ends, "ends"),
        time_of_day=str(item["time_of_day"]),
        auto_log=item.get("auto_log") is True,
    )
    key = (food.pk, schedule.starts, schedule.every, schedule.quantity)
    if key in have:
        return 0
    schedule.full_clean()
    schedule.save()
    doses = []
    for number, dose in enumerate(item.get("doses", [])):
        with _object(f"{where}.doses[{number}]"):
            made = ScheduledDose(
                schedule=schedule, day=_diary_day(dose["day"]), status=str(dose["status"])
            )
            made.full_clean(exclude=["schedule", "entry"], validate_constraints=False)
            made.entry = dose_entries.get(made, dose.get("entry"))  # absent before version 5
            doses.append(made)
    if len({dose.day for dose in doses}) != len(doses):
        raise ValidationError({"doses": "A day's dose is recorded twice."})
    ScheduledDose.objects.bulk_create(doses)
    events = []
    for number, event in enumerate(item.get("events", [])):  # absent before version 5
        with _object(f"{where}.events[{number}]"):
            made_event = ScheduleEvent(
                schedule=schedule,
                day=_diary_day(event["day"]),
                kind=str(event["kind"]),
                text=str(event["text"]),
            )
            made_event.full_clean(exclude=["schedule"])
            events.append(made_event)
    ScheduleEvent.objects.bulk_create(events)
    have.add(key)
    return 1


class _DoseEntries:
    """Links a restored taken dose to the entry it logged, named by the entry's place in the
    backup's "entries": that entry as restored (or found already there), which must be the
    dose's (same day, the schedule's supplement) and no other dose's."""

    def __init__(self, document: dict[str, Any], entries: _Entries) -> None:
        self.count = len(document["entries"])
        self.placed = entries.placed
        self.used: set[int] = set()
        self.linked: set[int] | None = None  # the account's entries already a dose's

    def get(self, dose: ScheduledDose, place: Any) -> Entry | None:
        if place is None:
            return None
        number = _whole(place)
        if number >= self.count:
            raise ValidationError({"entry": f"The backup has no entries[{number}]."})
        if dose.status != DoseStatus.TAKEN:
            raise ValidationError({"entry": "Only a taken dose has an entry."})
        if number in self.used:
            raise ValidationError({"entry": f"entries[{number}] is another dose's entry."})
        entry = self.placed.get(number)
        if entry is None:  # its food is not on this site
            return None
        if entry.day != dose.day or entry.food_id != dose.schedule.food_id:
            raise ValidationError(
                {"entry": f"entries[{number}] is not this dose (another day or supplement)."}
            )
        self.used.add(number)
        if self.linked is None:
            self.linked = set(
                ScheduledDose.objects.filter(
                    schedule__user_id=entry.user_id, entry__isnull=False
                ).values_list("entry_id", flat=True)
            )
        # Found already in the account as another schedule's dose: that link stays.
        return None if entry.pk in self.linked else entry


@transaction.atomic
def account_delete(*, user: User) -> None:
    """The account and everything it owns: profile, entries, favourites, own foods with their
    values and portions, and the change history kept of those foods."""
    food_ids = list(Food.objects.filter(owner=user).values_list("pk", flat=True))
    user.delete()  # cascades to the profile, entries, favourites, own foods and submissions
    Food.history.filter(id__in=food_ids).delete()
    VitaminKValue.history.filter(food_id__in=food_ids).delete()
    Portion.history.filter(food_id__in=food_ids).delete()
