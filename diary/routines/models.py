"""A person's routines: saved meals (a named set of amounts logged in one tap), recipes (their
own food whose values are the sum of its ingredients) and supplements on a schedule. Imported
by diary/models.py, so they belong to the diary app and its one migration history."""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from diary import periods
from foods.models import Food, Portion

if TYPE_CHECKING:
    from diary.models import Entry

# As diary.models.Meal (this module is imported by that one, so it cannot import it back).
MEALS = [
    ("breakfast", "Breakfast"),
    ("lunch", "Lunch"),
    ("dinner", "Dinner"),
    ("snacks", "Snacks"),
    ("supplements", "Supplements"),
]
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MAX_ITEMS = 40  # a saved meal or a recipe: more than any plate or pot holds
# Each is a one-tap button on every day page and is matched in every search.
MAX_SAVED_MEALS = 50
MAX_SERVINGS = Decimal(1000)
MAX_COOKED_GRAMS = Decimal(100000)
MAX_UNITS = Decimal(100)  # doses a day, as an entry


class Amount(models.Model):
    """An amount of a food as a diary entry keeps it: `quantity` of grams, of a portion, of a
    unit such as cup or oz (`unit`), or of a supplement's dose unit; `grams` worked out from it
    (empty for a supplement)."""

    food = models.ForeignKey(Food, on_delete=models.RESTRICT, related_name="+")
    portion = models.ForeignKey(Portion, on_delete=models.SET_NULL, null=True, blank=True)
    quantity = models.DecimalField(
        max_digits=9,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"), "Enter an amount above 0.")],
    )
    grams = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    unit = models.CharField(max_length=10, blank=True, default="")
    seq = models.PositiveSmallIntegerField(default=1)

    class Meta:
        abstract = True
        ordering = ["seq", "pk"]

    def __str__(self) -> str:
        return f"{self.quantity.normalize():f} {self.unit or 'g'} {self.food}"

    def owner_pk(self) -> int | None:
        raise NotImplementedError

    def clean(self) -> None:
        """Entry's rules for an amount, so a restored file is held to what a form is."""
        from diary.models import amount_errors

        super().clean()
        if getattr(self, "food", None) is None:
            return
        if errors := amount_errors(self, owner_id=self.owner_pk()):
            raise ValidationError(errors)


class SavedMeal(models.Model):
    """'Weekday breakfast': amounts logged together into any meal of any day in one tap."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_meals"
    )
    name = models.CharField(max_length=100)
    # The meal it was made from: where one tap logs it, unless another meal is chosen.
    meal = models.CharField(max_length=20, choices=MEALS, default="breakfast")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                name="saved_meal_name_once_per_user",
                violation_error_message="You already have a saved meal of this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.pk is None and self.user_id is not None:
            kept = SavedMeal.objects.filter(user_id=self.user_id).count()
            if kept >= MAX_SAVED_MEALS:
                raise ValidationError(
                    f"You keep at most {MAX_SAVED_MEALS} saved meals: "
                    "delete one on the routines page first."
                )


class SavedMealItem(Amount):
    saved_meal = models.ForeignKey(SavedMeal, on_delete=models.CASCADE, related_name="items")
    # A person's own food deleted takes its items along; a catalogue food is retired, never
    # deleted (its items then stay and are skipped when logged).
    food = models.ForeignKey(Food, on_delete=models.CASCADE, related_name="saved_meal_items")

    class Meta(Amount.Meta):
        pass

    def owner_pk(self) -> int | None:
        return self.saved_meal.user_id


class Recipe(models.Model):
    """A person's own dish. `food` is their own Food that is logged, searched and exported like
    any other: its values per 100 g are the sum of the ingredients over the recipe's weight (the
    cooked weight if given, else the ingredients' weight), and its portion "serving" is that
    weight over the servings."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recipes"
    )
    food = models.OneToOneField(Food, on_delete=models.CASCADE, related_name="recipe")
    servings = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=Decimal(1),
        validators=[
            MinValueValidator(Decimal("0.01"), "Give at least 0.01 servings."),
            MaxValueValidator(MAX_SERVINGS, f"Give at most {MAX_SERVINGS:,} servings."),
        ],
    )
    cooked_grams = models.DecimalField(
        "cooked weight (g)",
        max_digits=9,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.001"), "A cooked weight must be above 0 g."),
            MaxValueValidator(MAX_COOKED_GRAMS, f"Give at most {MAX_COOKED_GRAMS:,} g."),
        ],
        help_text="Optional: the whole dish's weight once cooked, so grams of it can be logged",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["food__name", "pk"]

    def __str__(self) -> str:
        return self.food.name

    def clean(self) -> None:
        super().clean()
        food = getattr(self, "food", None)
        if food is not None and (food.owner_id != self.user_id or food.is_supplement):
            raise ValidationError({"food": "A recipe is one of your own foods."})


