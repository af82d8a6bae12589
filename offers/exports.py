"""CSV export of a comparison, shared by the owner's and the counsellor's pages."""

import csv
from collections.abc import Callable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from offers.models import Factor
from offers.report import ComparisonReport, DecisionView, MoneyTable, OfferView, Plan, Situation

# A byte-order mark, so that spreadsheet programs read the file as UTF-8 (Zürich, €, …).
UTF8_BOM = "\ufeff"

Column = tuple[str, Callable[[OfferView], object]]


def _csv_safe(value) -> str:
    """Stop a spreadsheet from running a text cell as a formula (numbers stay numbers)."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _rating_column(factor: Factor) -> Column:
    def score(view):
        rating = view.ratings.get(factor.pk)
        return rating.score if rating else ""

    return (f"{factor.label} (1-5)", score)


def _reasons(factors: list[Factor]) -> Callable[[OfferView], str]:
    def reasons(view):
        given = [(factor, view.ratings.get(factor.pk)) for factor in factors]
        return "; ".join(
            f"{factor.label}: {rating.reason}"
            for factor, rating in given
            if rating and rating.reason
        )

    return reasons


def _delta(view: OfferView, which: str):
    """Points ahead of (+) or behind (−) the current job, as a number a spreadsheet can sum."""
    trade = view.baseline_trade
    if trade is None:
        return ""
    return trade.life_delta if which == "life" else trade.future_delta


def _pay(money: MoneyTable | None, figure: str, converted: bool = False):
    """One yearly figure of an offer, as entered or (`converted`) in the main currency."""

    def cell(view):
        if money is None:
            return ""
        pay, shown = money.pay[view.offer.pk]
        source = shown if converted else pay
        if source is None or (converted and not source.converted):
            return ""
        value = getattr(source, figure)
        return "" if value is None else value

    return cell


def _pay_columns(money: MoneyTable | None) -> list[Column]:
    figures = [
        ("Yearly base", "base"),
        ("Effective hourly rate", "hourly"),
        ("Pay at risk per year", "at_risk"),
        ("First-year total", "first_year"),
        (f"Average yearly total over {money.years if money else 1} years", "average"),
        ("Left after living costs", "left_after_costs"),
    ]
    converted = []
    if money is not None and money.rates:
        converted = [
            (f"Average yearly total in {money.currency} (converted)", _pay(money, "average", True)),
            ("Exchange rates used", lambda v: "; ".join(money.rates)),
        ]
    return [*[(label, _pay(money, figure)) for label, figure in figures], *converted]


def _decision_columns(decision: DecisionView | None) -> list[Column]:
    """The decision on each row: "chosen" (or "chosen: stay") on the chosen offer's, "not
    chosen" on the others, "none of these" on all of them when that was the decision; the
    date and the reason beside it."""

    def mark(view):
        if decision is None:
            return ""
        if decision.chosen is None:
            return "none of these"
        if view.offer.pk != decision.chosen.offer.pk:
            return "not chosen"
        return "chosen: stay" if view.is_current_job else "chosen"

    def names_it(view):
        return decision is not None and (decision.chosen is None or view.chosen)

    return [
        ("Decision", mark),
        ("Decided on", lambda v: decision.decided_on if names_it(v) else ""),
        ("Decision reason", lambda v: decision.reason if names_it(v) else ""),
    ]


def _local_day(moment) -> str:
    return timezone.localtime(moment).date().isoformat()


def _plan_cell(plan: Plan | None) -> Callable[[OfferView], str]:
    """The plan on its offer's row: "[done 2026-12-03] Skill growth, Habit: …; [to do] …"."""

    def cell(view):
        if plan is None or plan.subject is None or view.offer.pk != plan.subject.offer.pk:
            return ""
        return "; ".join(
            f"[{'done ' + _local_day(item.done_at) if item.done else 'to do'}] "
            f"{factor.label}, {item.label}: {item.text}"
            for section in plan.sections
            for factor in section.factors
            for item in factor.items
        )

    return cell


def columns(
    factors: list[Factor],
    importance: str,
    situation: Situation | None = None,
    money: MoneyTable | None = None,
    decision: DecisionView | None = None,
    plan: Plan | None = None,
) -> list[Column]:
    """Each column's heading and how to read its cell from an offer's view.

    An offer without a verdict has no rank, as on the page. `importance` is the comparison's
    personal importance in words and `situation` the seeker's answers to "What do you need
    right now?" (empty before they answered), the same on every row; the money, the decision
    and the plan are the report's.
    """
    return [
        ("Rank", lambda v: v.rank or ""),
        ("Role", lambda v: v.offer.title),
        ("Employer", lambda v: v.offer.employer),
        ("Current job", lambda v: "yes" if v.is_current_job else ""),
        ("Status", lambda v: "" if v.is_current_job else v.offer.get_status_display()),
        ("Location", lambda v: v.offer.location),
        ("Salary", lambda v: v.offer.salary),
        ("Currency", lambda v: v.offer.currency),
        (
            "Pay period",
            lambda v: v.offer.get_pay_period_display() if v.offer.salary is not None else "",
        ),
        ("Hours per week", lambda v: v.offer.hours_per_week),
        ("Sign-on bonus", lambda v: v.offer.sign_on_bonus),
        ("Yearly bonus (target)", lambda v: v.offer.yearly_bonus),
        ("Equity per year", lambda v: v.offer.equity_per_year),
        ("Vesting years", lambda v: v.offer.vesting_years),
        ("Cliff months", lambda v: v.offer.vesting_cliff_months),
        ("Living costs per year", lambda v: v.offer.living_costs),
        *_pay_columns(money),
        ("Work mode", lambda v: v.offer.get_work_mode_display()),
        ("Start date", lambda v: v.offer.start_date),
        ("Decision deadline", lambda v: v.offer.decision_deadline),
        ("Link", lambda v: v.offer.url),
        *[_rating_column(factor) for factor in factors],
        ("Life fit", lambda v: v.result.life.score),
        ("Future value", lambda v: v.result.future.score),
        ("Verdict", lambda v: v.result.verdict.label),
        ("Fully rated", lambda v: "yes" if v.result.fully_rated else "no"),
        ("Fragile", lambda v: "yes" if v.fragile else ""),
        ("Life fit vs current job", lambda v: _delta(v, "life")),
        ("Future value vs current job", lambda v: _delta(v, "future")),
        ("Personal importance", lambda v: importance),
        ("Situation", lambda v: situation.text if situation else ""),
        ("Suggested priority", lambda v: situation.suggested_label if situation else ""),
        ("Why suggested", lambda v: situation.reason if situation else ""),
        ("Rating reasons", _reasons(factors)),
        ("Notes", lambda v: v.offer.notes),
        *_decision_columns(decision),
        ("Plan", _plan_cell(plan)),
    ]


def comparison_csv_response(report: ComparisonReport, whose: str = "") -> HttpResponse:
    """The comparison as a CSV download; `whose` (a client's name) goes into the file name."""
    comparison = report.comparison
    parts = ["careerfit", slugify(whose), slugify(comparison.title) or str(comparison.pk)]
    filename = "-".join(part for part in parts if part) + ".csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(UTF8_BOM)
    importance = "; ".join(f"{c.factor}: {c.level.lower()}" for c in report.importances)
    table = columns(
        report.factors,
        importance or "as usual",
        report.situation,
        report.money,
        report.decision,
        report.plan,
    )
    writer = csv.writer(response)
    writer.writerow([heading for heading, _ in table])
    for view in report.ranked:
        writer.writerow([_csv_safe(cell(view)) for _, cell in table])
    return response
