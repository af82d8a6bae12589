"""A job seeker's whole visit, driven like a person does: by labels, roles and visible text."""

import csv
import re

import pytest
from playwright.sync_api import expect

from offers.scoring import Priority
from tests import factories
from tests.e2e.conftest import PASSWORD, labelled, log_in, sign_up, url
from tests.factories import ComparisonFactory, OfferFactory, UserFactory, rate_all

RATING_LABELS = {
    None: "Not rated",
    1: "1 · Poor",
    2: "2 · Weak",
    3: "3 · Fair",
    4: "4 · Good",
    5: "5 · Excellent",
}
LIFE_FIT = ["Pay", "Benefits", "Schedule", "Location", "Predictability", "Workload"]
FUTURE_VALUE = [
    "Skill growth",
    "Measurable achievements",
    "Modern tools",
    "Network quality",
    "Advancement pathways",
]

IDEAL, PRESENT, FUTURE = "Ideal option", "Pays the present", "Builds the future"

# Ratings in factor order: six of life fit, then five of future value.
# A rating r is worth 100·(r−1)/4; a dimension is strong from 70.
PRODUCT_ANALYST = {
    "role": "Product analyst",
    "employer": "Northwind",
    "location": "Lisbon",
    "work_mode": "On-site",
    "salary": "52000",
    "ratings": [*(5, 5, 4, 4, 5, 4), *(2, 3, 2, 3, 2)],  # life 87.5 → 88, future 35
    "life": 88,
    "future": 35,
    "verdict": PRESENT,
}
DATA_ENGINEER = {
    "role": "Data engineer",
    "employer": "Contoso Labs",
    "location": "Berlin",
    "work_mode": "Hybrid",
    "salary": "48000",
    "ratings": [*(3, 2, 2, 3, 3, 2), *(5, 5, 5, 4, 5)],  # life 37.5 → 38, future 95
    "life": 38,
    "future": 95,
    "verdict": FUTURE,
}
ANALYTICS_LEAD = {
    "role": "Analytics lead",
    "employer": "Fabrikam",
    "location": "Remote, EU",
    "work_mode": "Remote",
    "salary": "61000",
    "ratings": [4] * 11,  # life 75, future 75
    "reasons": {"Workload": "No weekend on-call"},
    "life": 75,
    "future": 75,
    "verdict": IDEAL,
}


def rate(page, factor: str, score: int | None) -> None:
    """Pick a rating the way a person does: click the visible button-like label."""
    group = page.get_by_role("radiogroup", name=factor, exact=True)
    label = RATING_LABELS[score]
    group.get_by_text(label, exact=True).click()
    expect(group.get_by_label(label, exact=True)).to_be_checked()


def facts(page):
    """The offer form's facts (its "Location" field shares a name with the Location factor)."""
    return page.get_by_role("group", name="The offer")


def fill_offer(page, offer: dict) -> None:
    fields = facts(page)
    labelled(fields, "Role").fill(offer["role"])
    labelled(fields, "Employer").fill(offer["employer"])
    labelled(fields, "Location").fill(offer["location"])
    labelled(fields, "Work mode").select_option(label=offer["work_mode"])
    pay = page.get_by_role("group", name="Pay", exact=True)
    labelled(pay, "Salary (gross)").fill(offer["salary"])
    labelled(pay, "Currency").fill("EUR")
    labelled(pay, "Pay period").select_option(label="per year")
    labelled(pay, "Hours per week").fill("40")
    for factor, score in zip(LIFE_FIT + FUTURE_VALUE, offer["ratings"], strict=True):
        rate(page, factor, score)
    for factor, reason in offer.get("reasons", {}).items():
        page.get_by_label(f"Reason for {factor} (optional)", exact=True).fill(reason)


def name(offer: dict) -> str:
    return f"{offer['role']} ({offer['employer']})"


def expect_ranking(page, *offers: dict) -> None:
    """The cards come best first, each with its verdict and scores; the panel names the best."""
    cards = page.get_by_role("region", name="Offers, best first").get_by_role("article")
    expect(cards).to_have_count(len(offers))
    for rank, (card, offer) in enumerate(zip(cards.all(), offers, strict=True), start=1):
        expect(card.get_by_role("heading", level=3)).to_have_text(f"{rank}. {offer['role']}")
        expect(card).to_contain_text(offer["verdict"])
        expect(card).to_contain_text(re.compile(rf"Life fit\s*{offer['life']}/100"))
        expect(card).to_contain_text(re.compile(rf"Future value\s*{offer['future']}/100"))
    expect(page.get_by_role("region", name="The decision")).to_contain_text(
        f"the best offer is {name(offers[0])}"
    )


