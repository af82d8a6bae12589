from django import forms

from accounts.forms import NormalisedEmailField
from counselling.models import NOTE_MAX_LENGTH, CounsellorNote, NoteReply


class GrantAccessForm(forms.Form):
    email = NormalisedEmailField(
        label="Your counsellor's email address",
        help_text="They must already have a counsellor account on CareerFit.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client

    def clean_email(self):
        email = self.cleaned_data["email"]
        # Refusing one's own address reveals nothing: the person knows it is theirs.
        if email == self.client.email:
            raise forms.ValidationError(
                "That is your own address. Enter the email your counsellor uses on CareerFit."
            )
        return email


def _text_errors(what: str) -> dict[str, str]:
    return {
        "required": f"Write something before saving the {what}.",
        "max_length": (
            f"Keep the {what} under {NOTE_MAX_LENGTH + 1:,} characters (it has %(show_value)s)."
        ),
    }


class _PlainTextForm(forms.ModelForm):
    """A form with one `text` of up to NOTE_MAX_LENGTH characters, kept as typed but trimmed."""

    what = "note"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A browser's maxlength cuts a long paste silently; the server's message says why.
        self.fields["text"].widget.attrs.pop("maxlength", None)

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(f"Write something before saving the {self.what}.")
        return text


class NoteForm(_PlainTextForm):
    class Meta:
        model = CounsellorNote
        fields = ["offer", "text"]
        labels = {"offer": "About", "text": "Note for your client"}
        help_texts = {"text": f"Plain text, under {NOTE_MAX_LENGTH + 1:,} characters."}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "text": _text_errors("note"),
            "offer": {"invalid_choice": "Choose one of the offers in this comparison."},
        }

    def __init__(self, *args, comparison, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's own check (an offer of this comparison) needs the comparison.
        self.instance.comparison = comparison
        offer = self.fields["offer"]
        # Only this comparison's offers, named as everywhere else; evaluated when rendered.
        offer.queryset = comparison.offers.order_by("title", "employer", "pk")
        offer.label_from_instance = lambda o: o.display_name
        offer.empty_label = "The whole comparison"
        offer.help_text = "A note about one offer is shown on its card as well."


class ReplyForm(_PlainTextForm):
    what = "reply"

    class Meta:
        model = NoteReply
        fields = ["text"]
        labels = {"text": "Your reply"}
        error_messages = {"text": _text_errors("reply")}
