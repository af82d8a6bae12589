"""What the comparison page shows, decided once.

Pure: it takes what `selectors.comparison_data` fetched and returns plain dataclasses whose
fields are ready to print (names, formatted facts, sentences, badges). No queries, no request;
templates only show these fields and never compare values or rebuild names. The CSV export,
the counsellor's read-only page and the printable report are built from the same report.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from django.template.defaultfilters import date as format_date
from django.template.defaultfilters import floatformat
from django.utils import timezone

from offers import chart, guidance, money, scoring
from offers.models import Comparison, Factor, Offer, PlanAdvice, PriorityCheck, Rating
from offers.selectors import ComparisonData, offer_ratings

MINUS = "−"


def signed(value: int | float) -> str:
    return f"+{value}" if value > 0 else (f"{MINUS}{-value}" if value < 0 else "±0")


def points(value: Fraction | int) -> str:
    """A distance in score points, as people say it; halves round up, as scores do."""
    whole = math.floor(abs(Fraction(value)) + Fraction(1, 2))
    if whole == 0:
        return "less than a point" if value else "no points"
    return f"{whole} point" if whole == 1 else f"{whole} points"


def _list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


# Facts ----------------------------------------------------------------------------------------


def salary_text(offer: Offer) -> str:
    if offer.salary is None:
        return ""
    return f"{floatformat(offer.salary, '-2g')} {offer.currency} {offer.get_pay_period_display()}"


def _deadline(offer: Offer) -> str:
    if offer.decision_deadline is None:
        return ""
    day = format_date(offer.decision_deadline, "j M Y")
    return f"{day} (passed)" if offer.deadline_passed else day


OFFER_FACTS = [
    ("Salary", salary_text),
    (
        "Hours a week",
        lambda o: "" if o.hours_per_week is None else floatformat(o.hours_per_week, -1),
    ),
    ("Work mode", lambda o: o.get_work_mode_display() if o.work_mode else ""),
    ("Workplace", lambda o: o.location),
    ("Starts", lambda o: format_date(o.start_date, "j M Y") if o.start_date else ""),
    ("Answer by", _deadline),
    ("Status", lambda o: "" if o.is_current_job else o.get_status_display()),
]


@dataclass(frozen=True)
class FactRow:
    """One of the offers' facts (salary, hours, …) across the table's columns, as text."""

    label: str
    cells: list[str]


# Pay ------------------------------------------------------------------------------------------


def amount(value: Decimal, currency: str, places: int = 0) -> str:
    """52000 → "52,000 EUR"; a negative amount with a true minus sign."""
    text = floatformat(abs(value), f"{places}g")
    return f"{MINUS if value < 0 else ''}{text} {currency}"


def rate_text(rate: Decimal) -> str:
    """0.92000000 → "0.92"; a rate worked out the other way round, to six decimals."""
    return f"{rate.quantize(Decimal('1e-6')).normalize():f}"


@dataclass(frozen=True)
class MoneyCell:
    """One offer's figure: as entered, and in the comparison's main currency when converted."""

    text: str
    converted: str = ""  # "≈ 53,360 EUR", at the seeker's own rate
    detail: str = ""  # what makes it up, e.g. "bonus 5,000 + equity 10,000"


@dataclass(frozen=True)
class MoneyRow:
    label: str
    cells: list[MoneyCell | None]
    explanation: str = ""


@dataclass(frozen=True)
class MoneyTable:
    """The offers' pay as yearly figures, side by side, and what the currencies allow."""

    rows: list[MoneyRow]
    currency: str  # the one most offers are paid in; others convert to it at a given rate
    unconverted: list[str]  # other currencies the seeker gave no rate for
    rates: list[str]  # "1 USD = 0.92 EUR", each rate in use
    years: int  # the span averages are taken over
    # By offer id: its figures as entered, and in `currency` (converted, or None without a rate).
    pay: dict[int, tuple[money.Pay, money.Pay | None]]

    @property
    def mixed(self) -> bool:
        return bool(self.unconverted or self.rates)


