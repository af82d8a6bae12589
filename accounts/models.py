from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from accounts import emails


class UserManager(BaseUserManager):
    """Creates users who log in with their email address instead of a username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=emails.normalise(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        # Made by a command or by staff, not through sign-up: its address counts as confirmed.
        from accounts.services import email_confirmed

        email_confirmed(user=user)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser needs is_staff and is_superuser.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # Log-in is case-insensitive on the email address; an address stored before today's
        # spelling rules is still found as it was typed.
        field = f"{self.model.USERNAME_FIELD}__iexact"
        try:
            return self.get(**{field: emails.normalise_leniently(username)})
        except self.model.DoesNotExist:
            return self.get(**{field: username.strip()})


class User(AbstractUser):
    """A person using CareerFit; logs in with their email address."""

    username = None
    first_name = None
    last_name = None
    name = models.CharField("name", max_length=150, blank=True)
    email = models.EmailField("email address", unique=True)
    is_counsellor = models.BooleanField(
        "career counsellor",
        default=False,
        help_text="Counsellors can review the comparisons of clients who grant them access.",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name or self.email.split("@")[0]

    def save(self, *args, **kwargs):
        # Forms refuse lookalikes; an address stored before that rule is kept, never a crash.
        self.email = emails.normalise_leniently(self.email)
        super().save(*args, **kwargs)
