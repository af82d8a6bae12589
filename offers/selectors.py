"""Reads that several pages share. They fetch; `offers.report` decides what the page shows."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from offers import caching, money, scoring
from offers.models import (
    HISTORY_BASELINE,
    Comparison,
    Dimension,
    ExchangeRate,
    Factor,
    FactorImportance,
    Offer,
    PlanAdvice,
    PlanTick,
    PriorityCheck,
    ScoringVersion,
)

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


def scoring_model(version: UUID | None = None) -> ScoringModel:
    """The scoring configuration in force, from the cache when it holds this version.

    `version` is `Comparison.scoring_version` when the caller has a comparison annotated
    `with_versions()`; without it, one query reads it. A miss costs two queries.
    """
    if version is None:
        version = ScoringVersion.read()
    key = f"scoring-model:{caching.code_digest()}:{version}"
    model = cache.get(key)
    if model is None:
        model = _load_scoring_model()
        cache.set(key, model, timeout=caching.CACHE_SECONDS)
    return model


@dataclass(frozen=True)
class ScoringChanges:
    """What an admin changed in the scoring since a moment: what, and when last."""

    labels: list[str]  # factors and dimensions, in the order they were first changed
    last: datetime


def scoring_changes_since(moment: datetime) -> ScoringChanges | None:
    """The factors and dimensions whose history has a change after `moment` (two queries)."""
    rows = [
        row
        for model in (Factor, Dimension)
        # A first entry the history began with is no change anyone made.
        for row in model.history.filter(history_date__gt=moment)
        .exclude(history_change_reason=HISTORY_BASELINE)
        .values_list("label", "history_date")
    ]
    if not rows:
        return None
    rows.sort(key=lambda row: row[1])
    return ScoringChanges(labels=list(dict.fromkeys(label for label, _ in rows)), last=rows[-1][1])


def _load_scoring_model() -> ScoringModel:
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


def plan_texts(version: UUID) -> tuple[PlanAdvice, ...]:
    """The active plan texts of the active factors, in their order within each factor.

    Cached under the scoring version like the scoring model (every save of a text renews it);
    only the comparison page and its exports need them. A miss costs one query.
    """
    key = f"plan-texts:{caching.code_digest()}:{version}"
    texts = cache.get(key)
    if texts is None:
        texts = tuple(
            PlanAdvice.objects.filter(active=True, factor__active=True).order_by(
                "factor_id", "position", "pk"
            )
        )
        cache.set(key, texts, timeout=caching.CACHE_SECONDS)
    return texts


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
    rates: money.Rates  # the exchange rates the seeker gave
    priority_check: PriorityCheck | None = None
    plan_texts: tuple[PlanAdvice, ...] = ()
    # When each plan item was ticked done, by (offer id, plan text id).
    ticks: Mapping[tuple[int, int], datetime] = field(default_factory=dict)


def comparison_data(comparison: Comparison) -> ComparisonData:
    """Fetch a comparison's offers, ratings, importances and plan ticks, with the scoring model
    and the plan texts (four queries; three more when the cache holds neither of those, one
    when an exchange rate is looked up).

    Its priority check comes with the comparison when its query had
    `select_related("priority_check")`, as every page's does; else it costs one more.
    """
    return comparisons_data([comparison])[0]


def comparisons_data(comparisons: Sequence[Comparison]) -> list[ComparisonData]:
    """`comparison_data` of several comparisons, in as many queries as for one.

    The comparisons come from one query `with_versions()` (so they share a scoring version), or
    one more query reads the version.
    """
    if not comparisons:
        return []
    version = getattr(comparisons[0], "scoring_version", None)
    if version is None:
        version = ScoringVersion.read()
    by_pk = {c.pk: c for c in comparisons}
    pks = list(by_pk)
    offers: dict[int, list[Offer]] = {pk: [] for pk in by_pk}
    for offer in Offer.objects.filter(comparison__in=pks).prefetch_related("ratings"):
        offer.comparison = by_pk[offer.comparison_id]  # no query to find its way back
        offers[offer.comparison_id].append(offer)
    importances: dict[int, list[FactorImportance]] = {pk: [] for pk in by_pk}
    for row in _importance_rows().filter(comparison__in=pks):
        importances[row.comparison_id].append(row)
    ticks: dict[int, dict[tuple[int, int], datetime]] = {pk: {} for pk in by_pk}
    for comparison_id, offer_id, advice_id, done_at in PlanTick.objects.filter(
        offer__comparison__in=pks
    ).values_list("offer__comparison_id", "offer_id", "advice_id", "done_at"):
        ticks[comparison_id][(offer_id, advice_id)] = done_at

    @functools.cache
    def all_rates() -> dict[int, dict[tuple[str, str], Decimal]]:
        found: dict[int, dict[tuple[str, str], Decimal]] = {pk: {} for pk in by_pk}
        for rate in ExchangeRate.objects.filter(comparison__in=pks):
            found[rate.comparison_id][(rate.source, rate.target)] = rate.rate
        return found

    model = scoring_model(version)
    texts = plan_texts(version)
    return [
        ComparisonData(
            comparison=comparison,
            offers=offers[comparison.pk],
            model=model,
            importances=_by_factor_key(importances[comparison.pk]),
            # Read only if one is looked up, and then for all of them at once: most
            # comparisons are in one currency and never need them.
            rates=SimpleLazyObject(lambda pk=comparison.pk: all_rates()[pk]),
            priority_check=priority_check_of(comparison),
            plan_texts=texts,
            ticks=ticks[comparison.pk],
        )
        for comparison in comparisons
    ]


def pay_context(comparison: Comparison, *, exclude_pk=None):
    """The other offers' pay terms by name, and the exchange rates: what a Pay suggestion for
    one offer is weighed against (one query, and one more if a rate is looked up)."""
    others = {
        offer.display_name: money.PayTerms.of(offer)
        for offer in comparison.offers.exclude(pk=exclude_pk)
    }
    return others, exchange_rates_of(comparison)


def exchange_rates_of(comparison: Comparison) -> money.Rates:
    """The seeker's exchange rates, read only if one is looked up: most comparisons are in
    one currency and never need them."""
    return SimpleLazyObject(
        lambda: {(r.source, r.target): r.rate for r in comparison.exchange_rates.all()}
    )


def priority_check_of(comparison: Comparison) -> PriorityCheck | None:
    """The seeker's answers on the comparison, or None before they answered."""
    try:
        return comparison.priority_check
    except PriorityCheck.DoesNotExist:
        return None


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
    standing: str = ""  # "Decided: Analyst (Acme)"; else the offer accepted, or those negotiated
    close_call: bool = False  # the decision panel would call the best offer a close call
    all_weak: bool = False  # every offer with a verdict is Weak on both

    @property
    def needs_ratings(self) -> bool:
        return self.best_verdict is scoring.Verdict.INCOMPLETE