def verdict_card(page, offer: dict):
    verdicts = page.get_by_role("region", name="Offers, best first")
    return verdicts.get_by_role("article", name=re.compile(rf"^\d+\. {re.escape(offer['role'])}$"))


def test_job_seeker_compares_three_offers(page, live_server, screenshot):
    email = "sam.seeker@example.com"

    # Landing page → sign up.
    page.goto(url(live_server, "/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Which offer fits your life")
    page.get_by_role("link", name="Create a free account").click()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    screenshot("01-sign-up")
    sign_up(page, live_server, email, "correct-horse-battery-staple")

    # My comparisons, empty.
    expect(page.get_by_role("heading", name="My comparisons", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Welcome to CareerFit")
    expect(page.get_by_role("heading", name="No comparisons yet")).to_be_visible()
    screenshot("02-my-comparisons-empty")

    # A comparison.
    page.get_by_role("link", name="Create your first comparison").click()
    labelled(page, "Title").fill("Spring offers")
    page.get_by_label("Balanced (50 / 50)").check()
    page.get_by_role("button", name="Create comparison").click()
    expect(page.get_by_role("heading", name="Spring offers", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="No offers yet")).to_be_visible()
    comparison_url = page.url
    assert re.fullmatch(rf"{re.escape(live_server.url)}/comparisons/\d+/", comparison_url)

    # Three offers, through the form.
    page.get_by_role("link", name="Add your first offer").click()
    for i, offer in enumerate((PRODUCT_ANALYST, DATA_ENGINEER, ANALYTICS_LEAD)):
        if i:
            page.get_by_role("link", name="Add an offer", exact=True).click()
        expect(page.get_by_role("heading", name="Add an offer", level=1)).to_be_visible()
        fill_offer(page, offer)
        if i == 0:
            screenshot("03-offer-form-filled")
        page.get_by_role("button", name="Add offer").click()
        expect(page.get_by_role("status")).to_contain_text(
            f"Offer “{offer['role']} ({offer['employer']})” added."
        )

    # Verdicts, ranking (balanced: the two trade-offs by their 50/50 blend), best offer, trade-off.
    for offer in (PRODUCT_ANALYST, DATA_ENGINEER, ANALYTICS_LEAD):
        card = verdict_card(page, offer)
        expect(card).to_contain_text(offer["verdict"])
        expect(card).to_contain_text(f"{offer['employer']} · {offer['location']}")
    expect_ranking(page, ANALYTICS_LEAD, DATA_ENGINEER, PRODUCT_ANALYST)
    expect(page.get_by_text(re.compile("^Choosing "))).to_have_text(
        "Choosing Analytics lead (Fabrikam) over Data engineer (Contoso Labs) gives up "
        "20 points of future value for 37 points of life fit."
    )

    # The chart: an SVG image with one dot per offer, and the same points as a text list.
    figure = page.get_by_role("figure")
    chart = figure.get_by_role("img", name=re.compile("Quadrant chart"))
    expect(chart).to_be_visible()
    assert chart.evaluate("el => el.tagName.toLowerCase()") == "svg"
    expect(chart.locator("circle")).to_have_count(3)
    expect(figure.get_by_role("listitem")).to_have_text(
        [
            re.compile(rf"{re.escape(name(o))} — {o['verdict']}")
            for o in (ANALYTICS_LEAD, DATA_ENGINEER, PRODUCT_ANALYST)
        ]
    )
    # The side-by-side table: one column per offer, in rank order.
    table = page.get_by_role("table")
    expect(table.get_by_role("row").first.get_by_role("columnheader")).to_have_text(
        [
            "Factor",
            re.compile(r"^1\. Analytics lead"),
            re.compile(r"^2\. Data engineer"),
            re.compile(r"^3\. Product analyst"),
        ]
    )
    screenshot("04-comparison")

    # Priority: stability puts "Pays the present" above "Builds the future".
    priority = page.get_by_role("group", name="Rank offers for")
    expect(priority.get_by_role("button", pressed=True)).to_have_text("Balanced (50 / 50)")
    priority.get_by_role("button", name="Stability now (life fit 70 %)").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Offers are now ranked for: Stability now (life fit 70 %)."
    )
    expect_ranking(page, ANALYTICS_LEAD, PRODUCT_ANALYST, DATA_ENGINEER)
    expect(page.get_by_text(re.compile("^Choosing "))).to_have_text(
        "Choosing Analytics lead (Fabrikam) over Product analyst (Northwind) gives up "
        "13 points of life fit for 40 points of future value."
    )
    expect(priority.get_by_role("button", pressed=True)).to_have_text(
        "Stability now (life fit 70 %)"
    )
    # … and growth the reverse.
    priority.get_by_role("button", name="Growth (future value 70 %)").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Offers are now ranked for: Growth (future value 70 %)."
    )
    expect_ranking(page, ANALYTICS_LEAD, DATA_ENGINEER, PRODUCT_ANALYST)
    expect(priority.get_by_role("button", pressed=True)).to_have_text("Growth (future value 70 %)")

    # CSV export, in the ranking's order.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename == "careerfit-spring-offers.csv"
    with open(download.path(), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, *body = rows
    assert header[:4] == ["Rank", "Role", "Employer", "Current job"]
    assert header[-17:] == ["Life fit", "Future value", "Verdict", "Fully rated", "Fragile",
                            "Life fit vs current job", "Future value vs current job",
                            "Personal importance", "Situation", "Suggested priority",
                            "Why suggested", "Rating reasons", "Notes", "Decision",
                            "Decided on", "Decision reason", "Plan"]  # fmt: skip
    first_rating = header.index("Pay (1-5)")
    ratings = slice(first_rating, first_rating + len(LIFE_FIT + FUTURE_VALUE))
    assert [f"{label} (1-5)" for label in LIFE_FIT + FUTURE_VALUE] == header[ratings]
    assert len(body) == 3
    for rank, (row, offer) in enumerate(
        zip(body, (ANALYTICS_LEAD, DATA_ENGINEER, PRODUCT_ANALYST), strict=True), start=1
    ):
        cell = dict(zip(header, row, strict=True))
        assert row[:3] == [str(rank), offer["role"], offer["employer"]]
        assert row[ratings] == [str(r) for r in offer["ratings"]]
        assert (cell["Life fit"], cell["Future value"], cell["Verdict"]) == (
            str(offer["life"]), str(offer["future"]), offer["verdict"]
        )  # fmt: skip
        assert (cell["Fully rated"], cell["Personal importance"]) == ("yes", "as usual")
        reasons = "; ".join(f"{f}: {r}" for f, r in offer.get("reasons", {}).items())
        assert cell["Rating reasons"] == reasons

    # Edit an offer: the form comes back filled in; a change shows on the comparison.
    page.get_by_role("link", name="Edit Product analyst").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit “Product analyst (Northwind)”")
    expect(labelled(page, "Role")).to_have_value("Product analyst")
    expect(labelled(page, "Salary (gross)")).to_have_value(re.compile(r"^52000(\.00)?$"))
    expect(
        page.get_by_role("radiogroup", name="Pay", exact=True).get_by_label("5 · Excellent")
    ).to_be_checked()
    labelled(page, "Salary (gross)").fill("56000")
    rate(page, "Workload", 2)  # life fit (100+100+75+75+100+25)/6 = 79.17 → 79
    page.get_by_role("button", name="Save offer").click()
    expect(page.get_by_role("status")).to_contain_text("Offer “Product analyst (Northwind)” saved.")
    edited = {**PRODUCT_ANALYST, "life": 79}
    expect_ranking(page, ANALYTICS_LEAD, DATA_ENGINEER, edited)
    # The facts are compared in the table, in the ranking's order.
    expect(page.get_by_role("row", name=re.compile("^Salary"))).to_contain_text(
        "56,000 EUR per year"
    )

    # Delete an offer through its confirmation page.
    page.get_by_role("link", name="Delete Data engineer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Delete “Data engineer (Contoso Labs)”?"
    )
    screenshot("05-delete-offer")
    page.get_by_role("button", name="Delete offer").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Offer “Data engineer (Contoso Labs)” deleted."
    )
    assert page.url.split("#")[0] == comparison_url
    expect(
        page.get_by_role("region", name="Offers, best first").get_by_role("article")
    ).to_have_count(2)
    expect_ranking(page, ANALYTICS_LEAD, edited)

    # My comparisons now lists it with its offers and best verdict.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My comparisons").click()
    entry = page.get_by_role("link", name="Spring offers")
    expect(entry).to_be_visible()
    expect(page.get_by_text(re.compile(r"2 offers\s+·"))).to_be_visible()
    expect(page.get_by_text(f"Best verdict: ★ {IDEAL}")).to_be_visible()

    # Log out (a POST form in the nav); the comparison is then behind the log-in page.
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(url(live_server, "/"))
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()
    page.goto(comparison_url)
    path = comparison_url.removeprefix(live_server.url)
    assert page.url == url(live_server, f"/accounts/login/?next={path}")
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()


@pytest.fixture
def seeker_with_offers(live_server):
    """A logged-out user whose comparison holds three rated offers (made with the factories)."""
    user = UserFactory(email="factory.seeker@example.com")
    comparison = ComparisonFactory(owner=user, title="Offers after the bootcamp")
    for title, life, future in [
        ("Junior developer with a very long role title that wraps", 5, 4),
        ("Support engineer", 5, 2),
        ("Research assistant", 2, 5),
    ]:
        rate_all(OfferFactory(comparison=comparison, title=title), life=life, future=future)
    return user, comparison


def test_comparison_page_fits_a_phone_screen(page, live_server, seeker_with_offers, screenshot):
    user, comparison = seeker_with_offers
    # Unrated factors in columns off screen carry text for screen readers: it must not leak.
    factories.rate(OfferFactory(comparison=comparison, title="Half rated"), pay=3, skill_growth=4)
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server, user.email, PASSWORD)
    page.goto(url(live_server, comparison.get_absolute_url()))
    expect(page.get_by_role("heading", name=comparison.title, level=1)).to_be_visible()
    expect(page.get_by_role("table")).to_be_attached()
    screenshot("06-comparison-375px")

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375, f"the page scrolls sideways: {scroll_width}px wide at 375px"
    # The wide table scrolls inside its own wrapper instead, which a keyboard can focus.
    wrapper = page.get_by_role("table").locator("xpath=..")
    expect(wrapper).to_have_attribute("tabindex", "0")
    assert wrapper.evaluate("el => getComputedStyle(el).overflowX") in ("auto", "scroll")
    assert wrapper.evaluate("el => el.scrollWidth > el.clientWidth"), "the table should scroll"


