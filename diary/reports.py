"""Week, trend and export pages: a period's entries fetched once, added up with diary.intake."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from foods import amounts

from . import exports, intake, periods
from .models import Entry, Profile

POSITION_LABELS = {"below": "below", "within": "in range", "above": "above"}
TENTH = Decimal("0.1")


def ug_text(value):
    """µg for a table cell, one decimal rounded half up (as |floatformat:1); None: no data."""
    return None if value is None else str(value.quantize(TENTH, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Logged:
    """One diary entry as the reports need it."""

    day: object
    food_id: int
    food_name: str
    intake: amounts.Intake


@dataclass(frozen=True)
class DayRow:
    day: object
    intake: amounts.Intake | None  # None: nothing logged that day

    @property
    def logged(self):
        return self.intake is not None

    def _get(self, name):
        return None if self.intake is None else getattr(self.intake, name)

    @cached_property
    def k1(self):
        return self._get("k1")

    @cached_property
    def k2(self):
        return self._get("k2")

    @cached_property
    def mk7(self):
        return self._get("mk7")

    @cached_property
    def mk4(self):
        return self._get("mk4")

    @cached_property
    def k2_other(self):
        """MK-5, 6, 8, 9, 10 and K2 of unreported form: the tooltip's 'other'."""
        if self.intake is None:
            return None
        known = [v for v in (self.intake.mk_other, self.intake.k2_unspecified) if v is not None]
        return sum(known, amounts.ZERO) if known else None

    @cached_property
    def total(self):
        return self._get("total")

    @property
    def position(self):
        return periods.position(self.total)

    @property
    def status(self):
        """What the table says about the day's total."""
        if not self.logged:
            return "not logged"
        if self.total is None:
            return "no data"
        return POSITION_LABELS[self.position]

    @property
    def long_label(self):
        return f"{self.day:%a} {self.day.day} {self.day:%b %Y}"

    @property
    def status_class(self):
        return "band-" + self.status.replace(" ", "-")

    @cached_property
    def cells(self):
        """Table cells K1, K2, MK-7, MK-4, other K2 as text (None: no data)."""
        return [ug_text(v) for v in (self.k1, self.k2, self.mk7, self.mk4, self.k2_other)]

    @cached_property
    def total_text(self):
        return ug_text(self.total)


def _period_entries(user, first, last):
    """[Logged] for the user's entries in the period, in one query.

    One row per (entry, food value), LEFT JOINed so foods without values still count as
    logged; each entry's Intake comes from amounts.entry_intake exactly as Entry.intake() does.
    """
    rows = (
        Entry.objects.for_user(user)
        .between(first, last)
        .values_list(
            "pk",
            "day",
            "food_id",
            "food__name",
            "food__dose_unit",
            "grams",
            "quantity",
            "food__values__form",
            "food__values__amount_ug",
        )
    )
    entries = {}
    for pk, day, food_id, name, dose_unit, grams, quantity, form, amount in rows:
        if pk not in entries:
            entries[pk] = (day, food_id, name, dose_unit, grams, quantity, {})
        if form is not None:
            entries[pk][-1][form] = amount
    logged = []
    for day, food_id, name, dose_unit, grams, quantity, values in entries.values():
        # A supplement (a dose unit, as Food.is_supplement) is counted per unit.
        one = amounts.amount_intake(
            values, is_supplement=bool(dose_unit), quantity=quantity, grams=grams
        )
        logged.append(Logged(day, food_id, name, one))
    return logged


def _day_rows(days, entries):
    by_day = periods.daily_intakes(days, ((e.day, e.intake) for e in entries))
    return [DayRow(day, by_day[day]) for day in days]


def _ug(value):
    """A chart number: µg to one decimal, None (a gap, not 0) where there is no figure."""
    return None if value is None else round(float(value), 1)


def _percent(share):
    return None if share is None else round(share * 100)


def _top_foods(entries, limit=5):
    """The period's largest sources: [(name, µg, % of everything known)], largest first."""
    everything = amounts.total(e.intake for e in entries).total
    # Fed in name order so equal totals rank alphabetically (top_contributors keeps first-seen
    # order among equals).
    by_name = sorted(entries, key=lambda e: e.food_name)
    ranked = intake.top_contributors(
        (((e.food_id, e.food_name), e.intake) for e in by_name), limit=limit
    )
    return [
        (name, one.total, _percent(intake.share(one.total, everything)))
        for (_, name), one in ranked
    ]


def _wants_csv(request):
    return request.GET.get("format") == "csv"


def _today(profile):
    return periods.local_today(timezone.now(), profile.zone)


