"""A counsellor's day in Chromium: forty clients, the ones with an answer due this week, a
note on one offer, the client's email and reply, the reply flagged on the dashboard; a client
switches one kind of email off and no longer gets it."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from notifications.services import wait_for_sending
from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, labelled, log_in, url
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    OfferFactory,
    UserFactory,
    rate_all,
)


def test_forty_clients_a_deadline_filter_a_note_on_an_offer_and_its_reply(
    open_page, live_server, screenshot
):
    casey = CounsellorFactory(email="casey.coach@example.com", name="Casey Coach")
    today = timezone.localdate()
    for i in range(40):
        person = UserFactory(email=f"client{i}@example.com", name=f"Client {i:02d}")
        AccessFactory(counsellor=casey, client=person)
        comparison = ComparisonFactory(owner=person, title=f"Offers of client {i:02d}")
        # Every fifth client must answer within the week; the others in three weeks.
        due = today + timedelta(days=3 if i % 5 == 0 else 21)
        rate_all(OfferFactory(comparison=comparison, title="Analyst", employer="Acme",
                              decision_deadline=due), life=4, future=4)  # fmt: skip
        rate_all(OfferFactory(comparison=comparison, title="Engineer", employer="Bolt"), 5, 2)
    robin = UserFactory(email="robin@example.com", name="Robin Rush")
    AccessFactory(counsellor=casey, client=robin)
    robins = ComparisonFactory(owner=robin, title="Robin's offers")
    rate_all(OfferFactory(comparison=robins, title="Designer", employer="Fabrikam",
                          decision_deadline=today + timedelta(days=1)), 4, 3)  # fmt: skip
    rate_all(OfferFactory(comparison=robins, title="Researcher", employer="Contoso"), 3, 5)

    # The caseload: 41 clients; filtered to answers due within 7 days, soonest first.
    coach = open_page()
    log_in(coach, live_server, casey.email, PASSWORD)
    expect(coach.get_by_role("status")).to_contain_text("41 clients.")
    coach.get_by_label(re.compile(r"^Answer due within 7 days")).check()
    coach.get_by_role("button", name="Filter").click()
    expect(coach.get_by_role("status")).to_contain_text("9 of 41 clients match.")
    coach.get_by_role("link", name="Soonest answer").click()
    rows = coach.locator("tr.caseload-row")
    expect(rows).to_have_count(9)
    expect(rows.first).to_contain_text("Robin Rush")
    expect(rows.first).to_contain_text("tomorrow")
    assert_no_axe_violations(coach)
    screenshot("caseload-deadlines-this-week", of=coach)

    # Casey opens Robin's comparison and leaves a note about one offer.
    rows.first.get_by_role("link", name="Robin's offers").click()
    labelled(coach, "About").select_option(label="Designer (Fabrikam)")
    labelled(coach, "Note for your client").fill("Ask Fabrikam whether the start date can move.")
    coach.get_by_role("button", name="Save note").click()
    expect(coach.get_by_role("status")).to_contain_text("Note saved.")

    # Robin is emailed that there is a note (not what it says), and replies.
    wait_for_sending()
    [email] = [m for m in mail.outbox if m.to == ["robin@example.com"]]
    assert email.subject == "CareerFit: Casey Coach left you a note"
    assert "start date" not in email.body
    link = re.search(r"http://\S+", email.body).group().replace("http://127.0.0.1:8000", "")
    page = open_page()
    log_in(page, live_server, robin.email, PASSWORD)
    page.goto(url(live_server, link))
    note = page.get_by_role("article", name="Note from Casey Coach")
    expect(note).to_contain_text("Ask Fabrikam whether the start date can move.")
    note.get_by_label("Your reply").fill("I asked: they can wait two weeks.")
    note.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("status")).to_contain_text("Reply sent.")

    # Back on the dashboard, Robin's reply is flagged as new.
    coach.goto(url(live_server, "/counsellor/clients/?flag=deadline&sort=deadline"))
    robin_row = coach.locator("tr.caseload-row").first
    expect(robin_row).to_contain_text("Robin Rush")
    expect(robin_row.locator(".caseload-replies")).to_have_text("1 new reply")
    screenshot("caseload-reply-flagged", of=coach)

    # Robin switches off emails about notes; Casey's next note sends none.
    page.goto(url(live_server, "/account/emails/"))
    page.get_by_label("My counsellor leaves me a note or answers my reply").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Your email settings are saved.")
    mail.outbox.clear()
    coach.goto(url(live_server, f"/counsellor/comparisons/{robins.pk}/"))
    labelled(coach, "Note for your client").fill("Well done on the extra two weeks.")
    coach.get_by_role("button", name="Save note").click()
    expect(coach.get_by_role("status")).to_contain_text("Note saved.")
    wait_for_sending()
    assert [m for m in mail.outbox if m.to == ["robin@example.com"]] == []
