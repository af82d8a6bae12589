"""axe-core finds no accessibility violation on any page, in the states people see them in."""

from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from counselling.models import CounsellorAccess, CounsellorNote
from offers.models import Comparison, Offer
from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, labelled, log_in, url
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    NoteFactory,
    OfferFactory,
    ReplyFactory,
    UserFactory,
    rate,
    rate_all,
    rate_importance,
)


@dataclass
class Data:
    user_email: str
    comparison: Comparison
    empty_comparison: Comparison
    offer: Offer
    counsellor_email: str
    grant: CounsellorAccess
    note: CounsellorNote
    closed_note: CounsellorNote  # its counsellor's access was revoked: a read-only thread


@pytest.fixture
def data(live_server) -> Data:
    """A user whose comparison shows every verdict, plus a comparison without offers; a
    counsellor the user shares with has left a note on it."""
    user = UserFactory(email="axe.owner@example.com", name="Alex Owner")
    empty = ComparisonFactory(owner=user, title="Autumn, nothing yet")
    comparison = ComparisonFactory(
        owner=user, title="Spring offers", notes="Decide before May.\nAsk about remote days."
    )
    offer = rate_all(
        OfferFactory(
            comparison=comparison,
            title="Analytics lead",
            employer="Fabrikam",
            url="https://jobs.example.com/analytics-lead",
            hours_per_week=38,
            work_mode="hybrid",
            notes="Team of six.",
            yearly_bonus=5000,
            equity_per_year=8000,
            vesting_years=4,
            vesting_cliff_months=12,
            living_costs=26000,
        ),
        life=4,
        future=5,
    )
    rate_all(OfferFactory(comparison=comparison, title="Support engineer"), life=5, future=2)
    rate_all(
        OfferFactory(comparison=comparison, title="Research assistant", currency="USD"),
        life=2,
        future=5,
    )
    rate_all(
        OfferFactory(comparison=comparison, title="Night porter", is_current_job=True),
        life=2,
        future=1,
    )
    rate_importance(comparison, workload="less", pay="more")
    rate(OfferFactory(comparison=comparison, title="Freelance gig", salary=None), pay=3)
    counsellor = CounsellorFactory(email="axe.counsellor@example.com", name="Casey Counsellor")
    grant = AccessFactory(counsellor=counsellor, client=user)
    note = NoteFactory(
        comparison=comparison,
        author=counsellor,
        offer=offer,
        text="Ask Fabrikam about the on-call rota.",
    )
    ReplyFactory(note=note, text="How often would be too often?")
    ReplyFactory(note=note, author=counsellor, text="More than one week in six.")
    former = CounsellorFactory(email="axe.former@example.com", name="Fran Former")
    closed_note = NoteFactory(comparison=comparison, author=former, text="Compare the commutes.")
    ReplyFactory(note=closed_note, text="Done: 20 minutes against 50.")
    return Data(
        user_email=user.email,
        comparison=comparison,
        empty_comparison=empty,
        offer=offer,
        counsellor_email=counsellor.email,
        grant=grant,
        note=note,
        closed_note=closed_note,
    )


# --- Pages anyone can see ---------------------------------------------------------------------

ANONYMOUS_PAGES = {
    "landing": "/",
    "sign-up": "/accounts/signup/",
    "log-in": "/accounts/login/",
    "password-reset": "/accounts/password/reset/",
    "password-reset-sent": "/accounts/password/reset/done/",
    "password-reset-link-expired": "/accounts/password/reset/key/1-set-password/",
    "password-reset-complete": "/accounts/password/reset/key/done/",
    "check-your-email": "/accounts/confirm-email/",
    "confirmation-link-expired": "/accounts/confirm-email/not-a-real-key/",
}


@pytest.mark.parametrize("path", ANONYMOUS_PAGES.values(), ids=ANONYMOUS_PAGES.keys())
def test_public_page_has_no_axe_violations(page, live_server, path):
    response = page.goto(url(live_server, path))
    assert response.ok
    assert_no_axe_violations(page)


def test_sign_up_form_with_errors_has_no_axe_violations(page, live_server):
    page.goto(url(live_server, "/accounts/signup/"))
    labelled(page, "Email address").fill("not-an-email")
    labelled(page, "Password").fill("123")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    assert_no_axe_violations(page)


def test_log_in_form_with_errors_has_no_axe_violations(page, live_server, data):
    page.goto(url(live_server, "/accounts/login/"))
    labelled(page, "Email address").fill(data.user_email)
    labelled(page, "Password").fill("not-the-password")
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(
        page.get_by_text("The email address and/or password you specified are not correct")
    ).to_be_visible()
    assert_no_axe_violations(page)


