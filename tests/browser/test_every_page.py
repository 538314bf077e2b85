"""Every page a signed-in person can open, in Chromium: each answers, draws, logs no error to
the console (the autouse no_console_errors fixture fails the test otherwise), and has nothing
axe-core finds against WCAG 2.1 A/AA or its best practices."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.test_day_page import sign_in
from tests.factories import (
    make_dose,
    make_entry,
    make_food,
    make_inr,
    make_natto,
    make_steady_days,
    make_user,
    make_vka_profile,
)

PAGES = [
    "/",
    "/foods/",
    "/foods/?q=natto",
    "/foods/?sort=k2&basis=portion",
    "/foods/about-the-data/",
    "/diary/",
    "/diary/?q=usual",  # without JavaScript: the foods and the saved meal found, to choose
    "/diary/week/",
    "/diary/trend/?days=90",
    "/diary/trend/?nutrient=calcium",
    "/diary/export/",
    "/accounts/profile/",
    "/my-foods/",
    "/my-foods/new/",
    "/my-foods/new-supplement/",
    "/my-data/",
    "/diary/anticoagulation/",
    "/diary/anticoagulation/settings/",
    "/diary/anticoagulation/log/",
    "/diary/anticoagulation/report/",
    "/routines/",
    "/routines/recipes/new/",
    "/routines/schedules/new/",
]


@pytest.fixture
def steady_user():
    user = make_user()
    today = timezone.localdate()
    make_vka_profile(user)
    make_steady_days(user, today, count=10)
    make_inr(user, today, "2.4")
    make_dose(user, today, mg="5")
    make_entry(user, make_natto(), grams=20, day=today)
    bread = make_food("My bread", owner=user, values={"k1": 2}, portions=[("slice", 30)])
    _routines(user, bread, today)
    return user


def _routines(user, bread, today):
    """A saved meal, a recipe and a scheduled supplement: the day page shows them too."""
    from decimal import Decimal

    from diary.models import DoseSchedule
    from diary.routines import services
    from tests.factories import make_supplement

    services.saved_meal_create(user=user, name="Usual breakfast", day=today, meal="breakfast")
    services.recipe_save(
        user=user,
        name="Bread pudding",
        servings=Decimal(4),
        cooked_grams=None,
        ingredients=[
            services.IngredientInput(
                food=bread, quantity=Decimal(200), portion=None, grams=Decimal(200)
            )
        ],
    )
    services.schedule_save(schedule=DoseSchedule(user=user, food=make_supplement(), starts=today))


def test_every_page_answers_without_a_console_error(live_server, page, steady_user):
    sign_in(page, live_server, steady_user)
    # Twice: rendered the first time, served from the page cache the second (with its own
    # CSRF and form tokens), and both must load without a console error.
    for path in [*PAGES, *PAGES]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    natto_page = page.goto(live_server.url + "/foods/?q=natto")
    assert natto_page.ok
    page.get_by_role("link", name="Natto", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Natto")


def test_a_missing_page_is_in_the_sites_style(live_server, page, no_console_errors):
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Search the foods")).to_be_visible()
    # The browser reports the 404 itself; that is the answer under test, not a page error.
    no_console_errors[:] = [p for p in no_console_errors if "404" not in p]


def test_every_page_passes_axe(live_server, axe_page, steady_user):
    sign_in(axe_page, live_server, steady_user)
    found = {}
    for path in [*PAGES, "/no-such-page/"]:
        axe_page.goto(live_server.url + path)
        expect(axe_page.get_by_role("heading", level=1)).to_be_visible()
        found[path] = axe_violations(axe_page)
    # The typeahead open, a food and a saved meal found.
    axe_page.goto(live_server.url + "/diary/")
    axe_page.get_by_role("combobox", name="Food").press_sequentially("usual")
    expect(axe_page.locator("#saved-options button")).to_have_count(1)
    found["/diary/ typeahead"] = axe_violations(axe_page)
    axe_page.goto(live_server.url + "/foods/?q=natto")
    axe_page.get_by_role("link", name="Natto", exact=True).first.click()
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("Natto")
    found["a food's page"] = axe_violations(axe_page)
    axe_page.context.clear_cookies()
    for path in ["/", "/accounts/login/", "/accounts/signup/", "/foods/"]:
        axe_page.goto(live_server.url + path)
        found[f"{path} signed out"] = axe_violations(axe_page)
    problems = [f"{path}: {v}" for path, violations in found.items() for v in violations]
    assert problems == [], "\n".join(problems)
