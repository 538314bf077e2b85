"""Diary forms: add and change an entry, copy a day or meal, jump to a date.

Every food is looked up from the user's visible foods, so another user's food, a retired food or a
made-up id is a field error, never a guess and never a 500.
"""

import datetime
import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from diary.anticoagulation.forms import confirm_supplement_field, require_supplement_confirmation
from diary.models import MAX_GRAMS, MAX_UNITS, Entry, Meal, validate_diary_day
from foods import units
from foods.models import Food
from foods.text import parse_id

from .units import DOSE_UNIT, GRAMS

THOUSANDTH = Decimal("0.001")
TOO_MANY_DIGITS = re.compile(rf"[0-9]{{{units.MAX_INTEGER_DIGITS + 1},}}(?:[.,][0-9]+)?")


class DayField(forms.DateField):
    default_error_messages = {"invalid": "Enter a date as YYYY-MM-DD."}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault("validators", [validate_diary_day])
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        try:
            return super().to_python(value)
        except OverflowError:  # year 99999 and the like
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class AmountField(forms.CharField):
    """A positive amount as people write it: "1.5", "1,5", "½", "1 ½", "1 1/2"
    (foods.units.parse_amount); anything else, NaN and 1e309 included, is a field error."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        value = (super().to_python(value) or "").strip()
        if value in self.empty_values:
            return None
        if len(value) > 40:
            raise ValidationError(units.HELP, code="invalid")
        if TOO_MANY_DIGITS.fullmatch(value):
            # Plainly a number, only too large: the form says the limit of the unit chosen.
            return Decimal(value.replace(",", "."))
        try:
            return units.parse_amount(value)
        except units.AmountError as problem:
            raise ValidationError(str(problem), code="invalid") from None


# 0.001 of a 0.1 g dash is 0.0001 g: stored to the thousandth, nothing at all.
TOO_LITTLE = "That weighs less than 0.001 g: enter a larger amount."


class AmountForm(forms.Form):
    """Amount, unit and meal of an entry whose food is known (`self.food`)."""

    amount = AmountField(label="Amount", error_messages={"required": "Enter an amount."})
    unit = forms.CharField(label="Unit", max_length=20, initial=GRAMS)
    meal = forms.ChoiceField(
        label="Meal",
        choices=Meal.choices,
        error_messages={"invalid_choice": "Choose a meal from the list."},
    )

    food: Food | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        food, amount, unit = self.food, cleaned.get("amount"), cleaned.get("unit")
        if food is None or amount is None or not unit:
            return cleaned
        portion = None
        if food.is_supplement:
            if unit != DOSE_UNIT:
                self.add_error("unit", f"This supplement is logged in {food.dose_unit}s.")
                return cleaned
            grams = None
            limit, what = MAX_UNITS, f"{food.dose_unit}s"
        elif unit == GRAMS:
            grams = amount
            limit, what = MAX_GRAMS, "g"
        elif unit in units.MEASURES:
            # oz, lb, kg, and volumes where a portion gives the density.
            try:
                grams = units.to_grams(amount, unit, list(food.portions.all()))
            except units.UnitError as problem:
                self.add_error("unit", str(problem))
                return cleaned
            limit, what = MAX_UNITS * 10, units.UNIT_LABELS[unit]
            # The entry keeps the amount as typed ("8 oz") beside the grams it weighs.
            cleaned.update(portion=None, grams=grams, quantity=amount, measure=unit)
            if amount > limit:
                self.add_error("amount", f"Enter at most {limit:,} {what}.")
            elif grams > MAX_GRAMS:
                self.add_error("amount", f"That is {grams:,.0f} g; enter at most {MAX_GRAMS:,} g.")
            elif not grams:
                self.add_error("amount", TOO_LITTLE)
            return cleaned
        else:
            portion = next((p for p in food.portions.all() if str(p.pk) == unit), None)
            if portion is None:
                self.add_error("unit", "Choose a unit of this food.")
                return cleaned
            grams = (amount * portion.grams).quantize(THOUSANDTH)
            limit, what = MAX_UNITS, "portions"
        if amount > limit:
            self.add_error("amount", f"Enter at most {limit:,} {what}.")
        elif grams is not None and grams > MAX_GRAMS:
            self.add_error("amount", f"That is {grams:,.0f} g; enter at most {MAX_GRAMS:,} g.")
        elif grams is not None and not grams:
            self.add_error("amount", TOO_LITTLE)
        cleaned.update(portion=portion, grams=grams, quantity=amount, measure="")
        return cleaned

    def entry_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "food": self.food,
            "meal": data["meal"],
            "quantity": data["quantity"],
            "portion": data["portion"],
            "grams": data["grams"],
            "unit": data["measure"],
        }


class EntryForm(AmountForm):
    """A new entry: the food comes from an explicit choice (its id), looked up for this user."""

    food_id = forms.CharField(
        label="Food",
        required=False,
        error_messages={"required": "Choose a food from the list."},
    )

    # In the steady-intake mode a vitamin K supplement is logged only once the person
    # has read the evidence; the confirmation comes as this form's non-field error.
    confirm_supplement = confirm_supplement_field()
    # A fresh token per rendered form ({% submission_field %}): the same form sent twice adds once.
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)

    field_order = ["food_id", "amount", "unit", "meal"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        if not self.errors:
            require_supplement_confirmation(self, self.user, self.food)
        return cleaned

    def add_prefix(self, field_name: str) -> str:
        # The chosen food is posted as "food"; the text typed into the search box is not used.
        return "food" if field_name == "food_id" else super().add_prefix(field_name)

    def clean_food_id(self) -> str:
        value = self.cleaned_data["food_id"].strip()
        if not value:
            raise ValidationError("Choose a food from the list.", code="required")
        food_id = parse_id(value)
        if food_id is None:
            raise ValidationError("Choose a food from the list.", code="invalid")
        self.food = choosable_foods(self.user).filter(pk=food_id).first()
        if self.food is None:
            raise ValidationError("That food is not available; choose one from the list.")
        return value


class EditForm(AmountForm):
    # The entry's version when the form was shown: a save over a newer one is refused.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, entry: Entry, **kwargs: Any) -> None:
        self.food = entry.food
        self.entry_pk = entry.pk
        super().__init__(*args, **kwargs)


def choosable_foods(user: User) -> QuerySet[Food]:
    """Foods a user may log: the catalogue and their own, not retired."""
    return Food.objects.visible_to(user).active().prefetch_related("portions")


class CopyForm(forms.Form):
    source = DayField(label="From date")
    # Set by the "copy again?" button once the person has seen that the entries are there.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)
    meal = forms.ChoiceField(
        label="What to copy",
        choices=[("", "The whole day"), *Meal.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a meal from the list."},
    )

    def __init__(self, *args: Any, day: datetime.date, **kwargs: Any) -> None:
        self.day = day
        super().__init__(*args, **kwargs)

    def clean_source(self) -> datetime.date:
        source = self.cleaned_data["source"]
        if source == self.day:
            raise ValidationError("Choose another day to copy from.")
        return source


class JumpForm(forms.Form):
    date = DayField(label="Go to date")
