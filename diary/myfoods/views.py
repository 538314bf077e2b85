"""A user's own foods and supplements: private rows in the catalogue (Food.owner = the user)."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from foods.models import Food
from k2lib.http import PersonRequest

from . import selectors, services
from .forms import (
    BasePortionFormSet,
    BoneValuesForm,
    CustomFoodForm,
    CustomSupplementForm,
    PortionFormSet,
    VitaminKValuesForm,
)


@login_required
@require_safe
def food_list(request: PersonRequest) -> HttpResponse:
    rows = selectors.food_rows_own(user=request.user)
    context = {
        "foods": [row for row in rows if not row.food.is_supplement],
        "supplements": [row for row in rows if row.food.is_supplement],
    }
    return render(request, "diary/myfoods/food_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def food_create(request: PersonRequest) -> HttpResponse:
    return _edit(request, Food(owner=request.user), CustomFoodForm)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def supplement_create(request: PersonRequest) -> HttpResponse:
    return _edit(request, Food(owner=request.user, dose_unit="capsule"), CustomSupplementForm)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def food_edit(request: PersonRequest, pk: int) -> HttpResponse:
    food = get_object_or_404(selectors.food_list_own(user=request.user), pk=pk)
    form_class = CustomSupplementForm if food.is_supplement else CustomFoodForm
    return _edit(request, food, form_class)


def _edit(
    request: PersonRequest,
    food: Food,
    form_class: type[CustomFoodForm] | type[CustomSupplementForm],
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    is_new = food.pk is None
    is_supplement = form_class is CustomSupplementForm
    food_form = form_class(data, instance=food)
    values_form = VitaminKValuesForm(data, food=food, prefix="value")
    d_unit = request.user.profile.vitamin_d_unit
    bone_form = BoneValuesForm(data, food=food, d_unit=d_unit, prefix="bone")
    portions = None if is_supplement else PortionFormSet(data, instance=food, prefix="portions")
    portions = cast(BasePortionFormSet | None, portions)  # the factory's class, typed by its base
    if data is not None:
        valid = [food_form.is_valid(), values_form.is_valid(), bone_form.is_valid()]
        if portions is not None:
            valid.append(portions.is_valid())
        if all(valid):
            food = services.own_food_save(
                user=request.user,
                food_form=food_form,
                values_form=values_form,
                portions=portions,
                bone_form=bone_form,
            )
            verb = "added" if is_new else "saved"
            messages.success(request, f"“{food.name}” is {verb}.")
            return redirect("myfoods:list")
    context = {
        "food": food,
        "is_new": is_new,
        "is_supplement": is_supplement,
        "food_form": food_form,
        "values_form": values_form,
        "bone_form": bone_form,
        "portions": portions,
        "show_errors": data is not None,  # a valid POST has redirected above
        "basis": "per unit (the dose unit above)" if is_supplement else "per 100 g",
    }
    return render(request, "diary/myfoods/food_form.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def food_delete(request: PersonRequest, pk: int) -> HttpResponse:
    food = get_object_or_404(selectors.food_list_own(user=request.user), pk=pk)
    if request.method == "POST":
        try:
            services.own_food_delete(food=food)
        except services.FoodInUse as in_use:
            messages.error(request, _in_use_message(food, in_use.entry_count))
        except services.FoodInRecipe as in_recipe:
            messages.error(
                request,
                f"“{food.name}” cannot be deleted: your recipe(s) "
                f"{', '.join(in_recipe.recipe_names)} use it. Change those recipes first.",
            )
        else:
            messages.success(request, f"“{food.name}” is deleted.")
        return redirect("myfoods:list")
    entry_count = food.diary_entries.count()
    context = {
        "food": food,
        "entry_count": entry_count,
        "in_use": _in_use_message(food, entry_count),
    }
    return render(request, "diary/myfoods/food_confirm_delete.html", context)


def _in_use_message(food: Food, entry_count: int) -> str:
    if not entry_count:
        return ""
    entries = "entry" if entry_count == 1 else "entries"
    return (
        f"“{food.name}” cannot be deleted: {entry_count} diary {entries} use it. "
        "Delete those entries first if you want to remove it."
    )
