"""The steady-intake mode's models: the anticoagulation profile, INR results, dose changes and
share links.

They belong to the `diary` app (app_label "diary", one migration history): diary/models.py
imports them so Django registers them. So this module must not import diary.models.
"""

from decimal import Decimal
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .steadiness import INR_MAX, INR_MIN, validate_inr

DEFAULT_INR_LOW = Decimal("2.0")  # CHEST 2012, most VKA indications (reference §2.2)
DEFAULT_INR_HIGH = Decimal("3.0")


def validate_inr_value(value: Decimal) -> None:
    """The model's face of steadiness.validate_inr: 0.5–15, at most two decimals."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return  # DecimalField(decimal_places=2) says so already: one message, not two
    try:
        validate_inr(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None


INR_IN_BOUNDS = Q(value__gte=INR_MIN) & Q(value__lte=INR_MAX)


class Vka(models.TextChoices):
    WARFARIN = "warfarin", "Warfarin"
    ACENOCOUMAROL = "acenocoumarol", "Acenocoumarol"
    PHENPROCOUMON = "phenprocoumon", "Phenprocoumon"
    FLUINDIONE = "fluindione", "Fluindione"


class AnticoagulationProfile(models.Model):
    """Opt-in: having one turns on the steady-intake mode."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="anticoagulation"
    )
    vka = models.CharField("vitamin K antagonist", max_length=20, choices=Vka.choices)
    # The range the person's clinic set: the app takes it, never assigns one (reference §2.2).
    inr_low = models.DecimalField(
        "lower INR limit (set by your clinic)",
        max_digits=4,
        decimal_places=2,
        default=DEFAULT_INR_LOW,
        validators=[validate_inr_value],
    )
    inr_high = models.DecimalField(
        "upper INR limit (set by your clinic)",
        max_digits=4,
        decimal_places=2,
        default=DEFAULT_INR_HIGH,
        validators=[validate_inr_value],
    )
    started_on = models.DateField(
        "started taking it on",
        null=True,
        blank=True,
        help_text="Optional; a clinic may leave the first weeks out of time in range",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(inr_low__lt=models.F("inr_high")),
                name="anticoagulation_inr_low_below_high",
                violation_error_message="The lower INR limit must be below the upper one.",
            ),
            models.CheckConstraint(
                condition=Q(inr_low__gte=INR_MIN) & Q(inr_high__lte=INR_MAX),
                name="anticoagulation_inr_range_in_bounds",
                violation_error_message=f"An INR range lies between {INR_MIN} and {INR_MAX}.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_vka_display()}, INR {self.inr_low}–{self.inr_high} ({self.user})"


class UserDatedQuerySet[M: models.Model](models.QuerySet[M]):
    """Reads start from the user, as the diary's Entry queries do."""

    def for_user(self, user: object) -> "UserDatedQuerySet[M]":
        return self.filter(user=user)

    def between(self, first_day: object, last_day: object) -> "UserDatedQuerySet[M]":
        """Inclusive date range."""
        return self.filter(day__gte=first_day, day__lte=last_day)


class DatedRecord(models.Model):
    """What an INR result and a dose change share: a user's dated row with a note."""

    note = models.TextField(blank=True, max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserDatedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["day", "created_at", "pk"]
        indexes = [models.Index(fields=["user", "day"], name="%(app_label)s_%(class)s_user_day")]

    def clean(self) -> None:
        """A TextField's max_length binds only the form: the model checks it too, for the
        admin and a restored backup."""
        super().clean()
        limit = cast(models.Field, self._meta.get_field("note")).max_length
        if limit is not None and len(self.note) > limit:
            raise ValidationError({"note": f"Keep the note to {limit} characters."})


class MeasuredAt(models.TextChoices):
    CLINIC = "clinic", "Clinic"
    LAB = "lab", "Laboratory"
    SELF_TEST = "self_test", "Self-test"


class InrResult(DatedRecord):
    """One INR as the person entered it. Several on one day are allowed (TTR averages them)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inr_results"
    )
    day = models.DateField("date", help_text="The day of the test")
    value = models.DecimalField(
        "INR", max_digits=4, decimal_places=2, validators=[validate_inr_value]
    )
    # Optional: a result is worth logging even when the person does not say where it was taken.
    measured_at = models.CharField(
        "where measured", max_length=20, choices=MeasuredAt.choices, blank=True
    )

    class Meta(DatedRecord.Meta):
        constraints = [
            models.CheckConstraint(
                condition=INR_IN_BOUNDS,
                name="inr_result_value_in_bounds",
                violation_error_message=f"An INR is between {INR_MIN} and {INR_MAX}.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day}: INR {self.value}"


class DoseChange(DatedRecord):
    """A new dose from `day` on: mg per day, or a weekly schedule as the clinic wrote it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dose_changes"
    )
    day = models.DateField("date", help_text="The first day of the new dose")
    mg_per_day = models.DecimalField(
        "mg per day",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"), "Enter a dose above 0 mg.")],
    )
    weekly_schedule = models.CharField(
        max_length=200, blank=True, help_text="For example: 5 mg Mon–Fri, 2.5 mg Sat–Sun"
    )

    class Meta(DatedRecord.Meta):
        constraints = [
            models.CheckConstraint(
                condition=(Q(mg_per_day__isnull=False) & Q(weekly_schedule=""))
                | (Q(mg_per_day__isnull=True) & ~Q(weekly_schedule="")),
                name="dose_change_mg_or_schedule",
                violation_error_message="Give mg per day or a weekly schedule: one of the two.",
            ),
            models.CheckConstraint(
                condition=Q(mg_per_day__isnull=True) | Q(mg_per_day__gt=0),
                name="dose_change_mg_above_zero",
            ),
        ]

    def __str__(self) -> str:
        dose = f"{self.mg_per_day} mg/day" if self.mg_per_day is not None else self.weekly_schedule
        return f"{self.day}: {dose}"


SHARE_DAYS = 14  # a share link expires after 14 days unless the person says otherwise
MAX_LIVE_SHARE_LINKS = 5  # links that still open, per person


class ShareLinkQuerySet(models.QuerySet["ShareLink"]):
    def for_user(self, user: object) -> "ShareLinkQuerySet":
        return self.filter(user=user)

    def live(self) -> "ShareLinkQuerySet":
        """Links that still open the report: neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    """A read-only link to one clinic report. Only the SHA-256 of its secret is stored, so the
    database never holds a working link; the secret travels signed in the URL."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    first_day = models.DateField("report from")
    last_day = models.DateField("report to")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_day__lte=models.F("last_day")),
                name="share_link_period_in_order",
                violation_error_message="The report's period must start before it ends.",
            ),
        ]

    def __str__(self) -> str:
        return f"Report {self.first_day}–{self.last_day} shared by {self.user}"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()
