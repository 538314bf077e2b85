"""Routines: saved meals, recipes and scheduled supplements. Thin views: forms parse, services
write, selectors read; every query starts from request.user. The day page's routines panel
posts here and comes back to the day (POST, redirect, GET: no JavaScript needed)."""

import datetime
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from diary.anticoagulation.selectors import supplement_warning
from diary.day import panels as day_panels
from diary.day.panels import day_url
from diary.day.services import AlreadySubmitted, FoodGone
from diary.day.units import DOSE_UNIT, GRAMS, unit_choices
from diary.day.views import entries_logged, meal_saved, parse_day
from diary.models import Meal, validate_diary_day
from diary.myfoods.services import FoodInRecipe, FoodInUse
from diary.selectors import local_now, profile_get
from foods import units
from foods.text import parse_id
from k2lib.http import PersonRequest

from . import selectors, services
from .forms import (
    DoseForm,
    IngredientForm,
    LogSavedMealForm,
    MealAsRecipeForm,
    RecipeForm,
    SaveMealForm,
    ScheduleForm,
)
from .models import MAX_ITEMS, DoseSchedule, Recipe
from .paste import PastedLine, parse_line, parse_lines

MEAL_LABELS = dict(Meal.choices)


def _back(day: datetime.date) -> HttpResponse:
    return redirect(f"{day_url(day)}#routines")


def _errors(form: Any) -> str:
    return " ".join(str(message) for messages_ in form.errors.values() for message in messages_)


# --- from the day page ------------------------------------------------------------------------


@login_required
@require_POST
def save_meal(request: PersonRequest, day: str) -> HttpResponse:
    """Save one of the day's meals by name. With htmx the copy panel says how it went and the
    new saved meal appears beside the recent foods; without, the day page does."""
    the_day = parse_day(day)
    form = SaveMealForm(request.POST)
    typed = {"meal": request.POST.get("meal", ""), "name": request.POST.get("name", "")}
    saved = None
    if not form.is_valid():
        text = _errors(form)
    else:
        meal = form.cleaned_data["meal"]
        try:
            saved = services.saved_meal_create(
                user=request.user, name=form.cleaned_data["name"], day=the_day, meal=meal
            )
        except services.NothingToSave:
            text = f"Nothing is logged in {MEAL_LABELS[meal].lower()}: nothing saved."
        except ValidationError as error:
            text = " ".join(error.messages)
        else:
            text = f"Saved “{saved.name}”: log it from any day in one tap."
    if request.htmx:
        return meal_saved(request, the_day, text, values=None if saved else typed)
    (messages.success if saved else messages.error)(request, text)
    return _back(the_day)


@login_required
@require_POST
def log_saved_meal(request: PersonRequest, day: str) -> HttpResponse:
    """One tap logs a saved meal: from the saved meals beside the recent foods (each into its
    own meal unless another is chosen) or from the food search (into the add form's meal).
    With htmx the tapped fragment comes back with the day's changed panels; without, the day."""
    the_day = parse_day(day)
    form = LogSavedMealForm(request.POST)
    if not form.is_valid():
        return _logged(request, the_day, "", _errors(form), changed=False)
    saved = selectors.saved_meal_get(user=request.user, pk=form.cleaned_data["saved_meal"])
    if saved is None:
        raise Http404("No such saved meal.")
    meal = form.cleaned_data["meal"]
    changed = False
    try:
        logged = services.saved_meal_log(
            user=request.user,
            saved_meal=saved,
            day=the_day,
            meal=meal,
            submission=form.cleaned_data["submission"],
        )
    except AlreadySubmitted:
        # Sent twice: the first request logged it; show the day as it is.
        text, changed = ALREADY_LOGGED, True
    except FoodGone:
        text = "A food of that saved meal was deleted meanwhile: nothing added."
    except ValidationError as error:
        text = f"Nothing added: {' '.join(error.messages)}"
    else:
        count = len(logged.entries)
        into = MEAL_LABELS[meal or saved.meal].lower()
        text = f"Logged “{saved.name}” ({count} item{pluralize(count)}) in {into}."
        if logged.skipped_retired:
            text += f" {logged.skipped_retired} retired food(s) left out."
        changed = True
    return _logged(request, the_day, meal, text, changed=changed)


