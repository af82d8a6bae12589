"""Reads that several pages share. They fetch; `offers.report` decides what the page shows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from offers import scoring
from offers.models import Comparison, Dimension, Factor, FactorImportance, Offer

Importances = Mapping[str, scoring.Importance]  # by factor key; absent means "as usual"


@dataclass(frozen=True)
class ScoringModel:
    """The dimensions and active factors in force, as rows and as scoring specs."""

    dimensions: list[Dimension]
    factors: list[Factor]
    dimension_specs: tuple[scoring.DimensionSpec, ...]

    def factors_of(self, dimension: Dimension) -> list[Factor]:
        return [f for f in self.factors if f.dimension_id == dimension.pk]

    def factor_specs(self, importances: Importances | None = None) -> tuple[scoring.FactorSpec]:
        """The factors with their effective weights for one seeker's importances."""
        importances = importances or {}
        return tuple(
            scoring.FactorSpec(
                key=f.key,
                label=f.label,
                dimension=f.dimension.key,
                weight=scoring.effective_weight(
                    f.weight, importances.get(f.key, scoring.Importance.USUAL)
                ),
                active=f.active,
            )
            for f in self.factors
        )


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
    )


def importances_of(comparison: Comparison) -> dict[str, scoring.Importance]:
    """The importances a seeker set on a comparison (uses a prefetch when there is one)."""
    return _by_factor_key(comparison.importances.all())


def _by_factor_key(rows) -> dict[str, scoring.Importance]:
    return {i.factor.key: i.level for i in rows}


def _importance_rows():
    return FactorImportance.objects.select_related("factor")


@dataclass(frozen=True)
class ComparisonData:
    """Everything the comparison page, its CSV and its print view are built from."""

    comparison: Comparison
    offers: list[Offer]  # in the order they were added, each with its ratings prefetched
    model: ScoringModel
    importances: dict[str, scoring.Importance]


def comparison_data(comparison: Comparison) -> ComparisonData:
    """Fetch a comparison's offers, ratings, importances and the scoring model (five queries)."""
    return ComparisonData(
        comparison=comparison,
        offers=list(comparison.offers.prefetch_related("ratings")),
        model=scoring_model(),
        importances=_by_factor_key(_importance_rows().filter(comparison=comparison)),
    )


def offer_ratings(offer: Offer, model: ScoringModel) -> dict[str, int]:
    """An offer's ratings by factor key, for the factors in force (prefetched ratings)."""
    keys = {f.pk: f.key for f in model.factors}
    return {keys[r.factor_id]: r.score for r in offer.ratings.all() if r.factor_id in keys}


def comparison_scores(comparison: Comparison) -> list[tuple[Offer, scoring.OfferScore]]:
    """Every offer of a comparison with its score, in the order they were added."""
    data = comparison_data(comparison)
    specs = data.model.factor_specs(data.importances)
    return [
        (
            offer,
            scoring.score_offer(
                offer_ratings(offer, data.model), specs, data.model.dimension_specs
            ),
        )
        for offer in data.offers
    ]


@dataclass(frozen=True)
class ComparisonSummary:
    comparison: Comparison
    offer_count: int
    note_count: int
    best_verdict: scoring.Verdict | None
    partly_rated: bool  # no offer is fully rated: the verdict shown is the top partly rated one

    @property
    def needs_ratings(self) -> bool:
        return self.best_verdict is scoring.Verdict.INCOMPLETE


def comparison_summaries(comparisons) -> list[ComparisonSummary]:
    """A list page's comparisons with their offer count and best verdict (constant queries)."""
    model = scoring_model()
    comparisons = comparisons.annotate(
        offer_count=Count("offers", distinct=True),
        note_count=Count(
            "counsellor_notes", filter=Q(counsellor_notes__hidden_by_client=False), distinct=True
        ),
    ).order_by("-updated_at", "-pk")
    comparisons = comparisons.prefetch_related(
        Prefetch("offers", queryset=Offer.objects.prefetch_related("ratings")),
        Prefetch("importances", queryset=_importance_rows()),
    )
    summaries = []
    for comparison in comparisons:
        specs = model.factor_specs(importances_of(comparison))
        scored = [
            (o, scoring.score_offer(offer_ratings(o, model), specs, model.dimension_specs))
            for o in comparison.offers.all()
        ]
        ranked = scoring.rank(scored, comparison.priority_enum)
        best = scoring.best_of(ranked)
        top = next((score for offer, score in ranked if offer == best), None)
        if top is None and ranked:
            top = ranked[0][1]
        summaries.append(
            ComparisonSummary(
                comparison=comparison,
                offer_count=comparison.offer_count,
                note_count=comparison.note_count,
                best_verdict=top.verdict if top else None,
                partly_rated=best is None and top is not None and top.partly_rated,
            )
        )
    return summaries
