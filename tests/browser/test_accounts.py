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
    assert Profile.objects.get(user__username="tui").time_zone == "UTC"

    page.get_by_role("link", name="Profile").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    time_zone = page.get_by_label("Time zone")
    expect(time_zone).to_have_value("UTC")
    offer = page.get_by_role("button", name="Use my browser's time zone (Pacific/Auckland)")
    offer.click()
    expect(time_zone).to_have_value("Pacific/Auckland")
    expect(time_zone).to_be_focused()
    page.get_by_role("button", name="Save my profile").click()

    expect(page.get_by_role("status")).to_contain_text("Your profile is saved.")
    expect(page.get_by_label("Time zone")).to_have_value("Pacific/Auckland")
    user = get_user_model().objects.get(username="tui")
    assert Profile.objects.get(user=user).time_zone == "Pacific/Auckland"


def test_log_in_to_the_profile_type_a_time_zone_and_tick_warfarin(page, live_server):
    get_user_model().objects.create_user("kiri", password="violet-lantern-orchard-42")
    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/profile/")
    page.get_by_label("Username").fill("kiri")
    page.get_by_label("Password").fill("violet-lantern-orchard-42")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    page.get_by_label("Time zone").fill("Europe/Paris")
    page.get_by_label("I take warfarin or another vitamin K antagonist").check()
    page.get_by_role("button", name="Save my profile").click()
    note = page.get_by_role("complementary", name="Note for people taking warfarin")
    expect(note).to_contain_text("a steady vitamin K intake from day to day matters more")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Paris")
