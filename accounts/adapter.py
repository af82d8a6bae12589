"""How django-allauth treats CareerFit's people."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.urls import reverse

from accounts import emails


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        """One spelling per address, lookalikes refused with the reason (accounts.emails)."""
        try:
            return emails.normalise(email)
        except emails.LookalikeEmail as refusal:
            raise forms.ValidationError(str(refusal)) from None

    def get_login_redirect_url(self, request):
        """Counsellors land on their clients, everyone else on their comparisons."""
        if getattr(request.user, "is_counsellor", False):
            return reverse("counselling:client-list")
        return super().get_login_redirect_url(request)
