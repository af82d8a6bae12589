"""Writes: each function is one transaction and validates before it saves.

Requests race: two tabs, two people, a double click. Each write therefore locks the row it
builds on (`SELECT … FOR UPDATE`) before it looks at anything else, so that

- a write on something deleted meanwhile raises `Gone` (the page answers 404) instead of
  re-creating it or failing on a foreign key;
- an edit of an offer that someone saved after the form was opened raises `EditConflict`
  instead of overwriting it silently;
- rules that must hold under concurrency (one offer per role and employer, one current job,
  the size limits) are checked while the lock is held, and the database constraints back them.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from counselling.models import CounsellorAccess
from notifications.models import Kind
from notifications.services import notify
from offers import guidance
from offers.models import (
    Comparison,
    ExchangeRate,
    Factor,
    FactorImportance,
    Offer,
    PlanAdvice,
    PlanTick,
    PriorityCheck,
    Rating,
)
from offers.scoring import Importance

DUPLICATE_OFFER = (
    "“{offer}” is already in this comparison. Edit that offer instead, or tell the two apart in "
    "the role, e.g. by team or city."
)
SECOND_CURRENT_JOB = (
    "“{offer}” is already marked as your current job. Unmark it there first; a comparison has "
    "one current job."
)


class Gone(Http404):
    """What the request works on was deleted meanwhile (in another tab, or by someone else).

    A 404 like any other, so a view that does not catch it answers "not found"; the 404 page
    shows its message.
    """


class EditConflict(Exception):
    """The offer was saved by someone else after the form was opened; nothing was saved."""

    def __init__(self, current: Offer):
        super().__init__("The offer changed after the form was opened.")
        self.current = current


@dataclass(frozen=True)
class RatingInput:
    """What a user gave one factor: a 1–5 score or None (not rated), and a short reason."""

    score: int | None
    reason: str = ""


def _locked_comparison(pk: int) -> Comparison:
    comparison = Comparison.objects.select_for_update().filter(pk=pk).first()
    if comparison is None:
        raise Gone("This comparison was deleted, so nothing could be saved to it.")
    return comparison


def _locked_offer(pk: int) -> Offer:
    offer = Offer.objects.select_for_update().filter(pk=pk).first()
    if offer is None:
        raise Gone("This offer was deleted, so your changes to it could not be saved.")
    return offer


@transaction.atomic
def comparison_create(*, owner, title: str, priority: str = "", notes: str = "") -> Comparison:
    # Lock the owner, so that two requests at once cannot both take the last free place.
    get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
    limit = settings.MAX_COMPARISONS_PER_USER
    if Comparison.objects.filter(owner=owner).count() >= limit:
        raise ValidationError(
            f"You have {limit} comparisons, the most an account can hold. Delete one you no "
            "longer need to start another."
        )
    comparison = Comparison(owner=owner, title=title, notes=notes)
    if priority:
        comparison.priority = priority
    comparison.full_clean()
    comparison.save()
    return comparison


@transaction.atomic
def comparison_update(*, comparison: Comparison, data: Mapping[str, Any]) -> Comparison:
    # Change only what was sent, on the row as it is now: a priority click must not undo a
    # title saved in another tab a moment ago.
    current = _locked_comparison(comparison.pk)
    fields = [f for f in ("title", "priority", "notes") if f in data]
    for field in fields:
        setattr(current, field, data[field])
    current.full_clean()
    current.version = uuid.uuid4()
    current.save(update_fields=[*fields, "updated_at", "version"])
    return current


def _touch(comparison_id: int, at: datetime | None = None) -> None:
    """What the comparison shows has changed: move its "last updated" on, renew its version.

    Every write to a comparison's offers, ratings or importances ends here; cached results are
    stored under the version, so none outlives the write.
    """
    Comparison.objects.filter(pk=comparison_id).update(
        updated_at=at or timezone.now(), version=uuid.uuid4()
    )


def scoring_seen(comparison: Comparison) -> None:
    """The owner has seen the comparison judged with the scoring version it was annotated with.

    Not a change to the comparison: neither its "last updated" nor its version moves.
    """
    Comparison.objects.filter(pk=comparison.pk).update(
        scoring_seen=comparison.scoring_version, scoring_seen_at=timezone.now()
    )


@transaction.atomic
def importance_set(*, comparison: Comparison, levels: Mapping[Factor, Importance]) -> None:
    """Set the seeker's importance of the factors given; "as usual" is not stored.

    Factors not given (an inactive one the form did not show) keep theirs for when they return.
    """
    _locked_comparison(comparison.pk)
    comparison.importances.filter(factor__in=list(levels)).delete()
    rows = [
        FactorImportance(comparison=comparison, factor=factor, importance=level.value)
        for factor, level in levels.items()
        if level is not Importance.USUAL
    ]
    for row in rows:
        row.full_clean(exclude=["comparison"], validate_unique=False)
    FactorImportance.objects.bulk_create(rows)
    _touch(comparison.pk)


@transaction.atomic
def importance_reset(*, comparison: Comparison) -> None:
    """Every factor counts again with the admin's weight."""
    _locked_comparison(comparison.pk)
    comparison.importances.all().delete()
    _touch(comparison.pk)


