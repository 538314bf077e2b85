"""Reads of a person's profile: the profile itself, their today, and where their target comes
from. Nothing here writes: the profile is created with the user (diary.profile.services)."""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from diary.models import Profile, real_time_zones
from foods.formatting import quantity_text

IOM = "IOM 2001"


def profile_get(*, user: User) -> Profile:
    """The user's profile; every user has one from the moment they exist. The signed-in user's
    was read with them (ProfileModelBackend): a page asks for it without another query."""
    if User.profile.is_cached(user):
        return user.profile
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
    group = profile.reference
    personal = profile.personal_target_ug
    ai = group.ai_ug if group is not None else None
    return TargetExplanation(
        target_ug=personal or ai,
        adequate_intake_ug=ai,
        group=group.label if group is not None else "",
        personal=personal is not None,
    )
