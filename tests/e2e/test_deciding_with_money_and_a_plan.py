"""The whole decision in Chromium, as a seeker and their counsellor live it.

Three offers paid by the hour, the month and the year (one with a bonus and equity) read side
by side as yearly figures; a Pay rating suggested from the figures is taken with a click; the
priority questions suggest stability and the seeker applies it; the decision is recorded and an
item of its plan ticked; the counsellor reads all of it; an admin's weight change shows in the
factor's history.
"""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, labelled, log_in, url
from tests.e2e.test_job_seeker_flow import FUTURE_VALUE, LIFE_FIT, rate
from tests.factories import AccessFactory, ComparisonFactory, CounsellorFactory, UserFactory

STABILITY = "Stability now (life fit 70 %)"

OFFERS = [
    # (role, employer, pay fields, ratings in factor order; None: taken from the suggestion)
    ("Barista", "Bean Co",
     {"Salary (gross)": "24", "Pay period": "per hour", "Hours per week": "40"},
     [2, 3, 3, 4, 3, 2, 2, 2, 1, 3, 2]),
    ("Clerk", "City Hall",
     {"Salary (gross)": "5,400", "Pay period": "per month", "Hours per week": "37.5"},
     [4, 5, 5, 4, 5, 4, 2, 2, 2, 2, 2]),
    ("Analyst", "Fabrikam",
     {"Salary (gross)": "62000", "Pay period": "per year", "Hours per week": "40",
      "Sign-on bonus": "4000", "Yearly bonus (target)": "6000", "Equity a year": "10000",
      "Vesting years": "4", "Cliff (months)": "12"},
     [None, 4, 4, 3, 4, 3, 4, 5, 4, 4, 5]),
]  # fmt: skip


def add_offer(page, live_server, comparison, role, employer, pay, ratings):
    page.goto(url(live_server, f"/comparisons/{comparison.pk}/offers/new/"))
    facts = page.get_by_role("group", name="The offer")
    labelled(facts, "Role").fill(role)
    labelled(facts, "Employer").fill(employer)
    money = page.get_by_role("group", name="Pay", exact=True)
    labelled(money, "Currency").fill("EUR")
    for label, value in pay.items():
        field = labelled(money, label)
        field.select_option(label=value) if label == "Pay period" else field.fill(value)
    for factor, score in zip(LIFE_FIT + FUTURE_VALUE, ratings, strict=True):
        if score is not None:
            rate(page, factor, score)


def cells(page, row_label):
    return page.get_by_role("row", name=re.compile(rf"^{re.escape(row_label)}")).get_by_role("cell")