@transaction.atomic
def priority_check_save(*, comparison: Comparison, answers: guidance.Answers) -> PriorityCheck:
    """Keep the seeker's answers to "What do you need right now?"; the priority stays as it is.

    At least one question must be answered: clearing is `priority_check_clear`.
    """
    _locked_comparison(comparison.pk)
    if not answers.given:
        raise ValidationError(NOTHING_ANSWERED)
    check = PriorityCheck.objects.filter(comparison_id=comparison.pk).first()
    check = check or PriorityCheck(comparison_id=comparison.pk)
    for question in guidance.QUESTIONS:
        setattr(check, question.field, getattr(answers, question.field))
    check.answered_at = timezone.now()
    check.full_clean(exclude=["comparison"], validate_unique=False)
    check.save()
    _touch(comparison.pk, at=check.answered_at)
    return check


NOTHING_ANSWERED = (
    "Answer at least one question for a suggestion; “Prefer not to say” everywhere leaves "
    "nothing to go on."
)


@transaction.atomic
def priority_check_clear(*, comparison: Comparison) -> bool:
    """Forget the seeker's answers; False when there were none."""
    _locked_comparison(comparison.pk)
    deleted, _ = PriorityCheck.objects.filter(comparison_id=comparison.pk).delete()
    if deleted:
        _touch(comparison.pk)
    return bool(deleted)


@transaction.atomic
def comparison_delete(*, comparison: Comparison) -> None:
    """Delete a comparison with its offers and their ratings.

    The lock waits for an offer being added to it to commit, so that offer goes too.
    """
    _locked_comparison(comparison.pk).delete()


@transaction.atomic
def exchange_rates_set(
    *, comparison: Comparison, target: str, rates: Mapping[str, Decimal | None]
) -> None:
    """Set the seeker's rate from each currency in `rates` to `target`; None removes it.

    A rate given before the other way round (from `target`) is replaced, not kept beside it.
    """
    _locked_comparison(comparison.pk)
    pairs = Q()
    for source in rates:
        pairs |= Q(source=source, target=target) | Q(source=target, target=source)
    if rates:
        comparison.exchange_rates.filter(pairs).delete()
    rows = [
        ExchangeRate(comparison=comparison, source=source, target=target, rate=rate)
        for source, rate in rates.items()
        if rate is not None
    ]
    for row in rows:
        row.full_clean(exclude=["comparison"], validate_unique=False)
    ExchangeRate.objects.bulk_create(rows)
    _touch(comparison.pk)


def offer_rule_errors(offer: Offer) -> dict[str, str]:
    """The comparison's rules an offer would break, by form field: a twin, a second current job."""
    errors = {}
    if offer.title and offer.employer:
        twin = Offer.objects.twin_of(
            comparison_id=offer.comparison_id,
            title=offer.title,
            employer=offer.employer,
            exclude_pk=offer.pk,
        )
        if twin:
            errors["title"] = DUPLICATE_OFFER.format(offer=twin)
    if offer.is_current_job:
        current = Offer.objects.current_job_of(
            comparison_id=offer.comparison_id, exclude_pk=offer.pk
        )
        if current:
            errors["is_current_job"] = SECOND_CURRENT_JOB.format(offer=current)
    return errors


