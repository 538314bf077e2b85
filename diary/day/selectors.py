"""Reads behind the day page. Each runs a fixed number of queries however many rows there are,
and each starts from the user, so another user's rows cannot leak in."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, OuterRef, Q, Subquery, prefetch_related_objects

from diary import bone, intake
from diary.bone import BoneDay, Line
from diary.intake import IomGroup
from diary.models import (
    DoseSchedule,
    Entry,
    Favourite,
    Meal,
    Profile,
    SavedMeal,
    ScheduledDose,
    TimeOfDay,
)
from diary.reference import REACHED, Gauge, Reference, still_to_go
from diary.reference import gauge as reference_gauge
from foods import amounts, formatting, search
from foods import selectors as food_selectors
from foods.formatting import quantity_text
from foods.models import Food, Portion

from .units import GRAMS, amount_text, entry_unit, unit_choices, unit_label

SEARCH_LIMIT = 10
SAVED_SEARCH_LIMIT = 3  # saved meals offered beside the foods a search finds
RECENT_LOOKBACK = 60  # entries scanned for recent foods
RECENT_LIMIT = 8
SUGGESTION_LIMIT = 3
SUGGESTION_POOL = 12


@dataclass
class Row:
    """One entry as its row shows it; the edit form's unit list is built only when opened."""

    entry: Entry
    intake: amounts.Intake
    form: Any = None  # a bound EditForm with errors, for the row being corrected

    @property
    def amount_text(self) -> str:
        return amount_text(self.entry.quantity, unit_label(self.entry))

    @property
    def unit(self) -> str:
        return entry_unit(self.entry)

    @property
    def k2_borrowed(self) -> tuple[str, ...]:
        return self.entry.k2_borrowed

    @property
    def units(self) -> list[tuple[str, str]]:
        return unit_choices(self.entry.food)


@dataclass
class MealSection:
    value: str
    label: str
    rows: list[Row] = field(default_factory=list)

    @property
    def intake(self) -> amounts.Intake:
        return amounts.total(row.intake for row in self.rows)


def entry_list(*, user: User, day: datetime.date) -> list[Entry]:
    """The day's entries with their foods' values. Not their foods' portions: only a row opened
    for editing lists them (Row.units), and that one row reads its own."""
    return list(
        Entry.objects.for_user(user).on(day).with_food_values().order_by("created_at", "pk")
    )


def meal_sections(entries: Iterable[Entry], bad_form: Any = None) -> list[MealSection]:
    """One section per meal, in the day's order, each listing its rows."""
    sections = {value: MealSection(value, label) for value, label in Meal.choices}
    for entry in entries:
        form = bad_form if getattr(bad_form, "entry_pk", None) == entry.pk else None
        sections[entry.meal].rows.append(Row(entry=entry, intake=entry.intake(), form=form))
    return list(sections.values())


@dataclass
class Usual:
    """A recent or favourite food with the amount last used, ready to add again in one click."""

    food: Food
    quantity: Decimal
    unit: str
    unit_label: str
    meal: str

    @property
    def amount_text(self) -> str:
        return amount_text(self.quantity, self.unit_label)


def _usual(entry: Entry) -> Usual:
    """The one-click add of an entry's food in the entry's amount, unit and meal."""
    return Usual(
        food=entry.food,
        quantity=entry.quantity,
        unit=entry_unit(entry),
        unit_label=unit_label(entry),
        meal=entry.meal,
    )