class RecipeIngredient(Amount):
    recipe = models.ForeignKey(Recipe, on_delete=models.CASCADE, related_name="ingredients")
    # RESTRICT: a food used in a recipe is not deleted under it (its delete says which recipe).
    food = models.ForeignKey(Food, on_delete=models.RESTRICT, related_name="recipe_uses")

    class Meta(Amount.Meta):
        pass

    def owner_pk(self) -> int | None:
        return self.recipe.user_id

    def clean(self) -> None:
        super().clean()
        food = getattr(self, "food", None)
        if food is not None and food.is_supplement:
            raise ValidationError(
                {"food": "A supplement is not an ingredient: schedule it as a dose instead."}
            )
        recipe = getattr(self, "recipe", None)
        if food is not None and recipe is not None and food.pk == recipe.food_id:
            raise ValidationError({"food": "A recipe cannot contain itself."})


class Every(models.TextChoices):
    DAY = "day", "Every day"
    WEEKDAYS = "weekdays", "On chosen weekdays"
    N_DAYS = "n_days", "Every N days"


class TimeOfDay(models.TextChoices):
    MORNING = "morning", "Morning"
    MIDDAY = "midday", "Midday"
    EVENING = "evening", "Evening"
    NIGHT = "night", "Night"


class DoseSchedule(models.Model):
    """'MK-7 100 µg, every day from 1 Dec, evening': a supplement the person takes regularly.
    Each day it is due shows a pending dose; nothing counts until it is taken."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dose_schedules"
    )
    food = models.ForeignKey(Food, on_delete=models.CASCADE, related_name="dose_schedules")
    quantity = models.DecimalField(
        "dose",
        max_digits=9,
        decimal_places=3,
        default=Decimal(1),
        validators=[
            MinValueValidator(Decimal("0.001"), "Enter an amount above 0."),
            MaxValueValidator(MAX_UNITS, f"Enter at most {MAX_UNITS}."),
        ],
    )
    every = models.CharField(max_length=10, choices=Every.choices, default=Every.DAY)
    # Monday = 0 … Sunday = 6, e.g. "024" for Monday, Wednesday, Friday.
    weekdays = models.CharField(max_length=7, blank=True, default="")
    interval_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(2, "Every 2 days or more (1 is every day)."),
            MaxValueValidator(366, "At most every 366 days."),
        ],
    )
    starts = models.DateField()
    ends = models.DateField(null=True, blank=True, help_text="Empty: no end")
    time_of_day = models.CharField(max_length=10, choices=TimeOfDay.choices, default="evening")
    # Each dose due counts on its day without a tap (logged when the person next opens their
    # diary), instead of waiting as pending.
    auto_log = models.BooleanField("log automatically", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__isnull=True) | Q(ends__gte=models.F("starts")),
                name="dose_schedule_ends_after_start",
                violation_error_message="The end date is before the start.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.food} ×{self.quantity}"

    @property
    def how_often(self) -> str:
        """'every day', 'on Mon, Thu' or 'every 3 days'."""
        if self.every == Every.WEEKDAYS:
            return "on " + ", ".join(WEEKDAY_NAMES[int(d)] for d in self.weekdays)
        if self.every == Every.N_DAYS:
            return f"every {self.interval_days} days"
        return self.get_every_display().lower()

    def due_on(self, day: datetime.date) -> bool:
        return periods.dose_due(
            day,
            starts=self.starts,
            ends=self.ends,
            every=self.every,
            weekdays=self.weekdays,
            interval_days=self.interval_days,
        )

    def dose_entry(self, day: datetime.date, quantity: Decimal | None = None) -> "Entry":
        """The diary entry that counts this schedule's dose on `day` (unsaved, with the values
        the supplement has now), in the day's supplements."""
        from diary.models import Entry, nutrients_snapshot, values_snapshot

        return Entry(
            user_id=self.user_id,
            day=day,
            meal="supplements",
            food=self.food,
            quantity=quantity if quantity is not None else self.quantity,
            grams=None,
            logged_values=values_snapshot(self.food),
            logged_nutrients=nutrients_snapshot(self.food),
        )

    def clean(self) -> None:
        from diary.models import validate_diary_day

        super().clean()
        errors: dict[str, str] = {}
        food = getattr(self, "food", None)
        if food is not None:
            if not food.is_supplement:
                errors["food"] = "Choose a supplement (a food is logged, not scheduled)."
            elif food.owner_id is not None and food.owner_id != self.user_id:
                errors["food"] = "Choose a supplement from the list."
        for name in ("starts", "ends"):
            day = getattr(self, name)
            if day is not None:
                try:
                    validate_diary_day(day)
                except ValidationError as error:
                    errors[name] = error.messages[0]
        if self.ends is not None and self.starts is not None and self.ends < self.starts:
            errors["ends"] = "The end date is before the start."
        if self.every == Every.WEEKDAYS:
            if (
                not self.weekdays
                or any(c not in "0123456" for c in self.weekdays)
                or len(set(self.weekdays)) != len(self.weekdays)
            ):
                errors["weekdays"] = "Choose at least one weekday."
        elif self.weekdays:
            errors["weekdays"] = "Weekdays are only for a schedule on chosen weekdays."
        if self.every == Every.N_DAYS and self.interval_days is None:
            errors["interval_days"] = "Give the number of days between doses."
        if self.every != Every.N_DAYS and self.interval_days is not None:
            errors["interval_days"] = "A number of days is only for every N days."
        if errors:
            raise ValidationError(errors)


