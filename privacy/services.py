"""Erasing an account: everything of the person goes, in one transaction."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction

from counselling.models import CounsellorNote, NoteReply


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete a person's account and all their data.

    Their comparisons go with everything in them (offers, ratings, importances, the notes left
    on them); access they gave or received ends. Notes and replies they wrote as a counsellor on
    a client's comparison stay with that client, signed "a former counsellor". Their sessions
    and the log-in records that name their email go too, and the admin history about the
    account.
    """
    # Lock the person first: a comparison being created for them meanwhile waits, then fails.
    User = get_user_model()
    User.objects.select_for_update().filter(pk=user.pk).first()
    CounsellorNote.objects.filter(author=user).update(author=None)
    NoteReply.objects.filter(author=user).update(author=None)
    email = user.email
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=email).delete()
    # Admin history about the account names it; history written by it goes with it (cascade).
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).delete()
    # Sessions, expired ones too, until the session cleanup removes them anyway.
    user_id = str(user.pk)
    theirs = [
        s.pk for s in Session.objects.iterator() if s.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(pk__in=theirs).delete()
    user.delete()
