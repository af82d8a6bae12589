"""A client and a counsellor, each in their own browser: consent, review, a note, revocation."""

import csv
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, labelled, log_in, url
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    NoteFactory,
    OfferFactory,
    UserFactory,
    rate_all,
)

NOTE = "<b>Ask</b> Fabrikam about the on-call rota before you sign."


@pytest.fixture
def people(live_server):
    """Robin has one comparison of three rated offers; Casey is a counsellor Robin has not met."""
    robin = UserFactory(email="robin.client@example.com", name="Robin Client")
    comparison = ComparisonFactory(owner=robin, title="Spring offers")
    for title, employer, life, future in [
        ("Analytics lead", "Fabrikam", 4, 4),  # 75 / 75: Ideal option
        ("Support engineer", "Northwind", 5, 2),  # 100 / 25: Pays the present
        ("Research assistant", "Contoso", 2, 5),  # 25 / 100: Builds the future
    ]:
        rate_all(
            OfferFactory(comparison=comparison, title=title, employer=employer),
            life=life,
            future=future,
        )
    casey = CounsellorFactory(email="casey@counsel.example", name="Casey Counsellor")
    return robin, casey, comparison


def test_client_shares_with_a_counsellor_reads_the_note_and_takes_access_back(
    open_page, live_server, people, screenshot
):
    robin, casey, comparison = people
    client = open_page()
    counsellor = open_page()

    # Before any consent, Casey has no clients and Robin's comparison is not there for Casey.
    log_in(counsellor, live_server, casey.email, PASSWORD)
    assert counsellor.url == url(live_server, "/counsellor/clients/")  # a counsellor's home
    main_nav = counsellor.get_by_role("navigation", name="Main")
    expect(counsellor.get_by_role("heading", name="No clients yet")).to_be_visible()
    counsellor_url = url(live_server, f"/counsellor/comparisons/{comparison.pk}/")
    assert counsellor.goto(counsellor_url).status == 404

    # Robin gives Casey access from the Sharing page (the counsellor area is not in Robin's nav).
    log_in(client, live_server, robin.email, PASSWORD)
    client_nav = client.get_by_role("navigation", name="Main")
    expect(client_nav.get_by_role("link", name="My clients")).to_have_count(0)
    client_nav.get_by_role("link", name="Sharing").click()
    expect(client.get_by_text("Nobody else can see your comparisons.")).to_be_visible()
    labelled(client, "Your counsellor's email address").fill("Casey@Counsel.example")
    client.get_by_role("button", name="Give access").click()
    expect(client.get_by_role("status")).to_contain_text("they can now read your comparisons")
    grants = client.get_by_role("list").filter(has_text="Casey Counsellor")
    expect(grants).to_contain_text("casey@counsel.example")
    expect(grants).to_contain_text(re.compile(r"since \d{1,2} \w{3} \d{4}"))
    screenshot("11-sharing-granted", of=client)

    # Casey now sees Robin, the comparison and its best verdict…
    main_nav.get_by_role("link", name="My clients").click()
    robin_row = counsellor.get_by_role("row", name=re.compile(r"^Robin Client"))
    expect(robin_row.get_by_role("cell").first).to_have_text("1 · 3 offers")
    expect(robin_row).to_contain_text("Spring offers")
    expect(robin_row).to_contain_text("Ideal option")
    expect(robin_row).to_contain_text("not opened yet")
    counsellor.get_by_role("link", name="Robin Client").click()
    expect(counsellor.get_by_role("heading", name="Robin Client", level=1)).to_be_visible()
    counsellor.get_by_role("link", name="Spring offers").click()

    # … read-only, exactly as Robin sees it: verdicts, ranking, trade-off, chart, table.
    assert counsellor.url == counsellor_url
    expect(counsellor.get_by_role("heading", name="Spring offers", level=1)).to_be_visible()
    expect(counsellor.get_by_text("It is read-only")).to_be_visible()
    verdicts = counsellor.get_by_role("region", name="Offers, best first")
    expect(verdicts.get_by_role("article")).to_have_count(3)
    for offer, verdict in [
        ("Analytics lead", "Ideal option"),
        ("Support engineer", "Pays the present"),
        ("Research assistant", "Builds the future"),
    ]:
        card = verdicts.get_by_role("article", name=re.compile(rf"^\d+\. {offer}$"))
        expect(card).to_contain_text(verdict)
    expect(counsellor.get_by_role("region", name="The decision")).to_contain_text(
        "the best offer is Analytics lead (Fabrikam)"
    )
    expect(counsellor.get_by_text(re.compile("^Choosing Analytics lead"))).to_be_visible()
    chart = counsellor.get_by_role("figure").get_by_role("img", name=re.compile("Quadrant chart"))
    expect(chart.locator("circle")).to_have_count(3)
    expect(counsellor.get_by_role("table")).to_be_visible()
    # Nothing on the page changes Robin's data.
    expect(counsellor.get_by_role("group", name="Rank offers for")).to_have_count(0)
    for control in ("Edit", "Delete", "Add an offer"):
        expect(verdicts.get_by_role("link", name=re.compile(rf"^{control}\b"))).to_have_count(0)
    expect(
        counsellor.get_by_role("link", name=re.compile("^(Edit|Delete) comparison"))
    ).to_have_count(0)

    # The CSV export works for Casey too.
    with counsellor.expect_download() as download_info:
        counsellor.get_by_role("link", name="Export CSV").click()
    with open(download_info.value.path(), encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert header[:2] == ["Rank", "Role"]
    assert [row[1] for row in rows] == ["Analytics lead", "Support engineer", "Research assistant"]
    verdict = header.index("Verdict")
    assert [row[verdict] for row in rows] == [
        "Ideal option",
        "Pays the present",
        "Builds the future",
    ]

    # An empty note is refused with a message; a real one is saved, its HTML shown as text.
    counsellor.get_by_role("button", name="Save note").click()
    note_field = labelled(counsellor, "Note for your client")
    expect(note_field).to_have_attribute("aria-invalid", "true")
    expect(note_field).to_have_accessible_description(
        re.compile("Write something before saving the note.")
    )
    # The refused note brings Casey back to the form, cursor in it, not to the top of the page.
    expect(note_field).to_be_focused()
    expect(note_field).to_be_in_viewport()
    note_field.fill(NOTE)
    counsellor.get_by_role("button", name="Save note").click()
    expect(counsellor.get_by_role("status")).to_contain_text(
        "Note saved. Robin Client can read it now."
    )
    own_note = counsellor.get_by_role("article", name="Note from Casey Counsellor")
    expect(own_note).to_contain_text(NOTE)
    assert_no_axe_violations(counsellor)
    screenshot("12-counsellor-comparison", of=counsellor)

    # Robin sees the note: counted in My comparisons, in full on the comparison page, as text.
    client_nav.get_by_role("link", name="My comparisons").click()
    client.get_by_role("link", name="1 counsellor note").click()
    notes = client.get_by_role("region", name="Counsellor notes")
    note = notes.get_by_role("article", name="Note from Casey Counsellor")
    expect(note).to_contain_text(NOTE)
    expect(note.locator("b")).to_have_count(0)
    expect(note).not_to_contain_text("No longer has access")
    screenshot("13-client-sees-note", of=client)

    # Robin takes access back, through a confirmation page.
    client_nav.get_by_role("link", name="Sharing").click()
    client.get_by_role("link", name="Revoke access for casey@counsel.example").click()
    expect(client.get_by_role("heading", level=1)).to_have_text(
        "Revoke access for Casey Counsellor?"
    )
    client.get_by_role("button", name="Revoke access").click()
    expect(client.get_by_role("status")).to_contain_text(
        "casey@counsel.example can no longer see your comparisons."
    )
    expect(client.get_by_text("Nobody else can see your comparisons.")).to_be_visible()

    # Casey's very next request gets nothing: the page, its export, the note form, the client.
    response = counsellor.reload()
    assert response.status == 404
    expect(counsellor.get_by_role("heading", level=1)).to_contain_text("not yours to see")
    expect(counsellor.get_by_text("Spring offers")).to_have_count(0)
    expect(counsellor.get_by_text(NOTE)).to_have_count(0)
    screenshot("14-counsellor-after-revoke", of=counsellor)
    for path in (
        f"/counsellor/comparisons/{comparison.pk}/export.csv",
        f"/counsellor/clients/{robin.pk}/",
    ):
        assert counsellor.request.get(url(live_server, path)).status == 404
    main_nav.get_by_role("link", name="My clients").click()
    expect(counsellor.get_by_role("heading", name="No clients yet")).to_be_visible()

    # Robin keeps the note, marked as coming from someone who no longer has access.
    client.goto(url(live_server, comparison.get_absolute_url()))
    note = client.get_by_role("region", name="Counsellor notes").get_by_role(
        "article", name="Note from Casey Counsellor"
    )
    expect(note).to_contain_text(NOTE)
    expect(note).to_contain_text("No longer has access")


@pytest.mark.parametrize("width", [1280, 375])
def test_a_note_with_a_long_link_wraps_instead_of_widening_the_page(
    open_page, live_server, people, screenshot, width
):
    robin, casey, comparison = people
    AccessFactory(counsellor=casey, client=robin)
    link = "https://careers.example/apply?ref=" + "Xq7Lp2Vt9Kw4" * 20
    NoteFactory(comparison=comparison, author=casey, text=f"Read this first: {link}")

    for who, path in [
        (robin, comparison.get_absolute_url()),
        (casey, f"/counsellor/comparisons/{comparison.pk}/"),
    ]:
        page = open_page()
        page.set_viewport_size({"width": width, "height": 900})
        log_in(page, live_server, who.email, PASSWORD)
        page.goto(url(live_server, path) + "#notes")
        expect(page.get_by_text(link)).to_be_visible()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} is {scroll_width}px wide at {width}px"
        page.get_by_text(link).scroll_into_view_if_needed()
        screenshot(f"long-note-{width}px-{who.get_short_name().lower()}", of=page, full_page=False)
