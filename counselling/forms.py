from django import forms

from accounts.forms import NormalisedEmailField
from counselling.models import NOTE_MAX_LENGTH, CounsellorNote


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


class NoteForm(forms.ModelForm):
    class Meta:
        model = CounsellorNote
        fields = ["text"]
        labels = {"text": "Note for your client"}
        help_texts = {"text": f"Plain text, under {NOTE_MAX_LENGTH + 1:,} characters."}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "text": {
                "required": "Write something before saving the note.",
                "max_length": (
                    f"Keep the note under {NOTE_MAX_LENGTH + 1:,} characters "
                    "(it has %(show_value)s)."
                ),
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A browser's maxlength cuts a long paste silently; the server's message says why.
        self.fields["text"].widget.attrs.pop("maxlength", None)

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Write something before saving the note.")
        return text
