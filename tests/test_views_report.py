"""The printable report: the seeker's own, and a counsellor's of a client; all or one comparison."""

import re
from collections import Counter
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from counselling.models import CounsellorNote
from offers import services
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    NoteFactory,
    OfferFactory,
    UserFactory,
    rate,
    rate_all,
    rate_importance,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate().strftime("%-d %b %Y")


@pytest.fixture
def seeker(db):
    return UserFactory(email="sam.seeker@example.com", name="Sam Seeker")


@pytest.fixture
def counsellor(seeker):
    counsellor = CounsellorFactory(email="cora@example.com", name="Cora Coach")
    AccessFactory(counsellor=counsellor, client=seeker)
    return counsellor


@pytest.fixture
def spring(seeker, counsellor):
    """Two rated offers, the first chosen; a note the seeker reads and one they hid."""
    comparison = ComparisonFactory(owner=seeker, title="Spring offers")
    chosen = rate_all(OfferFactory(comparison=comparison, title="Analyst"), life=4, future=2)
    rate_all(OfferFactory(comparison=comparison, title="Engineer"), life=2, future=5)
    services.decision_record(
        comparison=comparison, offer_id=chosen.pk, reason="Closer to home.", decided_on=date.today()
    )
    NoteFactory(comparison=comparison, author=counsellor, text="Ask about the training budget.")
    NoteFactory(
        comparison=comparison, author=counsellor, text="An old thought.", hidden_by_client=True
    )
    return comparison


