import datetime
import zoneinfo
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diary import intake, periods
from foods import amounts

D = datetime.date
UTC = datetime.UTC


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


def intake_of(k1=None, mk7=None):
    values = {}
    if k1 is not None:
        values["k1"] = Decimal(str(k1))
    if mk7 is not None:
        values["mk7"] = Decimal(str(mk7))
    return amounts.Intake(amounts=values)


# --- ISO weeks -------------------------------------------------------------------------------


def test_week_1_of_2026_starts_in_december_2025():
    assert periods.parse_iso_week("2026-W01") == D(2025, 12, 29)
    assert periods.week_label(D(2025, 12, 31)) == "2026-W01"
    assert periods.week_label(D(2026, 1, 4)) == "2026-W01"


def test_2026_has_a_week_53_that_runs_into_2027():
    monday = periods.parse_iso_week("2026-W53")
    assert monday == D(2026, 12, 28)
    assert periods.week_days(monday)[-1] == D(2027, 1, 3)
    assert periods.week_label(D(2027, 1, 3)) == "2026-W53"
    assert periods.week_label(D(2027, 1, 4)) == "2027-W01"


@pytest.mark.parametrize(
    "text",
    ["2025-W53", "2026-W00", "2026-W54", "2026-W5", "2026W48", "26-W48", "", None, "1899-W10"]
    + ["٢٠٢٦-W48", "2026-w48", " 2026-W48"],
)
def test_parse_iso_week_rejects_weeks_that_do_not_exist(text):
    with pytest.raises(ValueError):
        periods.parse_iso_week(text)


def test_week_days_are_monday_to_sunday():
    days = periods.week_days(D(2026, 11, 23))
    assert days[0].weekday() == 0 and days[-1].weekday() == 6
    assert days == periods.days_between(D(2026, 11, 23), D(2026, 11, 29))
    with pytest.raises(ValueError):
        periods.week_days(D(2026, 11, 24))


def test_monday_of_and_label_agree_for_every_day_of_a_year():
    day = D(2026, 1, 1)
    while day.year == 2026:
        monday = periods.monday_of(day)
        assert periods.parse_iso_week(periods.week_label(day)) == monday
        day += periods.ONE_DAY


# --- Time zones and daylight saving ----------------------------------------------------------


def test_berlin_dst_week_is_still_seven_local_days():
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    # Clocks go forward on Sunday 2026-03-29 at 01:00 UTC: that week has 167 hours.
    just_before_midnight = at("2026-03-29T21:59:00")  # 23:59 CEST, still Sunday
    just_after_midnight = at("2026-03-29T22:01:00")  # 00:01 CEST, Monday
    assert periods.local_today(just_before_midnight, berlin) == D(2026, 3, 29)
    assert periods.local_today(just_after_midnight, berlin) == D(2026, 3, 30)
    assert periods.week_label(D(2026, 3, 29)) == "2026-W13"
    assert periods.week_label(D(2026, 3, 30)) == "2026-W14"
    # Sunday morning before the change, in winter time (UTC+1).
    assert periods.local_today(at("2026-03-28T23:30:00"), berlin) == D(2026, 3, 29)
    assert len(periods.week_days(periods.parse_iso_week("2026-W13"))) == 7


def test_auckland_april_dst_end_puts_the_week_boundary_at_local_midnight():
    auckland = zoneinfo.ZoneInfo("Pacific/Auckland")
    # NZ daylight time ends Sunday 2026-04-05 03:00 (+13 -> +12).
    sunday_late = at("2026-04-05T11:59:00")  # 23:59 NZST, Sunday
    monday_early = at("2026-04-05T12:01:00")  # 00:01 NZST, Monday of W15
    assert periods.local_today(sunday_late, auckland) == D(2026, 4, 5)
    assert periods.local_today(monday_early, auckland) == D(2026, 4, 6)
    assert periods.week_label(periods.local_today(sunday_late, auckland)) == "2026-W14"
    assert periods.week_label(periods.local_today(monday_early, auckland)) == "2026-W15"
    # The same instant is still Sunday in UTC: the zone, not the server, decides the week.
    assert periods.week_label(monday_early.date()) == "2026-W14"


def test_local_today_needs_an_aware_instant():
    with pytest.raises(ValueError):
        periods.local_today(datetime.datetime(2026, 11, 23, 12), zoneinfo.ZoneInfo("UTC"))


