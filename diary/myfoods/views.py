"""A user's own foods and supplements: private rows in the catalogue (Food.owner = the user)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, RestrictedError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from foods import vitamers
from foods.formatting import quantity_text
from foods.models import Food
from foods.services import food_figures_refresh

from .forms import (
    CustomFoodForm,
    CustomSupplementForm,
    PortionFormSet,
    VitaminKValuesForm,
)


def _own_foods(user):
    return user.custom_foods.all()


@login_required
@require_GET
def food_list(request):
    foods = (
        _own_foods(request.user)
        .select_related("group")
        .prefetch_related("values", "portions")
        .annotate(entry_count=Count("diary_entries"))
        .order_by("name", "pk")
    )
    rows = [_row(food) for food in foods]
    context = {
        "foods": [row for row in rows if not row["food"].is_supplement],
        "supplements": [row for row in rows if row["food"].is_supplement],
    }
    return render(request, "diary/myfoods/food_list.html", context)


def _row(food):
    values = {value.form: value.amount_ug for value in food.values.all()}
    return {
        "food": food,
        "values": [
            (vitamers.LABELS[form], quantity_text(values[form]))
            for form in vitamers.ALL_FORMS
            if form in values
        ],
        "portions": list(food.portions.all()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def food_create(request):
    return _edit(request, Food(owner=request.user), CustomFoodForm)


@login_required
@require_http_methods(["GET", "POST"])
def supplement_create(request):
    return _edit(request, Food(owner=request.user, dose_unit="capsule"), CustomSupplementForm)


@login_required
@require_http_methods(["GET", "POST"])
def food_edit(request, pk):
    food = get_object_or_404(_own_foods(request.user), pk=pk)
    form_class = CustomSupplementForm if food.is_supplement else CustomFoodForm
    return _edit(request, food, form_class)


def _edit(request, food, form_class):
    data = request.POST if request.method == "POST" else None
    is_new = food.pk is None
    is_supplement = form_class is CustomSupplementForm
    food_form = form_class(data, instance=food)
    values_form = VitaminKValuesForm(data, food=food, prefix="value")
    portions = None if is_supplement else PortionFormSet(data, instance=food, prefix="portions")
    if data is not None:
        valid = [food_form.is_valid(), values_form.is_valid()]
        if portions is not None:
            valid.append(portions.is_valid())
        if all(valid):
            with transaction.atomic():  # the food, its values and portions, or nothing
                food = food_form.save(commit=False)
                food.owner = request.user
                food.save()
                values_form.save(food)
                if portions is not None:
                    portions.instance = food
                    portions.save_in_order()
                food_figures_refresh([food.pk])  # the rankings show the change at once
            verb = "added" if is_new else "saved"
            messages.success(request, f"“{food.name}” is {verb}.")
            return redirect("myfoods:list")
    context = {
        "food": food,
        "is_new": is_new,
        "is_supplement": is_supplement,
        "food_form": food_form,
        "values_form": values_form,
        "portions": portions,
        "show_errors": data is not None,  # a valid POST has redirected above
        "basis": "per unit (the dose unit above)" if is_supplement else "per 100 g",
    }
    return render(request, "diary/myfoods/food_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def food_delete(request, pk):
    food = get_object_or_404(_own_foods(request.user), pk=pk)
    entry_count = food.diary_entries.count()
    if request.method == "POST":
        if not entry_count:
            try:
                with transaction.atomic():
                    food.delete()
            except RestrictedError:  # an entry was added since the count
                entry_count = food.diary_entries.count()
            else:
                messages.success(request, f"“{food.name}” is deleted.")
                return redirect("myfoods:list")
        messages.error(request, _in_use_message(food, entry_count))
        return redirect("myfoods:list")
    context = {
        "food": food,
        "entry_count": entry_count,
        "in_use": _in_use_message(food, entry_count),
    }
    return render(request, "diary/myfoods/food_confirm_delete.html", context)


def _in_use_message(food, entry_count):
    if not entry_count:
        return ""
    entries = "entry" if entry_count == 1 else "entries"
    return (
        f"“{food.name}” cannot be deleted: {entry_count} diary {entries} use it. "
        "Delete those entries first if you want to remove it."
    )
