from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    UserChangeForm,
    UserCreationForm,
)
from django.urls import reverse
from django.utils.html import format_html

from accounts import emails
from accounts.models import User


class NormalisedEmailField(forms.EmailField):
    """An email address in its one spelling (NFKC, case-folded); lookalikes refused with why."""

    default_error_messages = {
        "max_length": f"An email address has at most {emails.MAX_LENGTH} characters.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", emails.MAX_LENGTH)
        super().__init__(**kwargs)
        self.error_messages["max_length"] = self.default_error_messages["max_length"]

    def to_python(self, value):
        value = super().to_python(value)
        if not value or len(value) > emails.MAX_LENGTH:
            return value  # empty, or the length check says what is wrong
        try:
            return emails.normalise(value)
        except emails.LookalikeEmail as refusal:
            raise forms.ValidationError(str(refusal), code="lookalike") from None


class UserAdminCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name", "is_counsellor")
        field_classes = {"email": NormalisedEmailField}


class UserAdminChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"email": NormalisedEmailField}


class SignUpForm(UserCreationForm):
    """Sign up with an email address (the login) and a password checked by the validators."""

    class Meta:
        model = User
        fields = ("email", "name")
        labels = {"name": "Your name (optional)"}
        field_classes = {"email": NormalisedEmailField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "autofocus": True})
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})

    def clean_email(self):
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(self.taken_message())
        return email

    @staticmethod
    def taken_message():
        return format_html(
            'An account with this email already exists. <a href="{}">Log in</a>, or '
            '<a href="{}">reset your password</a>.',
            reverse("login"),
            reverse("password_reset"),
        )

    def validate_password_for_user(self, user, **kwargs):
        # A too-weak password is the first field's fault, so its message goes there.
        super().validate_password_for_user(user, password_field_name="password1")


class LoginForm(AuthenticationForm):
    username = NormalisedEmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "Please enter a correct email address and password. The password is case-sensitive."
        ),
    }