def food_list_recent(*, user: User, limit: int = RECENT_LIMIT) -> list[Usual]:
    """The foods of the person's latest entries (within the last RECENT_LOOKBACK), newest
    first, each with its latest amount. The window is read through the index entry_user_recent
    as (entry, food) ids only; the `limit` entries shown are then read with their foods and
    portions (not the foods' values: the panel shows names and amounts)."""
    window = (
        Entry.objects.for_user(user)
        .filter(food__retired=False)
        .order_by("-created_at", "-pk")
        .values_list("pk", "food_id")[:RECENT_LOOKBACK]
    )
    latest: dict[int, int] = {}  # food id -> its latest entry's id, newest first
    for pk, food_id in window:
        latest.setdefault(food_id, pk)
        if len(latest) == limit:
            break
    if not latest:
        return []
    by_pk = Entry.objects.for_user(user).select_related("food", "portion").in_bulk(latest.values())
    return [_usual(by_pk[pk]) for pk in latest.values() if pk in by_pk]


@dataclass
class Favourites:
    """The user's favourites: those to offer for one click (not retired) and every food's id,
    so each entry row knows whether its button is pressed."""

    usual: list
    food_ids: set


def favourite_list(*, user: User, meal: str) -> Favourites:
    """Each favourite with the amount last logged (100 g or one dose unit if never logged), in one
    query: the latest entry's fields come from correlated subqueries. Never-logged foods go to
    `meal` (the add form's meal)."""
    last = Entry.objects.for_user(user).filter(food=OuterRef("food")).order_by("-created_at", "-pk")
    favourites = (
        Favourite.objects.for_user(user)
        .select_related("food")
        .annotate(
            last_quantity=Subquery(last.values("quantity")[:1]),
            last_meal=Subquery(last.values("meal")[:1]),
            last_portion=Subquery(last.values("portion_id")[:1]),
            last_unit=Subquery(last.values("unit")[:1]),
            last_portion_amount=Subquery(last.values("portion__amount")[:1]),
            last_portion_description=Subquery(last.values("portion__description")[:1]),
        )
        .order_by("food__search_name", "pk")
    )
    usual, food_ids = [], set()
    for favourite in favourites:
        food = favourite.food
        food_ids.add(food.pk)
        if food.retired:
            continue
        # An unsaved Entry stands in for the last one, so units and labels follow recent foods.
        entry = Entry(
            food=food,
            quantity=favourite.last_quantity,
            meal=favourite.last_meal,
            unit=favourite.last_unit or "",
        )
        if favourite.last_quantity is None:
            entry.quantity, entry.meal = Decimal(1 if food.is_supplement else 100), meal
        elif favourite.last_portion is not None:
            entry.portion = Portion(
                pk=favourite.last_portion,
                food=food,
                amount=favourite.last_portion_amount,
                description=favourite.last_portion_description,
            )
        usual.append(_usual(entry))
    return Favourites(usual=usual, food_ids=food_ids)


@dataclass(frozen=True)
class FoodOption:
    """A food offered in the food box, with what one default serving of it holds."""

    food: Food
    figures: amounts.ResultFigures
    bone: str = ""  # "vitamin D 3.2 µg · calcium 275.7 mg" per the serving shown, when asked


def option_bone(food: Food, d_unit: str) -> str:
    """A food's vitamin D and calcium in the serving its option shows (a dose unit, the first
    household measure, else 100 g), from prefetched values; "no data" for unknown."""
    d, ca = amounts.bone_per_serving(food)
    if d is None and ca is None:  # most literature foods: no line of "no data" on each option
        return ""
    return f"vitamin D {formatting.vitamin_d_text(d, d_unit)} · calcium {formatting.mg_text(ca)}"


def food_search(*, user: User, text: str, limit: int = SEARCH_LIMIT) -> list[FoodOption]:
    """Foods the user may log, ranked exactly as the catalogue search ranks them; among equal
    matches the foods this person logged before come first. Three queries."""
    query = search.parse_query(text)
    if not query.words:
        return []
    logged_before = Entry.objects.for_user(user).values("food_id")
    found = search.search(Food.objects.visible_to(user).active(), query, preferred=logged_before)
    foods = search.with_display_rows(found)[:limit]
    profile = getattr(user, "profile", None)
    if profile is None or not profile.show_bone:
        return [FoodOption(food, amounts.result_figures(food)) for food in foods]
    foods = foods.prefetch_related("nutrients")
    return [
        FoodOption(
            food,
            amounts.result_figures(food),
            option_bone(food, profile.vitamin_d_unit),
        )
        for food in foods
    ]