def page_of(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def sheets_in(page: str) -> list[str]:
    return re.findall(r'<h2 id="c\d+-title" class="report-title">([^<]*)</h2>', page)


# The seeker's report.


def test_the_seekers_report_has_a_sheet_per_comparison_with_their_name_and_the_date(
    client, seeker, spring
):
    ComparisonFactory(owner=seeker, title="Autumn offers")
    ComparisonFactory(title="Someone else's offers")
    page = page_of(client, seeker, reverse("offers:comparisons-report"))
    assert sorted(sheets_in(page)) == ["Autumn offers", "Spring offers"]
    assert page.count("CareerFit report for <strong>Sam Seeker</strong>") == 2
    assert f'as of <time datetime="{timezone.localdate():%Y-%m-%d}">{TODAY}</time>' in page
    assert "Someone else" not in page


def test_the_seekers_report_speaks_to_them_and_shows_the_notes_they_did_not_hide(
    client, seeker, spring
):
    page = page_of(client, seeker, reverse("offers:comparison-report", args=[spring.pk]))
    assert sheets_in(page) == ["Spring offers"]
    assert "You decided on" in page and "Closer to home." in page
    assert "A plan for the trade you make" in page
    assert "Counsellor notes" in page and "Ask about the training budget." in page
    assert "An old thought." not in page
    assert "your client" not in page.lower()


def test_the_report_shows_the_verdicts_the_chart_the_table_and_the_pay(client, seeker, spring):
    page = page_of(client, seeker, reverse("offers:comparison-report", args=[spring.pk]))
    assert "Verdicts, best first" in page
    assert page.count('class="report-verdict"') == 2
    assert "Pays the present" in page and "Builds the future" in page
    assert 'class="quadrant-svg"' in page
    assert "Side by side" in page and "Yearly base (guaranteed)" in page
    assert "Not done yet" in page


def test_the_report_changes_nothing_it_has_no_form_and_no_edit_link(client, seeker, spring):
    page = page_of(client, seeker, reverse("offers:comparison-report", args=[spring.pk]))
    main = page[page.index("<main") :]
    assert "<form" not in main
    assert "csrfmiddlewaretoken" not in page.split("</header>")[1]
    assert re.findall(r"<button[^>]*>([^<]*)</button>", main) == ["Print or save as PDF"]
    for name in ("offer-create", "comparison-update", "comparison-decision", "comparison-rates"):
        assert reverse(f"offers:{name}", args=[spring.pk]) not in main
    offer = spring.offers.first()
    assert reverse("offers:offer-update", args=[offer.pk]) not in main
    assert reverse("offers:comparison-detail", args=[spring.pk]) in main  # the back link


def test_every_id_on_a_report_of_several_comparisons_is_unique(client, seeker, spring):
    other = ComparisonFactory(owner=seeker, title="Summer offers")
    rate_all(OfferFactory(comparison=other), life=4, future=4)
    services.decision_record(
        comparison=other, offer_id=other.offers.get().pk, reason="", decided_on=date.today()
    )
    page = page_of(client, seeker, reverse("offers:comparisons-report"))
    ids = Counter(re.findall(r'\bid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []
    for reference in re.findall(r'aria-(?:labelledby|describedby)="([^"]+)"', page):
        assert all(ids[i] == 1 for i in reference.split()), reference


def test_a_comparison_without_offers_says_so(client, seeker):
    ComparisonFactory(owner=seeker, title="Nothing yet")
    page = page_of(client, seeker, reverse("offers:comparisons-report"))
    assert sheets_in(page) == ["Nothing yet"]
    assert "No offers yet" in page


def test_without_comparisons_there_is_nothing_to_print(client, seeker):
    page = page_of(client, seeker, reverse("offers:comparisons-report"))
    assert "You have no comparisons yet, so there is nothing to print." in page
    assert "Print or save as PDF" not in page


def test_the_report_follows_changes_and_new_notes_at_once(client, seeker, counsellor, spring):
    url = reverse("offers:comparison-report", args=[spring.pk])
    page_of(client, seeker, url)
    analyst = spring.offers.get(title="Analyst")
    rate(OfferFactory(comparison=spring, title="Designer"), pay=3)
    NoteFactory(comparison=spring, author=counsellor, text="One more idea.")
    page = page_of(client, seeker, url)
    assert "Designer" in page and "One more idea." in page
    assert analyst.title in page


def test_links_lead_to_the_seekers_reports(client, seeker, spring):
    detail = page_of(client, seeker, spring.get_absolute_url())
    assert f'href="{reverse("offers:comparison-report", args=[spring.pk])}"' in detail
    listing = page_of(client, seeker, reverse("offers:comparison-list"))
    assert f'href="{reverse("offers:comparisons-report")}"' in listing


def test_another_seeker_gets_their_own_empty_report_and_nothing_of_this_one(
    client, other_user, spring
):
    page = page_of(client, other_user, reverse("offers:comparisons-report"))
    assert "Spring offers" not in page and "Ask about the training budget." not in page
    assert client.get(reverse("offers:comparison-report", args=[spring.pk])).status_code == 404


# The counsellor's report of a client.


def test_the_counsellors_report_shows_their_own_notes_hidden_or_not_and_no_one_elses(
    client, seeker, counsellor, spring
):
    colleague = CounsellorFactory(name="Other Coach")
    AccessFactory(counsellor=colleague, client=seeker)
    NoteFactory(comparison=spring, author=colleague, text="A colleague's note.")
    page = page_of(client, counsellor, reverse("counselling:client-report", args=[seeker.pk]))
    assert sheets_in(page) == ["Spring offers"]
    assert "Your notes for Sam Seeker" in page
    assert "Ask about the training budget." in page and "An old thought." in page
    assert "A colleague&#x27;s note." not in page
    assert "Your client decided on" in page and "A plan for the trade your client makes" in page
    assert "Back to Sam Seeker" in page


def test_the_counsellor_prints_one_comparison_from_its_page(client, seeker, counsellor, spring):
    url = reverse("counselling:comparison-report", args=[spring.pk])
    comparison_page = page_of(
        client, counsellor, reverse("counselling:comparison", args=[spring.pk])
    )
    assert f'href="{url}"' in comparison_page
    client_page = page_of(
        client, counsellor, reverse("counselling:client-detail", args=[seeker.pk])
    )
    assert f'href="{reverse("counselling:client-report", args=[seeker.pk])}"' in client_page
    page = page_of(client, counsellor, url)
    assert sheets_in(page) == ["Spring offers"]
    assert "<form" not in page[page.index("<main") :]


def test_a_counsellor_whose_access_was_revoked_gets_nothing(client, seeker, counsellor, spring):
    seeker.counsellor_grants.all().delete()
    client.force_login(counsellor)
    for url in (
        reverse("counselling:client-report", args=[seeker.pk]),
        reverse("counselling:comparison-report", args=[spring.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Spring offers" not in response.content.decode()


# Queries stay the same for one comparison or many.


def _comparisons(owner, counsellor, count):
    for i in range(count):
        comparison = ComparisonFactory(owner=owner, title=f"Round {i}")
        first = rate_all(OfferFactory(comparison=comparison, is_current_job=True), life=3, future=2)
        rate_all(OfferFactory(comparison=comparison, currency="USD"), life=4, future=4)
        rate_importance(comparison, workload="less")
        services.decision_record(
            comparison=comparison, offer_id=first.pk, reason="", decided_on=date.today()
        )
        for _ in range(3):
            NoteFactory(comparison=comparison, author=counsellor)


@pytest.mark.parametrize("count", [1, 10])
def test_the_seekers_report_runs_a_constant_number_of_queries(
    client, seeker, counsellor, count, django_assert_max_num_queries
):
    _comparisons(seeker, counsellor, count)
    client.force_login(seeker)
    # session, user, comparisons, dimensions, factors, plan texts, offers, ratings, importances,
    # plan ticks, exchange rates; the notes with their replies and their authors' access.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("offers:comparisons-report"))
    assert len(sheets_in(response.content.decode())) == count
    assert response.content.decode().count('class="card note') == 3 * count


@pytest.mark.parametrize("count", [1, 10])
def test_the_counsellors_report_runs_a_constant_number_of_queries(
    client, seeker, counsellor, count, django_assert_max_num_queries
):
    _comparisons(seeker, counsellor, count)
    client.force_login(counsellor)
    # As the seeker's, plus finding the client.
    with django_assert_max_num_queries(15):
        response = client.get(reverse("counselling:client-report", args=[seeker.pk]))
    assert len(sheets_in(response.content.decode())) == count
    assert CounsellorNote.objects.count() == response.content.decode().count('class="card note')
