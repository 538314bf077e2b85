"""Writes of a person's routines: saved meals, recipes, supplement schedules. Keyword-only,
typed; each validates with the model's rules and writes all or nothing, moving the person's
data version first (their cached pages are then out of date, and the profile row is locked
before anything else, as every diary write does)."""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects

from diary.day.services import submitted_once
from diary.models import Entry, nutrients_snapshot, person_data_changed, values_snapshot
from diary.myfoods.services import own_food_delete, user_source_get_or_create
from foods.formatting import quantity_text
from foods.models import Food, Method, NutrientValue, Portion, VitaminKValue
from foods.services import catalogue_version_bump, food_figures_refresh

from . import arithmetic
from .models import (
    MAX_ITEMS,
    DoseSchedule,
    DoseStatus,
    Recipe,
    RecipeIngredient,
    SavedMeal,
    SavedMealItem,
    ScheduledDose,
    ScheduleEvent,
    ScheduleEventKind,
)
from .selectors import SERVING, recipe_figures_of


class NothingToSave(Exception):
    """The meal chosen has nothing logged (perhaps deleted in another tab)."""


class AlreadyDone(Exception):
    """This day's dose of this schedule was already taken or skipped (another tab, a double
    tap): nothing more was logged."""


# --- saved meals ------------------------------------------------------------------------------


def saved_meal_create(*, user: User, name: str, day: datetime.date, meal: str) -> SavedMeal:
    """A saved meal of what the person logged in one meal of one day, amounts as typed."""
    entries = list(Entry.objects.for_user(user).on(day).filter(meal=meal).select_related("food"))
    if not entries:
        raise NothingToSave
    saved = SavedMeal(user=user, name=name.strip(), meal=meal)
    saved.full_clean()
    items = [
        SavedMealItem(
            saved_meal=saved,
            seq=seq,
            food=entry.food,
            portion_id=entry.portion_id,
            quantity=entry.quantity,
            grams=entry.grams,
            unit=entry.unit,
        )
        for seq, entry in enumerate(entries[:MAX_ITEMS], start=1)
    ]
    with transaction.atomic():
        person_data_changed(user.pk)
        saved.save()
        for item in items:
            item.saved_meal = saved
        SavedMealItem.objects.bulk_create(items)
    return saved


@dataclass(frozen=True)
class Logged:
    entries: list[Entry]
    skipped_retired: int


def saved_meal_log(
    *,
    user: User,
    saved_meal: SavedMeal,
    day: datetime.date,
    meal: str,
    submission: uuid.UUID | None = None,
) -> Logged:
    """Log every item of a saved meal into one meal of one day (empty: the meal it was made
    from), each with the values its food has now: all of them or none (a bad item names
    itself in the ValidationError). A retired food takes no new entries and is skipped, as a
    copy skips it."""
    if saved_meal.user_id != user.pk:
        raise ValidationError("Choose one of your saved meals.")
    meal = meal or saved_meal.meal
    items = list(
        saved_meal.items.select_related("food", "portion").prefetch_related(
            "food__values", "food__nutrients"
        )
    )
    entries = []
    for item in items:
        if item.food.retired:
            continue
        quantity, unit = item.quantity, item.unit
        if item.portion_id is None and not unit and item.grams is not None:
            quantity = item.grams  # logged in grams (or its portion was removed since)
        entry = Entry(
            user=user,
            day=day,
            meal=meal,
            food=item.food,
            portion=item.portion,
            quantity=quantity,
            grams=item.grams,
            unit=unit,
            logged_values=values_snapshot(item.food),
            logged_nutrients=nutrients_snapshot(item.food),
        )
        try:
            entry.full_clean(exclude=["user", "food", "portion"], validate_constraints=False)
        except ValidationError as error:
            raise ValidationError(f"{item.food.name}: {' '.join(error.messages)}") from None
        entries.append(entry)
    with submitted_once(user, submission, {entry.food_id for entry in entries}):
        Entry.objects.bulk_create(entries)
    return Logged(entries=entries, skipped_retired=len(items) - len(entries))


def saved_meal_delete(*, saved_meal: SavedMeal) -> None:
    with transaction.atomic():
        person_data_changed(saved_meal.user_id)
        saved_meal.delete()


# --- recipes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IngredientInput:
    food: Food
    quantity: Decimal
    portion: Portion | None
    grams: Decimal
    unit: str = ""


