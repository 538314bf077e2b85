"""What the steadiness panel and the clinic report are made of: frozen rows with their text,
and the pure arithmetic that makes them from rows already fetched. The selectors fetch and
assemble (diary/anticoagulation/selectors.py); the templates read them."""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from diary import periods
from diary.models import AnticoagulationProfile, DoseChange, InrResult, ScheduleEvent
from diary.rows import DayRow
from diary.selectors import Logged
from foods import amounts, formatting

from . import steadiness
from .evidence import Evidence
from .text import difference_text, signed_ug


class _Difference:
    """A row with a difference from usual, and how it reads."""

    difference: steadiness.Difference | None

    @property
    def difference_text(self) -> str:
        return difference_text(self.difference)


@dataclass(frozen=True)
class Figure(_Difference):
    """One line of the panel: a label, its µg, and how far it is from usual."""

    label: str
    ug: Decimal | None
    days: int | None  # logged days it rests on (averages), None for a single day
    length: int | None
    difference: steadiness.Difference | None


@dataclass(frozen=True)
class FoodLine:
    name: str
    day_ug: Decimal
    usual_ug: Decimal
    ug: Decimal

    @property
    def text(self) -> str:
        return signed_ug(self.ug)


@dataclass(frozen=True)
class ReportDay(DayRow):
    """A day of the report: the week page's row (K1, MK-4, MK-7, total) and its 4- and 7-day
    averages (Khan 2004's window and the week)."""

    last_4: Decimal | None = None
    last_7: Decimal | None = None


@dataclass(frozen=True)
class FarDay(_Difference):
    day: datetime.date
    total: Decimal
    difference: steadiness.Difference
    foods: list[FoodLine]


@dataclass(frozen=True)
class InrLine:
    inr: InrResult
    before_4: steadiness.WindowAverage | None  # the 4 days before the test (Khan 2004)


@dataclass(frozen=True)
class SupplementLine:
    name: str
    first: datetime.date
    last: datetime.date
    days: int
    before: bool  # also logged before the period: not started in it
    after: bool  # also logged after the period: not stopped in it


@dataclass(frozen=True)
class ClinicReport:
    first: datetime.date
    last: datetime.date
    anticoagulation: AnticoagulationProfile | None
    days: list[ReportDay]
    usual: steadiness.UsualIntake | None
    inrs: list[InrLine]
    doses: list[DoseChange]
    ttr: steadiness.TimeInRange | None
    furthest: list[FarDay]
    supplements: list[SupplementLine]
    # Scheduled supplements started, changed or stopped in the period, and what the evidence
    # says about the vitamin K forms they hold.
    schedule_events: list[ScheduleEvent] = field(default_factory=list)
    schedule_evidence: tuple[Evidence, ...] = ()

    @property
    def logged_days(self) -> int:
        return sum(d.logged for d in self.days)

    @property
    def all_days(self) -> int:
        return len(self.days)

    @property
    def usual_rows(self) -> list[tuple[str, steadiness.Spread | None]]:
        usual = self.usual
        if usual is None:
            return []
        return [
            ("Total (K1 + K2)", usual.total),
            ("K1", usual.k1),
            ("MK-4", usual.mk4),
            ("MK-7", usual.mk7),
        ]

    @cached_property
    def ttr_text(self) -> str:
        if self.ttr is None:
            return "no INR range set"
        share = self.ttr.share_in_range
        if share is None:
            return "not enough INR results in this period (two tests at most 56 days apart)"
        return formatting.percent_text(share)


# --- Arithmetic over fetched rows -----------------------------------------------------------------


def days_and_foods(
    entries: Sequence[Logged], first: datetime.date, last: datetime.date
) -> tuple[dict[datetime.date, amounts.Intake | None], dict[datetime.date, dict[str, Decimal]]]:
    """{day: Intake or None} for every day from first to last, and {day: {food name: µg}}."""
    days = periods.daily_intakes(
        periods.days_between(first, last), ((e.day, e.intake) for e in entries)
    )
    foods: dict[datetime.date, dict[str, Decimal]] = {}
    for entry in entries:
        total = entry.intake.total
        if total is not None:
            on_day = foods.setdefault(entry.day, {})
            on_day[entry.food_name] = on_day.get(entry.food_name, amounts.ZERO) + total
    return days, foods


def foods_behind(
    comparison: steadiness.DayComparison, foods: Mapping[datetime.date, Mapping[str, Decimal]]
) -> list[FoodLine]:
    if comparison.usual is None:
        return []
    usual_foods = steadiness.usual_by_food(foods, comparison.usual.days)
    rows = steadiness.foods_behind_difference(foods.get(comparison.day, {}), usual_foods)
    return [FoodLine(str(r.food), r.day_ug, r.usual_ug, r.ug) for r in rows]


def figures(comparison: steadiness.DayComparison) -> list[Figure]:
    averages = (
        ("Last 4 days", comparison.last_4, steadiness.KHAN_WINDOW_DAYS, comparison.last_4_vs_usual),
        ("Last 7 days", comparison.last_7, steadiness.WEEK_DAYS, comparison.last_7_vs_usual),
    )
    day = Figure(
        f"{comparison.day:%a %-d %b}", comparison.day_ug, None, None, comparison.day_vs_usual
    )
    return [day] + [
        Figure(
            f"{label} (average)",
            window.mean if window else None,
            window.days if window else None,
            length,
            difference,
        )
        for label, window, length, difference in averages
    ]
