"""The counsellor's caseload: one row per client, what needs them flagged, filters, sorting,
what is new since they last looked, and a constant number of queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from counselling.selectors import Flag
from offers import services as offers
from offers.models import Offer
from offers.services import RatingInput
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    OfferFactory,
    UserFactory,
    rate,
    rate_all,
)

URL = reverse("counselling:client-list")


@pytest.fixture
def counsellor(db):
    return CounsellorFactory(email="casey@example.com")


@pytest.fixture
def coach(client, counsellor):
    client.force_login(counsellor)
    return client


def a_client(counsellor, name, **comparison):
    person = UserFactory(name=name, email=f"{name.split()[0].lower()}@example.com")
    AccessFactory(counsellor=counsellor, client=person)
    return person, ComparisonFactory(owner=person, **comparison) if comparison else None


def rows_of(coach, query=""):
    return coach.get(f"{URL}{query}").context["rows"]


def names(rows):
    return [r.client.get_full_name() for r in rows]


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def caseload(counsellor):
    """Four clients, each with one thing that needs the counsellor, and one with none."""
    _, soon = a_client(counsellor, "Dana Deadline", title="Due soon")
    rate_all(OfferFactory(comparison=soon, decision_deadline=in_days(6)), 4, 4)
    _, weak = a_client(counsellor, "Wes Weak", title="Nothing good")
    rate_all(OfferFactory(comparison=weak, title="A"), 2, 2)
    rate_all(OfferFactory(comparison=weak, title="B"), 1, 1)
    _, close = a_client(counsellor, "Cleo Close", title="Neck and neck")
    rate_all(OfferFactory(comparison=close, title="A"), 4, 4)
    rate_all(OfferFactory(comparison=close, title="B"), 4, 4)
    _, decided = a_client(counsellor, "Dev Decided", title="Done")
    chosen = rate_all(OfferFactory(comparison=decided, title="Chosen"), 5, 5)
    offers.decision_record(
        comparison=decided, offer_id=chosen.pk, reason="", decided_on=timezone.localdate()
    )
    _, calm = a_client(counsellor, "Cal Calm", title="Plenty of time")
    rate_all(OfferFactory(comparison=calm, decision_deadline=in_days(8)), 5, 5)
    later = OfferFactory(comparison=calm, title="Declined", decision_deadline=in_days(2))
    Offer.objects.filter(pk=later.pk).update(status=Offer.Status.DECLINED)


def test_each_client_is_flagged_for_what_needs_the_counsellor(coach, caseload):
    flags = {r.client.get_full_name(): {f.slug for f in r.flags} for r in rows_of(coach)}
    assert flags == {
        "Dana Deadline": {"deadline"},
        "Wes Weak": {"weak"},
        "Cleo Close": {"close-call"},
        "Dev Decided": {"decided"},
        # An answer in 8 days is not yet pressing; a declined offer's date is no answer due.
        "Cal Calm": set(),
    }
    page = coach.get(URL).content.decode()
    assert 'Answer due within 7 days <span class="text-body-secondary">(1)</span>' in page
    assert re.search(r"caseload-flag-deadline\">Answer due within 7 days</span>", page)


def test_filters_narrow_the_list_and_combine(coach, caseload, counsellor):
    assert names(rows_of(coach, "?flag=deadline")) == ["Dana Deadline"]
    assert sorted(names(rows_of(coach, "?flag=weak&flag=close-call"))) == []  # both at once
    assert names(rows_of(coach, "?flag=decided")) == ["Dev Decided"]
    assert len(rows_of(coach, "?flag=no-such-flag")) == 5  # unknown filters are ignored
    page = coach.get(f"{URL}?flag=deadline").content.decode()
    assert "1 of 5 clients match." in page
    assert 'value="deadline" id="flag-deadline" checked' in page
    empty = coach.get(f"{URL}?flag=deadline&flag=decided").content.decode()
    assert "No client matches these filters." in empty


def test_sorting_by_each_column_both_ways(coach, caseload):
    by_name = names(rows_of(coach, "?sort=name"))
    assert by_name == sorted(by_name)
    assert names(rows_of(coach, "?sort=-name")) == by_name[::-1]
    # Soonest answer first; clients without one last.
    assert names(rows_of(coach, "?sort=deadline"))[:2] == ["Dana Deadline", "Cal Calm"]
    page = coach.get(f"{URL}?sort=deadline&flag=deadline").content.decode()
    assert re.search(r'<th scope="col" aria-sort="ascending"><a href="\?[^"]*sort=-deadline', page)
    assert "flag=deadline" in re.search(r'<a href="(\?[^"]*sort=name[^"]*)"', page).group(1)
    assert len(rows_of(coach, "?sort=bogus")) == 5  # the default order


def test_what_is_new_since_the_counsellor_last_looked(coach, counsellor):
    person, comparison = a_client(counsellor, "Nia New", title="Spring")
    offer = rate_all(OfferFactory(comparison=comparison, title="Analyst"), 3, 3)
    [row] = rows_of(coach)
    assert row.seen_at is None
    assert "not opened yet" in coach.get(URL).content.decode()

    coach.get(reverse("counselling:client-detail", args=[person.pk]))  # looked
    assert "nothing new" in coach.get(URL).content.decode()

    # The client adds an offer and changes two ratings of the first; a save that changes
    # nothing else leaves the other ratings as old as they were.
    OfferFactory(comparison=comparison, title="Engineer")
    ratings = {r.factor: RatingInput(r.score, r.reason) for r in offer.ratings.all()}
    first, second = list(ratings)[:2]
    ratings[first] = RatingInput(5)
    ratings[second] = RatingInput(1, "Long commute")
    offers.offer_update(offer=offer, data={}, ratings=ratings)
    [row] = rows_of(coach)
    assert (row.new_offers, row.new_ratings) == (1, 2)
    assert "1 new offer, 2 new ratings" in coach.get(URL).content.decode()
    assert names(rows_of(coach, "?sort=-changes")) == ["Nia New"]

    coach.get(reverse("counselling:comparison", args=[comparison.pk]))  # looked again
    [row] = rows_of(coach)
    assert (row.new_offers, row.new_ratings) == (0, 0)


def test_only_clients_who_grant_access_are_listed(coach, counsellor):
    a_client(counsellor, "Mine Only", title="Mine")
    other = CounsellorFactory()
    theirs = UserFactory(name="Not Mine")
    AccessFactory(counsellor=other, client=theirs)
    ComparisonFactory(owner=theirs)
    assert names(rows_of(coach)) == ["Mine Only"]


@pytest.mark.parametrize("count", [1, 20, 200])
def test_the_dashboard_runs_a_constant_number_of_queries(
    coach, counsellor, count, django_assert_max_num_queries
):
    for i in range(count):
        _, comparison = a_client(counsellor, f"Client{i} Person", title=f"Offers {i}")
        rate(OfferFactory(comparison=comparison, decision_deadline=in_days(i % 10)), pay=4)
    # Cold: every comparison is scored (and cached); then warm.
    with django_assert_max_num_queries(10):
        response = coach.get(URL)
    assert len(response.context["rows"]) == count
    with django_assert_max_num_queries(7):
        response = coach.get(f"{URL}?flag=deadline&sort=deadline")
    assert all(Flag.DEADLINE in r.flags for r in response.context["rows"])


def test_a_clients_reply_is_new_on_the_dashboard_until_the_counsellor_looks(coach, counsellor):
    from counselling import services as counselling

    person, comparison = a_client(counsellor, "Rae Reply", title="Spring")
    note = counselling.note_create(comparison=comparison, author=counsellor, text="Ask about pay.")
    coach.get(reverse("counselling:comparison", args=[comparison.pk]))  # looked
    counselling.reply_create(note=note, author=person, text="I asked: it is negotiable.")
    counselling.reply_create(note=note, author=counsellor, text="Good, aim higher.")  # not new
    [row] = rows_of(coach)
    assert row.new_replies == 1
    assert (
        '<strong class="caseload-replies">1 new reply</strong>' in coach.get(URL).content.decode()
    )
    coach.get(reverse("counselling:comparison", args=[comparison.pk]))
    [row] = rows_of(coach)
    assert row.new_replies == 0