@dataclass
class Suggestion:
    food: Food
    serving: intake.Serving
    portion: Portion | None

    @property
    def unit(self) -> str:
        return str(self.portion.pk) if self.portion else GRAMS

    @property
    def quantity(self) -> Decimal | None:
        return self.serving.count if self.portion else self.serving.grams


def _suggest(food: Food, gap: Decimal) -> "Suggestion | None":
    """The household portion that covers the gap with the least overshoot (grams if none)."""
    per_100g = amounts.per_basis(food).k1
    portions = list(food.portions.all())
    best = intake.best_serving(gap, per_100g, [portion.grams for portion in portions])
    if best is None:
        return None
    serving, index = best
    return Suggestion(food, serving, None if index is None else portions[index])


def gap_suggestions(
    *, user: User, gap: Decimal, recent: list[Usual], limit: int = SUGGESTION_LIMIT
) -> list["Suggestion"]:
    """Foods and amounts that would close the gap: the user's recent foods first, then the
    catalogue's richest foods that come in household portions."""
    if not gap or gap <= 0:
        return []
    # The adequate intake was set from K1 intakes: a gap in K1 is closed with K1.
    rich = food_selectors.food_list_k1_richest(count=SUGGESTION_POOL)
    suggestions, seen = [], set()
    recent_foods_ = [u.food for u in recent if not u.food.is_supplement][:2]
    prefetch_related_objects(recent_foods_, "values", "portions")
    for food in [*recent_foods_, *rich]:
        if food.pk in seen:
            continue
        seen.add(food.pk)
        suggestion = _suggest(food, gap)
        if suggestion:
            suggestions.append(suggestion)
        if len(suggestions) == limit:
            break
    return suggestions


@dataclass
class DaySummary:
    """The day's total vitamin K (K1 + K2 + form not separated) placed against the adult range
    90–120 µg with the person's own value marked (a child's page: their own value only)."""

    intake: amounts.Intake
    target: Decimal
    reference: IomGroup | None  # the person's IOM 2001 group and its AI
    personal: bool  # the target is the person's own, not the AI
    against: Reference
    gap: Decimal  # µg of total vitamin K still missing to the person's own value
    gauge: Gauge
    top: list[tuple[Food, amounts.Intake]]
    suggestions: list["Suggestion"]
    has_supplement: bool
    supplements: Decimal | None  # µg of the total that came from supplements
    k2_basis: amounts.K2Basis  # what the day's K2 rests on, food by food
    bone: BoneDay | None = None  # calcium and vitamin D, when the person shows them
    bone_lines: list[Line] = field(default_factory=list)

    @property
    def coverage(self) -> list[tuple[str, Decimal | None]]:
        """(what, share of the logged grams with data for it), per form and for K2 as a whole."""
        return [(label, self.intake.coverage_of(key)) for key, label in amounts.COVERAGE.items()]

    @property
    def range_status(self) -> str | None:
        return self.against.range_status(self.intake.total)

    @property
    def own_status(self) -> str | None:
        return self.against.own_status(self.intake.total)

    @property
    def reached(self) -> bool:
        return self.own_status == REACHED

    @property
    def ai_ug(self) -> Decimal | None:
        return self.reference.ai_ug if self.reference else None


