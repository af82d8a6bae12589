"""Writes for counselling: grants and notes, each validated and in one transaction."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from counselling.models import CounsellorAccess, CounsellorNote
from notifications.models import Kind
from notifications.services import notify


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
def note_create(*, comparison, author, text: str) -> CounsellorNote:
    note = CounsellorNote(comparison=comparison, author=author, text=text)
    note.full_clean()
    note.save()
    notify(
        comparison.owner,
        Kind.NOTE,
        link=f"{comparison.get_absolute_url()}#notes",
        actor=author.get_full_name(),
        reply=False,
    )
    return note


@transaction.atomic
def note_update(*, note: CounsellorNote, text: str) -> CounsellorNote:
    note.text = text
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
