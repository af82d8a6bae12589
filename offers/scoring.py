"""The scoring rule: ratings in, a two-dimension verdict out.

Pure on purpose: plain values in, frozen dataclasses out, no database and no request. This
module is the one place the verdict rule lives; views and templates only display its results.

For each dimension, over the factors that are active, rated and weighted above zero:

    score = 100 × Σ wᵢ·(rᵢ − 1)/4 / Σ wᵢ

The weights it receives are the effective ones: the admin's weight times the seeker's personal
importance (see `Importance`), multiplied by the caller. Arithmetic is exact (fractions), so
scaling every weight or reordering factors cannot move a result by a rounding error. A dimension
is strong when its exact score reaches the threshold. Scores are shown as whole numbers (halves
round up), except one just under the threshold that would round up to it: that one is shown
with a decimal, so the page never shows "70" beside "below 70".

This module also says how sure a verdict is: the smallest single-rating change that would flip it
(`flips_for`), and for a whole comparison the best offer, its margin and whether the call is
close (`decide`). The enums here are the only definitions; model choices are built from them.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Generic, TypeVar

LIFE_FIT = "life_fit"
FUTURE_VALUE = "future_value"
DIMENSION_LABELS = {LIFE_FIT: "Life fit", FUTURE_VALUE: "Future value"}
DIMENSION_CHOICES = list(DIMENSION_LABELS.items())

MIN_RATING = 1
MAX_RATING = 5
RATING_MEANINGS = {1: "Poor", 2: "Weak", 3: "Fair", 4: "Good", 5: "Excellent"}

Number = int | float | Decimal | Fraction
T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


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

    @property
    def label(self) -> str:
        return _PRIORITY_LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(p.value, p.label) for p in cls]


_LIFE_SHARE = {
    Priority.STABILITY: Fraction(7, 10),
    Priority.BALANCED: Fraction(1, 2),
    Priority.GROWTH: Fraction(3, 10),
}
_PRIORITY_LABELS = {
    Priority.STABILITY: "Stability now (life fit 70 %)",
    Priority.BALANCED: "Balanced (50 / 50)",
    Priority.GROWTH: "Growth (future value 70 %)",
}


class Importance(enum.Enum):
    """How much a factor matters to one seeker, as a multiple of the admin's weight."""

    NONE = "none"
    LESS = "less"
    USUAL = "usual"
    MORE = "more"

    @property
    def multiplier(self) -> Fraction:
        return _IMPORTANCE[self][0]

    @property
    def label(self) -> str:
        return _IMPORTANCE[self][1]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(i.value, i.label) for i in cls]


_IMPORTANCE = {
    Importance.NONE: (Fraction(0), "Not at all"),
    Importance.LESS: (Fraction(1, 2), "Less"),
    Importance.USUAL: (Fraction(1), "As usual"),
    Importance.MORE: (Fraction(2), "More"),
}


def effective_weight(weight: Number, importance: Importance = Importance.USUAL) -> Fraction:
    """The admin's weight as it counts for one seeker."""
    return Fraction(weight) * importance.multiplier


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

    @property
    def lifting_most(self) -> tuple[Contribution, ...]:
        """The factors that lift the dimension most: every one tied for the biggest effect."""
        return _tied_first(self.lifting)

    @property
    def holding_back_most(self) -> tuple[Contribution, ...]:
        return _tied_first(self.holding_back)


def _tied_first(contributions: tuple[Contribution, ...]) -> tuple[Contribution, ...]:
    if not contributions:
        return ()
    biggest = abs(contributions[0].impact)
    return tuple(c for c in contributions if abs(c.impact) == biggest)


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

    @property
    def fully_rated(self) -> bool:
        """Judged, and every factor that counts (active, weight above 0) has a rating."""
        return self.verdict is not Verdict.INCOMPLETE and not (
            self.life.unrated or self.future.unrated
        )

    @property
    def partly_rated(self) -> bool:
        """Judged, but on only some of the factors that count: its verdict may still move."""
        return self.verdict is not Verdict.INCOMPLETE and not self.fully_rated

    def dimension(self, key: str) -> DimensionScore:
        return self.life if key == LIFE_FIT else self.future


@dataclass(frozen=True)
class TradeOff:
    """What the first offer gains (+) or gives up (−) against the second, in shown points."""

    life_delta: int
    future_delta: int


def score_dimension(
    dimension: DimensionSpec, factors: Iterable[FactorSpec], ratings: Mapping[str, int]
) -> DimensionScore:
    """Score one dimension of one offer. Ratings are keyed by factor key."""
    counted, unrated = _split(dimension, factors, ratings)

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


def _split(dimension: DimensionSpec, factors: Iterable[FactorSpec], ratings: Mapping[str, int]):
    """A dimension's counted factors as (factor, weight, rating), and the labels left unrated.

    A factor counts when it is active and weighted above zero.
    """
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
    return counted, unrated


