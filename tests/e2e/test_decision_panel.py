"""The decision panel as a seeker and then their counsellor meet it, in Chromium.

Personal importance changes a verdict and the ranking and is reset; a partly rated offer is kept
out of first place; a close call and a flip suggestion are read, the suggestion is followed by
editing the offer and the verdict changes; the current job is marked and the deltas read; the
counsellor sees all of it, read-only.
"""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, labelled, log_in, url
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    OfferFactory,
    UserFactory,
    rate,
)

LIFE = ["pay", "benefits", "schedule", "location", "predictability", "workload"]
FUTURE = ["skill_growth", "achievements", "modern_tools", "network", "advancement"]


def rated(comparison, title, employer, life, future):
    """An offer rated factor by factor: `life` and `future` list ratings in factor order."""
    offer = OfferFactory(comparison=comparison, title=title, employer=employer, salary=None)
    return rate(offer, **dict(zip(LIFE, life, strict=True)), **dict(zip(FUTURE, future,
                                                                        strict=True)))  # fmt: skip


def cards(page):
    return page.get_by_role("region", name="Offers, best first").get_by_role("article")


def card(page, role):
    return page.get_by_role("region", name="Offers, best first").get_by_role(
        "article", name=re.compile(rf"^(\d+\. )?{re.escape(role)}$")
    )


def panel(page):
    return page.get_by_role("region", name="The decision")


def choose(page, group_name: str, choice: str) -> None:
    """Pick a choice the way a person does: click its visible button-like label."""
    group = page.get_by_role("radiogroup", name=group_name, exact=True)
    pattern = re.compile(rf"^\s*{re.escape(choice)}\b")
    group.locator("label").filter(has_text=pattern).click()
    expect(group.get_by_label(pattern)).to_be_checked()


