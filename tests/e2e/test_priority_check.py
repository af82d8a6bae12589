"""What do you need right now? A seeker answers in Chromium, applies the suggestion, and the
offers are ranked for it; their counsellor reads the answers."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, labelled, log_in, url
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    OfferFactory,
    UserFactory,
    rate_all,
)

STABILITY = "Stability now (life fit 70 %)"
RENT = "Is rent, a debt or a bill at risk if your income stops or drops?"
DEPENDANTS = "Do other people depend on your income?"
SAVINGS = "How many months of your living costs could your savings cover?"
GROWTH = "Does any offer here come with mentoring, strong training or a portfolio you could build?"


def panel(page):
    return page.get_by_role("region", name="The decision")


def answer(page, question: str, choice: str) -> None:
    """Pick an answer as a person does: click its button-like label."""
    group = page.get_by_role("radiogroup", name=question, exact=True)
    group.locator("label").filter(has_text=re.compile(rf"^\s*{re.escape(choice)}\s*$")).click()
    expect(group.get_by_label(choice, exact=True)).to_be_checked()


def test_a_seeker_answers_applies_the_suggestion_and_the_counsellor_reads_it(
    open_page, live_server, screenshot
):
    seeker = UserFactory(email="sam.seeker@example.com", name="Sam Seeker")
    comparison = ComparisonFactory(owner=seeker, title="Winter offers")
    # Balanced, the stretch role leads (blend 75 against 62.5); for stability the steady one.
    rate_all(OfferFactory(comparison=comparison, title="Steady role", employer="Calm"), 5, 2)
    rate_all(OfferFactory(comparison=comparison, title="Stretch role", employer="Bold"), 3, 5)
    counsellor = CounsellorFactory(email="kim.counsellor@example.com", name="Kim Counsellor")
    AccessFactory(counsellor=counsellor, client=seeker)

    page = open_page()
    log_in(page, live_server, seeker.email, PASSWORD)
    page.goto(url(live_server, comparison.get_absolute_url()))
    expect(panel(page)).to_contain_text("the best offer is Stretch role (Bold)")
    panel(page).get_by_role("link", name="Not sure? Answer five quick questions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What do you need right now?")
    assert_no_axe_violations(page)
    screenshot("priority-check-form", of=page)

    # A typing slip is refused beside the field, and what was typed and chosen stays.
    answer(page, RENT, "Yes")
    answer(page, DEPENDANTS, "No")
    labelled(page, SAVINGS).fill("abc")
    page.get_by_role("button", name="See what my answers suggest").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved yet.")
    expect(page.get_by_text("Enter a whole number of months, e.g. 3").last).to_be_visible()
    expect(labelled(page, SAVINGS)).to_have_value("abc")
    expect(page.get_by_role("radiogroup", name=RENT).get_by_label("Yes")).to_be_checked()
    assert_no_axe_violations(page)
    screenshot("priority-check-with-errors", of=page)

    labelled(page, SAVINGS).fill("2")
    answer(page, GROWTH, "Yes")
    page.get_by_role("button", name="See what my answers suggest").click()
    suggestion = page.get_by_role("region", name=f"Your answers suggest: {STABILITY}")
    expect(suggestion).to_contain_text(
        "With rent or a bill at risk and two months of savings, an offer that pays reliably "
        "now comes first."
    )
    expect(suggestion).to_contain_text("Offers are ranked for Balanced (50 / 50) now")
    expect(labelled(page, SAVINGS)).to_have_value("2")
    assert_no_axe_violations(page)
    screenshot("priority-check-suggestion", of=page)

    suggestion.get_by_role("button", name=f"Rank offers for {STABILITY}").click()
    expect(page.get_by_role("status")).to_contain_text(f"Offers are now ranked for: {STABILITY}.")
    expect(panel(page)).to_contain_text("the best offer is Steady role (Calm)")
    expect(panel(page).get_by_role("button", name=STABILITY)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(panel(page)).to_contain_text(
        f"Your answers suggest {STABILITY}: With rent or a bill at risk"
    )
    expect(panel(page)).to_contain_text("Offers are ranked for it.")
    assert_no_axe_violations(page)
    screenshot("priority-check-applied", of=page, full_page=False)

    # Back on the check, the suggestion now matches: no button, a plain statement.
    panel(page).get_by_role("link", name="See or change your answers").click()
    expect(page.get_by_text(f"Offers are already ranked for {STABILITY}.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Rank offers for"))).to_have_count(0)

    # The counsellor reads the answers and the suggestion, and has nothing to change them with.
    advisor = open_page()
    log_in(advisor, live_server, counsellor.email, PASSWORD)
    advisor.goto(url(live_server, f"/counsellor/comparisons/{comparison.pk}/"))
    situation = panel(advisor)
    expect(situation).to_contain_text("What your client needs right now")
    expect(situation).to_contain_text("Rent, a debt or a bill at risk: yes")
    expect(situation).to_contain_text("Savings cover: 2 months")
    expect(situation).to_contain_text(f"These answers suggest {STABILITY}")
    expect(situation).to_contain_text("Offers are ranked for it.")
    expect(advisor.get_by_role("link", name=re.compile("answers", re.I))).to_have_count(0)
    assert_no_axe_violations(advisor)
    situation.scroll_into_view_if_needed()
    screenshot("priority-check-counsellor", of=advisor, full_page=False)

    # The seeker clears the answers; the priority they applied stays.
    page.get_by_role("button", name="Clear my answers").click()
    expect(page.get_by_role("status")).to_contain_text("Your answers are cleared.")
    expect(panel(page).get_by_role("button", name=STABILITY)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(
        panel(page).get_by_role("link", name="Not sure? Answer five quick questions")
    ).to_be_visible()