def verdict_for(life: DimensionScore, future: DimensionScore) -> Verdict:
    if not (life.scored and future.scored):
        return Verdict.INCOMPLETE
    return _verdict_of(life.strong, future.strong)


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


def verdict_group(verdict: Verdict, priority: Priority) -> int:
    """A verdict's place in the ranking for a priority: 0 first; trade-offs may share one."""
    for rank, group in enumerate(_VERDICT_ORDER[priority]):
        if verdict == group or (isinstance(group, tuple) and verdict in group):
            return rank
    return len(_VERDICT_ORDER[priority])  # Incomplete


def rank(items: Sequence[tuple[T, OfferScore]], priority: Priority) -> list[tuple[T, OfferScore]]:
    """Order offers best first for a priority.

    Fully rated offers come first, then partly rated ones, then Incomplete ones; within each,
    by verdict group, then by blended score. Ties keep the order the items came in.
    """

    def key(item: tuple[T, OfferScore]):
        score = item[1]
        if score.verdict is Verdict.INCOMPLETE:
            return (2, 0, 0)
        return (
            0 if score.fully_rated else 1,
            verdict_group(score.verdict, priority),
            -score.blended(priority),
        )

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
        f"{life} % life fit and {100 - life} % future value. Offers still missing a rating "
        "come after the fully rated ones."
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


# How sure is a verdict? ----------------------------------------------------------------------

CLOSE_MARGIN = 5  # blended points within which the top two offers are a close call


@dataclass(frozen=True)
class Flip:
    """One rating changed on one factor, and the verdict the offer would then have."""

    factor_key: str
    factor_label: str
    dimension: str
    old: int
    new: int
    verdict: Verdict

    @property
    def steps(self) -> int:
        return abs(self.new - self.old)

    @property
    def upward(self) -> bool:
        return self.new > self.old


@dataclass(frozen=True)
class FlipAnalysis:
    """The smallest single-rating change that lifts the verdict, and the one that breaks it."""

    up: Flip | None
    down: Flip | None

    @property
    def fragile(self) -> bool:
        """One rating step, up or down, would change the verdict."""
        return any(f is not None and f.steps == 1 for f in (self.up, self.down))


NO_FLIPS = FlipAnalysis(up=None, down=None)


def _counted(dimension: DimensionSpec, factors: Iterable[FactorSpec], ratings: Mapping[str, int]):
    return _split(dimension, factors, ratings)[0]


def flips_for(
    ratings: Mapping[str, int],
    factors: Sequence[FactorSpec],
    dimensions: Sequence[DimensionSpec],
    current: OfferScore | None = None,
) -> FlipAnalysis:
    """The smallest change of one existing rating that changes the offer's verdict, each way.

    A rating moves only its own dimension, and raising it never lowers that dimension, so a
    verdict can only rise by making a dimension strong and only fall by making one not strong.
    Among changes of equal size, the one that moves the score furthest past the threshold wins
    (the surest flip), then the factors' order. Incomplete offers have no flips. `current` is
    the offer's score when the caller has it already.
    """
    current = current or score_offer(ratings, factors, dimensions)
    if current.verdict is Verdict.INCOMPLETE:
        return NO_FLIPS
    candidates: dict[bool, list[tuple[int, Fraction, int, Flip]]] = {True: [], False: []}
    for position, dimension in enumerate(d for d in dimensions if d.key in DIMENSION_LABELS):
        score = current.dimension(dimension.key)
        counted = _counted(dimension, factors, ratings)
        total = sum(w for _, w, _ in counted)
        upward = not score.strong
        for factor, weight, rating in counted:
            targets = range(rating + 1, MAX_RATING + 1) if upward else range(rating - 1, 0, -1)
            for new in targets:
                exact = score.exact + 100 * weight * Fraction(new - rating, 4) / total
                if (exact >= dimension.threshold) == upward:
                    life, future = current.life, current.future
                    strong = {LIFE_FIT: life.strong, FUTURE_VALUE: future.strong}
                    strong[dimension.key] = upward
                    flip = Flip(
                        factor_key=factor.key,
                        factor_label=factor.label,
                        dimension=dimension.key,
                        old=rating,
                        new=new,
                        verdict=_verdict_of(strong[LIFE_FIT], strong[FUTURE_VALUE]),
                    )
                    past = exact - dimension.threshold if upward else dimension.threshold - exact
                    candidates[upward].append((abs(new - rating), -past, position, flip))
                    break
    best = {
        direction: min(found, key=lambda c: c[:3])[3] if found else None
        for direction, found in candidates.items()
    }
    return FlipAnalysis(up=best[True], down=best[False])


