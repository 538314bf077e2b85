"""Reads of a person's routines. Keyword-only, each starting from the person, each a fixed
number of queries however many rows."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet

from diary.day.selectors import food_search
from diary.day.units import amount_text
from diary.models import Entry, nutrients_by_food
from foods import amounts, nutrients, units
from foods.amounts import Intake
from foods.formatting import mg_text, vitamin_d_text
from foods.models import Food, Portion, VitaminKValue

from . import arithmetic
from .models import (
    DoseSchedule,
    Recipe,
    RecipeIngredient,
    SavedMeal,
    SavedMealItem,
)
from .paste import PastedLine

SUGGESTIONS = 5
SERVING = "serving"  # a recipe's portion: the dish's weight over its servings


class HasValues(Protocol):
    """An amount of a food whose values are read (prefetched): an ingredient, or one about to
    be saved (services.IngredientInput)."""

    @property
    def food(self) -> Food: ...

    @property
    def quantity(self) -> Decimal: ...

    @property
    def grams(self) -> Decimal | None: ...


def recipe_figures_of(
    ingredients: Sequence[HasValues], *, servings: Decimal, cooked_grams: Decimal | None
) -> arithmetic.RecipeFigures:
    """The dish from its ingredients, each food's values read from the prefetched rows."""
    return arithmetic.recipe_figures(
        (
            (
                {value.form: value.amount_ug for value in item.food.values.all()},
                False,
                item.quantity,
                item.grams,
            )
            for item in ingredients
        ),
        servings=servings,
        cooked_grams=cooked_grams,
        nutrients=(
            (bone_values(item.food), False, item.quantity, item.grams) for item in ingredients
        ),
    )


def bone_values(food: Food) -> dict[str, Decimal]:
    """A food's calcium and vitamin D (its D2 + D3 total) per 100 g, as a recipe sums them;
    a nutrient without data is left out (unknown, not 0)."""
    values = nutrients_by_food(food)
    found = {
        nutrients.CALCIUM: values.get(nutrients.CALCIUM),
        nutrients.VITAMIN_D: nutrients.vitamin_d(values),
    }
    return {key: amount for key, amount in found.items() if amount is not None}


def saved_meal_get(*, user: User, pk: int) -> SavedMeal | None:
    return SavedMeal.objects.filter(user=user, pk=pk).first()


def saved_meal_list(*, user: User) -> list[SavedMeal]:
    """For the routines page: each saved meal with its items and their foods (two queries)."""
    return list(
        SavedMeal.objects.filter(user=user).prefetch_related(
            Prefetch("items__food"), Prefetch("items__portion")
        )
    )


def item_text(item: SavedMealItem | RecipeIngredient) -> str:
    """'100 g', '2 × 1 cup', '8 oz', '1 × capsule' for an item or ingredient."""
    food = item.food
    if food.is_supplement:
        label = food.dose_unit
    elif item.unit:
        label = units.UNIT_LABELS[item.unit]
    elif item.portion is not None:
        label = item.portion.label
    else:
        label = "g"
    return amount_text(item.quantity, label)


# --- recipes ----------------------------------------------------------------------------------


def recipe_list(*, user: User) -> QuerySet[Recipe]:
    return Recipe.objects.filter(user=user).select_related("food")


def recipe_get(*, user: User, pk: int) -> Recipe | None:
    """The recipe with its food's values and portions and each ingredient's food and values."""
    values = VitaminKValue.objects.all()
    return (
        Recipe.objects.filter(user=user, pk=pk)
        .select_related("food")
        .prefetch_related(
            Prefetch("food__values", queryset=values),
            "food__nutrients",
            "food__portions",
            Prefetch(
                "ingredients",
                queryset=RecipeIngredient.objects.select_related("food", "portion"),
            ),
            Prefetch("ingredients__food__values", queryset=values),
            "ingredients__food__nutrients",
            "ingredients__food__portions",
        )
        .first()
    )


@dataclass(frozen=True)
class IngredientRow:
    ingredient: RecipeIngredient
    amount_text: str
    intake: Intake  # what this ingredient brings to the whole dish


@dataclass(frozen=True)
class BoneRow:
    """One nutrient of the dish as the recipe page shows it, and the ingredients without it."""

    label: str
    noun: str  # the label inside a sentence
    per_serving: str
    per_100g: str
    whole: str
    no_data: list[str]


