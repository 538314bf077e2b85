import csv
import datetime
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diary.models import Entry, Meal, person_data_changed
from foods import amounts
from foods.formatting import ug_number
from tests.factories import (
    day_begun,
    make_entry,
    make_food,
    make_natto,
    make_supplement,
    make_user,
)

# fixed_now, user and client_in: tests/integration/conftest.py
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]

D = datetime.date
MONDAY = D(2026, 11, 23)  # 2026-W48


def week_url(label):
    return reverse("reports:week-of", args=[label])


class TableRows(HTMLParser):
    """Cell texts of each body row of the first <table> with the given class."""

    def __init__(self, css_class):
        super().__init__()
        self.css_class = css_class
        self.rows, self.depth, self.cell, self.in_body = [], 0, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and self.css_class in (attrs.get("class") or "").split():
            self.depth = 1
        elif self.depth and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if self.in_body and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table" and self.depth:
            self.depth, self.in_body = 0, False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table(response, css_class):
    parser = TableRows(css_class)
    parser.feed(response.content.decode())
    return parser.rows


def chart_data(response, element_id):
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, f"no json_script {element_id}"
    return json.loads(match[1])


def diary_day_total(user, day):
    """The diary's day total, computed the way the day page does: Entry.intake() summed."""
    entries = Entry.objects.for_user(user).on(day).with_food_values()
    return amounts.total(entry.intake() for entry in entries)


# --- Access ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/diary/week/", "/diary/week/2026-W48/", "/diary/trend/", "/diary/export/"]
    + ["/diary/week/?format=csv", "/diary/export/?from=2026-11-01&to=2026-11-30"],
)
def test_anonymous_users_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_pages_answer_only_get(client_in):
    assert client_in.post("/diary/week/").status_code == 405
    assert client_in.post("/diary/trend/").status_code == 405


# --- Week page -------------------------------------------------------------------------------


def test_current_week_is_the_iso_week_in_the_users_time_zone(client, monkeypatch):
    # Sunday 29 Nov 2026 23:30 UTC is already Monday 30 Nov (W49) in Auckland.
    monkeypatch.setattr(
        "django.utils.timezone.now",
        lambda: datetime.datetime(2026, 11, 29, 11, 30, tzinfo=datetime.UTC),
    )
    client.force_login(make_user(time_zone="Pacific/Auckland"))
    assert client.get("/diary/week/").context["label"] == "2026-W49"
    client.force_login(make_user(time_zone="America/Los_Angeles"))
    assert client.get("/diary/week/").context["label"] == "2026-W48"


def test_week_totals_match_the_diary_day_totals_and_hand_arithmetic(client_in, user):
    natto = make_natto()
    kale = make_food("Kale, raw", values={"k1": "389.6"})
    make_entry(user, natto, grams=100, day=MONDAY)
    make_entry(user, kale, grams=50, day=MONDAY, meal=Meal.DINNER)
    make_entry(user, kale, grams=20, day=MONDAY + datetime.timedelta(days=2))

    response = client_in.get(week_url("2026-W48"))
    assert response.status_code == 200
    rows = table(response, "week-table")
    assert len(rows) == 7
    # Natto 100 g: K1 23.1, MK-7 939; kale 50 g: K1 194.8.
    assert rows[0] == [
        "Mon 23 Nov", "217.9", "939", "939", "no data", "no data", "1,156.9", "above"
    ]  # fmt: skip
    # Each day's total (K1 + K2) against the adult range 90–120 µg.
    assert rows[2][1] == "77.9" and rows[2][2] == "no data" and rows[2][-1] == "below"
    assert '<th scope="col">against 90–120 µg</th>' in response.content.decode()
    assert rows[1] == ["Tue 24 Nov", "not logged", "not logged"]

    for day, row in ((MONDAY, rows[0]), (MONDAY + datetime.timedelta(days=2), rows[2])):
        day_total = diary_day_total(user, day)
        assert row[6] == ug_number(day_total.total)  # the one rounding rule
    assert diary_day_total(user, MONDAY).total == Decimal("23.1") + Decimal(939) + Decimal("194.8")

    data = chart_data(response, "week-data")
    assert data["k1"] == [217.9, None, 77.9, None, None, None, None]
    assert data["k2"] == [939.0, None, None, None, None, None, None]
    assert data["mk7"][0] == 939.0 and data["mk4"][0] is None
    assert data["total"] == [1156.9, None, 77.9, None, None, None, None]
    assert data["labels"][1] == ["Tue 24 Nov", "not logged"]
    assert data["labels"][0] == ["Mon 23 Nov"]
    # The adult range shaded, and a line at the person's own AI (here a woman's, 90 µg).
    assert data["band"] == [90.0, 120.0]
    assert data["target"] == 90.0 and data["targetLabel"] == "your adequate intake"

    # Mean of the two logged days, not of seven.
    average = (Decimal("1156.9") + Decimal("77.92")) / 2
    assert response.context["average"] == average
    assert "617.4 µg" in response.content.decode()


