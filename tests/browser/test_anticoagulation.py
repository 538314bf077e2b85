"""The steady-intake mode as a person on warfarin uses it: turn it on, ten logged days
with one far above usual, three INRs and a dose change through the page; then the usual mean ±
SD, the flagged day with its foods, time in range, the chart, and the supplement confirmation."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from diary.models import DoseChange, Entry, InrResult
from tests.browser.test_day_page import sign_in
from tests.factories import make_steady_days, make_supplement, make_user


def add_inr(page, day, value):
    form = page.locator("#inr-form")
    form.locator("#id_inr-day").fill(day.isoformat())
    form.locator("#id_inr-value").fill(value)
    form.locator("#id_inr-measured_at").select_option("clinic")
    form.get_by_role("button", name="Add INR").click()
    expect(page.locator("#inr-table")).to_contain_text(value)


def test_warfarin_mode_from_settings_to_the_report(live_server, page):
    user = make_user()
    today = timezone.localdate()
    make_steady_days(user, today, count=10, big_day=today)
    sign_in(page, live_server, user)

    page.goto(f"{live_server.url}/diary/anticoagulation/settings/")
    page.get_by_label("Which medicine").select_option("warfarin")
    expect(page.get_by_label("Lower INR limit")).to_have_value("2.0")
    page.get_by_role("button", name="Turn the mode on").click()
    expect(page.get_by_role("heading", name="Steady vitamin K", level=1)).to_be_visible()

    page.goto(f"{live_server.url}/diary/anticoagulation/log/")
    url = page.url
    for days_ago, value in ((14, "1.8"), (7, "2.6"), (0, "3.4")):
        add_inr(page, today - datetime.timedelta(days=days_ago), value)
    dose = page.locator("#dose-form")
    dose.locator("#id_dose-day").fill((today - datetime.timedelta(days=7)).isoformat())
    dose.locator("#id_dose-mg_per_day").fill("5")
    dose.get_by_role("button", name="Add dose change").click()
    expect(page.locator("#dose-table")).to_contain_text("5 mg/day")
    assert page.url == url  # htmx: no reload, no redirect
    assert InrResult.objects.filter(user=user).count() == 3
    assert DoseChange.objects.filter(user=user).count() == 1

    page.goto(f"{live_server.url}/diary/anticoagulation/")
    usual = page.locator("[data-usual]")
    expect(usual).to_contain_text("±")
    expect(page.locator("#steadiness")).to_contain_text("9 logged days")
    expect(page.locator(".foods-behind")).to_contain_text("Spinach, raw: +965.8 µg")
    # 1.8 -> 2.6 -> 3.4 a week apart, range 2.0–3.0: 9 of 14 interpolated days in range.
    expect(page.locator("[data-ttr]")).to_have_text("64%")
    drawn = page.evaluate("() => !!document.getElementById('timeline-chart').chart")
    assert drawn
    expect(page.locator(".timeline-table")).to_contain_text("3.40")

    page.get_by_role("link", name="Report for the clinic").first.click()
    expect(page.locator("#furthest tbody tr").first).to_contain_text("Spinach, raw")
    expect(page.locator("#report-inrs")).to_contain_text("1.80")

    # A vitamin K supplement on the day page: the evidence first, saved only once confirmed.
    pill = make_supplement()
    page.goto(f"{live_server.url}/diary/")
    page.get_by_role("combobox", name="Food").fill("vitamin k2")
    page.get_by_role("option", name="Vitamin K2 capsule").click()
    expect(page.locator("#food-id")).not_to_have_value("")
    page.get_by_label("Amount", exact=True).fill("1")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#supplement-confirm")).to_contain_text("Theuwissen E et al. 2013")
    assert not Entry.objects.filter(user=user, food=pill).exists()
    page.get_by_label("I have read this; log it anyway").check()
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#add-entry .status")).to_contain_text("of Vitamin K2 capsule to")
    assert Entry.objects.filter(user=user, food=pill).count() == 1
