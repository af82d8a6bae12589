"""The scoring rule of DESIGN.md, checked on plain values (no database)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from offers.scoring import (
    FUTURE_VALUE,
    LIFE_FIT,
    DimensionSpec,
    FactorSpec,
    Priority,
    TradeOff,
    Verdict,
    describe_ranking,
    describe_trade_off,
    rank,
    score_offer,
    trade_off,
)

DIMENSIONS = (
    DimensionSpec(LIFE_FIT, "Life fit", 70),
    DimensionSpec(FUTURE_VALUE, "Future value", 70),
)
LIFE_KEYS = ["pay", "benefits", "schedule", "location", "predictability", "workload"]
FUTURE_KEYS = ["skill_growth", "achievements", "modern_tools", "network", "advancement"]
FACTORS = tuple(FactorSpec(k, k.title(), LIFE_FIT) for k in LIFE_KEYS) + tuple(
    FactorSpec(k, k.title(), FUTURE_VALUE) for k in FUTURE_KEYS
)


def uniform(life: int, future: int) -> dict[str, int]:
    return {**dict.fromkeys(LIFE_KEYS, life), **dict.fromkeys(FUTURE_KEYS, future)}


# Ratings 5 → 100, 4 → 75, 3 → 50, 2 → 25, 1 → 0.
@pytest.mark.parametrize(
    ("life", "future", "verdict"),
    [
        (4, 4, Verdict.IDEAL),
        (5, 2, Verdict.PRESENT),
        (2, 5, Verdict.FUTURE),
        (3, 3, Verdict.WEAK),
    ],
)
def test_each_row_of_the_verdict_table(life, future, verdict):
    result = score_offer(uniform(life, future), FACTORS, DIMENSIONS)
    assert result.verdict is verdict


def test_score_is_the_weighted_mean_mapped_to_0_100():
    factors = (
        FactorSpec("pay", "Pay", LIFE_FIT, weight=3),
        FactorSpec("workload", "Workload", LIFE_FIT, weight=1),
        FactorSpec("skill_growth", "Skill growth", FUTURE_VALUE),
    )
    result = score_offer({"pay": 5, "workload": 1, "skill_growth": 3}, factors, DIMENSIONS)
    # 100 × (3·1 + 1·0) / 4 = 75
    assert result.life.score == 75
    assert result.future.score == 50


def test_threshold_exactly_met_is_strong():
    dims = (DimensionSpec(LIFE_FIT, "Life fit", 75), DimensionSpec(FUTURE_VALUE, "Future", 75))
    result = score_offer(uniform(4, 4), FACTORS, dims)
    assert result.life.score == 75
    assert result.life.strong and result.future.strong
    assert result.verdict is Verdict.IDEAL


def test_one_point_under_the_threshold_is_not_strong():
    dims = (DimensionSpec(LIFE_FIT, "Life fit", 76), DimensionSpec(FUTURE_VALUE, "Future", 74))
    result = score_offer(uniform(4, 4), FACTORS, dims)
    assert not result.life.strong
    assert result.future.strong
    assert result.verdict is Verdict.FUTURE


def test_scores_are_shown_as_whole_numbers_with_halves_rounded_up():
    # 100 × (2·3/4 + 1·2/4) / 3 = 66.67, shown as 67.
    factors = (
        FactorSpec("a", "A", LIFE_FIT, weight=Decimal("2")),
        FactorSpec("b", "B", LIFE_FIT, weight=Decimal("1")),
        FactorSpec("f", "F", FUTURE_VALUE),
    )
    result = score_offer({"a": 4, "b": 3, "f": 5}, factors, DIMENSIONS)
    assert result.life.exact == Fraction(200, 3)
    assert result.life.score == 67
    # 100 × (1·3/4 + 1·2/4 + 2·2/4 + 4·3/4) / 8 = 65.625, shown as 66.
    factors = (
        FactorSpec("a", "A", LIFE_FIT, weight=Decimal("1")),
        FactorSpec("b", "B", LIFE_FIT, weight=Decimal("1")),
        FactorSpec("c", "C", LIFE_FIT, weight=Decimal("2")),
        FactorSpec("d", "D", LIFE_FIT, weight=Decimal("4")),
        FactorSpec("f", "F", FUTURE_VALUE),
    )
    result = score_offer({"a": 4, "b": 3, "c": 3, "d": 4, "f": 5}, factors, DIMENSIONS)
    assert result.life.exact == Fraction(525, 8)
    assert result.life.score == 66


def test_strength_is_judged_on_the_exact_score_not_the_rounded_one():
    # Weights 0.795 : 0.205 on ratings 4 and 3 give 69.875: below 70, so not strong, although
    # it would round to 70. It is shown as 69.8 so the page never reads "70 · below 70".
    factors = (
        FactorSpec("a", "A", LIFE_FIT, weight=Decimal("0.795")),
        FactorSpec("b", "B", LIFE_FIT, weight=Decimal("0.205")),
        FactorSpec("f", "F", FUTURE_VALUE),
    )
    result = score_offer({"a": 4, "b": 3, "f": 5}, factors, DIMENSIONS)
    assert result.life.exact == Fraction(559, 8)
    assert not result.life.strong
    assert result.life.score == Decimal("69.8")
    assert result.verdict is Verdict.FUTURE
    # With the threshold at 69, the same score is strong and shown rounded, as usual.
    dims = (DimensionSpec(LIFE_FIT, "Life fit", 69), DimensionSpec(FUTURE_VALUE, "Future", 70))
    result = score_offer({"a": 4, "b": 3, "f": 5}, factors, dims)
    assert result.life.strong
    assert result.life.score == 70


def test_halves_round_up():
    factors = (
        FactorSpec("a", "A", LIFE_FIT),
        FactorSpec("b", "B", LIFE_FIT),
        FactorSpec("c", "C", LIFE_FIT),
        FactorSpec("d", "D", LIFE_FIT),
        FactorSpec("f", "F", FUTURE_VALUE),
    )
    # (75 + 50) / 2 = 62.5, shown as 63
    result = score_offer({"a": 4, "b": 3, "f": 1}, factors, DIMENSIONS)
    assert result.life.exact == Fraction(125, 2)
    assert result.life.score == 63


def test_all_weights_zero_leaves_the_dimension_unscored():
    factors = tuple(
        FactorSpec(f.key, f.label, f.dimension, weight=0 if f.dimension == LIFE_FIT else 1)
        for f in FACTORS
    )
    result = score_offer(uniform(5, 5), factors, DIMENSIONS)
    assert result.life.score is None
    assert not result.life.scored
    assert result.future.score == 100
    assert result.verdict is Verdict.INCOMPLETE


def test_no_ratings_at_all_is_incomplete_and_lists_what_is_missing():
    result = score_offer({}, FACTORS, DIMENSIONS)
    assert result.verdict is Verdict.INCOMPLETE
    assert result.life.unrated == tuple(k.title() for k in LIFE_KEYS)
    assert result.future.unrated == tuple(k.title() for k in FUTURE_KEYS)


def test_one_rated_factor_is_enough_to_score_a_dimension():
    result = score_offer({"pay": 4, "network": 2}, FACTORS, DIMENSIONS)
    assert result.life.score == 75
    assert result.future.score == 25
    assert result.verdict is Verdict.PRESENT
    assert "Pay" not in result.life.unrated
    assert "Workload" in result.life.unrated


def test_weight_zero_factor_is_ignored_even_when_rated():
    factors = (
        FactorSpec("pay", "Pay", LIFE_FIT, weight=0),
        FactorSpec("workload", "Workload", LIFE_FIT),
        FactorSpec("network", "Network", FUTURE_VALUE),
    )
    result = score_offer({"pay": 1, "workload": 5, "network": 5}, factors, DIMENSIONS)
    assert result.life.score == 100
    assert "Pay" not in result.life.unrated


def test_inactive_factors_are_left_out_but_count_again_when_reactivated():
    ratings = {"pay": 1, "workload": 5, "network": 5}
    inactive = (
        FactorSpec("pay", "Pay", LIFE_FIT, active=False),
        FactorSpec("workload", "Workload", LIFE_FIT),
        FactorSpec("network", "Network", FUTURE_VALUE),
    )
    assert score_offer(ratings, inactive, DIMENSIONS).life.score == 100
    active = (FactorSpec("pay", "Pay", LIFE_FIT), *inactive[1:])
    assert score_offer(ratings, active, DIMENSIONS).life.score == 50


def test_ratings_for_unknown_factors_are_ignored():
    result = score_offer({**uniform(4, 4), "retired_factor": 1}, FACTORS, DIMENSIONS)
    assert result.life.score == 75


@pytest.mark.parametrize("bad", [0, 6, -1])
def test_it_refuses_a_rating_outside_1_to_5(bad):
    with pytest.raises(ValueError, match="1–5"):
        score_offer({"pay": bad}, FACTORS, DIMENSIONS)


def test_it_refuses_a_negative_weight():
    factors = (FactorSpec("pay", "Pay", LIFE_FIT, weight=-1),)
    with pytest.raises(ValueError, match="negative"):
        score_offer({"pay": 3}, factors, DIMENSIONS)


def test_it_needs_both_dimensions():
    with pytest.raises(ValueError, match="future_value"):
        score_offer({}, FACTORS, DIMENSIONS[:1])


def test_lifting_and_holding_back_factors_are_ordered_by_weighted_effect():
    factors = (
        FactorSpec("pay", "Pay", LIFE_FIT, weight=2),
        FactorSpec("benefits", "Benefits", LIFE_FIT),
        FactorSpec("workload", "Workload", LIFE_FIT),
        FactorSpec("schedule", "Schedule", LIFE_FIT, weight=3),
        FactorSpec("network", "Network", FUTURE_VALUE),
    )
    ratings = {"pay": 5, "benefits": 5, "workload": 1, "schedule": 2, "network": 3}
    life = score_offer(ratings, factors, DIMENSIONS).life
    assert [c.label for c in life.lifting] == ["Pay", "Benefits"]
    assert [c.label for c in life.holding_back] == ["Schedule", "Workload"]
    # Pay: 2/7 of the weight, 30 points over the threshold of 70.
    assert life.lifting[0].impact == Fraction(2, 7) * 30


@pytest.mark.parametrize(
    ("priority", "expected"),
    [
        (Priority.STABILITY, ["ideal", "present", "future", "weak", "incomplete"]),
        (Priority.GROWTH, ["ideal", "future", "present", "weak", "incomplete"]),
    ],
)
def test_ranking_puts_ideal_first_incomplete_last_and_the_matching_trade_off_next(
    priority, expected
):
    offers = [
        ("incomplete", score_offer({"pay": 5}, FACTORS, DIMENSIONS)),
        ("weak", score_offer(uniform(3, 3), FACTORS, DIMENSIONS)),
        ("present", score_offer(uniform(5, 2), FACTORS, DIMENSIONS)),
        ("future", score_offer(uniform(2, 5), FACTORS, DIMENSIONS)),
        ("ideal", score_offer(uniform(4, 4), FACTORS, DIMENSIONS)),
    ]
    assert [name for name, _ in rank(offers, priority)] == expected


def test_balanced_ranking_orders_trade_offs_by_blended_score():
    offers = [
        ("present", score_offer(uniform(5, 2), FACTORS, DIMENSIONS)),  # 100 / 25 → 62.5
        ("future", score_offer(uniform(3, 5), FACTORS, DIMENSIONS)),  # 50 / 100 → 75
    ]
    assert [name for name, _ in rank(offers, Priority.BALANCED)] == ["future", "present"]


@pytest.mark.parametrize(
    ("priority", "blended"),
    [
        (Priority.STABILITY, Fraction(7, 10) * 100 + Fraction(3, 10) * 25),
        (Priority.BALANCED, Fraction(125, 2)),
        (Priority.GROWTH, Fraction(3, 10) * 100 + Fraction(7, 10) * 25),
    ],
)
def test_blended_score_weighs_life_fit_by_priority(priority, blended):
    result = score_offer(uniform(5, 2), FACTORS, DIMENSIONS)
    assert result.blended(priority) == blended


def test_within_a_verdict_the_higher_blended_score_ranks_first():
    offers = [
        ("lower", score_offer(uniform(4, 4), FACTORS, DIMENSIONS)),
        ("higher", score_offer(uniform(5, 4), FACTORS, DIMENSIONS)),
    ]
    for priority in Priority:
        assert rank(offers, priority)[0][0] == "higher"


def test_trade_off_counts_shown_points_per_dimension():
    a = score_offer(uniform(3, 5), FACTORS, DIMENSIONS)  # 50 / 100
    b = score_offer(uniform(4, 3), FACTORS, DIMENSIONS)  # 75 / 50
    trade = trade_off(a, b)
    assert trade == TradeOff(life_delta=-25, future_delta=50)
    assert describe_trade_off("A", "B", trade) == (
        "Choosing A over B gives up 25 points of life fit for 50 points of future value."
    )
    assert describe_trade_off("B", "A", trade_off(b, a)) == (
        "Choosing B over A gives up 50 points of future value for 25 points of life fit."
    )


def test_trade_off_sentence_when_one_offer_is_ahead_on_both():
    assert describe_trade_off("A", "B", TradeOff(10, 1)) == (
        "Choosing A over B trades nothing: it is ahead by 10 points of life fit and "
        "1 point of future value."
    )
    assert describe_trade_off("A", "B", TradeOff(0, 0)) == (
        "A and B score the same on both dimensions."
    )


def test_no_trade_off_without_both_scores():
    a = score_offer(uniform(3, 5), FACTORS, DIMENSIONS)
    b = score_offer({"pay": 4}, FACTORS, DIMENSIONS)
    assert trade_off(a, b) is None
    assert "cannot be weighed" in describe_trade_off("A", "B", None)


# Property-based checks of the rule.

ratings_strategy = st.fixed_dictionaries(
    {}, optional={k: st.integers(1, 5) for k in LIFE_KEYS + FUTURE_KEYS}
)
weights_strategy = st.lists(
    st.decimals(min_value=0, max_value=10, places=2), min_size=11, max_size=11
)


def with_weights(weights):
    return tuple(
        FactorSpec(f.key, f.label, f.dimension, weight=w)
        for f, w in zip(FACTORS, weights, strict=True)
    )


@given(ratings=ratings_strategy, weights=weights_strategy)
def test_scores_stay_between_0_and_100(ratings, weights):
    result = score_offer(ratings, with_weights(weights), DIMENSIONS)
    for dim in (result.life, result.future):
        if dim.scored:
            assert 0 <= dim.exact <= 100
            assert 0 <= dim.score <= 100


@given(
    ratings=ratings_strategy,
    weights=weights_strategy,
    key=st.sampled_from(LIFE_KEYS + FUTURE_KEYS),
)
def test_raising_one_rating_never_lowers_its_dimension(ratings, weights, key):
    assume(ratings.get(key, 5) < 5)
    factors = with_weights(weights)
    before = score_offer(ratings, factors, DIMENSIONS)
    after = score_offer({**ratings, key: ratings[key] + 1}, factors, DIMENSIONS)
    attr = "life" if key in LIFE_KEYS else "future"
    old, new = getattr(before, attr).exact, getattr(after, attr).exact
    if old is None:
        assert new is None
    else:
        assert new >= old


@given(
    ratings=ratings_strategy,
    weights=weights_strategy,
    factor=st.fractions(min_value=Fraction(1, 100), max_value=100),
)
def test_scaling_every_weight_changes_nothing(ratings, weights, factor):
    original = score_offer(ratings, with_weights(weights), DIMENSIONS)
    scaled = score_offer(ratings, with_weights([Fraction(w) * factor for w in weights]), DIMENSIONS)
    assert scaled.life.exact == original.life.exact
    assert scaled.future.exact == original.future.exact
    assert scaled.verdict is original.verdict


@given(ratings=ratings_strategy, weights=weights_strategy, data=st.data())
def test_factor_order_changes_nothing(ratings, weights, data):
    factors = with_weights(weights)
    shuffled = data.draw(st.permutations(factors))
    a = score_offer(ratings, factors, DIMENSIONS)
    b = score_offer(ratings, shuffled, DIMENSIONS)
    assert a.verdict is b.verdict
    for x, y in ((a.life, b.life), (a.future, b.future)):
        assert x.exact == y.exact
        assert (x.lifting, x.holding_back) == (y.lifting, y.holding_back)
        assert sorted(x.unrated) == sorted(y.unrated)


def test_a_factor_rated_exactly_at_the_threshold_lifts_its_dimension():
    dims = (DimensionSpec(LIFE_FIT, "Life fit", 75), DimensionSpec(FUTURE_VALUE, "Future", 70))
    result = score_offer({"pay": 4, "workload": 3, "skill_growth": 5}, FACTORS, dims)
    assert [c.key for c in result.life.lifting] == ["pay"]  # 75 = the threshold
    assert [c.key for c in result.life.holding_back] == ["workload"]


@pytest.mark.parametrize(
    ("priority", "order", "life"),
    [
        (Priority.STABILITY, "Ideal option, then Pays the present, then Builds the future", 70),
        (Priority.GROWTH, "Ideal option, then Builds the future, then Pays the present", 30),
    ],
)
def test_the_ranking_rule_is_described_as_it_is_applied(priority, order, life):
    sentence = describe_ranking(priority)
    assert sentence.startswith(f"Ranked by verdict ({order}, then Weak on both)")
    assert f"{life} % life fit and {100 - life} % future value" in sentence


@pytest.mark.parametrize("priority", list(Priority))
def test_each_priority_label_states_the_shares_it_ranks_by(priority):
    life = priority.life_share * 100
    stated = (f"life fit {life} %", f"future value {100 - life} %", f"{life} / {100 - life}")
    assert any(words in priority.label for words in stated), priority.label
