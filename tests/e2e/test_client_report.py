"""The printable report in Chromium: what it shows, and that each comparison fits one A4 page.

The PDF is Chromium's own "Save as PDF" (`page.pdf`), from the print stylesheet, as a person
gets it from the print dialog.
"""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from offers import services as offer_services
from offers.models import Factor, PlanAdvice, PriorityCheck, Rating
from tests.e2e.conftest import SCREENSHOT_DIR, assert_no_axe_violations, log_in, url
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    NoteFactory,
    OfferFactory,
    RatingFactory,
    UserFactory,
    changed,
)

LIFE_FIT = ["pay", "benefits", "schedule", "location", "predictability", "workload"]
FUTURE_VALUE = ["skill_growth", "achievements", "modern_tools", "network", "advancement"]

# A4 less the report's 10 mm margins, in CSS px (96 per inch): what a printed line may fill.
A4_CONTENT_WIDTH_PX = round((210 - 2 * 10) / 25.4 * 96)
A4_HEIGHT_PX = round(297 / 25.4 * 96)

# (role, employer, life fit ratings, future value ratings, facts)
OFFERS = [
    ("Operations analyst", "Northwind Traders", [5, 4, 4, 4, 5, 4], [2, 2, 3, 2, 1],
     {"salary": 58000, "hours_per_week": 38, "work_mode": "hybrid", "yearly_bonus": 4000}),
    ("Data engineer", "Contoso", [3, 3, 2, 3, 3, 2], [5, 5, 5, 4, 4],
     {"salary": 64000, "hours_per_week": 40, "work_mode": "remote"}),
    ("Product analyst", "Fabrikam", [4, 4, 4, 3, 4, 4], [4, 4, 4, 4, 4],
     {"salary": 61000, "hours_per_week": 40, "work_mode": "on_site"}),
    ("Support lead", "Tailspin Toys", [2, 3, 2, 2, 2, 3], [2, 3, 2, 2, 3],
     {"salary": 47000, "hours_per_week": 40, "work_mode": "on_site"}),
    ("Night porter", "Grand Hotel", [3, 3, 1, 4, 2, 3], [1, 1, 1, 2, 1],
     {"salary": 31000, "hours_per_week": 42, "work_mode": "on_site", "is_current_job": True}),
]  # fmt: skip
REASONS = {
    ("Operations analyst", "advancement"): "No team lead role above this one.",
    ("Data engineer", "schedule"): "On call one week in four.",
    ("Product analyst", "location"): "An hour each way by train.",
}
NOTES = [
    "Before you sign, ask Northwind how people in this role moved on in the last two years.",
    "The Contoso offer builds more for later; weigh the on-call weeks against that.",
    "Good reason for the choice. Let us go through the negotiating points next session.",
]


def realistic_comparison(owner, counsellor, *, title="Spring offers", offers=OFFERS):
    """Rated offers (the first chosen, with a plan for its weak future value, two items ticked
    done), a few reasons, the seeker's answers on what they need now and three notes from the
    counsellor."""
    comparison = ComparisonFactory(owner=owner, title=title)
    PriorityCheck.objects.create(
        comparison=comparison,
        money_at_risk=True,
        dependants=False,
        savings_months=3,
        big_change=False,
        growth_on_offer=True,
    )
    factors = Factor.objects.in_bulk(LIFE_FIT + FUTURE_VALUE, field_name="key")
    created = []
    for role, employer, life, future, facts in offers:
        offer = OfferFactory(
            comparison=comparison,
            title=role,
            employer=employer,
            start_date=date.today() + timedelta(days=60),
            decision_deadline=date.today() + timedelta(days=20),
            **facts,
        )
        for key, score in zip(LIFE_FIT + FUTURE_VALUE, life + future, strict=True):
            RatingFactory(
                offer=offer,
                factor=factors[key],
                score=score,
                reason=REASONS.get((role, key), ""),
            )
        created.append(offer)
    changed(comparison)
    chosen = created[0]
    offer_services.decision_record(
        comparison=comparison,
        offer_id=chosen.pk,
        reason="The best pay and hours for this year; I will push for a growth plan.",
        decided_on=date.today(),
    )
    for advice in PlanAdvice.objects.filter(factor__key="advancement")[:2]:
        offer_services.plan_tick_set(
            comparison=comparison, offer_id=chosen.pk, advice_id=advice.pk, done=True
        )
    for text in NOTES:
        NoteFactory(comparison=comparison, author=counsellor, text=text)
    return comparison


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a PDF as Chromium writes it: one `/Type /Page` object each (not `/Pages`)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def save_pdf(page, name: str) -> bytes:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return page.pdf(
        path=str(SCREENSHOT_DIR / f"{name}.pdf"),
        format="A4",
        prefer_css_page_size=True,
        print_background=True,
    )


