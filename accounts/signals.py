from django.contrib import messages
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver


@receiver(user_logged_out)
def say_goodbye(sender, request, user, **kwargs):
    # After deleting an account the page says so itself: no "see you soon".
    if request is not None and not getattr(request, "account_deleted", False):
        messages.info(request, "You are logged out. See you soon.", fail_silently=True)