def test_locked_out_page_has_no_axe_violations(page, live_server, settings):
    user = UserFactory(email="axe.forgetful@example.com")
    page.goto(url(live_server, "/accounts/login/"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        labelled(page, "Email address").fill(user.email)
        labelled(page, "Password").fill("not-the-password")
        page.get_by_role("button", name="Log in", exact=True).click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to log in")
    assert_no_axe_violations(page)


# --- Pages of a logged-in job seeker ------------------------------------------------------------


def _comparison(page, live_server, data):
    page.goto(url(live_server, data.comparison.get_absolute_url()))
    # Re-ranking leaves a status message on the page, so that is checked too.
    page.get_by_role("button", name="Stability now (life fit 70 %)").click()
    expect(page.get_by_role("status")).to_contain_text("Offers are now ranked for")


def _comparison_on_a_phone(page, live_server, data):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(url(live_server, data.comparison.get_absolute_url()))


def _comparison_form_with_errors(page, live_server, data):
    page.goto(url(live_server, "/comparisons/new/"))
    page.get_by_role("button", name="Create comparison").click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()


def _offer_form_with_errors(page, live_server, data):
    page.goto(url(live_server, f"/comparisons/{data.comparison.pk}/offers/new/"))
    facts = page.get_by_role("group", name="The offer")
    labelled(facts, "Role").fill("Night-shift analyst")
    pay = page.get_by_role("group", name="Pay", exact=True)
    labelled(pay, "Salary (gross)").fill("-1")
    labelled(pay, "Currency").fill("euros")
    labelled(pay, "Equity a year").fill("10000")
    labelled(facts, "Start date").fill("2027-01-10")
    labelled(facts, "Decision deadline").fill("2027-02-01")
    page.get_by_label("Reason for Pay (optional)").fill("A reason without a rating")
    page.get_by_role("button", name="Add offer").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved yet")


def _exchange_rates_with_errors(page, live_server, data):
    page.goto(url(live_server, f"/comparisons/{data.comparison.pk}/exchange-rates/"))
    labelled(page, "1 USD in EUR").fill("-3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved yet")


def _importance_with_errors(page, live_server, data):
    page.goto(url(live_server, f"/comparisons/{data.comparison.pk}/importance/"))
    for factor in ("Skill growth", "Measurable achievements", "Modern tools", "Network quality",
                   "Advancement pathways"):  # fmt: skip
        group = page.get_by_role("radiogroup", name=factor, exact=True)
        group.locator("label").filter(has_text="Not at all").click()
    page.get_by_role("button", name="Save and see the verdicts").click()
    expect(page.get_by_role("alert")).to_contain_text("Future value needs at least one factor")


def _delete_account_with_errors(page, live_server, data):
    page.goto(url(live_server, "/account/delete/"))
    labelled(page, "Your password").fill("not-my-password")
    page.get_by_role("button", name="Delete my account and my data").click()
    expect(page.get_by_text("That is not your password.")).to_be_visible()


def _password_change_done(page, live_server, data):
    page.goto(url(live_server, "/accounts/password/change/"))
    labelled(page, "Current password").fill(PASSWORD)
    labelled(page, "New password").fill("another-strong-password-42")
    labelled(page, "New password (again)").fill("another-strong-password-42")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_contain_text("Password successfully changed.")


def _sharing_with_errors(page, live_server, data):
    page.goto(url(live_server, "/sharing/"))
    labelled(page, "Your counsellor's email address").fill("not an address")
    page.get_by_role("button", name="Give access").click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()


def _note_with_errors(page, live_server, data):
    page.goto(url(live_server, f"/counsellor/comparisons/{data.comparison.pk}/"))
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_text("Write something before saving the note.")).to_be_visible()


def _reply_with_errors(page, live_server, data):
    page.goto(url(live_server, data.comparison.get_absolute_url()))
    note = page.get_by_role("article", name="Note from Casey Counsellor")
    note.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Write something before saving the reply.")).to_be_visible()


def _own_reply_with_errors(page, live_server, data):
    page.goto(url(live_server, f"/counsellor/comparisons/{data.comparison.pk}/"))
    note = page.get_by_role("article", name="Note from Casey Counsellor")
    note.get_by_label("Your reply").fill("x" * 5000)
    note.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Keep the reply under 5,000 characters")).to_be_visible()


def _go(path_of):
    def visit(page, live_server, data):
        response = page.goto(url(live_server, path_of(data)))
        assert response.ok

    return visit


def _button_only_address(page, live_server, data):
    response = page.goto(url(live_server, f"/comparisons/{data.comparison.pk}/importance/reset/"))
    assert response.status == 405
    expect(page.get_by_role("heading", level=1)).to_contain_text("works from a button")


OWNER_PAGES = {
    "my-comparisons": _go(lambda d: "/comparisons/"),
    "new-comparison": _go(lambda d: "/comparisons/new/"),
    "new-comparison-with-errors": _comparison_form_with_errors,
    "edit-comparison": _go(lambda d: f"/comparisons/{d.comparison.pk}/edit/"),
    "comparison-with-offers": _comparison,
    "comparison-with-offers-375px": _comparison_on_a_phone,
    # The notes on it: one about an offer with a thread, one read-only (access revoked).
    "reply-to-a-note": _go(lambda d: f"/notes/{d.note.pk}/reply/"),
    "reply-to-a-note-with-errors": _reply_with_errors,
    "read-only-thread": _go(lambda d: f"/notes/{d.closed_note.pk}/reply/"),
    "comparison-without-offers": _go(lambda d: d.empty_comparison.get_absolute_url()),
    "delete-comparison": _go(lambda d: f"/comparisons/{d.comparison.pk}/delete/"),
    "add-offer": _go(lambda d: f"/comparisons/{d.comparison.pk}/offers/new/"),
    "add-offer-with-errors": _offer_form_with_errors,
    "edit-offer": _go(lambda d: f"/offers/{d.offer.pk}/edit/"),
    "delete-offer": _go(lambda d: f"/offers/{d.offer.pk}/delete/"),
    "exchange-rates": _go(lambda d: f"/comparisons/{d.comparison.pk}/exchange-rates/"),
    "exchange-rates-with-errors": _exchange_rates_with_errors,
    "personal-importance": _go(lambda d: f"/comparisons/{d.comparison.pk}/importance/"),
    "personal-importance-with-errors": _importance_with_errors,
    "priority-check": _go(lambda d: f"/comparisons/{d.comparison.pk}/priority-check/"),
    "password-change": _go(lambda d: "/accounts/password/change/"),
    "your-account": _go(lambda d: "/account/"),
    "delete-account": _go(lambda d: "/account/delete/"),
    "delete-account-with-errors": _delete_account_with_errors,
    "password-change-done": _password_change_done,
    "sharing": _go(lambda d: "/sharing/"),
    "sharing-with-errors": _sharing_with_errors,
    "revoke-access": _go(lambda d: f"/sharing/{d.grant.pk}/revoke/"),
    "log-out": _go(lambda d: "/accounts/logout/"),
    "button-only-address-opened": _button_only_address,
    "email-notifications": _go(lambda d: "/account/emails/"),
    "report-of-all-comparisons": _go(lambda d: "/comparisons/report/"),
    "report-of-one-comparison": _go(lambda d: f"/comparisons/{d.comparison.pk}/report/"),
}


@pytest.mark.parametrize("visit", OWNER_PAGES.values(), ids=OWNER_PAGES.keys())
def test_owner_page_has_no_axe_violations(page, live_server, data, visit):
    log_in(page, live_server, data.user_email, PASSWORD)
    visit(page, live_server, data)
    assert_no_axe_violations(page)


def test_my_comparisons_empty_has_no_axe_violations(page, live_server):
    user = UserFactory(email="axe.newcomer@example.com")
    log_in(page, live_server, user.email, PASSWORD)
    expect(page.get_by_role("heading", name="No comparisons yet")).to_be_visible()
    assert_no_axe_violations(page)


# --- Pages of a counsellor ----------------------------------------------------------------------

COUNSELLOR_PAGES = {
    "my-clients": _go(lambda d: "/counsellor/clients/"),
    "my-clients-filtered-and-sorted": _go(
        lambda d: "/counsellor/clients/?flag=deadline&flag=weak&sort=-name"
    ),
    "client": _go(lambda d: f"/counsellor/clients/{d.comparison.owner_id}/"),
    "client-comparison": _go(lambda d: f"/counsellor/comparisons/{d.comparison.pk}/"),
    "client-comparison-note-with-errors": _note_with_errors,
    "edit-note": _go(lambda d: f"/counsellor/notes/{d.note.pk}/edit/"),
    "reply-in-own-thread": _go(lambda d: f"/counsellor/notes/{d.note.pk}/reply/"),
    "reply-in-own-thread-with-errors": _own_reply_with_errors,
    "delete-note": _go(lambda d: f"/counsellor/notes/{d.note.pk}/delete/"),
    "client-report": _go(lambda d: f"/counsellor/clients/{d.comparison.owner_id}/report/"),
    "client-comparison-report": _go(lambda d: f"/counsellor/comparisons/{d.comparison.pk}/report/"),
}


@pytest.mark.parametrize("visit", COUNSELLOR_PAGES.values(), ids=COUNSELLOR_PAGES.keys())
def test_counsellor_page_has_no_axe_violations(page, live_server, data, visit):
    log_in(page, live_server, data.counsellor_email, PASSWORD)
    visit(page, live_server, data)
    assert_no_axe_violations(page)


def test_unsubscribe_pages_have_no_axe_violations(page, live_server, data):
    from django.contrib.auth import get_user_model

    from notifications.models import Kind
    from notifications.services import unsubscribe_token

    counsellor = get_user_model().objects.get(email=data.counsellor_email)
    page.goto(
        url(live_server, f"/emails/unsubscribe/{unsubscribe_token(counsellor, Kind.DECISION)}/")
    )
    expect(page.get_by_role("heading", name="Stop these emails?")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert_no_axe_violations(page)


def test_not_found_page_has_no_axe_violations(page, live_server, data):
    log_in(page, live_server, data.user_email, PASSWORD)
    response = page.goto(url(live_server, "/comparisons/999999/"))
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("not yours to see")
    assert_no_axe_violations(page)
