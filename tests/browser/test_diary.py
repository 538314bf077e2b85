"""The diary in Chromium: add, change, delete and undo without a page reload; keyboard only."""

import re

from playwright.sync_api import expect

from tests.factories import make_food, make_natto, make_user

PASSWORD = "correct-horse-battery"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/?next=/diary/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    # The page's scripts have run (htmx listens to the Food box): typing earlier sends nothing.
    page.wait_for_load_state()


def sign_up(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    # The page's scripts have run (htmx listens to the Food box): typing earlier sends nothing.
    page.wait_for_load_state()


def choose_food_with_mouse(page, text, name):
    page.get_by_role("combobox", name="Food").fill(text)
    page.get_by_role("option", name=name).click()
    expect(page.locator("#food-id")).not_to_have_value("")


def test_add_change_delete_and_undo_without_reload(live_server, page):
    make_natto()
    sign_up(page, live_server, "kenji")
    page.evaluate("window.__noReload = 'still here'")

    choose_food_with_mouse(page, "natt", "Natto")
    page.get_by_label("Amount", exact=True).fill("100")
    expect(page.get_by_label("Unit", exact=True)).to_have_value("g")
    page.get_by_label("Meal", exact=True).select_option("breakfast")
    expect(page.locator("#add-preview")).to_contain_text("total 962.1 µg")
    page.get_by_role("button", name="Add", exact=True).click()

    breakfast = page.get_by_role("region", name="Breakfast")
    row = breakfast.get_by_role("link", name="Change Natto 100 g")
    expect(row).to_be_visible()
    expect(page.locator("#day-k2")).to_have_text("939 µg")
    expect(page.locator("#day-k1")).to_have_text("23.1 µg")
    expect(page.locator("#day-total")).to_have_text("962.1 µg")
    expect(page.locator("#day-strip")).to_contain_text("Total 962.1 µg")
    assert page.evaluate("window.__noReload") == "still here"

    # Tapping the row opens its form in place; Escape closes it unchanged.
    row.click()
    amount = breakfast.get_by_label("Amount of Natto")
    expect(amount).to_be_focused()
    page.keyboard.press("Escape")
    expect(amount).to_have_count(0)
    expect(breakfast.get_by_role("link", name="Change Natto 100 g")).to_be_focused()

    breakfast.get_by_role("link", name="Change Natto 100 g").click()
    breakfast.get_by_label("Amount of Natto").fill("50")
    breakfast.get_by_role("button", name="Save Natto").click()
    expect(page.locator("#day-k2")).to_have_text("469.5 µg")
    expect(page.locator("#day-k1")).to_have_text("11.6 µg")
    expect(breakfast.get_by_role("link", name="Change Natto 50 g")).to_be_focused()

    breakfast.get_by_role("button", name="Delete Natto").click()
    expect(page.get_by_text("Deleted Natto.")).to_be_visible()
    expect(page.get_by_role("button", name="Undo")).to_be_focused()
    expect(page.locator("#day-strip")).to_contain_text("Nothing logged today yet.")
    page.get_by_role("button", name="Undo").click()
    breakfast = page.get_by_role("region", name="Breakfast")
    expect(breakfast.get_by_role("link", name="Change Natto 50 g")).to_be_visible()
    expect(page.locator("#day-k2")).to_have_text("469.5 µg")
    assert page.evaluate("window.__noReload") == "still here"


def test_undo_hides_itself_after_a_few_seconds(live_server, page):
    from django.utils import timezone

    from tests.factories import make_entry

    user = make_user(password=PASSWORD)
    make_entry(user, make_natto(), grams=100, day=timezone.localdate())
    log_in(page, live_server, user.username)
    page.get_by_role("button", name="Delete Natto").click()
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_visible()
    expect(undo).to_have_count(0, timeout=12_000)


def test_add_with_the_keyboard_only(live_server, page):
    user = make_user(password=PASSWORD)
    make_natto()
    log_in(page, live_server, user.username)
    page.evaluate("window.__noReload = 'still here'")

    page.get_by_role("combobox", name="Food").focus()
    page.keyboard.type("natt")
    expect(page.get_by_role("option", name="Natto")).to_be_visible()
    combobox = page.get_by_role("combobox", name="Food")
    expect(combobox).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowDown")
    expect(combobox).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("option", name="Natto")).to_have_attribute("aria-selected", "true")
    expect(combobox).to_have_attribute("aria-activedescendant", re.compile(r"^food-option-\d+$"))
    page.keyboard.press("Enter")
    expect(combobox).to_have_value("Natto")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    units = page.get_by_label("Unit", exact=True)
    expect(units.get_by_role("option", name="1 cup (175 g)")).to_have_count(1)
    expect(units.get_by_role("option", name="oz", exact=True)).to_have_count(1)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Amount", exact=True)).to_be_focused()
    page.keyboard.type("100")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text(re.compile(r"Added 100 g of Natto"))
    expect(page.locator("#day-k2")).to_have_text("939 µg")
    assert page.evaluate("window.__noReload") == "still here"
    # Ready for the next food: focus is back in the search box.
    expect(page.get_by_role("combobox", name="Food")).to_be_focused()


