"""On a 375 px phone the chart's text stays readable and its dots lead to the offers' cards; the
offer form's five ratings of a factor share one row of thumb-sized buttons."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, url
from tests.factories import ComparisonFactory, OfferFactory, UserFactory, rate_all

PHONE = {"width": 375, "height": 800}
RATINGS = ["1 · Poor", "2 · Weak", "3 · Fair", "4 · Good", "5 · Excellent"]


@pytest.fixture
def comparison(live_server):
    owner = UserFactory(email="phone.owner@example.com")
    comparison = ComparisonFactory(owner=owner, title="Phone offers")
    for title, life, future in [
        ("Product analyst", 4, 4),
        ("Data engineer", 5, 2),
        ("UX researcher", 2, 5),
        ("Night porter", 2, 1),
        ("Twin analyst", 4, 4),  # at the same spot as the first
    ]:
        rate_all(OfferFactory(comparison=comparison, title=title), life=life, future=future)
    return comparison


def test_chart_text_is_at_least_12_px_on_a_phone_and_a_dot_leads_to_its_card(
    page, live_server, comparison, screenshot
):
    log_in(page, live_server, "phone.owner@example.com")
    page.set_viewport_size(PHONE)
    page.goto(url(live_server, comparison.get_absolute_url()))

    chart = page.get_by_role("img", name=re.compile("Quadrant chart"))
    sizes = chart.evaluate(
        """svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll("text")].map(t => ({
                text: t.textContent.trim(),
                px: parseFloat(getComputedStyle(t).fontSize) * scale,
            }));
        }"""
    )
    assert len(sizes) > 10  # ticks, axes, quadrant names and dot labels
    assert [s for s in sizes if s["px"] < 12] == []

    # The labels as the browser draws them, in whatever font it has, overlap nothing.
    boxes = chart.evaluate(
        """svg => [...svg.querySelectorAll("text")]
            .filter(t => !t.closest("[transform]"))
            .map(t => {
                const r = t.getBoundingClientRect();
                return {text: t.textContent.trim(), x: r.x, y: r.y, r: r.right, b: r.bottom};
            })"""
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = a["x"] < b["r"] and b["x"] < a["r"] and a["y"] < b["b"] and b["y"] < a["b"]
            assert not overlap, (a["text"], b["text"])
    chart.scroll_into_view_if_needed()
    screenshot("chart-on-a-phone", full_page=False)

    offer = comparison.offers.get(title="Data engineer")
    dot = chart.get_by_role("link", name=re.compile(r"^\d+\. Data engineer"))
    dot.locator("circle").click()
    expect(page).to_have_url(re.compile(rf"#offer-{offer.pk}$"))
    expect(page.locator(f"#offer-{offer.pk}")).to_be_in_viewport()

    page.set_viewport_size({"width": 1280, "height": 900})
    chart.scroll_into_view_if_needed()
    screenshot("chart-on-a-desktop", full_page=False)


def test_the_five_ratings_of_a_factor_share_one_row_of_44_px_buttons_on_a_phone(
    page, live_server, comparison, screenshot
):
    log_in(page, live_server, "phone.owner@example.com")
    page.set_viewport_size(PHONE)
    page.goto(url(live_server, f"/comparisons/{comparison.pk}/offers/new/"))

    pay = page.get_by_role("radiogroup", name="Pay", exact=True)
    boxes = [pay.get_by_text(label, exact=True).bounding_box() for label in RATINGS]
    assert len({round(box["y"]) for box in boxes}) == 1, boxes
    assert all(box["height"] >= 44 and box["width"] >= 44 for box in boxes), boxes
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Each radio is still named by its meaning, and arrow keys move between them.
    pay.get_by_text("3 · Fair", exact=True).click()
    expect(pay.get_by_role("radio", name="3 · Fair", exact=True)).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(pay.get_by_role("radio", name="4 · Good", exact=True)).to_be_checked()
    pay.scroll_into_view_if_needed()
    screenshot("offer-form-ratings-on-a-phone", full_page=False)

    page.set_viewport_size({"width": 1280, "height": 900})
    labels = ["Not rated", *RATINGS]
    tops = {round(pay.get_by_text(label, exact=True).bounding_box()["y"]) for label in labels}
    assert len(tops) == 1  # one tidy row, "Not rated" first
