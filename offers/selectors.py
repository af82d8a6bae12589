"""Reads that several pages share, shaped for the scoring service."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.template.defaultfilters import date as format_date
from django.template.defaultfilters import floatformat

from offers import chart, scoring
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
    ratings: dict[int, Rating]  # by factor id
    result: scoring.OfferScore

    @property
    def verdict(self) -> scoring.Verdict:
        return self.result.verdict

    @property
    def partly_rated(self) -> bool:
        """Scored, but on only some of the factors: its verdict may still move."""
        return self.verdict is not scoring.Verdict.INCOMPLETE and bool(
            self.result.life.unrated or self.result.future.unrated
        )


def score_offers(offers: list[Offer], model: ScoringModel) -> list[ScoredOffer]:
    """Score offers whose ratings are already prefetched (no query per offer)."""
    keys = {f.pk: f.key for f in model.factors}
    scored = []
    for offer in offers:
        ratings = {r.factor_id: r for r in offer.ratings.all() if r.factor_id in keys}
        result = scoring.score_offer(
            {keys[factor_id]: r.score for factor_id, r in ratings.items()},
            model.factor_specs,
            model.dimension_specs,
        )
        scored.append(ScoredOffer(offer=offer, ratings=ratings, result=result))
    return scored


def comparison_scores(comparison: Comparison, model: ScoringModel | None = None):
    """Every offer of a comparison, scored, in the order they were added."""
    model = model or scoring_model()
    return score_offers(list(comparison.offers.prefetch_related("ratings")), model)


@dataclass(frozen=True)
class TableRow:
    factor: Factor
    cells: list[Rating | None]  # one per offer, in ranked order


@dataclass(frozen=True)
class TableSection:
    dimension: Dimension
    rows: list[TableRow]
    scores: list[scoring.DimensionScore]


@dataclass(frozen=True)
class FactRow:
    """One of an offer's facts (salary, hours, …) across the table's columns, as text."""

    label: str
    cells: list[str]


def _salary(offer: Offer) -> str:
    if offer.salary is None:
        return ""
    return f"{floatformat(offer.salary, '-2g')} {offer.currency} {offer.get_pay_period_display()}"


def _deadline(offer: Offer) -> str:
    if offer.decision_deadline is None:
        return ""
    day = format_date(offer.decision_deadline, "j M Y")
    return f"{day} (passed)" if offer.deadline_passed else day


OFFER_FACTS = [
    ("Salary", _salary),
    (
        "Hours a week",
        lambda o: "" if o.hours_per_week is None else floatformat(o.hours_per_week, -1),
    ),
    ("Work mode", lambda o: o.get_work_mode_display() if o.work_mode else ""),
    ("Workplace", lambda o: o.location),
    ("Starts", lambda o: format_date(o.start_date, "j M Y") if o.start_date else ""),
    ("Answer by", _deadline),
]


def fact_rows(ranked: list[ScoredOffer]) -> list[FactRow]:
    """The facts at least one offer has, so the table compares pay and hours too."""
    rows = [FactRow(label, [read(s.offer) for s in ranked]) for label, read in OFFER_FACTS]
    return [row for row in rows if any(row.cells)]


@dataclass(frozen=True)
class ComparisonReport:
    comparison: Comparison
    priority: scoring.Priority
    ranked: list[ScoredOffer]
    sections: list[TableSection]
    facts: list[FactRow]
    chart: chart.Chart
    trade_off_sentence: str
    ranking_rule: str

    @property
    def best(self) -> ScoredOffer | None:
        return self.ranked[0] if self.ranked else None

    @property
    def rankable(self) -> list[ScoredOffer]:
        """The offers with a verdict, best first; Incomplete ones are not given a place."""
        return [s for s in self.ranked if s.verdict is not scoring.Verdict.INCOMPLETE]

    @property
    def unscored(self) -> list[ScoredOffer]:
        return [s for s in self.ranked if s.verdict is scoring.Verdict.INCOMPLETE]


def offer_name(offer: Offer) -> str:
    return f"{offer.title} ({offer.employer})" if offer.employer else offer.title


def comparison_report(comparison: Comparison) -> ComparisonReport:
    """Everything the comparison page, its CSV and its print view show (constant queries)."""
    model = scoring_model()
    priority = scoring.Priority(comparison.priority)
    scored = comparison_scores(comparison, model)
    ranked = [item for item, _ in scoring.rank([(s, s.result) for s in scored], priority)]

    sections = []
    for dimension in model.dimensions:
        rows = [
            TableRow(factor=factor, cells=[s.ratings.get(factor.pk) for s in ranked])
            for factor in model.factors_of(dimension)
        ]
        scores = [
            s.result.life if dimension.key == scoring.LIFE_FIT else s.result.future for s in ranked
        ]
        sections.append(TableSection(dimension=dimension, rows=rows, scores=scores))

    thresholds = {d.key: d.strong_threshold for d in model.dimensions}
    # A dot is labelled by its role; by role and employer where two offers share the role.
    roles = Counter(s.offer.title.casefold() for s in ranked)
    plotted = [
        (
            offer_name(s.offer),
            s.offer.title if roles[s.offer.title.casefold()] == 1 else offer_name(s.offer),
            s.verdict.label,
            s.result.life.score,
            s.result.future.score,
        )
        for s in ranked
        if s.verdict is not scoring.Verdict.INCOMPLETE
    ]
    quadrant_chart = chart.build_chart(
        plotted, thresholds[scoring.LIFE_FIT], thresholds[scoring.FUTURE_VALUE]
    )

    sentence = ""
    if len(ranked) >= 2 and ranked[0].verdict is not scoring.Verdict.INCOMPLETE:
        first, second = ranked[0], ranked[1]
        sentence = scoring.describe_trade_off(
            offer_name(first.offer),
            offer_name(second.offer),
            scoring.trade_off(first.result, second.result),
        )
    return ComparisonReport(
        comparison=comparison,
        priority=priority,
        ranked=ranked,
        sections=sections,
        facts=fact_rows(ranked),
        chart=quadrant_chart,
        trade_off_sentence=sentence,
        ranking_rule=scoring.describe_ranking(priority),
    )


@dataclass(frozen=True)
class ComparisonSummary:
    comparison: Comparison
    offer_count: int
    note_count: int
    best_verdict: scoring.Verdict | None


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
        Prefetch("offers", queryset=Offer.objects.prefetch_related("ratings"))
    )
    summaries = []
    for comparison in comparisons:
        priority = scoring.Priority(comparison.priority)
        scored = score_offers(list(comparison.offers.all()), model)
        ranked = scoring.rank([(s, s.result) for s in scored], priority)
        summaries.append(
            ComparisonSummary(
                comparison=comparison,
                offer_count=comparison.offer_count,
                note_count=comparison.note_count,
                best_verdict=ranked[0][1].verdict if ranked else None,
            )
        )
    return summaries
