"""Writes of the diary: add, change, delete and restore entries, copy a day or meal, mark
favourites. Keyword-only; each validates with the model's rules (shared with the admin) and
writes all or nothing, the person's data version included (their cached pages are then out of
date: diary/page_cache.py). The version is moved first in each transaction: that locks the
person's profile row before anything else, so two writes of one person queue up in the same
order and never deadlock (the entry's reference to its food is checked at commit). Views turn
their exceptions into messages."""

import datetime
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from diary.models import (
    Entry,
    Favourite,
    Meal,
    Submission,
    nutrients_snapshot,
    person_data_changed,
    values_snapshot,
)
from foods.models import Food, Portion

UNDO_SALT = "diary.undo"
UNDO_MAX_AGE = 60 * 60  # the button hides after seconds; the no-JS page may be slower


class NothingToUndo(Exception):
    """The undo token is forged, expired, another user's, or its food is gone."""


class AlreadySubmitted(Exception):
    """This form submission (its token) was already carried out: a double click or a retry."""


class StaleEntry(Exception):
    """The entry changed (another tab, another device) since the form was shown."""


class FoodGone(Exception):
    """The food was deleted (in another tab) while this entry was being logged."""


STALE = (
    "This entry was changed in another tab or device: nothing was saved. Here it is as it is now."
)
FOOD_GONE = "That food was deleted meanwhile (perhaps in another tab): nothing was added."


@contextmanager
def submitted_once(user: User, submission: uuid.UUID | None, food_ids: set[int]) -> Iterator[None]:
    """All of the block, or nothing; with a submission token, at most once per token: the
    database's unique constraint decides between two identical requests at once. A food
    deleted meanwhile (its reference fails at commit) is FoodGone."""
    try:
        with transaction.atomic():
            person_data_changed(user.pk)
            if submission is not None:
                Submission.objects.create(user=user, token=submission)
            yield
    except IntegrityError as error:
        if (
            submission is not None
            and Submission.objects.filter(user=user, token=submission).exists()
        ):
            raise AlreadySubmitted from error
        if Food.objects.filter(pk__in=food_ids).count() < len(food_ids):
            raise FoodGone from error
        raise


def entry_add(
    *,
    user: User,
    day: datetime.date,
    food: Food,
    meal: str,
    quantity: Decimal,
    portion: Portion | None,
    grams: Decimal | None,
    unit: str = "",
    submission: uuid.UUID | None = None,
) -> Entry:
    """A new entry with the food's values as they are now, validated by the model
    (ValidationError lists what is wrong). AlreadySubmitted: this submission was added before;
    FoodGone: the food was deleted meanwhile."""
    entry = Entry(
        user=user,
        day=day,
        food=food,
        meal=meal,
        quantity=quantity,
        portion=portion,
        grams=grams,
        unit=unit,
        logged_values=values_snapshot(food),
        logged_nutrients=nutrients_snapshot(food),
    )
    # The user, food and portion were read in this request: no query to check they exist (a
    # food deleted since fails at the insert: FoodGone). The model's own rules still run;
    # Entry.clean holds the check constraints' rules too, so no query asks the database them.
    entry.full_clean(exclude=["user", "food", "portion"], validate_constraints=False)
    with submitted_once(user, submission, {food.pk}):
        entry.save()
    return entry


