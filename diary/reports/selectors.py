"""Reads behind the week, trend and export pages: a period's entries in one query, added up
by day with the pure arithmetic in diary.intake and diary.periods."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.contrib.auth.models import User

from diary import intake, periods
from diary.models import Entry, snapshot_values
from foods import amounts, formatting
from foods.models import Food

POSITION_LABELS = {"below": "K1 below", "reached": "K1 reached"}


def _cell(value: Decimal | None) -> str | None:
    """A table cell's µg as text, None for no data (the template marks it up)."""
    return None if value is None else formatting.ug_number(value)


@dataclass(frozen=True)
class Logged:
    """One diary entry as the reports need it."""

    day: datetime.date
    food_id: int
    food_name: str
    intake: amounts.Intake


@dataclass(frozen=True)
class DayRow:
    day: datetime.date
    intake: amounts.Intake | None  # None: nothing logged that day
    reference_ug: Decimal  # the person's AI or personal target, which K1 is compared with

    @property
    def logged(self) -> bool:
        return self.intake is not None

    def _get(self, name: str) -> Decimal | None:
        return None if self.intake is None else getattr(self.intake, name)

    @cached_property
    def k1(self) -> Decimal | None:
        return self._get("k1")

    @cached_property
    def k2(self) -> Decimal | None:
        return self._get("k2")

    @cached_property
    def mk7(self) -> Decimal | None:
        return self._get("mk7")

    @cached_property
    def mk4(self) -> Decimal | None:
        return self._get("mk4")

    @cached_property
    def k2_other(self) -> Decimal | None:
        """MK-5, 6, 8, 9, 10 and K2 of unreported form: the tooltip's 'other'."""
        if self.intake is None:
            return None
        known = [v for v in (self.intake.mk_other, self.intake.k2_unspecified) if v is not None]
        return sum(known, amounts.ZERO) if known else None

    @cached_property
    def total(self) -> Decimal | None:
        return self._get("total")

    @property
    def position(self) -> str | None:
        return periods.position(self.k1, self.reference_ug)

    @property
    def status(self) -> str:
        """What the table says about the day's K1 against the person's reference."""
        if not self.logged:
            return "not logged"
        if self.position is None:
            return "no K1 data"
        return POSITION_LABELS[self.position]

    @property
    def long_label(self) -> str:
        return f"{self.day:%a} {self.day.day} {self.day:%b %Y}"

    @property
    def status_class(self) -> str:
        return "band-" + self.status.replace(" ", "-")

    @cached_property
    def cells(self) -> list[str | None]:
        """Table cells K1, K2, MK-7, MK-4, other K2 as text (None: no data)."""
        return [_cell(v) for v in (self.k1, self.k2, self.mk7, self.mk4, self.k2_other)]

    @cached_property
    def total_text(self) -> str | None:
        return _cell(self.total)


def _period_amounts(
    *, user: User, first: datetime.date, last: datetime.date
) -> list[tuple[datetime.date, int, str, amounts.LoggedAmount]]:
    """(day, food id, food name, amount) of each of the user's entries in the period, in two
    queries: the entries as plain tuples with the values stored when each was logged, and the
    foods they use once per food (name, dose unit, current values for entries older than those
    stored values). An amount is what amounts.amount_intake counts, as Entry.intake() does."""
    rows = list(
        Entry.objects.for_user(user)
        .between(first, last)
        .values_list("day", "food_id", "grams", "quantity", "logged_values")
    )
    foods = food_values({food_id for _, food_id, _, _, _ in rows})
    logged: list[tuple[datetime.date, int, str, amounts.LoggedAmount]] = []
    for day, food_id, grams, quantity, snapshot in rows:
        name, dose_unit, current = foods[food_id]
        values = current if snapshot is None else snapshot_values(snapshot)
        # A supplement (a dose unit, as Food.is_supplement) is counted per unit.
        logged.append((day, food_id, name, (values, bool(dose_unit), quantity, grams)))
    return logged


def entry_list_period(*, user: User, first: datetime.date, last: datetime.date) -> list["Logged"]:
    """[Logged] for the user's entries in the period, in two queries; each entry's Intake is
    computed once per (food, amount, values) however often it recurs."""
    intakes: dict[tuple[Any, ...], amounts.Intake] = {}
    logged = []
    for day, food_id, name, amount in _period_amounts(user=user, first=first, last=last):
        values, is_supplement, quantity, grams = amount
        key = (food_id, grams, quantity, tuple(sorted(values.items())))
        one = intakes.get(key)
        if one is None:
            one = amounts.amount_intake(
                values, is_supplement=is_supplement, quantity=quantity, grams=grams
            )
            intakes[key] = one
        logged.append(Logged(day, food_id, name, one))
    return logged


