"""CSV files of the diary: the export form, safe cells, the entries, week and trend files.

µg go through foods.formatting.ug_cell, the rounding every page uses."""

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.http import HttpResponse, StreamingHttpResponse

from diary import bone, periods
from diary.models import Entry, Meal, snapshot_values
from diary.profile.selectors import TargetExplanation
from diary.rows import DayRow
from diary.selectors import food_nutrients, food_values
from foods import units, vitamers
from foods.amounts import amount_intake
from foods.formatting import ug_cell
from foods.models import Portion
from k2lib.csv_files import csv_response, streaming_csv_response

from .selectors import TrendReport, WeekReport

# The longest range one export may cover: about five years of days.
MAX_EXPORT_DAYS = 5 * 366
DEFAULT_EXPORT_DAYS = 30

# Column name in the file for each form (the model's short codes are not self-explanatory).
FORM_COLUMNS = (
    (vitamers.K1, "k1"),
    (vitamers.DIHYDRO_K1, "dihydro_k1"),
    (vitamers.MK4, "mk4"),
    (vitamers.MK5, "mk5"),
    (vitamers.MK6, "mk6"),
    (vitamers.MK7, "mk7"),
    (vitamers.MK8, "mk8"),
    (vitamers.MK9, "mk9"),
    (vitamers.MK10, "mk10"),
    (vitamers.K2_UNSPECIFIED, "k2_unspecified"),
    (vitamers.K_UNSEPARATED, "k_not_separated"),
)
ENTRY_HEADER = (
    ["date", "meal", "food", "amount", "unit", "grams"]
    + [f"{name}_ug" for _, name in FORM_COLUMNS]
    + ["k2_total_ug", "total_ug", "vitamin_d_ug", "calcium_mg"]
)

_MEALS = dict(Meal.choices)


def entry_rows(user: User, first: datetime.date, last: datetime.date) -> Iterator[list]:
    """The user's entries in the period as rows of ENTRY_HEADER, oldest first, each counted with
    the values it was logged with (as the day, week and trend count it), or the food's current
    values for an entry older than those stored values.

    Two queries: the entries as plain tuples (at most MAX_EXPORT_DAYS of them a day's worth),
    the foods they use once per food. Each (food, amount, unit, values) is worked out once,
    however often it recurs.
    """
    entries = list(
        Entry.objects.for_user(user)
        .between(first, last)
        .values_list(
            "day",
            "meal",
            "food_id",
            "quantity",
            "grams",
            "portion__amount",
            "portion__description",
            "unit",
            "logged_values",
            "logged_nutrients",
        )
    )
    foods = food_values({row[2] for row in entries})
    # Calcium and vitamin D: the foods' current ones only for entries older than those kept.
    nutrients_now = food_nutrients({row[2] for row in entries if row[9] is None})
    tails: dict[tuple, list] = {}  # the row after the food's name: amount, unit, grams, µg
    for row in entries:
        day, meal, food_id, quantity, grams, amount, description, typed, snapshot, kept = row
        name, dose_unit, current = foods[food_id]
        key = (
            food_id,
            quantity,
            grams,
            amount,
            description,
            typed,
            None if snapshot is None else tuple(sorted(snapshot.items())),
            None if kept is None else tuple(sorted(kept.items())),
        )
        tail = tails.get(key)
        if tail is None:
            if dose_unit:
                unit = dose_unit
            elif typed:  # the unit it was typed in: "8", "oz"
                unit = units.UNIT_LABELS[typed]
            elif description is not None:
                unit = Portion(amount=amount, description=description).label
                unit = description if amount == 1 else unit
            else:
                unit = "g"
            values = current if snapshot is None else snapshot_values(snapshot)
            one = amount_intake(
                values, is_supplement=bool(dose_unit), quantity=quantity, grams=grams
            )
            tail = [
                quantity,
                unit,
                grams,
                *(ug_cell(one.amount(form)) for form, _ in FORM_COLUMNS),
                ug_cell(one.k2),
                ug_cell(one.total),
                *_entry_bone_cells(
                    nutrients_now.get(food_id, {}) if kept is None else snapshot_values(kept),
                    name=name,
                    is_supplement=bool(dose_unit),
                    quantity=quantity,
                    grams=grams,
                ),
            ]
            tails[key] = tail
        yield [day.isoformat(), _MEALS.get(meal, meal), name, *tail]


def _entry_bone_cells(
    values: dict[str, Decimal],
    *,
    name: str,
    is_supplement: bool,
    quantity: Decimal,
    grams: Decimal | None,
) -> list[str]:
    """One entry's vitamin D (µg) and calcium (mg), by the one rounding rule; empty: no data."""
    logged = [bone.Logged(name, values, is_supplement, quantity, grams)]
    return [ug_cell(bone.vitamin_d(logged).total), ug_cell(bone.calcium(logged).total)]


