from playwright.sync_api import expect


def test_home_page_loads_without_console_errors_or_csp_violations(live_server, page):
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    assert "script-src" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", level=1)).to_contain_text("vitamin K1 and K2")
    expect(page.get_by_role("main").get_by_role("link", name="About the data")).to_be_visible()
    # htmx loaded from our own origin under the nonce: the strict CSP let it run.
    assert page.evaluate("typeof window.htmx") == "object"
