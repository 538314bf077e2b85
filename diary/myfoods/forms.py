"""Forms for a user's own foods and supplements: the food, its vitamin K values, its portions."""

from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory

from diary.fields import AsciiDecimalField
from diary.models import VitaminDUnit
from foods import nutrients, vitamers
from foods.models import Food, Method, NutrientValue, Portion, Source, VitaminKValue

DOSE_UNITS = [
    ("capsule", "capsule"),
    ("tablet", "tablet"),
    ("softgel", "softgel"),
    ("drop", "drop"),
]

# Form order on the page: K1 first, then the K2 forms people look for, then the rarer ones.
VALUE_GROUPS = (
    ("Vitamin K1", (vitamers.K1, vitamers.DIHYDRO_K1)),
    ("Vitamin K2 (menaquinones)", (vitamers.MK4, vitamers.MK7, vitamers.K2_UNSPECIFIED)),
    ("Other menaquinones", vitamers.OTHER_MK_FORMS),
)

USER_SOURCE_KEY = "user-entered"
MAX_PORTIONS = 30
# Validate only the amount of an unsaved value (food, source and method are set on save).
PROBE_EXCLUDE = [
    f.name for f in VitaminKValue._meta.get_fields() if f.concrete and f.name != "amount_ug"
]


def save_user_values(
    existing: Mapping[str, Any],
    amounts: Mapping[str, Decimal | None],
    *,
    field: str,
    create: Callable[[str, Decimal], object],
) -> None:
    """Make a food's own values match `amounts` ({key: amount or None}): a blank deletes the
    row (no data), a new amount creates one with `create(key, amount)`, a changed one is saved."""
    for key, amount in amounts.items():
        value = existing.get(key)
        if amount is None:
            if value is not None:
                value.delete()
        elif value is None:
            create(key, amount)
        elif getattr(value, field) != amount:
            setattr(value, field, amount)
            value.save(update_fields=[field])


class CustomFoodForm(forms.ModelForm):
    class Meta:
        model = Food
        fields = ("name", "group")
        labels = {"name": "Name", "group": "Food group (optional)"}
        help_texts = {"name": "", "group": ""}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].empty_label = "— none —"  # type: ignore[attr-defined]


class CustomSupplementForm(forms.ModelForm):
    dose_unit = forms.ChoiceField(
        label="Dose unit",
        choices=DOSE_UNITS,
        help_text="The values below are per one of these.",
    )

    class Meta:
        model = Food
        fields = ("name", "dose_unit")
        labels = {"name": "Name (brand and product)"}
        help_texts = {"name": ""}


class VitaminKValuesForm(forms.Form):
    """One optional amount per form of vitamin K. Blank is no data and stores no row."""

    def __init__(self, *args: Any, food: Food, **kwargs: Any) -> None:
        self.food = food
        existing: dict[str, Any] = {}
        if food.pk:
            existing = {value.form: value.amount_ug for value in food.values.all()}
        kwargs.setdefault("initial", existing)
        super().__init__(*args, **kwargs)
        model_field = VitaminKValue._meta.get_field("amount_ug")
        for form in vitamers.ALL_FORMS:
            field = model_field.formfield(required=False, form_class=AsciiDecimalField)
            assert field is not None  # a DecimalField always has a form field
            field.label = f"{vitamers.LABELS[form]}, µg"
            field.help_text = ""
            field.widget = forms.NumberInput(
                attrs={"min": 0, "step": "any", "inputmode": "decimal"}
            )
            self.fields[form] = field

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[form] for form in forms_]) for legend, forms_ in VALUE_GROUPS]

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        # The model knows the ceilings (lower for a food per 100 g than for a supplement unit).
        probe_food = Food(dose_unit=self.food.dose_unit or "")
        for form in vitamers.ALL_FORMS:
            amount = cleaned.get(form)
            if amount is None:
                continue
            probe = VitaminKValue(food=probe_food, form=form, amount_ug=amount)
            try:
                probe.clean_fields(exclude=PROBE_EXCLUDE)
                probe.clean()
            except ValidationError as error:
                self.add_error(form, error.message_dict.get("amount_ug", error.messages))
        return cleaned

    def has_any_value(self) -> bool:
        return any(self.cleaned_data.get(form) is not None for form in vitamers.ALL_FORMS)

    def save(self, food: Food, *, source: Source) -> None:
        """Bring the food's values in line with the form; new ones cite `source`."""
        existing = {value.form: value for value in food.values.all()}
        save_user_values(
            existing,
            {form: self.cleaned_data.get(form) for form in vitamers.ALL_FORMS},
            field="amount_ug",
            create=lambda form, amount: VitaminKValue.objects.create(
                food=food, form=form, amount_ug=amount, source=source, method=Method.USER
            ),
        )