def _money_cell(pay: money.Pay, shown: money.Pay | None, figure: str, places=0, detail=""):
    value = getattr(pay, figure)
    if value is None or (figure == "at_risk" and not value):
        return None
    converted = ""
    if shown is not None and shown.converted and getattr(shown, figure) is not None:
        converted = f"≈ {amount(getattr(shown, figure), shown.currency, places)}"
    return MoneyCell(amount(value, pay.currency, places), converted, detail)


def _at_risk_detail(offer: Offer) -> str:
    parts = []
    if offer.yearly_bonus:
        parts.append(f"bonus {floatformat(offer.yearly_bonus, '0g')}")
    if offer.equity_per_year:
        cliff = offer.vesting_cliff_months
        vesting = f"{offer.vesting_years} years" + (f", {cliff}-month cliff" if cliff else "")
        parts.append(f"equity {floatformat(offer.equity_per_year, '0g')} ({vesting})")
    return " + ".join(parts)


def money_table(offers: list[Offer], rates: money.Rates) -> MoneyTable | None:
    """The pay rows for `offers` (in the table's order); None when no offer names any pay."""
    terms = [money.PayTerms.of(offer) for offer in offers]
    if not any(t.salary is not None or t.living_costs is not None for t in terms):
        return None
    years = max([t.vesting_span for t in terms] + [1])
    pays = [money.pay_of(t, years) for t in terms]
    main, others = money.currencies(terms)
    shown = [money.in_currency(pay, main, rates) for pay in pays]
    in_use = {o: money.rate_between(rates, o, main) for o in others}

    def row(label, figure, explanation="", places=0, detail=lambda offer: ""):
        cells = [
            _money_cell(pay, conv, figure, places, detail(offer))
            for offer, pay, conv in zip(offers, pays, shown, strict=True)
        ]
        return MoneyRow(label, cells, explanation) if any(cells) else None

    has = {
        name: any(getattr(t, name) for t in terms) for name in money.PayTerms.__dataclass_fields__
    }
    rows = [
        row("Yearly base (guaranteed)", "base", "Hourly pay × hours a week × 52; monthly × 12."),
        row("Effective hourly rate", "hourly", "The yearly base ÷ (hours a week × 52).", 2),
    ]
    if has["yearly_bonus"] or has["equity_per_year"]:
        rows.append(
            row(
                "Pay at risk a year",
                "at_risk",
                "Target bonus and a year’s equity: not guaranteed.",
                detail=_at_risk_detail,
            )
        )
    if has["sign_on_bonus"] or has["yearly_bonus"] or has["equity_per_year"]:
        rows.append(
            row(
                "First-year total",
                "first_year",
                "Base, sign-on bonus, bonus and the equity that vests in the first year.",
            )
        )
    if years > 1:
        rows.append(
            row(
                f"Average yearly total over {years} years",
                "average",
                "Base and bonus each "
                f"year; the sign-on bonus and the equity spread over {years} years, the longest "
                "vesting here.",
            )
        )
    if has["living_costs"]:
        rows.append(row("Living costs a year", "living_costs", "Your own estimate."))
        rows.append(
            row("Left after living costs", "left_after_costs", "Guaranteed pay minus living costs.")
        )
    return MoneyTable(
        rows=[r for r in rows if r is not None],
        currency=main,
        unconverted=[o for o, rate in in_use.items() if rate is None],
        rates=[f"1 {o} = {rate_text(rate)} {main}" for o, rate in in_use.items() if rate],
        years=years,
        pay={offer.pk: (pay, conv) for offer, pay, conv in zip(offers, pays, shown, strict=True)},
    )


@dataclass(frozen=True)
class PaySuggestionView:
    rating: int
    rating_text: str  # "4 · Good"
    why: str
    caveats: list[str]
    yours: str  # how it stands against the rating on the form; "" when none is chosen
    matches: bool  # the rating on the form is the one suggested


