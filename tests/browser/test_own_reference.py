"""The day's total vitamin K in Chromium, as a new user sees it: an adult's day and week placed
against the 90–120 µg adult reference range with their own value marked; a child's against her
own adequate intake only, with no adult range."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from diary import periods
from diary.models import Entry
from tests.browser.test_day_page import sign_in
from tests.factories import make_entry, make_food, make_supplement, make_user


def woman_with_three_days():
    """A woman of 35: last week's Monday 40 µg (below), Tuesday 100 µg (within), Wednesday
    338 µg (above: K1 150.2 + K2 187.8, the MK-7 from a 100 µg capsule and cheese)."""
    woman = make_user(life_stage="woman", age=35)
    monday = periods.monday_of(timezone.localdate()) - periods.ONE_WEEK
    kale = make_food("Kale, raw", values={"k1": "400"}, portions=[("cup, chopped", 67)])
    cheese = make_food("Gouda", values={"k1": "2", "mk7": "87.8"})
    make_entry(woman, kale, grams=10, day=monday)
    make_entry(woman, kale, grams=25, day=monday + datetime.timedelta(days=1))
    wednesday = monday + datetime.timedelta(days=2)
    make_entry(woman, kale, grams="37.05", day=wednesday)  # K1 148.2
    make_entry(woman, cheese, grams=100, day=wednesday)  # K1 2, MK-7 87.8
    capsule = make_supplement(mk7="100")
    Entry.objects.create(user=woman, food=capsule, day=wednesday, meal="supplements", quantity=1)
    return woman, monday


def test_a_womans_day_and_week_name_the_range_and_her_90(live_server, page):
    woman, monday = woman_with_three_days()
    sign_in(page, live_server, woman)
    wednesday = monday + datetime.timedelta(days=2)
    page.goto(f"{live_server.url}/diary/{wednesday.isoformat()}/")

    strip = page.locator("#day-strip")
    expect(strip).to_contain_text("K1 150.2 + K2 187.8 = Total 338 µg")
    expect(strip).to_contain_text("above 90–120 µg")
    expect(strip).to_contain_text("yours 90 µg: reached")
    standing = page.locator("#day-standing")
    expect(standing).to_have_text(
        "K1 150.2 + K2 187.8 = 338 µg, of which 100 µg from supplements: above the 90–120 µg "
        "adult reference range (IOM 2001 adequate intakes: women 90, men 120); yours is 90 µg."
    )
    expect(page.locator("#own-status")).to_contain_text("You have reached your 90 µg.")
    expect(page.locator("#k1-alone")).to_contain_text("K1 alone: 150.2 µg")
    expect(page.locator("#k1-alone")).to_contain_text(
        "the IOM set its adequate intakes from K1 intakes"
    )
    # The gauge: K1 and K2 stacked on the shaded range, her 90 µg marked inside it.
    gauge = page.locator("svg.gauge")
    expect(gauge.locator("rect.gauge-k1")).to_have_count(1)
    expect(gauge.locator("rect.gauge-k2")).to_have_count(1)
    expect(gauge.locator("rect.gauge-range")).to_have_count(1)
    band_x = float(gauge.locator("rect.gauge-range").get_attribute("x"))
    band_w = float(gauge.locator("rect.gauge-range").get_attribute("width"))
    own = float(gauge.locator("line.gauge-own").get_attribute("x1"))
    assert own == band_x  # a woman's 90 is the range's lower edge
    assert band_w > 0
    expect(page.locator(".gauge-legend")).to_contain_text("adult range 90–120 µg")
    expect(page.locator(".gauge-legend")).to_contain_text("yours 90 µg")

    page.goto(f"{live_server.url}/diary/{monday.isoformat()}/")
    expect(page.locator("#day-standing")).to_contain_text("below the 90–120 µg adult reference")
    expect(page.locator("#own-status")).to_contain_text("Not yet reached your 90 µg: 50 µg to go.")

    page.goto(f"{live_server.url}/diary/week/{periods.week_label(monday)}/")
    table = page.locator("table.week-table")
    expect(table.locator("thead")).to_contain_text("against 90–120 µg")
    rows = table.locator("tbody tr")
    expect(rows.nth(0).locator("td.day-status")).to_have_text("below")
    expect(rows.nth(1).locator("td.day-status")).to_have_text("within")
    expect(rows.nth(2).locator("td.day-status")).to_have_text("above")
    figure = page.locator("#week-k-chart")
    expect(figure.locator("figcaption")).to_contain_text("90–120 µg adult reference range")
    expect(figure.locator("figcaption")).to_contain_text("yours, 90 µg")
    label = figure.locator("canvas").get_attribute("aria-label")
    assert "90–120 µg adult reference range" in label and "90 µg" in label
    expect(page.locator(".week-summary .average")).to_contain_text(
        "above the 90–120 µg adult reference range; yours is 90 µg (reached)"
    )  # (40 + 100 + 338) / 3 = 159.3
    page.wait_for_function("() => window.Chart && Chart.getChart('week-chart')")
    reference = page.evaluate("() => Chart.getChart('week-chart').options.plugins.k2Reference")
    assert reference["band"] == [90, 120] and reference["target"] == 90


def test_a_mans_day_and_week_say_120(live_server, page):
    man = make_user(life_stage="man", age=40)
    kale = make_food("Kale, raw", values={"k1": "400"})
    make_entry(man, kale, grams=25, day=timezone.localdate())  # 100 µg
    sign_in(page, live_server, man)
    page.goto(f"{live_server.url}/diary/")
    expect(page.locator("#day-standing")).to_contain_text(
        "within the 90–120 µg adult reference range (IOM 2001 adequate intakes: women 90, "
        "men 120); yours is 120 µg."
    )
    expect(page.locator("#own-status")).to_contain_text("Not yet reached your 120 µg: 20 µg to go.")
    expect(page.locator("#day-strip")).to_contain_text("yours 120 µg: not yet reached")
    page.goto(f"{live_server.url}/diary/week/")
    expect(page.locator("#week-k-chart figcaption")).to_contain_text("yours, 120 µg")
    expect(page.locator("table.week-table thead")).to_contain_text("against 90–120 µg")
    expect(page.locator("table.week-table td.day-status", has_text="within")).to_have_count(1)


def test_a_child_sees_her_own_value_and_no_adult_range(live_server, page):
    child = make_user(life_stage="child", age=5)  # IOM 2001: 4–8 years, 55 µg
    today = timezone.localdate()
    # 60 µg of K1 from kale, and an MK-7 capsule: K2 of a known form, none of the others.
    kale = make_food("Kale, raw", values={"k1": "400"}, portions=[("cup, chopped", 67)])
    make_entry(child, kale, grams=15, day=today)
    capsule = make_supplement()
    Entry.objects.create(user=child, food=capsule, day=today, meal="supplements", quantity=1)
    sign_in(page, live_server, child)
    page.goto(f"{live_server.url}/diary/")

    summary = page.locator("#summary")
    expect(page.locator("#day-standing")).to_contain_text(
        "your adequate intake for children 4–8 years is 55 µg (IOM 2001)."
    )
    expect(page.locator("#own-status")).to_contain_text("You have reached your 55 µg.")
    expect(summary.locator(".gauge-legend")).to_contain_text("yours 55 µg")
    expect(page.locator("body")).not_to_contain_text("90–120")
    expect(page.locator("svg.gauge rect.gauge-range")).to_have_count(0)
    # K2 by form, saying what is unknown rather than 0.
    k2 = page.locator("#k2-by-form")
    expect(k2).to_contain_text("100 µg")
    expect(k2).to_contain_text("MK-7 100 µg")
    expect(k2).to_contain_text("MK-4 no data")
    expect(page.locator("#day-strip")).to_contain_text("yours 55 µg: reached")

    page.goto(f"{live_server.url}/diary/week/")
    expect(page.locator("body")).not_to_contain_text("90–120")
    expect(page.locator("table.week-table thead")).to_contain_text("against your 55 µg")
    week = page.locator(".week-summary")
    expect(week).to_contain_text("reached your adequate intake of 55 µg")
    page.wait_for_function("() => window.Chart && Chart.getChart('week-chart')")
    band = page.evaluate("() => Chart.getChart('week-chart').options.plugins.k2Reference.band")
    assert band is None
