"""The vitamin K catalogue: foods, their values by form with provenance, and household portions.

Values are µg per 100 g edible portion (per dose unit for supplements), stored as Decimal.
A form without a row has no data: a 0 is only ever stored when a source says 0.
"""

import functools
import operator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from . import nutrients, search_terms, vitamers
from .text import fold

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# No food analysed has more than ~1,700 µg/100 g (dried herbs in SR28; natto ~1,000 µg).
FOOD_CEILING_UG = Decimal("5000")
# Supplements are dosed per unit; Japan's MK-4 osteoporosis dose is 15 mg per capsule.
SUPPLEMENT_CEILING_UG = Decimal("50000")


class FoodGroup(models.Model):
    code = models.CharField(max_length=8, unique=True, help_text="SR28 FdGrp_Cd, or our own code")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Source(models.Model):
    """A dataset or publication that values come from."""

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, help_text='Short name, e.g. "USDA SR28"')
    citation = models.TextField()
    url = models.TextField(blank=True)
    licence = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FoodQuerySet(models.QuerySet["Food"]):
    def visible_to(self, user: "User | AnonymousUser") -> Self:
        """The shared catalogue plus the user's own foods."""
        if user.is_authenticated:
            return self.filter(Q(owner__isnull=True) | Q(owner=user))
        return self.filter(owner__isnull=True)

    def active(self) -> Self:
        return self.filter(retired=False)


FIGURE_FIELDS = [
    f"{sort}_per_{basis}" for basis in ("100g", "portion") for sort in ("k1", "k2", "mk7", "total")
]


def _figure() -> models.DecimalField:
    # Exact: 3 places of µg × 3 places of grams × 0.01, so the page's one rounding rule applies
    # to the same number the subquery gave.
    return models.DecimalField(
        max_digits=24, decimal_places=8, null=True, blank=True, editable=False
    )


