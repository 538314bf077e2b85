"""Reads behind the week, trend and export pages: a period's entries in one query, added up
by day with the pure arithmetic in diary.intake and diary.periods."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.contrib.auth.models import User

from diary import bone, intake, periods
from diary.bone import BoneDay
from diary.models import Profile
from diary.reference import Reference
from diary.rows import DayRow, cell_text
from diary.selectors import Logged, bone_days_period, entry_list_period, period_day_intakes
from foods import amounts, formatting, nutrients


def day_rows(
    days: Sequence[datetime.date], entries: Iterable["Logged"], against: Reference
) -> list["DayRow"]:
    by_day = periods.daily_intakes(days, ((e.day, e.intake) for e in entries))
    return [DayRow(day, by_day[day], against) for day in days]


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
    bone: dict[datetime.date, BoneDay] = field(default_factory=dict)

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
    def supplements_average(self) -> Decimal | None:
        """µg a day of the average that came from supplements, over the same days as the
        average (those with vitamin K data); None when no supplement was logged."""
        return intake.per_day(
            [one.intake.total for one in self.entries if one.is_supplement],
            sum(row.total is not None for row in self.rows),
        )

    @cached_property
    def top_foods(self) -> list[tuple[str, Decimal | None, int | None]]:
        return top_foods(self.entries)


def week_report(
    *,
    user: User,
    monday: datetime.date,
    against: Reference,
    bone_group: bone.BoneGroup | None = None,
) -> WeekReport:
    """The week's vitamin K by day; with `bone_group`, its calcium and vitamin D too."""
    days = periods.week_days(monday)
    entries = entry_list_period(user=user, first=days[0], last=days[-1])
    rows = day_rows(days, entries, against)
    bones = (
        {}
        if bone_group is None
        else bone_days_period(user=user, first=days[0], last=days[-1], group=bone_group)
    )
    return WeekReport(monday=monday, days=days, rows=rows, entries=entries, bone=bones)


@dataclass(frozen=True)
class TrendReport:
    first: datetime.date
    last: datetime.date
    rows: list[DayRow]
    rolling: list[Decimal | None]  # the 7-day mean ending on each row's day
    bone: dict[datetime.date, BoneDay] = field(default_factory=dict)

    @property
    def days(self) -> list[datetime.date]:
        return [row.day for row in self.rows]

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
            (row, cell_text(mean))
            for row, mean in zip(reversed(self.rows), reversed(self.rolling), strict=True)
        ]


def trend_report(
    *,
    user: User,
    today: datetime.date,
    count: int,
    against: Reference,
    bone_group: bone.BoneGroup | None = None,
) -> TrendReport:
    first, last = periods.last_days(today, count)
    # Six days before the period, so its first 7-day average covers a full week too.
    lead = first - (periods.ROLLING_WINDOW - 1) * periods.ONE_DAY
    by_day = period_day_intakes(user=user, first=lead, last=last)
    all_rows = [DayRow(day, by_day.get(day), against) for day in periods.days_between(lead, last)]
    rolling = intake.rolling_mean([row.total for row in all_rows], periods.ROLLING_WINDOW)
    skip = periods.ROLLING_WINDOW - 1
    # From the same lead as vitamin K, so a vitamin D or calcium 7-day average starts full too.
    bones = (
        {}
        if bone_group is None
        else bone_days_period(user=user, first=lead, last=last, group=bone_group)
    )
    return TrendReport(
        first=first, last=last, rows=all_rows[skip:], rolling=rolling[skip:], bone=bones
    )


@dataclass(frozen=True)
class BoneRow:
    """One day's calcium and vitamin D as a table shows them (numbers by the one rounding rule;
    None: no data, or nothing logged)."""

    day: datetime.date
    logged: bool
    vitamin_d: str | None
    calcium: str | None
    above_ul: tuple[str, ...]  # "vitamin D", "calcium"


@dataclass(frozen=True)
class BoneTable:
    group: bone.BoneGroup
    d_unit: str  # "ug" or "iu"
    rows: list[BoneRow]
    average_d: str | None  # over the days logged
    average_calcium: str | None

    @property
    def d_unit_label(self) -> str:
        return nutrients.d_unit_label(self.d_unit)


def bone_table(
    days: Sequence[datetime.date],
    by_day: dict[datetime.date, BoneDay],
    profile: Profile,
    *,
    with_rows: bool = True,
) -> BoneTable:
    """The period's calcium and vitamin D by day, in the person's vitamin D unit, with the
    averages over the days logged (a day not logged is not a day of 0). Without rows: the
    averages alone (the trend shows no day-by-day table of them)."""
    unit = profile.vitamin_d_unit
    rows = []
    for day in days if with_rows else ():
        one = by_day.get(day)
        if one is None:
            rows.append(BoneRow(day, False, None, None, ()))
            continue
        above = tuple(
            name
            for name, standing in (("vitamin D", one.d_standing), ("calcium", one.calcium_standing))
            if standing == bone.ABOVE_UL
        )
        d, ca = one.vitamin_d.total, one.calcium.total
        rows.append(
            BoneRow(
                day,
                True,
                None if d is None else formatting.vitamin_d_number(d, unit),
                None if ca is None else formatting.ug_number(ca),
                above,
            )
        )
    logged = [by_day[day] for day in days if day in by_day]
    mean_d = intake.mean_of_logged([one.vitamin_d.total for one in logged])
    mean_ca = intake.mean_of_logged([one.calcium.total for one in logged])
    return BoneTable(
        group=profile.bone_group,
        d_unit=unit,
        rows=rows,
        average_d=None if mean_d is None else formatting.vitamin_d_text(mean_d, unit),
        average_calcium=None if mean_ca is None else formatting.mg_text(mean_ca),
    )
