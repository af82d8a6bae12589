from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    """What a person can be told by email; each can be switched off on its own."""

    ACCESS_GIVEN = "access_given", "A client gives me access to their comparisons"
    NOTE = "note", "My counsellor leaves me a note or answers my reply"
    CLIENT_REPLY = "client_reply", "A client replies to one of my notes"
    DECISION = "decision", "A client records a decision"


# Each kind in a sentence: "… no longer email you when <about>."
ABOUT = {
    Kind.ACCESS_GIVEN: "a client gives you access to their comparisons",
    Kind.NOTE: "your counsellor leaves you a note or answers your reply",
    Kind.CLIENT_REPLY: "a client replies to one of your notes",
    Kind.DECISION: "a client records a decision",
}

# Who may receive each kind: counsellors hear from clients; everyone can be a client.
COUNSELLOR_KINDS = (Kind.ACCESS_GIVEN, Kind.CLIENT_REPLY, Kind.DECISION)
CLIENT_KINDS = (Kind.NOTE,)


def kinds_for(user) -> tuple[Kind, ...]:
    return (*CLIENT_KINDS, *COUNSELLOR_KINDS) if user.is_counsellor else CLIENT_KINDS


class MutedNotification(models.Model):
    """A kind of email a person switched off. Every kind is on until they do."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    muted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_mute_per_kind"),
            models.CheckConstraint(
                condition=models.Q(kind__in=Kind.values), name="muted_kind_is_known"
            ),
        ]

    def __str__(self):
        return f"{self.user}: no email when {self.get_kind_display().lower()}"
