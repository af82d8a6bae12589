"""A note about one offer and the conversation under it, each person in their own browser."""

import re

import pytest
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

NOTE = "Ask Northwind how often the support rota puts you on call at night."
QUESTION = "Would once a month be acceptable, in your view?"
ANSWER = "Yes, if they pay the night shifts on top. Ask for that in writing."


@pytest.fixture
def people(live_server):
    """Robin shares a comparison of three rated offers with Casey, a counsellor."""
    robin = UserFactory(email="robin.threads@example.com", name="Robin Client")
    comparison = ComparisonFactory(owner=robin, title="Spring offers")
    for title, employer, life, future in [
        ("Analytics lead", "Fabrikam", 4, 4),
        ("Support engineer", "Northwind", 5, 2),
        ("Research assistant", "Contoso", 2, 5),
    ]:
        rate_all(
            OfferFactory(comparison=comparison, title=title, employer=employer),
            life=life,
            future=future,
        )
    casey = CounsellorFactory(email="casey.threads@counsel.example", name="Casey Counsellor")
    grant = AccessFactory(counsellor=casey, client=robin)
    return robin, casey, comparison, grant


def offer_card(page, title):
    verdicts = page.get_by_role("region", name="Offers, best first")
    return verdicts.get_by_role("article", name=re.compile(rf"^\d+\. {title}$"))