def pay_suggestion_view(s: money.PaySuggestion, current: int | None) -> PaySuggestionView:
    """The suggestion in words, for the offer form; `current` is the Pay rating chosen there."""
    what = "average yearly total" if s.years == 1 else f"average yearly total over {s.years} years"
    if s.best_name:
        share = math.floor(s.total / s.best * 100)  # never shown as 95 % while it is a 4
        why = (
            f"Its {what}, {amount(s.total, s.currency)}, is {share} % of the best-paid offer "
            f"here: {s.best_name}, {amount(s.best, s.currency)}."
        )
    else:
        why = f"It pays the most of the offers here: {amount(s.total, s.currency)}, its {what}."
    caveats = []
    if s.converted:
        caveats.append(f"Counted at your own exchange rate: {_list(list(s.converted))}.")
    if s.left_out:
        caveats.append(
            f"Not counted, as they are paid in another currency and no rate is given: "
            f"{_list(list(s.left_out))}."
        )
    yours = ""
    if current == s.rating:
        yours = "Your rating is the same."
    elif current is not None:
        yours = (
            f"You chose {current} · {scoring.RATING_MEANINGS[current]}; keep it if you know "
            "more than the figures show."
        )
    return PaySuggestionView(
        rating=s.rating,
        rating_text=f"{s.rating} · {scoring.RATING_MEANINGS[s.rating]}",
        why=why,
        caveats=caveats,
        yours=yours,
        matches=current == s.rating,
    )


# Flips ----------------------------------------------------------------------------------------


def _dimension_name(key: str) -> str:
    return scoring.DIMENSION_LABELS[key].lower()


def _steps(flip: scoring.Flip, way: str) -> str:
    count = "One step" if flip.steps == 1 else f"{flip.steps} steps"
    return f"{count} {way} on {flip.factor_label} ({flip.old} → {flip.new})"


def flip_up_text(flip: scoring.Flip) -> str:
    return (
        f"{_steps(flip, 'higher')} would make it strong on {_dimension_name(flip.dimension)}: "
        f"{flip.verdict.label}."
    )


def flip_down_text(flip: scoring.Flip) -> str:
    return (
        f"{_steps(flip, 'lower')} and it stops being strong on "
        f"{_dimension_name(flip.dimension)}: {flip.verdict.label}."
    )


NO_FLIP = "No single rating change flips this verdict."


# Offers ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    score: int
    meaning: str
    reason: str


@dataclass(frozen=True)
class OfferView:
    offer: Offer
    name: str
    anchor: str
    rank: int | None  # None: Incomplete offers get no place
    result: scoring.OfferScore
    fragile: bool
    flip_up: str
    flip_down: str
    flip_none: str
    baseline_trade: scoring.TradeOff | None  # against the current job, in shown points
    baseline_delta: str  # the same in words; "" when there is none to show
    ratings: dict[int, Rating]  # by factor id
    ignored: tuple[str, ...]  # factors it is rated on that count for nothing to this seeker
    chosen: bool = False  # the decision recorded on the comparison names it

    @property
    def verdict(self) -> scoring.Verdict:
        return self.result.verdict

    @property
    def partly_rated(self) -> bool:
        return self.result.partly_rated

    @property
    def is_current_job(self) -> bool:
        return self.offer.is_current_job

    @property
    def unrated(self) -> tuple[str, ...]:
        return self.result.life.unrated + self.result.future.unrated

    @property
    def flips(self) -> list[str]:
        """What would change the verdict: what breaks it first, then what lifts it."""
        return [text for text in (self.flip_down, self.flip_up, self.flip_none) if text]


def _offer_view(
    offer: Offer,
    rank: int | None,
    result: scoring.OfferScore,
    flips: scoring.FlipAnalysis,
    baseline: scoring.OfferScore | None,
    not_counted: dict[int, str],
    chosen: bool = False,
) -> OfferView:
    delta, trade = "", None
    if baseline is not None and not offer.is_current_job:
        trade = scoring.trade_off(result, baseline)
        if trade is not None:
            delta = (
                f"{signed(trade.life_delta)} life fit, {signed(trade.future_delta)} future value"
            )
    judged = result.verdict is not scoring.Verdict.INCOMPLETE
    return OfferView(
        offer=offer,
        name=offer.display_name,
        anchor=f"offer-{offer.pk}",
        rank=rank,
        result=result,
        fragile=flips.fragile,
        flip_up=flip_up_text(flips.up) if flips.up else "",
        flip_down=flip_down_text(flips.down) if flips.down else "",
        flip_none=NO_FLIP if judged and not (flips.up or flips.down) else "",
        baseline_trade=trade,
        baseline_delta=delta,
        ratings=(ratings := {r.factor_id: r for r in offer.ratings.all()}),
        ignored=tuple(label for pk, label in not_counted.items() if pk in ratings),
        chosen=chosen,
    )


