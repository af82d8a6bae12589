"""Database constraints and the data the migrations create."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from offers.models import Dimension, Factor, Rating
from tests.factories import OfferFactory, RatingFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_migrations_create_two_dimensions_with_threshold_70():
    dims = {d.key: d for d in Dimension.objects.all()}
    assert set(dims) == {"life_fit", "future_value"}
    assert {d.strong_threshold for d in dims.values()} == {70}


def test_migrations_create_the_eleven_factors_with_help_texts():
    by_dim = {}
    for factor in Factor.objects.select_related("dimension"):
        by_dim.setdefault(factor.dimension.key, []).append(factor.label)
        assert "1:" in factor.help_text and "5:" in factor.help_text
        assert factor.weight == Decimal("1") and factor.active
    assert by_dim == {
        "life_fit": [
            "Pay", "Benefits", "Schedule", "Location", "Predictability", "Workload",
        ],
        "future_value": [
            "Skill growth", "Measurable achievements", "Modern tools", "Network quality",
            "Advancement pathways",
        ],
    }  # fmt: skip


@pytest.mark.parametrize("score", [0, 6])
def test_database_refuses_a_rating_outside_1_to_5(score):
    offer = OfferFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(offer=offer, factor=Factor.objects.first(), score=score)


def test_database_refuses_two_ratings_for_one_factor():
    rating = RatingFactory(factor=Factor.objects.first())
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(offer=rating.offer, factor=rating.factor, score=2)


def test_database_refuses_a_negative_weight():
    with pytest.raises(IntegrityError), transaction.atomic():
        Factor.objects.filter(key="pay").update(weight=Decimal("-1"))


@pytest.mark.parametrize("threshold", [101, 150])
def test_database_refuses_a_threshold_over_100(threshold):
    with pytest.raises(IntegrityError), transaction.atomic():
        Dimension.objects.filter(key="life_fit").update(strong_threshold=threshold)


def test_database_refuses_a_negative_salary():
    offer = OfferFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(offer).objects.filter(pk=offer.pk).update(salary=Decimal("-1"))


def test_users_log_in_with_their_email_in_any_case():
    user = UserFactory(email="Ada@Example.com")
    assert user.email == "ada@example.com"
    assert type(user).objects.get_by_natural_key("ADA@example.COM") == user


def test_a_new_user_is_not_a_counsellor():
    assert UserFactory().is_counsellor is False
