"""Log-in throttling (django-axes): who a failed attempt counts against."""

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
