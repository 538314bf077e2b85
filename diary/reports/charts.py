"""Chart data for the week and trend pages, as plain dicts for json_script. Numbers go through
foods.formatting.ug_chart, the rounding every page uses; None draws a gap, never 0."""

from typing import Any

from diary.reference import Reference
from foods.formatting import ug_chart

from .selectors import TrendReport, WeekReport


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


def trend_chart(report: TrendReport, *, against: Reference, target_label: str) -> dict[str, Any]:
    return {
        "kind": "trend",
        "labels": [row.day.isoformat() for row in report.rows],
        "logged": [row.logged for row in report.rows],
        "total": [ug_chart(total) for total in report.totals],
        "rolling": [ug_chart(mean) for mean in report.rolling],
        **_reference(against, target_label),
    }
