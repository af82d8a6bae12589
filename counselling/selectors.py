"""Reads for counselling: what a counsellor may see, and notes as a client sees them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from counselling.models import CounsellorAccess, CounsellorNote
from offers import selectors as offer_selectors
from offers.models import Comparison


def visible_comparisons(counsellor):
    """Comparisons of every client who currently grants this counsellor access."""
    clients = CounsellorAccess.objects.for_counsellor(counsellor).values("client")
    return Comparison.objects.filter(owner__in=clients)


def visible_clients(counsellor):
    clients = CounsellorAccess.objects.for_counsellor(counsellor).values("client")
    return get_user_model().objects.filter(pk__in=clients)


@dataclass(frozen=True)
class ClientSummary:
    client: object
    granted_at: object
    comparisons: list[offer_selectors.ComparisonSummary]

    @property
    def last_update(self):
        return max((s.comparison.updated_at for s in self.comparisons), default=None)


def client_summaries(counsellor) -> list[ClientSummary]:
    """Each client who granted access, with their comparisons (constant queries)."""
    grants = list(CounsellorAccess.objects.for_counsellor(counsellor).select_related("client"))
    summaries = offer_selectors.comparison_summaries(
        Comparison.objects.filter(owner__in=[g.client_id for g in grants])
    )
    by_owner: dict[int, list] = {}
    for summary in summaries:
        by_owner.setdefault(summary.comparison.owner_id, []).append(summary)
    clients = [
        ClientSummary(
            client=g.client, granted_at=g.granted_at, comparisons=by_owner.get(g.client_id, [])
        )
        for g in grants
    ]
    # Most recently active clients first; clients with nothing yet last.
    clients.sort(
        key=lambda c: (c.last_update is None, -(c.last_update.timestamp() if c.last_update else 0))
    )
    return clients


@dataclass(frozen=True)
class NoteView:
    note: CounsellorNote
    author_has_access: bool

    @property
    def author_revoked(self) -> bool:
        return not self.author_has_access


def notes_by(comparison: Comparison, author) -> QuerySet[CounsellorNote]:
    """The notes `author` left on a comparison, newest first."""
    return comparison.counsellor_notes.filter(author=author).select_related("author")


def notes_for(comparison: Comparison, *, include_hidden: bool = True) -> list[NoteView]:
    """A comparison's notes, newest first, each marked with whether its author still has access."""
    notes = comparison.counsellor_notes.select_related("author")
    if not include_hidden:
        notes = notes.filter(hidden_by_client=False)
    notes = list(notes)
    if not notes:
        return []
    current = set(
        CounsellorAccess.objects.filter(
            client_id=comparison.owner_id, counsellor__is_counsellor=True
        ).values_list("counsellor_id", flat=True)
    )
    return [NoteView(note=n, author_has_access=n.author_id in current) for n in notes]
