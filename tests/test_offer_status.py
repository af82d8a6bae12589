"""Each offer says where the seeker stands with it: considering, negotiating, accepted…"""

import csv
import io
import re

import pytest
from django.urls import reverse

from offers.models import Offer
from tests.factories import AccessFactory, CounsellorFactory, OfferFactory, rate_all
from tests.test_views_offers import offer_post

pytestmark = pytest.mark.django_db


def test_a_new_offer_is_being_considered_and_its_status_can_be_set(logged_in, comparison):
    url = reverse("offers:offer-create", args=[comparison.pk])
    assert 'name="status"' in logged_in.get(url).content.decode()
    logged_in.post(url, offer_post(title="Analyst"))
    logged_in.post(url, offer_post(title="Engineer", status="negotiating"))
    assert dict(Offer.objects.values_list("title", "status")) == {
        "Analyst": "considering",
        "Engineer": "negotiating",
    }


def test_an_unknown_status_is_refused_with_everything_typed_kept(logged_in, comparison):
    url = reverse("offers:offer-create", args=[comparison.pk])
    response = logged_in.post(url, offer_post(status="hired", notes="Call back Monday"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "Call back Monday" in page
    assert not Offer.objects.exists()


def test_the_status_shows_on_cards_table_csv_list_and_to_the_counsellor(
    client, logged_in, user, comparison
):
    accepted = rate_all(OfferFactory(comparison=comparison, title="Analyst", employer="Acme"), 4, 4)
    rate_all(OfferFactory(comparison=comparison, title="Engineer", employer="Bolt"), 3, 3)
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "offer-status-" not in page  # both still "considering": no badge
    edit = reverse("offers:offer-update", args=[accepted.pk])
    data = offer_post(
        title="Analyst",
        employer="Acme",
        status="accepted",
        loaded_at=Offer.objects.get(pk=accepted.pk).updated_at.isoformat(),
    )
    assert logged_in.post(edit, data).status_code == 302

    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert '<span class="decision-badge offer-status-accepted">Accepted</span>' in page
    status_row = re.search(r'<th scope="row" class="fw-normal">Status</th>(.*?)</tr>', page, re.S)
    assert sorted(re.findall(r"<td>(\w+)</td>", status_row.group(1))) == ["Accepted", "Considering"]
    export = logged_in.get(reverse("offers:comparison-export", args=[comparison.pk]))
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert {row["Role"]: row["Status"] for row in rows} == {
        "Analyst": "Accepted",
        "Engineer": "Considering",
    }
    listing = logged_in.get(reverse("offers:comparison-list")).content.decode()
    assert "Accepted: Analyst (Acme)" in listing

    counsellor = CounsellorFactory()
    AccessFactory(counsellor=counsellor, client=user)
    client.force_login(counsellor)
    theirs = client.get(reverse("counselling:comparison", args=[comparison.pk])).content.decode()
    assert '<span class="decision-badge offer-status-accepted">Accepted</span>' in theirs
