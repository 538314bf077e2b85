import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_food, make_natto

pytestmark = pytest.mark.django_db(transaction=True)


def test_type_to_search_then_open_natto_and_see_its_sources(live_server, page):
    make_natto()
    make_food("Rice, white", values={"k1": "0.1"})
    page.goto(live_server.url + "/foods/")
    page.evaluate("window.__noReload = 'still here'")

    page.get_by_label("Search foods").fill("natto")
    results = page.locator("#food-results")
    expect(results.get_by_role("link", name="Natto")).to_be_visible()
    expect(results.get_by_role("link", name="Rice, white")).to_have_count(0)
    # Updated in place: the marker set on this document survived, and the URL is shareable.
    assert page.evaluate("window.__noReload") == "still here"
    expect(page).to_have_url(re.compile(r"/foods/\?q=natto"))

    results.get_by_role("link", name="Natto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Natto")
    mk7 = page.get_by_role("row", name=re.compile(r"^MK-7"))
    expect(mk7).to_contain_text("939")
    expect(mk7).to_contain_text("Kamao et al. 2007")
    expect(page.get_by_role("row", name=re.compile(r"^K1"))).to_contain_text("USDA SR28, NDB 16113")


def test_shared_search_url_works_without_javascript(live_server, browser):
    make_natto()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/foods/?q=NATTO")
    expect(page.locator("#food-results").get_by_role("link", name="Natto")).to_be_visible()
    page.get_by_label("Search foods").fill("rice")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"q=rice"))
    expect(page.locator("#food-results")).to_contain_text("No foods match")
    context.close()


def test_sorting_updates_results_in_place(live_server, page):
    make_natto()
    make_food("Spinach", values={"k1": 483})
    page.goto(live_server.url + "/foods/")
    page.evaluate("window.__noReload = 1")
    page.get_by_label("Sort by").select_option("k1")
    first = page.locator("#food-results tbody tr").first
    expect(first).to_contain_text("Spinach")
    page.get_by_label("Sort by").select_option("mk7")
    expect(first).to_contain_text("Natto")
    assert page.evaluate("window.__noReload") == 1
