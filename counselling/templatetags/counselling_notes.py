"""Counselling's contribution to the comparison pages: the notes left on them.

The comparison page belongs to `offers`, which knows nothing of counselling; these tags let the
page ask for the notes without `offers` importing this app.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django import template
from django.template.loader import get_template

from counselling.models import CounsellorNote
from counselling.selectors import NoteView, by_offer, notes_for, notes_on

# The module, not the name: offers.rendering loads the template libraries as it is imported.
from offers import rendering

register = template.Library()


@dataclass(frozen=True)
class ClientNotes:
    shown: list[NoteView]
    hidden: list[NoteView]


@register.simple_tag
def client_notes(comparison) -> ClientNotes:
    """The comparison's notes as its owner sees them: shown ones, and the ones they hid.

    A comparison annotated with `note_count` 0 needs no query.
    """
    if getattr(comparison, "note_count", None) == 0:
        return ClientNotes(shown=[], hidden=[])
    notes = notes_for(comparison)
    return ClientNotes(
        shown=[n for n in notes if not n.note.hidden_by_client],
        hidden=[n for n in notes if n.note.hidden_by_client],
    )


@register.simple_tag
def with_offer_notes(report_html, notes: Iterable[CounsellorNote | NoteView], *, reader: str):
    """The cached report with, on each offer's card, a link to the notes about that offer.

    `notes` are the ones this reader sees ("client": those not hidden; "counsellor": their
    own), newest first. They are put in after the cache, so no note write has to renew the
    comparison's version, and one counsellor's notes never show on another's page.
    """
    link = get_template("counselling/_offer_notes_link.html")
    fragments = {
        offer_id: link.render(
            {"offer_notes": about, "reader": reader, "authors": len({n.author_id for n in about})}
        )
        for offer_id, about in by_offer(getattr(n, "note", n) for n in notes).items()
    }
    return rendering.fill_offer_slots(report_html, fragments)


@register.simple_tag
def report_notes(comparisons) -> dict[int, list[NoteView]]:
    """The notes their owner reads on each comparison of their printable report, by id: the
    ones they hid are left out (three queries at most, for any number of comparisons)."""
    return notes_on(comparisons, include_hidden=False)


@register.filter
def notes_of(notes_by_comparison: dict[int, list[NoteView]], comparison) -> list[NoteView]:
    """`report_notes`' (or a view's) notes on one comparison."""
    return notes_by_comparison.get(comparison.pk, [])