def test_offer_form_keeps_input_and_explains_a_negative_salary(
    page, live_server, seeker_with_offers, screenshot
):
    user, comparison = seeker_with_offers
    log_in(page, live_server, user.email, PASSWORD)
    page.goto(url(live_server, comparison.get_absolute_url()))
    page.get_by_role("link", name="Add an offer", exact=True).click()

    labelled(page, "Role").fill("Night-shift analyst")
    labelled(page, "Employer").fill("Tailspin Toys")
    labelled(page, "Salary (gross)").fill("-100")
    rate(page, "Schedule", 2)
    rate(page, "Skill growth", 5)
    page.get_by_label("Reason for Skill growth (optional)").fill("Mentoring programme")
    page.get_by_role("button", name="Add offer").click()

    # Nothing saved; a summary on top, and the message next to the field, tied to it.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Nothing was saved yet")
    expect(summary).to_be_focused()  # read out first, and in view
    expect(summary.get_by_role("link", name="Salary (gross)")).to_have_attribute(
        "href", "#id_salary"
    )
    salary = labelled(page, "Salary (gross)")
    expect(salary).to_have_attribute("aria-invalid", "true")
    expect(salary).to_have_accessible_description(re.compile("A salary cannot be negative."))
    error = page.get_by_role("group", name="Pay", exact=True).get_by_text(
        "A salary cannot be negative."
    )
    expect(error).to_be_visible()
    salary_box, error_box = salary.bounding_box(), error.bounding_box()
    assert 0 <= error_box["y"] - (salary_box["y"] + salary_box["height"]) < 40, (
        "the error should sit right under the salary field"
    )
    assert abs(error_box["x"] - salary_box["x"]) < 20
    screenshot("07-offer-form-errors")

    # Everything typed is still there.
    expect(labelled(page, "Role")).to_have_value("Night-shift analyst")
    expect(labelled(page, "Employer")).to_have_value("Tailspin Toys")
    expect(salary).to_have_value("-100")
    for factor, label in [("Schedule", "2 · Weak"), ("Skill growth", "5 · Excellent")]:
        expect(
            page.get_by_role("radiogroup", name=factor, exact=True).get_by_label(label)
        ).to_be_checked()
    expect(page.get_by_label("Reason for Skill growth (optional)")).to_have_value(
        "Mentoring programme"
    )
    assert comparison.offers.count() == 3

    # Fixing the one field saves the offer with its ratings.
    salary.fill("41000")
    page.get_by_role("button", name="Add offer").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Offer “Night-shift analyst (Tailspin Toys)”"
    )
    assert comparison.offers.count() == 4


