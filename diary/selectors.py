"""Reads every part of the diary shares: the person's profile and their local time, and a
period's entries (the week, the trend, the export and the steady-intake mode read them). The
profile's own reads (where the target comes from, the time zones offered) are in
diary/profile/selectors.py."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from diary import bone
from diary.models import Entry, Profile, snapshot_values
from foods import amounts
from foods.models import Food


def profile_get(*, user: User) -> Profile:
    """The user's profile; every user has one from the moment they exist. The signed-in user's
    was read with them (ProfileModelBackend): a page asks for it without another query."""
    if User.profile.is_cached(user):
        return user.profile
    return Profile.objects.get(user=user)


def local_today(profile: Profile) -> datetime.date:
    """Today in the person's own time zone, which is where their diary's days start."""
    return timezone.localdate(timezone=profile.zone)


def local_now(profile: Profile) -> datetime.datetime:
    return timezone.localtime(timezone=profile.zone)


# Where a signed-in session keeps until when (and in which time zone) the person's automatic
# doses are filled in (diary/routines/middleware.py). A write that may make more doses due and
# that is not a schedule's (saving one fills them at once), such as a restore, drops it.
DOSES_FILLED_KEY = "doses_filled"


@dataclass(frozen=True)
class Logged:
    """One diary entry as the reports need it."""

    day: datetime.date
    food_id: int
    food_name: str
    intake: amounts.Intake
    is_supplement: bool = False


def _period_amounts(
    *, user: User, first: datetime.date, last: datetime.date
) -> list[tuple[datetime.date, int, str, amounts.LoggedAmount]]:
    """(day, food id, food name, amount) of each of the user's entries in the period, in two
    queries: the entries as plain tuples with the values stored when each was logged, and the
    foods they use once per food (name, dose unit, current values for entries older than those
    stored values). An amount is what amounts.amount_intake counts, as Entry.intake() does."""
    rows = list(
        Entry.objects.for_user(user)
        .between(first, last)
        .values_list("day", "food_id", "grams", "quantity", "logged_values")
    )
    foods = food_values({food_id for _, food_id, _, _, _ in rows})
    logged: list[tuple[datetime.date, int, str, amounts.LoggedAmount]] = []
    for day, food_id, grams, quantity, snapshot in rows:
        name, dose_unit, current = foods[food_id]
        values = current if snapshot is None else snapshot_values(snapshot)
        # A supplement (a dose unit, as Food.is_supplement) is counted per unit.
        logged.append((day, food_id, name, (values, bool(dose_unit), quantity, grams)))
    return logged


def entry_list_period(*, user: User, first: datetime.date, last: datetime.date) -> list["Logged"]:
    """[Logged] for the user's entries in the period, in two queries; each entry's Intake is
    computed once per (food, amount, values) however often it recurs."""
    intakes: dict[tuple[Any, ...], amounts.Intake] = {}
    logged = []
    for day, food_id, name, amount in _period_amounts(user=user, first=first, last=last):
        values, is_supplement, quantity, grams = amount
        key = (food_id, grams, quantity, tuple(sorted(values.items())))
        one = intakes.get(key)
        if one is None:
            one = amounts.amount_intake(
                values, is_supplement=is_supplement, quantity=quantity, grams=grams
            )
            intakes[key] = one
        logged.append(Logged(day, food_id, name, one, is_supplement))
    return logged


def period_day_intakes(
    *, user: User, first: datetime.date, last: datetime.date
) -> dict[datetime.date, amounts.Intake]:
    """{day: Intake} for each day of the period with entries, in two queries: the amounts are
    added up by day straight away, with no Intake for each entry (a year holds 1,800)."""
    by_day: dict[datetime.date, list[amounts.LoggedAmount]] = {}
    for day, _, _, amount in _period_amounts(user=user, first=first, last=last):
        by_day.setdefault(day, []).append(amount)
    return {day: amounts.total_logged(logged) for day, logged in by_day.items()}


def food_values(food_ids: Iterable[int]) -> dict[int, tuple[str, str, dict[str, Decimal]]]:
    """{food id: (name, dose unit ("" for a food), {form: µg per basis})} in one query."""
    foods: dict[int, tuple[str, str, dict[str, Decimal]]] = {}
    rows = Food.objects.filter(pk__in=list(food_ids)).values_list(
        "pk", "name", "dose_unit", "values__form", "values__amount_ug"
    )
    for pk, name, dose_unit, form, amount in rows:
        values = foods.setdefault(pk, (name, dose_unit, {}))[2]
        if form is not None:
            values[form] = amount
    return foods


def food_nutrients(food_ids: Iterable[int]) -> dict[int, dict[str, Decimal]]:
    """{food id: {nutrient: mg or µg per basis}} in one query (none for no ids)."""
    found: dict[int, dict[str, Decimal]] = {}
    ids = list(food_ids)
    if not ids:
        return found
    rows = Food.objects.filter(pk__in=ids, nutrients__isnull=False).values_list(
        "pk", "nutrients__nutrient", "nutrients__amount"
    )
    for pk, nutrient, amount in rows:
        found.setdefault(pk, {})[nutrient] = amount
    return found


def bone_days_period(
    *, user: User, first: datetime.date, last: datetime.date, group: bone.BoneGroup
) -> dict[datetime.date, bone.BoneDay]:
    """{day: calcium and vitamin D} for each day of the period with entries: one query, and one
    more for the foods' current values when an entry is older than the values kept with it."""
    rows = list(
        Entry.objects.for_user(user)
        .between(first, last)
        .values_list(
            "day",
            "food_id",
            "food__name",
            "food__dose_unit",
            "grams",
            "quantity",
            "logged_nutrients",
        )  # fmt: skip
    )
    current = food_nutrients({row[1] for row in rows if row[6] is None})
    by_day: dict[datetime.date, list[bone.Logged]] = {}
    for day, food_id, name, dose_unit, grams, quantity, snapshot in rows:
        values = current.get(food_id, {}) if snapshot is None else snapshot_values(snapshot)
        by_day.setdefault(day, []).append(
            bone.Logged(name, values, bool(dose_unit), quantity, grams)
        )
    return {day: bone.bone_day(group, logged) for day, logged in by_day.items()}