def test_money_priority_decision_and_plan_then_the_counsellor_reads_it(
    open_page, live_server, screenshot
):
    seeker = UserFactory(email="robin.seeker@example.com", name="Robin Seeker")
    comparison = ComparisonFactory(owner=seeker, title="Three ways to be paid")
    counsellor = CounsellorFactory(email="casey.coach@example.com", name="Casey Coach")
    AccessFactory(counsellor=counsellor, client=seeker)
    page = open_page()
    log_in(page, live_server, seeker.email, PASSWORD)

    # Three offers; the third takes the Pay rating the figures suggest, with a click.
    for role, employer, pay, ratings in OFFERS:
        add_offer(page, live_server, comparison, role, employer, pay, ratings)
        if role == "Analyst":
            suggestion = page.locator(".pay-suggestion")
            # 62,000 + 6,000 + 10,000 + 4,000 / 4 = 79,000 a year on average: the best paid.
            expect(suggestion).to_contain_text("The pay figures suggest 5 · Excellent.")
            pay_rating = page.get_by_role("radiogroup", name="Pay", exact=True)
            expect(pay_rating.get_by_label("Not rated", exact=True)).to_be_checked()
            suggestion.get_by_role("button", name="Use 5 as the Pay rating").click()
            expect(pay_rating.get_by_label("5 · Excellent", exact=True)).to_be_checked()
        page.get_by_role("button", name="Add offer").click()
        expect(page.get_by_role("status")).to_contain_text(f"Offer “{role} ({employer})” added.")

    # The yearly figures side by side (columns by rank: Analyst, Clerk, Barista).
    expect(cells(page, "Yearly base (guaranteed)")).to_have_text(
        ["62,000 EUR", "64,800 EUR", "49,920 EUR"]
    )
    expect(cells(page, "Effective hourly rate")).to_have_text(
        ["29.81 EUR", "33.23 EUR", "24.00 EUR"]
    )
    expect(cells(page, "First-year total")).to_have_text(["82,000 EUR", "64,800 EUR", "49,920 EUR"])
    expect(cells(page, "Average yearly total over 4 years")).to_have_text(
        ["79,000 EUR", "64,800 EUR", "49,920 EUR"]
    )

    # The priority questions suggest stability; the seeker applies it.
    page.get_by_role("link", name="Not sure? Answer five quick questions").click()
    for question, choice in (
        ("Is rent, a debt or a bill at risk if your income stops or drops?", "Yes"),
        ("Do other people depend on your income?", "No"),
    ):
        group = page.get_by_role("radiogroup", name=question, exact=True)
        group.locator("label").filter(has_text=re.compile(rf"^\s*{choice}\s*$")).click()
    labelled(page, "How many months of your living costs could your savings cover?").fill("2")
    page.get_by_role("button", name="See what my answers suggest").click()
    suggested = page.get_by_role("region", name=f"Your answers suggest: {STABILITY}")
    expect(suggested).to_contain_text("two months of savings")
    suggested.get_by_role("button", name=f"Rank offers for {STABILITY}").click()
    expect(page.get_by_role("status")).to_contain_text(f"Offers are now ranked for: {STABILITY}")

    # The decision: the steady clerk job, and a plan for the future value it lacks.
    page.get_by_role("link", name="Record your decision").click()
    page.get_by_label("Clerk (City Hall)").check()
    labelled(page, "Why? (optional)").fill("Steady pay while I clear the debt.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text("Decision recorded: “Clerk (City Hall)”")
    plan = page.get_by_role("region", name="A plan for the trade you make")
    expect(plan).to_contain_text("For Clerk (City Hall), the offer you chose.")
    expect(plan).to_contain_text("Build the future value it lacks")
    plan.get_by_role("listitem").first.get_by_role("button", name="Mark done").click()
    expect(plan).to_contain_text(re.compile(r"1 of \d+ done"))
    assert_no_axe_violations(page)
    screenshot("walkthrough-seeker", of=page)

    # The counsellor reads the figures, the answers, the decision and the plan's tick.
    coach = open_page()
    log_in(coach, live_server, counsellor.email, PASSWORD)
    coach.goto(url(live_server, f"/counsellor/comparisons/{comparison.pk}/"))
    expect(cells(coach, "Average yearly total over 4 years")).to_have_text(
        ["79,000 EUR", "64,800 EUR", "49,920 EUR"]
    )
    situation = coach.locator(".client-situation")
    expect(situation).to_contain_text("Rent, a debt or a bill at risk: yes")
    expect(situation).to_contain_text(f"These answers suggest {STABILITY}")
    expect(situation).to_contain_text("Offers are ranked for it.")
    expect(coach.get_by_role("region", name="Your client’s decision")).to_contain_text(
        "Clerk (City Hall)"
    )
    theirs = coach.get_by_role("region", name="A plan for the trade your client makes")
    expect(theirs.get_by_text(re.compile(r"Done on \d"))).to_have_count(1)
    expect(theirs.get_by_role("button")).to_have_count(0)
    assert_no_axe_violations(coach)
    screenshot("walkthrough-counsellor", of=coach)

    # An admin doubles a weight; the factor's history shows who changed it, and how.
    admin = open_page()
    UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    log_in(admin, live_server, "admin@example.com", PASSWORD)
    admin.goto(url(live_server, "/admin/offers/factor/"))
    row = admin.get_by_role("row").filter(has=admin.get_by_role("link", name="Skill growth"))
    row.locator("input[name$='-weight']").fill("2")
    admin.get_by_role("button", name="Save").click()
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")
    admin.get_by_role("link", name="Skill growth").first.click()
    admin.get_by_role("link", name="History").click()
    expect(admin.locator("#change-history li")).to_contain_text("Weight: 1.00 → 2.00")
    page.reload()
    expect(page.locator(".scoring-changes")).to_contain_text("adjusted Skill growth")