def period_day_intakes(
    *, user: User, first: datetime.date, last: datetime.date
) -> dict[datetime.date, amounts.Intake]:
    """{day: Intake} for each day of the period with entries, in two queries: the amounts are
    added up by day straight away, with no Intake for each entry (a year holds 1,800)."""
    by_day: dict[datetime.date, list[amounts.LoggedAmount]] = {}
    for day, _, _, amount in _period_amounts(user=user, first=first, last=last):
        by_day.setdefault(day, []).append(amount)
    return {day: amounts.total_logged(logged) for day, logged in by_day.items()}


def food_values(food_ids: Iterable[int]) -> dict[int, tuple[str, str, dict[str, Decimal]]]:
    """{food id: (name, dose unit ("" for a food), {form: µg per basis})} in one query."""
    foods: dict[int, tuple[str, str, dict[str, Decimal]]] = {}
    rows = Food.objects.filter(pk__in=list(food_ids)).values_list(
        "pk", "name", "dose_unit", "values__form", "values__amount_ug"
    )
    for pk, name, dose_unit, form, amount in rows:
        values = foods.setdefault(pk, (name, dose_unit, {}))[2]
        if form is not None:
            values[form] = amount
    return foods


def day_rows(
    days: Sequence[datetime.date], entries: Iterable["Logged"], reference_ug: Decimal
) -> list["DayRow"]:
    by_day = periods.daily_intakes(days, ((e.day, e.intake) for e in entries))
    return [DayRow(day, by_day[day], reference_ug) for day in days]


def percent(share: Decimal | None) -> int | None:
    return None if share is None else round(share * 100)


def top_foods(
    entries: Sequence["Logged"], limit: int = 5
) -> list[tuple[str, Decimal | None, int | None]]:
    """The period's largest sources: [(name, µg, % of everything known)], largest first."""
    everything = amounts.total(e.intake for e in entries).total
    # Fed in name order so equal totals rank alphabetically (top_contributors keeps first-seen
    # order among equals).
    by_name = sorted(entries, key=lambda e: e.food_name)
    ranked = intake.top_contributors(
        (((e.food_id, e.food_name), e.intake) for e in by_name), limit=limit
    )
    return [
        (name, one.total, percent(intake.share(one.total, everything))) for (_, name), one in ranked
    ]


@dataclass(frozen=True)
class WeekReport:
    monday: datetime.date
    days: list[datetime.date]
    rows: list[DayRow]
    entries: list[Logged]

    @property
    def label(self) -> str:
        return periods.week_label(self.monday)

    @cached_property
    def intake(self) -> amounts.Intake:
        return amounts.total(row.intake for row in self.rows if row.intake is not None)

    @cached_property
    def average(self) -> Decimal | None:
        return intake.mean_of_logged([row.total for row in self.rows])

    @cached_property
    def average_k1(self) -> Decimal | None:
        return intake.mean_of_logged([row.k1 for row in self.rows])

    @property
    def days_logged(self) -> int:
        return sum(row.logged for row in self.rows)

    @cached_property
    def top_foods(self) -> list[tuple[str, Decimal | None, int | None]]:
        return top_foods(self.entries)


def week_report(*, user: User, monday: datetime.date, reference_ug: Decimal) -> WeekReport:
    days = periods.week_days(monday)
    entries = entry_list_period(user=user, first=days[0], last=days[-1])
    rows = day_rows(days, entries, reference_ug)
    return WeekReport(monday=monday, days=days, rows=rows, entries=entries)


@dataclass(frozen=True)
class TrendReport:
    first: datetime.date
    last: datetime.date
    rows: list[DayRow]
    rolling: list[Decimal | None]  # the 7-day mean ending on each row's day

    @property
    def totals(self) -> list[Decimal | None]:
        return [row.total for row in self.rows]

    @cached_property
    def average(self) -> Decimal | None:
        return intake.mean_of_logged(self.totals)

    @cached_property
    def average_k1(self) -> Decimal | None:
        return intake.mean_of_logged([row.k1 for row in self.rows])

    @property
    def days_logged(self) -> int:
        return sum(row.logged for row in self.rows)

    @property
    def table_rows(self) -> list[tuple[DayRow, str | None]]:
        """Newest first, each day with its rolling mean as table text."""
        return [
            (row, _cell(mean))
            for row, mean in zip(reversed(self.rows), reversed(self.rolling), strict=True)
        ]


def trend_report(
    *, user: User, today: datetime.date, count: int, reference_ug: Decimal
) -> TrendReport:
    first, last = periods.last_days(today, count)
    # Six days before the period, so its first 7-day average covers a full week too.
    lead = first - (periods.ROLLING_WINDOW - 1) * periods.ONE_DAY
    by_day = period_day_intakes(user=user, first=lead, last=last)
    all_rows = [
        DayRow(day, by_day.get(day), reference_ug) for day in periods.days_between(lead, last)
    ]
    rolling = intake.rolling_mean([row.total for row in all_rows], periods.ROLLING_WINDOW)
    skip = periods.ROLLING_WINDOW - 1
    return TrendReport(first=first, last=last, rows=all_rows[skip:], rolling=rolling[skip:])
