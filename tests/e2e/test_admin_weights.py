"""An admin tunes a factor's weight from the factor list, in a real browser."""

from decimal import Decimal

from playwright.sync_api import expect

from offers.models import Factor
from tests.e2e.conftest import PASSWORD, log_in, url
from tests.factories import ComparisonFactory, OfferFactory, UserFactory, rate_all


def test_staff_change_a_weight_from_a_factor_list_that_fits_the_screen(
    page, live_server, screenshot
):
    admin = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    log_in(page, live_server, admin.email, PASSWORD)
    page.goto(url(live_server, "/admin/offers/factor/"))

    # Every column, the "Active" switches included, is on screen without scrolling sideways.
    results = page.locator("#changelist-form .results")
    assert results.evaluate("el => el.scrollWidth <= el.clientWidth"), "the list scrolls sideways"
    expect(page.get_by_role("columnheader", name="Active")).to_be_in_viewport()

    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Workload"))
    row.locator("input[name$='-weight']").fill("2.5")
    screenshot("admin-factor-list")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Factor.objects.get(key="workload").weight == Decimal("2.50")


def test_a_weight_change_shows_in_the_factors_history_and_the_seeker_is_told(
    page, open_page, live_server, screenshot
):
    seeker = UserFactory(email="dana@example.com")
    comparison = ComparisonFactory(owner=seeker, title="Spring offers")
    rate_all(OfferFactory(comparison=comparison, title="Analyst", employer="Acme"), 4, 3)
    seekers_page = open_page()
    seekers_page.set_viewport_size({"width": 375, "height": 800})
    log_in(seekers_page, live_server, seeker.email)
    seekers_page.goto(url(live_server, comparison.get_absolute_url()))  # seen as it was

    admin = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    log_in(page, live_server, admin.email, PASSWORD)
    page.goto(url(live_server, "/admin/offers/factor/"))
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Workload"))
    row.locator("input[name$='-weight']").fill("2.5")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.get_by_role("link", name="Workload").first.click()
    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history")
    expect(history).to_contain_text("admin@example.com")
    expect(history.locator("li")).to_contain_text("Weight: 1.00 → 2.50")
    screenshot("admin-factor-history")

    seekers_page.reload()
    notice = seekers_page.locator(".scoring-changes")
    expect(notice).to_contain_text("The scoring changed since you last looked")
    expect(notice).to_contain_text("an administrator adjusted Workload.")
    screenshot("seeker-scoring-changed-375", of=seekers_page)
    seekers_page.reload()
    expect(seekers_page.locator(".scoring-changes")).to_have_count(0)