@dataclass(frozen=True)
class RecipeView:
    recipe: Recipe
    figures: arithmetic.RecipeFigures
    rows: list[IngredientRow]
    per_100g: Intake
    # The ingredients' values were revised since the recipe was saved: the table shows the sum
    # now, a serving logged counts the values stored then, until the recipe is saved again.
    revised: bool
    entry_count: int
    first_entry_day: datetime.date | None
    retired: list[str]  # ingredients' foods retired from the catalogue since
    bone: list[BoneRow]  # empty when the person keeps to vitamin K


def _bone_rows(
    figures: arithmetic.RecipeFigures, ingredients: list[RecipeIngredient], d_unit: str
) -> list[BoneRow]:
    shown = (
        (nutrients.CALCIUM, "Calcium", "calcium", mg_text),
        (
            nutrients.VITAMIN_D,
            "Vitamin D",
            "vitamin D",
            lambda value: vitamin_d_text(value, d_unit),
        ),
    )
    has = [bone_values(item.food) for item in ingredients]
    return [
        BoneRow(
            label=label,
            noun=noun,
            per_serving=text(figures.nutrients_per_serving.get(key)),
            per_100g=text(figures.nutrients_per_100g.get(key)),
            whole=text(figures.nutrients_whole.get(key)),
            no_data=[
                item.food.name
                for item, found in zip(ingredients, has, strict=True)
                if key not in found
            ],
        )
        for key, label, noun, text in shown
    ]


def recipe_view(*, recipe: Recipe, show_bone: bool = False, d_unit: str = "ug") -> RecipeView:
    ingredients = list(recipe.ingredients.all())
    figures = recipe_figures_of(
        ingredients, servings=recipe.servings, cooked_grams=recipe.cooked_grams
    )
    rows = [
        IngredientRow(
            ingredient=item,
            amount_text=item_text(item),
            intake=amounts.amount_intake(
                amounts.values_by_form(item.food),
                is_supplement=False,
                quantity=item.quantity,
                grams=item.grams,
            ),
        )
        for item in ingredients
    ]
    entries = Entry.objects.filter(user_id=recipe.user_id, food_id=recipe.food_id)
    first = entries.order_by("day").values_list("day", flat=True).first()
    return RecipeView(
        recipe=recipe,
        figures=figures,
        rows=rows,
        per_100g=amounts.entry_intake(figures.per_100g, grams=amounts.HUNDRED),
        revised=figures.per_100g != amounts.values_by_form(recipe.food),
        entry_count=entries.count(),
        first_entry_day=first,
        retired=[item.food.name for item in ingredients if item.food.retired],
        bone=_bone_rows(figures, ingredients, d_unit) if show_bone else [],
    )


def recipe_serving(*, recipe: Recipe) -> Portion | None:
    return next((p for p in recipe.food.portions.all() if p.description == SERVING), None)


@dataclass(frozen=True)
class LineSuggestion:
    line: PastedLine
    options: list[Food]  # best first; empty: nothing matched


def food_suggestions(*, user: User, lines: list[PastedLine]) -> list[LineSuggestion]:
    """Each pasted line with the foods its words find (three queries a line, at most 40
    lines); supplements are left out: they are scheduled, not cooked."""
    suggestions = []
    for line in lines:
        found = food_search(user=user, text=line.name, limit=SUGGESTIONS + 2) if line.name else []
        options = [option.food for option in found if not option.food.is_supplement]
        suggestions.append(LineSuggestion(line=line, options=options[:SUGGESTIONS]))
    return suggestions


def food_list_for_recipe(*, user: User) -> QuerySet[Food]:
    """Foods that may go into a recipe: the catalogue and the person's own, not supplements."""
    return Food.objects.visible_to(user).filter(dose_unit="").prefetch_related("portions")


# --- schedules --------------------------------------------------------------------------------


def schedule_list(*, user: User) -> QuerySet[DoseSchedule]:
    return DoseSchedule.objects.filter(user=user).select_related("food")


def schedule_get(*, user: User, pk: int) -> DoseSchedule | None:
    return schedule_list(user=user).filter(pk=pk).first()


def supplement_list(*, user: User, keep: int | None = None) -> QuerySet[Food]:
    """Supplements a schedule may take; `keep`: the one a schedule already has, even if retired
    since, so that schedule can still be changed or stopped."""
    return (
        Food.objects.visible_to(user)
        .filter(Q(retired=False) | Q(pk=keep))
        .exclude(dose_unit="")
        .order_by("name")
    )
