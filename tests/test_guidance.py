"""The priority check's rule: plain answers in, a suggested priority and one sentence out."""

# The table below reads best one row a line, however long its sentence.
# ruff: noqa: E501

import itertools

import pytest

from offers.guidance import (
    QUESTIONS,
    THIN_SAVINGS_MONTHS,
    WELL_COVERED_MONTHS,
    Answers,
    describe,
    suggest_priority,
)
from offers.scoring import Priority

S, B, G = Priority.STABILITY, Priority.BALANCED, Priority.GROWTH
RELIABLE = "an offer that pays reliably now comes first."
STEADY = "steady pay and predictable hours come first."
LEAD = "you can afford to let future value lead."
BALANCE = "a balance of pay now and growth later"
ON_OFFER = "mentoring, training or a portfolio on offer"


def answers(money=None, dependants=None, savings=None, change=None, growth=None) -> Answers:
    return Answers(
        money_at_risk=money,
        dependants=dependants,
        savings_months=savings,
        big_change=change,
        growth_on_offer=growth,
    )


# (answers, priority, the sentence that says why)
TABLE = [
    # 1. A bill at risk or people depending on the income, with under 3 months of savings.
    (answers(money=True, savings=2), S, f"With rent or a bill at risk and two months of savings, {RELIABLE}"),
    (answers(money=True, savings=0), S, f"With rent or a bill at risk and no savings to fall back on, {RELIABLE}"),
    (answers(dependants=True, savings=1), S, f"With people depending on your income and one month of savings, {RELIABLE}"),
    (answers(dependants=True, savings=2, growth=True), S, f"With people depending on your income and two months of savings, {RELIABLE}"),
    (answers(money=True, dependants=True), S, f"With rent or a bill at risk, people depending on your income and no savings figure given, {RELIABLE}"),
    (answers(money=True, savings=1, change=True, growth=True), S, f"With rent or a bill at risk, a big change to absorb and one month of savings, {RELIABLE}"),
    # … 3 months is the first that covers them.
    (answers(money=True, savings=3), B, f"With rent or a bill at risk but three months of savings to cover it, {BALANCE} fits."),
    (answers(dependants=True, savings=3), B, f"With people depending on your income but three months of savings to cover them, {BALANCE} fits."),
    (answers(money=True, dependants=True, savings=4), B, f"With rent or a bill at risk and people depending on your income but four months of savings to cover them, {BALANCE} fits."),
    # 2. A big change to absorb, with under 6 months of savings.
    (answers(change=True, savings=5), S, f"With a big change to absorb and five months of savings, {STEADY}"),
    (answers(change=True), S, f"With a big change to absorb and no savings figure given, {STEADY}"),
    (answers(money=False, dependants=False, savings=0, change=True), S, f"With a big change to absorb and no savings to fall back on, {STEADY}"),
    (answers(money=True, savings=4, change=True), S, f"With a big change to absorb and four months of savings, {STEADY}"),
    # … 6 months covers it well, but a change still holds growth back.
    (answers(change=True, savings=6), B, f"With a big change to absorb but six months of savings to cover it, {BALANCE} fits."),
    (answers(change=True, savings=6, growth=True), B, f"With a big change to absorb but six months of savings to cover it, {BALANCE} fits."),
    (answers(money=True, savings=8, change=True), B, f"With rent or a bill at risk and a big change to absorb but eight months of savings to cover them, {BALANCE} fits."),
    # 3. Growth: a chance to grow, nothing at risk, and savings to carry it.
    (answers(savings=6, growth=True), G, f"With six months of savings behind you and {ON_OFFER}, {LEAD}"),
    (answers(dependants=True, savings=6, growth=True), G, f"With six months of savings behind you and {ON_OFFER}, {LEAD}"),
    (answers(money=False, dependants=False, savings=120, change=False, growth=True), G, f"With 120 months of savings behind you and {ON_OFFER}, {LEAD}"),
    (answers(dependants=False, savings=3, growth=True), G, f"With nobody depending on your income, three months of savings behind you and {ON_OFFER}, {LEAD}"),
    (answers(dependants=False, savings=5, growth=True), G, f"With nobody depending on your income, five months of savings behind you and {ON_OFFER}, {LEAD}"),
    # … not without that cushion: under 6 months unless nobody depends on the income, under 3.
    (answers(savings=5, growth=True), B, f"Mentoring, training or a portfolio is on offer, but with five months of savings, {BALANCE} is the safer call."),
    (answers(dependants=False, savings=2, growth=True), B, f"Mentoring, training or a portfolio is on offer, but with two months of savings, {BALANCE} is the safer call."),
    (answers(dependants=False, savings=0, growth=True), B, f"Mentoring, training or a portfolio is on offer, but with no savings to fall back on, {BALANCE} is the safer call."),
    (answers(dependants=True, savings=5, growth=True), B, f"Mentoring, training or a portfolio is on offer, but with people depending on your income and five months of savings, {BALANCE} is the safer call."),
    (answers(money=False, dependants=False, change=False, growth=True), B, f"Mentoring, training or a portfolio is on offer, but without a savings figure to show a cushion, {BALANCE} is the safer call."),
    # … nor with a bill at risk, whatever the savings.
    (answers(money=True, savings=12, growth=True), B, f"With rent or a bill at risk but twelve months of savings to cover it, {BALANCE} fits."),
    (answers(money=True, savings=13, growth=True), B, f"With rent or a bill at risk but 13 months of savings to cover it, {BALANCE} fits."),
    # 4. Balanced otherwise, saying why.
    (answers(dependants=True, savings=10, growth=False), B, f"With people depending on your income but ten months of savings to cover them, {BALANCE} fits."),
    (answers(savings=8, growth=False), B, f"With no offer bringing mentoring, training or a portfolio, growth has nothing to lead with, so {BALANCE} fits."),
    (answers(savings=8), B, f"Nothing you answered points to stability or to growth, so {BALANCE} fits."),
    (answers(money=False, dependants=False, change=False), B, f"Nothing you answered points to stability or to growth, so {BALANCE} fits."),
    (answers(), B, f"With no answers to go on, {BALANCE} is the even-handed choice."),
]  # fmt: skip