def test_week_says_how_much_of_the_average_came_from_supplements(client_in, user):
    kale = make_food("Kale, raw", values={"k1": "389.6"})
    capsule = make_supplement()  # MK-7 100 µg a capsule
    make_entry(user, kale, grams=50, day=MONDAY)
    make_entry(user, kale, grams=20, day=MONDAY + datetime.timedelta(days=2))
    Entry.objects.create(
        user=user, food=capsule, day=MONDAY, meal=Meal.DINNER, quantity=Decimal(2), grams=None
    )
    page = " ".join(client_in.get(week_url("2026-W48")).content.decode().split())
    # Two capsules (200 µg) over the two days logged: 100 µg a day of the average.
    assert "Of the average, <strong>100 µg</strong> a day came from supplements." in page
    Entry.objects.filter(food=capsule).delete()
    person_data_changed(user.pk)  # as the diary's delete does: the cached week is stale
    page = client_in.get(week_url("2026-W48")).content.decode()
    assert "came from supplements" not in page


def test_week_lists_top_five_foods_with_their_share(client_in, user):
    natto = make_natto()
    make_entry(user, natto, grams=100, day=MONDAY)
    make_entry(user, natto, grams=50, day=MONDAY + datetime.timedelta(days=1))
    for i, k1 in enumerate((100, 80, 60, 40, 20)):
        make_entry(user, make_food(f"Green {i}", values={"k1": k1}), grams=100, day=MONDAY)
    make_entry(user, make_food("No data food"), grams=100, day=MONDAY)

    rows = table(client_in.get(week_url("2026-W48")), "top-foods")
    assert [row[0] for row in rows] == ["Natto", "Green 0", "Green 1", "Green 2", "Green 3"]
    natto_total = (Decimal("23.1") + Decimal(939)) * Decimal("1.5")
    grand = natto_total + 300
    assert rows[0][1] == f"{natto_total:,.1f}"
    assert rows[0][2] == f"{round(natto_total * 100 / grand)}%"


def test_week_without_entries_says_so_and_draws_nothing_as_zero(client_in):
    response = client_in.get(week_url("2026-W48"))
    assert response.status_code == 200
    data = chart_data(response, "week-data")
    assert data["total"] == [None] * 7 and data["k1"] == [None] * 7
    assert all(row[-1] == "not logged" for row in table(response, "week-table"))
    assert "Nothing with vitamin K data logged this week" in response.content.decode()


def test_another_users_entries_never_appear(client_in, user):
    natto = make_natto()
    other = make_user()
    make_entry(other, natto, grams=500, day=MONDAY)
    make_entry(user, natto, grams=10, day=MONDAY + datetime.timedelta(days=1))
    response = client_in.get(week_url("2026-W48"))
    data = chart_data(response, "week-data")
    assert data["total"][0] is None
    assert data["total"][1] == 96.2
    assert [row[0] for row in table(response, "top-foods")] == ["Natto"]
    assert "4810.5" not in response.content.decode()  # the other user's 500 g of natto


