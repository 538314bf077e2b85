import datetime
import re
from decimal import Decimal

from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from diary import periods
from foods import nutrients
from foods.models import Method, NutrientValue
from tests.factories import make_entry, make_food, make_natto, make_source, make_user


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_week_chart_draws_and_the_table_matches(live_server, page):
    user = make_user()
    monday = periods.monday_of(periods.local_today(timezone.now(), datetime.UTC))
    make_entry(user, make_natto(), grams=100, day=monday)  # K1 23.1 + MK-7 939
    spinach = make_food("Spinach", values={"k1": 483})
    make_entry(user, spinach, grams=20, day=monday + datetime.timedelta(days=3))  # K1 96.6
    log_in(page, live_server, user)

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Week").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(periods.week_label(monday))

    canvas = page.locator("canvas#week-chart")
    expect(canvas).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart('week-chart')")
    chart = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.getElementById('week-chart'));
            return {
                type: chart.config.type,
                k1: chart.data.datasets[0].data,
                k2: chart.data.datasets[1].data,
                width: chart.width,
                height: chart.height,
            };
        }"""
    )
    assert chart["type"] == "bar"
    assert chart["width"] > 100 and chart["height"] > 100
    assert chart["k1"] == [23.1, None, None, 96.6, None, None, None]
    assert chart["k2"] == [939, None, None, None, None, None, None]

    rows = page.locator("table.week-table tbody tr")
    expect(rows).to_have_count(7)
    expect(rows.nth(0).locator("td.total")).to_have_text("962.1")
    # Each day's total (K1 + K2) against the adult range 90–120 µg.
    expect(rows.nth(0).locator("td.day-status")).to_have_text("above")  # 962.1
    expect(rows.nth(3).locator("td.total")).to_have_text("96.6")
    expect(rows.nth(3).locator("td.day-status")).to_have_text("within")  # 96.6
    expect(rows.nth(1)).to_contain_text("not logged")
    expect(page.locator(".week-summary")).to_contain_text("529.4 µg")  # (962.1 + 96.6) / 2

    # The tooltip splits K2 into its forms.
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.12, box["y"] + box["height"] * 0.5)
    tooltip = page.evaluate(
        "() => Chart.getChart('week-chart').tooltip.body?.flatMap(b => b.after) ?? []"
    )
    assert any("MK-7: 939 µg" in line for line in tooltip)


def test_trend_chart_draws(live_server, page):
    user = make_user()
    today = periods.local_today(timezone.now(), datetime.UTC)
    make_entry(user, make_food("Kale", values={"k1": 390}), grams=25, day=today)
    log_in(page, live_server, user)
    page.goto(live_server.url + "/diary/trend/?days=90")
    page.wait_for_function("() => window.Chart && Chart.getChart('trend-chart')")
    totals = page.evaluate("() => Chart.getChart('trend-chart').data.datasets[0].data")
    assert len(totals) == 90 and totals[-1] == 97.5 and totals[0] is None
    expect(page.locator(".summary-table")).to_contain_text("1 of 90")

    # The day-by-day table comes when it is opened, in the page (no navigation).
    page.evaluate("() => { window.samePage = true; }")
    assert page.locator("#every-day").count() == 0
    page.get_by_text("Every day as a table").click()
    rows = page.locator("#every-day tbody tr")
    expect(rows).to_have_count(90)
    expect(rows.first).to_contain_text("97.5")
    expect(rows.nth(1)).to_contain_text("not logged")
    assert page.evaluate("() => window.samePage") is True


def test_week_draws_vitamin_d_and_calcium_beside_vitamin_k(live_server, page):
    user = make_user(life_stage="woman", age=40)  # shows vitamin D and calcium (the default)
    monday = periods.monday_of(periods.local_today(timezone.now(), datetime.UTC))
    milk = make_food("Milk with added vitamin D", values={"k1": "0.3"})
    for nutrient, amount in ((nutrients.CALCIUM, "113"), (nutrients.VITAMIN_D, "1.3")):
        NutrientValue.objects.create(
            food=milk,
            nutrient=nutrient,
            amount=Decimal(amount),
            source=make_source(),
            method=Method.ANALYTICAL,
        )
    make_entry(user, milk, grams=244, day=monday)  # calcium 275.7 mg, vitamin D 3.2 µg
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/diary/week/{periods.week_label(monday)}/")

    for canvas_id, name, values in (
        ("week-d-chart", "vitamin D", [3.2, None, None, None, None, None, None]),
        ("week-calcium-chart", "calcium", [275.7, None, None, None, None, None, None]),
    ):
        canvas = page.locator(f"canvas#{canvas_id}")
        expect(canvas).to_be_visible()
        expect(canvas).to_have_attribute("aria-label", re.compile(f"Bars of {name} per day"))
        page.wait_for_function(f"() => window.Chart && Chart.getChart('{canvas_id}')")
        drawn = page.evaluate(f"() => Chart.getChart('{canvas_id}').data.datasets[0].data")
        assert drawn == values
    caption = page.locator("#week-bone-caption")
    expect(caption).to_contain_text("vitamin D 15 µg and calcium 1,000 mg")
    expect(caption).to_contain_text("unknown is not 0")


def test_trend_switches_to_calcium_with_its_form(live_server, page):
    user = make_user(life_stage="woman", age=40)
    log_in(page, live_server, user)
    page.goto(live_server.url + "/diary/trend/")
    page.get_by_label("Chart").select_option(label="Calcium")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**nutrient=calcium**")
    page.wait_for_function("() => window.Chart && Chart.getChart('trend-chart')")
    axis = page.evaluate("() => Chart.getChart('trend-chart').options.scales.y.title.text")
    assert axis == "mg"
    expect(page.locator("#trend-caption")).to_contain_text("your RDA, 1,000 mg")
