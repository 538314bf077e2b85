"""A child's day in Chromium: their own adequate intake, not the adult 90–120 µg."""

from django.utils import timezone
from playwright.sync_api import expect

from diary.models import Entry
from tests.browser.test_day_page import sign_in
from tests.factories import make_entry, make_food, make_supplement, make_user


def test_a_child_sees_their_own_reference_and_k2_by_form(live_server, page):
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
    expect(summary).to_contain_text("K1 60 µg of your adequate intake, 55 µg")
    expect(summary).to_contain_text("K1 has reached your adequate intake.")
    expect(summary).to_contain_text("adequate intake for children 4–8 years, 55 µg")
    expect(summary).not_to_contain_text("90–120")
    # K2 on its own, by form, saying what is unknown rather than 0.
    k2 = page.locator("#k2-by-form")
    expect(k2).to_contain_text("K2, on its own (no reference value exists for it): 100 µg")
    expect(k2).to_contain_text("MK-7 100 µg")
    expect(k2).to_contain_text("MK-4 no data")
    expect(page.locator("#day-strip")).to_contain_text("K1 60 µg of 55 µg")

    page.goto(f"{live_server.url}/diary/week/")
    expect(page.locator("body")).not_to_contain_text("90–120")
    week = page.locator(".week-summary")
    expect(week).to_contain_text("K1 reached your adequate intake of 55 µg")
