"""Sign-up and the profile page (life stage, target, time zone, warfarin)."""

import functools
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import intake
from .account_forms import ProfileForm, SignUpForm
from .models import Profile

IOM = "IOM 2001"


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("diary:today")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            Profile.objects.for_user(user)
        login(request, user)
        messages.success(
            request,
            f"Welcome, {user.get_username()}. Your daily target is 90 µg (the adequate intake "
            "for women 19+) until you set your life stage and time zone in your profile.",
        )
        return redirect("diary:today")
    return render(request, "registration/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    profile = Profile.objects.for_user(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, "Your profile is saved.")
            return redirect("profile")
        # Validation copied the rejected input onto the instance: show what is really saved.
        profile.refresh_from_db()
    context = {
        "form": form,
        "profile": profile,
        "target": explain_target(profile),
        "time_zones": time_zone_names(),
    }
    return render(request, "diary/profile.html", context)


@functools.cache
def time_zone_names():
    return sorted(zoneinfo.available_timezones())


@dataclass(frozen=True)
class TargetExplanation:
    target_ug: Decimal | None
    adequate_intake_ug: Decimal | None
    group: str  # "women 19+"
    personal: bool

    @property
    def target_text(self):
        return "" if self.target_ug is None else ug(self.target_ug)

    @property
    def adequate_intake_text(self):
        if self.adequate_intake_ug is None:
            return ""
        return f"Adequate intake for {self.group}: {ug(self.adequate_intake_ug)} µg/day ({IOM})"


def explain_target(profile):
    """The profile's daily target and where it comes from (fixtures/vitamin-k-reference.md §1.1)."""
    try:
        ai = intake.adequate_intake(profile.life_stage, profile.age)
    except ValueError:  # a child without an age, while the form asks for it
        ai = None
    personal = profile.personal_target_ug
    return TargetExplanation(
        target_ug=personal or ai,
        adequate_intake_ug=ai,
        group=_group_label(profile.life_stage, profile.age),
        personal=personal is not None,
    )


def _group_label(life_stage, age):
    young = age is not None and age <= 18
    if life_stage == intake.MAN:
        return "men 19+"
    if life_stage == intake.WOMAN:
        return "women 19+"
    if life_stage == intake.PREGNANT:
        return "pregnancy at 18 or younger" if young else "pregnancy at 19+"
    if life_stage == intake.BREASTFEEDING:
        return "breastfeeding at 18 or younger" if young else "breastfeeding at 19+"
    if life_stage == intake.TEEN:
        return "teens 14–18"
    if life_stage == intake.CHILD and age is not None:
        if age < 1:
            return "infants under 1 (the 0–6 month value)"
        if age <= 3:
            return "children 1–3 years"
        if age <= 8:
            return "children 4–8 years"
        if age <= 13:
            return "children 9–13 years"
        return "ages 14–18"
    return "children"


def ug(amount):
    """A Decimal for display without trailing zeros: 90.0 -> "90", 2.5 -> "2.5"."""
    return f"{amount.normalize():f}"
