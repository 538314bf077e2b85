"""Reads of the steady-intake mode: the person's anticoagulation profile, their INR and
dose log, the steadiness panel, the clinic report, share links and the supplement check. Every
query starts from the user. Elsewhere: the arithmetic (steadiness.py, pure), the rows the panel
and report are made of (report.py), how a difference reads (text.py), the timeline's chart data
(charts.py), the report as CSV and PDF (exports.py), share tokens (sharing.py) and what may be
quoted (evidence.py)."""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
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
from diary.selectors import entry_list_period
from foods import amounts, vitamers
from foods.models import Food, VitaminKValue

from . import evidence, report, sharing, steadiness
from .evidence import Evidence
from .report import ClinicReport, FarDay, InrLine, ReportDay, SupplementLine

# The usual intake rests on up to 28 logged days before the day; the 7-day average reaches 7
# back. Fetching 28 + 7 calendar days keeps the panel to one query.
PANEL_LOOKBACK_DAYS = steadiness.USUAL_WINDOW_DAYS + steadiness.WEEK_DAYS
DEFAULT_REPORT_WEEKS = 8
FURTHEST_DAYS = 5


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


# --- The steadiness panel ------------------------------------------------------------------------


def steadiness_panel(*, user: User, profile: Profile, day: datetime.date) -> dict[str, Any]:
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
    entries = entry_list_period(user=user, first=first, last=day)
    days, foods = report.days_and_foods(entries, first, day)
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
            "figures": report.figures(comparison),
            "foods": report.foods_behind(comparison, foods),
            "evidence": evidence.for_a_difference(),
            "guidance": evidence.GUIDANCE,
            "no_threshold": evidence.NO_THRESHOLD,
        }
    }


# --- The timeline and the clinic report -------------------------------------------------------


def _period_rows(
    *, user: User, first: datetime.date, last: datetime.date
) -> tuple[
    dict[datetime.date, amounts.Intake | None],
    dict[datetime.date, dict[str, Decimal]],
]:
    # The usual intake of the first day rests on the days before it: fetch those too.
    lead = first - datetime.timedelta(days=PANEL_LOOKBACK_DAYS)
    return report.days_and_foods(entry_list_period(user=user, first=lead, last=last), lead, last)


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
                day,
                comparison.day_ug,
                comparison.day_vs_usual,
                report.foods_behind(comparison, foods),
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
    *, user: User, first: datetime.date, last: datetime.date
) -> tuple[list[ScheduleEvent], tuple[Evidence, ...]]:
    """Starts, changes and stops of scheduled supplements in the period, with the evidence
    for the forms they hold: two queries (one without events)."""
    events = list(
        ScheduleEvent.objects.filter(
            schedule__user=user, day__gte=first, day__lte=last
        ).select_related("schedule")
    )
    if not events:
        return [], ()
    forms = set(
        VitaminKValue.objects.filter(
            food__dose_schedules__in={event.schedule for event in events},
            form__in=SUPPLEMENT_FORMS,
        ).values_list("form", flat=True)
    )
    found: list[Evidence] = []
    for form in SUPPLEMENT_FORMS:
        if form in forms:
            found += [e for e in evidence.for_a_supplement(form) if e not in found]
    return events, tuple(found)


def clinic_report(*, user: User, first: datetime.date, last: datetime.date) -> ClinicReport:
    """Everything the report for the clinic shows, in a fixed number of
    queries: entries, supplements, INRs, doses and the profile."""
    days, foods = _period_rows(user=user, first=first, last=last)
    profile = anticoagulation_get(user=user)
    events, events_evidence = _schedule_events(user=user, first=first, last=last)
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


# --- Share links ---------------------------------------------------------------------------------


def share_link_get(*, token: str) -> ShareLink | None:
    """The live share link a URL token stands for, or None: forged, revoked or expired."""
    secret = sharing.share_secret(token)
    if secret is None:
        return None
    return (
        ShareLink.objects.live()
        .filter(token_hash=sharing.token_hash(secret))
        .select_related("user")
        .first()
    )


def share_link_list(*, user: User) -> list[ShareLink]:
    return list(ShareLink.objects.for_user(user))


# --- The supplement confirmation -----------------------------------------------------------------

SUPPLEMENT_FORMS = (vitamers.K1, vitamers.MK4, vitamers.MK7)


def supplement_warning(*, user: User, food: Food) -> tuple[Evidence, ...] | None:
    """What the evidence says about this supplement for a person in the steady-intake mode
    (before the entry is saved), or None: the mode is off, or the food is no vitamin K supplement.
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