# The decision panel ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    css: str
    text: str
    explanation: str


@dataclass(frozen=True)
class Panel:
    """The top of the page: the best offer, how sure that is, and what would change it."""

    priority_label: str
    best: OfferView | None
    runner_up: OfferView | None
    staying_is_best: bool
    no_best_reason: str  # why no offer is named best ("" when one is)
    margin: str
    badges: list[Badge]
    trade_off: str
    flips: list[str]
    close_call: str
    to_rate: list[str]
    weak_warning: bool
    baseline_note: str
    single: bool  # the comparison holds one offer: nothing to weigh it against


def _margin_text(decision: scoring.Decision, best: OfferView, runner: OfferView) -> str:
    """How far the best offer leads the runner-up, and why it is first when it does not."""
    margin = decision.margin
    share = round(decision.priority.life_share * 100)
    blend = f"the {share} / {100 - share} blend of the two scores"
    ahead = f"{points(margin).capitalize()} ahead of {runner.name} on {blend}."
    if runner.partly_rated:
        if margin > 0:
            return f"{ahead} {runner.name} is still missing ratings."
        return (
            f"First because {runner.name} is still missing ratings; on the ratings it has, it is "
            f"{points(-margin)} ahead on {blend}."
            if margin < 0
            else f"Level with {runner.name} on {blend}; {runner.name} is still missing ratings."
        )
    priority = decision.priority
    by_verdict = scoring.verdict_group(best.verdict, priority) < scoring.verdict_group(
        runner.verdict, priority
    )
    if margin > 0:
        return ahead
    if by_verdict:
        behind = (
            f"though {runner.name} is {points(-margin)} ahead on {blend}"
            if margin < 0
            else f"level with {runner.name} on {blend}"
        )
        return (
            f"First for its verdict: {best.verdict.label} ranks before {runner.verdict.label} "
            f"for this priority, {behind}."
        )
    return f"Level with {runner.name} on {blend}; it is listed first because it was added first."


def _close_call_text(decision: scoring.Decision, views: dict[int, OfferView]) -> str:
    if not decision.close_call:
        return ""
    reasons = []
    if decision.narrow_margin:
        gap = abs(decision.margin)
        reasons.append(
            "the top two are level" if gap == 0 else f"the top two are {points(gap)} apart"
        )
    if decision.best_is_fragile:
        reasons.append("the best offer’s verdict is one rating step from changing")
    if decision.priorities_disagree:
        others = [
            f"with {p.label} as the priority, {views[key].name} would be best"
            for p, key in decision.best_by_priority.items()
            if key != decision.best and key is not None
        ]
        reasons.append(_list(others) if others else "another priority names no best offer")
    text = f"{_list(reasons)}."
    text = text[0].upper() + text[1:]
    sep = decision.separation
    if sep is not None:
        first, second = views[decision.best], views[decision.runner_up]
        favoured = first if sep.points > 0 else second
        text += (
            f" {sep.factor_label} separates the top two most, in favour of {favoured.name}: "
            f"{sep.first_rating} for {first.name}, {sep.second_rating} for {second.name}."
        )
    return text


def _to_rate(view: OfferView, for_owner: bool) -> str:
    missing = _list(list(view.unrated))
    if for_owner:
        return f"Rate {missing} for {view.name} to count it."
    return f"{view.name} is not rated on {missing} yet, so it cannot be named the best."