def test_priority_can_be_changed_without_javascript(browser, live_server, seeker_with_offers):
    """The priority buttons are plain form buttons: they work with scripts off."""
    user, comparison = seeker_with_offers
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    try:
        page = context.new_page()
        log_in(page, live_server, user.email, PASSWORD)
        page.goto(url(live_server, comparison.get_absolute_url()))
        page.get_by_role("button", name="Growth (future value 70 %)").click()
        expect(page.get_by_role("status")).to_contain_text(
            "Offers are now ranked for: Growth (future value 70 %)."
        )
        expect(page.get_by_role("button", name="Growth (future value 70 %)")).to_have_attribute(
            "aria-pressed", "true"
        )
        comparison.refresh_from_db()
        assert comparison.priority == Priority.GROWTH.value
    finally:
        context.close()


def test_the_comparison_prints_on_a_few_a4_pages_without_controls(
    page, live_server, seeker_with_offers
):
    user, comparison = seeker_with_offers
    rate_all(OfferFactory(comparison=comparison, title="Fourth offer"), life=3, future=3)
    log_in(page, live_server, user.email, PASSWORD)
    page.goto(url(live_server, comparison.get_absolute_url()))
    page.emulate_media(media="print")

    for control in (
        page.get_by_role("navigation", name="Main"),
        page.get_by_label("Rank offers for"),
        page.get_by_role("link", name="Add an offer", exact=True),
        page.get_by_role("link", name="Export CSV"),
    ):
        expect(control).to_be_hidden()
    expect(page.get_by_role("heading", name="Offers, best first")).to_be_visible()
    expect(page.get_by_role("table")).to_be_visible()

    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= 3, f"four offers should print on at most three A4 pages, not {pages}"


