"""Erasing an account: everything of the person goes, in one transaction."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from counselling.models import CounsellorNote


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete a person's account and all their data.

    Their comparisons go with everything in them (offers, ratings, importances, the notes left
    on them); access they gave or received ends. Notes they wrote as a counsellor on a client's
    comparison stay with that client, signed "a former counsellor". Their sessions and the
    log-in records that name their email go too.
    """
    CounsellorNote.objects.filter(author=user).update(author=None)
    email = user.email
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=email).delete()
    user_id = str(user.pk)
    stale = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(pk__in=stale).delete()
    user.delete()
