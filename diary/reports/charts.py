"""Chart data for the week and trend pages, as plain dicts for json_script. Numbers go through
foods.formatting.ug_chart, the rounding every page uses; None draws a gap, never 0."""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from diary import intake, periods
from diary.bone import BoneDay, BoneGroup
from diary.reference import Reference
from foods.formatting import ug_chart
from foods.nutrients import d_unit_label, iu_from_ug

from .selectors import TrendReport, WeekReport

VITAMIN_K = "k"
VITAMIN_D = "vitamin-d"
CALCIUM = "calcium"
# What the trend can draw, in the order its choice lists them; vitamin K is the default.
TREND_NUTRIENTS = {VITAMIN_K: "Vitamin K", VITAMIN_D: "Vitamin D", CALCIUM: "Calcium"}


def trend_nutrient(value: str | None, *, bone_shown: bool) -> str:
    """The nutrient a trend draws from its query string; anything unexpected (or vitamin D and
    calcium for a person who does not show them) gives vitamin K."""
    if value in (VITAMIN_D, CALCIUM) and bone_shown:
        return value
    return VITAMIN_K


def _reference(against: Reference, target_label: str) -> dict[str, Any]:
    """The band behind the data (the adult range; none on a child's page or in the steady mode)
    and the line at the person's own value (none in the steady mode: their usual replaces it)."""
    return {
        "band": [ug_chart(against.low), ug_chart(against.high)] if against.adult else None,
        "bandLabel": "adult reference range 90–120 µg" if against.adult else None,
        "target": ug_chart(against.own_ug),
        "targetLabel": target_label,
    }


def week_chart(report: WeekReport, *, against: Reference, target_label: str) -> dict[str, Any]:
    rows = report.rows
    return {
        "kind": "week",
        "labels": [
            [f"{row.day:%a} {row.day.day} {row.day:%b}"] + ([] if row.logged else ["not logged"])
            for row in rows
        ],
        "logged": [row.logged for row in rows],
        "k1": [ug_chart(row.k1) for row in rows],
        "k2": [ug_chart(row.k2) for row in rows],
        "unseparated": [ug_chart(row.unseparated) for row in rows],
        "mk7": [ug_chart(row.mk7) for row in rows],
        "mk4": [ug_chart(row.mk4) for row in rows],
        "k2Other": [ug_chart(row.k2_other) for row in rows],
        "total": [ug_chart(row.total) for row in rows],
        **_reference(against, target_label),
        "average": ug_chart(report.average),
    }


def _in_unit(value: Decimal | None, nutrient: str, d_unit: str) -> float | None:
    """A chart number of vitamin D in the unit the person reads it in (µg or IU), or calcium."""
    if value is not None and nutrient == VITAMIN_D and d_unit == "iu":
        value = iu_from_ug(value)
    return ug_chart(value)


def _bone_totals(
    days: Sequence[datetime.date], by_day: dict[datetime.date, BoneDay], nutrient: str
) -> list[Decimal | None]:
    """Each day's vitamin D (µg) or calcium (mg); None for a day not logged or without data."""
    totals: list[Decimal | None] = []
    for day in days:
        one = by_day.get(day)
        if one is None:
            totals.append(None)
        else:
            totals.append((one.vitamin_d if nutrient == VITAMIN_D else one.calcium).total)
    return totals


def _bone_reference(group: BoneGroup, nutrient: str, d_unit: str) -> dict[str, Any]:
    """The line at the person's RDA (AI for an infant) and the unit; no band (that is vitamin K's
    adult range). The UL is named in the caption and the summary, not drawn."""
    is_d = nutrient == VITAMIN_D
    return {
        "band": None,
        "bandLabel": None,
        "target": _in_unit(group.d_rda_ug if is_d else group.calcium_rda_mg, nutrient, d_unit),
        "targetLabel": f"your {group.kind}",
        "upperLimit": _in_unit(group.d_ul_ug if is_d else group.calcium_ul_mg, nutrient, d_unit),
        "unit": d_unit_label(d_unit) if is_d else "mg",
        "name": TREND_NUTRIENTS[nutrient],
    }


def week_bone_chart(report: WeekReport, *, group: BoneGroup, d_unit: str = "ug") -> dict[str, Any]:
    """Vitamin D and calcium per day of the week, each against the person's RDA."""
    return {
        "kind": "week-bone",
        "labels": [f"{day:%a} {day.day} {day:%b}" for day in report.days],
        "logged": [day in report.bone for day in report.days],
        "series": [
            {
                "values": [
                    _in_unit(total, nutrient, d_unit)
                    for total in _bone_totals(report.days, report.bone, nutrient)
                ],
                **_bone_reference(group, nutrient, d_unit),
            }
            for nutrient in (VITAMIN_D, CALCIUM)
        ],
    }


def trend_bone_chart(
    report: TrendReport, *, group: BoneGroup, nutrient: str, d_unit: str = "ug"
) -> dict[str, Any]:
    """The trend of vitamin D or calcium: the daily totals and their 7-day average (over the
    days logged, from the six days before the period as vitamin K's), against the RDA."""
    lead = report.first - (periods.ROLLING_WINDOW - 1) * periods.ONE_DAY
    totals = _bone_totals(periods.days_between(lead, report.last), report.bone, nutrient)
    rolling = intake.rolling_mean(totals, periods.ROLLING_WINDOW)[periods.ROLLING_WINDOW - 1 :]
    return {
        "kind": "trend",
        "labels": [row.day.isoformat() for row in report.rows],
        "logged": [row.day in report.bone for row in report.rows],
        "total": [
            _in_unit(total, nutrient, d_unit) for total in totals[periods.ROLLING_WINDOW - 1 :]
        ],
        "rolling": [_in_unit(mean, nutrient, d_unit) for mean in rolling],
        **_bone_reference(group, nutrient, d_unit),
    }


def trend_chart(report: TrendReport, *, against: Reference, target_label: str) -> dict[str, Any]:
    return {
        "kind": "trend",
        "labels": [row.day.isoformat() for row in report.rows],
        "logged": [row.logged for row in report.rows],
        "total": [ug_chart(total) for total in report.totals],
        "rolling": [ug_chart(mean) for mean in report.rolling],
        **_reference(against, target_label),
    }