def _panel(
    comparison: Comparison,
    decision: scoring.Decision,
    views: dict[int, OfferView],
    baseline: OfferView | None,
    for_owner: bool,
) -> Panel:
    best = views[decision.best] if decision.best is not None else None
    runner = views[decision.runner_up] if decision.runner_up is not None else None
    judged = [v for v in views.values() if v.rank is not None]
    partly = sorted((v for v in judged if v.partly_rated), key=lambda v: v.rank)
    badges = []
    if decision.close_call:
        badges.append(
            Badge("close-call", "Close call", "A small change in the ratings could change it.")
        )
    if best is not None and best.fragile:
        badges.append(
            Badge("fragile", "Fragile verdict", "One rating step would change its verdict.")
        )
    if partly:
        count = "1 other offer" if len(partly) == 1 else f"{len(partly)} other offers"
        badges.append(
            Badge(
                "partly-rated",
                f"{count} partly rated",
                "Missing ratings keep them out of first place for now.",
            )
        )

    no_best = ""
    if views and not judged:
        no_best = (
            "No offer can be ranked yet: "
            + ("it needs" if len(views) == 1 else "each needs")
            + " at least one rated factor for life fit and one for future value."
            + (" Edit an offer to add its ratings." if for_owner else "")
        )
    elif judged and best is None:
        no_best = (
            "No offer can be named the best yet: every offer with a verdict is missing "
            "some ratings."
        )

    trade = ""
    if best is not None and runner is not None:
        trade = scoring.describe_trade_off(
            best.name, runner.name, scoring.trade_off(best.result, runner.result)
        )
    baseline_note = ""
    if baseline is not None and baseline.rank is None and len(views) > 1:
        baseline_note = (
            f"Rate {baseline.name}, your current job, on both dimensions to see each offer "
            "against it."
        )
    elif baseline is not None and baseline.partly_rated and len(views) > 1:
        baseline_note = (
            f"{baseline.name}, your current job, is missing ratings on "
            f"{_list(list(baseline.unrated))}: the differences from it may still move."
        )
    return Panel(
        priority_label=comparison.get_priority_display(),
        best=best,
        runner_up=runner,
        staying_is_best=best is not None and best.is_current_job,
        no_best_reason=no_best,
        margin=_margin_text(decision, best, runner) if best and runner else "",
        badges=badges,
        trade_off=trade,
        flips=best.flips if best else [],
        close_call=_close_call_text(decision, views),
        to_rate=[_to_rate(v, for_owner) for v in partly],
        weak_warning=bool(judged) and all(v.verdict is scoring.Verdict.WEAK for v in judged),
        baseline_note=baseline_note,
        single=len(views) == 1,
    )


# The decision recorded ------------------------------------------------------------------------


