"""The scoring rule: ratings in, a two-dimension verdict out.

Pure on purpose: plain values in, frozen dataclasses out, no database and no request. This
module is the one place the verdict rule lives; views and templates only display its results.

For each dimension, over the factors that are active, rated and weighted above zero:

    score = 100 × Σ wᵢ·(rᵢ − 1)/4 / Σ wᵢ

Arithmetic is exact (fractions), so scaling every weight or reordering factors cannot move a
result by a rounding error. A dimension is strong when its exact score reaches the threshold.
Scores are shown as whole numbers (halves round up), except one just under the threshold that
would round up to it: that one is shown with a decimal, so the page never shows "70" beside
"below 70".
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

LIFE_FIT = "life_fit"
FUTURE_VALUE = "future_value"

MIN_RATING = 1
MAX_RATING = 5

Number = int | float | Decimal | Fraction
T = TypeVar("T")


class Verdict(enum.Enum):
    IDEAL = "ideal"
    PRESENT = "present"
    FUTURE = "future"
    WEAK = "weak"
    INCOMPLETE = "incomplete"

    @property
    def label(self) -> str:
        return _VERDICT_TEXT[self][0]

    @property
    def meaning(self) -> str:
        return _VERDICT_TEXT[self][1]


_VERDICT_TEXT = {
    Verdict.IDEAL: ("Ideal option", "Fits the life you have now and builds the career you want."),
    Verdict.PRESENT: (
        "Pays the present",
        "A good job for today; you give up some of what it would add to your future.",
    ),
    Verdict.FUTURE: (
        "Builds the future",
        "An investment in your career; you accept a weaker fit with your life today.",
    ),
    Verdict.WEAK: (
        "Weak on both",
        "Neither fits your life now nor grows your career: question it.",
    ),
    Verdict.INCOMPLETE: (
        "Incomplete",
        "Not enough ratings yet to judge one of the two dimensions.",
    ),
}


class Priority(enum.Enum):
    """How much life fit weighs in the blended score used for ranking."""

    STABILITY = "stability"
    BALANCED = "balanced"
    GROWTH = "growth"

    @property
    def life_share(self) -> Fraction:
        return _LIFE_SHARE[self]


_LIFE_SHARE = {
    Priority.STABILITY: Fraction(7, 10),
    Priority.BALANCED: Fraction(1, 2),
    Priority.GROWTH: Fraction(3, 10),
}

# Ranking groups: ideal first, incomplete last; the trade-off that matches the priority first.
_VERDICT_ORDER = {
    Priority.STABILITY: [Verdict.IDEAL, Verdict.PRESENT, Verdict.FUTURE, Verdict.WEAK],
    Priority.BALANCED: [Verdict.IDEAL, (Verdict.PRESENT, Verdict.FUTURE), Verdict.WEAK],
    Priority.GROWTH: [Verdict.IDEAL, Verdict.FUTURE, Verdict.PRESENT, Verdict.WEAK],
}


@dataclass(frozen=True)
class DimensionSpec:
    key: str
    label: str
    threshold: int


@dataclass(frozen=True)
class FactorSpec:
    key: str
    label: str
    dimension: str
    weight: Number = 1
    active: bool = True


@dataclass(frozen=True)
class Contribution:
    """How far one rated factor moves its dimension, relative to the strong threshold.

    `impact` is the factor's share of the dimension's weight times the distance between its own
    0–100 value and the threshold: positive lifts the dimension, negative holds it back.
    """

    key: str
    label: str
    rating: int
    weight: Fraction
    impact: Fraction

    @property
    def lifts(self) -> bool:
        return self.impact >= 0


@dataclass(frozen=True)
class DimensionScore:
    key: str
    label: str
    threshold: int
    exact: Fraction | None
    lifting: tuple[Contribution, ...]
    holding_back: tuple[Contribution, ...]
    unrated: tuple[str, ...]

    @property
    def scored(self) -> bool:
        return self.exact is not None

    @property
    def score(self) -> int | Decimal | None:
        """The score as shown: a whole number, halves rounded up.

        Strength is judged on the exact score, so a score just under the threshold would round
        up to it (69.875 → 70) and read "70 · below 70". Such a score is shown with one decimal,
        cut rather than rounded (69.8), so what the page says always agrees with the verdict.
        """
        if self.exact is None:
            return None
        whole = math.floor(self.exact + Fraction(1, 2))
        if whole >= self.threshold and not self.strong:
            return Decimal(math.floor(self.exact * 10)) / 10
        return whole

    @property
    def strong(self) -> bool:
        return self.exact is not None and self.exact >= self.threshold


@dataclass(frozen=True)
class OfferScore:
    life: DimensionScore
    future: DimensionScore
    verdict: Verdict

    def blended(self, priority: Priority) -> Fraction | None:
        if self.life.exact is None or self.future.exact is None:
            return None
        share = priority.life_share
        return share * self.life.exact + (1 - share) * self.future.exact


@dataclass(frozen=True)
class TradeOff:
    """What the first offer gains (+) or gives up (−) against the second, in shown points."""

    life_delta: int
    future_delta: int


def score_dimension(
    dimension: DimensionSpec, factors: Iterable[FactorSpec], ratings: Mapping[str, int]
) -> DimensionScore:
    """Score one dimension of one offer. Ratings are keyed by factor key."""
    counted: list[tuple[FactorSpec, Fraction, int]] = []
    unrated: list[str] = []
    for factor in factors:
        if factor.dimension != dimension.key or not factor.active:
            continue
        weight = Fraction(factor.weight)
        if weight < 0:
            raise ValueError(f"Factor {factor.key!r} has a negative weight.")
        if weight == 0:
            continue
        rating = ratings.get(factor.key)
        if rating is None:
            unrated.append(factor.label)
            continue
        if not MIN_RATING <= rating <= MAX_RATING:
            raise ValueError(f"Rating for {factor.key!r} must be 1–5, got {rating!r}.")
        counted.append((factor, weight, rating))

    if not counted:
        return DimensionScore(
            key=dimension.key,
            label=dimension.label,
            threshold=dimension.threshold,
            exact=None,
            lifting=(),
            holding_back=(),
            unrated=tuple(unrated),
        )

    total_weight = sum(weight for _, weight, _ in counted)
    exact = 100 * sum(w * Fraction(r - 1, 4) for _, w, r in counted) / total_weight
    contributions = [
        Contribution(
            key=factor.key,
            label=factor.label,
            rating=rating,
            weight=weight,
            impact=weight / total_weight * (100 * Fraction(rating - 1, 4) - dimension.threshold),
        )
        for factor, weight, rating in counted
    ]
    # Strongest effect first; ties keep a stable, order-independent order by key.
    contributions.sort(key=lambda c: (-abs(c.impact), c.key))
    return DimensionScore(
        key=dimension.key,
        label=dimension.label,
        threshold=dimension.threshold,
        exact=exact,
        lifting=tuple(c for c in contributions if c.lifts),
        holding_back=tuple(c for c in contributions if not c.lifts),
        unrated=tuple(unrated),
    )


def verdict_for(life: DimensionScore, future: DimensionScore) -> Verdict:
    if not (life.scored and future.scored):
        return Verdict.INCOMPLETE
    if life.strong and future.strong:
        return Verdict.IDEAL
    if life.strong:
        return Verdict.PRESENT
    if future.strong:
        return Verdict.FUTURE
    return Verdict.WEAK


def score_offer(
    ratings: Mapping[str, int],
    factors: Sequence[FactorSpec],
    dimensions: Sequence[DimensionSpec],
) -> OfferScore:
    """Score an offer on both dimensions and give its verdict."""
    by_key = {d.key: d for d in dimensions}
    missing = {LIFE_FIT, FUTURE_VALUE} - by_key.keys()
    if missing:
        raise ValueError(f"Missing dimension(s): {', '.join(sorted(missing))}.")
    life = score_dimension(by_key[LIFE_FIT], factors, ratings)
    future = score_dimension(by_key[FUTURE_VALUE], factors, ratings)
    return OfferScore(life=life, future=future, verdict=verdict_for(life, future))


def _group_rank(verdict: Verdict, priority: Priority) -> int:
    for rank, group in enumerate(_VERDICT_ORDER[priority]):
        if verdict == group or (isinstance(group, tuple) and verdict in group):
            return rank
    return len(_VERDICT_ORDER[priority])  # Incomplete


def rank(items: Sequence[tuple[T, OfferScore]], priority: Priority) -> list[tuple[T, OfferScore]]:
    """Order offers best first for a priority: by verdict group, then by blended score.

    Ties keep the order the items came in (sorting is stable).
    """

    def key(item: tuple[T, OfferScore]):
        score = item[1]
        blended = score.blended(priority)
        return (_group_rank(score.verdict, priority), -(blended if blended is not None else -1))

    return sorted(items, key=key)


def trade_off(first: OfferScore, second: OfferScore) -> TradeOff | None:
    """Points the first offer gains or gives up against the second, on the shown scores."""
    scores = (first.life.score, first.future.score, second.life.score, second.future.score)
    if any(s is None for s in scores):
        return None
    return TradeOff(
        life_delta=first.life.score - second.life.score,
        future_delta=first.future.score - second.future.score,
    )


def describe_ranking(priority: Priority) -> str:
    """How offers are ordered for a priority, in one sentence a user can check the list by."""
    groups = []
    for group in _VERDICT_ORDER[priority]:
        if isinstance(group, tuple):
            groups.append(" and ".join(v.label for v in group) + " together")
        else:
            groups.append(group.label)
    life = round(priority.life_share * 100)
    return (
        f"Ranked by verdict ({', then '.join(groups)}), then within a verdict by a blend of "
        f"{life} % life fit and {100 - life} % future value."
    )


def _points(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


def describe_trade_off(first_name: str, second_name: str, trade: TradeOff | None) -> str:
    """One sentence on what choosing the first offer over the second trades."""
    if trade is None:
        return (
            f"{first_name} and {second_name} cannot be weighed against each other until both "
            "have ratings on both dimensions."
        )
    life, future = trade.life_delta, trade.future_delta
    if life == 0 and future == 0:
        return f"{first_name} and {second_name} score the same on both dimensions."
    if life >= 0 and future >= 0:
        gains = " and ".join(
            f"{_points(d)} of {name}"
            for d, name in ((life, "life fit"), (future, "future value"))
            if d > 0
        )
        return f"Choosing {first_name} over {second_name} trades nothing: it is ahead by {gains}."
    if life < 0 and future > 0:
        return (
            f"Choosing {first_name} over {second_name} gives up {_points(-life)} of life fit "
            f"for {_points(future)} of future value."
        )
    if future < 0 and life > 0:
        return (
            f"Choosing {first_name} over {second_name} gives up {_points(-future)} of future "
            f"value for {_points(life)} of life fit."
        )
    # Behind on one dimension and level on the other: ranked first by verdict or priority only.
    losses = " and ".join(
        f"{_points(-d)} of {name}"
        for d, name in ((life, "life fit"), (future, "future value"))
        if d < 0
    )
    return f"Choosing {first_name} over {second_name} gives up {losses} and gains nothing back."
