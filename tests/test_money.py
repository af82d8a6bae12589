"""Comparable pay: the yearly figures, currencies and the Pay suggestion, as pure functions."""

from decimal import Decimal as D

import pytest

from offers import money
from offers.money import PayTerms


@pytest.mark.parametrize(
    ("salary", "period", "hours", "annual"),
    [
        (D("24"), "hour", D("40"), D("49920.00")),  # 24 × 40 × 52
        (D("24.50"), "hour", D("37.5"), D("47775.00")),
        (D("15.333"), "hour", D("38"), D("30298.01")),  # 30298.008 rounds half up to the cent
        (D("0.005"), "hour", D("1"), D("0.26")),
        (D("5400"), "month", None, D("64800.00")),  # hours are not needed
        (D("3333.335"), "month", D("40"), D("40000.02")),
        (D("52000"), "year", None, D("52000.00")),
        (D("52000.005"), "year", None, D("52000.01")),
        (None, "year", D("40"), None),  # no salary, nothing to annualise
        (D("24"), "hour", None, None),  # hourly without hours gives no yearly figure
        (D("24"), "hour", D("0"), None),
    ],
)
def test_annual_base(salary, period, hours, annual):
    assert money.annual_base(salary, period, hours) == annual


def test_an_unknown_pay_period_is_a_programming_error():
    with pytest.raises(ValueError, match="fortnight"):
        money.annual_base(D("1"), "fortnight", D("40"))


@pytest.mark.parametrize(
    ("annual", "hours", "hourly"),
    [
        (D("49920"), D("40"), D("24.00")),
        (D("64800"), D("40"), D("31.15")),  # 31.1538…
        (D("52000"), D("37.5"), D("26.67")),  # 26.6666…
        (D("10"), D("3"), D("0.06")),  # 0.0641…
        (D("52000"), None, None),
        (D("52000"), D("0"), None),
        (None, D("40"), None),
    ],
)
def test_effective_hourly_rate(annual, hours, hourly):
    assert money.effective_hourly(annual, hours) == hourly


@pytest.mark.parametrize(
    ("equity", "cliff", "vested"),
    [
        (D("10000"), None, D("10000")),
        (D("10000"), 0, D("10000")),
        (D("10000"), 12, D("10000")),  # a one-year cliff vests the first year's at its end
        (D("10000"), 13, D("0")),  # later than the first year: nothing in it
        (None, 6, D("0")),
        (D("0"), 0, D("0")),
    ],
)
def test_equity_vested_in_the_first_year(equity, cliff, vested):
    assert money.vested_in_first_year(equity, cliff) == vested


def terms(**given):
    return PayTerms(**{"currency": "EUR", **given})