def test_the_diary_works_without_javascript(live_server, browser):
    user = make_user(password=PASSWORD)
    make_natto()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server, user.username)
        page.get_by_role("combobox", name="Food").fill("natt")
        page.get_by_role("button", name="Find").click()
        page.get_by_role("radio", name="Natto").check()
        page.get_by_label("Amount", exact=True).fill("100")
        page.get_by_label("Meal", exact=True).select_option("lunch")
        page.get_by_role("button", name="Add", exact=True).click()
        expect(page.get_by_text("Added 100 g of Natto to lunch.")).to_be_visible()
        expect(page.locator("#day-k2")).to_have_text("939 µg")

        lunch = page.get_by_role("region", name="Lunch")
        lunch.get_by_role("link", name="Change Natto 100 g").click()  # opens the form
        lunch = page.get_by_role("region", name="Lunch")
        lunch.get_by_label("Amount of Natto").fill("50")
        lunch.get_by_role("button", name="Save Natto").click()
        expect(page.locator("#day-k2")).to_have_text("469.5 µg")

        page.get_by_role("region", name="Lunch").get_by_role("button", name="Delete Natto").click()
        expect(page.get_by_text("Deleted Natto.").first).to_be_visible()
        page.get_by_role("button", name="Undo").click()
        expect(page.get_by_text("Restored Natto.")).to_be_visible()
        expect(page.locator("#day-k2")).to_have_text("469.5 µg")
    finally:
        context.close()


def test_favourite_from_an_entry_row_then_add_it_in_one_click(live_server, page):
    from django.utils import timezone

    from tests.factories import make_entry

    user = make_user(password=PASSWORD)
    make_entry(user, make_natto(), grams=100, day=timezone.localdate(), meal="lunch")
    log_in(page, live_server, user.username)
    page.evaluate("window.__noReload = 'still here'")
    favourites = page.get_by_role("region", name="Favourites")
    expect(favourites).to_contain_text("No favourites yet")

    lunch = page.get_by_role("region", name="Lunch")
    toggle = lunch.get_by_role("button", name="Favourite (Natto)")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    pressed = lunch.get_by_role("button", name="Favourite (Natto)")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    expect(pressed).to_be_focused()
    chip = favourites.get_by_role("button", name="Add Natto · 100 g to lunch")
    expect(chip).to_be_visible()

    chip.click()
    expect(lunch.get_by_role("link", name="Change Natto 100 g")).to_have_count(2)
    expect(page.locator("#day-k2")).to_have_text("1,878 µg")
    assert page.evaluate("window.__noReload") == "still here"


def test_the_food_list_shows_the_vitamin_and_enter_picks_the_only_match(live_server, page):
    user = make_user(password=PASSWORD)
    make_natto()
    make_food("Kale, raw", values={"k1": "389.6"}, portions=[("cup, chopped", 67)])
    log_in(page, live_server, user.username)
    combobox = page.get_by_role("combobox", name="Food")
    combobox.focus()
    page.keyboard.type("natt")
    option = page.get_by_role("option", name=re.compile("Natto"))
    # Each result says what a serving holds and where the K2 figure comes from.
    expect(option).to_contain_text("1 cup (175 g): K1 40.4 µg · K2 1,643.3 µg")
    expect(option).to_contain_text("Kamao et al. 2007")
    expect(page.locator("#food-count")).to_have_text("1 food matches “natt”.")
    page.keyboard.press("Enter")  # the only match: no arrow needed
    expect(combobox).to_have_value("Natto")
    combobox.fill("kale")
    expect(page.get_by_role("option", name=re.compile("Kale"))).to_contain_text("K2: no data")
    page.keyboard.press("Escape")
    expect(combobox).to_have_value("kale")  # what was typed stays