@login_required
@require_GET
def week(request, isoweek=None):
    profile = Profile.objects.for_user(request.user)
    this_monday = periods.monday_of(_today(profile))
    if isoweek is None:
        monday = this_monday
    else:
        try:
            monday = periods.parse_iso_week(isoweek)
        except ValueError:
            raise Http404("There is no such ISO week.") from None
    days = periods.week_days(monday)
    entries = _period_entries(request.user, days[0], days[-1])
    rows = _day_rows(days, entries)
    label = periods.week_label(monday)

    if _wants_csv(request):
        return exports.csv_response(
            f"k2-week-{label}.csv",
            ["date", "logged", "k1_ug", "mk4_ug", "mk7_ug", "k2_other_ug", "k2_ug", "total_ug"]
            + ["reference_band"],
            (
                [
                    row.day.isoformat(),
                    "yes" if row.logged else "no",
                    row.k1,
                    row.mk4,
                    row.mk7,
                    row.k2_other,
                    row.k2,
                    row.total,
                    row.status,
                ]
                for row in rows
            ),
        )

    week_intake = amounts.total(r.intake for r in rows if r.logged)
    average = intake.mean_of_logged([row.total for row in rows])
    previous_monday = monday - periods.ONE_WEEK
    next_monday = monday + periods.ONE_WEEK
    chart = {
        "kind": "week",
        "labels": [
            [f"{row.day:%a} {row.day.day} {row.day:%b}"] + ([] if row.logged else ["not logged"])
            for row in rows
        ],
        "logged": [row.logged for row in rows],
        "k1": [_ug(row.k1) for row in rows],
        "k2": [_ug(row.k2) for row in rows],
        "mk7": [_ug(row.mk7) for row in rows],
        "mk4": [_ug(row.mk4) for row in rows],
        "k2Other": [_ug(row.k2_other) for row in rows],
        "total": [_ug(row.total) for row in rows],
        "band": [_ug(intake.REFERENCE_LOW), _ug(intake.REFERENCE_HIGH)],
        "target": _ug(profile.target_ug),
        "average": _ug(average),
    }
    context = {
        "label": label,
        "monday": monday,
        "sunday": days[-1],
        "is_current": monday == this_monday,
        "rows": rows,
        "days_logged": sum(row.logged for row in rows),
        "average": average,
        "average_status": POSITION_LABELS.get(periods.position(average)),
        "k2_coverage": _percent(week_intake.k2_coverage),
        "top_foods": _top_foods(entries),
        "target": profile.target_ug,
        "band": (intake.REFERENCE_LOW, intake.REFERENCE_HIGH),
        "previous_url": reverse("reports:week-of", args=[periods.week_label(previous_monday)]),
        "next_url": (
            reverse("reports:week-of", args=[periods.week_label(next_monday)])
            if next_monday <= this_monday
            else None
        ),
        "this_week_url": reverse("reports:week"),
        "csv_url": reverse("reports:week-of", args=[label]) + "?format=csv",
        "chart": chart,
    }
    return render(request, "diary/week.html", context)


@login_required
@require_GET
def trend(request):
    profile = Profile.objects.for_user(request.user)
    count = periods.parse_trend_days(request.GET.get("days"))
    first, last = periods.last_days(_today(profile), count)
    # Six days before the period, so its first 7-day average covers a full week too.
    lead = first - (periods.ROLLING_WINDOW - 1) * periods.ONE_DAY
    all_days = periods.days_between(lead, last)
    all_rows = _day_rows(all_days, _period_entries(request.user, lead, last))
    rolling_all = intake.rolling_mean([row.total for row in all_rows], periods.ROLLING_WINDOW)
    skip = periods.ROLLING_WINDOW - 1
    rows, rolling = all_rows[skip:], rolling_all[skip:]

    if _wants_csv(request):
        return exports.csv_response(
            f"k2-trend-{first.isoformat()}-to-{last.isoformat()}.csv",
            ["date", "logged", "k1_ug", "k2_ug", "total_ug", "rolling_7_day_mean_ug"]
            + ["reference_band"],
            (
                [
                    row.day.isoformat(),
                    "yes" if row.logged else "no",
                    row.k1,
                    row.k2,
                    row.total,
                    mean,
                    row.status,
                ]
                for row, mean in zip(rows, rolling, strict=True)
            ),
        )

    totals = [row.total for row in rows]
    average = intake.mean_of_logged(totals)
    chart = {
        "kind": "trend",
        "labels": [row.day.isoformat() for row in rows],
        "logged": [row.logged for row in rows],
        "total": [_ug(t) for t in totals],
        "rolling": [_ug(mean) for mean in rolling],
        "band": [_ug(intake.REFERENCE_LOW), _ug(intake.REFERENCE_HIGH)],
        "target": _ug(profile.target_ug),
    }
    context = {
        "count": count,
        "choices": periods.TREND_CHOICES,
        "first": first,
        "last": last,
        "table": [
            (row, ug_text(mean))
            for row, mean in zip(reversed(rows), reversed(rolling), strict=True)
        ],
        "average": average,
        "average_status": POSITION_LABELS.get(periods.position(average)),
        "days_logged": sum(row.logged for row in rows),
        "positions": periods.count_positions(totals),
        "target": profile.target_ug,
        "band": (intake.REFERENCE_LOW, intake.REFERENCE_HIGH),
        "csv_url": f"{reverse('reports:trend')}?days={count}&format=csv",
        "chart": chart,
    }
    return render(request, "diary/trend.html", context)


@login_required
@require_GET
def export(request):
    profile = Profile.objects.for_user(request.user)
    if "from" in request.GET or "to" in request.GET:
        form = exports.ExportForm(request.GET)
        if form.is_valid():
            first, last = form.cleaned_data["from"], form.cleaned_data["to"]
            entries = Entry.objects.for_user(request.user).between(first, last).with_food_values()
            return exports.csv_response(
                f"k2-diary-{first.isoformat()}-to-{last.isoformat()}.csv",
                exports.ENTRY_HEADER,
                (exports.entry_row(entry) for entry in entries),
            )
    else:
        first, last = exports.default_range(_today(profile))
        form = exports.ExportForm(initial={"from": first, "to": last})
    return render(request, "diary/export.html", {"form": form})