def comparison_summaries(comparisons) -> list[ComparisonSummary]:
    """A list page's comparisons with their offer count and best verdict (constant queries)."""
    return summaries_of(listed(comparisons))


def listed(comparisons) -> list[Comparison]:
    """The comparisons, newest first, with their versions and counts (one query)."""
    return list(
        comparisons.with_versions()
        .annotate(
            offer_count=Count("offers", distinct=True),
            note_count=Count(
                "counsellor_notes",
                filter=Q(counsellor_notes__hidden_by_client=False),
                distinct=True,
            ),
        )
        .order_by("-updated_at", "-pk")
    )


def summaries_of(comparisons: list[Comparison]) -> list[ComparisonSummary]:
    """Summaries of `listed()` comparisons.

    Each comparison's verdict is cached under its versions; only the ones changed since they
    were last listed are scored again (three queries for all of them, none when none changed).
    """
    keys = {c.pk: _verdict_key(c) for c in comparisons}
    verdicts = cache.get_many(keys.values())
    stale = [c for c in comparisons if keys[c.pk] not in verdicts]
    if stale:
        fresh = {keys[c.pk]: verdict for c, verdict in _best_verdicts(stale).items()}
        cache.set_many(fresh, timeout=caching.CACHE_SECONDS)
        verdicts.update(fresh)
    return [
        ComparisonSummary(
            comparison=comparison,
            offer_count=comparison.offer_count,
            note_count=comparison.note_count,
            **verdicts[keys[comparison.pk]],
        )
        for comparison in comparisons
    ]


