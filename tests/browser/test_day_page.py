"""The day page as a person uses it on a phone and on a desktop: six foods logged through the
page, then what they see (the day's figures), Back, copying twice, and a stale edit."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from diary.models import Entry
from tests.factories import make_entry, make_food, make_natto, make_user

PASSWORD = "correct-horse-battery"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SIX_FOODS = [
    ("Natto", "natt"),
    ("Kale, raw", "kale"),
    ("Spinach, raw", "spina"),
    ("Cheese, gouda", "gouda"),
    ("Egg, whole, raw, fresh", "egg, wh"),
    ("Broccoli, raw", "brocc"),
]


def make_six_foods():
    make_natto()
    make_food("Kale, raw", values={"k1": "389.6"}, portions=[("cup, chopped", 67)])
    make_food("Spinach, raw", values={"k1": "482.9"}, portions=[("cup", 30)])
    make_food("Cheese, gouda", values={"k1": "2.2", "mk4": "10.1"}, portions=[("oz", "28.35")])
    make_food(
        "Egg, whole, raw, fresh", values={"k1": "0.3", "mk4": "5.6"}, portions=[("large", 50)]
    )
    make_food("Broccoli, raw", values={"k1": "101.6"}, portions=[("cup, chopped", 91)])


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def log_food(page, typed, name, amount="100"):
    page.get_by_role("combobox", name="Food").fill(typed)
    page.get_by_role("option", name=name).click()
    expect(page.locator("#food-id")).not_to_have_value("")
    page.get_by_label("Amount", exact=True).fill(amount)
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#add-entry .status")).to_contain_text(f"of {name} to")
    # Once the answer has settled, the Food box has the focus, ready for the next food (and
    # htmx listens to it: typing before that would send no search).
    expect(page.get_by_role("combobox", name="Food")).to_be_focused()


def widest(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_six_foods_logged_through_the_page_fit_the_screen(live_server, page, viewport):
    make_six_foods()
    user = make_user(password=PASSWORD)
    sign_in(page, live_server, user)
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/diary/")

    # The Food field is on the first screen, the day's figures above it.
    food_box = page.get_by_role("combobox", name="Food").bounding_box()
    assert food_box["y"] + food_box["height"] <= viewport["height"], food_box
    strip = page.locator("#day-strip").bounding_box()
    assert strip["y"] < food_box["y"]

    page.evaluate("window.__noReload = 'still here'")
    for name, typed in SIX_FOODS:
        log_food(page, typed, name)
    assert Entry.objects.filter(user=user).count() == 6
    assert page.evaluate("window.__noReload") == "still here"
    expect(page.locator(".entry-open")).to_have_count(6)
    expect(page.locator("#day-strip")).to_contain_text("Total")

    height = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(path=f"/tmp/day-{viewport['width']}.png", full_page=True)
    if viewport is PHONE:
        assert height <= 2600, f"the day is {height}px tall on a phone"
    rows = [page.locator(".entry").nth(i).bounding_box() for i in range(6)]
    for row in rows:
        assert row["height"] >= 44  # a touch target
        # One line on a desktop, at most two on a phone.
        assert row["height"] <= (76 if viewport is PHONE else 50), row
    for width in (320, 390, 768, 1280, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        assert widest(page) <= width, f"the day page is {widest(page)}px wide at {width}px"


def test_back_after_logging_and_leaving_shows_the_whole_day(live_server, page):
    make_six_foods()
    user = make_user(password=PASSWORD)
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/diary/")
    log_food(page, "natt", "Natto")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Foods").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Foods")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    expect(page.locator("link[rel=stylesheet]")).not_to_have_count(0)
    expect(page.locator(".entry-open")).to_have_count(1)
    expect(page.get_by_role("combobox", name="Food")).to_be_visible()

    # Previous day moves without a reload and Back returns to today.
    page.get_by_role("link", name="← Previous day").click()
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Today")
    assert page.url.rstrip("/").endswith(
        (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    )
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    expect(page.locator(".entry-open")).to_have_count(1)


def test_copying_the_same_day_twice_asks_first(live_server, page):
    user = make_user(password=PASSWORD)
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    natto = make_natto()
    for meal in ("breakfast", "lunch", "dinner"):
        make_entry(user, natto, grams=20, day=yesterday, meal=meal)
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/diary/")
    copy = page.get_by_role("region", name="Copy or save a meal")
    copy.get_by_role("heading", name="Copy or save a meal").click()  # folded until wanted
    copy.get_by_role("button", name="Copy").click()
    expect(copy.get_by_role("status")).to_contain_text("Copied 3 entries (the whole day)")
    expect(page.locator(".entry-open")).to_have_count(3)

    copy.get_by_role("button", name="Copy").click()
    expect(copy.get_by_role("alert")).to_contain_text(
        "These 3 entries are already there: copy again?"
    )
    assert Entry.objects.filter(day=today).count() == 3
    copy.get_by_role("button", name="Copy again").click()
    expect(copy.get_by_role("status")).to_contain_text("Copied 3 entries")
    expect(page.locator(".entry-open")).to_have_count(6)


def test_an_edit_of_an_entry_deleted_in_another_tab_says_so(live_server, page, context):
    user = make_user(password=PASSWORD)
    make_entry(user, make_natto(), grams=100, day=timezone.localdate(), meal="lunch")
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/diary/")
    page.get_by_role("link", name="Change Natto 100 g").click()

    other_tab = context.new_page()
    other_tab.goto(f"{live_server.url}/diary/")
    other_tab.get_by_role("button", name="Delete Natto").click()
    expect(other_tab.get_by_text("Deleted Natto.")).to_be_visible()

    page.get_by_label("Amount of Natto").fill("50")
    page.get_by_role("button", name="Save Natto").click()
    expect(page.get_by_role("status").filter(has_text="no longer there")).to_be_visible()
    expect(page.locator(".entry-open")).to_have_count(0)  # the list shows what is really there
    assert not Entry.objects.exists()


def test_a_server_error_is_said_in_the_page(live_server, page, no_console_errors):
    user = make_user(password=PASSWORD)
    make_entry(user, make_natto(), grams=100, day=timezone.localdate())
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/diary/")
    page.route("**/delete/", lambda route: route.fulfill(status=500, body="boom"))
    page.get_by_role("button", name="Delete Natto").click()
    expect(page.locator("#request-error")).to_contain_text("Something went wrong")
    page.unroute("**/delete/")
    page.route("**/delete/", lambda route: route.abort())
    page.get_by_role("button", name="Delete Natto").click()
    expect(page.locator("#request-error")).to_contain_text("No connection to the server")
    # The browser logs both failures to its console: here they are what is under test.
    no_console_errors.clear()