ALREADY_LOGGED = "Already logged: the form was sent twice, so it was logged once."


def _logged(
    request: PersonRequest, day: datetime.date, meal: str, text: str, *, changed: bool
) -> HttpResponse:
    target = request.htmx.target if request.htmx else None
    user = request.user
    if target == "add-entry":  # from the food search: the add form again, for the next food
        add = day_panels.add_panel(user, params={"meal": meal}, status=text)
        return entries_logged(request, day, ("add-entry", add), changed=changed)
    if target == "saved-meals":
        saved_meals = day_panels.saved_meals_panel(user, status=text, meal=meal)
        return entries_logged(request, day, ("saved-meals", saved_meals), changed=changed)
    (messages.success if changed else messages.error)(request, text)
    return redirect(day_url(day))


@login_required
@require_POST
def meal_as_recipe(request: PersonRequest, day: str) -> HttpResponse:
    the_day = parse_day(day)
    form = MealAsRecipeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(the_day)
    try:
        recipe = services.recipe_from_meal(
            user=request.user,
            name=form.cleaned_data["name"],
            day=the_day,
            meal=form.cleaned_data["meal"],
            servings=form.cleaned_data["servings"],
        )
    except services.NothingToSave:
        messages.error(request, "That meal holds no food to make a recipe of.")
        return _back(the_day)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(the_day)
    messages.success(request, f"Saved the recipe “{recipe.food.name}”.")
    return redirect("routines:recipe", pk=recipe.pk)