def _verdict_key(comparison: Comparison) -> str:
    return ":".join(
        [
            "best-verdict",
            caching.code_digest(),
            str(comparison.pk),
            str(comparison.version),
            str(comparison.scoring_version),
        ]
    )


def _best_verdicts(comparisons: list[Comparison]) -> dict[Comparison, dict]:
    """What a list shows of each one's verdicts: the best verdict (or None), whether the
    verdict shown is only partly rated, the standing, a close call, all offers weak."""
    model = scoring_model(comparisons[0].scoring_version)
    offers: dict[int, list[Offer]] = {c.pk: [] for c in comparisons}
    for offer in Offer.objects.filter(comparison__in=comparisons).prefetch_related("ratings"):
        offers[offer.comparison_id].append(offer)
    importances: dict[int, list[FactorImportance]] = {c.pk: [] for c in comparisons}
    for row in _importance_rows().filter(comparison__in=comparisons):
        importances[row.comparison_id].append(row)
    verdicts = {}
    for comparison in comparisons:
        specs = model.factor_specs(_by_factor_key(importances[comparison.pk]))
        decision = scoring.decide(
            {o.pk: offer_ratings(o, model) for o in offers[comparison.pk]},
            specs,
            model.dimension_specs,
            comparison.priority_enum,
            every_flip=False,
        )
        shown = decision.best if decision.best is not None else next(iter(decision.ranked), None)
        top = decision.scores[shown] if shown is not None else None
        judged = [
            s for s in decision.scores.values() if s.verdict is not scoring.Verdict.INCOMPLETE
        ]
        verdicts[comparison] = {
            "best_verdict": top.verdict if top else None,
            "partly_rated": decision.best is None and top is not None and top.partly_rated,
            "standing": _standing(comparison, offers[comparison.pk]),
            "close_call": decision.close_call,
            "all_weak": bool(judged) and all(s.verdict is scoring.Verdict.WEAK for s in judged),
        }
    return verdicts


def decision_text(comparison: Comparison, offers: list[Offer]) -> str:
    """The decision recorded on a comparison in a few words, "" when it is open."""
    if not comparison.has_decision:
        return ""
    chosen = next((o for o in offers if o.pk == comparison.decided_offer_id), None)
    if chosen is None:
        return "none of these offers"
    if chosen.is_current_job:
        return f"stay in the current job, {chosen.display_name}"
    return chosen.display_name


def _standing(comparison: Comparison, offers: list[Offer]) -> str:
    """Where the seeker stands, for a list: the decision recorded, else the offer accepted,
    else those being negotiated."""
    if decided := decision_text(comparison, offers):
        return f"Decided: {decided}"
    for status in (Offer.Status.ACCEPTED, Offer.Status.NEGOTIATING):
        names = [o.display_name for o in offers if o.status == status and not o.is_current_job]
        if names:
            return f"{status.label}: {', '.join(names)}"
    return ""


DUE_SOON_DAYS = 14


def answers_due(owner) -> list[Offer]:
    """Offers still open whose answer-by date is in the next 14 days or passed in the last
    14, soonest first, across all of the owner's comparisons (one query).

    Offers declined or withdrawn, accepted ones and the current job need no answer.
    """
    today = timezone.localdate()
    window = timedelta(days=DUE_SOON_DAYS)
    return list(
        Offer.objects.awaiting_answer()
        .filter(
            comparison__owner=owner,
            decision_deadline__range=(today - window, today + window),
        )
        .select_related("comparison")
        .order_by("decision_deadline", "pk")
    )
