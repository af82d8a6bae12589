"""Writes are whole or nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from offers import services
from offers.models import Comparison, Factor, Offer, Rating
from offers.services import RatingInput
from tests.factories import OfferFactory, rate

pytestmark = pytest.mark.django_db


def factors(*keys):
    found = Factor.objects.in_bulk(list(keys), field_name="key")
    return [found[k] for k in keys]


def test_offer_create_saves_the_offer_and_its_ratings(comparison):
    pay, network = factors("pay", "network")
    offer = services.offer_create(
        comparison=comparison,
        data={"title": "Analyst", "employer": "Acme", "salary": Decimal("100")},
        ratings={pay: RatingInput(5, " good "), network: RatingInput(None)},
    )
    assert offer.comparison == comparison
    assert [(r.factor.key, r.score, r.reason) for r in offer.ratings.all()] == [("pay", 5, "good")]


def test_an_invalid_rating_saves_neither_offer_nor_ratings(comparison):
    pay, workload = factors("pay", "workload")
    with pytest.raises(ValidationError):
        services.offer_create(
            comparison=comparison,
            data={"title": "Analyst", "employer": "Acme"},
            ratings={pay: RatingInput(4), workload: RatingInput(9)},
        )
    assert not Offer.objects.exists()
    assert not Rating.objects.exists()


def test_invalid_facts_save_nothing(comparison):
    (pay,) = factors("pay")
    with pytest.raises(ValidationError):
        services.offer_create(
            comparison=comparison,
            data={"title": "Analyst", "employer": "Acme", "salary": Decimal("-5")},
            ratings={pay: RatingInput(4)},
        )
    assert not Offer.objects.exists()


def test_a_failed_update_leaves_offer_and_ratings_as_they_were(comparison):
    offer = rate(OfferFactory(comparison=comparison, title="Before"), pay=2)
    pay, workload = factors("pay", "workload")
    with pytest.raises(ValidationError):
        services.offer_update(
            offer=offer,
            data={"title": "After"},
            ratings={pay: RatingInput(4), workload: RatingInput(0)},
        )
    offer.refresh_from_db()
    assert offer.title == "Before"
    assert offer.ratings.get().score == 2


def test_saving_an_offer_bumps_the_comparisons_last_update(comparison):
    before = Comparison.objects.get(pk=comparison.pk).updated_at
    services.offer_create(comparison=comparison, data={"title": "A", "employer": "B"}, ratings={})
    assert Comparison.objects.get(pk=comparison.pk).updated_at > before


def test_deleting_an_offer_bumps_the_comparisons_last_update(comparison):
    offer = OfferFactory(comparison=comparison)
    before = Comparison.objects.get(pk=comparison.pk).updated_at
    services.offer_delete(offer=offer)
    assert not Offer.objects.exists()
    assert Comparison.objects.get(pk=comparison.pk).updated_at > before


def test_comparison_create_validates(user):
    with pytest.raises(ValidationError):
        services.comparison_create(owner=user, title="x" * 500)
    assert not Comparison.objects.exists()
