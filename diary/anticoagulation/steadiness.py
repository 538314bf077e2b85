"""Steady vitamin K for people on a vitamin K antagonist. Pure Python: no Django, no
database; Decimal for µg, datetime.date for days.

Every rule here comes from fixtures/anticoagulation-and-bone-reference.md ("the reference"); each
function names the section it implements. What the reference lets the app do, and so all this
module computes: the person's own usual intake and how far a day or the last-4-day average is
from it, in µg and % (Summary, first point); time in therapeutic range by the Rosendaal method
against the range the person's clinic set (Summary; §2.1). Nothing here predicts an INR, advises
on a dose or sets a target range (Summary, "May not").

A day with nothing logged is unknown, never 0 µg: callers pass None for it, or leave it out.
"""

import re
import statistics
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Protocol

ZERO = Decimal(0)
HUNDRED = Decimal(100)


class IntakeLike(Protocol):
    """What the arithmetic reads from a day's intake: µg by form, None where nothing had data.

    `foods.amounts.Intake` is one. `k2` is all menaquinones together, not "K2, form not reported".
    """

    @property
    def total(self) -> Decimal | None: ...

    @property
    def k1(self) -> Decimal | None: ...

    @property
    def k2(self) -> Decimal | None: ...

    @property
    def mk4(self) -> Decimal | None: ...

    @property
    def mk7(self) -> Decimal | None: ...


TOTAL = "total"  # K1 + K2, as Intake.total
K1 = "k1"
K2 = "k2"  # all menaquinones
MK4 = "mk4"
MK7 = "mk7"

MEASURES: Mapping[str, Callable[[IntakeLike], Decimal | None]] = MappingProxyType(
    {
        TOTAL: lambda intake: intake.total,
        K1: lambda intake: intake.k1,
        K2: lambda intake: intake.k2,
        MK4: lambda intake: intake.mk4,
        MK7: lambda intake: intake.mk7,
    }
)

type Days = Mapping[date, IntakeLike | None] | Iterable[tuple[date, IntakeLike | None]]


def logged_days(days: Days) -> dict[date, IntakeLike]:
    """{day: intake} for the days with anything logged, oldest first.

    Accepts a mapping or (day, intake) pairs; None stands for a day with nothing logged and is
    dropped (unknown, never 0). A day given twice is a caller's mistake, not something to add up.
    """
    pairs = days.items() if isinstance(days, Mapping) else days
    logged: dict[date, IntakeLike] = {}
    seen: set[date] = set()
    for day, intake in pairs:
        if day in seen:
            raise ValueError(f"{day} is given twice; pass one intake per day.")
        seen.add(day)
        if intake is not None:
            logged[day] = intake
    return dict(sorted(logged.items()))


def _measure(name: str) -> Callable[[IntakeLike], Decimal | None]:
    try:
        return MEASURES[name]
    except KeyError:
        raise ValueError(f"Unknown measure {name!r}; use one of {', '.join(MEASURES)}.") from None


# --- 1. Usual intake ---------------------------------------------------------------------------

USUAL_WINDOW_DAYS = 28  # four weeks, as Khan 2004 kept food records (reference §1.1)
USUAL_MIN_DAYS = 7  # a usual intake is shown once at least 7 days are logged


@dataclass(frozen=True)
class Spread:
    """Mean and sample standard deviation of daily µg, and how many days they rest on."""

    mean: Decimal
    sd: Decimal
    days: int


@dataclass(frozen=True)
class UsualIntake:
    """The person's usual daily vitamin K over their last logged days (reference, Summary:
    the app may show "the person's own usual vitamin K intake (e.g. their running average)").

    `days` are the logged days of the window, oldest first. Each measure has its own Spread,
    resting on the days of the window on which that form was known (a logged day of spinach
    alone says nothing about MK-7); a measure known on fewer than 7 of them is None.
    """

    through: date
    days: tuple[date, ...]
    total: Spread | None
    k1: Spread | None
    k2: Spread | None
    mk4: Spread | None
    mk7: Spread | None

    @property
    def first_day(self) -> date:
        return self.days[0]

    def spread(self, measure: str) -> Spread | None:
        _measure(measure)
        return getattr(self, measure)  # field names are MEASURES


def spread(values: Sequence[Decimal], min_days: int = USUAL_MIN_DAYS) -> Spread | None:
    """Mean and SAMPLE standard deviation (n − 1) of daily values; None below `min_days`.

    Sample, not population: the logged days are a sample of the person's days, and the SD is
    read as how much their intake varies from day to day in general. Over 7 days the population
    SD would understate that by 7% (√(6/7)); over 28 days by 2%.
    """
    if len(values) < max(min_days, 2):
        return None
    return Spread(mean=statistics.mean(values), sd=statistics.stdev(values), days=len(values))