def day(value: date | datetime) -> str:
    """A day as every page writes it: 3 Dec 2026 (a moment in the local time zone)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return format_date(value, "j M Y")


@dataclass(frozen=True)
class DecisionView:
    """The decision the seeker recorded: "You decided on 3 Dec 2026: Analyst (Acme)."."""

    decided_on: date
    lead: str  # the sentence up to the offer's name, or the whole of it for "none of these"
    chosen: OfferView | None  # None: none of these
    reason: str
    text: str  # the whole sentence, in plain text


def _decision(
    comparison: Comparison, views: dict[int, OfferView], for_owner: bool
) -> DecisionView | None:
    if not comparison.has_decision:
        return None
    who = "You decided" if for_owner else "Your client decided"
    when = f"{who} on {day(comparison.decided_on)}"
    chosen = views.get(comparison.decided_offer_id)
    if chosen is None:
        lead = f"{when}: none of these offers."
        text = lead
    else:
        whose = "your" if for_owner else "their"
        lead = f"{when} to stay in {whose} current job," if chosen.is_current_job else f"{when}:"
        text = f"{lead} {chosen.name}."
    return DecisionView(
        decided_on=comparison.decided_on,
        lead=lead,
        chosen=chosen,
        reason=comparison.decision_reason,
        text=text,
    )


# The plan -------------------------------------------------------------------------------------

PLAN_FACTORS = 3  # at most this many weak factors per dimension


def weakest_factors(
    score: scoring.DimensionScore,
    order: Mapping[str, int],
    with_texts: Container[str],
    limit: int = PLAN_FACTORS,
) -> list[scoring.Contribution]:
    """The factors a plan covers for a dimension that is not strong.

    The rated factors that count and sit below the strong level (their own 0–100 value under
    the threshold: a 3 or less at 70), lowest rating first, ties in factor order; only those
    that have plan texts, at most `limit`. None for a strong or unscored dimension.
    """
    if score.strong or not score.scored:
        return []
    below = [c for c in score.holding_back if c.key in with_texts]
    below.sort(key=lambda c: (c.rating, order[c.key]))
    return below[:limit]


@dataclass(frozen=True)
class PlanItem:
    advice_id: int
    kind: str  # habit / question / negotiate
    label: str  # "Habit", "Ask before signing", "Negotiate"
    text: str
    done_at: datetime | None
    done_text: str  # "Done on 3 Dec 2026", or ""

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class PlanFactor:
    label: str
    rating: str  # "2 · Weak"
    items: list[PlanItem]


@dataclass(frozen=True)
class PlanSection:
    dimension: str
    heading: str
    intro: str
    factors: list[PlanFactor]


@dataclass(frozen=True)
class Plan:
    """A short plan for the offer chosen (or the best one) where it is not strong."""

    subject: OfferView | None
    intro: str
    sections: list[PlanSection]
    note: str  # one line when there is nothing to plan

    @property
    def items(self) -> list[PlanItem]:
        return [i for s in self.sections for f in s.factors for i in f.items]

    @property
    def progress(self) -> str:
        items = self.items
        done = sum(i.done for i in items)
        return f"{done} of {len(items)} done" if items else ""


def _item_label(kind: str, subject: OfferView) -> str:
    if kind == PlanAdvice.Kind.QUESTION:
        return "Ask your manager" if subject.is_current_job else "Ask before signing"
    return "Habit" if kind == PlanAdvice.Kind.HABIT else "Negotiate"


_SECTION_TEXT = {
    scoring.FUTURE_VALUE: (
        "Build the future value it lacks",
        "For its weakest factors: a habit to keep once in the job, and questions to ask the "
        "employer before signing.",
        "For its weakest factors: a habit to keep, and questions to raise with the manager.",
    ),
    scoring.LIFE_FIT: (
        "Negotiate what it lacks for life now",
        "Rather than accept it as it is, negotiate its weakest factors before signing.",
        "Raise its weakest factors with the employer.",
    ),
}


def _plan_section(
    dimension_key: str, subject: OfferView, data: ComparisonData
) -> PlanSection | None:
    model, ticks = data.model, data.ticks
    kinds = PlanAdvice.KINDS_OF[dimension_key]  # in the order a factor shows them
    texts: dict[int, list[PlanAdvice]] = {}
    for advice in data.plan_texts:
        if advice.kind in kinds:
            texts.setdefault(advice.factor_id, []).append(advice)
    factors = {f.key: f for f in model.factors}
    order = {f.key: place for place, f in enumerate(model.factors)}
    with_texts = {f.key for f in model.factors if f.pk in texts}
    score = subject.result.dimension(dimension_key)
    weakest = weakest_factors(score, order, with_texts)
    if not weakest:
        return None
    shown = []
    for contribution in weakest:
        factor = factors[contribution.key]
        advice = sorted(texts[factor.pk], key=lambda a: kinds.index(a.kind))  # stable
        items = []
        for a in advice:
            done_at = ticks.get((subject.offer.pk, a.pk))
            items.append(
                PlanItem(
                    advice_id=a.pk,
                    kind=a.kind,
                    label=_item_label(a.kind, subject),
                    text=a.text,
                    done_at=done_at,
                    done_text=f"Done on {day(done_at)}" if done_at else "",
                )
            )
        rating = contribution.rating
        shown.append(
            PlanFactor(factor.label, f"{rating} · {scoring.RATING_MEANINGS[rating]}", items)
        )
    heading, intro, intro_staying = _SECTION_TEXT[dimension_key]
    where = (
        f"{score.label} is {score.score}, below the {score.threshold} where it counts as strong."
    )
    return PlanSection(
        dimension=dimension_key,
        heading=heading,
        intro=f"{where} {intro_staying if subject.is_current_job else intro}",
        factors=shown,
    )


def _plan(
    panel: Panel, decision: DecisionView | None, data: ComparisonData, for_owner: bool
) -> Plan | None:
    """The plan for the offer chosen, else the best offer; None when there is neither."""
    if decision is not None and decision.chosen is None:
        who = "You" if for_owner else "Your client"
        return Plan(None, "", [], f"{who} decided on none of these offers: no plan to prepare.")
    subject = decision.chosen if decision is not None else panel.best
    if subject is None:
        return None
    if subject.is_current_job:
        why = "your current job" if for_owner else "their current job"
        if decision is None:
            why += ", the best option"
    elif decision is not None:
        why = "the offer you chose" if for_owner else "the offer your client chose"
    else:
        why = (
            "the best offer for your priority, until you record your decision"
            if for_owner
            else "the best offer for their priority (no decision recorded yet)"
        )
    intro = f"For {subject.name}, {why}."
    sections = [
        section
        for key in (scoring.FUTURE_VALUE, scoring.LIFE_FIT)
        if (section := _plan_section(key, subject, data)) is not None
    ]
    note = ""
    if not sections:
        result = subject.result
        unscored = [d.label.lower() for d in (result.future, result.life) if not d.scored]
        if unscored:
            note = f"Rate {subject.name} on {_list(unscored)} to see what a plan would cover."
        elif result.life.strong and result.future.strong:
            note = f"{subject.name} is strong on both life fit and future value: no plan needed."
        else:
            note = "No plan texts are written for its weakest factors yet."
    return Plan(subject, intro, sections, note)


# The table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    label: str
    importance: str  # "" as usual, else e.g. "matters more to you"
    cells: list[Cell | None]


@dataclass(frozen=True)
class TableSection:
    label: str
    threshold: int
    rows: list[TableRow]
    scores: list[scoring.DimensionScore]


IMPORTANCE_NOTE = {
    scoring.Importance.NONE: "not counted for you",
    scoring.Importance.LESS: "counts less for you",
    scoring.Importance.MORE: "counts more for you",
}


@dataclass(frozen=True)
class ImportanceChange:
    factor: str
    level: str


# What the seeker needs right now --------------------------------------------------------------


@dataclass(frozen=True)
class Situation:
    """The seeker's answers to "What do you need right now?" and the priority they suggest."""

    answers: list[tuple[str, str]]  # each question's short name and the answer in words
    answered_at: datetime
    reason: str
    suggested: scoring.Priority
    suggested_label: str
    is_current: bool  # offers are already ranked for the suggested priority

    @property
    def suggested_value(self) -> str:
        return self.suggested.value

    @property
    def text(self) -> str:
        return "; ".join(f"{short}: {answer}" for short, answer in self.answers)