def day_summary(
    *, user: User, profile: Profile, entries: list[Entry], recent: list[Usual]
) -> DaySummary:
    rows = [(entry, entry.intake()) for entry in entries]
    day = amounts.total(one for _, one in rows)
    against = profile.placed_against
    gap = still_to_go(day.total, against.own_ug)
    supplements = [one for entry, one in rows if entry.food.is_supplement]
    parts = [("k1", day.k1), ("k2", day.k2), ("unseparated", day.unseparated)]
    return DaySummary(
        intake=day,
        target=against.own_ug,
        reference=profile.reference,
        personal=against.personal,
        against=against,
        gap=gap,
        gauge=reference_gauge(parts, against, width=300),
        top=intake.top_contributors(((entry.food, one) for entry, one in rows), limit=3),
        suggestions=gap_suggestions(user=user, gap=gap, recent=recent),
        has_supplement=bool(supplements),
        supplements=amounts.total(supplements).total if supplements else None,
        k2_basis=amounts.k2_basis((entry.logged_food() for entry in entries), day.k2),
        bone=(bones := _bone_day(profile, entries) if profile.show_bone else None),
        bone_lines=bone.lines(bones, profile.vitamin_d_unit) if bones else [],
    )


def _bone_day(profile: Profile, entries: Iterable[Entry]) -> bone.BoneDay:
    """The day's calcium and vitamin D against the person's IOM 2011 values."""
    return bone.bone_day(profile.bone_group, (entry.bone_logged() for entry in entries))


def favourite_food_ids(*, user: User) -> set[int]:
    """Ids of the user's favourite foods, so each entry row knows whether its star is on."""
    return set(Favourite.objects.for_user(user).values_list("food_id", flat=True))


def entry_row(*, user: User, pk: int) -> Row | None:
    """One of the user's entries as its row shows it, or None if it is gone."""
    entry = (
        Entry.objects.for_user(user)
        .with_food_values()
        .prefetch_related("food__portions")
        .filter(pk=pk)
        .first()
    )
    return None if entry is None else Row(entry=entry, intake=entry.intake())


# --- routines: the day's scheduled doses and the saved meals to log -----------------------------


def saved_meal_list(*, user: User) -> list[SavedMeal]:
    """The person's saved meals, each with its number of items: one query."""
    return list(SavedMeal.objects.filter(user=user).annotate(item_count=Count("items")))


def saved_meal_search(*, user: User, text: str, limit: int = SAVED_SEARCH_LIMIT) -> list[SavedMeal]:
    """The person's saved meals whose name holds every typed word, folded as the food search
    folds (case, accents), each with its number of items: one query. A person keeps a few
    saved meals, so their names are matched here rather than through a stored folded name."""
    query = search.parse_query(text)
    if not query.words:
        return []
    found = [
        saved for saved in saved_meal_list(user=user) if search.name_matches(query, saved.name)
    ]
    return found[:limit]


@dataclass(frozen=True)
class DoseRow:
    schedule: DoseSchedule
    dose: ScheduledDose | None  # None: pending

    @property
    def pending(self) -> bool:
        return self.dose is None

    @property
    def amount_text(self) -> str:
        return f"{quantity_text(self.quantity)} × {self.schedule.food.dose_unit}"

    @property
    def quantity(self) -> Decimal:
        if self.dose is not None and self.dose.entry is not None:
            return self.dose.entry.quantity
        return self.schedule.quantity


def scheduled_dose_list(*, user: User, day: datetime.date) -> list[DoseRow]:
    """The doses due on `day`, pending or done, in the order of the day: two queries."""
    candidates = list(
        DoseSchedule.objects.filter(user=user, starts__lte=day)
        .filter(Q(ends__isnull=True) | Q(ends__gte=day))
        .select_related("food")
    )
    due = [schedule for schedule in candidates if schedule.due_on(day)]
    if not due:
        return []
    done = {
        dose.schedule_id: dose
        for dose in ScheduledDose.objects.filter(schedule__in=due, day=day).select_related("entry")
    }
    order = {value: position for position, value in enumerate(TimeOfDay.values)}
    due.sort(key=lambda schedule: (order.get(schedule.time_of_day, len(order)), schedule.pk))
    return [DoseRow(schedule=schedule, dose=done.get(schedule.pk)) for schedule in due]