def _check_values(figures: arithmetic.RecipeFigures) -> None:
    """A dish's values kept within a food's ceilings (a tiny cooked weight concentrates them)."""
    probes: list[VitaminKValue | NutrientValue] = [
        VitaminKValue(food=Food(), form=form, amount_ug=amount)
        for form, amount in figures.per_100g.items()
    ]
    probes += [
        NutrientValue(food=Food(), nutrient=nutrient, amount=amount)
        for nutrient, amount in figures.nutrients_per_100g.items()
    ]
    for probe in probes:
        try:
            probe.clean_fields(exclude=["food", "source", "method"])
            probe.clean()
        except ValidationError:
            raise ValidationError(
                {"cooked_grams": "That cooked weight makes the dish implausibly rich: check it."}
            ) from None


def recipe_save(
    *,
    user: User,
    name: str,
    servings: Decimal,
    cooked_grams: Decimal | None,
    ingredients: Sequence[IngredientInput],
    recipe: Recipe | None = None,
) -> Recipe:
    """Create or change a recipe and its own food: its values are the ingredients' sum per
    100 g of the dish, its portion "serving" the dish's weight over the servings. Past entries
    keep the values they were logged with (recipe_entries_update offers to change them)."""
    if not ingredients:
        raise ValidationError({"ingredients": "Add at least one ingredient."})
    if len(ingredients) > MAX_ITEMS:
        raise ValidationError({"ingredients": f"A recipe holds at most {MAX_ITEMS} ingredients."})
    food = recipe.food if recipe is not None else Food(owner=user)
    food.name = name.strip()
    food.full_clean(exclude=["group", "slug"])
    recipe = recipe or Recipe(user=user)
    recipe.servings, recipe.cooked_grams = servings, cooked_grams
    rows = [
        RecipeIngredient(
            recipe=recipe,
            seq=seq,
            food=item.food,
            portion=item.portion,
            quantity=item.quantity,
            grams=item.grams,
            unit=item.unit,
        )
        for seq, item in enumerate(ingredients, start=1)
    ]
    kept = _kept_food_ids(recipe)
    for row in rows:
        if row.food.retired and row.food.pk not in kept:
            raise ValidationError(
                {"ingredients": f"{row.food.name} has been retired: choose another food."}
            )
        try:
            row.clean()
        except ValidationError as error:
            raise ValidationError(
                {"ingredients": f"{row.food.name}: {' '.join(error.messages)}"}
            ) from None
    figures = recipe_figures_of(ingredients, servings=servings, cooked_grams=cooked_grams)
    if not figures.weight:
        raise ValidationError({"ingredients": "The ingredients weigh nothing."})
    _check_values(figures)
    try:
        with transaction.atomic():
            person_data_changed(user.pk)
            food.save()
            recipe.food = food
            recipe.full_clean()
            recipe.save()
            recipe.ingredients.all().delete()
            for row in rows:
                row.recipe = recipe
            RecipeIngredient.objects.bulk_create(rows)
            _write_values(food, figures)
            food_figures_refresh([food.pk])
    except IntegrityError:
        raise ValidationError(
            {"ingredients": "An ingredient was deleted meanwhile: choose it again."}
        ) from None
    catalogue_version_bump()
    return recipe


def recipe_from_meal(
    *, user: User, name: str, day: datetime.date, meal: str, servings: Decimal
) -> Recipe:
    """A recipe of what one meal of one day holds (its supplements left out: they are doses)."""
    entries = [
        entry
        for entry in Entry.objects.for_user(user)
        .on(day)
        .filter(meal=meal)
        .select_related("food", "portion")
        .prefetch_related("food__values", "food__nutrients")
        if not entry.food.is_supplement and entry.grams is not None
    ]
    if not entries:
        raise NothingToSave
    return recipe_save(
        user=user,
        name=name,
        servings=servings,
        cooked_grams=None,
        ingredients=[
            IngredientInput(
                food=entry.food,
                quantity=entry.quantity,
                portion=entry.portion,
                grams=entry.grams,
                unit=entry.unit,
            )
            for entry in entries
            if entry.grams is not None
        ],
    )


def _kept_food_ids(recipe: Recipe) -> set[int]:
    """Foods the recipe already used: one retired since may stay (its values still count)."""
    if recipe.pk is None:
        return set()
    return set(recipe.ingredients.values_list("food_id", flat=True))


