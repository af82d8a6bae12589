"""Everything CareerFit holds about one person, as one JSON document (the README lists fields)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from counselling.models import CounsellorAccess, CounsellorNote, NoteReply
from offers import guidance
from offers.models import Comparison
from offers.selectors import priority_check_of

FORMAT = "careerfit-user-data"
VERSION = 1


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _number(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _note(note: CounsellorNote) -> dict[str, Any]:
    return {
        "author": note.author_name,
        "offer": note.offer.display_name if note.offer else None,
        "text": note.text,
        "hidden_by_client": note.hidden_by_client,
        "created_at": _when(note.created_at),
        "updated_at": _when(note.updated_at),
        "replies": [
            {"author": r.author_name, "text": r.text, "created_at": _when(r.created_at)}
            for r in note.replies.all()
        ],
    }


def _priority_check(comparison: Comparison) -> dict[str, Any] | None:
    """The answers to "What do you need right now?": true, false, a number, or null (not said)."""
    check = priority_check_of(comparison)
    if check is None:
        return None
    return {
        **{q.field: getattr(check, q.field) for q in guidance.QUESTIONS},
        "answered_at": _when(check.answered_at),
    }


def _decision(comparison: Comparison, offers: list) -> dict[str, Any] | None:
    if comparison.decided_on is None:
        return None
    chosen = next((o for o in offers if o.pk == comparison.decided_offer_id), None)
    return {
        "choice": "none" if chosen is None else "current_job" if chosen.is_current_job else "offer",
        "role": chosen.title if chosen else None,
        "employer": chosen.employer if chosen else None,
        "reason": comparison.decision_reason,
        "decided_on": _when(comparison.decided_on),
    }


def _comparison(comparison: Comparison) -> dict[str, Any]:
    offers = list(comparison.offers.all())
    return {
        "title": comparison.title,
        "priority": comparison.priority,
        "notes": comparison.notes,
        "created_at": _when(comparison.created_at),
        "updated_at": _when(comparison.updated_at),
        "decision": _decision(comparison, offers),
        "personal_importance": [
            {"factor": i.factor.key, "label": i.factor.label, "importance": i.importance}
            for i in comparison.importances.all()
        ],
        "priority_check": _priority_check(comparison),
        "offers": [
            {
                "role": o.title,
                "employer": o.employer,
                "location": o.location,
                "salary": _number(o.salary),
                "currency": o.currency,
                "pay_period": o.pay_period,
                "hours_per_week": _number(o.hours_per_week),
                "sign_on_bonus": _number(o.sign_on_bonus),
                "yearly_bonus": _number(o.yearly_bonus),
                "equity_per_year": _number(o.equity_per_year),
                "vesting_years": o.vesting_years,
                "vesting_cliff_months": o.vesting_cliff_months,
                "living_costs": _number(o.living_costs),
                "work_mode": o.work_mode,
                "start_date": _when(o.start_date),
                "decision_deadline": _when(o.decision_deadline),
                "url": o.url,
                "notes": o.notes,
                "is_current_job": o.is_current_job,
                "status": o.status,
                "created_at": _when(o.created_at),
                "updated_at": _when(o.updated_at),
                "ratings": [
                    {
                        "factor": r.factor.key,
                        "label": r.factor.label,
                        "score": r.score,
                        "reason": r.reason,
                    }
                    for r in o.ratings.all()
                ],
                "plan_ticks": [
                    {
                        "factor": t.advice.factor.key,
                        "kind": t.advice.kind,
                        "text": t.advice.text,
                        "done_at": _when(t.done_at),
                    }
                    for t in o.plan_ticks.all()
                ],
            }
            for o in offers
        ],
        "exchange_rates": [
            {"from": r.source, "to": r.target, "rate": _number(r.rate)}
            for r in comparison.exchange_rates.all()
        ],
        "counsellor_notes": [_note(n) for n in comparison.counsellor_notes.all()],
    }


def user_data(user) -> dict[str, Any]:
    """The person's account, comparisons (with everything in them), grants, notes, replies."""
    comparisons = (
        Comparison.objects.filter(owner=user)
        .select_related("priority_check")
        .prefetch_related(
            "importances__factor",
            "offers__ratings__factor",
            "offers__plan_ticks__advice__factor",
            "counsellor_notes__author",
            "counsellor_notes__offer",
            "counsellor_notes__replies__author",
            "exchange_rates",
        )
    )
    given = CounsellorAccess.objects.filter(client=user).select_related("counsellor")
    received = CounsellorAccess.objects.filter(counsellor=user).select_related("client")
    written = CounsellorNote.objects.filter(author=user)
    # Replies on one's own comparisons are in them already.
    replied = NoteReply.objects.filter(author=user).exclude(note__comparison__owner=user)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "name": user.name,
            "is_counsellor": user.is_counsellor,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "emails_switched_off": sorted(user.muted_notifications.values_list("kind", flat=True)),
        },
        "comparisons": [_comparison(c) for c in comparisons],
        "access_given": [
            {
                "counsellor": g.counsellor.email,
                "name": g.counsellor.name,
                "granted_at": _when(g.granted_at),
            }
            for g in given
        ],
        "access_received": [
            {"client": g.client.email, "name": g.client.name, "granted_at": _when(g.granted_at)}
            for g in received
        ],
        # The counsellor's own words; what is the client's (who, which comparison, whether they
        # hid it) stays the client's.
        "notes_written": [
            {"text": n.text, "created_at": _when(n.created_at), "updated_at": _when(n.updated_at)}
            for n in written
        ],
        "replies_written": [{"text": r.text, "created_at": _when(r.created_at)} for r in replied],
    }
