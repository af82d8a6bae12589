"""How sure a verdict is: flips, fragility, partly rated offers, the best offer and close calls.

Plain values, no database. The property tests check the flip analysis against brute force: every
single-rating change an offer could have.
"""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offers.scoring import (
    FUTURE_VALUE,
    LIFE_FIT,
    DimensionSpec,
    FactorSpec,
    Importance,
    Priority,
    Verdict,
    decide,
    effective_weight,
    flips_for,
    rank,
    score_offer,
)
from tests.test_scoring import DIMENSIONS, FACTORS, FUTURE_KEYS, LIFE_KEYS, uniform

KEYS = LIFE_KEYS + FUTURE_KEYS


def verdict(ratings, factors=FACTORS, dimensions=DIMENSIONS):
    return score_offer(ratings, factors, dimensions).verdict


# Flips: examples.


def test_an_offer_one_step_under_the_bar_is_told_which_rating_would_lift_it():
    # Life fit: five 4s and one 3 = (5·75 + 50) / 6 = 70.8 → strong. Future: all 3s = 50.
    ratings = {**uniform(4, 3), "predictability": 3}
    ratings["workload"] = 3  # now (4·75 + 2·50) / 6 = 66.7: not strong
    assert verdict(ratings) is Verdict.WEAK
    flips = flips_for(ratings, FACTORS, DIMENSIONS)
    # Any life-fit rating one step higher adds 4.2 points: 70.8 clears the bar.
    assert flips.up is not None
    assert (flips.up.dimension, flips.up.steps, flips.up.upward) == (LIFE_FIT, 1, True)
    assert flips.up.verdict is Verdict.PRESENT
    assert flips.down is None  # nothing is strong, so nothing can break
    assert flips.fragile


def test_an_ideal_offer_well_above_both_bars_has_no_single_change_that_flips_it():
    ratings = uniform(5, 5)
    flips = flips_for(ratings, FACTORS, DIMENSIONS)
    # Life fit: one factor 5 → 1 gives (5·100 + 0) / 6 = 83.3, still strong; future 80.
    assert flips.up is None and flips.down is None
    assert not flips.fragile


def test_the_break_names_the_smallest_fall_and_the_verdict_it_falls_to():
    ratings = uniform(4, 4)  # 75 on both: one step down on any factor drops a dimension to 70.8
    flips = flips_for(ratings, FACTORS, DIMENSIONS)
    assert flips.down is not None
    # One step leaves 70.8 (life) or 70 (future): still strong. Two steps: 66.7 or 65.
    assert flips.down.steps == 2
    # Future value falls furthest below its bar (65 against 66.7), so it is named.
    assert (flips.down.dimension, flips.down.old, flips.down.new) == (FUTURE_VALUE, 4, 2)
    assert flips.down.verdict is Verdict.PRESENT
    assert not flips.fragile


def test_an_incomplete_offer_has_no_flips():
    flips = flips_for({"pay": 5}, FACTORS, DIMENSIONS)
    assert flips.up is None and flips.down is None and not flips.fragile


def test_a_factor_that_does_not_count_is_never_suggested():
    factors = tuple(
        FactorSpec(f.key, f.label, f.dimension, weight=0 if f.key == "workload" else 1)
        for f in FACTORS
    )
    ratings = {**uniform(4, 3), "workload": 1, "predictability": 3}
    flips = flips_for(ratings, factors, DIMENSIONS)
    assert flips.up is None or flips.up.factor_key != "workload"


# Flips: properties, checked against every single change.

ratings_strategy = st.fixed_dictionaries({}, optional={k: st.integers(1, 5) for k in KEYS})
weights_strategy = st.lists(
    st.sampled_from([Fraction(0), Fraction(1, 2), Fraction(1), Fraction(3, 2), Fraction(2)]),
    min_size=len(KEYS),
    max_size=len(KEYS),
)
thresholds_strategy = st.tuples(st.integers(40, 90), st.integers(40, 90))


def setup_from(weights, thresholds):
    factors = tuple(
        FactorSpec(f.key, f.label, f.dimension, weight=w)
        for f, w in zip(FACTORS, weights, strict=True)
    )
    dims = (
        DimensionSpec(LIFE_FIT, "Life fit", thresholds[0]),
        DimensionSpec(FUTURE_VALUE, "Future value", thresholds[1]),
    )
    return factors, dims


def single_changes(ratings, factors):
    counted = {f.key for f in factors if f.weight > 0}
    for key, old in ratings.items():
        if key not in counted:
            continue
        for new in range(1, 6):
            if new != old:
                yield key, old, new