def test_a_seeker_marks_where_they_stand_with_an_offer(page, live_server, screenshot):
    seeker = UserFactory()
    comparison = ComparisonFactory(owner=seeker, title="Spring offers")
    offer = rate_all(OfferFactory(comparison=comparison, title="Analyst", employer="Acme"), 4, 3)
    rate_all(OfferFactory(comparison=comparison, title="Engineer", employer="Bolt"), 3, 4)
    log_in(page, live_server, seeker.email, PASSWORD)
    page.goto(url(live_server, f"/offers/{offer.pk}/edit/"))
    labelled(page, "Status").select_option(label="Negotiating")
    page.get_by_role("button", name="Save offer").click()

    card = page.locator(f"#offer-{offer.pk}")
    expect(card.locator(".offer-status-negotiating")).to_have_text("Negotiating")
    screenshot("offer-status-card")
    page.goto(url(live_server, "/comparisons/"))
    expect(page.locator(".comparison-standing")).to_have_text("Negotiating: Analyst (Acme)")


def test_my_comparisons_lists_the_answers_due_soon(page, live_server, screenshot):
    from datetime import timedelta

    from django.utils import timezone

    seeker = UserFactory()
    today = timezone.localdate()
    spring = ComparisonFactory(owner=seeker, title="Spring offers")
    OfferFactory(
        comparison=spring, title="Analyst", employer="Acme",
        decision_deadline=today + timedelta(days=4),
    )  # fmt: skip
    OfferFactory(
        comparison=spring, title="Engineer", employer="Bolt", status="negotiating",
        decision_deadline=today - timedelta(days=1),
    )  # fmt: skip
    log_in(page, live_server, seeker.email, PASSWORD)
    due = page.get_by_role("region", name="Answers due in the next 14 days")
    expect(due.get_by_role("listitem")).to_have_count(2)
    expect(due.get_by_role("listitem").first).to_contain_text("passed")
    expect(due.get_by_role("listitem").first).to_contain_text("Engineer (Bolt)")
    screenshot("answers-due")
    due.get_by_role("link", name="Analyst (Acme)").click()
    expect(page).to_have_url(re.compile(r"/comparisons/\d+/#offer-\d+$"))
