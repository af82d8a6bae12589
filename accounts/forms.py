from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm, UserCreationForm

from accounts.models import User


class UserAdminCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name", "is_counsellor")


class UserAdminChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class SignUpForm(UserCreationForm):
    """Sign up with an email address (the login) and a password checked by the validators."""

    class Meta:
        model = User
        fields = ("email", "name")
        labels = {"name": "Your name (optional)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "autofocus": True})
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists. Log in, or reset your password."
            )
        return email