@pytest.mark.parametrize(("given", "priority", "reason"), TABLE)
def test_the_rule_suggests_and_says_why(given, priority, reason):
    suggestion = suggest_priority(given)
    assert (suggestion.priority, suggestion.reason) == (priority, reason)


def test_the_thresholds_are_three_and_six_months():
    assert (THIN_SAVINGS_MONTHS, WELL_COVERED_MONTHS) == (3, 6)


YES_NO = [True, False, None]
SAVINGS = [None, 0, 1, 2, 3, 4, 5, 6, 7, 12, 120]
EVERY_ANSWER = [
    answers(*combination)
    for combination in itertools.product(YES_NO, YES_NO, SAVINGS, YES_NO, YES_NO)
]


@pytest.mark.parametrize("given", EVERY_ANSWER, ids=repr)
def test_every_answer_gets_one_plain_sentence(given):
    reason = suggest_priority(given).reason
    assert reason[0].isupper() and reason.endswith(".")
    assert reason.count(".") == 1, reason  # one sentence
    assert "None" not in reason and "True" not in reason


def test_a_bill_at_risk_or_a_big_change_never_suggests_growth():
    for given in EVERY_ANSWER:
        if given.money_at_risk or given.big_change:
            assert suggest_priority(given).priority is not G, given


def test_more_savings_never_move_a_suggestion_toward_stability():
    """From no figure, to 0, to 120 months: the suggestion only moves away from stability."""
    order = {S: 0, B: 1, G: 2}
    for money, dependants, change, growth in itertools.product(YES_NO, repeat=4):
        ranks = [
            order[suggest_priority(answers(money, dependants, savings, change, growth)).priority]
            for savings in SAVINGS
        ]
        assert ranks == sorted(ranks), (money, dependants, change, growth, ranks)


def test_an_unanswered_question_counts_as_neither_yes_nor_no():
    # Unanswered starts no rule (it is not a yes) …
    assert suggest_priority(answers(money=None, savings=0)).priority is B
    assert suggest_priority(answers(change=None, savings=0)).priority is B
    # … and does not stand in for the "no" that lets 3 months suffice for growth.
    assert suggest_priority(answers(dependants=False, savings=4, growth=True)).priority is G
    assert suggest_priority(answers(dependants=None, savings=4, growth=True)).priority is B


def test_the_answers_read_in_words_in_the_order_they_are_asked():
    given = answers(money=True, dependants=False, savings=1, growth=True)
    assert describe(given) == [
        ("Rent, a debt or a bill at risk", "yes"),
        ("Others depend on the income", "no"),
        ("Savings cover", "1 month"),
        ("A big change to absorb", "not said"),
        ("Mentoring, training or a portfolio on offer", "yes"),
    ]
    assert describe(answers(savings=0))[2] == ("Savings cover", "0 months")
    assert [q.field for q in QUESTIONS] == [
        "money_at_risk",
        "dependants",
        "savings_months",
        "big_change",
        "growth_on_offer",
    ]


def test_answers_given_is_false_only_when_nothing_was_answered():
    assert not answers().given
    assert answers(savings=0).given
    assert answers(growth=False).given
