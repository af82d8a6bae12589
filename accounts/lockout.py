"""Log-in throttling (django-axes): who a failed attempt counts against, and from where."""

import ipaddress

from django.conf import settings

from accounts import emails


def attempted_email(request, credentials) -> str:
    """The email a log-in attempt was for, as the account matches it: trimmed, any case.

    Emails log in case-insensitively, so ANA@example.com and ana@example.com must share one
    count of failures, or an attacker would get a fresh allowance per spelling.
    """
    # The log-in form posts "login"; authentication passes it on as "email".
    given = credentials or {}
    posted = getattr(request, "POST", {})
    # The admin's log-in form posts "username" instead.
    typed = (
        given.get("email")
        or given.get("login")
        or given.get("username")
        or posted.get("login")
        or posted.get("username")
        or ""
    )[: emails.MAX_LENGTH]
    try:
        return emails.normalise(typed)
    except emails.LookalikeEmail:
        return typed.strip().lower()


def client_address(request) -> str | None:
    """The address a log-in attempt came from, read as allauth's rate limits read it.

    Without trusted proxies (AXES_PROXY_COUNT=0) that is the connection's address. Behind N
    proxies, each appending the address it saw to X-Forwarded-For, it is the Nth entry from
    the end: what the outermost trusted proxy saw. Anything a client wrote before that is
    ignored, so a forged header cannot give an attacker a fresh count.
    """
    count = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = forwarded.split(",")
        if len(hops) >= count:
            try:
                return str(ipaddress.ip_address(hops[-count].strip()))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")
