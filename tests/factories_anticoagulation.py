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


def make_steady_days(user, last, count=10, big_day=None):
    """`count` logged days ending on `last`: kale of 18–22 g a day (about 70–86 µg K1), and on
    `big_day` 200 g of spinach besides (about 966 µg K1): a day far above usual."""
    from tests.factories import make_entry, make_food

    kale = make_food("Kale, raw", values={"k1": "389.6"})
    spinach = make_food("Spinach, raw", values={"k1": "482.9"})
    for i in range(count):
        day = last - datetime.timedelta(days=count - 1 - i)
        make_entry(user, kale, grams=18 + i % 5, day=day)
        if day == big_day:
            make_entry(user, spinach, grams=200, day=day)
    return kale, spinach
