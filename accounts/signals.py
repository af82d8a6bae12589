from allauth.account.signals import email_confirmed, password_reset
from django.contrib import messages
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from accounts.forms import SIGNED_UP_HERE
from accounts.services import email_confirmed as email_confirmed_service


@receiver(user_logged_out)
def say_goodbye(sender, request, user, **kwargs):
    # After deleting an account the page says so itself: no "see you soon".
    if request is not None and not getattr(request, "account_deleted", False):
        messages.info(request, "You are logged out. See you soon.", fail_silently=True)


@receiver(email_confirmed)
def only_the_mailbox_owner_sets_the_password(sender, request, email_address, **kwargs):
    """Someone may sign up with another person's address, hoping they click the link.

    Confirming from the browser that signed up is the normal case. Confirming anywhere else
    proves the mailbox but not the password, so the password is cleared and the owner is
    asked to choose one (a reset link, which only the mailbox receives).
    """
    user = email_address.user
    if request is not None and request.session.get(SIGNED_UP_HERE) == user.pk:
        return
    user.set_unusable_password()
    user.save(update_fields=["password"])
    if request is not None:
        messages.info(
            request,
            "Your address is confirmed. To finish, choose your password: use “Forgot your "
            "password?” below, and the link arrives at this address.",
            fail_silently=True,
        )


@receiver(password_reset)
def a_password_reset_confirms_the_address(sender, request, user, **kwargs):
    """The reset link reached the mailbox: that confirms the address as well."""
    email_confirmed_service(user=user)
