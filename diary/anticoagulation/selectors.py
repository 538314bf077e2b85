"""Reads of the steady-intake mode (issue 14): the person's anticoagulation profile, their INR and
dose log, the steadiness panel, the timeline and the clinic report. Every query starts from the
user. The arithmetic is in steadiness.py (pure); what may be quoted is in evidence.py."""

import datetime
import hashlib
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.contrib.auth.models import User
from django.core import signing
from django.db.models import Count, Max, Min, Q

from diary import periods
from diary.models import (
    AnticoagulationProfile,
    DoseChange,
    Entry,
    InrResult,
    Profile,
    ScheduleEvent,
    ShareLink,
)
from diary.reference import Reference
from diary.reports.selectors import DayRow, Logged, period_entries
from foods import amounts, formatting, vitamers
from foods.models import Food, VitaminKValue

from . import evidence, steadiness
from .evidence import Evidence

# The usual intake rests on up to 28 logged days before the day; the 7-day average reaches 7
# back. Fetching 28 + 7 calendar days keeps the panel to one query (the brief's window).
PANEL_LOOKBACK_DAYS = steadiness.USUAL_WINDOW_DAYS + steadiness.WEEK_DAYS
DEFAULT_REPORT_WEEKS = 8
FURTHEST_DAYS = 5
SHARE_SALT = "diary.anticoagulation.share"


def anticoagulation_get(*, user: User) -> AnticoagulationProfile | None:
    """The person's anticoagulation profile; None while the mode is off."""
    # With the person's own profile (their adequate intake), in the same query.
    return AnticoagulationProfile.objects.filter(user=user).select_related("user__profile").first()


def inr_list(*, user: User) -> list[InrResult]:
    """All INR results, newest first."""
    return list(InrResult.objects.for_user(user).order_by("-day", "-created_at", "-pk"))


def last_measured_at(inrs: list[InrResult]) -> str:
    """Where the newest result that says so was measured: the new result's likely place."""
    return next((inr.measured_at for inr in inrs if inr.measured_at), "")


def dose_list(*, user: User) -> list[DoseChange]:
    return list(DoseChange.objects.for_user(user).order_by("-day", "-created_at", "-pk"))


# --- Text for a difference -----------------------------------------------------------------------


def signed_ug(value: Decimal) -> str:
    """'+120.5 µg', '−30 µg', '0 µg' with the project's rounding (foods.formatting)."""
    text = formatting.ug_number(abs(value))
    if text in ("0", formatting.TRACE):
        return f"{text} µg"
    return f"{'+' if value > 0 else '−'}{text} µg"


def signed_percent(value: Decimal | None) -> str:
    """'+80%', '−12%'; '' where the usual mean is 0 (no percentage of nothing)."""
    if value is None:
        return ""
    text = formatting.percent_text(abs(value) / 100)
    return text if text == "0%" else f"{'+' if value > 0 else '−'}{text}"


def difference_text(difference: steadiness.Difference | None) -> str:
    """'+974.5 µg (+1265%)'; the µg alone where the usual mean is 0; '' with no usual yet."""
    if difference is None:
        return ""
    percent = signed_percent(difference.percent)
    ug = signed_ug(difference.ug)
    return f"{ug} ({percent})" if percent else ug


@dataclass(frozen=True)
class Figure:
    """One line of the panel: a label, its µg, and how far it is from usual."""

    label: str
    ug: Decimal | None
    days: int | None  # logged days it rests on (averages), None for a single day
    length: int | None
    difference: steadiness.Difference | None

    @property
    def difference_text(self) -> str:
        return difference_text(self.difference)


@dataclass(frozen=True)
class FoodLine:
    name: str
    day_ug: Decimal
    usual_ug: Decimal
    ug: Decimal

    @property
    def text(self) -> str:
        return signed_ug(self.ug)


# --- Shared arithmetic over fetched rows ---------------------------------------------------------


