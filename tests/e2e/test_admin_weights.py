"""An admin tunes a factor's weight from the factor list, in a real browser."""

from decimal import Decimal

from playwright.sync_api import expect

from offers.models import Factor
from tests.e2e.conftest import PASSWORD, log_in, url
from tests.factories import UserFactory


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