@pytest.mark.parametrize(
    ("given", "years", "expected"),
    [
        # Base only: every total is the base.
        (
            {"salary": D("60000")},
            1,
            {"base": D("60000.00"), "at_risk": D("0.00"), "first_year": D("60000.00"),
             "average": D("60000.00"), "years": 1},
        ),
        # Sign-on in the first year only; averaged over the comparison's span.
        (
            {"salary": D("60000"), "sign_on_bonus": D("8000")},
            4,
            {"first_year": D("68000.00"), "average": D("62000.00"), "at_risk": D("0.00"),
             "years": 4},
        ),
        # Bonus every year, at risk.
        (
            {"salary": D("5000"), "pay_period": "month", "yearly_bonus": D("6000")},
            1,
            {"base": D("60000.00"), "at_risk": D("6000.00"), "first_year": D("66000.00"),
             "average": D("66000.00")},
        ),
        # Equity over 4 years with a 12-month cliff: a full year's worth in year one.
        (
            {"salary": D("80000"), "equity_per_year": D("10000"), "vesting_years": 4,
             "vesting_cliff_months": 12, "sign_on_bonus": D("4000")},
            1,
            {"at_risk": D("10000.00"), "first_year": D("94000.00"), "average": D("91000.00"),
             "years": 4},
        ),
        # An 18-month cliff: nothing vests in the first year; the average is the same.
        (
            {"salary": D("80000"), "equity_per_year": D("10000"), "vesting_years": 4,
             "vesting_cliff_months": 18},
            4,
            {"first_year": D("80000.00"), "average": D("90000.00")},
        ),
        # Equity vesting over 2 years, compared over 4: it counts for the 2 years it vests.
        (
            {"salary": D("80000"), "equity_per_year": D("10000"), "vesting_years": 2},
            4,
            {"average": D("85000.00"), "years": 4},
        ),
        # Averages round to the cent once: 60000 + 1000 / 3.
        (
            {"salary": D("60000"), "sign_on_bonus": D("1000")},
            3,
            {"average": D("60333.33")},
        ),
        # Living costs: what is left of the guaranteed pay, which may be negative.
        (
            {"salary": D("2500"), "pay_period": "month", "living_costs": D("33000"),
             "yearly_bonus": D("5000")},
            1,
            {"left_after_costs": D("-3000.00"), "living_costs": D("33000.00")},
        ),
        # Hourly pay with its hours: the effective hourly rate is the rate itself.
        (
            {"salary": D("24.50"), "pay_period": "hour", "hours_per_week": D("37.5")},
            1,
            {"base": D("47775.00"), "hourly": D("24.50")},
        ),
        # No salary: the extras alone make no totals.
        (
            {"yearly_bonus": D("5000"), "living_costs": D("20000")},
            1,
            {"base": None, "first_year": None, "average": None, "left_after_costs": None,
             "at_risk": D("5000.00")},
        ),
    ],
)  # fmt: skip
def test_pay_of(given, years, expected):
    pay = money.pay_of(terms(**given), years)
    assert {name: getattr(pay, name) for name in expected} == expected


def test_conversion_marks_the_figures_and_rounds_each_to_the_cent():
    pay = money.pay_of(terms(currency="USD", salary=D("58000"), yearly_bonus=D("1000.50")))
    converted = money.convert(pay, D("0.9215"), "EUR")
    assert converted.currency == "EUR" and converted.converted_from == "USD"
    assert converted.converted and not pay.converted
    assert converted.base == D("53447.00")
    assert converted.at_risk == D("921.96")  # 921.960…
    assert converted.average == D("54368.96")  # 59000.50 × 0.9215 = 54368.96075


@pytest.mark.parametrize(
    ("rates", "source", "target", "expected"),
    [
        ({}, "EUR", "EUR", D("1")),
        ({("USD", "EUR"): D("0.9")}, "USD", "EUR", D("0.9")),
        ({("EUR", "USD"): D("1.25")}, "USD", "EUR", D("0.8")),  # given the other way round
        ({("USD", "EUR"): D("0.9")}, "GBP", "EUR", None),
        ({("USD", "GBP"): D("0.8")}, "USD", "EUR", None),  # no chaining through a third
    ],
)
def test_rate_between(rates, source, target, expected):
    assert money.rate_between(rates, source, target) == expected


def test_in_currency_converts_only_with_a_rate():
    pay = money.pay_of(terms(currency="USD", salary=D("50000")))
    assert money.in_currency(pay, "USD", {}) is pay
    assert money.in_currency(pay, "EUR", {}) is None
    assert money.in_currency(pay, "EUR", {("USD", "EUR"): D("0.5")}).base == D("25000.00")


@pytest.mark.parametrize(
    ("offers", "main", "others"),
    [
        ([], None, []),
        ([("EUR", 1)], "EUR", []),
        ([("EUR", 1), ("USD", 1), ("USD", 1)], "USD", ["EUR"]),
        ([("GBP", 1), ("EUR", 1)], "GBP", ["EUR"]),  # a tie: the first one met
        # Offers without a salary do not decide the main currency, but are listed.
        ([("CHF", None), ("CHF", None), ("EUR", 1)], "EUR", ["CHF"]),
        ([("CHF", None), ("EUR", None)], "CHF", ["EUR"]),  # no salary anywhere: all count
    ],
)
def test_main_currency(offers, main, others):
    given = [terms(currency=c, salary=None if s is None else D(s)) for c, s in offers]
    assert money.currencies(given) == (main, others)