class Food(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, blank=True)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    search_weight = models.SmallIntegerField(
        default=0,
        editable=False,
        help_text="Lower for a basic food, higher for a product or dish (foods/search_terms.py)",
    )
    group = models.ForeignKey(
        FoodGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="foods"
    )
    ndb_no = models.CharField(
        "NDB number", max_length=5, unique=True, null=True, blank=True, help_text="USDA SR28"
    )
    catalogue_key = models.CharField(
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Identity in the shipped catalogue, so re-imports update instead of duplicate",
    )
    description = models.TextField(blank=True)
    scientific_name = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="custom_foods",
        help_text="Set for a user's private food; empty for the shared catalogue",
    )
    dose_unit = models.CharField(
        max_length=30,
        blank=True,
        help_text='Supplements only ("capsule", "tablet", "drop"): values are then per unit',
    )
    retired = models.BooleanField(
        default=False, help_text="Hidden from search and new entries; kept for existing ones"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Figures the rankings sort on, µg per 100 g (per dose unit) and per first household portion
    # of the forms of foods.search.SORTS; NULL: no data (or no portion). Derived from the values
    # and portions, written only by foods.services.food_figures_refresh, so no page sums the
    # catalogue per request.
    k1_per_100g = _figure()
    k2_per_100g = _figure()
    mk7_per_100g = _figure()
    total_per_100g = _figure()
    k1_per_portion = _figure()
    k2_per_portion = _figure()
    mk7_per_portion = _figure()
    total_per_portion = _figure()
    history = HistoricalRecords(excluded_fields=FIGURE_FIELDS)

    objects = FoodQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # Search scans every visible food's search_name: on SQLite this index holds all the
            # scan needs (the rows themselves carry long descriptions), about 2-3 ms less per query.
            models.Index(fields=["retired", "owner", "search_name"], name="food_search_scan"),
            # The list without a query is by name: the first page without sorting every food.
            models.Index(fields=["name", "id"], name="food_name_order"),
            # The day page's gap suggestions: shared foods with a portion, richest in K1 first.
            models.Index(
                F("k1_per_100g").desc(),  # never NULL where k1_per_portion is not
                "id",
                name="food_k1_suggestion",
                condition=Q(
                    owner__isnull=True, retired=False, dose_unit="", k1_per_portion__isnull=False
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        derived = self.names_derived_from(self.name)
        self.search_name = derived["search_name"]
        self.search_weight = derived["search_weight"]
        self.slug = self.slug or derived["slug"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("foods:detail", kwargs={"pk": self.pk, "slug": self.slug or "food"})

    @staticmethod
    def names_derived_from(name: str) -> dict[str, Any]:
        """The fields that follow the name. Bulk writes skip save(), so importers call this too."""
        return {
            "search_name": fold(name),
            "search_weight": search_terms.search_weight(name),
            "slug": slugify(name)[:200] or "food",
        }

    @staticmethod
    def figure_field(sort: str, basis: str) -> str:
        """The stored figure for a ranking: sort in search.SORTS, basis "100g" or "portion"."""
        return f"{sort}_per_{basis}"

    @property
    def is_supplement(self) -> bool:
        return bool(self.dose_unit)

    @property
    def basis_label(self) -> str:
        return f"per {self.dose_unit}" if self.dose_unit else "per 100 g"


class Method(models.TextChoices):
    ANALYTICAL = "analytical", "analytical"
    IMPUTED = "imputed", "calculated or imputed"
    ASSUMED_ZERO = "assumed_zero", "assumed zero"
    LABEL = "label", "label claim"
    AGGREGATED = "aggregated", "aggregated"
    TABLE = "table", "national food composition table"
    SECONDARY = "secondary", "secondary source"
    USER = "user", "entered by a user"
    BORROWED = "borrowed", "borrowed from a similar food"


class Provenance(models.Model):
    """How a stored amount was obtained: the method, the source's own wording and study, the
    number of analyses behind it. Every catalogue value carries it, whatever the nutrient."""

    method = models.CharField(max_length=20, choices=Method.choices)
    method_detail = models.CharField(
        max_length=200, blank=True, help_text="The source's own wording, e.g. SR28 Src_Cd/Deriv_Cd"
    )
    reference = models.TextField(
        blank=True, help_text="The study behind the value, where the source names one"
    )
    data_points = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        abstract = True


class VitaminKValue(Provenance):
    food = models.ForeignKey(Food, on_delete=models.CASCADE, related_name="values")
    form = models.CharField(max_length=8, choices=list(vitamers.LABELS.items()))
    amount_ug = models.DecimalField(
        "amount (µg)",  # not bare "µg": capitalised for a label it becomes "Μg", read as mg
        max_digits=9,
        decimal_places=3,
        validators=[
            MinValueValidator(Decimal(0), "A vitamin K value cannot be negative."),
            MaxValueValidator(
                SUPPLEMENT_CEILING_UG,
                f"Above the plausibility ceiling of {SUPPLEMENT_CEILING_UG:,} µg.",
            ),
        ],
        help_text="µg per 100 g edible portion (per dose unit for supplements)",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="values")
    # A value this food has no measurement for, taken over from the same food analysed elsewhere
    # (fixtures/borrowed-values.csv, foods/importers/borrowed.py): amount, source and method
    # detail are the donor's; deleting the donor value deletes the copy.
    borrowed_from = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="borrowed_by",
        help_text="The value this one repeats, on the food it was measured for",
    )
    borrow_reason = models.CharField(
        max_length=300, blank=True, editable=False, help_text="Why the donor stands for this food"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "vitamin K value"
        ordering = ["food", "form"]
        constraints = [
            models.UniqueConstraint(
                fields=["food", "form"],
                name="one_value_per_food_and_form",
                violation_error_message="This food already has a value for this form.",
            ),
            models.CheckConstraint(
                condition=Q(amount_ug__gte=0) & Q(amount_ug__lte=SUPPLEMENT_CEILING_UG),
                name="value_within_plausible_range",
                violation_error_message=(
                    f"A value must be between 0 and {SUPPLEMENT_CEILING_UG:,} µg."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(borrowed_from__isnull=True, borrow_reason="") & ~Q(method="borrowed"))
                | (Q(borrowed_from__isnull=False, method="borrowed") & ~Q(borrow_reason="")),
                name="borrowed_value_names_donor_and_reason",
                violation_error_message="A borrowed value names the value and the reason.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.food}: {self.get_form_display()} {self.amount_ug} µg"

    def clean(self) -> None:
        super().clean()
        food = getattr(self, "food", None)
        if (
            food is not None
            and not food.is_supplement
            and self.amount_ug is not None
            and self.amount_ug > FOOD_CEILING_UG
        ):
            raise ValidationError(
                {
                    "amount_ug": (
                        f"Above the plausibility ceiling of {FOOD_CEILING_UG:,} µg per 100 g "
                        "for a food (the richest foods analysed have about 1,700)."
                    )
                }
            )


class NutrientValue(Provenance):
    """Calcium (mg) or vitamin D (µg; D2, D3 where the source separates them) per 100 g edible
    portion (per dose unit for a supplement), with its provenance as a vitamin K value has.

    A model of its own, not more forms of VitaminKValue: everything that sums, covers, ranks or
    borrows vitamin K reads `food.values`, and calcium is in mg against other ceilings. A
    nutrient without a row has no data, as for vitamin K.
    """

    food = models.ForeignKey(Food, on_delete=models.CASCADE, related_name="nutrients")
    nutrient = models.CharField(max_length=8, choices=list(nutrients.LABELS.items()))
    amount = models.DecimalField(
        max_digits=10,
        decimal_places=3,
        validators=[MinValueValidator(Decimal(0), "An amount cannot be negative.")],
        help_text="mg of calcium or µg of vitamin D per 100 g (per dose unit for supplements)",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="nutrient_values")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "calcium or vitamin D value"
        ordering = ["food", "nutrient"]
        constraints = [
            models.UniqueConstraint(
                fields=["food", "nutrient"],
                name="one_nutrient_value_per_food",
                violation_error_message="This food already has a value for this nutrient.",
            ),
            models.CheckConstraint(
                # Each nutrient within its own ceiling (vitamin D's µg are not calcium's mg).
                condition=Q(amount__gte=0)
                & functools.reduce(
                    operator.or_,
                    (
                        Q(nutrient=nutrient, amount__lte=ceiling)
                        for nutrient, ceiling in nutrients.CEILINGS.items()
                    ),
                ),
                name="nutrient_value_within_its_ceiling",
                violation_error_message="The amount is outside the plausible range.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.food}: {self.get_nutrient_display()} {self.amount} {self.unit}"

    @property
    def unit(self) -> str:
        return nutrients.UNITS.get(self.nutrient, "")

    def clean(self) -> None:
        super().clean()
        if self.amount is not None and self.nutrient in nutrients.LABELS:
            problem = nutrients.value_problem(self.nutrient, self.amount)
            if problem is not None:
                raise ValidationError({"amount": problem[:1].upper() + problem[1:] + "."})


# A description that starts with one of these already says how many.
_COUNT_STARTS = frozenset("0123456789½¼¾⅓⅔⅛")


class Portion(models.Model):
    """A household measure: '1 tbsp' = 14.2 g."""

    food = models.ForeignKey(Food, on_delete=models.CASCADE, related_name="portions")
    seq = models.PositiveSmallIntegerField(default=1)
    amount = models.DecimalField(
        max_digits=8,
        decimal_places=3,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.001"), "The amount must be above 0.")],
    )
    description = models.CharField(max_length=120, help_text='e.g. "cup", "tbsp", "slice"')
    grams = models.DecimalField(
        max_digits=9,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"), "A portion must weigh more than 0 g.")],
    )
    data_points = models.PositiveIntegerField(null=True, blank=True)
    weight_source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the weight comes from, when not the food's own SR28 WEIGHT row "
        "(fixtures/literature-portions.csv)",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["food", "seq"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grams__gt=0),
                name="portion_weighs_more_than_zero",
                violation_error_message="A portion must weigh more than 0 g.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="portion_amount_above_zero",
                violation_error_message="The amount must be above 0.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.grams.normalize():f} g)"

    @property
    def label(self) -> str:
        """'1 cup, chopped'; a description that already starts with its count ('1 slice', '½ cup',
        as people type them for their own foods) is not counted twice."""
        if self.amount == 1 and self.description[:1] in _COUNT_STARTS:
            return self.description
        return f"{self.amount.normalize():f} {self.description}"


class CatalogueLoad(models.Model):
    """Fingerprint of the shipped files last loaded, so `load_catalogue` can skip unchanged ones."""

    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        get_latest_by = "loaded_at"

    def __str__(self) -> str:
        return f"Catalogue {self.checksum[:12]} loaded {self.loaded_at:%Y-%m-%d %H:%M}"
