"""Writes for counselling: grants, notes and replies, each validated and in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from counselling.models import CounsellorAccess, CounsellorNote, NoteReply
from notifications.models import Kind
from notifications.services import notify

if TYPE_CHECKING:
    from offers.models import Offer


@transaction.atomic
def access_grant(*, client, email: str) -> CounsellorAccess | None:
    """Give the counsellor with this email access to the client's comparisons.

    Returns None when the email is not an active counsellor's (or is the client's own); the
    caller must not tell the two cases apart, so the page reveals no accounts.
    """
    counsellor = (
        get_user_model()
        .objects.filter(email__iexact=email.strip(), is_counsellor=True, is_active=True)
        .exclude(pk=client.pk)
        .first()
    )
    if counsellor is None:
        return None
    grant, created = CounsellorAccess.objects.get_or_create(counsellor=counsellor, client=client)
    if created:
        notify(
            counsellor,
            Kind.ACCESS_GIVEN,
            link=reverse("counselling:client-detail", args=[client.pk]),
            actor=client.get_full_name(),
        )
    return grant


def client_seen(*, counsellor, client_id: int) -> None:
    """The counsellor has looked at this client's comparisons now: the dashboard's "new since
    you last looked" starts again from here."""
    CounsellorAccess.objects.filter(counsellor=counsellor, client_id=client_id).update(
        seen_at=timezone.now()
    )


@transaction.atomic
def access_revoke(*, grant: CounsellorAccess) -> None:
    grant.delete()


@transaction.atomic
def note_create(*, comparison, author, text: str, offer: Offer | None = None) -> CounsellorNote:
    """A note on the whole comparison, or on one of its offers when `offer` is given."""
    note = CounsellorNote(comparison=comparison, author=author, text=text, offer=offer)
    note.full_clean()
    note.save()
    notify(
        comparison.owner,
        Kind.NOTE,
        link=note_anchor(comparison.get_absolute_url(), note),
        actor=author.get_full_name(),
        reply=False,
    )
    return note


@transaction.atomic
def note_update(*, note: CounsellorNote, text: str, offer: Offer | None) -> CounsellorNote:
    """Rewrite a note; `offer` is what it is about from now on (None: the whole comparison)."""
    note.text = text
    note.offer = offer
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_delete(*, note: CounsellorNote) -> None:
    note.delete()


@transaction.atomic
def note_set_hidden(*, note: CounsellorNote, hidden: bool) -> CounsellorNote:
    note.hidden_by_client = hidden
    note.save(update_fields=["hidden_by_client"])
    return note


def note_anchor(page_url: str, note: CounsellorNote) -> str:
    """Where a note is on a page that lists it."""
    return f"{page_url}#note-{note.pk}"


def can_reply(*, note: CounsellorNote, user) -> bool:
    """The client whose comparison it is, or the note's author, while the author has access.

    A thread whose counsellor lost access (or deleted their account) is read-only for both.
    """
    if note.author_id is None:
        return False
    client_id = note.comparison.owner_id
    if user.pk not in (client_id, note.author_id):
        return False
    return CounsellorAccess.objects.for_counsellor(note.author).filter(client_id=client_id).exists()


@transaction.atomic
def reply_create(*, note: CounsellorNote, author, text: str) -> NoteReply:
    """Add a reply to a note's thread and tell the other side.

    The client's reply reaches the note's author; the author's reaches the client.
    """
    # Lock the note, so that a reply never lands on a note being deleted meanwhile.
    note = (
        CounsellorNote.objects.select_for_update(of=("self",))
        .select_related("comparison__owner", "author")
        .filter(pk=note.pk)
        .first()
    )
    if note is None:
        raise ValidationError("This note was deleted in the meantime.")
    if not can_reply(note=note, user=author):
        raise ValidationError("This note can no longer be replied to.")
    reply = NoteReply(note=note, author=author, text=text)
    reply.full_clean()
    reply.save()
    client = note.comparison.owner
    if author.pk == client.pk:
        notify(
            note.author,
            Kind.CLIENT_REPLY,
            link=note_anchor(reverse("counselling:comparison", args=[note.comparison_id]), note),
            actor=client.get_full_name(),
        )
    else:
        notify(
            client,
            Kind.NOTE,
            link=note_anchor(note.comparison.get_absolute_url(), note),
            actor=author.get_full_name(),
            # "Answered your reply" only when there is one to answer; else it is more advice.
            reply=note.replies.filter(author=client).exists(),
        )
    return reply