def _write_values(food: Food, figures: arithmetic.RecipeFigures) -> None:
    provenance = {
        "food": food,
        "source": user_source_get_or_create(),
        "method": Method.USER,
        "method_detail": "Sum of the recipe's ingredients",
    }
    VitaminKValue.objects.filter(food=food).delete()
    VitaminKValue.objects.bulk_create(
        VitaminKValue(form=form, amount_ug=amount, **provenance)
        for form, amount in figures.per_100g.items()
    )
    NutrientValue.objects.filter(food=food).delete()
    NutrientValue.objects.bulk_create(
        NutrientValue(nutrient=nutrient, amount=amount, **provenance)
        for nutrient, amount in figures.nutrients_per_100g.items()
    )
    serving = food.portions.filter(description=SERVING).first()
    grams = figures.serving_grams.quantize(arithmetic.STORED_PLACES)
    if serving is None:
        Portion.objects.create(food=food, seq=1, description=SERVING, grams=grams)
    elif serving.grams != grams:
        serving.grams = grams
        serving.save(update_fields=["grams"])


def recipe_entries_update(*, recipe: Recipe, since: datetime.date) -> int:
    """Count the recipe's entries from `since` on with its current values and serving weight
    (the person asked, after editing it); return how many changed."""
    food = Food.objects.prefetch_related("values", "nutrients", "portions").get(pk=recipe.food_id)
    snapshot = values_snapshot(food)
    nutrient_snapshot = nutrients_snapshot(food)
    serving = food.portions.filter(description=SERVING).first()
    entries = list(Entry.objects.filter(user_id=recipe.user_id, food=food, day__gte=since))
    for entry in entries:
        entry.logged_values = snapshot
        entry.logged_nutrients = nutrient_snapshot
        if entry.portion_id is not None and serving is not None and entry.portion_id == serving.pk:
            entry.grams = (entry.quantity * serving.grams).quantize(arithmetic.STORED_PLACES)
        entry.version += 1
    with transaction.atomic():
        person_data_changed(recipe.user_id)
        Entry.objects.bulk_update(
            entries, ["logged_values", "logged_nutrients", "grams", "version"]
        )
    return len(entries)


def recipe_delete(*, recipe: Recipe) -> None:
    """Delete a recipe nobody logged and no other recipe uses, as any own food is deleted
    (its ingredients go with it): FoodInUse or FoodInRecipe, and nothing deleted, if one does."""
    own_food_delete(food=recipe.food)


# --- supplements on a schedule ----------------------------------------------------------------


SCHEDULE_FIELDS = ("food_id", "quantity", "every", "weekdays", "interval_days", "time_of_day")


def schedule_text(schedule: DoseSchedule) -> str:
    """'MK-7 100 µg: 1 × capsule, every day, evening' (as the timeline and the report say)."""
    return (
        f"{schedule.food.name}: {quantity_text(schedule.quantity)} × {schedule.food.dose_unit}, "
        f"{schedule.how_often}, {schedule.get_time_of_day_display().lower()}"
    )


def schedule_save(*, schedule: DoseSchedule, on: datetime.date | None = None) -> DoseSchedule:
    """Create or change a schedule (validated by the model), with its dated event: started (on
    its first day), changed (`on`, the person's today, not before the start) or stopped (on
    its last day). An automatic schedule's doses due up to `on` are logged at once."""
    schedule.full_clean()
    before = None
    if schedule.pk is not None:
        before = DoseSchedule.objects.filter(pk=schedule.pk).first()
    today = on or datetime.date.today()
    on = max(today, schedule.starts)
    events = []
    if before is None:
        events.append((schedule.starts, ScheduleEventKind.STARTED))
    else:
        if any(getattr(before, f) != getattr(schedule, f) for f in SCHEDULE_FIELDS):
            events.append((on, ScheduleEventKind.CHANGED))
        if before.starts != schedule.starts:
            events.append((schedule.starts, ScheduleEventKind.STARTED))
    if schedule.ends is not None and (before is None or before.ends != schedule.ends):
        events.append((schedule.ends, ScheduleEventKind.STOPPED))
    with transaction.atomic():
        person_data_changed(schedule.user_id)
        schedule.save()
        ScheduleEvent.objects.bulk_create(
            ScheduleEvent(schedule=schedule, day=day, kind=kind, text=schedule_text(schedule))
            for day, kind in events
        )
    if schedule.auto_log:  # not only from the next local day on
        doses_auto_log(user=schedule.user, today=today)
    return schedule