# --- Trend length ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "days"),
    [("30", 30), ("90", 90), ("365", 365), (None, 30), ("", 30), ("7", 30), ("abc", 30)]
    + [("-90", 30), ("1e9", 30), ("365.0", 30)],
)
def test_trend_days_fall_back_to_30(value, days):
    assert periods.parse_trend_days(value) == days


def test_last_days_includes_today():
    assert periods.last_days(D(2026, 11, 23), 30) == (D(2026, 10, 25), D(2026, 11, 23))
    assert len(periods.days_between(*periods.last_days(D(2026, 11, 23), 365))) == 365


# --- Daily totals, days not logged, rolling averages -----------------------------------------


def test_days_not_logged_are_none_not_zero():
    days = periods.week_days(D(2026, 11, 23))
    dated = [
        (D(2026, 11, 23), intake_of(k1="23.1", mk7=939)),
        (D(2026, 11, 23), intake_of(k1=10)),
        (D(2026, 11, 25), intake_of(k1=50)),
        (D(2026, 12, 1), intake_of(k1=999)),  # outside the week: ignored
    ]
    by_day = periods.daily_intakes(days, dated)
    totals = [None if by_day[d] is None else by_day[d].total for d in days]
    assert totals == [Decimal("972.1"), None, Decimal(50), None, None, None, None]
    assert intake.mean_of_logged(totals) == Decimal("511.05")


def test_a_logged_day_without_data_has_no_total():
    by_day = periods.daily_intakes([D(2026, 11, 23)], [(D(2026, 11, 23), intake_of())])
    assert by_day[D(2026, 11, 23)] is not None
    assert by_day[D(2026, 11, 23)].total is None


def test_rolling_mean_ignores_days_not_logged():
    totals = [Decimal(70), None, None, Decimal(140), None, None, None, None, None, None, None]
    rolling = intake.rolling_mean(totals, periods.ROLLING_WINDOW)
    assert rolling[0] == Decimal(70)
    assert rolling[2] == Decimal(70)  # two empty days do not pull it to 0
    assert rolling[6] == Decimal(105)  # (70 + 140) / 2
    assert rolling[7] == Decimal(140)  # day 0 left the window
    assert rolling[10] is None  # a full week with nothing logged: no figure at all


# --- Properties ------------------------------------------------------------------------------


@given(st.text(max_size=12) | st.from_regex(r"\d{4}-W\d{2}", fullmatch=True))
def test_parse_iso_week_gives_a_monday_or_a_value_error(text):
    try:
        monday = periods.parse_iso_week(text)
    except ValueError:
        return
    assert monday.weekday() == 0
    assert periods.week_label(monday) == text


@given(st.dates(min_value=D(1900, 1, 8), max_value=D(9998, 12, 20)))
def test_every_day_lies_in_the_week_its_label_names(day):
    monday = periods.parse_iso_week(periods.week_label(day))
    assert day in periods.week_days(monday)


@given(st.lists(st.none() | st.decimals(0, 5000, places=1), min_size=1, max_size=60))
def test_rolling_mean_is_never_zero_for_days_not_logged(totals):
    rolling = intake.rolling_mean(totals, 7)
    for i, value in enumerate(rolling):
        window = totals[max(0, i - 6) : i + 1]
        logged = [t for t in window if t is not None]
        if logged:
            assert min(logged) <= value <= max(logged)
        else:
            assert value is None


def test_the_local_day_follows_the_time_zone_across_a_dst_change():
    """Europe/Berlin leaves summer time at 03:00 on 25 Oct 2026: the diary's day turns at local
    midnight on both sides of it, never at a fixed UTC hour."""
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    # 23:30 local on 24 Oct is 21:30 UTC (UTC+2); 23:30 local on 25 Oct is 22:30 UTC (UTC+1).
    assert periods.local_today(at("2026-10-24T21:30:00"), berlin) == D(2026, 10, 24)
    assert periods.local_today(at("2026-10-24T22:30:00"), berlin) == D(2026, 10, 25)
    assert periods.local_today(at("2026-10-25T22:30:00"), berlin) == D(2026, 10, 25)
    assert periods.local_today(at("2026-10-25T23:30:00"), berlin) == D(2026, 10, 26)


def test_per_day_spreads_the_known_amounts_over_the_days_and_knows_nothing_of_none():
    assert intake.per_day([Decimal(200), None, Decimal(100)], 2) == Decimal(150)
    assert intake.per_day([None], 2) is None  # nothing known is not 0
    assert intake.per_day([Decimal(100)], 0) is None  # no day counted
