"""The steady-intake timeline's data for Chart.js (static/js/anticoagulation.js)."""

import datetime
import statistics
from decimal import Decimal
from typing import Any

from foods import formatting

from .report import ClinicReport


def timeline_chart(report: ClinicReport) -> dict[str, Any]:
    """Data of the timeline chart (static/js/anticoagulation.js), numbers rounded as pages are."""

    def number(value: Decimal | None) -> float | None:
        return None if value is None else float(formatting.round_ug(value))

    inr_by_day: dict[datetime.date, list[Decimal]] = {}
    for line in report.inrs:
        inr_by_day.setdefault(line.inr.day, []).append(line.inr.value)
    doses = {d.day: str(d) for d in report.doses}
    supplements: dict[datetime.date, list[str]] = {}
    for event in report.schedule_events:
        supplements.setdefault(event.day, []).append(f"{event.kind} {event.text.rsplit(':', 1)[0]}")
    usual = report.usual.total if report.usual else None
    profile = report.anticoagulation
    return {
        "labels": [d.day.strftime("%-d %b") for d in report.days],
        "total": [number(d.total) for d in report.days],
        "last4": [number(d.last_4) for d in report.days],
        "inr": [
            # Same-day tests averaged, as time_in_range averages them.
            float(statistics.mean(inr_by_day[d.day])) if d.day in inr_by_day else None
            for d in report.days
        ],
        "doses": [doses.get(d.day) for d in report.days],
        "supplements": [
            "; ".join(supplements[d.day]) if d.day in supplements else None for d in report.days
        ],
        "usual": None
        if usual is None
        else {
            "mean": number(usual.mean),
            "low": number(max(usual.mean - usual.sd, Decimal(0))),
            "high": number(usual.mean + usual.sd),
        },
        "range": None if profile is None else [float(profile.inr_low), float(profile.inr_high)],
    }
