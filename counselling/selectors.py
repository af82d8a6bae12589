"""Reads for counselling: what a counsellor may see, and notes as a client sees them."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from counselling.models import CounsellorAccess, CounsellorNote, NoteReply
from offers import selectors as offer_selectors
from offers.models import Comparison, Offer, Rating


def visible_comparisons(counsellor):
    """Comparisons of every client who currently grants this counsellor access."""
    clients = CounsellorAccess.objects.for_counsellor(counsellor).values("client")
    return Comparison.objects.filter(owner__in=clients)


def visible_clients(counsellor):
    clients = CounsellorAccess.objects.for_counsellor(counsellor).values("client")
    return get_user_model().objects.filter(pk__in=clients)


# The caseload dashboard ------------------------------------------------------------------------

DEADLINE_SOON_DAYS = 7


class Flag(enum.Enum):
    """What makes a client need their counsellor now; the dashboard filters on these."""

    DEADLINE = "deadline", f"Answer due within {DEADLINE_SOON_DAYS} days"
    WEAK = "weak", "Only weak offers"
    CLOSE_CALL = "close-call", "Close call"
    DECIDED = "decided", "Decision recorded"

    def __init__(self, slug, label):
        self.slug, self.label = slug, label

    @classmethod
    def from_slug(cls, slug: str):
        return next((flag for flag in cls if flag.slug == slug), None)


@dataclass(frozen=True)
class CaseloadRow:
    """One client on the counsellor's dashboard."""

    client: object
    granted_at: datetime
    seen_at: datetime | None  # when the counsellor last opened their comparisons
    comparison_count: int
    offer_count: int
    latest: offer_selectors.ComparisonSummary | None  # the most recently updated comparison
    soonest_deadline: date | None  # of an offer still considered or negotiated, from today
    decisions: int  # comparisons with a decision recorded
    new_offers: int  # since the counsellor last looked (or since access was given)
    new_ratings: int
    new_replies: int  # the client's replies to notes
    flags: frozenset[Flag]

    @property
    def last_update(self) -> datetime | None:
        return self.latest.comparison.updated_at if self.latest else None

    @property
    def changes(self) -> int:
        return self.new_offers + self.new_ratings + self.new_replies

    @property
    def flags_in_order(self) -> list[Flag]:
        return [flag for flag in Flag if flag in self.flags]

    @property
    def deadline_days(self) -> int | None:
        if self.soonest_deadline is None:
            return None
        return (self.soonest_deadline - timezone.localdate()).days


