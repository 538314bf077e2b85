"""Each user's profile (target, time zone) and diary entries."""

import datetime
import functools
import uuid
import zoneinfo
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from foods import amounts, nutrients, units, vitamers
from foods.importers.sanity import form_problem, parse_decimal, value_problem
from foods.models import Food, NutrientValue, Portion, VitaminKValue

from . import bone, intake
from .reference import Reference, reference_for

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_GRAMS = Decimal(5000)
MAX_UNITS = Decimal(100)


# In the tz database but no place's clock: "Factory" reads "-00", "localtime" is the server's.
NOT_PLACES = {"Factory", "localtime"}


@functools.cache
def real_time_zones() -> frozenset[str]:
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if name not in NOT_PLACES and not name.startswith(("posix/", "right/"))
    )


def validate_time_zone(value: str) -> None:
    if value not in real_time_zones():
        raise ValidationError(f"“{value}” is not a known time zone.")


FIRST_DAY = datetime.date(1900, 1, 1)


def last_day() -> datetime.date:
    """Latest date a diary accepts: the end of next year (plans, not typos like 2206)."""
    return datetime.date(datetime.date.today().year + 1, 12, 31)


def validate_diary_day(value: datetime.date) -> None:
    if value < FIRST_DAY:
        raise ValidationError("Choose a date from 1900 on.")
    if value > last_day():
        raise ValidationError(f"Choose a date up to the end of {last_day().year}.")


def validate_created_at(value: object) -> None:
    """A moment the diary can show: aware, its date from FIRST_DAY to `last_day()`. The database
    may hold years a page cannot read back (PostgreSQL keeps 0001 at +14:00 as year 0, 1 BC)."""
    if not isinstance(value, datetime.datetime):
        raise ValidationError("Give a date and time.")
    if value.date() < FIRST_DAY or value.date() > last_day():
        raise ValidationError(
            f"Give a time from {FIRST_DAY.year} to the end of {last_day().year}, not {value}."
        )


def validate_logged_values(snapshot: object, *, per_unit: bool) -> None:
    """µg by form as an entry keeps them ({"k1": "23.1"}): known forms, each within the same
    bounds as a catalogue value (never negative; at most the food's or a dose unit's ceiling;
    three decimals). Sums and means over a diary stay quick only because of these bounds."""
    if not isinstance(snapshot, dict):
        raise ValidationError("The values logged must be µg by vitamin K form.")
    for form, text in snapshot.items():
        if (problem := form_problem(form)) is not None:
            raise ValidationError(problem)
        if isinstance(text, bool) or not isinstance(text, str | int | Decimal):
            raise ValidationError(f"{form}: {text!r} is not a number")
        try:
            amount = parse_decimal(str(text))
        except ValueError as error:
            raise ValidationError(f"{form}: {error}") from None
        if (problem := value_problem(amount, per_unit=per_unit)) is not None:
            raise ValidationError(f"{form}: {problem}")


def validate_logged_nutrients(snapshot: object) -> None:
    """Calcium (mg) and vitamin D (µg) as an entry keeps them ({"ca": "113", "vit_d": "1.3"}):
    known nutrients, each within the catalogue's bounds, three decimals at most."""
    if not isinstance(snapshot, dict):
        raise ValidationError("The values logged must be calcium and vitamin D by nutrient.")
    for nutrient, text in snapshot.items():
        if isinstance(text, bool) or not isinstance(text, str | int | Decimal):
            raise ValidationError(f"{nutrient}: {text!r} is not a number")
        try:
            amount = parse_decimal(str(text))
        except ValueError as error:
            raise ValidationError(f"{nutrient}: {error}") from None
        if (problem := nutrients.value_problem(nutrient, amount)) is not None:
            raise ValidationError(f"{nutrient}: {problem}")


class VitaminDUnit(models.TextChoices):
    UG = "ug", "µg"
    IU = "iu", "IU (1 µg = 40 IU)"


