from django.contrib import messages
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver


@receiver(user_logged_out)
def say_goodbye(sender, request, user, **kwargs):
    if request is not None:
        messages.info(request, "You are logged out. See you soon.", fail_silently=True)
