"""Calendar arithmetic for the week and trend pages. Pure Python: no Django, no database.

Weeks are ISO 8601 weeks (Monday first) of the user's local dates. Diary entries already carry
the user's local date, so a week is always 7 dates even when it holds a daylight-saving change
(a 167- or 169-hour week): only "which day is today" depends on the time zone.
"""

import datetime
import re
from collections.abc import Iterable, Sequence

from foods import amounts
from foods.amounts import Intake

ONE_DAY = datetime.timedelta(days=1)
ONE_WEEK = datetime.timedelta(days=7)

# Years a week or export range may name: nothing before 1900 is a diary, and date arithmetic
# must stay clear of datetime.MAXYEAR when it steps to the next week.
FIRST_YEAR = 1900
LAST_YEAR = 9998

TREND_CHOICES = (30, 90, 365)
DEFAULT_TREND_DAYS = 30
ROLLING_WINDOW = 7

_ISO_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")  # ASCII: \d would match ٢ too


def local_today(now: datetime.datetime, zone: datetime.tzinfo) -> datetime.date:
    """The user's local date at the aware instant `now` in time zone `zone`."""
    if now.tzinfo is None:
        raise ValueError("`now` must be an aware datetime.")
    return now.astimezone(zone).date()


def local_day_end(now: datetime.datetime, zone: datetime.tzinfo) -> datetime.datetime:
    """The instant the local day of `now` ends in time zone `zone`: its next midnight there."""
    tomorrow = local_today(now, zone) + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=zone)


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_label(day: datetime.date) -> str:
    """ISO week name of the week holding `day`, e.g. '2026-W48'."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def parse_iso_week(text: str | None) -> datetime.date:
    """Monday of an ISO week given as 'YYYY-Www'. ValueError for anything else, e.g. 2025-W53."""
    match = _ISO_WEEK.fullmatch(text or "")
    if not match:
        raise ValueError(f"Not an ISO week (YYYY-Www): {text!r}")
    year, week = int(match[1]), int(match[2])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"Year out of range: {year}")
    # fromisocalendar rejects week 0 and a week 53 the year does not have.
    return datetime.date.fromisocalendar(year, week, 1)


def week_days(monday: datetime.date) -> list[datetime.date]:
    if monday.weekday() != 0:
        raise ValueError(f"{monday} is not a Monday.")
    return [monday + i * ONE_DAY for i in range(7)]


def days_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every date from first to last, inclusive."""
    return [first + i * ONE_DAY for i in range((last - first).days + 1)]


def last_days(today: datetime.date, count: int) -> tuple[datetime.date, datetime.date]:
    """(first, last) of the `count` days ending today, inclusive."""
    return today - (count - 1) * ONE_DAY, today


def parse_trend_days(value: str | None) -> int:
    """The trend length in days from a query string value; anything unexpected gives the default."""
    try:
        days = int(value or "")
    except (TypeError, ValueError):
        return DEFAULT_TREND_DAYS
    return days if days in TREND_CHOICES else DEFAULT_TREND_DAYS


def daily_intakes(
    days: Sequence[datetime.date], dated: Iterable[tuple[datetime.date, Intake]]
) -> dict[datetime.date, Intake | None]:
    """{day: Intake} for each of `days`, None where nothing was logged (never an empty 0).

    `dated` holds (day, Intake) pairs, one per diary entry; pairs outside `days` are ignored.
    """
    logged: dict[datetime.date, list[Intake]] = {day: [] for day in days}
    for day, entry_intake in dated:
        if day in logged:
            logged[day].append(entry_intake)
    return {day: amounts.total(intakes) if intakes else None for day, intakes in logged.items()}


def dose_due(
    day: datetime.date,
    *,
    starts: datetime.date,
    ends: datetime.date | None,
    every: str,
    weekdays: str = "",
    interval_days: int | None = None,
) -> bool:
    """Whether a schedule has a dose on `day`: never before its start or after its end; every
    day ("day"), on the chosen weekdays ("weekdays", "024" = Mon, Wed, Fri) or every N days
    counted from the start ("n_days")."""
    if day < starts or (ends is not None and day > ends):
        return False
    if every == "weekdays":
        return str(day.weekday()) in weekdays
    if every == "n_days":
        return interval_days is not None and (day - starts).days % interval_days == 0
    return True