def _offer_save(offer: Offer, data: Mapping[str, Any], ratings: Mapping[Factor, RatingInput]):
    creating = offer.pk is None
    for field, value in data.items():
        setattr(offer, field, value)
    offer.full_clean(validate_constraints=False)
    if errors := offer_rule_errors(offer):
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            offer.save(force_insert=creating, force_update=not creating)
    except IntegrityError as exc:
        raise _constraint_error(offer, exc) from exc

    existing = {r.factor_id: r for r in offer.ratings.all()}
    to_create, to_update, to_delete = [], [], []
    for factor, given in ratings.items():
        current = existing.get(factor.pk)
        if given.score is None:
            if current is not None:
                to_delete.append(current.pk)
            continue
        reason = given.reason.strip()
        if current is not None and (current.score, current.reason) == (given.score, reason):
            continue  # unchanged: no write, and it stays as old as it is
        rating = current or Rating(offer=offer, factor=factor)
        rating.score, rating.reason, rating.updated_at = given.score, reason, offer.updated_at
        # The field validators check 1–5; the database's check constraint holds it too.
        # Validating the constraints here would run a query in a savepoint per rating.
        rating.full_clean(
            exclude=["offer", "factor"], validate_unique=False, validate_constraints=False
        )
        (to_update if current else to_create).append(rating)
    Rating.objects.filter(pk__in=to_delete).delete()
    Rating.objects.bulk_create(to_create)
    Rating.objects.bulk_update(to_update, ["score", "reason", "updated_at"])
    _touch(offer.comparison_id, at=offer.updated_at)
    return offer


def _constraint_error(offer: Offer, exc: IntegrityError) -> ValidationError:
    """The form's own words for a rule the database enforced when a check raced past it."""
    if errors := offer_rule_errors(offer):
        return ValidationError(errors)
    text = str(exc)
    if "one_offer_per_role_and_employer" in text:
        return ValidationError(
            {"title": "This role at this employer is already in the comparison."}
        )
    if "one_current_job_per_comparison" in text:
        return ValidationError({"is_current_job": "This comparison already has a current job."})
    raise exc


@transaction.atomic
def offer_create(
    *,
    comparison: Comparison,
    data: Mapping[str, Any],
    ratings: Mapping[Factor, RatingInput],
) -> Offer:
    """Create an offer and its ratings together; nothing is saved if any part is invalid."""
    _locked_comparison(comparison.pk)
    limit = settings.MAX_OFFERS_PER_COMPARISON
    if Offer.objects.filter(comparison=comparison).count() >= limit:
        raise ValidationError(offer_limit_message())
    return _offer_save(Offer(comparison=comparison), data, ratings)


def offer_limit_message() -> str:
    limit = settings.MAX_OFFERS_PER_COMPARISON
    return (
        f"This comparison holds {limit} offer{'' if limit == 1 else 's'}, the most it can. "
        "Delete an offer you have "
        "ruled out, or start a second comparison."
    )


@transaction.atomic
def offer_update(
    *,
    offer: Offer,
    data: Mapping[str, Any],
    ratings: Mapping[Factor, RatingInput],
    loaded_at: datetime | None = None,
) -> Offer:
    """Update an offer's facts and ratings; a factor given None loses its rating.

    `loaded_at` is the offer's `updated_at` when the form was opened: if the offer was saved
    since, nothing is written and `EditConflict` carries the saved version.
    """
    # Always the comparison first, then the offer: the order comparison_delete takes them in.
    _locked_comparison(offer.comparison_id)
    current = _locked_offer(offer.pk)
    if loaded_at is not None and current.updated_at != loaded_at:
        raise EditConflict(current)
    return _offer_save(offer, data, ratings)


@transaction.atomic
def offer_delete(*, offer: Offer) -> bool:
    """Delete an offer and its ratings; the lock waits for an edit in progress to finish.

    A decision that chose this offer is reopened with the deletion: it must not quietly turn
    into "none of these". Returns whether it was.
    """
    comparison = _locked_comparison(offer.comparison_id)
    current = _locked_offer(offer.pk)
    reopened = comparison.decided_offer_id == current.pk
    if reopened:
        _clear_decision(comparison)
    current.delete()
    _touch(offer.comparison_id)
    return reopened


# The decision ---------------------------------------------------------------------------------

DECISION_FIELDS = ["decided_on", "decided_offer", "decision_reason"]
DECISION_REASON_MAX = Comparison._meta.get_field("decision_reason").max_length


@dataclass(frozen=True)
class DecisionOutcome:
    """What recording a decision did, for the message that says so."""

    chosen: Offer | None  # None: "none of these"
    accepted_now: bool  # the chosen offer's status was set to Accepted by this decision
    also_accepted: list[Offer]  # other offers still marked Accepted (their status is left)