@pytest.mark.parametrize(
    ("total", "best", "rating"),
    [
        (D("100"), D("100"), 5),
        (D("95"), D("100"), 5),
        (D("94.99"), D("100"), 4),  # the share is not rounded up into the next step
        (D("85"), D("100"), 4),
        (D("84.99"), D("100"), 3),
        (D("75"), D("100"), 3),
        (D("74.99"), D("100"), 2),
        (D("60"), D("100"), 2),
        (D("59.99"), D("100"), 1),
        (D("0"), D("100"), 1),
    ],
)
def test_suggested_pay_rating_steps(total, best, rating):
    assert money.suggest_pay_rating(total, best) == rating


def test_a_suggestion_needs_a_positive_best():
    with pytest.raises(ValueError):
        money.suggest_pay_rating(D("0"), D("0"))


def test_suggest_pay_weighs_the_offer_against_the_best_paid_other():
    others = {
        "Lead (Acme)": terms(salary=D("65000")),
        "Junior (Beta)": terms(salary=D("40000")),
        "No pay yet (Gamma)": terms(),
    }
    found = money.suggest_pay(terms(salary=D("58000")), others, {})
    assert (found.rating, found.total, found.best, found.best_name) == (
        4, D("58000.00"), D("65000.00"), "Lead (Acme)"
    )  # fmt: skip
    best = money.suggest_pay(terms(salary=D("70000")), others, {})
    assert (best.rating, best.best, best.best_name) == (5, D("70000.00"), "")


def test_suggest_pay_compares_averages_over_one_span():
    """A sign-on bonus does not outweigh equity that pays every year of the vesting."""
    equity = terms(salary=D("60000"), equity_per_year=D("10000"), vesting_years=4)
    sign_on = terms(salary=D("60000"), sign_on_bonus=D("20000"))
    found = money.suggest_pay(sign_on, {"Equity (Acme)": equity}, {})
    # 60000 + 20000 / 4 = 65000 against 70000: 92.8 %, a 4.
    assert (found.total, found.best, found.years, found.rating) == (
        D("65000.00"), D("70000.00"), 4, 4
    )  # fmt: skip


def test_suggest_pay_never_mixes_currencies_without_a_rate():
    others = {"US job (Acme)": terms(currency="USD", salary=D("200000"))}
    assert money.suggest_pay(terms(salary=D("50000")), others, {}) is None
    others["Here (Beta)"] = terms(salary=D("55000"))
    found = money.suggest_pay(terms(salary=D("50000")), others, {})
    assert (found.rating, found.left_out, found.converted) == (4, ("US job (Acme)",), ())
    rated = money.suggest_pay(terms(salary=D("50000")), others, {("USD", "EUR"): D("0.5")})
    # 200000 USD at 0.5 is 100000 EUR: 50 % of the best.
    assert (rated.rating, rated.best_name, rated.converted, rated.left_out) == (
        1, "US job (Acme)", ("US job (Acme)",), ()
    )  # fmt: skip


@pytest.mark.parametrize(
    "this",
    [
        terms(),  # no salary
        terms(salary=D("24"), pay_period="hour"),  # hourly without hours
    ],
)
def test_no_suggestion_without_a_yearly_figure(this):
    assert money.suggest_pay(this, {"Other (Acme)": terms(salary=D("50000"))}, {}) is None


def test_no_suggestion_when_nothing_is_paid():
    assert money.suggest_pay(terms(salary=D("0")), {"Other": terms(salary=D("0"))}, {}) is None