def entry_update(
    *,
    entry: Entry,
    meal: str,
    quantity: Decimal,
    portion: Portion | None,
    grams: Decimal | None,
    unit: str = "",
    version: int | None = None,
) -> Entry:
    """Change an entry's amount, unit or meal (ValidationError if the result breaks a rule).
    With the `version` the form was shown with, a change made since raises StaleEntry: the
    database compares and raises the version in one statement."""
    entry.meal, entry.quantity, entry.portion, entry.grams = meal, quantity, portion, grams
    entry.unit = unit
    # As entry_add: the entry, its food and the portion (one of the food's) were read in this
    # request, and Entry.clean holds the constraints' rules.
    entry.full_clean(exclude=["user", "food", "portion"], validate_constraints=False)
    expected = entry.version if version is None else version
    with transaction.atomic():
        person_data_changed(entry.user_id)
        changed = Entry.objects.filter(pk=entry.pk, version=expected).update(
            meal=meal,
            quantity=quantity,
            portion=portion,
            grams=grams,
            unit=unit,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if not changed:
            raise StaleEntry
    entry.refresh_from_db()
    return entry


def entry_refresh_values(*, entry: Entry) -> Entry:
    """Count the entry with the food's current values (the person asked, after a revision)."""
    entry.logged_values = values_snapshot(entry.food)
    entry.logged_nutrients = nutrients_snapshot(entry.food)
    entry.version += 1
    with transaction.atomic():
        person_data_changed(entry.user_id)
        entry.save(update_fields=["logged_values", "logged_nutrients", "version", "updated_at"])
    return entry


def entry_delete(*, entry: Entry) -> str:
    """Delete the entry; return a signed token that entry_restore takes to bring it back."""
    token = signing.dumps(
        {
            "u": entry.user_id,
            "pk": entry.pk,
            "n": entry.food.name,
            "f": entry.food_id,
            "d": entry.day.isoformat(),
            "m": entry.meal,
            "q": str(entry.quantity),
            "p": entry.portion_id,
            "g": None if entry.grams is None else str(entry.grams),
            "un": entry.unit,
            "c": entry.created_at.isoformat(),
            "v": entry.logged_values,
            "vn": entry.logged_nutrients,
        },
        salt=UNDO_SALT,
    )
    with transaction.atomic():
        person_data_changed(entry.user_id)
        entry.delete()
    return token


@dataclass(frozen=True)
class UndoNotice:
    token: str
    name: str  # the food's name, for "Deleted Natto. Undo"


def undo_notice(*, user: User, token: str) -> UndoNotice | None:
    """What the no-JS page shows after a delete, or None for a bad or foreign token."""
    try:
        data = signing.loads(token, salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("u") != user.pk:
        return None
    return UndoNotice(token=token, name=data.get("n", ""))


def entry_restore(*, user: User, token: str) -> Entry:
    """Bring back a deleted entry with its id, amount and place in the day. A second restore of
    the same token finds the entry there and adds nothing."""
    try:
        data = signing.loads(token, salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
        owner_matches = data["u"] == user.pk
        day = datetime.date.fromisoformat(data["d"])
        food = Food.objects.visible_to(user).filter(pk=int(data["f"])).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise NothingToUndo from None
    if not owner_matches or food is None or data.get("m") not in Meal.values:
        raise NothingToUndo
    portion = Portion.objects.filter(pk=data["p"], food=food).first() if data["p"] else None
    snapshot = data.get("v")
    nutrient_snapshot = data.get("vn")
    entry = Entry(
        pk=data["pk"],
        user=user,
        day=day,
        meal=data["m"],
        food=food,
        portion=portion,
        quantity=Decimal(data["q"]),
        grams=None if data["g"] is None else Decimal(data["g"]),
        unit=data.get("un", ""),
        logged_values=values_snapshot(food) if snapshot is None else snapshot,
        logged_nutrients=(
            nutrients_snapshot(food) if nutrient_snapshot is None else nutrient_snapshot
        ),
    )
    try:
        with transaction.atomic():
            # Two clicks at once both get here; the primary key lets one insert win and the
            # other finds its row (no check-then-insert gap).
            person_data_changed(user.pk)
            entry.save(force_insert=True)
            # created_at orders the day's entries: put it back where it was.
            Entry.objects.filter(pk=entry.pk).update(
                created_at=datetime.datetime.fromisoformat(data["c"])
            )
    except IntegrityError:
        existing = Entry.objects.filter(pk=data["pk"], user=user).first()
        if existing is None:
            raise NothingToUndo from None
        return existing
    return entry


@dataclass(frozen=True)
class CopyResult:
    copied: int
    skipped_retired: int
    already_there: int = 0  # copies the day already holds, when nothing was copied for them


def _same(entry: Entry) -> tuple[str, int, Decimal, int | None, str]:
    return (entry.meal, entry.food_id, entry.quantity, entry.portion_id, entry.unit)


def entries_copy(
    *,
    user: User,
    source: datetime.date,
    day: datetime.date,
    meal: str = "",
    again: bool = False,
    submission: uuid.UUID | None = None,
) -> CopyResult:
    """Copy the user's entries of `source` (one meal, or all when `meal` is empty) to `day`.

    A retired food takes no new entries, copies included. When the day already holds the same
    entries (same meal, food and amount: a second click, or a copy made earlier), nothing is
    copied unless `again`: the result says how many are already there, so the page can ask.
    """
    originals = (
        Entry.objects.for_user(user)
        .on(source)
        .select_related("food")
        .prefetch_related("food__values", "food__nutrients")
    )
    if meal:
        originals = originals.filter(meal=meal)
    originals_list = list(originals.order_by("created_at", "pk"))
    if not again:
        present = Entry.objects.for_user(user).on(day)
        if meal:
            present = present.filter(meal=meal)
        there = {_same(entry) for entry in present}
        already = sum(_same(entry) in there for entry in originals_list)
        if already:
            return CopyResult(copied=0, skipped_retired=0, already_there=already)
    copies = [
        Entry(
            user=user,
            day=day,
            meal=entry.meal,
            food=entry.food,
            portion_id=entry.portion_id,
            quantity=entry.quantity,
            grams=entry.grams,
            unit=entry.unit,
            # A copy is logged now: with the values the catalogue has now.
            logged_values=values_snapshot(entry.food),
            logged_nutrients=nutrients_snapshot(entry.food),
        )
        for entry in originals_list
        if not entry.food.retired
    ]
    with submitted_once(user, submission, {entry.food_id for entry in copies}):
        Entry.objects.bulk_create(copies)
    return CopyResult(copied=len(copies), skipped_retired=len(originals_list) - len(copies))


def favourite_set(*, user: User, food: Food, favourite: bool) -> None:
    """Make a food a favourite or not. Doing the same twice changes nothing more; a food that
    cannot be a favourite (retired) raises ValidationError."""
    if favourite:
        Favourite(user=user, food=food).full_clean(validate_constraints=False)
    with transaction.atomic():
        person_data_changed(user.pk)
        if favourite:
            # get_or_create, not create: a double click or a second tab is not an error.
            Favourite.objects.get_or_create(user=user, food=food)
        else:
            Favourite.objects.filter(user=user, food=food).delete()
