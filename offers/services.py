"""Writes: each function is one transaction and validates before it saves."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from offers.models import Comparison, Factor, FactorImportance, Offer, Rating
from offers.scoring import Importance


@dataclass(frozen=True)
class RatingInput:
    """What a user gave one factor: a 1–5 score or None (not rated), and a short reason."""

    score: int | None
    reason: str = ""


@transaction.atomic
def comparison_create(*, owner, title: str, priority: str = "", notes: str = "") -> Comparison:
    comparison = Comparison(owner=owner, title=title, notes=notes)
    if priority:
        comparison.priority = priority
    comparison.full_clean()
    comparison.save()
    return comparison


@transaction.atomic
def comparison_update(*, comparison: Comparison, data: Mapping[str, Any]) -> Comparison:
    for field in ("title", "priority", "notes"):
        if field in data:
            setattr(comparison, field, data[field])
    comparison.full_clean()
    comparison.save()
    return comparison


def _touch(comparison_id: int) -> None:
    """Move a comparison's "last updated" forward: what it shows has changed."""
    Comparison.objects.filter(pk=comparison_id).update(updated_at=timezone.now())


@transaction.atomic
def importance_set(*, comparison: Comparison, levels: Mapping[Factor, Importance]) -> None:
    """Set the seeker's importance of the factors given; "as usual" is not stored.

    Factors not given (an inactive one the form did not show) keep theirs for when they return.
    """
    comparison.importances.filter(factor__in=list(levels)).delete()
    rows = [
        FactorImportance(comparison=comparison, factor=factor, importance=level.value)
        for factor, level in levels.items()
        if level is not Importance.USUAL
    ]
    for row in rows:
        row.full_clean(exclude=["comparison"], validate_unique=False)
    FactorImportance.objects.bulk_create(rows)
    _touch(comparison.pk)


@transaction.atomic
def importance_reset(*, comparison: Comparison) -> None:
    """Every factor counts again with the admin's weight."""
    comparison.importances.all().delete()
    _touch(comparison.pk)


@transaction.atomic
def comparison_delete(*, comparison: Comparison) -> None:
    """Delete a comparison with its offers and their ratings."""
    comparison.delete()


def _offer_save(offer: Offer, data: Mapping[str, Any], ratings: Mapping[Factor, RatingInput]):
    for field, value in data.items():
        setattr(offer, field, value)
    offer.full_clean()
    offer.save()

    existing = {r.factor_id: r for r in offer.ratings.all()}
    to_create, to_update, to_delete = [], [], []
    for factor, given in ratings.items():
        current = existing.get(factor.pk)
        if given.score is None:
            if current is not None:
                to_delete.append(current.pk)
            continue
        rating = current or Rating(offer=offer, factor=factor)
        rating.score, rating.reason = given.score, given.reason.strip()
        rating.full_clean(exclude=["offer", "factor"], validate_unique=False)
        (to_update if current else to_create).append(rating)
    Rating.objects.filter(pk__in=to_delete).delete()
    Rating.objects.bulk_create(to_create)
    Rating.objects.bulk_update(to_update, ["score", "reason"])
    # The comparison's "last updated" follows its offers.
    Comparison.objects.filter(pk=offer.comparison_id).update(updated_at=offer.updated_at)
    return offer


@transaction.atomic
def offer_create(
    *,
    comparison: Comparison,
    data: Mapping[str, Any],
    ratings: Mapping[Factor, RatingInput],
) -> Offer:
    """Create an offer and its ratings together; nothing is saved if any part is invalid."""
    return _offer_save(Offer(comparison=comparison), data, ratings)


@transaction.atomic
def offer_update(
    *, offer: Offer, data: Mapping[str, Any], ratings: Mapping[Factor, RatingInput]
) -> Offer:
    """Update an offer's facts and ratings; a factor given None loses its rating."""
    return _offer_save(offer, data, ratings)


@transaction.atomic
def offer_delete(*, offer: Offer) -> None:
    comparison_id = offer.comparison_id
    offer.delete()
    comparison = Comparison.objects.get(pk=comparison_id)
    comparison.save(update_fields=["updated_at"])