def assert_fits_a4_width(page):
    page.set_viewport_size({"width": A4_CONTENT_WIDTH_PX, "height": A4_HEIGHT_PX})
    page.emulate_media(media="print")
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"printed content overflows A4: {widths}"


@pytest.fixture
def people(live_server):
    robin = UserFactory(email="robin.report@example.com", name="Robin Client")
    casey = CounsellorFactory(email="casey.report@example.com", name="Casey Counsellor")
    AccessFactory(counsellor=casey, client=robin)
    return robin, casey


def test_the_counsellor_prints_a_clients_comparisons_one_a4_page_each(
    page, live_server, people, screenshot
):
    robin, casey = people
    spring = realistic_comparison(robin, casey)
    realistic_comparison(robin, casey, title="Autumn offers", offers=OFFERS[1:3])
    # Another counsellor's note is theirs to print, not Casey's.
    other = CounsellorFactory(email="other.report@example.com", name="Alex Other")
    AccessFactory(counsellor=other, client=robin)
    NoteFactory(comparison=spring, author=other, text="A note from someone else.")

    log_in(page, live_server, casey.email)
    page.get_by_role("link", name="Robin Client").click()
    page.get_by_role("link", name="Printable report").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Report for Robin Client")
    sheet = page.get_by_role("article", name="Spring offers", exact=True)
    expect(sheet).to_contain_text("CareerFit report for Robin Client")
    expect(sheet).to_contain_text(f"as of {date.today():%-d %b %Y}")
    expect(sheet.get_by_role("region", name="Your client’s decision")).to_contain_text(
        "Operations analyst (Northwind Traders)"
    )
    panel = sheet.get_by_role("region", name="The decision")
    expect(panel).to_contain_text("the best offer is Product analyst (Fabrikam)")
    expect(panel).to_contain_text("What your client needs right now")
    verdicts = sheet.get_by_role("region", name="Verdicts, best first").get_by_role("listitem")
    expect(verdicts).to_have_count(5)
    expect(verdicts.filter(has_text="Operations analyst")).to_contain_text("Pays the present")
    expect(verdicts.filter(has_text="Operations analyst")).to_contain_text("Chosen")
    chart = sheet.get_by_role("img", name=re.compile("Quadrant chart"))
    expect(chart.locator("circle")).to_have_count(5)
    expect(sheet.get_by_role("row", name=re.compile("^Yearly base"))).to_be_visible()
    expect(
        sheet.get_by_role("cell", name=re.compile("No team lead role above this one"))
    ).to_be_visible()
    plan = sheet.get_by_role("region", name="A plan for the trade your client makes")
    expect(plan.get_by_text(re.compile(r"Done on \d"))).to_have_count(2)
    expect(plan.get_by_text("Not done yet")).to_have_count(7)
    notes = sheet.get_by_role("region", name="Your notes for Robin")
    expect(notes.get_by_role("article")).to_have_count(3)
    expect(sheet).not_to_contain_text("A note from someone else.")
    expect(page.get_by_role("article", name="Autumn offers", exact=True)).to_have_count(1)
    # Nothing on it changes anything: no form, and one button, to print.
    main = page.get_by_role("main")
    expect(main.locator("form")).to_have_count(0)
    expect(main.get_by_role("button")).to_have_text(["Print or save as PDF"])
    expect(main.get_by_role("link", name="Back to Robin Client")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot("report-counsellor-screen")

    pdf = save_pdf(page, "report-counsellor")
    assert pdf_page_count(pdf) == 2
    assert_fits_a4_width(page)
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    expect(page.get_by_role("link", name="Back to Robin Client")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    screenshot("report-counsellor-print")


def test_the_client_prints_one_comparison_from_its_page_with_the_notes_not_hidden(
    page, live_server, people, screenshot
):
    robin, casey = people
    spring = realistic_comparison(robin, casey)
    hidden = spring.counsellor_notes.get(text=NOTES[1])
    hidden.hidden_by_client = True
    hidden.save()

    log_in(page, live_server, robin.email)
    page.get_by_role("link", name="Spring offers").click()
    page.get_by_role("link", name="Printable report").click()

    sheet = page.get_by_role("article", name="Spring offers", exact=True)
    expect(sheet.get_by_role("region", name="Your decision")).to_contain_text("You decided on")
    expect(sheet.get_by_role("region", name="A plan for the trade you make")).to_be_visible()
    notes = sheet.get_by_role("region", name="Counsellor notes")
    expect(notes.get_by_role("article", name="Note from Casey Counsellor")).to_have_count(2)
    expect(notes).not_to_contain_text(NOTES[1])
    expect(page.get_by_role("main").locator("form")).to_have_count(0)
    # The print button asks the browser to print.
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    page.get_by_role("button", name="Print or save as PDF").click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")
    screenshot("report-client-screen")
    # On a phone the sheet narrows to the screen; only the table scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    screenshot("report-client-375")

    assert pdf_page_count(save_pdf(page, "report-client")) == 1
    assert_fits_a4_width(page)

    page.emulate_media(media="screen")
    page.get_by_role("link", name="Back to the comparison").click()
    expect(page.get_by_role("heading", name="Spring offers", level=1)).to_be_visible()


def test_the_clients_report_of_all_comparisons_is_one_page_each(page, live_server, people):
    robin, casey = people
    for title in ("Spring offers", "Summer offers", "Autumn offers"):
        realistic_comparison(robin, casey, title=title)
    log_in(page, live_server, robin.email)
    page.get_by_role("link", name="Printable report of all").click()
    for title in ("Spring offers", "Summer offers", "Autumn offers"):
        expect(page.get_by_role("article", name=title, exact=True)).to_have_count(1)
    assert pdf_page_count(save_pdf(page, "report-client-all")) == 3


SIX_OFFERS = [
    *OFFERS,
    ("Business analyst with a very long role name", "Woodgrove Bank and Partners",
     [3, 4, 3, 3, 4, 3], [3, 4, 3, 4, 3], {"salary": 55000, "hours_per_week": 37}),
]  # fmt: skip


def test_six_offers_still_fit_one_a4_page_for_the_client_and_the_counsellor(
    open_page, live_server, people, screenshot
):
    """The limit the README names: up to six offers a comparison prints on one page."""
    robin, casey = people
    comparison = realistic_comparison(robin, casey, offers=SIX_OFFERS)
    for who, path in [
        (robin, f"/comparisons/{comparison.pk}/report/"),
        (casey, f"/counsellor/comparisons/{comparison.pk}/report/"),
    ]:
        page = open_page()
        log_in(page, live_server, who.email)
        page.goto(url(live_server, path))
        expect(page.get_by_role("listitem").filter(has_text="Woodgrove")).to_have_count(1)
        name = "report-six-offers-" + ("client" if who == robin else "counsellor")
        assert pdf_page_count(save_pdf(page, name)) == 1, name
        assert_fits_a4_width(page)
        screenshot(name, of=page)
    assert Rating.objects.filter(offer__comparison=comparison).count() == 6 * 11


def test_ten_offers_still_fit_the_width_of_a4(page, live_server, people):
    """Past six offers a comparison may run onto a second page, but its table still fits the
    page's width: the browser would otherwise shrink the whole page to fit it."""
    robin, casey = people
    offers = [
        (f"Role {i}", f"Employer {i}", life, future, {**facts, "is_current_job": False})
        for i, (_, _, life, future, facts) in enumerate(OFFERS * 2)
    ]
    comparison = realistic_comparison(robin, casey, offers=offers)
    log_in(page, live_server, robin.email)
    page.goto(url(live_server, f"/comparisons/{comparison.pk}/report/"))
    expect(page.get_by_role("columnheader", name=re.compile(r"^\d+\. Role"))).to_have_count(10)
    assert_fits_a4_width(page)
