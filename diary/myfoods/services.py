"""Writes of a person's own foods: save a food with its values and portions (all or nothing),
and delete one that no diary entry uses."""

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.forms import ModelForm

from diary.models import person_data_changed
from foods.models import Food, Source
from foods.services import catalogue_version_bump, food_figures_refresh

from .forms import USER_SOURCE_KEY, BasePortionFormSet, BoneValuesForm, VitaminKValuesForm


def user_source_get_or_create() -> Source:
    """The Source every user-entered value points to (created on first use)."""
    return Source.objects.get_or_create(
        key=USER_SOURCE_KEY,
        defaults={
            "name": "Your own entry",
            "citation": "Entered by the user who owns this food, e.g. from a label or a table.",
        },
    )[0]


class FoodInUse(Exception):
    """The food is logged in diary entries (perhaps since the page was shown)."""

    def __init__(self, entry_count: int) -> None:
        super().__init__(entry_count)
        self.entry_count = entry_count


@transaction.atomic
def own_food_save(
    *,
    user: User,
    food_form: ModelForm,
    values_form: VitaminKValuesForm,
    portions: BasePortionFormSet | None,
    bone_form: BoneValuesForm | None = None,
) -> Food:
    """Save validated forms: the food, its values and its portions, or nothing."""
    # First, as every diary write: their diary shows the food's name and values.
    person_data_changed(user.pk)
    food = food_form.save(commit=False)
    food.owner = user
    food.save()
    source = user_source_get_or_create()
    values_form.save(food, source=source)
    if bone_form is not None:
        bone_form.save(food, source=source)
    if portions is not None:
        portions.instance = food
        portions.save_in_order()
    food_figures_refresh([food.pk])  # the rankings show the change at once
    return food


class FoodInRecipe(Exception):
    """The food is an ingredient of the person's recipes (named, so they can change them)."""

    def __init__(self, recipe_names: list[str]) -> None:
        super().__init__(recipe_names)
        self.recipe_names = recipe_names


def own_food_delete(*, food: Food) -> None:
    """Delete a food no entry or recipe uses; FoodInUse or FoodInRecipe (and nothing deleted)
    if one does."""
    recipe_names = sorted(set(food.recipe_uses.values_list("recipe__food__name", flat=True)))
    if recipe_names:
        raise FoodInRecipe(recipe_names)
    entry_count = food.diary_entries.count()
    if entry_count:
        raise FoodInUse(entry_count)
    pk, owner_id = food.pk, food.owner_id
    assert owner_id is not None, "only a person's own food is deleted here"
    try:
        with transaction.atomic():
            # First: the profile row is locked before the food's (an add of this food in
            # another tab locks them in the same order, so one waits for the other).
            person_data_changed(owner_id)
            food.delete()
        catalogue_version_bump()  # their cached search answers listed it
    # An entry added since the count: found by the delete (RestrictedError), or, when it was
    # committed in between, by the database at commit (IntegrityError).
    except (RestrictedError, IntegrityError):
        food.pk = pk  # delete() cleared it; the rollback kept the row
        raise FoodInUse(max(food.diary_entries.count(), 1)) from None