@pytest.mark.parametrize(
    ("label", "monday", "sunday"),
    [
        ("2026-W53", D(2026, 12, 28), D(2027, 1, 3)),
        ("2026-W01", D(2025, 12, 29), D(2026, 1, 4)),
        ("2026-W13", D(2026, 3, 23), D(2026, 3, 29)),  # Europe's DST change on the Sunday
    ],
)
def test_any_existing_iso_week_opens(client_in, user, label, monday, sunday):
    food = make_food("Spinach", values={"k1": 483})
    make_entry(user, food, grams=100, day=sunday)
    make_entry(user, food, grams=100, day=monday - datetime.timedelta(days=1))  # week before
    response = client_in.get(week_url(label))
    assert response.status_code == 200
    assert response.context["monday"] == monday
    assert chart_data(response, "week-data")["total"] == [None] * 6 + [483.0]


@pytest.mark.parametrize("label", ["2025-W53", "2026-W00", "2026-W54", "0000-W01", "1899-W05"])
def test_weeks_that_do_not_exist_are_404_not_500(client_in, label):
    assert client_in.get(f"/diary/week/{label}/").status_code == 404


def test_previous_and_next_links(client_in):
    page = client_in.get(week_url("2026-W01")).content.decode()
    assert f'href="{week_url("2025-W52")}" rel="prev"' in page
    assert f'href="{week_url("2026-W02")}" rel="next"' in page
    # No link into a week that has not started yet.
    current = client_in.get("/diary/week/").content.decode()
    assert 'rel="next"' not in current
    assert f'href="{week_url("2026-W47")}" rel="prev"' in current


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/diary/week/2026-W48/", "/diary/trend/?days=365"])
def test_query_count_does_not_grow_with_entries(client_in, user, url):
    natto = make_natto()
    make_entry(user, natto, grams=10, day=MONDAY)
    day_begun(client_in)  # the day's first request also fills in automatic doses
    few = count_queries(client_in, url)
    foods = [make_food(f"Food {i}", values={"k1": i + 1, "mk4": 2}) for i in range(10)]
    for i in range(49):
        make_entry(user, foods[i % 10], grams=5 + i, day=MONDAY + datetime.timedelta(days=i % 3))
    assert Entry.objects.for_user(user).count() == 50
    many = count_queries(client_in, url)
    assert few == many
    # Session, user, profile, entries joined with their food values; calcium and vitamin D
    # (shown to a new person): the entries' kept values and the foods' current ones.
    assert many <= 6


def test_week_csv(client_in, user):
    make_entry(user, make_natto(), grams=100, day=MONDAY)
    response = client_in.get(week_url("2026-W48") + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="k2-week-2026-W48.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    # The header rows say what the days are placed against: the range and her own value.
    assert lines[0] == (
        "reference_range_ug,90,120,"
        '"adult reference range (IOM 2001 adequate intakes: women 90, men 120)"'
    )
    assert lines[1] == "your_value_ug,90,,adequate intake for women 19 and older (IOM 2001)"
    rows = list(csv.DictReader(lines[2:]))
    assert len(rows) == 7
    assert rows[0]["date"] == "2026-11-23"
    assert rows[0]["k1_ug"] == "23.1" and rows[0]["mk7_ug"] == "939"
    assert rows[0]["total_ug"] == "962.1" and rows[0]["mk4_ug"] == ""
    # 962.1 µg (K1 23.1 + MK-7 939) is above the range and has reached a woman's 90.
    assert rows[0]["against_reference_range"] == "above" and rows[0]["your_value"] == "reached"
    assert rows[1]["against_reference_range"] == "not logged"
    assert rows[1]["logged"] == "no" and rows[1]["total_ug"] == ""  # empty, never 0
    assert (
        'href="/diary/week/2026-W48/?format=csv"' in client_in.get("/diary/week/").content.decode()
    )


# --- Trend page ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "days"),
    [("", 30), ("?days=90", 90), ("?days=365", 365), ("?days=abc", 30), ("?days=7", 30)]
    + [("?days=", 30), ("?days=99999999999999999999", 30)],
)
def test_trend_lengths_and_bad_values(client_in, query, days):
    response = client_in.get("/diary/trend/" + query)
    assert response.status_code == 200
    assert response.context["count"] == days
    assert len(chart_data(response, "trend-data")["total"]) == days