def test_a_seeker_makes_the_verdict_their_own_and_the_counsellor_reads_it(
    open_page, live_server, screenshot
):
    seeker = UserFactory(email="dana.seeker@example.com", name="Dana Seeker")
    comparison = ComparisonFactory(owner=seeker, title="Autumn offers")
    # Heavy: life 62.5 (workload 1), future 75 → Builds the future; blend 68.75.
    rated(comparison, "Platform engineer", "Heavy Co", [4, 4, 4, 4, 4, 1], [4, 4, 4, 4, 4])
    # Steady: life 75, future 60 → Pays the present; blend 67.5: a close call.
    rated(comparison, "Service manager", "Steady Ltd", [4, 4, 4, 4, 4, 4], [4, 4, 3, 3, 3])
    # Sketchy: two 5s, nothing else rated: an "Ideal option" on paper only.
    rate(OfferFactory(comparison=comparison, title="Growth hacker", employer="Hype", salary=None),
         pay=5, network=5)  # fmt: skip

    page = open_page()
    log_in(page, live_server, seeker.email, PASSWORD)
    page.goto(url(live_server, comparison.get_absolute_url()))

    # A partly rated offer is kept out of first place, and the panel says what to rate.
    expect(panel(page)).to_contain_text("the best offer is Platform engineer (Heavy Co)")
    expect(card(page, "Growth hacker")).to_contain_text("Partly rated")
    expect(cards(page).last.get_by_role("heading", level=3)).to_have_text("3. Growth hacker")
    expect(panel(page)).to_contain_text("for Growth hacker (Hype) to count it.")

    # A close call, with the factor that separates the top two.
    expect(panel(page)).to_contain_text("Close call: The top two are")
    expect(panel(page)).to_contain_text(
        "Workload separates the top two most, in favour of Service manager (Steady Ltd): "
        "1 for Platform engineer (Heavy Co), 4 for Service manager (Steady Ltd)."
    )
    screenshot("decision-panel-1280", of=page, full_page=False)

    # Workload "not at all": the heavy job becomes an Ideal option and pulls ahead.
    page.get_by_role("link", name="Say what matters more or less to you").click()
    expect(page.get_by_role("heading", name="What matters to you", level=1)).to_be_visible()
    choose(page, "Workload", "Not at all")
    page.get_by_role("button", name="Save and see the verdicts").click()
    expect(page.get_by_role("status")).to_contain_text("Workload: not at all")
    expect(card(page, "Platform engineer")).to_contain_text("Ideal option")
    expect(panel(page)).to_contain_text("Personal importance in use: Workload — not at all.")
    expect(panel(page)).not_to_contain_text("Close call")
    expect(page.get_by_role("table").get_by_text("not counted for you")).to_be_visible()

    # Reset: the usual weights, the usual verdict.
    page.get_by_role("button", name="Reset to the usual weights").click()
    expect(page.get_by_role("status")).to_contain_text("Personal importance reset")
    expect(card(page, "Platform engineer")).to_contain_text("Builds the future")
    expect(panel(page)).to_contain_text("Every factor counts with its usual weight.")

    # A flip suggestion on the card, followed through the offer form.
    heavy = card(page, "Platform engineer")
    expect(heavy).to_contain_text(
        "2 steps higher on Workload (1 → 3) would make it strong on life fit: Ideal option."
    )
    heavy.get_by_role("link", name=re.compile("^Edit")).click()
    choose(page, "Workload", "3")
    page.get_by_role("button", name="Save offer").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    expect(card(page, "Platform engineer")).to_contain_text("Ideal option")

    # The current job, added as an offer and marked: every other offer shows its difference.
    page.get_by_role("link", name="Add an offer", exact=True).click()
    facts = page.get_by_role("group", name="The offer")
    labelled(facts, "Role").fill("Data analyst")
    labelled(facts, "Employer").fill("Today Corp")
    page.get_by_label("This is my current job").check()
    for group in page.get_by_role("radiogroup").all():
        group.locator("label").filter(has_text=re.compile(r"^\s*3\b")).click()
    page.get_by_role("button", name="Add offer").click()
    expect(page.get_by_role("status")).to_contain_text("Data analyst (Today Corp)")
    first = cards(page).first
    expect(first).to_contain_text("Your current job")
    expect(first.get_by_role("heading", level=3)).to_contain_text("Data analyst")
    # Platform engineer: life 70.8 → 71, future 75; the current job 50 / 50.
    expect(card(page, "Platform engineer")).to_contain_text(
        "+21 life fit, +25 future value against your current job"
    )
    expect(page.get_by_role("row", name=re.compile("^Against your current job"))).to_be_visible()

    # A personal importance the counsellor will see.
    page.get_by_role("link", name="Say what matters more or less to you").click()
    choose(page, "Pay", "More")
    page.get_by_role("button", name="Save and see the verdicts").click()
    expect(panel(page)).to_contain_text("Personal importance in use: Pay — more.")
    screenshot("decision-panel-current-job-1280", of=page, full_page=False)
    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot("decision-panel-375", of=page, full_page=False)
    seeker_best = panel(page).locator(".best-offer").inner_text()

    # The counsellor: the same result, read-only.
    counsellor = CounsellorFactory(email="casey.coach@example.com", name="Casey Coach")
    AccessFactory(counsellor=counsellor, client=seeker)
    reader = open_page()
    log_in(reader, live_server, counsellor.email, PASSWORD)
    reader.goto(url(live_server, f"/counsellor/comparisons/{comparison.pk}/"))
    expect(panel(reader).locator(".best-offer")).to_have_text(seeker_best)
    expect(panel(reader)).to_contain_text(
        "Personal importance in use, set by your client: Pay — more."
    )
    expect(card(reader, "Data analyst")).to_contain_text("Your current job")
    expect(card(reader, "Platform engineer")).to_contain_text("against your current job")
    expect(card(reader, "Growth hacker")).to_contain_text("Partly rated")
    expect(panel(reader)).to_contain_text("Growth hacker (Hype) is not rated on")
    expect(panel(reader).get_by_role("button")).to_have_count(0)
    expect(reader.get_by_role("link", name="Say what matters more or less to you")).to_have_count(0)
    expect(reader.get_by_role("link", name=re.compile(r"^(Edit|Delete)\b"))).to_have_count(0)
    screenshot("decision-panel-counsellor-1280", of=reader, full_page=False)


def test_a_120_character_role_never_makes_the_phone_page_scroll_sideways(page, live_server):
    seeker = UserFactory(email="long.role@example.com")
    comparison = ComparisonFactory(owner=seeker, title="Long names")
    long_role = "Principal" + "X" * 111
    rated(comparison, long_role, "Employer" + "Y" * 60, [5] * 6, [5] * 5)
    rated(comparison, "Short", "S", [3] * 6, [3] * 5)
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server, seeker.email, PASSWORD)
    page.goto(url(live_server, comparison.get_absolute_url()))
    expect(panel(page)).to_contain_text(long_role)
    expect(page.get_by_text(re.compile(rf"^Choosing {long_role}"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