def test_a_note_on_one_offer_and_a_conversation_under_it(
    open_page, live_server, people, screenshot
):
    robin, casey, comparison, grant = people
    counsellor, client = open_page(), open_page()
    counsellor_url = url(live_server, f"/counsellor/comparisons/{comparison.pk}/")

    # Casey writes a note about the support job.
    log_in(counsellor, live_server, casey.email, PASSWORD)
    counsellor.goto(counsellor_url)
    about = labelled(counsellor, "About")
    expect(about.locator("option")).to_have_text(
        [
            "The whole comparison",
            "Analytics lead (Fabrikam)",
            "Research assistant (Contoso)",
            "Support engineer (Northwind)",
        ]
    )
    about.select_option(label="Support engineer (Northwind)")
    labelled(counsellor, "Note for your client").fill(NOTE)
    counsellor.get_by_role("button", name="Save note").click()
    expect(counsellor.get_by_role("status")).to_contain_text("Note saved.")
    note_id = re.search(r"#(note-\d+)$", counsellor.url).group(1)
    own_note = counsellor.locator(f"#{note_id}")
    expect(own_note).to_contain_text("About Support engineer (Northwind)")
    expect(offer_card(counsellor, "Support engineer")).to_contain_text(
        "You left 1 note about this offer"
    )
    expect(offer_card(counsellor, "Analytics lead")).not_to_contain_text("about this offer")

    # Robin sees it on the offer's card and in the notes; the card's link leads to the note.
    log_in(client, live_server, robin.email, PASSWORD)
    client.goto(url(live_server, comparison.get_absolute_url()))
    card_link = offer_card(client, "Support engineer").get_by_role(
        "link", name="1 note from your counsellor about this offer"
    )
    expect(card_link).to_be_visible()
    expect(offer_card(client, "Research assistant")).not_to_contain_text("about this offer")
    card_link.scroll_into_view_if_needed()
    screenshot("21-client-card-with-note-link", of=client, full_page=False)
    card_link.click()
    note = client.get_by_role("region", name="Counsellor notes").get_by_role(
        "article", name="Note from Casey Counsellor"
    )
    assert client.url.endswith(f"#{note_id}")
    expect(note).to_be_in_viewport()
    expect(note).to_contain_text(NOTE)
    expect(note.get_by_role("link", name="Support engineer (Northwind)")).to_have_attribute(
        "href", re.compile(r"^#offer-\d+$")
    )

    # An empty reply is refused with a message, on a page of its own with the note.
    note.get_by_role("button", name="Send reply").click()
    reply_field = client.get_by_label("Your reply")
    expect(reply_field).to_have_attribute("aria-invalid", "true")
    expect(reply_field).to_have_accessible_description("Write something before saving the reply.")
    expect(reply_field).to_be_focused()
    expect(client.get_by_role("heading", level=1)).to_have_text(
        "Reply to the note from Casey Counsellor"
    )
    assert_no_axe_violations(client)
    screenshot("22-client-reply-refused", of=client)
    reply_field.fill(QUESTION)
    client.get_by_role("button", name="Send reply").click()
    expect(client.get_by_role("status")).to_contain_text(
        "Reply sent. Casey Counsellor can read it now."
    )
    assert client.url.endswith(f"#{note_id}")
    thread = note.get_by_role("list", name="Replies to this note")
    expect(thread.get_by_role("listitem")).to_have_count(1)
    expect(thread.get_by_role("listitem")).to_contain_text("You · ")
    expect(thread.get_by_role("listitem")).to_contain_text(QUESTION)

    # Casey reads the reply under the note and answers it.
    counsellor.reload()
    thread = own_note.get_by_role("list", name="Replies to this note")
    expect(thread.get_by_role("listitem")).to_contain_text("Robin Client · ")
    expect(thread).to_contain_text(QUESTION)
    own_note.get_by_label("Your reply").fill(ANSWER)
    own_note.get_by_role("button", name="Send reply").click()
    expect(counsellor.get_by_role("status")).to_contain_text(
        "Reply sent. Robin Client can read it now."
    )
    expect(thread.get_by_role("listitem")).to_have_count(2)
    assert_no_axe_violations(counsellor)
    own_note.scroll_into_view_if_needed()
    screenshot("23-counsellor-thread", of=counsellor, full_page=False)

    # Robin reads the thread in order: the note, the question, the answer.
    client.reload()
    items = note.get_by_role("list", name="Replies to this note").get_by_role("listitem")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text(QUESTION)
    expect(items.nth(0)).to_contain_text("You")
    expect(items.nth(1)).to_contain_text(ANSWER)
    expect(items.nth(1)).to_contain_text("Casey Counsellor")
    assert_no_axe_violations(client)
    note.scroll_into_view_if_needed()
    screenshot("24-client-thread", of=client, full_page=False)

    # Hiding the note puts its thread away too, and the card no longer points to it.
    note.get_by_role("button", name="Hide note from Casey Counsellor").click()
    expect(client.get_by_role("status")).to_contain_text("Note hidden.")
    expect(client.get_by_text("All notes are hidden.")).to_be_visible()
    expect(client.get_by_text(ANSWER)).to_be_hidden()
    expect(offer_card(client, "Support engineer")).not_to_contain_text("about this offer")
    client.get_by_text("1 hidden note").click()
    expect(client.get_by_text(ANSWER)).to_be_visible()
    client.get_by_role("button", name="Show again note from Casey Counsellor").click()
    expect(client.get_by_role("status")).to_contain_text("Note shown again.")
    expect(note.get_by_text(ANSWER)).to_be_visible()
    expect(note.get_by_label("Your reply")).to_be_visible()

    # Robin takes access back: the thread stays, read-only, and Casey can no longer answer.
    client.goto(url(live_server, f"/sharing/{grant.pk}/revoke/"))
    client.get_by_role("button", name="Revoke access").click()
    client.goto(url(live_server, comparison.get_absolute_url()) + f"#{note_id}")
    expect(note).to_contain_text("No longer has access")
    expect(note).to_contain_text(
        "This conversation is read-only: Casey Counsellor no longer has access"
    )
    expect(note.get_by_text(QUESTION)).to_be_visible()
    expect(note.get_by_text(ANSWER)).to_be_visible()
    expect(note.get_by_label("Your reply")).to_have_count(0)
    expect(note.get_by_role("button", name="Send reply")).to_have_count(0)
    assert_no_axe_violations(client)
    note.scroll_into_view_if_needed()
    screenshot("25-client-thread-read-only", of=client, full_page=False)
    own_note.get_by_label("Your reply").fill("One more thing")
    response_status = []
    counsellor.on("response", lambda r: response_status.append(r.status))
    own_note.get_by_role("button", name="Send reply").click()
    expect(counsellor.get_by_role("heading", level=1)).to_contain_text("not yours to see")
    assert 404 in response_status
