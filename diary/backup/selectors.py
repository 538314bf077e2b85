"""Reads for the backup: one JSON document with everything a person owns (account, profile,
their own foods and supplements with values and portions, diary entries, favourites, the
steady-intake mode with its INR and dose log, and routines: recipes, saved meals, scheduled
supplements with their doses and dated events)."""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from diary.models import (
    AnticoagulationProfile,
    DoseChange,
    DoseSchedule,
    Entry,
    Favourite,
    InrResult,
    Profile,
    Recipe,
    SavedMeal,
)
from foods.models import Food

FORMAT = "k2tracker-backup"
# 2: the steady-intake mode (its settings, the INR and dose log) and an infant's months.
# 3: routines (recipes, saved meals, scheduled supplements and their doses).
# 4: calcium and vitamin D (own foods' values, entries' logged_nutrients, the profile's settings).
# 5: a schedule's dated events (started, changed, stopped), and each taken dose's entry (its
# place in "entries").
VERSION = 5
READABLE_VERSIONS = (1, 2, 3, 4, 5)


def food_ref(food: Food) -> dict[str, Any]:
    """How a backup names a food: its own key for a person's food, else the catalogue's ids."""
    if food.owner_id is not None:
        return {"custom": f"food-{food.pk}"}
    return {
        "catalogue": {
            "id": food.pk,
            "catalogue_key": food.catalogue_key,
            "ndb_no": food.ndb_no,
            "name": food.name,
        }
    }


def _custom_food(food: Food) -> dict[str, Any]:
    return {
        "key": f"food-{food.pk}",
        "name": food.name,
        "group": food.group.code if food.group is not None else None,
        "dose_unit": food.dose_unit,
        "retired": food.retired,
        "values": [{"form": v.form, "amount_ug": str(v.amount_ug)} for v in food.values.all()],
        "nutrients": [
            {"nutrient": v.nutrient, "amount": str(v.amount)} for v in food.nutrients.all()
        ],
        "portions": [
            {"seq": p.seq, "description": p.description, "grams": str(p.grams)}
            for p in food.portions.all()
        ],
    }


def _entry(entry: Entry) -> dict[str, Any]:
    portion = entry.portion
    return {
        "day": entry.day.isoformat(),
        "meal": entry.meal,
        "food": food_ref(entry.food),
        "portion": None
        if portion is None
        else {"seq": portion.seq, "description": portion.description},
        "quantity": str(entry.quantity),
        "unit": entry.unit,
        "grams": None if entry.grams is None else str(entry.grams),
        "created_at": entry.created_at.isoformat(),
        "logged_values": entry.logged_values,
        "logged_nutrients": entry.logged_nutrients,
    }


def _amount(item: Any) -> dict[str, Any]:
    """A saved meal's item or a recipe's ingredient, named as an entry is."""
    portion = item.portion
    return {
        "food": food_ref(item.food),
        "portion": None
        if portion is None
        else {"seq": portion.seq, "description": portion.description},
        "quantity": str(item.quantity),
        "unit": item.unit,
        "grams": _text(item.grams),
    }


def _routines(user: User, entry_places: dict[int, int]) -> dict[str, Any]:
    """Recipes (their food is among the custom foods), saved meals and schedules with their
    doses and events: seven queries. A taken dose names its entry by its place in "entries"
    (`entry_places`: entry id to place)."""
    recipes = Recipe.objects.filter(user=user).prefetch_related(
        "ingredients__food", "ingredients__portion"
    )
    meals = SavedMeal.objects.filter(user=user).prefetch_related("items__food", "items__portion")
    schedules = DoseSchedule.objects.filter(user=user).select_related("food")
    return {
        "recipes": [
            {
                "food": {"custom": f"food-{recipe.food_id}"},
                "servings": str(recipe.servings),
                "cooked_grams": _text(recipe.cooked_grams),
                "ingredients": [_amount(item) for item in recipe.ingredients.all()],
            }
            for recipe in recipes.order_by("pk")
        ],
        "saved_meals": [
            {
                "name": meal.name,
                "meal": meal.meal,
                "items": [_amount(item) for item in meal.items.all()],
            }
            for meal in meals.order_by("pk")
        ],
        "schedules": [
            {
                "food": food_ref(schedule.food),
                "quantity": str(schedule.quantity),
                "every": schedule.every,
                "weekdays": schedule.weekdays,
                "interval_days": schedule.interval_days,
                "starts": schedule.starts.isoformat(),
                "ends": _text(schedule.ends and schedule.ends.isoformat()),
                "time_of_day": schedule.time_of_day,
                "auto_log": schedule.auto_log,
                "doses": [
                    {
                        "day": dose.day.isoformat(),
                        "status": dose.status,
                        # None: skipped, or its entry deleted
                        "entry": None if dose.entry_id is None else entry_places[dose.entry_id],
                    }
                    for dose in schedule.doses.all()
                ],
                "events": [
                    {"day": event.day.isoformat(), "kind": event.kind, "text": event.text}
                    for event in schedule.events.all()
                ],
            }
            for schedule in schedules.prefetch_related("doses", "events").order_by("pk")
        ],
    }


def _profile(profile: Profile) -> dict[str, Any]:
    target = profile.personal_target_ug
    return {
        "life_stage": profile.life_stage,
        "age": profile.age,
        "personal_target_ug": None if target is None else str(target),
        "age_months": profile.age_months,
        "time_zone": profile.time_zone,
        "takes_vka": profile.takes_vka,
        "show_bone": profile.show_bone,
        "vitamin_d_unit": profile.vitamin_d_unit,
    }


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _anticoagulation(user: User) -> dict[str, Any]:
    """The steady-intake mode's settings and the INR and dose log."""
    settings = AnticoagulationProfile.objects.filter(user=user).first()
    return {
        "settings": None
        if settings is None
        else {
            "vka": settings.vka,
            "inr_low": str(settings.inr_low),
            "inr_high": str(settings.inr_high),
            "started_on": _text(settings.started_on and settings.started_on.isoformat()),
        },
        "inr_results": [
            {
                "day": r.day.isoformat(),
                "value": str(r.value),
                "measured_at": r.measured_at,
                "note": r.note,
            }
            for r in InrResult.objects.for_user(user).order_by("day", "pk")
        ],  # fmt: skip
        "dose_changes": [
            {
                "day": d.day.isoformat(),
                "mg_per_day": _text(d.mg_per_day),
                "weekly_schedule": d.weekly_schedule,
                "note": d.note,
            }
            for d in DoseChange.objects.for_user(user).order_by("day", "pk")
        ],  # fmt: skip
    }


def backup_document(*, user: User, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Everything the person owns, in a fixed number of queries."""
    foods = (
        Food.objects.filter(owner=user)
        .select_related("group")
        .prefetch_related("values", "nutrients", "portions")
        .order_by("pk")
    )
    entries = (
        Entry.objects.for_user(user)
        .select_related("food", "portion")
        .order_by("day", "created_at", "pk")
    )
    favourites = Favourite.objects.filter(user=user).select_related("food").order_by("pk")
    entry_list = list(entries)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": (now or timezone.now()).isoformat(),
        "account": {"username": user.get_username(), "email": user.email},
        "profile": _profile(Profile.objects.get(user=user)),
        "custom_foods": [_custom_food(food) for food in foods],
        "entries": [_entry(entry) for entry in entry_list],
        "favourites": [{"food": food_ref(f.food)} for f in favourites],
        "anticoagulation": _anticoagulation(user),
        "routines": _routines(user, {entry.pk: place for place, entry in enumerate(entry_list)}),
    }
