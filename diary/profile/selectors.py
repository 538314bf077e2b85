"""Reads of a person's profile: the profile itself, their today, and where their target comes
from. Nothing here writes: the profile is created with the user (diary.profile.services)."""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from diary import intake
from diary.models import Profile, real_time_zones
from foods.formatting import quantity_text

IOM = "IOM 2001"


def profile_get(*, user: User) -> Profile:
    """The user's profile; every user has one from the moment they exist."""
    return Profile.objects.get(user=user)


def local_today(profile: Profile) -> datetime.date:
    """Today in the person's own time zone, which is where their diary's days start."""
    return timezone.localdate(timezone=profile.zone)


def local_now(profile: Profile) -> datetime.datetime:
    return timezone.localtime(timezone=profile.zone)


@functools.cache
def time_zone_names() -> list[str]:
    return sorted(real_time_zones())


@dataclass(frozen=True)
class TargetExplanation:
    target_ug: Decimal | None
    adequate_intake_ug: Decimal | None
    group: str  # "women 19+"
    personal: bool

    @property
    def target_text(self) -> str:
        return "" if self.target_ug is None else quantity_text(self.target_ug)

    @property
    def adequate_intake_text(self) -> str:
        if self.adequate_intake_ug is None:
            return ""
        ai = quantity_text(self.adequate_intake_ug)
        return f"Adequate intake for {self.group}: {ai} µg/day ({IOM})"


def explain_target(profile: Profile) -> TargetExplanation:
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


def _group_label(life_stage: str, age: int | None) -> str:
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
