"""Reads of a person's profile: the profile itself, their today, and where their target comes
from. Nothing here writes: the profile is created with the user (diary.profile.services)."""

import functools
from dataclasses import dataclass
from decimal import Decimal

from diary.models import Profile, real_time_zones
from foods.formatting import quantity_text

IOM = "IOM 2001"


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


def target_explanation(*, profile: Profile) -> TargetExplanation:
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
