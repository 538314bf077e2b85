"""Issue 14 test helpers: the anticoagulation profile, INR results and dose changes."""

import datetime
from decimal import Decimal

from diary.models import AnticoagulationProfile, DoseChange, InrResult


def make_vka_profile(user, **fields):
    """Turn the steady-intake mode on for `user` (warfarin, clinic range 2.0–3.0)."""
    fields.setdefault("vka", "warfarin")
    return AnticoagulationProfile.objects.create(user=user, **fields)


def make_inr(user, day, value, measured_at="clinic", **fields):
    return InrResult.objects.create(
        user=user, day=day, value=Decimal(str(value)), measured_at=measured_at, **fields
    )


def make_dose(user, day, mg=None, schedule="", **fields):
    return DoseChange.objects.create(
        user=user,
        day=day,
        mg_per_day=None if mg is None else Decimal(str(mg)),
        weekly_schedule=schedule,
        **fields,
    )


DAY = datetime.date(2026, 11, 25)  # the Wednesday of tests/factories_reports.NOW
