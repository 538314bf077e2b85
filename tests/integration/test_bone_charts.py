"""The week's vitamin D and calcium charts and the trend's choice of nutrient, on the shipped
SR28 values: what the chart is given is what the table and the day page say."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diary.models import Profile
from foods.models import Food
from tests.factories import day_begun, make_entry, make_food, make_user
from tests.integration.test_reports import chart_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue", "fixed_now")]

MONDAY = datetime.date(2026, 11, 23)  # 2026-W48; the fixed "now" is Wednesday 25 Nov
WEEK_URL = "/diary/week/2026-W48/"
TREND_URL = "/diary/trend/"


@pytest.fixture
def person(client):
    user = make_user(life_stage="woman", age=40)
    client.force_login(user)
    milk = Food.objects.get(ndb_no="01077")  # whole milk with added vitamin D
    egg = Food.objects.get(ndb_no="01123")  # egg, whole, raw
    no_data = make_food("Kale without calcium data", values={"k1": "389.6"})
    make_entry(user, milk, grams=244, day=MONDAY)
    make_entry(user, egg, grams=50, day=MONDAY + datetime.timedelta(days=1))
    make_entry(user, no_data, grams=100, day=MONDAY + datetime.timedelta(days=2))
    return user


def test_week_charts_vitamin_d_and_calcium_per_day_against_the_rda(client, person):
    response = client.get(WEEK_URL)
    data = chart_data(response, "week-bone-data")
    vitamin_d, calcium = data["series"]
    assert data["labels"][0] == "Mon 23 Nov"
    # Monday milk, Tuesday egg, Wednesday a food without data (a gap, not 0), then not logged.
    assert vitamin_d["values"] == [3.2, 1.0, None, None, None, None, None]
    assert calcium["values"] == [275.7, 28.0, None, None, None, None, None]
    assert data["logged"] == [True, True, True, False, False, False, False]
    assert (vitamin_d["target"], vitamin_d["upperLimit"], vitamin_d["unit"]) == (15.0, 100.0, "µg")
    assert (calcium["target"], calcium["upperLimit"], calcium["unit"]) == (1000.0, 2500.0, "mg")
    assert vitamin_d["band"] is None  # the 90–120 µg band is vitamin K's
    page = response.content.decode()
    assert 'id="week-d-chart"' in page and 'id="week-calcium-chart"' in page
    caption = re.sub(
        r"\s+", " ", re.search(r'id="week-bone-caption">(.*?)</figcaption>', page, re.S).group(1)
    )
    assert "vitamin D 15 µg and calcium 1,000 mg" in caption
    assert "the upper limits are 100 µg and 2,500 mg (IOM 2011)" in caption


def test_week_has_no_vitamin_d_and_calcium_chart_for_a_k_only_view(client, person):
    Profile.objects.filter(user=person).update(show_bone=False)
    page = client.get(WEEK_URL).content.decode()
    assert "week-bone-data" not in page and "week-d-chart" not in page
    assert 'id="week-data"' in page


def test_trend_draws_calcium_when_chosen(client, person):
    response = client.get(TREND_URL, {"nutrient": "calcium"})
    data = chart_data(response, "trend-data")
    assert data["labels"][-3:] == ["2026-11-23", "2026-11-24", "2026-11-25"]
    assert data["total"][-3:] == [275.7, 28.0, None]
    assert data["total"][:-3] == [None] * (len(data["total"]) - 3)
    # The 7-day average of the days with data: (275.72 + 28) / 2 on Tuesday and Wednesday.
    assert data["rolling"][-3:] == [275.7, 151.9, 151.9]
    assert (data["target"], data["unit"], data["band"]) == (1000.0, "mg", None)
    page = response.content.decode()
    assert '<option value="calcium" selected>Calcium</option>' in page
    assert "the upper limit is 2,500 mg" in page
    # Opening the day-by-day table without JavaScript keeps the chart chosen.
    assert "?days=30&amp;table=1&amp;nutrient=calcium" in page


def test_trend_draws_vitamin_d_when_chosen(client, person):
    data = chart_data(client.get(TREND_URL, {"nutrient": "vitamin-d"}), "trend-data")
    assert data["total"][-3:] == [3.2, 1.0, None]
    assert (data["target"], data["upperLimit"], data["unit"]) == (15.0, 100.0, "µg")


def test_a_person_who_reads_vitamin_d_in_iu_gets_charts_in_iu(client, person):
    Profile.objects.filter(user=person).update(vitamin_d_unit="iu")
    response = client.get(WEEK_URL)
    vitamin_d, calcium = chart_data(response, "week-bone-data")["series"]
    # Monday 244 g of milk, 1.3 µg/100 g: 3.172 µg, 126.9 IU; the RDA 600 IU, the UL 4,000 IU.
    assert vitamin_d["values"][:3] == [126.9, 40.0, None]
    assert (vitamin_d["target"], vitamin_d["upperLimit"], vitamin_d["unit"]) == (
        600.0,
        4000.0,
        "IU",
    )
    assert calcium["unit"] == "mg" and calcium["values"][0] == 275.7
    caption = re.sub(r"\s+", " ", response.content.decode())
    assert "Vitamin D (IU, upper)" in caption
    assert "vitamin D 600 IU and calcium 1,000 mg" in caption
    assert "the upper limits are 4,000 IU and 2,500 mg" in caption
    trend = client.get(TREND_URL, {"nutrient": "vitamin-d"})
    data = chart_data(trend, "trend-data")
    assert data["total"][-3:] == [126.9, 40.0, None]
    assert (data["target"], data["upperLimit"], data["unit"]) == (600.0, 4000.0, "IU")
    assert "the upper limit is 4,000 IU" in trend.content.decode()


@pytest.mark.parametrize("choice", ["", "k", "zinc", "calcium'", "<b>"])
def test_trend_defaults_to_vitamin_k_with_its_band(client, person, choice):
    response = client.get(TREND_URL, {"nutrient": choice})
    assert response.status_code == 200
    data = chart_data(response, "trend-data")
    assert data["band"] == [90.0, 120.0]
    assert "unit" not in data
    assert data["total"][-1] == 389.6  # Wednesday's kale: vitamin K is known


def test_a_k_only_view_cannot_choose_calcium(client, person):
    Profile.objects.filter(user=person).update(show_bone=False)
    response = client.get(TREND_URL, {"nutrient": "calcium"})
    assert chart_data(response, "trend-data")["band"] == [90.0, 120.0]
    assert 'name="nutrient"' not in response.content.decode()


def test_choosing_a_nutrient_reads_nothing_more(client, person):
    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(TREND_URL, params).status_code == 200
        return len(captured)

    day_begun(client)  # the day's first request also fills in automatic doses
    assert queries({}) == queries({"nutrient": "calcium"}) == queries({"nutrient": "vitamin-d"})


def test_the_trend_tables_fragment_reads_no_calcium_or_vitamin_d(client, person):
    """The day-by-day table fetched as it opens is vitamin K's alone: it costs the same with
    vitamin D and calcium shown as without (it read their entries once more for nothing)."""

    def fragment_queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(
                TREND_URL,
                {"table": "1"},
                headers={"HX-Request": "true", "HX-Target": "trend-table"},
            )
            assert response.status_code == 200 and "every-day" in response.content.decode()
        return len(captured)

    day_begun(client)
    shown = fragment_queries()
    profile = Profile.objects.get(user=person)
    profile.show_bone = False
    profile.save()  # moves the person's data version: the fragment is rendered anew
    assert fragment_queries() == shown