class LifeStage(models.TextChoices):
    MAN = intake.MAN, "Man (19+)"
    WOMAN = intake.WOMAN, "Woman (19+)"
    PREGNANT = intake.PREGNANT, "Pregnant (give age)"
    BREASTFEEDING = intake.BREASTFEEDING, "Breastfeeding (give age)"
    TEEN = intake.TEEN, "Teen (14–18)"
    CHILD = intake.CHILD, "Child, 1 to 13 (give age)"
    INFANT = intake.INFANT, "Infant under 1 (give months)"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    life_stage = models.CharField(max_length=20, choices=LifeStage.choices, default=LifeStage.WOMAN)
    age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text="Needed for children, and for pregnancy or breastfeeding at 18 or younger",
    )
    age_months = models.PositiveSmallIntegerField(
        "age in months",
        null=True,
        blank=True,
        validators=[MaxValueValidator(12)],
        help_text="For an infant: the adequate intake is by months (0–6, 7–12)",
    )
    personal_target_ug = models.DecimalField(
        "personal target (µg/day)",
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(1), "A target must be at least 1 µg."),
            MaxValueValidator(Decimal(50000), "A target above 50,000 µg is not plausible."),
        ],
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    takes_vka = models.BooleanField(
        "I take warfarin or another vitamin K antagonist", default=False
    )
    show_bone = models.BooleanField(
        "Show vitamin D and calcium",
        default=True,
        help_text="Beside vitamin K on the day, week, search and food pages",
    )
    vitamin_d_unit = models.CharField(
        "Vitamin D in", max_length=2, choices=VitaminDUnit.choices, default=VitaminDUnit.UG
    )
    # The address whose check link was opened; password-reset mail goes only to this address
    # (user.email may since have changed to one nobody has confirmed).
    verified_email = models.EmailField(blank=True, default="")
    # Goes up with every change to what the person's pages show (person_data_changed), in the
    # same transaction: part of the key of each of their cached pages (diary/page_cache.py).
    data_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        constraints = [
            # A child's adequate intake depends on age; without one there is no target.
            models.CheckConstraint(
                condition=~Q(life_stage=LifeStage.CHILD) | Q(age__isnull=False),
                name="child_profile_has_age",
                violation_error_message="Give the child's age: the adequate intake depends on it.",
            ),
            models.CheckConstraint(
                condition=~Q(life_stage=LifeStage.INFANT) | Q(age_months__isnull=False),
                name="infant_profile_has_months",
                violation_error_message="Give the infant's age in months (0–12).",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def save(self, *args: Any, update_fields: Iterable[str] | None = None, **kwargs: Any) -> None:
        # A saved profile changes the person's pages. The database counts up, so a profile read
        # before another change was made cannot put an older version back.
        if not self._state.adding:
            self.data_version = models.F("data_version") + 1
            if update_fields is not None:
                update_fields = {*update_fields, "data_version"}
        super().save(*args, update_fields=update_fields, **kwargs)
        if not isinstance(self.data_version, int):
            self.refresh_from_db(fields=["data_version"])

    @property
    def reference(self) -> intake.IomGroup | None:
        """The person's IOM 2001 group, or None while the profile lacks what the group needs
        (a pregnancy saved before the age was asked for)."""
        try:
            return intake.iom_group(self.life_stage, self.age, months=self.age_months)
        except ValueError:
            return None

    @property
    def adequate_intake_ug(self) -> Decimal:
        """The person's own adequate intake (AI), µg/day; an incomplete profile gets the value
        its stage had before the age was asked for, until it is completed."""
        return intake.lenient_group(self.life_stage, self.age, self.age_months).ai_ug

    @property
    def target_ug(self) -> Decimal:
        return self.personal_target_ug or self.adequate_intake_ug

    @property
    def placed_against(self) -> Reference:
        """What the person's daily totals are placed against: the adult range 90–120 µg with
        their own value marked (an adult's), or their own value only (an infant's, child's or
        teen's, and in the steady-intake mode, where their usual intake replaces the range)."""
        return reference_for(
            intake.lenient_group(self.life_stage, self.age, self.age_months),
            personal_ug=self.personal_target_ug,
            steady=self.takes_vka,
        )

    @property
    def bone_group(self) -> bone.BoneGroup:
        """The person's IOM 2011 group for calcium and vitamin D."""
        return bone.bone_group(self.life_stage, self.age, self.age_months)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", "Breakfast"
    LUNCH = "lunch", "Lunch"
    DINNER = "dinner", "Dinner"
    SNACKS = "snacks", "Snacks"
    SUPPLEMENTS = "supplements", "Supplements"


def default_meal(now_local: datetime.datetime | None = None) -> str:
    """A sensible meal for 'now' (local time); only a default, the user picks."""
    hour = (now_local or datetime.datetime.now()).hour
    if hour < 11:
        return Meal.BREAKFAST
    if hour < 16:
        return Meal.LUNCH
    if hour < 21:
        return Meal.DINNER
    return Meal.SNACKS


class EntryQuerySet(models.QuerySet["Entry"]):
    def for_user(self, user: "User") -> Self:
        return self.filter(user=user)

    def on(self, day: datetime.date) -> Self:
        return self.filter(day=day)

    def between(self, first_day: datetime.date, last_day: datetime.date) -> Self:
        """Inclusive date range."""
        return self.filter(day__gte=first_day, day__lte=last_day)

    def with_food_values(self) -> Self:
        """Food, portion and every vitamin K value (a borrowed one with its source and donor
        food, so a row can say where it was borrowed from) in a fixed number of queries."""
        values = VitaminKValue.objects.select_related("source", "borrowed_from__food")
        return self.select_related("food", "portion").prefetch_related(
            models.Prefetch("food__values", queryset=values),
            models.Prefetch("food__nutrients", queryset=NutrientValue.objects.all()),
        )


def amount_errors(amount: Any, *, owner_id: int | None) -> dict[str, str]:
    """What is wrong with an amount of a food as an entry keeps it (`food`, `portion`, `unit`,
    `quantity`, `grams`: an Entry, a saved meal's item, a recipe's ingredient), for a person;
    the check constraints' rules included."""
    food, portion = amount.food, amount.portion
    errors = {}
    if food.owner_id is not None and food.owner_id != owner_id:
        errors["food"] = "Choose a food from the list."
    if portion is not None and (food.is_supplement or portion.food_id != food.pk):
        errors["portion"] = "Choose a unit of this food."
    if amount.unit and (
        amount.unit not in units.MEASURES or food.is_supplement or amount.portion_id is not None
    ):
        errors["unit"] = "Choose a unit of this food."
    if food.is_supplement:
        if amount.grams is not None:
            errors["grams"] = f"A supplement is logged in {food.dose_unit}s, not grams."
        if amount.quantity is not None and amount.quantity > MAX_UNITS:
            errors["quantity"] = f"Enter at most {MAX_UNITS} {food.dose_unit}s."
    elif amount.grams is None:
        errors["grams"] = "Give the grams eaten."
    elif amount.grams > MAX_GRAMS:
        errors["quantity"] = f"That is more than {MAX_GRAMS:,} g."
    elif amount.grams <= 0:
        errors["quantity"] = "That weighs less than 0.001 g."
    if (
        amount.portion_id is not None
        and amount.quantity is not None
        and amount.quantity > MAX_UNITS
    ):
        errors["quantity"] = f"Enter at most {MAX_UNITS} portions."
    return errors


class Entry(models.Model):
    """What one user ate: `quantity` of a unit (grams, a portion, or a supplement's dose unit)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diary_entries"
    )
    day = models.DateField(help_text="The user's local date", validators=[validate_diary_day])
    meal = models.CharField(max_length=20, choices=Meal.choices)
    # RESTRICT, not PROTECT: a food in use cannot be deleted, yet deleting a user may delete
    # their custom food together with the entries that use it.
    food = models.ForeignKey(Food, on_delete=models.RESTRICT, related_name="diary_entries")
    portion = models.ForeignKey(
        Portion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="diary_entries",
        help_text="Empty: quantity is in grams (or in the supplement's dose unit)",
    )
    quantity = models.DecimalField(
        max_digits=9,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"), "Enter an amount above 0.")],
    )
    grams = models.DecimalField(
        max_digits=9,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="Grams eaten; empty for a supplement dosed in units",
    )
    # A unit typed in that is neither grams nor a portion ("oz", "lb", "cup", "tbsp"…): the
    # quantity is in it, and `grams` were worked out from it when logged. Empty otherwise.
    # (db_default: rows written straight into the table, as the load benchmark's COPY, get it.)
    unit = models.CharField(max_length=10, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every change: an edit posted with an older number was made on a stale page.
    version = models.PositiveIntegerField(default=1)
    # The food's µg per basis (100 g, or a supplement's unit) when this was logged, by form:
    # {"k1": "23.1", "mk7": "939"}. A past day stays as logged when the catalogue changes.
    # Null for entries logged before snapshots existed: they follow the current values.
    logged_values = models.JSONField(null=True, blank=True, editable=False)
    # Calcium (mg) and vitamin D (µg) per basis when logged, kept apart from vitamin K's forms:
    # {"ca": "113", "vit_d": "1.3", "d3": "1.3"}. Null for entries logged before they were kept.
    logged_nutrients = models.JSONField(null=True, blank=True, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["day", "created_at", "pk"]
        indexes = [
            models.Index(fields=["user", "day"]),
            # Recent foods: the person's latest entries, newest first, without reading history.
            models.Index(fields=["user", "-created_at", "-id"], name="entry_user_recent"),
            # A favourite's last amount: the person's latest entry of one food.
            models.Index(fields=["user", "food", "-created_at"], name="entry_user_food_recent"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="entry_quantity_above_zero"),
            models.CheckConstraint(
                condition=Q(grams__isnull=True) | (Q(grams__gt=0) & Q(grams__lte=MAX_GRAMS)),
                name="entry_grams_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.meal}: {self.food}"

    def clean(self) -> None:
        """The rules every way in (forms, admin) shares; the checks below need the food. They
        include the check constraints' rules, so a service may skip asking the database."""
        super().clean()
        food = getattr(self, "food", None)
        if food is None:
            return
        errors: dict[str, str | list[str]] = {}
        if self.logged_values is not None:
            try:
                validate_logged_values(self.logged_values, per_unit=food.is_supplement)
            except ValidationError as error:
                errors["logged_values"] = error.messages
        if self.logged_nutrients is not None:
            try:
                validate_logged_nutrients(self.logged_nutrients)
            except ValidationError as error:
                errors["logged_nutrients"] = error.messages
        errors.update(amount_errors(self, owner_id=self.user_id))
        if errors:
            raise ValidationError(errors)

    def values_used(self) -> dict[str, Decimal]:
        """{form: µg per basis} this entry counts: as logged, else the food's current ones."""
        if self.logged_values is not None:
            return snapshot_values(self.logged_values)
        return amounts.values_by_form(self.food)

    def intake(self) -> amounts.Intake:
        """This entry's vitamin K, from the values it was logged with."""
        return amounts.amount_intake(
            self.values_used(),
            is_supplement=self.food.is_supplement,
            quantity=self.quantity,
            grams=self.grams,
        )

    def nutrients_used(self) -> dict[str, Decimal]:
        """{nutrient: mg or µg per basis}: as logged, else the food's current ones."""
        if self.logged_nutrients is not None:
            return snapshot_values(self.logged_nutrients)
        return nutrients_by_food(self.food)

    def bone_logged(self) -> bone.Logged:
        """This entry as the day's calcium and vitamin D count it."""
        return bone.Logged(
            food=self.food.name,
            values=self.nutrients_used(),
            is_supplement=self.food.is_supplement,
            quantity=self.quantity,
            grams=self.grams,
        )

    @property
    def k2_borrowed(self) -> tuple[str, ...]:
        """'Cheese Gouda 48+ av, NEVO 2023/8.0 (RIVM)' for each food a K2 value this entry
        counts was borrowed from (values prefetched by with_food_values)."""
        counted = set(self.values_used()) & set(vitamers.K2_FORMS)
        return amounts.borrowed_from(self.food, counted)

    def logged_food(self) -> amounts.LoggedFood:
        """This entry as foods.amounts.k2_basis takes it."""
        counted = self.values_used()
        borrowed = amounts.borrowed_forms(self.food) & set(counted)
        return (self.food.name, set(counted), borrowed, self.food.is_supplement, self.grams)

    @property
    def values_revised(self) -> bool:
        """True when the catalogue's vitamin K, calcium or vitamin D values for this food changed
        since it was logged (an entry logged before it kept calcium and vitamin D compares K)."""
        if self.logged_values is None:
            return False
        if snapshot_values(self.logged_values) != amounts.values_by_form(self.food):
            return True
        return self.logged_nutrients is not None and snapshot_values(
            self.logged_nutrients
        ) != nutrients_by_food(self.food)


def values_snapshot(food: Food) -> dict[str, str]:
    """The food's current values as an entry stores them (JSON: Decimals as text)."""
    return {form: str(amount) for form, amount in amounts.values_by_form(food).items()}


def nutrients_by_food(food: Food) -> dict[str, Decimal]:
    """{nutrient: amount per basis} from the food's (prefetched) calcium and vitamin D values."""
    return {value.nutrient: value.amount for value in food.nutrients.all()}


def nutrients_snapshot(food: Food) -> dict[str, str]:
    """The food's calcium and vitamin D as an entry stores them (JSON: Decimals as text)."""
    return {nutrient: str(amount) for nutrient, amount in nutrients_by_food(food).items()}


def snapshot_values(snapshot: dict[str, str]) -> dict[str, Decimal]:
    return {form: Decimal(amount) for form, amount in snapshot.items()}


class Submission(models.Model):
    """One form submission (its hidden token), so a form sent twice (a double click, a retried
    request) adds or copies once: the second insert breaks the unique constraint."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    token = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="submission_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.token}"


class FavouriteQuerySet(models.QuerySet["Favourite"]):
    def for_user(self, user: "User") -> Self:
        # A food that stopped being visible (another user's food) never shows, even if a row exists.
        return self.filter(user=user, food__in=Food.objects.visible_to(user))


class Favourite(models.Model):
    """A food the user wants one click away on the diary page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites"
    )
    food = models.ForeignKey(Food, on_delete=models.CASCADE, related_name="favourites")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FavouriteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "food"],
                name="favourite_once_per_user",
                violation_error_message="This food is already a favourite.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.food}"

    def clean(self) -> None:
        super().clean()
        food = getattr(self, "food", None)
        if food is None:
            return
        if food.owner_id is not None and food.owner_id != self.user_id:
            raise ValidationError({"food": "Choose a food from the list."})
        if food.retired and self._state.adding:
            raise ValidationError({"food": "This food has been retired: choose another."})


def person_data_changed(user_id: int) -> None:
    """Every cached page of this person is out of date from now on. Services call it in the
    transaction that changes anything their pages show (entries, favourites, own foods, the
    steady mode's records); saving the Profile does it by itself."""
    Profile.objects.filter(user_id=user_id).update(data_version=models.F("data_version") + 1)


# The steady-intake mode's models live in their subpackage (app_label "diary"); imported here so
# Django registers them and makemigrations sees them. That module never imports this one.
from .anticoagulation.models import (  # noqa: E402, F401
    AnticoagulationProfile,
    DoseChange,
    InrResult,
    ShareLink,
)
from .routines.models import (  # noqa: E402, F401
    MAX_ITEMS,
    DoseSchedule,
    DoseStatus,
    Recipe,
    RecipeIngredient,
    SavedMeal,
    SavedMealItem,
    ScheduledDose,
    ScheduleEvent,
    TimeOfDay,
)
