"""One context builder per fragment of the day page. Each computes only what its fragment
shows, so an htmx answer costs only the panels it sends; the whole page is their union."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse

from diary.anticoagulation import selectors as anticoagulation_selectors
from diary.models import FIRST_DAY, Entry, Meal, Profile, default_meal, last_day
from foods.text import parse_id

from . import selectors
from .forms import CopyForm, EditForm, EntryForm, choosable_foods
from .units import unit_choices

Context = dict[str, Any]


def day_url(day: datetime.date) -> str:
    return reverse("day:day", kwargs={"day": day.isoformat()})


def day_context(day: datetime.date, today: datetime.date) -> Context:
    """What every fragment needs to build its URLs and headings: no query."""
    return {
        "day": day,
        "day_url": day_url(day),
        "today": today,
        "is_today": day == today,
        "previous_day": day - datetime.timedelta(days=1),
        "next_day": day + datetime.timedelta(days=1),
        "has_previous": day > FIRST_DAY,
        "has_next": day < last_day(),
        "meals": Meal.choices,
    }


def add_panel(
    user: User,
    *,
    form: EntryForm | None = None,
    params: Mapping[str, Any] | None = None,
    status: str = "",
    now: datetime.datetime | None = None,
) -> Context:
    """The add form: the chosen food and its units, typed values, no-JS search results."""
    params = params or {}
    food = None
    if form is not None and form.is_bound:
        food = form.food
        params = form.data
    elif (food_id := parse_id(params.get("food"))) is not None:
        food = choosable_foods(user).filter(pk=food_id).first()
    units = unit_choices(food)
    unit = params.get("unit")
    if unit not in {value for value, _ in units}:
        unit = units[0][0]
    query = (params.get("q") or "").strip()[:100] if form is None else ""
    searching = bool(query) and food is None
    add = {
        "form": form,
        "food": food,
        "units": units,
        "unit": unit,
        "amount": params.get("amount", ""),
        "meal": params.get("meal") or default_meal(now),
        "query": query,
        "results": selectors.food_search(user=user, text=query) if searching else [],
        # Without JavaScript the search page offers the saved meals of that name too.
        "saved": selectors.saved_meal_search(user=user, text=query) if searching else [],
        "status": status,
    }
    return {"add": add}


def meals_panel(
    user: User,
    entries: list[Entry],
    *,
    bad_form: EditForm | None = None,
    favourite_ids: set[int] | None = None,
) -> Context:
    if favourite_ids is None:
        favourite_ids = selectors.favourite_food_ids(user=user)
    return {
        "sections": selectors.meal_sections(entries, bad_form=bad_form),
        "favourite_ids": favourite_ids,
    }


def summary_panel(
    user: User,
    profile: Profile,
    entries: list[Entry],
    *,
    recent: list[selectors.Usual] | None = None,
) -> Context:
    """The day's totals; `recent` (the recent foods, for gap suggestions) when already read."""
    if recent is None:
        recent = selectors.food_list_recent(user=user)
    return {
        "profile": profile,
        "summary": selectors.day_summary(
            user=user, profile=profile, entries=entries, recent=recent
        ),
    }


def steadiness_panel(user: User, profile: Profile, day: datetime.date) -> Context:
    """The day against the person's usual intake, in the steady (vitamin K antagonist) mode;
    {"steadiness": None}, and no query, while the mode is off."""
    return anticoagulation_selectors.steadiness_panel(user=user, profile=profile, day=day)


def recent_panel(user: User) -> Context:
    return {"recent": selectors.food_list_recent(user=user)}


def favourites_panel(user: User, now: datetime.datetime, *, status: str = "") -> Context:
    return {
        "favourites": selectors.favourite_list(user=user, meal=default_meal(now)),
        "fav_status": status,
    }


def copy_panel(day: datetime.date, form: CopyForm | None = None, status: str = "") -> Context:
    form = form or CopyForm(day=day, initial={"source": day - datetime.timedelta(days=1)})
    return {"copy_form": form, "copy_status": status}


def routines_panel(user: User, day: datetime.date) -> Context:
    """The day's scheduled doses, pending or done: two queries, one when nothing is scheduled."""
    return {"doses": selectors.scheduled_dose_list(user=user, day=day)}


def saved_meals_panel(user: User, *, status: str = "", meal: str = "") -> Context:
    """The saved meals to log in one tap, beside the recent foods (one query). Not part of an
    add's answer: only logging, saving or deleting a saved meal changes it. `meal`: the meal
    chosen to log into ("": each its own)."""
    return {
        "saved_meals": selectors.saved_meal_list(user=user),
        "saved_status": status,
        "saved_into": meal,
    }
