"""Forms of a person's routines. Field rules and messages here; the model rules stay on the
models (the admin and a restore share them)."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from diary.day.forms import AmountField, AmountForm, DayField
from diary.fields import AsciiDecimalField
from diary.models import Meal
from foods.models import Food
from foods.text import parse_id

from .models import WEEKDAY_NAMES, DoseSchedule, Every, Recipe, SavedMeal
from .paste import MAX_LINE, MAX_LINES
from .services import IngredientInput

MEAL_CHOICES = {"error_messages": {"invalid_choice": "Choose a meal from the list."}}
WEEKDAYS = [(str(number), name) for number, name in enumerate(WEEKDAY_NAMES)]


class SaveMealForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=SavedMeal._meta.get_field("name").max_length, strip=True
    )
    meal = forms.ChoiceField(label="Meal to save", choices=Meal.choices, **MEAL_CHOICES)  # type: ignore[arg-type]


class LogSavedMealForm(forms.Form):
    saved_meal = forms.CharField()
    meal = forms.ChoiceField(
        label="Into",
        choices=[("", "its own meal"), *Meal.choices],
        required=False,
        **MEAL_CHOICES,  # type: ignore[arg-type]
    )
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean_saved_meal(self) -> int:
        pk = parse_id(self.cleaned_data["saved_meal"])
        if pk is None:
            raise ValidationError("Choose one of your saved meals.")
        return pk


class MealAsRecipeForm(forms.Form):
    name = forms.CharField(label="Recipe name", max_length=200, strip=True)
    meal = forms.ChoiceField(label="Meal", choices=Meal.choices, **MEAL_CHOICES)  # type: ignore[arg-type]
    servings = AsciiDecimalField(
        label="Servings", min_value=0.01, max_digits=7, decimal_places=2, initial=1
    )


class DoseForm(forms.Form):
    action = forms.ChoiceField(choices=[("take", "take"), ("skip", "skip"), ("undo", "undo")])
    amount = AmountField(label="Amount", required=False)


class RecipeForm(forms.Form):
    """The recipe's head; its ingredient rows are IngredientForms, its new lines pasted text."""

    name = forms.CharField(label="Name", max_length=200, strip=True)
    servings = AsciiDecimalField(
        label="Servings",
        max_digits=7,
        decimal_places=2,
        initial=1,
        validators=Recipe._meta.get_field("servings").validators,
    )
    cooked_grams = AsciiDecimalField(
        label="Cooked weight, g (optional)",
        required=False,
        max_digits=9,
        decimal_places=3,
        validators=Recipe._meta.get_field("cooked_grams").validators,
    )
    paste = forms.CharField(
        label="Paste ingredients, one a line",
        required=False,
        max_length=MAX_LINES * (MAX_LINE + 2),
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "200 g spinach\n1 tbsp butter\n2 eggs"}
        ),
    )


class IngredientForm(AmountForm):
    """One ingredient: a food chosen from `foods` (the catalogue and the person's own), and an
    amount in grams, a portion or a unit, as the diary takes it."""

    meal = None  # type: ignore[assignment]
    food_id = forms.CharField(required=False)
    line = forms.CharField(required=False, max_length=MAX_LINE)
    remove = forms.BooleanField(required=False)

    def __init__(self, *args: Any, foods: QuerySet[Food], **kwargs: Any) -> None:
        self.foods = foods
        super().__init__(*args, **kwargs)

    def clean_food_id(self) -> int:
        pk = parse_id(self.cleaned_data["food_id"])
        if pk is None:
            line = self.data.get(self.add_prefix("line"), "")
            raise ValidationError(
                f"No food matched “{line}”: choose one." if line else "Choose a food."
            )
        self.food = self.foods.filter(pk=pk).first()
        if self.food is None:
            raise ValidationError("That food is not available: choose another.")
        return pk

    def clean(self) -> dict[str, Any]:
        return super().clean() if self.food is not None else dict(self.cleaned_data)

    def ingredient(self) -> IngredientInput:
        """The valid row as the recipe service takes it."""
        assert self.food is not None, "a valid row has its food"
        data = self.cleaned_data
        return IngredientInput(
            food=self.food,
            quantity=data["quantity"],
            portion=data["portion"],
            grams=data["grams"],
            unit=data["measure"],
        )


class ScheduleForm(forms.ModelForm):
    weekdays = forms.MultipleChoiceField(
        label="Weekdays", choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple
    )
    starts = DayField(label="From")
    ends = DayField(label="Until (optional)", required=False)
    quantity = AsciiDecimalField(
        label="Dose",
        max_digits=9,
        decimal_places=3,
        initial=1,
        validators=DoseSchedule._meta.get_field("quantity").validators,
    )

    class Meta:
        model = DoseSchedule
        fields = (
            "food",
            "quantity",
            "every",
            "weekdays",
            "interval_days",
            "starts",
            "ends",
            "time_of_day",
            "auto_log",
        )
        labels = {
            "food": "Supplement",
            "every": "How often",
            "interval_days": "Every how many days",
        }

    def __init__(self, *args: Any, supplements: QuerySet[Food], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["food"]).queryset = supplements
        self.fields["food"].error_messages["invalid_choice"] = "Choose a supplement from the list."
        if self.instance.pk:
            self.initial["weekdays"] = list(self.instance.weekdays)

    def clean_weekdays(self) -> str:
        # Kept only for a schedule on chosen weekdays ("024" = Mon, Wed, Fri).
        if self.data.get(self.add_prefix("every")) != Every.WEEKDAYS:
            return ""
        return "".join(sorted(self.cleaned_data["weekdays"]))

    def clean_interval_days(self) -> int | None:
        if self.data.get(self.add_prefix("every")) != Every.N_DAYS:
            return None
        return self.cleaned_data["interval_days"]
