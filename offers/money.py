"""What an offer pays, in figures that compare: pure functions on `Decimal`, no queries.

Pay is entered per hour, month or year, with an optional sign-on bonus, target yearly bonus and
equity vesting over some years; this module turns it into yearly figures. Guaranteed pay (the
base) is kept apart from pay at risk (bonus and equity). Money is never blended into the
scores, and figures in two currencies are never added or ranked against each other unless the
seeker gave a rate (then the converted figure says so).

Amounts are rounded to the cent, half up, once per figure, from unrounded arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
WEEKS_A_YEAR = 52
MONTHS_A_YEAR = 12
# A yearly base above this is a typo (a yearly salary entered as hourly, say), not an offer.
MOST_A_YEAR = Decimal("100000000")

YEAR, MONTH, HOUR = "year", "month", "hour"  # Offer.PayPeriod's values


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def annual_base(salary: Decimal | None, period: str, hours_per_week: Decimal | None):
    """The yearly base: hour × hours a week × 52, month × 12, or the year's figure.

    None when there is no salary, or hourly pay comes without (or with zero) hours.
    """
    if salary is None:
        return None
    if period == YEAR:
        return cents(salary)
    if period == MONTH:
        return cents(salary * MONTHS_A_YEAR)
    if period == HOUR:
        if not hours_per_week:
            return None
        return cents(salary * hours_per_week * WEEKS_A_YEAR)
    raise ValueError(f"unknown pay period {period!r}")


def effective_hourly(annual: Decimal | None, hours_per_week: Decimal | None):
    """What each hour worked earns: the yearly base ÷ (hours a week × 52)."""
    if annual is None or not hours_per_week:
        return None
    return cents(annual / (hours_per_week * WEEKS_A_YEAR))


def vested_in_first_year(equity_per_year: Decimal | None, cliff_months: int | None):
    """Equity that vests within the first year: a year's worth unless the cliff is later."""
    if not equity_per_year:
        return Decimal(0)
    return equity_per_year if (cliff_months or 0) <= MONTHS_A_YEAR else Decimal(0)


@dataclass(frozen=True)
class PayTerms:
    """What an offer says about money, as entered (amounts in `currency`)."""

    currency: str
    salary: Decimal | None = None
    pay_period: str = YEAR
    hours_per_week: Decimal | None = None
    sign_on_bonus: Decimal | None = None
    yearly_bonus: Decimal | None = None
    equity_per_year: Decimal | None = None
    vesting_years: int | None = None
    vesting_cliff_months: int | None = None
    living_costs: Decimal | None = None

    @classmethod
    def of(cls, offer) -> PayTerms:
        """The terms of an `Offer` (or anything with its fields)."""
        return cls(**{name: getattr(offer, name) for name in cls.__dataclass_fields__})

    @property
    def vesting_span(self) -> int:
        """The years the equity vests over; 0 without equity."""
        return (self.vesting_years or 0) if self.equity_per_year else 0


@dataclass(frozen=True)
class Pay:
    """An offer's money as yearly figures, in `currency`. None: not enough was entered."""

    currency: str
    base: Decimal | None  # guaranteed pay a year
    hourly: Decimal | None  # effective hourly rate
    at_risk: Decimal  # target bonus plus a year's equity
    first_year: Decimal | None  # base, sign-on bonus, bonus and the equity vested in year one
    average: Decimal | None  # average yearly total over `years`
    years: int  # the span `average` is taken over
    living_costs: Decimal | None
    left_after_costs: Decimal | None  # guaranteed pay left after the living costs
    converted_from: str = ""  # the currency entered, when the figures are converted

    @property
    def converted(self) -> bool:
        return bool(self.converted_from)


def pay_of(terms: PayTerms, years: int = 1) -> Pay:
    """An offer's yearly figures, its average taken over `years` (at least its vesting span).

    Spread over the same span as the others it is compared with, a sign-on bonus counts as
    much in an offer without equity as in one with it; equity counts for its vesting years.
    """
    years = max(years, terms.vesting_span, 1)
    base = annual_base(terms.salary, terms.pay_period, terms.hours_per_week)
    bonus = terms.yearly_bonus or Decimal(0)
    sign_on = terms.sign_on_bonus or Decimal(0)
    equity = terms.equity_per_year or Decimal(0)
    first_year = average = left = None
    if base is not None:
        first_year = cents(
            base
            + sign_on
            + bonus
            + vested_in_first_year(terms.equity_per_year, terms.vesting_cliff_months)
        )
        average = cents(base + bonus + (sign_on + equity * terms.vesting_span) / years)
        if terms.living_costs is not None:
            left = cents(base - terms.living_costs)
    return Pay(
        currency=terms.currency,
        base=base,
        hourly=effective_hourly(base, terms.hours_per_week),
        at_risk=cents(bonus + equity),
        first_year=first_year,
        average=average,
        years=years,
        living_costs=None if terms.living_costs is None else cents(terms.living_costs),
        left_after_costs=left,
    )


