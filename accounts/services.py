"""Writes about accounts."""

from allauth.account.models import EmailAddress


def email_confirmed(*, user) -> None:
    """Mark the user's address as confirmed: for accounts made by staff, commands or fixtures,
    where nobody signs up through the mail link. People who sign up confirm it themselves."""
    # One address per account, the one it logs in with: an old one must not log in any more
    # nor receive password resets.
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
