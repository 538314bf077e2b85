"""Chart data for the week and trend pages, as plain dicts for json_script. Numbers go through
foods.formatting.ug_chart, the rounding every page uses; None draws a gap, never 0."""

from decimal import Decimal
from typing import Any

from foods.formatting import ug_chart

from .selectors import TrendReport, WeekReport


def week_chart(report: WeekReport, *, target_ug: Decimal, target_label: str) -> dict[str, Any]:
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
        "mk7": [ug_chart(row.mk7) for row in rows],
        "mk4": [ug_chart(row.mk4) for row in rows],
        "k2Other": [ug_chart(row.k2_other) for row in rows],
        "total": [ug_chart(row.total) for row in rows],
        # No band: the person's reference is one value (their AI or personal target).
        "band": None,
        "target": ug_chart(target_ug),
        "targetLabel": target_label,
        "average": ug_chart(report.average),
    }


def trend_chart(report: TrendReport, *, target_ug: Decimal, target_label: str) -> dict[str, Any]:
    return {
        "kind": "trend",
        "labels": [row.day.isoformat() for row in report.rows],
        "logged": [row.logged for row in report.rows],
        "total": [ug_chart(total) for total in report.totals],
        "rolling": [ug_chart(mean) for mean in report.rolling],
        "band": None,
        "target": ug_chart(target_ug),
        "targetLabel": target_label,
    }
