"""Reads that several pages share, shaped for the scoring service."""

from __future__ import annotations

from dataclasses import dataclass

from offers import scoring
from offers.models import Comparison, Dimension, Factor, Offer, Rating


@dataclass(frozen=True)
class ScoringModel:
    """The dimensions and active factors in force, both as rows and as scoring specs."""

    dimensions: list[Dimension]
    factors: list[Factor]
    dimension_specs: tuple[scoring.DimensionSpec, ...]
    factor_specs: tuple[scoring.FactorSpec, ...]

    def factors_of(self, dimension: Dimension) -> list[Factor]:
        return [f for f in self.factors if f.dimension_id == dimension.pk]


def scoring_model() -> ScoringModel:
    """Load the scoring configuration (two queries)."""
    dimensions = list(Dimension.objects.order_by("position", "pk"))
    factors = list(Factor.objects.active().in_order())
    return ScoringModel(
        dimensions=dimensions,
        factors=factors,
        dimension_specs=tuple(
            scoring.DimensionSpec(key=d.key, label=d.label, threshold=d.strong_threshold)
            for d in dimensions
        ),
        factor_specs=tuple(
            scoring.FactorSpec(
                key=f.key,
                label=f.label,
                dimension=f.dimension.key,
                weight=f.weight,
                active=f.active,
            )
            for f in factors
        ),
    )


@dataclass(frozen=True)
class ScoredOffer:
    offer: Offer
    ratings: dict[str, Rating]  # by factor key
    result: scoring.OfferScore

    @property
    def verdict(self) -> scoring.Verdict:
        return self.result.verdict


def score_offers(offers: list[Offer], model: ScoringModel) -> list[ScoredOffer]:
    """Score offers whose ratings (with their factors) are already prefetched."""
    scored = []
    for offer in offers:
        ratings = {r.factor.key: r for r in offer.ratings.all()}
        result = scoring.score_offer(
            {key: r.score for key, r in ratings.items()},
            model.factor_specs,
            model.dimension_specs,
        )
        scored.append(ScoredOffer(offer=offer, ratings=ratings, result=result))
    return scored


def offers_with_ratings(comparison: Comparison):
    return comparison.offers.prefetch_related("ratings__factor")


def comparison_scores(comparison: Comparison, model: ScoringModel | None = None):
    """Every offer of a comparison, scored (three or four queries whatever the size)."""
    model = model or scoring_model()
    return score_offers(list(offers_with_ratings(comparison)), model)