def test_trend_totals_rolling_average_and_summary(client_in, user):
    spinach = make_food("Spinach", values={"k1": 483})
    today = D(2026, 11, 25)
    # Logged: today (100 g = 483), 2 days ago (20 g = 96.6), 10 days ago (50 g = 241.5).
    make_entry(user, spinach, grams=100, day=today)
    make_entry(user, spinach, grams=20, day=today - datetime.timedelta(days=2))
    make_entry(user, spinach, grams=50, day=today - datetime.timedelta(days=10))
    # 40 days ago: outside the period and every 7-day window in it.
    make_entry(user, spinach, grams=100, day=today - datetime.timedelta(days=40))
    # 31 days ago: outside the period, but inside its first day's 7-day window.
    make_entry(user, spinach, grams=10, day=today - datetime.timedelta(days=31))

    response = client_in.get("/diary/trend/")
    data = chart_data(response, "trend-data")
    assert data["labels"][0] == "2026-10-27" and data["labels"][-1] == "2026-11-25"
    assert data["total"][-1] == 483.0
    assert data["total"][-2] is None  # yesterday: not logged, a gap
    assert data["total"][-3] == 96.6
    assert data["rolling"][-1] == round((483 + 96.6) / 2, 1)
    assert data["rolling"][-11] == 241.5  # only that day in its window
    assert data["rolling"][0] == 48.3  # the day 31 days back, before the period
    assert data["total"].count(None) == 27
    assert 0 not in data["total"] and 0 not in data["rolling"]

    assert response.context["days_logged"] == 3
    assert response.context["average"] == (Decimal(483) + Decimal("96.6") + Decimal("241.5")) / 3
    # The totals 483, 96.6 and 241.5 against the adult range: two above, one within.
    assert response.context["positions"] == {"below": 0, "within": 1, "above": 2}
    summary = {row[0]: row[1] for row in table(response, "summary-table")}
    assert summary["Days logged"] == "3 of 30"
    assert summary["Days within the 90–120 µg range"] == "1"
    assert summary["Days above the 90–120 µg range"] == "2"
    assert summary["Average a day (days logged)"] == "273.7 µg"


def test_the_trend_table_is_read_only_when_opened(client_in, user):
    """The page comes without its day-by-day table (365 rows cost as much as the rest); the
    table comes as a fragment when opened (htmx), or in the whole page from the link."""
    today = D(2026, 11, 25)
    make_entry(user, make_food("Spinach", values={"k1": 483}), grams=100, day=today)
    page = client_in.get("/diary/trend/").content.decode()
    assert 'id="every-day"' not in page
    assert 'hx-get="/diary/trend/?days=30&amp;table=1"' in page
    assert 'href="/diary/trend/?days=30&amp;table=1#every-day"' in page  # without JavaScript

    response = client_in.get(
        "/diary/trend/?days=30&table=1", headers={"HX-Request": "true", "HX-Target": "trend-table"}
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<table id="every-day"') and "<html" not in fragment
    assert "HX-Request" in response["Vary"]
    rows = table(response, "every-day")
    assert len(rows) == 30  # newest first
    assert rows[0][:2] == ["Wed 25 Nov 2026", "483"]
    assert rows[1][1] == "not logged"

    whole = client_in.get("/diary/trend/?days=30&table=1")
    assert '<details class="trend-days" open>' in whole.content.decode()
    assert table(whole, "every-day") == rows


def test_trend_csv(client_in, user):
    make_entry(user, make_food("Spinach", values={"k1": 483}), grams=100, day=D(2026, 11, 25))
    response = client_in.get("/diary/trend/?days=90&format=csv")
    assert response["Content-Disposition"].startswith("attachment;")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("reference_range_ug,90,120,") and lines[1].startswith(
        "your_value_ug,90,"
    )
    rows = list(csv.DictReader(lines[2:]))
    assert len(rows) == 90
    assert rows[-1] == {
        "date": "2026-11-25",
        "logged": "yes",
        "k1_ug": "483",
        "k2_ug": "",
        "total_ug": "483",
        "rolling_7_day_mean_ug": "483",
        "against_reference_range": "above",
        "your_value": "reached",
        "vitamin_d_ug": "",  # the test food has no vitamin D or calcium data: empty, not 0
        "calcium_mg": "",
    }
    assert rows[0]["total_ug"] == "" and rows[0]["rolling_7_day_mean_ug"] == ""