ORDER = {Verdict.WEAK: 0, Verdict.PRESENT: 1, Verdict.FUTURE: 1, Verdict.IDEAL: 2}


@settings(max_examples=300, deadline=None)
@given(ratings=ratings_strategy, weights=weights_strategy, thresholds=thresholds_strategy)
def test_every_suggested_change_really_flips_the_verdict(ratings, weights, thresholds):
    factors, dims = setup_from(weights, thresholds)
    before = verdict(ratings, factors, dims)
    flips = flips_for(ratings, factors, dims)
    for flip in (flips.up, flips.down):
        if flip is None:
            continue
        assert ratings[flip.factor_key] == flip.old
        after = verdict({**ratings, flip.factor_key: flip.new}, factors, dims)
        assert after is flip.verdict
        assert after is not before
        moved_up = ORDER[after] > ORDER[before]
        assert moved_up == flip.upward


@settings(max_examples=300, deadline=None)
@given(ratings=ratings_strategy, weights=weights_strategy, thresholds=thresholds_strategy)
def test_no_smaller_single_change_flips_the_verdict(ratings, weights, thresholds):
    factors, dims = setup_from(weights, thresholds)
    before = verdict(ratings, factors, dims)
    flips = flips_for(ratings, factors, dims)
    smallest = {True: None, False: None}  # upward / downward: fewest steps that flip
    for key, old, new in single_changes(ratings, factors):
        after = verdict({**ratings, key: new}, factors, dims)
        if after is not before:
            up = new > old
            steps = abs(new - old)
            if smallest[up] is None or steps < smallest[up]:
                smallest[up] = steps
    found = {True: flips.up, False: flips.down}
    for direction in (True, False):
        if smallest[direction] is None:
            assert found[direction] is None
        else:
            assert found[direction] is not None
            assert found[direction].steps == smallest[direction]


@settings(max_examples=300, deadline=None)
@given(ratings=ratings_strategy, weights=weights_strategy, thresholds=thresholds_strategy)
def test_a_verdict_not_called_fragile_survives_every_one_step_change(ratings, weights, thresholds):
    factors, dims = setup_from(weights, thresholds)
    before = verdict(ratings, factors, dims)
    one_step_flips = [
        (key, new)
        for key, old, new in single_changes(ratings, factors)
        if abs(new - old) == 1 and verdict({**ratings, key: new}, factors, dims) is not before
    ]
    assert flips_for(ratings, factors, dims).fragile == bool(one_step_flips)


# Partly rated offers.


def test_a_partly_rated_offer_ranks_after_every_fully_rated_one_whatever_its_verdict():
    sketchy = score_offer({"pay": 5, "network": 5}, FACTORS, DIMENSIONS)
    known = score_offer(uniform(2, 2), FACTORS, DIMENSIONS)
    blank = score_offer({}, FACTORS, DIMENSIONS)
    assert sketchy.verdict is Verdict.IDEAL and sketchy.partly_rated
    assert known.verdict is Verdict.WEAK and known.fully_rated
    for priority in Priority:
        ranked = rank([("sketchy", sketchy), ("blank", blank), ("known", known)], priority)
        assert [name for name, _ in ranked] == ["known", "sketchy", "blank"]


def test_a_factor_that_does_not_count_for_the_seeker_need_not_be_rated():
    factors = tuple(
        FactorSpec(f.key, f.label, f.dimension,
                   weight=effective_weight(1, Importance.NONE if f.key == "workload" else
                                           Importance.USUAL))
        for f in FACTORS
    )  # fmt: skip
    ratings = {k: 4 for k in KEYS if k != "workload"}
    result = score_offer(ratings, factors, DIMENSIONS)
    assert result.fully_rated and not result.partly_rated


def test_importance_multiplies_the_admins_weight():
    assert [effective_weight(2, level) for level in Importance] == [0, 1, 2, 4]
    assert effective_weight(Fraction(3, 2), Importance.LESS) == Fraction(3, 4)


def test_importance_can_change_a_verdict():
    ratings = {**uniform(4, 4), "workload": 1}  # life (5·75 + 0) / 6 = 62.5: not strong
    usual = score_offer(ratings, FACTORS, DIMENSIONS)
    factors = tuple(
        FactorSpec(f.key, f.label, f.dimension, weight=0 if f.key == "workload" else 1)
        for f in FACTORS
    )
    without_workload = score_offer(ratings, factors, DIMENSIONS)
    assert (usual.verdict, without_workload.verdict) == (Verdict.FUTURE, Verdict.IDEAL)


# The decision: best offer, runner-up, margin, close calls.


