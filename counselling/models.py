from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q

# Notes are refused from 5,000 characters on.
NOTE_MAX_LENGTH = 4999
FORMER_COUNSELLOR = "a former counsellor"


class CounsellorAccessQuerySet(models.QuerySet):
    def for_counsellor(self, user):
        """Grants a user may act on as a counsellor (the role itself can be withdrawn)."""
        if not user.is_authenticated or not user.is_counsellor:
            return self.none()
        return self.filter(counsellor=user)


class CounsellorAccess(models.Model):
    """A client's permission for one counsellor to read their comparisons.

    Revoking deletes the row, so that access ends on the counsellor's very next request.
    """

    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_grants"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counsellor_grants"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    # When the counsellor last opened this client's comparisons: their dashboard shows what
    # is new since. None until they first look.
    seen_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CounsellorAccessQuerySet.as_manager()

    class Meta:
        verbose_name = "counsellor access"
        verbose_name_plural = "counsellor access grants"
        ordering = ["-granted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["counsellor", "client"], name="one_grant_per_pair"),
            models.CheckConstraint(
                condition=~Q(counsellor=F("client")), name="no_grant_to_oneself"
            ),
        ]

    def __str__(self):
        return f"{self.client} → {self.counsellor}"


class CounsellorNote(models.Model):
    """Advice a counsellor leaves on a client's comparison; the client reads it."""

    comparison = models.ForeignKey(
        "offers.Comparison", on_delete=models.CASCADE, related_name="counsellor_notes"
    )
    # A counsellor who deletes their account leaves their advice with the client, unsigned.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="counsellor_notes",
    )
    # One offer of the comparison the note is about; none: the whole comparison. A deleted offer
    # leaves its notes on the comparison, where the client can still read them.
    offer = models.ForeignKey(
        "offers.Offer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counsellor_notes",
    )
    text = models.TextField(max_length=NOTE_MAX_LENGTH)
    hidden_by_client = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="note_not_empty"),
        ]

    def __str__(self):
        return f"Note by {self.author_name} on {self.comparison}"

    def clean(self):
        if self.offer_id is not None and self.offer.comparison_id != self.comparison_id:
            raise ValidationError({"offer": "Choose one of the offers in this comparison."})

    @property
    def author_name(self) -> str:
        return self.author.get_full_name() if self.author else FORMER_COUNSELLOR

    @property
    def edited(self) -> bool:
        return (self.updated_at - self.created_at).total_seconds() > 1


class NoteReply(models.Model):
    """An answer in a note's thread, by the client or by the note's author."""

    note = models.ForeignKey(CounsellorNote, on_delete=models.CASCADE, related_name="replies")
    # A counsellor who deletes their account leaves their replies in the thread, unsigned; a
    # client's replies go with their comparisons.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="note_replies",
    )
    text = models.TextField(
        max_length=NOTE_MAX_LENGTH, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "note replies"
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="reply_not_empty"),
        ]

    def __str__(self):
        return f"Reply by {self.author_name} to {self.note}"

    @property
    def author_name(self) -> str:
        return self.author.get_full_name() if self.author else FORMER_COUNSELLOR
