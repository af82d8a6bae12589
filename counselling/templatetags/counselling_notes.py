"""Counselling's contribution to the client's comparison page: the notes left on it.

The comparison page belongs to `offers`, which knows nothing of counselling; this tag lets the
page ask for the notes without `offers` importing this app.
"""

from dataclasses import dataclass

from django import template

from counselling.selectors import NoteView, notes_for

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
