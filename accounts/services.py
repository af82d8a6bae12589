"""Writes about accounts."""

from allauth.account.models import EmailAddress


def email_confirmed(*, user) -> None:
    """Mark the user's address as confirmed: for accounts made by staff, commands or fixtures,
    where nobody signs up through the mail link. People who sign up confirm it themselves."""
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
