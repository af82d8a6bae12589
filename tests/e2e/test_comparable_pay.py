"""Comparable pay in Chromium: offers paid by the hour, month and year read side by side, and
a Pay rating suggested as the figures are typed, applied only with a click."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import labelled, log_in, url
from tests.factories import ComparisonFactory, UserFactory


def add_offer(page, live_server, comparison, role, employer, pay: dict, *, pay_rating=None):
    page.goto(url(live_server, f"/comparisons/{comparison.pk}/offers/new/"))
    offer = page.get_by_role("group", name="The offer")
    labelled(offer, "Role").fill(role)
    labelled(offer, "Employer").fill(employer)
    money = page.get_by_role("group", name="Pay", exact=True)
    for label, value in pay.items():
        field = labelled(money, label)
        if label == "Pay period":
            field.select_option(label=value)
        else:
            field.fill(value)
    if pay_rating is not None:
        page.get_by_role("radiogroup", name="Pay", exact=True).get_by_text(pay_rating).click()


def money_row(page, label):
    return page.get_by_role("row", name=re.compile(rf"^{re.escape(label)}"))


def test_three_ways_of_paying_compare_and_a_pay_suggestion_is_taken(page, live_server, screenshot):
    user = UserFactory(email="pay.seeker@example.com")
    comparison = ComparisonFactory(owner=user, title="Which pays?")
    log_in(page, live_server, user.email)

    add_offer(page, live_server, comparison, "Barista", "Bean Co",
              {"Salary (gross)": "24", "Currency": "EUR", "Pay period": "per hour",
               "Hours per week": "40"}, pay_rating="2 · Weak")  # fmt: skip
    page.get_by_role("button", name="Add offer").click()
    expect(page.get_by_role("status")).to_contain_text("Offer “Barista (Bean Co)” added.")

    add_offer(page, live_server, comparison, "Clerk", "City Hall",
              {"Salary (gross)": "5400", "Currency": "EUR", "Pay period": "per month"})  # fmt: skip
    page.get_by_role("button", name="Add offer").click()

    # The third offer: the suggestion follows the figures as they are typed.
    add_offer(page, live_server, comparison, "Analyst", "Fabrikam",
              {"Salary (gross)": "62,000", "Currency": "EUR", "Pay period": "per year",
               "Hours per week": "38", "Yearly bonus (target)": "6000",
               "Equity a year": "10000", "Vesting years": "4", "Cliff (months)": "12",
               "Sign-on bonus": "4000"})  # fmt: skip
    suggestion = page.locator(".pay-suggestion")
    # 62,000 + 6,000 + 10,000 + 4,000 / 4 = 79,000 a year on average: the best paid.
    expect(suggestion).to_contain_text("The pay figures suggest 5 · Excellent.")
    expect(suggestion).to_contain_text("It pays the most of the offers here: 79,000 EUR")
    pay = page.get_by_role("radiogroup", name="Pay", exact=True)
    expect(pay.get_by_label("Not rated", exact=True)).to_be_checked()  # never set on its own

    labelled(page.get_by_role("group", name="Pay", exact=True), "Salary (gross)").fill("40000")
    # 40,000 + 6,000 + 10,000 + 1,000 = 57,000 against the clerk's 64,800: 87 %.
    expect(suggestion).to_contain_text("The pay figures suggest 4 · Good.")
    expect(suggestion).to_contain_text("is 87 % of the best-paid offer here: Clerk (City Hall)")
    screenshot("pay-suggestion-on-the-offer-form")
    suggestion.get_by_role("button", name="Use 4 as the Pay rating").click()
    expect(pay.get_by_label("4 · Good", exact=True)).to_be_checked()
    expect(suggestion).to_contain_text("Your rating is the same.")
    page.get_by_role("button", name="Add offer").click()
    page.wait_for_url(re.compile(r"/comparisons/\d+/#offer-\d+$"))

    # Columns in the order the offers were added: none is rated on both dimensions yet.
    def cells(label):
        return money_row(page, label).get_by_role("cell")

    expect(cells("Yearly base (guaranteed)")).to_have_text(["49,920 EUR", "64,800 EUR",
                                                           "40,000 EUR"])  # fmt: skip
    expect(cells("Effective hourly rate")).to_have_text(["24.00 EUR", "—not given", "20.24 EUR"])
    expect(cells("First-year total")).to_have_text(["49,920 EUR", "64,800 EUR", "60,000 EUR"])
    expect(cells("Average yearly total over 4 years")).to_have_text(
        ["49,920 EUR", "64,800 EUR", "57,000 EUR"]
    )
    pay_row = page.get_by_role("row", name=re.compile(r"^Pay \d"))
    expect(pay_row.get_by_role("cell")).to_have_text(["2 Weak", re.compile("not rated"), "4 Good"])
    page.locator(".table-section").scroll_into_view_if_needed()
    screenshot("pay-rows-side-by-side", full_page=False)


def test_a_second_currency_waits_for_the_seekers_rate(page, live_server, screenshot):
    user = UserFactory(email="pay.abroad@example.com")
    comparison = ComparisonFactory(owner=user, title="Here or abroad")
    log_in(page, live_server, user.email)
    add_offer(page, live_server, comparison, "Engineer", "Home GmbH",
              {"Salary (gross)": "60000", "Currency": "EUR"})  # fmt: skip
    page.get_by_role("button", name="Add offer").click()
    add_offer(page, live_server, comparison, "Engineer", "Abroad Inc",
              {"Salary (gross)": "90000", "Currency": "usd"})  # fmt: skip
    # No rate: nothing to weigh the dollars against, so no suggestion.
    expect(page.locator(".pay-suggestion")).to_be_empty()
    page.get_by_role("button", name="Add offer").click()

    note = page.get_by_role("note")
    expect(note).to_contain_text("These offers are paid in EUR and USD.")
    note.get_by_role("link", name="enter an exchange rate").click()
    labelled(page, "1 USD in EUR").fill("0,9")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("1 USD = 0.9 EUR")
    expect(money_row(page, "Yearly base (guaranteed)").get_by_role("cell")).to_have_text(
        ["60,000 EUR", re.compile(r"^90,000 USD\s*≈ 81,000 EUR converted$")]
    )
    page.locator(".table-section").scroll_into_view_if_needed()
    screenshot("pay-converted-at-the-seekers-rate", full_page=False)
