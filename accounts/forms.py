from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.hashers import make_password
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction

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


SIGNED_UP_HERE = "careerfit_signed_up_user"


def _bounded_email(field) -> None:
    field.label = "Email address"
    field.max_length = emails.MAX_LENGTH
    field.validators.append(MaxLengthValidator(emails.MAX_LENGTH))
    field.error_messages["max_length"] = (
        f"An email address has at most {emails.MAX_LENGTH} characters."
    )


def _normalised(value: str) -> str:
    try:
        return emails.normalise(value)
    except emails.LookalikeEmail as refusal:
        raise forms.ValidationError(str(refusal)) from None


class SignUpForm(allauth_forms.SignupForm):
    """Sign up with an email address (the login), an optional name and a checked password."""

    name = forms.CharField(label="Your name (optional)", max_length=150, required=False)
    field_order = ["email", "name", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bounded_email(self.fields["email"])
        self.fields["password2"].label = "Password confirmation"
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def try_save(self, request):
        """Save, or, for an address that has an account (known, or signed up in another
        request a moment ago), answer exactly as for a new one: the same page, as slowly (the
        password is hashed all the same), and a mail to the address's owner."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
            return super().try_save(request)
        try:
            with transaction.atomic():
                return super().try_save(request)
        except IntegrityError:
            if not User.objects.filter(email__iexact=self.cleaned_data.get("email", "")).exists():
                raise
            self.account_already_exists = True
            return super().try_save(request)

    def save(self, request):
        user = super().save(request)
        if user is not None and self.cleaned_data.get("name"):
            user.name = self.cleaned_data["name"]
            user.save(update_fields=["name"])
        if user is not None:
            # Confirming the address from this session proves the password is the signer's.
            request.session[SIGNED_UP_HERE] = user.pk
        return user


class LoginForm(allauth_forms.LoginForm):
    """Log in with the email address; a 255+ character one is a form error, not a crash."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bounded_email(self.fields["login"])
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)

    def clean_login(self):
        return _normalised(super().clean_login())


def _sentence_case(form, labels: dict[str, str]) -> None:
    """Our pages label fields in sentence case, without placeholders that repeat the label."""
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _sentence_case(self, {"oldpassword": "Current password", "password1": "New password",
                              "password2": "New password (again)"})  # fmt: skip


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _sentence_case(self, {"email": "Email address"})
        _bounded_email(self.fields["email"])

    def clean_email(self):
        # One spelling per address, so the per-address limit on reset mails cannot be dodged.
        self.cleaned_data["email"] = _normalised(self.cleaned_data["email"])
        return super().clean_email()


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _sentence_case(self, {"password1": "New password", "password2": "New password (again)"})