def schedule_stop(
    *, schedule: DoseSchedule, last_day: datetime.date, on: datetime.date | None = None
) -> DoseSchedule:
    """No doses after `last_day` (the doses already taken stay in the diary)."""
    schedule.ends = max(last_day, schedule.starts)
    return schedule_save(schedule=schedule, on=on)


def dose_take(
    *,
    schedule: DoseSchedule,
    day: datetime.date,
    quantity: Decimal | None = None,
) -> ScheduledDose:
    """Log the day's dose (the scheduled amount, or `quantity`) into the day's supplements.
    The database allows one record per schedule and day, so two taps at once log once:
    the second raises AlreadyDone."""
    return _dose_record(schedule=schedule, day=day, status=DoseStatus.TAKEN, quantity=quantity)


def dose_skip(*, schedule: DoseSchedule, day: datetime.date) -> ScheduledDose:
    return _dose_record(schedule=schedule, day=day, status=DoseStatus.SKIPPED, quantity=None)


def _dose_record(
    *, schedule: DoseSchedule, day: datetime.date, status: str, quantity: Decimal | None
) -> ScheduledDose:
    if not schedule.due_on(day):
        raise ValidationError("This supplement is not scheduled on that day.")
    entry = None
    if status == DoseStatus.TAKEN:
        entry = schedule.dose_entry(day, quantity)
        entry.full_clean(exclude=["user", "food", "portion"], validate_constraints=False)
    try:
        with transaction.atomic():
            person_data_changed(schedule.user_id)
            dose = ScheduledDose.objects.create(schedule=schedule, day=day, status=status)
            if entry is not None:
                entry.save()
                dose.entry = entry
                dose.save(update_fields=["entry"])
    except IntegrityError:
        if ScheduledDose.objects.filter(schedule=schedule, day=day).exists():
            raise AlreadyDone from None
        raise
    return dose


def dose_undo(*, dose: ScheduledDose) -> None:
    """Back to pending: the entry the dose logged goes too."""
    with transaction.atomic():
        person_data_changed(dose.schedule.user_id)
        if dose.entry_id is not None:
            Entry.objects.filter(pk=dose.entry_id).delete()
        dose.delete()


AUTO_LOG_DAYS = 366  # how far back an automatic schedule is filled in


def doses_auto_log(*, user: User, today: datetime.date) -> int:
    """Log the doses due up to `today` (the person's local date) of their automatic schedules
    that are not yet recorded (taken or skipped); return how many. One query without automatic
    schedules, two with nothing due. Called before each signed-in request is answered, once a
    local day (routines/middleware.py), and when a schedule is saved. Two of these at once (two
    tabs) cannot log a day twice: the second meets the database's one record per schedule and
    day, and leaves it to the first."""
    schedules = list(
        # A retired supplement takes no new entries, as a copy or a saved meal leaves it out.
        DoseSchedule.objects.filter(
            user=user, auto_log=True, starts__lte=today, food__retired=False
        )
        .exclude(ends__lt=today - datetime.timedelta(days=AUTO_LOG_DAYS))
        .select_related("food")
    )
    if not schedules:
        return 0
    first = today - datetime.timedelta(days=AUTO_LOG_DAYS)
    recorded = set(
        ScheduledDose.objects.filter(schedule__in=schedules, day__gte=first).values_list(
            "schedule_id", "day"
        )
    )
    due = []
    for schedule in schedules:
        day = max(schedule.starts, first)
        last = min(schedule.ends or today, today)
        while day <= last:
            if (schedule.pk, day) not in recorded and schedule.due_on(day):
                due.append((schedule, day))
            day += datetime.timedelta(days=1)
    if not due:
        return 0
    prefetch_related_objects([schedule.food for schedule, _ in due], "values", "nutrients")
    entries = [schedule.dose_entry(day) for schedule, day in due]
    try:
        with transaction.atomic():
            person_data_changed(user.pk)
            Entry.objects.bulk_create(entries)  # their ids come back (PostgreSQL, SQLite)
            ScheduledDose.objects.bulk_create(
                ScheduledDose(schedule=schedule, day=day, status=DoseStatus.TAKEN, entry=entry)
                for (schedule, day), entry in zip(due, entries, strict=True)
            )
    except IntegrityError:
        return 0
    return len(due)
