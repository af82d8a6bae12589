"""Email notifications: composed when something happens, sent once it is saved, off the request.

A notification is queued with `transaction.on_commit`, so nothing is sent for a write that is
rolled back, and handed to a small pool of background threads, so a slow or failing mail server
never holds up or breaks the request: a failure is logged, never shown. The email says only that
something happened and links to it; it never carries the text of a note.

Each email ends with a link that switches its kind off without logging in: a signed token
naming the person and the kind. Mail clients get the same link as a one-click
`List-Unsubscribe` header (RFC 8058).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from notifications.models import ABOUT, Kind, MutedNotification, kinds_for

logger = logging.getLogger(__name__)

_SALT = "notifications.unsubscribe"
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="notification-mail")
_pending: set[Future] = set()
_pending_lock = threading.Lock()


def absolute(path: str) -> str:
    return urljoin(settings.SITE_URL, path)


# Unsubscribing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    kind: Kind


def unsubscribe_token(user, kind: Kind) -> str:
    return signing.dumps([user.pk, kind.value], salt=_SALT, compress=True)


def read_unsubscribe_token(token: str) -> Unsubscribe | None:
    """The person and kind a token from an email names; None if it was not made here.

    Tokens do not expire: a link in an email a year old must still work.
    """
    try:
        user_id, kind = signing.loads(token, salt=_SALT)
        return Unsubscribe(user_id=int(user_id), kind=Kind(kind))
    except (signing.BadSignature, ValueError, TypeError):
        return None


@transaction.atomic
def set_muted(*, user, kinds_off) -> None:
    """Switch off exactly `kinds_off` among the kinds this person can receive."""
    kinds_off = set(kinds_off)
    available = set(kinds_for(user))
    MutedNotification.objects.filter(user=user, kind__in=available - kinds_off).delete()
    for kind in kinds_off & available:
        MutedNotification.objects.get_or_create(user=user, kind=kind)


def mute(*, user, kind: Kind) -> None:
    MutedNotification.objects.get_or_create(user=user, kind=kind)


def muted_kinds(user) -> set[str]:
    return set(MutedNotification.objects.filter(user=user).values_list("kind", flat=True))


# Sending --------------------------------------------------------------------------------------


def notify(recipient, kind: Kind, *, link: str, **context) -> None:
    """Email `recipient` that something of `kind` happened, with a link to see it.

    Call it inside the write's transaction: the email is composed now and sent after the
    commit, in the background. Nothing is sent to someone who switched the kind off, to an
    inactive account, or for a kind their role does not receive.
    """
    if recipient is None or not recipient.is_active or not recipient.email:
        return
    if kind not in kinds_for(recipient):
        return
    if MutedNotification.objects.filter(user=recipient, kind=kind).exists():
        return
    message = _compose(recipient, kind, absolute(link), context)
    transaction.on_commit(lambda: _queue(message, kind))


def _compose(recipient, kind: Kind, link: str, context: dict) -> EmailMessage:
    unsubscribe = absolute(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(recipient, kind)])
    )
    context = {
        **context,
        "recipient": recipient,
        "kind": kind,
        "link": link,
        "unsubscribe_url": unsubscribe,
        "settings_url": absolute(reverse("notifications:settings")),
        "about": ABOUT[kind],
    }
    subject = render_to_string(f"notifications/email/{kind.value}_subject.txt", context)
    body = render_to_string(f"notifications/email/{kind.value}.txt", context)
    return EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def _queue(message: EmailMessage, kind: Kind) -> None:
    future = _executor.submit(_send, message, kind)
    with _pending_lock:
        _pending.add(future)
    future.add_done_callback(_forget)


def _forget(future: Future) -> None:
    with _pending_lock:
        _pending.discard(future)


def _send(message: EmailMessage, kind: Kind) -> None:
    try:
        message.send()
    except Exception:
        # Not the address: logs are read by more people than the mailbox is.
        logger.exception("A %s notification could not be sent.", kind.value)


def wait_for_sending(timeout: float = 10) -> None:
    """Block until the emails queued so far are sent (or failed): for tests and shutdown."""
    with _pending_lock:
        pending = set(_pending)
    wait(pending, timeout=timeout)