def usual_intake(
    days: Days,
    through: date,
    *,
    window: int = USUAL_WINDOW_DAYS,
    min_days: int = USUAL_MIN_DAYS,
) -> UsualIntake | None:
    """Usual intake over the last `window` LOGGED days up to and including `through`.

    Reference, Summary (own usual intake, e.g. running average): 28 logged days,
    shown from 7. Days with nothing logged are skipped, so the window reaches back as far as
    it takes to find 28 logged days; `UsualIntake.first_day` says from when. None until the
    total (K1 + K2) is known on at least `min_days` of them.

    To compare a day with its usual, pass `through=day - 1` (as `compare_with_usual` does), so
    that an unusual day does not pull its own yardstick towards itself.
    """
    logged = [(day, intake) for day, intake in logged_days(days).items() if day <= through]
    in_window = logged[-window:]
    spreads: dict[str, Spread | None] = {}
    for name, read in MEASURES.items():
        known = [value for _, intake in in_window if (value := read(intake)) is not None]
        spreads[name] = spread(known, min_days)
    if spreads[TOTAL] is None:
        return None
    return UsualIntake(
        through=through,
        days=tuple(day for day, _ in in_window),
        total=spreads[TOTAL],
        k1=spreads[K1],
        k2=spreads[K2],
        mk4=spreads[MK4],
        mk7=spreads[MK7],
    )


# --- 2. Rolling averages and the difference from usual -----------------------------------------

KHAN_WINDOW_DAYS = 4  # Khan 2004: intake "averaged over 4 days" (reference §1.1, Summary)
WEEK_DAYS = 7


@dataclass(frozen=True)
class WindowAverage:
    """Mean daily µg over the logged days of the `length` calendar days ending on `end`."""

    end: date
    length: int
    mean: Decimal
    days: int  # logged days (with the measure known) it rests on, out of `length`

    @property
    def start(self) -> date:
        return self.end - timedelta(days=self.length - 1)


def window_average(
    days: Days, end: date, length: int, *, measure: str = TOTAL
) -> WindowAverage | None:
    """Average of the logged days among the `length` calendar days ending on `end`; None when
    none of them is logged. Calendar days, as Khan 2004's "averaged over 4 days" (reference
    §1.1); a day not logged is left out, never counted as 0 µg.
    """
    if length < 1:
        raise ValueError("A window is at least one day long.")
    read = _measure(measure)
    start = end - timedelta(days=length - 1)
    known = [
        value
        for day, intake in logged_days(days).items()
        if start <= day <= end and (value := read(intake)) is not None
    ]
    if not known:
        return None
    return WindowAverage(end=end, length=length, mean=statistics.mean(known), days=len(known))


@dataclass(frozen=True)
class Difference:
    """How far a value is from the usual mean, in µg and in % of it (reference, Summary: "in µg
    and %"). No difference in SDs: the reference does not support reading one."""

    ug: Decimal
    percent: Decimal | None  # None when the usual mean is 0 µg


def difference_from_usual(value: Decimal, usual: Spread) -> Difference:
    """`value` − usual mean, in µg and % (reference, Summary). No threshold makes it "large": the
    reference found none (§1.3), so a page shows the difference and the evidence, no alarm."""
    ug = value - usual.mean
    return Difference(ug=ug, percent=ug * HUNDRED / usual.mean if usual.mean else None)


@dataclass(frozen=True)
class DayComparison:
    """A day beside the person's usual intake: the day, the last 4 and 7 days (reference,
    Summary; Khan 2004's 4-day window, §1.1)."""

    day: date
    usual: UsualIntake | None
    day_ug: Decimal | None
    last_4: WindowAverage | None
    last_7: WindowAverage | None
    day_vs_usual: Difference | None
    last_4_vs_usual: Difference | None
    last_7_vs_usual: Difference | None


def compare_with_usual(days: Days, day: date, *, measure: str = TOTAL) -> DayComparison:
    """What the day page and the week show for one day.

    The usual intake rests on the logged days BEFORE `day` (see `usual_intake`). Differences are
    None while there is no usual yet (fewer than 7 logged days) or the measure is unknown.
    """
    read = _measure(measure)
    logged = logged_days(days)
    usual = usual_intake(logged, day - timedelta(days=1))
    usual_spread = usual.spread(measure) if usual else None
    intake = logged.get(day)
    day_ug = read(intake) if intake is not None else None
    last_4 = window_average(logged, day, KHAN_WINDOW_DAYS, measure=measure)
    last_7 = window_average(logged, day, WEEK_DAYS, measure=measure)

    def versus(value: Decimal | None) -> Difference | None:
        if value is None or usual_spread is None:
            return None
        return difference_from_usual(value, usual_spread)

    return DayComparison(
        day=day,
        usual=usual,
        day_ug=day_ug,
        last_4=last_4,
        last_7=last_7,
        day_vs_usual=versus(day_ug),
        last_4_vs_usual=versus(last_4.mean if last_4 else None),
        last_7_vs_usual=versus(last_7.mean if last_7 else None),
    )