def situation(check: PriorityCheck | None, current: scoring.Priority) -> Situation | None:
    if check is None:
        return None
    answers = check.answers
    suggestion = guidance.suggest_priority(answers)
    return Situation(
        answers=guidance.describe(answers),
        answered_at=check.answered_at,
        reason=suggestion.reason,
        suggested=suggestion.priority,
        suggested_label=suggestion.priority.label,
        is_current=suggestion.priority is current,
    )


# The report -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriorityChoice:
    value: str
    label: str
    current: bool


@dataclass(frozen=True)
class ComparisonReport:
    comparison: Comparison
    priority: scoring.Priority
    panel: Panel
    offers: list[OfferView]  # as shown: the current job first, then by rank, Incomplete last
    ranked: list[OfferView]  # by rank, Incomplete last (the CSV's order)
    sections: list[TableSection]
    facts: list[FactRow]
    money: MoneyTable | None
    ranking_rule: str
    importances: list[ImportanceChange]
    has_baseline: bool
    factors: list[Factor]  # the factors in force, in the table's order
    thresholds: dict[str, int]  # by dimension key
    situation: Situation | None = None  # the seeker's answers, once they gave some
    decision: DecisionView | None = None  # None while the decision is open
    plan: Plan | None = None
    for_owner: bool = True  # read by the seeker themselves, else by their counsellor

    @cached_property
    def chart(self) -> chart.Chart:
        """The quadrant chart, laid out only for a page that shows it (not for the CSV)."""
        # A dot is labelled by its role; by role and employer where two offers share the role.
        roles = Counter(v.offer.title.casefold() for v in self.ranked)
        points_ = [
            chart.ChartPoint(
                number=v.rank,
                name=v.name,
                short=v.offer.title if roles[v.offer.title.casefold()] == 1 else v.name,
                verdict=v.verdict,
                life=v.result.life.score,
                future=v.result.future.score,
                href=f"#{v.anchor}",
                partly_rated=v.partly_rated,
            )
            for v in self.ranked
            if v.rank is not None
        ]
        return chart.build_chart(
            points_, self.thresholds[scoring.LIFE_FIT], self.thresholds[scoring.FUTURE_VALUE]
        )

    @property
    def priorities(self) -> list[PriorityChoice]:
        return [PriorityChoice(p.value, p.label, p is self.priority) for p in scoring.Priority]

    @property
    def unscored(self) -> list[OfferView]:
        return [v for v in self.ranked if v.rank is None]

    @property
    def importance_in_use(self) -> bool:
        return bool(self.importances)