@login_required
@require_POST
def dose(request: PersonRequest, day: str, pk: int) -> HttpResponse:
    the_day = parse_day(day)
    schedule = selectors.schedule_get(user=request.user, pk=pk)
    if schedule is None:
        raise Http404("No such schedule.")
    form = DoseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(the_day)
    action, amount = form.cleaned_data["action"], form.cleaned_data["amount"]
    name = schedule.food.name
    try:
        if action == "take":
            services.dose_take(schedule=schedule, day=the_day, quantity=amount)
            messages.success(request, f"Took {name}.")
        elif action == "skip":
            services.dose_skip(schedule=schedule, day=the_day)
            messages.success(request, f"Skipped {name} on this day.")
        else:
            done = schedule.doses.filter(day=the_day).first()
            if done is not None:
                services.dose_undo(dose=done)
            messages.success(request, f"{name} is pending again.")
    except services.AlreadyDone:
        messages.info(request, f"{name} was already recorded for this day.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(the_day)


# --- the routines page ------------------------------------------------------------------------


@login_required
@require_safe
def index(request: PersonRequest) -> HttpResponse:
    user = request.user
    context = {
        "saved_meals": [
            (saved, [f"{selectors.item_text(item)} {item.food.name}" for item in saved.items.all()])
            for saved in selectors.saved_meal_list(user=user)
        ],
        "recipes": selectors.recipe_list(user=user),
        "schedules": selectors.schedule_list(user=user),
    }
    return render(request, "diary/routines/index.html", context)


@login_required
@require_POST
def saved_meal_delete(request: PersonRequest, pk: int) -> HttpResponse:
    saved = selectors.saved_meal_get(user=request.user, pk=pk)
    if saved is not None:
        services.saved_meal_delete(saved_meal=saved)
        messages.success(request, f"Deleted the saved meal “{saved.name}”.")
    return redirect("routines:index")


# --- recipes ----------------------------------------------------------------------------------


def _own_recipe(request: PersonRequest, pk: int) -> Recipe:
    recipe = selectors.recipe_get(user=request.user, pk=pk)
    if recipe is None:
        raise Http404("No such recipe.")
    return recipe


@login_required
@require_safe
def recipe(request: PersonRequest, pk: int) -> HttpResponse:
    the_recipe = _own_recipe(request, pk)
    profile = profile_get(user=request.user)
    view = selectors.recipe_view(
        recipe=the_recipe, show_bone=profile.show_bone, d_unit=profile.vitamin_d_unit
    )
    return render(
        request,
        "diary/routines/recipe.html",
        {"view": view, "serving": selectors.recipe_serving(recipe=the_recipe)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def recipe_new(request: PersonRequest) -> HttpResponse:
    return _recipe_edit(request, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def recipe_edit(request: PersonRequest, pk: int) -> HttpResponse:
    return _recipe_edit(request, _own_recipe(request, pk))


def _row_from_line(text: str, user: User) -> dict[str, Any]:
    """A review row for a pasted line: its amount, its unit among the suggested food's units,
    and the foods its words find."""
    line = parse_line(text)
    options = selectors.food_suggestions(user=user, lines=[line])[0].options
    food = options[0] if options else None
    unit, amount, problem = line.unit or GRAMS, line.amount, line.problem
    if food is not None:
        choices = {value for value, _ in unit_choices(food)}
        portions = list(food.portions.all())
        unit = GRAMS
        if line.unit is None:
            if portions:
                unit = str(portions[0].pk)
            else:
                amount, problem = None, f"{food.name} has no household measure: give grams."
        elif line.unit in choices:
            unit = line.unit
        else:
            amount, problem = None, f"{food.name} is not measured in {line.unit}: give grams."
    elif not problem:
        problem = "No food matched: change the words and check again."
    return {
        "line": line.name or line.text,
        "amount": "" if amount is None else f"{amount.normalize():f}",
        "unit": unit,
        "food": food,
        "options": options,
        "problem": problem,
    }


def _row_from_form(form: IngredientForm, user: User) -> dict[str, Any]:
    data = {name: form.data.get(form.add_prefix(name), "") for name in ("line", "amount", "unit")}
    food = form.food
    chosen = parse_id(form.data.get(form.add_prefix("food_id")))
    if food is None and chosen is not None:
        food = form.foods.filter(pk=chosen).first()
    words = PastedLine(text=data["line"], amount=None, unit=None, name=data["line"])
    options = selectors.food_suggestions(user=user, lines=[words])[0].options
    if food is not None and food not in options:
        options = [food, *options]
    # Nothing chosen yet (no food matched before): the best of the new words' foods.
    food = food or (options[0] if options else None)
    errors = " ".join(str(m) for messages_ in form.errors.values() for m in messages_)
    return {**data, "food": food, "options": options, "problem": errors}


def _recipe_edit(request: PersonRequest, recipe: Recipe | None) -> HttpResponse:
    user = request.user
    foods = selectors.food_list_for_recipe(user=user)
    rows: list[dict[str, Any]] = []
    if request.method != "POST":
        if recipe is None:
            head = RecipeForm()
        else:
            head = RecipeForm(
                initial={
                    "name": recipe.food.name,
                    "servings": recipe.servings.normalize(),
                    "cooked_grams": recipe.cooked_grams,
                }
            )
            for item in recipe.ingredients.all():
                unit = str(item.portion_id) if item.portion_id else item.unit or GRAMS
                rows.append(
                    {
                        "line": item.food.name,
                        "amount": f"{item.quantity.normalize():f}",
                        "unit": unit,
                        "food": item.food,
                        "options": [item.food],
                        "problem": "",
                    }
                )
        return _recipe_page(request, recipe, head, rows)
    head = RecipeForm(request.POST)
    count = min(parse_id(request.POST.get("rows", "")) or 0, MAX_ITEMS)
    forms = [IngredientForm(request.POST, prefix=f"i{k}", foods=foods) for k in range(count)]
    forms = [form for form in forms if not form.data.get(form.add_prefix("remove"))]
    valid_rows = [form.is_valid() for form in forms]
    head_valid = head.is_valid()
    pasted = head.cleaned_data.get("paste", "") if head_valid else ""
    if request.POST.get("action") == "save" and not pasted and head_valid and all(valid_rows):
        ingredients = [form.ingredient() for form in forms]
        try:
            saved = services.recipe_save(
                user=user,
                name=head.cleaned_data["name"],
                servings=head.cleaned_data["servings"],
                cooked_grams=head.cleaned_data["cooked_grams"],
                ingredients=ingredients,
                recipe=recipe,
            )
        except ValidationError as error:
            for problems in error.message_dict.values():
                for problem in problems:
                    head.add_error(None, problem)
        else:
            messages.success(request, f"Saved the recipe “{saved.food.name}”.")
            return redirect("routines:recipe", pk=saved.pk)
    rows = [_row_from_form(form, user) for form in forms]
    rows += [_row_from_line(line.text, user) for line in parse_lines(pasted)]
    if pasted:  # read into rows: the box is empty again, for more lines
        data = cast(QueryDict, head.data).copy()  # a QueryDict: {**data} would keep its lists
        data["paste"] = ""
        head.data = data
    return _recipe_page(request, recipe, head, rows, review=bool(pasted))


def _recipe_page(
    request: PersonRequest,
    recipe: Recipe | None,
    head: RecipeForm,
    rows: list[dict[str, Any]],
    review: bool = False,
) -> HttpResponse:
    for row in rows:
        if row["food"] is not None:
            choices = [(v, label) for v, label in unit_choices(row["food"]) if v != DOSE_UNIT]
        else:
            # No food yet: grams, and the unit the line was written in, kept for the food
            # picked next.
            choices = [(GRAMS, "g")]
            if row["unit"] in units.UNIT_LABELS and row["unit"] != GRAMS:
                choices.append((row["unit"], units.UNIT_LABELS[row["unit"]]))
        row["units"] = choices
    context = {
        "recipe": recipe,
        "head": head,
        "rows": rows,
        "review": review,
        "action": reverse("routines:recipe-edit", kwargs={"pk": recipe.pk})
        if recipe
        else reverse("routines:recipe-new"),
    }
    return render(request, "diary/routines/recipe_form.html", context)


@login_required
@require_POST
def recipe_update_entries(request: PersonRequest, pk: int) -> HttpResponse:
    the_recipe = _own_recipe(request, pk)
    try:
        since = datetime.date.fromisoformat(request.POST.get("since", ""))
        validate_diary_day(since)
    except (ValueError, ValidationError):
        messages.error(request, "Give the date from which to update the entries.")
        return redirect("routines:recipe", pk=pk)
    count = services.recipe_entries_update(recipe=the_recipe, since=since)
    messages.success(request, f"Updated {count} past entries from {since:%-d %b %Y}.")
    return redirect("routines:recipe", pk=pk)


@login_required
@require_POST
def recipe_delete(request: PersonRequest, pk: int) -> HttpResponse:
    the_recipe = _own_recipe(request, pk)
    try:
        services.recipe_delete(recipe=the_recipe)
    except FoodInUse as in_use:
        count = in_use.entry_count
        messages.error(
            request,
            f"Your diary logs this recipe {count} time{pluralize(count)}, so it stays; "
            "those entries keep its values.",
        )
        return redirect("routines:recipe", pk=pk)
    except FoodInRecipe as used:
        messages.error(
            request,
            f"This recipe is an ingredient of {', '.join(used.recipe_names)}, so it stays: "
            "take it out of those first.",
        )
        return redirect("routines:recipe", pk=pk)
    messages.success(request, "Deleted the recipe.")
    return redirect("routines:index")


# --- schedules --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def schedule_new(request: PersonRequest) -> HttpResponse:
    today = local_now(profile_get(user=request.user)).date()
    return _schedule_edit(request, DoseSchedule(user=request.user, starts=today))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def schedule_edit(request: PersonRequest, pk: int) -> HttpResponse:
    schedule = selectors.schedule_get(user=request.user, pk=pk)
    if schedule is None:
        raise Http404("No such schedule.")
    return _schedule_edit(request, schedule)


def _schedule_edit(request: PersonRequest, schedule: DoseSchedule) -> HttpResponse:
    supplements = selectors.supplement_list(user=request.user, keep=schedule.food_id)
    if request.method == "POST":
        form = ScheduleForm(request.POST, instance=schedule, supplements=supplements)
        if form.is_valid():
            today = local_now(profile_get(user=request.user)).date()
            services.schedule_save(schedule=form.instance, on=today)
            messages.success(request, f"Scheduled {schedule.food.name}.")
            return redirect("routines:index")
    else:
        form = ScheduleForm(instance=schedule, supplements=supplements)
    # In the steady-intake mode: what the evidence says about the supplement scheduled.
    evidence = (
        supplement_warning(user=request.user, food=schedule.food)
        if schedule.food_id is not None
        else None
    )
    context = {"form": form, "schedule": schedule, "supplement_evidence": evidence}
    return render(request, "diary/routines/schedule_form.html", context)