def _verdict_of(life_strong: bool, future_strong: bool) -> Verdict:
    if life_strong and future_strong:
        return Verdict.IDEAL
    if life_strong:
        return Verdict.PRESENT
    if future_strong:
        return Verdict.FUTURE
    return Verdict.WEAK


@dataclass(frozen=True)
class Separation:
    """The factor that puts the most blended points between two offers."""

    factor_key: str
    factor_label: str
    first_rating: int
    second_rating: int
    points: Fraction  # positive: in the first offer's favour


def separation(
    first: Mapping[str, int],
    second: Mapping[str, int],
    factors: Sequence[FactorSpec],
    dimensions: Sequence[DimensionSpec],
    priority: Priority,
) -> Separation | None:
    """Which factor, rated on both offers, moves their blended scores apart the most."""
    shares = {LIFE_FIT: priority.life_share, FUTURE_VALUE: 1 - priority.life_share}
    found: list[tuple[Fraction, int, Separation]] = []
    for dimension in dimensions:
        if dimension.key not in shares:
            continue
        one = _counted(dimension, factors, first)
        two = _counted(dimension, factors, second)
        total_one, total_two = sum(w for _, w, _ in one), sum(w for _, w, _ in two)
        theirs = {f.key: r for f, _, r in two}
        for position, (factor, weight, rating) in enumerate(one):
            if theirs.get(factor.key, rating) == rating:
                continue  # rated alike, or not on both: it does not separate them

            def share(r, total, weight=weight):
                return 100 * weight * Fraction(r - 1, 4) / total

            points = shares[dimension.key] * (
                share(rating, total_one) - share(theirs[factor.key], total_two)
            )
            sep = Separation(factor.key, factor.label, rating, theirs[factor.key], points)
            found.append((-abs(points), position, sep))
    if not found:
        return None
    return min(found, key=lambda c: c[:2])[2]


@dataclass(frozen=True)
class Decision(Generic[K]):
    """A comparison judged for one priority: the ranking, the best offer and how sure it is.

    Offers are identified by keys of the caller's choosing. Only a fully rated offer can be the
    best; the runner-up is the next offer with a verdict.
    """

    priority: Priority
    scores: Mapping[K, OfferScore]
    flips: Mapping[K, FlipAnalysis]
    ranked: tuple[K, ...]
    best: K | None
    runner_up: K | None
    best_by_priority: Mapping[Priority, K | None]
    separation: Separation | None = field(default=None)

    @property
    def margin(self) -> Fraction | None:
        """Blended points the best offer is ahead of the runner-up (negative: behind)."""
        if self.best is None or self.runner_up is None:
            return None
        return self.scores[self.best].blended(self.priority) - self.scores[self.runner_up].blended(
            self.priority
        )

    @property
    def narrow_margin(self) -> bool:
        return self.margin is not None and abs(self.margin) <= CLOSE_MARGIN

    @property
    def best_is_fragile(self) -> bool:
        return self.best is not None and self.flips[self.best].fragile

    @property
    def priorities_disagree(self) -> bool:
        return len(set(self.best_by_priority.values())) > 1

    @property
    def close_call(self) -> bool:
        return self.best is not None and (
            self.narrow_margin or self.best_is_fragile or self.priorities_disagree
        )


def best_of(ranked: Sequence[tuple[K, OfferScore]]) -> K | None:
    """The first fully rated offer of a ranking: a partly rated one is never named best."""
    return next((key for key, score in ranked if score.fully_rated), None)


def decide(
    offers: Mapping[K, Mapping[str, int]],
    factors: Sequence[FactorSpec],
    dimensions: Sequence[DimensionSpec],
    priority: Priority,
    *,
    every_flip: bool = True,
) -> Decision[K]:
    """Score, rank and weigh a comparison's offers (ratings by factor key, per offer key).

    Without `every_flip`, what would flip a verdict is worked out for the best offer alone:
    enough to say whether it is a close call, at a fraction of the cost.
    """
    scores = {key: score_offer(ratings, factors, dimensions) for key, ratings in offers.items()}
    rankings = {p: rank(list(scores.items()), p) for p in Priority}
    ranked = rankings[priority]
    best = best_of(ranked)
    flips = {
        key: flips_for(ratings, factors, dimensions, scores[key])
        for key, ratings in offers.items()
        if every_flip or key == best
    }
    runner_up = None
    if best is not None:
        runner_up = next(
            (k for k, s in ranked if k != best and s.verdict is not Verdict.INCOMPLETE), None
        )
    between = None
    if best is not None and runner_up is not None:
        between = separation(offers[best], offers[runner_up], factors, dimensions, priority)
    return Decision(
        priority=priority,
        scores=scores,
        flips=flips,
        ranked=tuple(key for key, _ in ranked),
        best=best,
        runner_up=runner_up,
        best_by_priority={p: best_of(r) for p, r in rankings.items()},
        separation=between,
    )