def build(data: ComparisonData, *, for_owner: bool = True) -> ComparisonReport:
    """The comparison page's view-model. `for_owner` words requests to the seeker only."""
    comparison, model = data.comparison, data.model
    priority = comparison.priority_enum
    specs = model.factor_specs(data.importances)
    ratings = {offer.pk: offer_ratings(offer, model) for offer in data.offers}
    decision = scoring.decide(ratings, specs, model.dimension_specs, priority)
    offers = {offer.pk: offer for offer in data.offers}

    current = next((o for o in data.offers if o.is_current_job), None)
    baseline_score = decision.scores[current.pk] if current is not None else None
    if baseline_score is not None and baseline_score.verdict is scoring.Verdict.INCOMPLETE:
        baseline_score = None
    not_counted = {
        f.pk: f.label
        for f in model.factors
        if data.importances.get(f.key) is scoring.Importance.NONE
    }
    views: dict[int, OfferView] = {}
    place = 0
    for pk in decision.ranked:
        result = decision.scores[pk]
        judged = result.verdict is not scoring.Verdict.INCOMPLETE
        place += judged
        views[pk] = _offer_view(
            offers[pk],
            place if judged else None,
            result,
            decision.flips[pk],
            baseline_score,
            not_counted,
            chosen=comparison.has_decision and pk == comparison.decided_offer_id,
        )
    ranked = list(views.values())
    shown = sorted(ranked, key=lambda v: not v.is_current_job)  # stable: keeps the ranking

    importance_of = data.importances
    sections = []
    for dimension in model.dimensions:
        rows = []
        for factor in model.factors_of(dimension):
            level = importance_of.get(factor.key, scoring.Importance.USUAL)
            cells = []
            for view in shown:
                rating = view.ratings.get(factor.pk)
                cells.append(
                    Cell(rating.score, scoring.RATING_MEANINGS[rating.score], rating.reason)
                    if rating
                    else None
                )
            rows.append(TableRow(factor.label, IMPORTANCE_NOTE.get(level, ""), cells))
        sections.append(
            TableSection(
                label=dimension.label,
                threshold=dimension.strong_threshold,
                rows=rows,
                scores=[v.result.dimension(dimension.key) for v in shown],
            )
        )
    facts = [FactRow(label, [read(v.offer) for v in shown]) for label, read in OFFER_FACTS]

    baseline_view = views.get(current.pk) if current is not None else None
    panel = _panel(comparison, decision, views, baseline_view, for_owner)
    recorded = _decision(comparison, views, for_owner)
    return ComparisonReport(
        comparison=comparison,
        priority=priority,
        panel=panel,
        decision=recorded,
        plan=_plan(panel, recorded, data, for_owner),
        offers=shown,
        ranked=ranked,
        sections=sections,
        facts=[row for row in facts if any(row.cells)],
        money=money_table([v.offer for v in shown], data.rates),
        thresholds={d.key: d.strong_threshold for d in model.dimensions},
        ranking_rule=scoring.describe_ranking(priority) if place > 1 else "",
        importances=[
            ImportanceChange(f.label, importance_of[f.key].label)
            for f in model.factors
            if importance_of.get(f.key, scoring.Importance.USUAL) is not scoring.Importance.USUAL
        ],
        has_baseline=current is not None,
        factors=[f for d in model.dimensions for f in model.factors_of(d)],
        situation=situation(data.priority_check, priority),
        for_owner=for_owner,
    )
