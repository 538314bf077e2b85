"""On a phone-sized screen no page is wider than the screen: wide tables scroll inside."""

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_entry, make_food, make_natto, make_user

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE}


def test_pages_fit_a_phone_screen(live_server, page):
    user = make_user()
    today = timezone.localdate()
    kale = make_food("Kale, raw", values={"k1": 704.8}, portions=[("cup, chopped", 21)])
    make_entry(user, make_natto(), grams=100, day=today)
    make_entry(user, kale, grams=30, day=today, meal="lunch")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    for path in ["/", "/foods/?q=natto", "/diary/", "/diary/week/", "/diary/trend/"]:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px screen"