def _year_in_range(value: datetime.date) -> None:
    latest = datetime.date.today().year + 1
    if value.year < periods.FIRST_YEAR:
        raise forms.ValidationError(f"Give a date in {periods.FIRST_YEAR} or later.")
    if value.year > latest:
        raise forms.ValidationError(f"Give a date no later than {latest}.")


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        validators=[_year_in_range],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD, e.g. 2026-11-23."},
    )


class _ExportFormBase(forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())
        first, last = cleaned.get("from"), cleaned.get("to")
        if first and last:
            if first > last:
                self.add_error("to", "The end date is before the start date.")
            elif (last - first).days + 1 > MAX_EXPORT_DAYS:
                self.add_error("to", "Export at most five years at a time.")
        return cleaned


# The query string names are "from" and "to"; "from" is a Python keyword, hence type().
ExportForm = type(
    "ExportForm",
    (_ExportFormBase,),
    {"__module__": __name__, "from": _date_field("From"), "to": _date_field("To")},
)


def default_range(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return periods.last_days(today, DEFAULT_EXPORT_DAYS)


def entries_csv(*, user: User, first: datetime.date, last: datetime.date) -> StreamingHttpResponse:
    return streaming_csv_response(
        f"k2-diary-{first.isoformat()}-to-{last.isoformat()}.csv",
        ENTRY_HEADER,
        entry_rows(user, first, last),
    )


def reference_rows(report: WeekReport | TrendReport, explained: TargetExplanation) -> list[list]:
    """The rows above the column names: the reference range the days are placed against and the
    person's own value, so the file says what its status columns mean."""
    against = report.rows[0].against
    if against.adult:
        scope = "adult reference range (IOM 2001 adequate intakes: women 90, men 120)"
        range_row = ["reference_range_ug", ug_cell(against.low), ug_cell(against.high), scope]
    else:
        range_row = ["reference_range_ug", "", "", "not shown: your own value applies"]
    if explained.personal:
        where = "your personal target"
    else:
        where = f"adequate intake for {explained.group} (IOM 2001)"
    return [range_row, ["your_value_ug", ug_cell(against.own_ug), "", where]]


STATUS_HEADER = ["against_reference_range", "your_value"]
# After vitamin K's columns: the day's vitamin D (µg, whatever unit the pages use) and calcium.
BONE_HEADER = ["vitamin_d_ug", "calcium_mg"]


def _bone_cells(report: WeekReport | TrendReport, day: datetime.date) -> list[str]:
    """The day's vitamin D and calcium by the one rounding rule; empty for no data."""
    one = report.bone.get(day)
    if one is None:
        return ["", ""]
    return [ug_cell(one.vitamin_d.total), ug_cell(one.calcium.total)]


def _statuses(row: DayRow) -> list[str]:
    """The two status cells: below / within / above the range, reached / not yet reached."""
    if not row.logged:
        return ["not logged", "not logged"]
    return [row.range_status or "", row.own_status or "no data"]


def week_csv(report: WeekReport, *, explained: TargetExplanation) -> HttpResponse:
    return csv_response(
        f"k2-week-{report.label}.csv",
        [
            "date",
            "logged",
            "k1_ug",
            "mk4_ug",
            "mk7_ug",
            "k2_other_ug",
            "k2_ug",
            "k_not_separated_ug",
            "total_ug",
            *STATUS_HEADER,
            *BONE_HEADER,
        ],
        (
            [
                row.day.isoformat(),
                "yes" if row.logged else "no",
                *(
                    ug_cell(v)
                    for v in (
                        row.k1,
                        row.mk4,
                        row.mk7,
                        row.k2_other,
                        row.k2,
                        row.unseparated,
                        row.total,
                    )
                ),
                *_statuses(row),
                *_bone_cells(report, row.day),
            ]
            for row in report.rows
        ),
        preamble=reference_rows(report, explained),
    )


def trend_csv(report: TrendReport, *, explained: TargetExplanation) -> HttpResponse:
    return csv_response(
        f"k2-trend-{report.first.isoformat()}-to-{report.last.isoformat()}.csv",
        [
            "date",
            "logged",
            "k1_ug",
            "k2_ug",
            "total_ug",
            "rolling_7_day_mean_ug",
            *STATUS_HEADER,
            *BONE_HEADER,
        ],
        (
            [
                row.day.isoformat(),
                "yes" if row.logged else "no",
                *(ug_cell(v) for v in (row.k1, row.k2, row.total, mean)),
                *_statuses(row),
                *_bone_cells(report, row.day),
            ]
            for row, mean in zip(report.rows, report.rolling, strict=True)
        ),
        preamble=reference_rows(report, explained),
    )