# --- 3. The foods that made a day differ --------------------------------------------------------


@dataclass(frozen=True)
class FoodDifference[K: Hashable]:
    """One food's part in a day's difference from usual."""

    food: K
    day_ug: Decimal  # µg from this food on the day (0 if not eaten)
    usual_ug: Decimal  # its mean µg per logged day of the usual window (0 if never eaten then)

    @property
    def ug(self) -> Decimal:
        return self.day_ug - self.usual_ug


def usual_by_food[K: Hashable](
    foods_by_day: Mapping[date, Mapping[K, Decimal | None]], days: Sequence[date]
) -> dict[K, Decimal]:
    """Each food's mean µg per day over `days` (the usual window, `UsualIntake.days`).

    On a logged day a food not logged was not eaten, so it counts as 0 that day; the per-food
    means then add up to the usual mean total. A food with no vitamin K data (None) is left
    out, as the day totals leave it out. Reference, Summary (the person's own usual intake).
    """
    if not days:
        return {}
    sums: dict[K, Decimal] = {}
    for day in days:
        for food, ug in foods_by_day.get(day, {}).items():
            if ug is not None:
                sums[food] = sums.get(food, ZERO) + ug
    return {food: total / len(days) for food, total in sums.items()}


def foods_behind_difference[K: Hashable](
    day_foods: Mapping[K, Decimal | None], usual_foods: Mapping[K, Decimal], limit: int = 3
) -> list[FoodDifference[K]]:
    """The foods that made a day differ most from usual, largest difference (either way) first.

    Each food's difference is its µg on the day minus its usual µg per day (`usual_by_food`);
    these add up to the day's difference from the usual mean, so the list explains the day's
    number rather than merely naming its biggest sources. A usual food missing from the day
    shows as a negative difference ("no broccoli today"). Equal differences keep the day's order,
    then the usual's. Foods with no data (None) and no difference are left out.
    Reference, Summary: how far a day is from the person's own usual intake, in µg.
    """
    eaten = {food: ug for food, ug in day_foods.items() if ug is not None}
    foods = list(eaten) + [food for food in usual_foods if food not in eaten]
    rows = [
        FoodDifference(food, day_ug=eaten.get(food, ZERO), usual_ug=usual_foods.get(food, ZERO))
        for food in foods
    ]
    rows = [row for row in rows if row.ug]
    rows.sort(key=lambda row: abs(row.ug), reverse=True)
    return rows[:limit]


# --- 4. Time in therapeutic range (Rosendaal) ---------------------------------------------------

MAX_GAP_DAYS = 56  # reference §2.1: AHRQ "Gaps of greater than 56 days … are not interpolated"


@dataclass(frozen=True)
class Gap:
    """Two consecutive INR tests further apart than the gap rule allows: not interpolated."""

    after: date  # the earlier test
    before: date  # the later test
    days_in_period: int  # days of the period the interval (after, before] would have covered

    @property
    def days(self) -> int:
        return (self.before - self.after).days


@dataclass(frozen=True)
class TimeInRange:
    """Rosendaal time in therapeutic range over [start, end], in whole interpolated days."""

    start: date
    end: date
    low: Decimal
    high: Decimal
    days_below: int
    days_in_range: int
    days_above: int
    excluded_gaps: tuple[Gap, ...]

    @property
    def days_counted(self) -> int:
        """Interpolated days in the period (the denominator)."""
        return self.days_below + self.days_in_range + self.days_above

    def _share(self, days: int) -> Decimal | None:
        return Decimal(days) / Decimal(self.days_counted) if self.days_counted else None

    @property
    def share_in_range(self) -> Decimal | None:
        """0–1; None when no day of the period lies between two tests close enough together."""
        return self._share(self.days_in_range)

    @property
    def percent_in_range(self) -> Decimal | None:
        """TTR % = 100 × days in range ÷ interpolated days (§2.1 step 4)."""
        share = self.share_in_range
        return share * HUNDRED if share is not None else None

    @property
    def share_below(self) -> Decimal | None:
        return self._share(self.days_below)

    @property
    def share_above(self) -> Decimal | None:
        return self._share(self.days_above)


def _same_day_means(tests: Iterable[tuple[date, Decimal]]) -> list[tuple[date, Fraction]]:
    by_day: dict[date, list[Fraction]] = {}
    for day, value in tests:
        if not Decimal(value).is_finite():
            raise ValueError(f"The INR of {day} is not a number.")
        by_day.setdefault(day, []).append(Fraction(value))
    return [(day, sum(values, Fraction(0)) / len(values)) for day, values in sorted(by_day.items())]