class DoseStatus(models.TextChoices):
    TAKEN = "taken", "Taken"
    SKIPPED = "skipped", "Skipped"


class ScheduledDose(models.Model):
    """What became of a scheduled dose on one day: taken (with the diary entry that counts it)
    or skipped. One per schedule and day: the database refuses a second, so two taps at once
    never log a day twice."""

    schedule = models.ForeignKey(DoseSchedule, on_delete=models.CASCADE, related_name="doses")
    day = models.DateField()
    status = models.CharField(max_length=10, choices=DoseStatus.choices)
    entry = models.OneToOneField(
        "diary.Entry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scheduled_dose",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "day"], name="scheduled_dose_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.schedule} {self.day}: {self.status}"


class ScheduleEventKind(models.TextChoices):
    STARTED = "started", "started"
    CHANGED = "changed", "changed"
    STOPPED = "stopped", "stopped"


class ScheduleEvent(models.Model):
    """A dated start, change or stop of a scheduled supplement: in the steady-intake mode the
    timeline and the clinic report show them (a new vitamin K source moves the INR)."""

    schedule = models.ForeignKey(DoseSchedule, on_delete=models.CASCADE, related_name="events")
    day = models.DateField()
    kind = models.CharField(max_length=10, choices=ScheduleEventKind.choices)
    text = models.CharField(max_length=300)  # the schedule as it was then
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "pk"]

    def __str__(self) -> str:
        return f"{self.day}: {self.kind} {self.text}"
