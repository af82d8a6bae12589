"""A seeker records a decision and ticks an item of the plan; the counsellor reads both.

In Chromium: the form refuses a date in the future and keeps what was typed; the decision then
leads the comparison page, the plan for the chosen offer's weak future value appears and an
item is ticked done without any script; the counsellor sees the decision, the plan and the tick
without a control; the seeker reopens the decision after a confirmation. axe checks each state.
"""

import re

from django.utils import timezone
from playwright.sync_api import expect

from offers.models import Comparison, Offer
from tests.e2e.conftest import assert_no_axe_violations, labelled, log_in, url
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    OfferFactory,
    UserFactory,
    rate_all,
)


def plan(page, name="A plan for the trade you make"):
    return page.get_by_role("region", name=name)


def decision(page, name="Your decision"):
    return page.get_by_role("region", name=name)


def test_the_seeker_records_a_decision_ticks_the_plan_and_the_counsellor_reads_it(
    open_page, live_server, screenshot
):
    seeker = UserFactory(email="sam.seeker@example.com", name="Sam Seeker")
    comparison = ComparisonFactory(owner=seeker, title="Winter offers")
    rate_all(OfferFactory(comparison=comparison, title="Data analyst", employer="Acme"), 4, 4)
    sales = rate_all(
        OfferFactory(comparison=comparison, title="Sales lead", employer="Bolt"), life=5, future=2
    )
    rate_all(
        OfferFactory(comparison=comparison, title="Clerk", employer="Town", is_current_job=True),
        life=3,
        future=1,
    )
    counsellor = CounsellorFactory(email="casey.coach@example.com", name="Casey Coach")
    AccessFactory(counsellor=counsellor, client=seeker)
    today = timezone.localdate()
    shown_today = f"{today.day} {today:%b %Y}"

    page = open_page()
    log_in(page, live_server, seeker.email)
    page.goto(url(live_server, comparison.get_absolute_url()))
    # Before a decision, the plan follows the best offer, which needs none.
    expect(plan(page)).to_contain_text("Data analyst (Acme) is strong on both")
    page.get_by_role("link", name="Record your decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record your decision")
    expect(labelled(page, "Date of the decision")).to_have_value(today.isoformat())
    assert_no_axe_violations(page)

    # A date in the future is refused; the choice and the reason stay as typed.
    page.get_by_label("Sales lead (Bolt)").check()
    labelled(page, "Why? (optional)").fill("The pay lets me save for the course.")
    labelled(page, "Date of the decision").fill("2999-01-01")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("A decision cannot be dated in the future")
    expect(page.get_by_label("Sales lead (Bolt)")).to_be_checked()
    expect(labelled(page, "Why? (optional)")).to_have_value("The pay lets me save for the course.")
    assert_no_axe_violations(page)
    screenshot("decision-form-with-errors", of=page)

    labelled(page, "Date of the decision").fill(today.isoformat())
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Decision recorded: “Sales lead (Bolt)”. Its status is now Accepted"
    )
    expect(decision(page)).to_contain_text(f"You decided on {shown_today}: Sales lead (Bolt).")
    expect(decision(page)).to_contain_text("Reason: The pay lets me save for the course.")
    assert Offer.objects.get(pk=sales.pk).status == "accepted"

    # The plan for the offer chosen: its weak future value, item by item.
    expect(plan(page)).to_contain_text("For Sales lead (Bolt), the offer you chose.")
    expect(plan(page)).to_contain_text("Build the future value it lacks")
    expect(plan(page)).to_contain_text("0 of 9 done")
    first = plan(page).get_by_role("listitem").first
    expect(first).to_contain_text("Habit:")
    first.get_by_role("button", name="Mark done").click()
    expect(page).to_have_url(re.compile(r"#plan-item-\d+$"))
    expect(plan(page)).to_contain_text("1 of 9 done")
    first = plan(page).get_by_role("listitem").first
    expect(first).to_contain_text(f"Done on {shown_today}")
    expect(first.get_by_role("button", name="Undo")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot("decision-and-plan-owner", of=page)
    page.set_viewport_size({"width": 375, "height": 812})
    assert_no_axe_violations(page)
    screenshot("decision-and-plan-owner-375px", of=page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # My comparisons says what was decided.
    page.get_by_role("link", name="My comparisons").first.click()
    expect(page.get_by_text("Decided: Sales lead (Bolt)")).to_be_visible()

    # The counsellor reads the decision, the plan and the tick, with no control.
    coach = open_page()
    log_in(coach, live_server, counsellor.email)
    coach.goto(url(live_server, f"/counsellor/comparisons/{comparison.pk}/"))
    expect(decision(coach, "Your client’s decision")).to_contain_text(
        f"Your client decided on {shown_today}: Sales lead (Bolt)."
    )
    expect(decision(coach, "Your client’s decision")).to_contain_text("save for the course")
    theirs = plan(coach, "A plan for the trade your client makes")
    expect(theirs).to_contain_text("the offer your client chose")
    expect(theirs.get_by_text(f"Done on {shown_today}")).to_have_count(1)
    expect(theirs.get_by_text("Not done yet")).to_have_count(8)
    expect(theirs.get_by_role("button")).to_have_count(0)
    expect(coach.get_by_role("link", name="Reopen the decision")).to_have_count(0)
    assert_no_axe_violations(coach)
    screenshot("decision-and-plan-counsellor", of=coach)

    # Deleting the chosen offer would reopen the decision: its delete page warns first.
    page.goto(url(live_server, f"/offers/{sales.pk}/delete/"))
    expect(page.get_by_text("Deleting it reopens the decision")).to_be_visible()
    assert_no_axe_violations(page)

    # The seeker reopens the decision; the status stays, and the page says so.
    page.goto(url(live_server, comparison.get_absolute_url()))
    decision(page).get_by_role("link", name="Reopen the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reopen your decision?")
    expect(page.get_by_text("stays marked Accepted")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot("decision-reopen-confirm", of=page)
    page.get_by_role("button", name="Reopen the decision").click()
    expect(page.get_by_role("status")).to_contain_text("Decision reopened")
    expect(page.get_by_role("status")).to_contain_text("“Sales lead (Bolt)” is still marked")
    expect(page.get_by_role("link", name="Record your decision")).to_be_visible()
    assert not Comparison.objects.get(pk=comparison.pk).has_decision
