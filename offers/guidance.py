"""What do you need right now? Five plain answers in, a suggested priority out.

Pure, like `offers.scoring`: plain values in, frozen dataclasses out, no database and no
request. The questions, the words the answers are shown in and the rule live here only; the
form, the pages, the CSV and the data export all read them from this module.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from offers.scoring import Priority

# Under three months of living costs, savings are no cushion against a bill at risk or people
# who depend on the income; from six they absorb a big change or carry a bet on growth.
THIN_SAVINGS_MONTHS = 3
WELL_COVERED_MONTHS = 6
MAX_SAVINGS_MONTHS = 120  # ten years: beyond that the figure is a typing slip, not a cushion


@dataclass(frozen=True)
class Answers:
    """The seeker's answers; None means not answered ("Prefer not to say")."""

    money_at_risk: bool | None = None
    dependants: bool | None = None
    savings_months: int | None = None
    big_change: bool | None = None
    growth_on_offer: bool | None = None

    @property
    def given(self) -> bool:
        """Whether any question was answered at all."""
        return any(getattr(self, f.name) is not None for f in fields(self))


@dataclass(frozen=True)
class Question:
    field: str  # the name in `Answers`, the model and the form
    text: str  # as the seeker is asked it
    short: str  # as a counsellor, the CSV and a summary show the answer: "<short>: yes"


QUESTIONS = (
    Question(
        "money_at_risk",
        "Is rent, a debt or a bill at risk if your income stops or drops?",
        "Rent, a debt or a bill at risk",
    ),
    Question(
        "dependants",
        "Do other people depend on your income?",
        "Others depend on the income",
    ),
    Question(
        "savings_months",
        "How many months of your living costs could your savings cover?",
        "Savings cover",
    ),
    Question(
        "big_change",
        "Do you have a move, a health matter or another big change to absorb in the coming months?",
        "A big change to absorb",
    ),
    Question(
        "growth_on_offer",
        "Does any offer here come with mentoring, strong training or a portfolio you could build?",
        "Mentoring, training or a portfolio on offer",
    ),
)

NOT_SAID = "not said"


def months(count: int) -> str:
    return "1 month" if count == 1 else f"{count} months"


def answer_text(answers: Answers, field: str) -> str:
    value = getattr(answers, field)
    if value is None:
        return NOT_SAID
    if isinstance(value, bool):
        return "yes" if value else "no"
    return months(value)


def describe(answers: Answers) -> list[tuple[str, str]]:
    """Each question's short name with its answer in words, in the order they are asked."""
    return [(q.short, answer_text(answers, q.field)) for q in QUESTIONS]


@dataclass(frozen=True)
class Suggestion:
    priority: Priority
    reason: str  # one sentence naming the answers that led to it


# What the reasons call each answer.
_MONEY = "rent or a bill at risk"
_DEPENDANTS = "people depending on your income"
_CHANGE = "a big change to absorb"
_GROWTH = "mentoring, training or a portfolio on offer"
_BALANCE = "a balance of pay now and growth later"
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve")  # fmt: skip


def _savings(count: int | None) -> str:
    if count is None:
        return "no savings figure given"
    if count == 0:
        return "no savings to fall back on"
    number = _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else str(count)
    return f"{number} month{'' if count == 1 else 's'} of savings"


def _list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def suggest_priority(answers: Answers) -> Suggestion:
    """The priority the answers point to, and why, in one sentence.

    The rule, first match wins (savings in months of living costs):

    1. **Stability** when rent or a bill is at risk, or people depend on the income, and savings
       are under 3 months (or not given).
    2. **Stability** when a big change is to be absorbed and savings are under 6 months (or not
       given): only well-covered savings absorb it.
    3. **Growth** when an offer brings mentoring, strong training or a portfolio, no bill is at
       risk, no big change is coming, and savings reach 6 months, or 3 months for a seeker who
       said nobody depends on their income.
    4. **Balanced** otherwise.

    A yes/no question left unanswered counts as neither yes nor no: it starts no rule, and it
    does not stand in for the "no" that lets 3 months of savings suffice for growth. Savings left
    unanswered are no cushion: a pressure the seeker named leads to stability until a figure
    shows it is covered, and growth needs a figure.
    """
    savings = answers.savings_months
    money, dependants = answers.money_at_risk is True, answers.dependants is True
    change, growth = answers.big_change is True, answers.growth_on_offer is True

    def covers(floor: int) -> bool:
        return savings is not None and savings >= floor

    pressures = [text for named, text in ((money, _MONEY), (dependants, _DEPENDANTS)) if named]
    if pressures and not covers(THIN_SAVINGS_MONTHS):
        drivers = [*pressures, *([_CHANGE] if change else []), _savings(savings)]
        return Suggestion(
            Priority.STABILITY,
            f"With {_list(drivers)}, an offer that pays reliably now comes first.",
        )
    if change and not covers(WELL_COVERED_MONTHS):
        return Suggestion(
            Priority.STABILITY,
            f"With {_CHANGE} and {_savings(savings)}, steady pay and predictable hours come first.",
        )

    cushion = covers(WELL_COVERED_MONTHS) or (
        answers.dependants is False and covers(THIN_SAVINGS_MONTHS)
    )
    if growth and not money and not change and cushion:
        drivers = [f"{_savings(savings)} behind you", _GROWTH]
        if not covers(WELL_COVERED_MONTHS):
            drivers.insert(0, "nobody depending on your income")
        return Suggestion(
            Priority.GROWTH,
            f"With {_list(drivers)}, you can afford to let future value lead.",
        )

    # Balanced: say what kept it from either end.
    if money or change:
        named = [text for shown, text in ((money, _MONEY), (dependants, _DEPENDANTS),
                                          (change, _CHANGE)) if shown]  # fmt: skip
        them = "it" if len(named) == 1 else "them"
        reason = f"With {_list(named)} but {_savings(savings)} to cover {them}, {_BALANCE} fits."
    elif growth:
        if savings is None:
            short = "without a savings figure to show a cushion"
        elif dependants:
            short = f"with {_DEPENDANTS} and {_savings(savings)}"
        else:
            short = f"with {_savings(savings)}"
        reason = (
            f"Mentoring, training or a portfolio is on offer, but {short}, {_BALANCE} is the "
            "safer call."
        )
    elif dependants:
        reason = f"With {_DEPENDANTS} but {_savings(savings)} to cover them, {_BALANCE} fits."
    elif answers.growth_on_offer is False:
        reason = (
            "With no offer bringing mentoring, training or a portfolio, growth has nothing to "
            f"lead with, so {_BALANCE} fits."
        )
    elif answers.given:
        reason = f"Nothing you answered points to stability or to growth, so {_BALANCE} fits."
    else:
        reason = f"With no answers to go on, {_BALANCE} is the even-handed choice."
    return Suggestion(Priority.BALANCED, reason)