def _count(queryset, owner_field: str):
    """A subquery counting `queryset`'s rows for the grant's client (and since it was seen)."""
    return Coalesce(
        Subquery(
            queryset.filter(**{owner_field: OuterRef("client_id")})
            .order_by()
            .values(owner_field)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def caseload(counsellor) -> list[CaseloadRow]:
    """Every client who gives this counsellor access, with what needs them (constant queries:
    the grants with their counts in one, the comparisons in one, and their verdicts from the
    cache, or three more for those changed since)."""
    today = timezone.localdate()
    since = Coalesce(OuterRef("seen_at"), OuterRef("granted_at"))
    open_offers = Offer.objects.awaiting_answer().filter(decision_deadline__gte=today)
    grants = list(
        CounsellorAccess.objects.for_counsellor(counsellor)
        .select_related("client")
        .annotate(
            offer_count=_count(Offer.objects.all(), "comparison__owner"),
            decisions=_count(Comparison.objects.filter(decided_on__isnull=False), "owner"),
            new_offers=_count(Offer.objects.filter(created_at__gt=since), "comparison__owner"),
            # Ratings of offers that were there already: a new offer's come with it.
            new_ratings=_count(
                Rating.objects.filter(updated_at__gt=since, offer__created_at__lte=since),
                "offer__comparison__owner",
            ),
            soonest_deadline=Subquery(
                open_offers.filter(comparison__owner=OuterRef("client_id"))
                .order_by("decision_deadline")
                .values("decision_deadline")[:1]
            ),
            # Replies the client wrote under notes on their comparisons.
            new_replies=_count(
                NoteReply.objects.filter(created_at__gt=since, author_id=OuterRef("client_id")),
                "note__comparison__owner",
            ),
            comparison_count=_count(Comparison.objects.all(), "owner"),
            latest_id=Subquery(
                Comparison.objects.filter(owner=OuterRef("client_id"))
                .order_by("-updated_at", "-pk")
                .values("pk")[:1]
            ),
        )
    )
    # Only each client's latest comparison is shown: only those are read and summarised.
    latest = offer_selectors.listed(
        Comparison.objects.filter(pk__in=[g.latest_id for g in grants if g.latest_id])
    )
    summaries = {s.comparison.owner_id: s for s in offer_selectors.summaries_of(latest)}
    rows = []
    for grant in grants:
        summary = summaries.get(grant.client_id)
        flags = set()
        if grant.soonest_deadline and (grant.soonest_deadline - today).days <= DEADLINE_SOON_DAYS:
            flags.add(Flag.DEADLINE)
        if summary and summary.all_weak:
            flags.add(Flag.WEAK)
        if summary and summary.close_call:
            flags.add(Flag.CLOSE_CALL)
        if grant.decisions:
            flags.add(Flag.DECIDED)
        rows.append(
            CaseloadRow(
                client=grant.client,
                granted_at=grant.granted_at,
                seen_at=grant.seen_at,
                comparison_count=grant.comparison_count,
                offer_count=grant.offer_count,
                latest=summary,
                soonest_deadline=grant.soonest_deadline,
                decisions=grant.decisions,
                new_offers=grant.new_offers,
                new_ratings=grant.new_ratings,
                new_replies=grant.new_replies,
                flags=frozenset(flags),
            )
        )
    return rows


@dataclass(frozen=True)
class NoteView:
    note: CounsellorNote
    author_has_access: bool

    @property
    def author_revoked(self) -> bool:
        return not self.author_has_access

    @property
    def can_reply(self) -> bool:
        """The client may answer while the author can still read the answer."""
        return self.author_has_access


def with_threads(notes: QuerySet[CounsellorNote]) -> QuerySet[CounsellorNote]:
    """Notes with what a page shows of them: author, offer, and replies oldest first."""
    return notes.select_related("author", "offer").prefetch_related(
        Prefetch("replies", queryset=NoteReply.objects.select_related("author"))
    )


def notes_by(comparison: Comparison, author) -> QuerySet[CounsellorNote]:
    """The notes `author` left on a comparison, newest first, with their threads."""
    return with_threads(comparison.counsellor_notes.filter(author=author))


def notes_for(comparison: Comparison, *, include_hidden: bool = True) -> list[NoteView]:
    """A comparison's notes, newest first, each marked with whether its author still has access."""
    return notes_on([comparison], include_hidden=include_hidden).get(comparison.pk, [])


def by_offer(notes: Iterable[CounsellorNote]) -> dict[int, list[CounsellorNote]]:
    """Notes about an offer, by the offer's id, in the order given."""
    found: dict[int, list[CounsellorNote]] = {}
    for note in notes:
        if note.offer_id is not None:
            found.setdefault(note.offer_id, []).append(note)
    return found


def notes_on(
    comparisons: list[Comparison], *, author=None, include_hidden: bool = True
) -> dict[int, list[NoteView]]:
    """The notes on several comparisons (of one client or more) by comparison id, newest first:
    all of them, or those `author` wrote, with their replies (three queries at most, whatever
    the number)."""
    notes = with_threads(CounsellorNote.objects.filter(comparison__in=comparisons))
    if author is not None:
        notes = notes.filter(author=author)
    if not include_hidden:
        notes = notes.filter(hidden_by_client=False)
    notes = list(notes)
    if not notes:
        return {}
    owners = {c.pk: c.owner_id for c in comparisons}
    current = set(
        CounsellorAccess.objects.filter(
            client_id__in=set(owners.values()), counsellor__is_counsellor=True
        ).values_list("client_id", "counsellor_id")
    )
    by_comparison: dict[int, list[NoteView]] = {}
    for note in notes:
        has_access = (owners[note.comparison_id], note.author_id) in current
        by_comparison.setdefault(note.comparison_id, []).append(
            NoteView(note=note, author_has_access=has_access)
        )
    return by_comparison