def test_the_best_offer_is_the_first_fully_rated_one_with_its_margin():
    decision = decide(
        {"a": uniform(5, 5), "b": uniform(4, 4), "c": {"pay": 5, "network": 5}},
        FACTORS,
        DIMENSIONS,
        Priority.BALANCED,
    )
    assert decision.ranked == ("a", "b", "c")
    assert (decision.best, decision.runner_up) == ("a", "b")
    assert decision.margin == 25
    assert not decision.close_call


def test_no_best_offer_when_every_judged_offer_is_partly_rated():
    decision = decide(
        {"a": {"pay": 5, "network": 5}, "b": {}}, FACTORS, DIMENSIONS, Priority.BALANCED
    )
    assert decision.best is None and decision.runner_up is None and decision.margin is None
    assert not decision.close_call


@pytest.mark.parametrize(("gap", "close"), [(0, True), (5, True), (Fraction(51, 10), False)])
def test_top_two_within_five_blended_points_is_a_close_call(gap, close):
    # Two offers with one factor per dimension; weights chosen so scores are easy to set.
    factors = (FactorSpec("pay", "Pay", LIFE_FIT), FactorSpec("growth", "Growth", FUTURE_VALUE))
    dims = (DimensionSpec(LIFE_FIT, "Life fit", 0), DimensionSpec(FUTURE_VALUE, "Future", 0))
    # Thresholds at 0: both always Ideal, never fragile downwards (a 1 still reaches 0).
    first = {"pay": 5, "growth": 5}
    decision = decide({"a": first, "b": {"pay": 5, "growth": 5}}, factors, dims, Priority.BALANCED)
    assert decision.margin == 0 and decision.close_call
    # A third future-value factor of weight w rated 5 against 1 puts 50·w/(1+w) points between
    # the blended scores: w = gap / (50 − gap) makes the gap exact.
    weight = Fraction(gap) / (50 - Fraction(gap))
    factors = (*factors, FactorSpec("tools", "Tools", FUTURE_VALUE, weight=weight))
    if gap:
        decision = decide(
            {"a": {**first, "tools": 5}, "b": {**first, "tools": 1}},
            factors,
            dims,
            Priority.BALANCED,
        )
        assert decision.margin == gap
        assert decision.narrow_margin is close


def test_a_fragile_best_offer_makes_a_close_call_and_the_separating_factor_is_named():
    best = uniform(4, 4)
    best["workload"] = 3  # life (5·75 + 50) / 6 = 70.8: strong, one step from falling
    runner = uniform(3, 3)
    runner["workload"] = 1
    decision = decide({"a": best, "b": runner}, FACTORS, DIMENSIONS, Priority.BALANCED)
    assert decision.best == "a" and decision.best_is_fragile and decision.close_call
    assert not decision.narrow_margin
    # Every factor is one step apart except workload, two apart: workload separates most.
    assert decision.separation.factor_key == "workload"
    assert (decision.separation.first_rating, decision.separation.second_rating) == (3, 1)


def test_priorities_that_pick_different_offers_make_a_close_call():
    # A is far ahead on life fit, B on future value; both Weak on both, fully rated.
    a = uniform(3, 1)
    b = uniform(1, 3)
    decision = decide({"a": a, "b": b}, FACTORS, DIMENSIONS, Priority.STABILITY)
    assert decision.best_by_priority[Priority.STABILITY] == "a"
    assert decision.best_by_priority[Priority.GROWTH] == "b"
    assert decision.priorities_disagree and decision.close_call


def test_an_incomplete_offer_is_never_named_best_even_with_nothing_left_to_rate():
    # Every life-fit factor weighted 0: no offer can be judged on life fit.
    factors = tuple(
        FactorSpec(f.key, f.label, f.dimension, weight=0 if f.dimension == LIFE_FIT else 1)
        for f in FACTORS
    )
    decision = decide({"a": uniform(5, 5)}, factors, DIMENSIONS, Priority.BALANCED)
    assert decision.scores["a"].verdict is Verdict.INCOMPLETE
    assert not decision.scores["a"].fully_rated
    assert decision.best is None


def test_the_separating_factor_is_one_the_top_two_rate_differently():
    first = uniform(4, 4)
    second = {k: v for k, v in uniform(4, 4).items() if k != "benefits"}  # partly rated
    second["network"] = 3
    decision = decide({"a": first, "b": second}, FACTORS, DIMENSIONS, Priority.BALANCED)
    assert (decision.best, decision.runner_up) == ("a", "b")
    sep = decision.separation
    assert (sep.factor_key, sep.first_rating, sep.second_rating) == ("network", 4, 3)
    assert sep.points > 0  # in the first offer's favour