def time_in_range(
    tests: Iterable[tuple[date, Decimal]],
    *,
    low: Decimal,
    high: Decimal,
    start: date,
    end: date,
    max_gap_days: int = MAX_GAP_DAYS,
) -> TimeInRange:
    """Time in therapeutic range by the Rosendaal method, as the reference §2.1 specifies.

    1. Tests (day, INR) are sorted by day; tests on the same day are averaged.
    2. For each consecutive pair, g = dᵢ₊₁ − dᵢ days. If g EXCEEDS `max_gap_days` (56) the
       interval is dropped from numerator and denominator and listed in `excluded_gaps`. So a
       gap of exactly 56 days is interpolated: the AHRQ wording ("greater than 56"), which the
       specification's "exceeds the gap limit (56)" follows. (JasperTools' code drops 56 too;
       the reference asks to pick one rule and document it.)
    3. Otherwise day k = 1…g gets INR xᵢ + (xᵢ₊₁ − xᵢ)·k/g, so each interval covers
       (dᵢ, dᵢ₊₁] and no day is counted twice. The first test's own day is never counted.
    4. A day is in range when low ≤ INR ≤ high (limits in range); below and above are counted
       the same way. Only days within [start, end] count: a period that starts or ends between
       two tests takes the interpolated days on its side of the boundary, using the tests on
       both sides. Days before the first test or after the last are not counted at all.

    Arithmetic is exact (fractions), so an interpolated INR landing on a limit is in range.
    INRs are not clipped to 0.8–10 as JasperTools does: the specification's steps do not clip,
    and an entered 12 is 12. This is the whole-day method; the continuous variant (§2.1 step 4)
    and the exclusions of §2.1 step 5 (first 7 days, 6 weeks) are left to the caller's period.
    The target range is the one the person's clinic set (§2.2); this function never sets one.
    """
    if not low < high:
        raise ValueError("The lower limit of the INR range must be below the upper limit.")
    if start > end:
        raise ValueError("The period must start on or before its last day.")
    if max_gap_days < 1:
        raise ValueError("The gap limit is at least one day.")
    lower, upper = Fraction(low), Fraction(high)
    points = _same_day_means(tests)
    below = in_range = above = 0
    gaps: list[Gap] = []
    for (day_a, inr_a), (day_b, inr_b) in zip(points, points[1:], strict=False):
        g = (day_b - day_a).days
        first_k = max(1, (start - day_a).days)
        last_k = min(g, (end - day_a).days)
        if first_k > last_k:
            continue  # the interval (day_a, day_b] lies outside the period
        if g > max_gap_days:
            gaps.append(Gap(after=day_a, before=day_b, days_in_period=last_k - first_k + 1))
            continue
        for k in range(first_k, last_k + 1):
            inr = inr_a + (inr_b - inr_a) * Fraction(k, g)
            if inr < lower:
                below += 1
            elif inr > upper:
                above += 1
            else:
                in_range += 1
    return TimeInRange(
        start=start,
        end=end,
        low=low,
        high=high,
        days_below=below,
        days_in_range=in_range,
        days_above=above,
        excluded_gaps=tuple(gaps),
    )


# --- INR values as entered ----------------------------------------------------------------------

INR_MIN = Decimal("0.5")  # an INR is entered between 0.5 and 15
INR_MAX = Decimal(15)
INR_MAX_DECIMALS = 2
_INR_TEXT = re.compile(r"[0-9]+(?:[.,][0-9]+)?")


def validate_inr(value: Decimal) -> Decimal:
    """The INR itself if it is a plausible entry: 0.5–15, at most two decimals; else ValueError
    with a message for the person. (A whole number such as 3 is accepted: it is 3.0.)"""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError("Enter the INR as a number, for example 2.4.")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -INR_MAX_DECIMALS:
        raise ValueError("An INR has at most two decimals, for example 2.45.")
    if not INR_MIN <= value <= INR_MAX:
        raise ValueError(f"An INR is between {INR_MIN} and {INR_MAX}; {value} is outside that.")
    return value


def parse_inr(text: str) -> Decimal:
    """An INR typed by a person ("2.4", "2,45", " 3.1 ") as a Decimal, or ValueError saying why.

    A decimal comma is accepted: acenocoumarol and phenprocoumon users are mostly in countries
    that write one. Signs, exponents, thousands separators and other text are refused.
    """
    cleaned = text.strip()
    if not _INR_TEXT.fullmatch(cleaned):
        raise ValueError("Enter the INR as a number, for example 2.4.")
    return validate_inr(Decimal(cleaned.replace(",", ".")))
