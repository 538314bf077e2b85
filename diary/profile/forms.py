"""Sign-up and profile forms."""

from collections.abc import Iterator
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from diary.fields import AsciiDecimalField
from diary.intake import iom_group
from diary.models import LifeStage, Profile, validate_time_zone

from . import throttle
from .mail import send_later
from .services import profile_update

EMAIL_TAKEN = "Another account uses this email address. Give another, or leave it empty."


def email_taken(email: str, *, but: User | None = None) -> bool:
    """The database refuses a second account with the same address (case ignored)."""
    if not email:
        return False
    others = get_user_model().objects.filter(email__iexact=email)
    if but is not None:
        others = others.exclude(pk=but.pk)
    return others.exists()


TIME_ZONE_WIDGET = forms.TextInput(
    attrs={
        "list": "time-zones",
        "autocomplete": "off",
        "spellcheck": "false",
        "data-time-zone-input": "",
    }
)


class SignUpForm(UserCreationForm):
    # "Today" in the diary starts at midnight here; the page fills in the browser's zone.
    time_zone = forms.CharField(
        label="Time zone",
        max_length=64,
        initial="UTC",
        validators=[validate_time_zone],
        help_text="Your diary's days start at midnight in this time zone. You can change it "
        "in your profile.",
        widget=TIME_ZONE_WIDGET,
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email (optional)"
        email.help_text = "Only used to send you a link if you forget your password."
        email.widget.attrs["autocomplete"] = "email"
        self.fields["time_zone"].widget.attrs["data-time-zone-prefill"] = ""

    def clean_time_zone(self) -> str:
        return self.cleaned_data["time_zone"].strip()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email_taken(email):
            raise ValidationError(EMAIL_TAKEN)
        return email

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=commit)
        if commit:  # the profile was created with the user; it takes the chosen zone
            profile_update(profile=user.profile, time_zone=self.cleaned_data["time_zone"])
        return user


class ProfileForm(forms.ModelForm):
    email = forms.EmailField(
        label="Email (optional)",
        required=False,
        help_text="Only used to send you a link if you forget your password.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta:
        model = Profile
        # takes_vka follows the steady-intake mode, turned on and off on its own page
        # (diary.anticoagulation.services), so the two can never disagree.
        fields = (
            "life_stage",
            "age",
            "age_months",
            "personal_target_ug",
            "time_zone",
            "show_bone",
            "vitamin_d_unit",
        )
        labels = {
            "life_stage": "Life stage",
            "age": "Age in years",
            "age_months": "Age in months (infants)",
            "personal_target_ug": "Personal target in µg/day (optional)",
            "time_zone": "Time zone",
        }
        help_texts = {
            "age": (
                "Needed for a child, and for pregnancy or breastfeeding (the adequate intake is "
                "75 µg at 18 or younger, 90 µg from 19)."
            ),
            "age_months": "Only for an infant under 1: 0–6 months 2.0 µg, 7–12 months 2.5 µg.",
            "personal_target_ug": (
                "Leave blank to use the adequate intake for your life stage, "
                "for example a target agreed with your clinician."
            ),
            "time_zone": "Your diary's days start at midnight in this time zone.",
            "show_bone": (
                "Beside vitamin K on your day, week, search and food pages, each against your "
                "IOM 2011 RDA and upper limit. Untick for a vitamin K-only view."
            ),
            "vitamin_d_unit": "",
        }
        field_classes = {"personal_target_ug": AsciiDecimalField}
        widgets = {
            "life_stage": forms.RadioSelect,
            "vitamin_d_unit": forms.RadioSelect,
            "show_bone": forms.CheckboxInput(attrs={"aria-describedby": "show-bone-help"}),
            "age": forms.NumberInput(attrs={"min": 0, "max": 120, "inputmode": "numeric"}),
            "age_months": forms.NumberInput(attrs={"min": 0, "max": 12, "inputmode": "numeric"}),
            "personal_target_ug": forms.NumberInput(
                attrs={"min": 1, "max": 50000, "step": "0.1", "inputmode": "decimal"}
            ),
            "time_zone": forms.TextInput(
                attrs={
                    "list": "time-zones",
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "data-time-zone-input": "",
                }
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email
        # A form sent without it (an older page) keeps the unit the person had.
        self.fields["vitamin_d_unit"].required = False

    def clean_vitamin_d_unit(self) -> str:
        return self.cleaned_data["vitamin_d_unit"] or self.instance.vitamin_d_unit

    def clean_time_zone(self) -> str:
        return self.cleaned_data["time_zone"].strip()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email_taken(email, but=self.instance.user):
            raise ValidationError(EMAIL_TAKEN)
        return email

    def clean(self) -> dict[str, Any]:
        """The stage and age must name one IOM 2001 group (a man of 15 is a teen; a pregnancy
        needs the age): intake.iom_group says what is missing or contradictory."""
        cleaned = cast(dict[str, Any], super().clean())
        stage = cleaned.get("life_stage")
        if stage != LifeStage.INFANT:
            cleaned["age_months"] = None  # months are asked for infants only
        if stage is None or {"age", "age_months"} & set(self.errors):
            return cleaned
        try:
            iom_group(stage, cleaned.get("age"), months=cleaned.get("age_months"))
        except ValueError as problem:
            self.add_error("age_months" if stage == LifeStage.INFANT else "age", str(problem))
        return cleaned

    def save(self, commit: bool = True) -> Profile:
        profile = super().save(commit=commit)
        profile.user.email = self.cleaned_data["email"]
        if commit:
            profile.user.save(update_fields=["email"])
        return profile


class QuietPasswordResetForm(PasswordResetForm):
    """Mails only a confirmed address, at most a few times an hour per mailbox, and after the
    answer: known, unknown, unconfirmed and throttled addresses all answer alike."""

    def get_users(self, email: str) -> Iterator[User]:
        if throttle.hit("reset-mailbox", email.strip().lower()) is not None:
            return iter(())
        return (
            user
            for user in super().get_users(email)
            if user.profile.verified_email.lower() == user.email.lower()
        )

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        send_later(super().send_mail, *args, **kwargs)
