"""Reads of a person's own foods and supplements (Food.owner = the person)."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Count, QuerySet

from foods import vitamers
from foods.formatting import quantity_text
from foods.models import Food, Portion


def food_list_own(*, user: User) -> QuerySet[Food]:
    """The person's own foods: every read and write here starts from this."""
    # A recipe is their own food too, but its values come from its ingredients: its own page
    # changes it (diary/routines).
    return Food.objects.filter(owner=user, recipe__isnull=True)


@dataclass(frozen=True)
class OwnFoodRow:
    food: Food
    values: list[tuple[str, str]]  # (form label, µg per basis)
    portions: list[Portion]


def food_rows_own(*, user: User) -> list[OwnFoodRow]:
    """The person's foods and supplements for their list, in three queries."""
    foods = (
        food_list_own(user=user)
        .select_related("group")
        .prefetch_related("values", "portions")
        .annotate(entry_count=Count("diary_entries"))
        .order_by("name", "pk")
    )
    rows = []
    for food in foods:
        values = {value.form: value.amount_ug for value in food.values.all()}
        rows.append(
            OwnFoodRow(
                food=food,
                values=[
                    (vitamers.LABELS[form], quantity_text(values[form]))
                    for form in vitamers.ALL_FORMS
                    if form in values
                ],
                portions=list(food.portions.all()),
            )
        )
    return rows