def _amount_field(label: str) -> AsciiDecimalField:
    return AsciiDecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=3,
        widget=forms.NumberInput(attrs={"min": 0, "step": "any", "inputmode": "decimal"}),
    )


class BoneValuesForm(forms.Form):
    """Calcium (mg) and vitamin D (µg or IU, 1 µg = 40 IU) per 100 g or per dose unit. Blank is
    no data and stores no row; vitamin D is stored in µg whichever unit was typed."""

    calcium = _amount_field("Calcium, mg")
    vitamin_d = _amount_field("Vitamin D (D2 + D3)")
    vitamin_d_unit = forms.ChoiceField(
        label="Vitamin D unit",
        choices=VitaminDUnit.choices,
        required=False,  # not sent: µg
    )

    def __init__(self, *args: Any, food: Food, d_unit: str = "ug", **kwargs: Any) -> None:
        self.food = food
        initial: dict[str, Any] = {"vitamin_d_unit": d_unit}
        if food.pk:
            existing = {value.nutrient: value.amount for value in food.nutrients.all()}
            initial["calcium"] = existing.get(nutrients.CALCIUM)
            d = nutrients.vitamin_d(existing)
            if d is not None:
                initial["vitamin_d"] = (
                    nutrients.iu_from_ug(d) if d_unit == "iu" else d
                ).normalize()
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        d = cleaned.get("vitamin_d")
        if d is not None and cleaned.get("vitamin_d_unit") == "iu":
            d = nutrients.ug_from_iu(d).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
        cleaned["vitamin_d_ug"] = d
        for field, nutrient, value in (
            ("calcium", nutrients.CALCIUM, cleaned.get("calcium")),
            ("vitamin_d", nutrients.VITAMIN_D, d),
        ):
            if value is not None and (problem := nutrients.value_problem(nutrient, value)):
                self.add_error(field, problem[:1].upper() + problem[1:] + ".")
        return cleaned

    def amounts(self) -> dict[str, Decimal | None]:
        return {
            nutrients.CALCIUM: self.cleaned_data.get("calcium"),
            nutrients.VITAMIN_D: self.cleaned_data.get("vitamin_d_ug"),
        }

    def save(self, food: Food, *, source: Source) -> None:
        """Bring the food's calcium and vitamin D in line with the form; new ones cite `source`."""
        existing = {value.nutrient: value for value in food.nutrients.all()}
        amounts = self.amounts()
        if {"vitamin_d", "vitamin_d_unit"} & set(self.changed_data):
            # A D2 or D3 split typed nowhere here is replaced by the total the person typed.
            for nutrient in nutrients.D_FORMS:
                if nutrient in existing:
                    existing.pop(nutrient).delete()
        else:  # vitamin D untouched: its rows (a restored D3, say) stay as they are
            del amounts[nutrients.VITAMIN_D]
        save_user_values(
            existing,
            amounts,
            field="amount",
            create=lambda nutrient, amount: NutrientValue.objects.create(
                food=food, nutrient=nutrient, amount=amount, source=source, method=Method.USER
            ),
        )


class BasePortionFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        in_use = [
            form.instance.description
            for form in self.deleted_forms
            if form.instance.pk and form.instance.diary_entries.exists()
        ]
        if in_use:
            raise ValidationError(
                f"Your diary uses {', '.join(in_use)}, so it cannot be removed.",
                code="portion_in_use",
            )

    def save_in_order(self) -> None:
        """Save new, changed and deleted portions; new ones go after the existing ones."""
        portions = self.save(commit=False)
        for portion in self.deleted_objects:
            portion.delete()
        kept = self.instance.portions.all()
        next_seq = max((p.seq for p in kept), default=0) + 1
        for portion in portions:
            if portion.pk is None:
                portion.seq = next_seq
                next_seq += 1
            portion.save()


PortionFormSet = inlineformset_factory(
    Food,
    Portion,
    formset=BasePortionFormSet,
    fields=("description", "grams"),
    labels={"description": "Household measure", "grams": "Weight in grams"},
    help_texts={"description": "", "grams": ""},
    widgets={
        "description": forms.TextInput(attrs={"placeholder": "e.g. slice, cup, tbsp"}),
        "grams": forms.NumberInput(attrs={"min": 0, "step": "any", "inputmode": "decimal"}),
    },
    field_classes={"grams": AsciiDecimalField},
    extra=3,
    can_delete=True,
    # A page shows a handful; without a cap a crafted POST of 100,000 forms held a worker 4.5 s.
    max_num=MAX_PORTIONS,
    absolute_max=MAX_PORTIONS,
    validate_max=True,
)
