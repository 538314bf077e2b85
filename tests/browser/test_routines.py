"""Routines in Chromium: a recipe built by pasting its ingredients and logged as one serving,
a breakfast saved today and logged tomorrow in one tap, a supplement scheduled and taken."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from diary.models import DoseSchedule, Entry, ScheduledDose
from tests.browser.test_day_page import sign_in
from tests.factories import make_entry, make_food, make_natto, make_supplement, make_user


def day_url(live_server, day):
    return f"{live_server.url}/diary/{day.isoformat()}/"


def test_a_recipe_built_from_four_pasted_lines_is_logged_as_one_serving(live_server, page):
    make_food("Spinach, raw", values={"k1": "482.9"}, portions=[("cup", 30)])
    make_food("Butter", values={"k1": "7", "mk4": "15"}, portions=[("tbsp", "14.2")])
    make_food("Egg, whole, raw", values={"k1": "0.3", "mk4": "5.6"}, portions=[("large", 50)])
    make_food("Cheese, gouda, grated", values={"k1": "2.3", "mk4": "5"}, portions=[("cup", 108)])
    sign_in(page, live_server, make_user("ines"))

    page.goto(f"{live_server.url}/routines/recipes/new/")
    page.get_by_label("Name").fill("Spinach bake")
    page.get_by_label("Servings").fill("4")
    page.get_by_label("Paste ingredients, one a line").fill(
        "200 g spinach\n1 tbsp butter\n2 eggs\n½ cup grated gouda"
    )
    page.get_by_role("button", name="Read the lines").click()
    # The review: each line read into an amount, a unit and a food, nothing saved yet.
    rows = page.locator("[data-ingredient]")
    expect(rows).to_have_count(4)
    expect(rows.nth(0).get_by_label("Food")).to_have_value(str(_pk("Spinach, raw")))
    expect(rows.nth(2).get_by_label("Amount")).to_have_value("2")
    expect(rows.nth(2).get_by_label("Unit")).to_contain_text("large")
    expect(rows.nth(3).get_by_label("Amount")).to_have_value("0.5")
    expect(rows.nth(3).get_by_label("Unit")).to_have_value("cup")
    page.get_by_role("button", name="Save recipe").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Spinach bake")
    # 968.336 µg K1 and 10.43 µg MK-4 in the dish, over 4 servings.
    expect(page.locator("[data-serving-k1]")).to_have_text("242.1 µg")
    expect(page.locator("[data-serving-k2]")).to_have_text("2.6 µg")
    expect(page.locator("#recipe-k")).to_contain_text("no data")  # MK-7: no ingredient has it

    page.goto(f"{live_server.url}/diary/")
    page.wait_for_load_state()
    page.get_by_role("combobox", name="Food").fill("spinach bake")
    page.get_by_role("option", name="Spinach bake").click()
    expect(page.locator("#food-id")).not_to_have_value("")
    page.get_by_label("Unit", exact=True).select_option(label="1 serving (92.05 g)")
    page.get_by_label("Amount", exact=True).fill("1")
    page.get_by_role("button", name="Add", exact=True).click()
    row = page.get_by_role("link", name=re.compile(r"^Change Spinach bake 1 × 1 serving"))
    expect(row).to_contain_text("K1 242.1 µg")
    expect(row).to_contain_text("K2 2.6 µg")


def _pk(name):
    from foods.models import Food

    return Food.objects.get(name=name).pk


def test_todays_breakfast_saved_and_logged_tomorrow_in_one_tap(live_server, page):
    user = make_user("noor")
    today = timezone.localdate()
    natto = make_natto()
    kale = make_food("Kale, raw", values={"k1": "389.6"}, portions=[("cup, chopped", 67)])
    make_entry(user, natto, grams=50, day=today)
    make_entry(user, kale, grams=67, day=today)
    sign_in(page, live_server, user)

    page.goto(day_url(live_server, today))
    page.evaluate("window.__noReload = 'still here'")
    page.get_by_role("heading", name="Copy or save a meal").click()  # folded until wanted
    page.get_by_label("Save", exact=True).first.select_option("breakfast")
    page.get_by_label("as", exact=True).fill("Weekday breakfast")
    page.get_by_role("button", name="Save meal").click()
    expect(page.locator("#copy-panel .status")).to_contain_text("Saved “Weekday breakfast”")
    # It is at once one tap away beside the recent foods, without a reload.
    expect(
        page.get_by_role("region", name="Saved meals").get_by_role(
            "button", name="Log Weekday breakfast (2 items)"
        )
    ).to_be_visible()
    assert page.evaluate("window.__noReload") == "still here"

    tomorrow = today + datetime.timedelta(days=1)
    page.goto(day_url(live_server, tomorrow))
    page.evaluate("window.__noReload = 'still here'")
    # From the food search: part of its name, then one tap logs it into the form's meal.
    page.get_by_label("Meal", exact=True).select_option("lunch")
    page.get_by_role("combobox", name="Food").press_sequentially("weekd")
    found = page.locator("#saved-options")
    expect(found).to_contain_text("saved meal")
    found.get_by_role("button", name="Log Weekday breakfast (2 items)").click()
    expect(page.locator("#add-entry .status")).to_have_text(
        "Logged “Weekday breakfast” (2 items) in lunch."
    )
    lunch = page.get_by_role("region", name="Lunch")
    expect(lunch.get_by_role("link", name=re.compile("^Change Natto 50 g"))).to_be_visible()
    expect(lunch.get_by_role("link", name=re.compile("^Change Kale, raw 67 g"))).to_be_visible()
    expect(page.locator("#day-strip")).to_contain_text("Total")
    expect(found.get_by_role("button")).to_have_count(0)  # the Food box is empty again

    # Beside the recent foods: one tap logs it into its own meal.
    saved = page.get_by_role("region", name="Saved meals")
    saved.get_by_role("button", name="Log Weekday breakfast (2 items)").click()
    expect(saved.get_by_role("status")).to_contain_text("in breakfast")
    breakfast = page.get_by_role("region", name="Breakfast")
    expect(breakfast.get_by_role("link", name=re.compile("^Change Natto 50 g"))).to_be_visible()
    expect(breakfast.get_by_role("link", name=re.compile("^Change Kale, raw 67 g"))).to_be_visible()
    # Its focus stays on the button tapped, whose fresh token logs it again on a second tap.
    expect(saved.get_by_role("button", name="Log Weekday breakfast (2 items)")).to_be_focused()
    assert page.evaluate("window.__noReload") == "still here"
    assert Entry.objects.filter(day=tomorrow).count() == 4

    # Each item is an ordinary entry: it opens for a change in place.
    breakfast.get_by_role("link", name=re.compile("^Change Natto 50 g")).click()
    expect(page.get_by_label("Amount of Natto")).to_have_value("50")


def test_a_supplement_scheduled_today_is_taken_the_next_day(live_server, page):
    make_supplement(name="MK-7 100 µg")
    today = timezone.localdate()
    sign_in(page, live_server, make_user("sam"))

    page.goto(f"{live_server.url}/routines/schedules/new/")
    page.get_by_label("Supplement").select_option(label="MK-7 100 µg")
    page.get_by_label("How often").select_option("day")
    page.get_by_label("Time of day").select_option("evening")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Scheduled MK-7 100 µg")

    tomorrow = today + datetime.timedelta(days=1)
    page.goto(day_url(live_server, tomorrow))
    dose = page.locator("[data-dose]")
    expect(dose).to_contain_text("pending (evening)")
    assert not Entry.objects.exists()  # pending: nothing counts yet
    dose.get_by_role("button", name="Take").click()
    expect(page.locator("[data-dose]")).to_contain_text("taken")
    supplements = page.get_by_role("region", name="Supplements")
    expect(supplements.get_by_role("link", name=re.compile("^Change MK-7 100 µg"))).to_be_visible()
    assert ScheduledDose.objects.get(schedule=DoseSchedule.objects.get()).day == tomorrow