def convert(pay: Pay, rate: Decimal, to_currency: str) -> Pay:
    """`pay` in `to_currency` at `rate` (1 unit of pay's currency = `rate` units), marked."""

    def at_rate(amount):
        return None if amount is None else cents(amount * rate)

    return replace(
        pay,
        currency=to_currency,
        base=at_rate(pay.base),
        hourly=at_rate(pay.hourly),
        at_risk=at_rate(pay.at_risk),
        first_year=at_rate(pay.first_year),
        average=at_rate(pay.average),
        living_costs=at_rate(pay.living_costs),
        left_after_costs=at_rate(pay.left_after_costs),
        converted_from=pay.currency,
    )


# Currencies -----------------------------------------------------------------------------------

Rates = Mapping[tuple[str, str], Decimal]  # (from, to) → units of `to` for one unit of `from`


def currencies(terms: Iterable[PayTerms]) -> tuple[str | None, list[str]]:
    """The comparison's main currency and the others its offers use, alphabetically.

    The main currency is the one most offers with a salary are paid in (on a tie, the first
    one met); others are converted to it at the seeker's rate, or not at all.
    """
    terms = list(terms)
    counts: dict[str, int] = {}
    for t in [t for t in terms if t.salary is not None] or terms:
        counts[t.currency] = counts.get(t.currency, 0) + 1
    main = max(counts, key=counts.__getitem__, default=None)
    return main, sorted({t.currency for t in terms} - {main})


def rate_between(rates: Rates, source: str, target: str) -> Decimal | None:
    """Units of `target` for one `source`, from a rate given either way round."""
    if source == target:
        return Decimal(1)
    if (rate := rates.get((source, target))) is not None:
        return rate
    if (inverse := rates.get((target, source))) is not None and inverse != 0:
        return Decimal(1) / inverse
    return None


def in_currency(pay: Pay, target: str, rates: Rates) -> Pay | None:
    """`pay` in `target`: as it is, converted at the seeker's rate, or None without one."""
    if pay.currency == target:
        return pay
    rate = rate_between(rates, pay.currency, target)
    return None if rate is None else convert(pay, rate, target)


# The Pay rating a comparison's figures suggest -------------------------------------------------

# (share of the best-paid offer's average yearly total, rating suggested), highest first.
SUGGESTION_STEPS = [
    (Decimal("0.95"), 5),
    (Decimal("0.85"), 4),
    (Decimal("0.75"), 3),
    (Decimal("0.60"), 2),
    (Decimal("0"), 1),
]


def suggest_pay_rating(total: Decimal, best: Decimal) -> int:
    """A 1–5 Pay rating for `total` against the best-paid offer's `best` (both yearly).

    Within 5 % of the best is a 5, within 15 % a 4, within 25 % a 3, within 40 % a 2; further
    behind, a 1. The share is compared unrounded: 94.99 % is a 4.
    """
    if best <= 0:
        raise ValueError("the best yearly total must be positive")
    share = total / best
    return next(rating for floor, rating in SUGGESTION_STEPS if share >= floor)


@dataclass(frozen=True)
class PaySuggestion:
    """A Pay rating the figures suggest, and what it rests on (amounts in `currency`)."""

    rating: int
    total: Decimal  # this offer's average yearly total
    best: Decimal  # the best-paid offer's, this one's included
    best_name: str  # "" when this offer is the best paid
    currency: str
    years: int
    converted: tuple[str, ...]  # offers counted at the seeker's exchange rate
    left_out: tuple[str, ...]  # offers paid in a currency without a rate


def suggest_pay(
    this: PayTerms, others: Mapping[str, PayTerms], rates: Rates
) -> PaySuggestion | None:
    """The Pay rating for `this` against the other offers (by name) with a yearly figure.

    Averages are taken over the same span for all (the longest vesting), in this offer's
    currency; an offer in another currency counts only at a rate the seeker gave. None when
    this offer has no yearly figure or no other offer can be compared with it.
    """
    years = max([t.vesting_span for t in [this, *others.values()]] + [1])
    total = pay_of(this, years).average
    if total is None:
        return None
    compared: dict[str, Pay] = {}
    left_out = []
    for name, terms in others.items():
        pay = pay_of(terms, years)
        if pay.average is None:
            continue
        if (shown := in_currency(pay, this.currency, rates)) is None:
            left_out.append(name)
        else:
            compared[name] = shown
    if not compared:
        return None
    best_name, best_pay = max(compared.items(), key=lambda item: item[1].average)
    best = max(best_pay.average, total)
    if best <= 0:
        return None
    return PaySuggestion(
        rating=suggest_pay_rating(total, best),
        total=total,
        best=best,
        best_name="" if total >= best_pay.average else best_name,
        currency=this.currency,
        years=years,
        converted=tuple(name for name, pay in compared.items() if pay.converted),
        left_out=tuple(left_out),
    )