@transaction.atomic
def decision_record(
    *, comparison: Comparison, offer_id: int | None, reason: str, decided_on: date
) -> DecisionOutcome:
    """Record (or change) the seeker's decision on a comparison, in one transaction.

    `offer_id` names one of the comparison's offers (the current job to stay in it), or None
    for "none of these". A chosen offer other than the current job becomes Accepted; no other
    status changes. The date must not be in the future.
    """
    current = _locked_comparison(comparison.pk)
    chosen = None
    if offer_id is not None:
        chosen = Offer.objects.select_for_update().filter(pk=offer_id).first()
        if chosen is None or chosen.comparison_id != current.pk:
            raise Gone("This offer was deleted, so the decision could not be recorded.")
    reason = reason.strip()
    if len(reason) > DECISION_REASON_MAX:
        raise ValidationError(
            {"reason": f"Shorten the reason to {DECISION_REASON_MAX} characters or fewer."}
        )
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "A decision cannot be dated in the future."})
    news = not current.has_decision or current.decided_offer_id != (chosen and chosen.pk)
    current.decided_on, current.decided_offer, current.decision_reason = decided_on, chosen, reason
    current.save(update_fields=DECISION_FIELDS)
    if news:  # a new decision or another choice, not a reworded reason
        _tell_counsellors_of_decision(current)
    accepted_now = False
    if chosen is not None and not chosen.is_current_job and chosen.status != Offer.Status.ACCEPTED:
        chosen.status = Offer.Status.ACCEPTED
        chosen.save(update_fields=["status", "updated_at"])
        accepted_now = True
    _touch(current.pk)
    others = Offer.objects.filter(comparison=current, status=Offer.Status.ACCEPTED)
    if chosen is not None:
        others = others.exclude(pk=chosen.pk)
    return DecisionOutcome(chosen, accepted_now, list(others.filter(is_current_job=False)))


def _tell_counsellors_of_decision(comparison: Comparison) -> None:
    grants = CounsellorAccess.objects.filter(client_id=comparison.owner_id).select_related(
        "counsellor", "client"
    )
    for grant in grants:
        notify(
            grant.counsellor,
            Kind.DECISION,
            link=reverse("counselling:comparison", args=[comparison.pk]),
            actor=grant.client.get_full_name(),
        )


@transaction.atomic
def decision_reopen(*, comparison: Comparison) -> tuple[bool, list[Offer]]:
    """Clear the decision; offer statuses stay as they are.

    Returns whether there was a decision to clear (a second click finds none and changes
    nothing) and the offers still marked Accepted.
    """
    current = _locked_comparison(comparison.pk)
    reopened = current.has_decision
    if reopened:
        _clear_decision(current)
        _touch(current.pk)
    accepted = Offer.objects.filter(
        comparison=current, status=Offer.Status.ACCEPTED, is_current_job=False
    )
    return reopened, list(accepted)


def _clear_decision(comparison: Comparison) -> None:
    comparison.decided_on, comparison.decided_offer, comparison.decision_reason = None, None, ""
    comparison.save(update_fields=DECISION_FIELDS)


# The plan -------------------------------------------------------------------------------------

ADVICE_GONE = (
    "That item is no longer part of the plan: an administrator changed the plan texts. The "
    "page now shows the current plan."
)


@transaction.atomic
def plan_tick_set(*, comparison: Comparison, offer_id: int, advice_id: int, done: bool) -> bool:
    """Tick a plan item done for one of the comparison's offers, or untick it.

    Ticking twice keeps the first time. Returns whether anything changed.
    """
    current = _locked_comparison(comparison.pk)
    offer = Offer.objects.select_for_update().filter(pk=offer_id).first()
    if offer is None or offer.comparison_id != current.pk:
        raise Gone("This offer was deleted, so its plan could not be updated.")
    advice = PlanAdvice.objects.filter(pk=advice_id).first()
    if done:
        if advice is None or not advice.active:
            raise ValidationError(ADVICE_GONE)
        _, changed = PlanTick.objects.get_or_create(offer=offer, advice=advice)
    else:
        changed = PlanTick.objects.filter(offer=offer, advice_id=advice_id).delete()[0] > 0
    if changed:
        _touch(current.pk)
    return changed
