"""Sign up in a real browser, then take the browser's time zone into the profile."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from diary.models import Profile

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": "Pacific/Auckland"}


def test_sign_up_then_use_the_browsers_time_zone(page, live_server):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Username").fill("tui")
    page.get_by_label("Password:", exact=True).fill("violet-lantern-orchard-42")
    page.get_by_label("Password confirmation").fill("violet-lantern-orchard-42")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Create my account").click()
    assert navigation.value.status == 200
    expect(page).to_have_url(f"{live_server.url}/diary/")
    # The sign-up form took the browser's zone, so "today" is the person's today at once.
    assert Profile.objects.get(user__username="tui").time_zone == "Pacific/Auckland"

    page.get_by_role("link", name="Profile").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    time_zone = page.get_by_label("Time zone")
    expect(time_zone).to_have_value("Pacific/Auckland")
    # Already the browser's zone: nothing to offer.
    expect(page.get_by_role("button", name=re.compile("Use my browser's time zone"))).to_have_count(
        0
    )
    time_zone.fill("UTC")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_role("status")).to_contain_text("Your profile is saved.")
    offer = page.get_by_role("button", name="Use my browser's time zone (Pacific/Auckland)")
    offer.click()
    expect(page.get_by_label("Time zone")).to_have_value("Pacific/Auckland")
    expect(page.get_by_label("Time zone")).to_be_focused()


def test_log_in_to_the_profile_type_a_time_zone_and_tick_warfarin(page, live_server):
    get_user_model().objects.create_user("kiri", password="violet-lantern-orchard-42")
    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/profile/")
    page.get_by_label("Username").fill("kiri")
    page.get_by_label("Password").fill("violet-lantern-orchard-42")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    page.get_by_label("Time zone").fill("Europe/Paris")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Paris")
    # On warfarin: the profile leads to the steady mode, which its own page turns on.
    page.get_by_role("link", name="Turn it on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Steady-intake mode")
    page.get_by_label("Which medicine").select_option("warfarin")
    page.get_by_role("button", name="Turn the mode on").click()
    expect(page.get_by_text("The steady-intake mode is on.")).to_be_visible()
    page.goto(f"{live_server.url}/accounts/profile/")
    note = page.get_by_role("complementary", name="Note for people taking warfarin")
    expect(note).to_contain_text("a steady vitamin K intake from day to day matters more")
    expect(page.get_by_text("The steady vitamin K mode is on")).to_be_visible()