def _days_and_foods(
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


def _foods_behind(
    comparison: steadiness.DayComparison, foods: Mapping[datetime.date, Mapping[str, Decimal]]
) -> list[FoodLine]:
    if comparison.usual is None:
        return []
    usual_foods = steadiness.usual_by_food(foods, comparison.usual.days)
    rows = steadiness.foods_behind_difference(foods.get(comparison.day, {}), usual_foods)
    return [FoodLine(str(r.food), r.day_ug, r.usual_ug, r.ug) for r in rows]


def _figures(comparison: steadiness.DayComparison) -> list[Figure]:
    four, seven = comparison.last_4, comparison.last_7
    return [
        Figure(
            f"{comparison.day:%a %-d %b}", comparison.day_ug, None, None, comparison.day_vs_usual
        ),
        Figure(
            "Last 4 days (average)",
            four.mean if four else None,
            four.days if four else None,
            steadiness.KHAN_WINDOW_DAYS,
            comparison.last_4_vs_usual,
        ),
        Figure(
            "Last 7 days (average)",
            seven.mean if seven else None,
            seven.days if seven else None,
            steadiness.WEEK_DAYS,
            comparison.last_7_vs_usual,
        ),
    ]


# --- 4. The steadiness panel ---------------------------------------------------------------------


def steadiness_panel(user: User, profile: Profile, day: datetime.date) -> dict[str, Any]:
    """Context of templates/diary/anticoagulation/_steadiness.html for `day`, in three queries
    (the mode, the entries, the foods they use); none while the profile's flag is off.

    {"steadiness": None} while the mode is off, so a page may always call it and include the
    partial. The usual intake rests on the logged days before `day`
    (steadiness.compare_with_usual); no threshold marks a difference as large (evidence.py),
    so the evidence is always beside it. `profile` is the diary profile: the day is local.
    """
    # takes_vka is kept in step with the mode (services): no query while the mode is off.
    if not profile.takes_vka or not AnticoagulationProfile.objects.filter(user=user).exists():
        return {"steadiness": None}
    first = day - datetime.timedelta(days=PANEL_LOOKBACK_DAYS)
    entries = period_entries(user, first, day)
    days, foods = _days_and_foods(entries, first, day)
    comparison = steadiness.compare_with_usual(days, day)
    usual = comparison.usual
    logged_before = sum(1 for d, intake in days.items() if intake is not None and d < day)
    return {
        "steadiness": {
            "day": day,
            "usual": usual.total if usual else None,
            "usual_first_day": usual.first_day if usual else None,
            "logged_days": logged_before,
            "min_days": steadiness.USUAL_MIN_DAYS,
            "figures": _figures(comparison),
            "foods": _foods_behind(comparison, foods),
            "evidence": evidence.for_a_difference(),
            "guidance": evidence.GUIDANCE,
            "no_threshold": evidence.NO_THRESHOLD,
        }
    }


# --- 5 and 6. The timeline and the clinic report -------------------------------------------------


@dataclass(frozen=True)
class ReportDay(DayRow):
    """A day of the report: the week page's row (K1, MK-4, MK-7, total) and its 4- and 7-day
    averages (Khan 2004's window and the week)."""

    last_4: Decimal | None = None
    last_7: Decimal | None = None


@dataclass(frozen=True)
class FarDay:
    day: datetime.date
    total: Decimal
    difference: steadiness.Difference
    foods: list[FoodLine]

    @property
    def difference_text(self) -> str:
        return difference_text(self.difference)


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


def _period_rows(
    user: User, first: datetime.date, last: datetime.date
) -> tuple[
    dict[datetime.date, amounts.Intake | None],
    dict[datetime.date, dict[str, Decimal]],
]:
    # The usual intake of the first day rests on the days before it: fetch those too.
    lead = first - datetime.timedelta(days=PANEL_LOOKBACK_DAYS)
    return _days_and_foods(period_entries(user, lead, last), lead, last)


def _placed_against(user: User, vka: AnticoagulationProfile | None) -> Reference:
    """What a day row is placed against (the person's own value in the steady mode); the report
    shows the day's figures, not that comparison."""
    if vka is not None:
        return vka.user.profile.placed_against
    return Profile.objects.get(user=user).placed_against


def _report_days(
    days: Mapping[datetime.date, amounts.Intake | None],
    first: datetime.date,
    last: datetime.date,
    against: Reference,
) -> list[ReportDay]:
    rows = []
    for day in periods.days_between(first, last):
        four = steadiness.window_average(days, day, steadiness.KHAN_WINDOW_DAYS)
        seven = steadiness.window_average(days, day, steadiness.WEEK_DAYS)
        rows.append(
            ReportDay(
                day=day,
                intake=days[day],
                against=against,
                last_4=four.mean if four else None,
                last_7=seven.mean if seven else None,
            )
        )
    return rows


def _furthest(
    days: Mapping[datetime.date, amounts.Intake | None],
    foods: Mapping[datetime.date, Mapping[str, Decimal]],
    first: datetime.date,
    last: datetime.date,
) -> list[FarDay]:
    """The logged days of the period furthest (either way) from the usual intake before them."""
    far = []
    for day in periods.days_between(first, last):
        if days.get(day) is None:
            continue
        comparison = steadiness.compare_with_usual(days, day)
        if comparison.day_vs_usual is None or comparison.day_ug is None:
            continue
        far.append(
            FarDay(
                day, comparison.day_ug, comparison.day_vs_usual, _foods_behind(comparison, foods)
            )
        )
    far.sort(key=lambda f: abs(f.difference.ug), reverse=True)
    return far[:FURTHEST_DAYS]


def _supplements(user: User, first: datetime.date, last: datetime.date) -> list[SupplementLine]:
    """Supplements logged in the period: first and last day, and whether they were logged
    before or after it (so "started" and "stopped" mean within the period). One query."""
    rows = (
        Entry.objects.for_user(user)
        .exclude(food__dose_unit="")
        .values("food__name")
        .annotate(
            first=Min("day"),
            last=Max("day"),
            days=Count("day", distinct=True, filter=Q(day__gte=first, day__lte=last)),
        )
        .order_by("first", "food__name")
    )
    lines = []
    for row in rows:
        if row["last"] < first or row["first"] > last:
            continue
        lines.append(
            SupplementLine(
                row["food__name"],
                max(row["first"], first),
                min(row["last"], last),
                row["days"],
                before=row["first"] < first,
                after=row["last"] > last,
            )
        )
    return lines


def _schedule_events(
    user: User, first: datetime.date, last: datetime.date
) -> tuple[list[ScheduleEvent], tuple[Evidence, ...]]:
    """Starts, changes and stops of scheduled supplements in the period, with the evidence
    for the forms they hold: two queries."""
    events = list(
        ScheduleEvent.objects.filter(
            schedule__user=user, day__gte=first, day__lte=last
        ).select_related("schedule")
    )
    forms = (
        set(
            VitaminKValue.objects.filter(
                food__dose_schedules__in={event.schedule for event in events},
                form__in=SUPPLEMENT_FORMS,
            ).values_list("form", flat=True)
        )
        if events
        else set()
    )
    found: list[Evidence] = []
    for form in SUPPLEMENT_FORMS:
        if form in forms:
            found += [e for e in evidence.for_a_supplement(form) if e not in found]
    return events, tuple(found)


def clinic_report(*, user: User, first: datetime.date, last: datetime.date) -> ClinicReport:
    """Everything the report for the clinic shows (issue 14, point 7), in a fixed number of
    queries: entries, supplements, INRs, doses and the profile."""
    days, foods = _period_rows(user, first, last)
    profile = anticoagulation_get(user=user)
    events, events_evidence = _schedule_events(user, first, last)
    inr_rows = list(InrResult.objects.for_user(user).between(first, last))
    # Interpolating across the period's edges needs the tests on either side of it.
    neighbours = [
        InrResult.objects.for_user(user).filter(day__lt=first).order_by("-day").first(),
        InrResult.objects.for_user(user).filter(day__gt=last).order_by("day").first(),
    ]
    tests = [(r.day, r.value) for r in [*inr_rows, *(n for n in neighbours if n)]]
    ttr = (
        steadiness.time_in_range(
            tests, low=profile.inr_low, high=profile.inr_high, start=first, end=last
        )
        if profile
        else None
    )
    inrs = [
        InrLine(
            r,
            steadiness.window_average(
                days, r.day - datetime.timedelta(days=1), steadiness.KHAN_WINDOW_DAYS
            ),
        )
        for r in inr_rows
    ]
    return ClinicReport(
        first=first,
        last=last,
        anticoagulation=profile,
        days=_report_days(days, first, last, _placed_against(user, profile)),
        usual=steadiness.usual_intake(days, last),
        inrs=inrs,
        doses=list(DoseChange.objects.for_user(user).between(first, last)),
        ttr=ttr,
        furthest=_furthest(days, foods, first, last),
        supplements=_supplements(user, first, last),
        schedule_events=events,
        schedule_evidence=events_evidence,
    )


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return periods.last_days(today, DEFAULT_REPORT_WEEKS * 7)


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
        supplements.setdefault(event.day, []).append(f"{event.kind} {event.text.split(':')[0]}")
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


# --- 6. Share links ------------------------------------------------------------------------------


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def shared_report_link(*, token: str) -> ShareLink | None:
    """The live share link a URL token stands for, or None: forged, revoked or expired."""
    try:
        secret = signing.Signer(salt=SHARE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return (
        ShareLink.objects.live()
        .filter(token_hash=token_hash(secret))
        .select_related("user")
        .first()
    )


def share_links(*, user: User) -> list[ShareLink]:
    return list(ShareLink.objects.for_user(user))


# --- 7. The supplement confirmation --------------------------------------------------------------

SUPPLEMENT_FORMS = (vitamers.K1, vitamers.MK4, vitamers.MK7)


def supplement_warning(user: User, food: Food) -> tuple[Evidence, ...] | None:
    """What the evidence says about this supplement for a person in the steady-intake mode
    (issue 14, point 3), or None: the mode is off, or the food is no vitamin K supplement.
    Two small queries at most."""
    if not food.is_supplement:
        return None
    if not AnticoagulationProfile.objects.filter(user=user).exists():
        return None
    forms = set(food.values.filter(form__in=SUPPLEMENT_FORMS).values_list("form", flat=True))
    found: list[Evidence] = []
    for form in SUPPLEMENT_FORMS:
        if form in forms:
            found += [e for e in evidence.for_a_supplement(form) if e not in found]
    return tuple(found) or None
